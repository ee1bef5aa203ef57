"""python manage.py fail_stale_exports: mark failed the review-workbook exports no worker will
finish (queued longer than EXPORT_QUEUED_LIMIT, or running without a heartbeat for
EXPORT_STALE_AFTER seconds). The export pages do the same when viewed; run this from cron so
it happens even when nobody looks, e.g. every five minutes."""

from django.core.management.base import BaseCommand

from ...tasks import fail_stale_exports


class Command(BaseCommand):
    help = "Mark failed the review-workbook exports whose worker is gone."

    def handle(self, *args, **options) -> None:
        count = fail_stale_exports()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Marked {count} stale export(s) failed.")
