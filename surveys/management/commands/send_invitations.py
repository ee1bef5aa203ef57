"""python manage.py send_invitations --cohort SLUG --phase pre [--dry-run] [--resend]"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from surveys.invitations import MissingMessage
from surveys.models import CohortPhase, Phase
from surveys.outreach import invitation_recipients, plan_invitations, without_email
from surveys.tasks import schedule_outreach, start_delivery


class Command(BaseCommand):
    help = (
        "Queue a cohort phase's invitations for the task worker: to every participant with an "
        "active link and an e-mail address who has not submitted and was not invited yet."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cohort", required=True, metavar="SLUG")
        parser.add_argument("--phase", required=True, choices=Phase.values)
        parser.add_argument(
            "--dry-run", action="store_true", help="Count who would be written to; send nothing."
        )
        parser.add_argument(
            "--resend",
            action="store_true",
            help="Also those invited before who have not submitted (a new round).",
        )

    def handle(self, *args, cohort: str, phase: str, dry_run: bool, resend: bool, **options):
        cohort_phase = (
            CohortPhase.objects.select_related("cohort")
            .filter(cohort__slug=cohort, phase=phase)
            .first()
        )
        if cohort_phase is None:
            raise CommandError(f"Cohort {cohort!r} has no {phase} phase.")
        languages = Counter(
            invitation_recipients(cohort_phase, resend).values_list("language", flat=True)
        )
        unreachable = without_email(cohort_phase).count()
        summary = ", ".join(f"{code} {n}" for code, n in sorted(languages.items())) or "none"
        if dry_run:
            self.stdout.write(
                f"Would invite {sum(languages.values())} participants ({summary}); "
                f"{unreachable} have no e-mail address (print their links or QR codes)."
            )
            return
        try:
            queued = plan_invitations(cohort_phase, resend=resend)
        except MissingMessage as error:
            raise CommandError(
                f"No invitation message for the {error.phase} phase in the source language: "
                "write one under Surveys → Invitation messages."
            ) from None
        if queued:
            start_delivery()
        schedule_outreach()
        self.stdout.write(
            f"{queued} invitations queued ({summary}); the task worker sends them. "
            f"{unreachable} participants have no e-mail address."
        )
