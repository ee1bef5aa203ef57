"""python manage.py apply_retention [--dry-run]: erase the personal data of every participant
of cohorts whose last phase window closed more than SURVEYS_RETENTION_MONTHS ago (reason
"retention"), for cron (once a day, say). Idempotent: erased participants are skipped."""

from django.core.management.base import BaseCommand

from surveys.erasure import apply_retention, retention_months


class Command(BaseCommand):
    help = (
        "Erase the personal data of participants whose cohort's last window closed more than "
        "SURVEYS_RETENTION_MONTHS ago; --dry-run only counts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be erased; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        months = retention_months()
        if not months:
            self.stdout.write("SURVEYS_RETENTION_MONTHS is 0: personal data is kept.")
            return
        done = apply_retention(months, dry_run=dry_run)
        verb = "would be erased" if dry_run else "erased"
        for cohort, count in done:
            self.stdout.write(f"{cohort.slug}: {count} participants {verb}")
        total = sum(count for _cohort, count in done)
        self.stdout.write(
            f"{total} participants {verb} in {len(done)} cohorts "
            f"(retention: {months} months after the last window closed)."
        )
