"""python manage.py generate_cohort --participants N [--seed S]: a synthetic cohort of N
participants with their answers (surveys.demo.synthetic), for load and performance work. The
survey demo's instruments are created first when missing."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from surveys.demo.synthetic import generate_cohort

MAX_PARTICIPANTS = 1_000_000


def _positive(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_PARTICIPANTS:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Add a synthetic cohort of N participants and their answers, reproducible by seed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--participants", type=_positive, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same people.")

    def handle(self, *args, participants: int, seed: int, **options) -> None:
        started = time.monotonic()
        shown = sys.stderr.isatty() and options["verbosity"] > 0

        def progress(done: int, total: int) -> None:
            if shown:
                width = 30
                bar = "#" * (width * done // total)
                sys.stderr.write(f"\r[{bar:<{width}}] {done}/{total} participants")
                sys.stderr.flush()

        try:
            cohort = generate_cohort(participants, seed, progress=progress)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if shown:
            sys.stderr.write("\n")
        submitted = cohort.participants.filter(submissions__submitted_at__isnull=False).count()
        self.stdout.write(
            f"{cohort.slug}: {cohort.participants.count()} participants, {submitted} submitted "
            f"responses, in {time.monotonic() - started:.1f} s."
        )
