"""python manage.py backup --output DIR: the database and both media folders, with a manifest."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backup import create_backup
from ...databases import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump -Fc), MEDIA_ROOT "
        "and PRIVATE_MEDIA_ROOT into a new folder, with manifest.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, type=Path, help="A new or empty folder to write into."
        )

    def handle(self, *args, output: Path, **options):
        started = time.monotonic()
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for entry in manifest["files"].values():
            self.stdout.write(f"{entry['name']:<24} {entry['size']:>12,} bytes")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup of the {manifest['database_vendor']} database and media written to "
                f"{output} in {time.monotonic() - started:.1f} s."
            )
        )
