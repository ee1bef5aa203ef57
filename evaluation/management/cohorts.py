"""The --cohort option that the evaluation's commands share."""

from django.core.management.base import CommandError

from surveys.models import Cohort


def add_cohort_argument(parser) -> None:
    parser.add_argument(
        "--cohort",
        action="append",
        metavar="SLUG",
        help="Only this cohort (repeat for several); default: every cohort.",
    )


def check_cohorts(slugs: list[str] | None) -> None:
    """Refuse unknown slugs, naming them and the known ones."""
    if not slugs:
        return
    known = set(Cohort.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    unknown = sorted(set(slugs) - known)
    if unknown:
        raise CommandError(
            f"Unknown cohort: {', '.join(unknown)}. Known: "
            + ", ".join(Cohort.objects.values_list("slug", flat=True))
        )
