"""python manage.py export_review --output FILE.xlsx [--language fr] [--cohort SLUG]
[--csv FILE.csv]: the review workbook, and optionally the raw data as CSV."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...raw_csv import write_csv
from ...registry import default_scope
from ...workbook import build_workbook
from ..cohorts import add_cohort_argument, check_cohorts

BAR_WIDTH = 30


class ProgressBar:
    """A one-line text progress bar, redrawn in place on stderr."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.shown = -1

    def update(self, percent: int, step: str = "") -> None:
        percent = min(max(int(percent), 0), 100)
        if percent == self.shown:
            return
        self.shown = percent
        done = BAR_WIDTH * percent // 100
        bar = "#" * done + "-" * (BAR_WIDTH - done)
        # Plain text: stderr is styled as errors in a terminal otherwise.
        self.stream.write(f"\r[{bar}] {percent:3d} % {step[:40]:<40}", style_func=str, ending="")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("", style_func=str)


def _writable(value: str, option: str) -> Path:
    path = Path(value)
    if path.is_dir():
        raise CommandError(f"{option} {value} is a folder: give a file name.")
    if not path.parent.is_dir():
        raise CommandError(f"{option}: the folder {path.parent} does not exist.")
    return path


class Command(BaseCommand):
    help = "Write the review workbook (XLSX), and optionally the raw data as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, metavar="FILE.xlsx")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="Language of the headings (a site language code; default: %(default)s).",
        )
        add_cohort_argument(parser)
        parser.add_argument("--csv", metavar="FILE.csv", help="Also write the raw data as CSV.")

    def handle(self, *args, output: str, language: str, cohort=None, csv=None, **options):
        languages = [code for code, _name in settings.LANGUAGES]
        if language not in languages:
            raise CommandError(f"Unknown language: {language}. Known: {', '.join(languages)}")
        check_cohorts(cohort)
        path = _writable(output, "--output")
        csv_path = _writable(csv, "--csv") if csv else None

        started = time.monotonic()
        bar = ProgressBar(self.stderr)
        result = build_workbook(path, language, cohort, progress=bar.update)
        bar.finish()
        self.stdout.write(
            f"Wrote {path}: {len(result['sheets'])} sheets, {result['rows']} data rows, "
            f"{path.stat().st_size:,} bytes in {time.monotonic() - started:.1f} s."
        )
        if csv_path is not None:
            rows = write_csv(csv_path, default_scope(cohorts=cohort or None))
            self.stdout.write(f"Wrote {csv_path}: {rows} data rows.")
