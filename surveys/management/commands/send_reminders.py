"""python manage.py send_reminders: one pass of the invitations-and-reminders schedule, for
cron (every hour, say). Idempotent: a second run at once queues nothing."""

from django.core.management.base import BaseCommand

from surveys.outreach import pending_count, run_outreach
from surveys.tasks import schedule_outreach, start_delivery


class Command(BaseCommand):
    help = (
        "Queue the reminders due and the invitations of windows that opened, for the task "
        "worker; with --schedule, also keep the worker doing this on its own."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Keep a pass queued for the worker every SURVEYS_OUTREACH_EVERY seconds "
            "(django-tasks-db only).",
        )

    def handle(self, *args, schedule: bool, **options):
        result = run_outreach()
        if pending_count():
            start_delivery()
        self.stdout.write(
            f"{result.reminded} reminders and {result.invited} invitations queued"
            + (
                f"; {result.interrupted} interrupted sends marked failed"
                if result.interrupted
                else ""
            )
            + "."
        )
        if schedule:
            if schedule_outreach():
                self.stdout.write("The worker runs this pass on its own from now on.")
            else:
                self.stdout.write("This task backend cannot schedule: run this command from cron.")
