"""python manage.py restore DIR [--no-input]: put a backup back, database and media."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...backup import restore_backup, verify_backup
from ...databases import BackupError


class Command(BaseCommand):
    help = (
        "Replace the configured database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT with a backup made "
        "by `backup`. Stop the site and the task worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="The backup folder (with manifest.json).")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask before replacing a database that already has tables.",
        )

    def handle(self, *args, directory: Path, interactive: bool = True, **options):
        started = time.monotonic()
        try:
            # Everything is checked before anything is changed.
            manifest = verify_backup(directory)
            if interactive and connection.introspection.table_names():
                self.confirm(manifest)
            restore_backup(directory, manifest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} (version "
                f"{manifest['app_version']}) in {time.monotonic() - started:.1f} s. "
                "Now run `python manage.py migrate` if this code is newer than the backup."
            )
        )

    def confirm(self, manifest: dict) -> None:
        name = connection.settings_dict["NAME"]
        answer = input(
            f"The database {name} is not empty: its contents, MEDIA_ROOT and "
            f"PRIVATE_MEDIA_ROOT will be replaced by the backup of {manifest['created_at']}.\n"
            "Type 'yes' to continue: "
        )
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")
