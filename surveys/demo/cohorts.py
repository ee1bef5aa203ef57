"""The demo's two cohorts: an in-person regional workshop and an online training.

Dates are relative to the day the demo is loaded, so the demo always shows past, closed
phases beside one open phase (the workshop's office follow-up).
"""

import datetime

from django.utils import timezone
from wagtail.models import Locale, Page

from ..models import Cohort, CohortPhase, Instrument, Phase

# slug: (name pattern, place, online, page model, start offset in days, length in days)
COHORTS = {
    "online-business-continuity": (
        "Online training: business continuity for IP offices",
        "",
        True,
        "trainingmodulepage",
        -190,
        14,
    ),
    "geneva-regional-workshop": (
        "Regional workshop on IP office resilience — Geneva {year}",
        "Geneva",
        False,
        "workshoppage",
        -82,
        3,
    ),
}

# phase: (instrument code, opens, closes), in days from the first or last day of the cohort
WINDOWS = {
    Phase.PRE: ("competence", ("start", -21), ("start", 0)),
    Phase.POST: ("competence", ("end", 0), ("end", 14)),
    Phase.FEEDBACK: ("feedback", ("end", 0), ("end", 14)),
    Phase.FOLLOW_UP: ("follow-up", ("end", 60), ("end", 125)),
}


def _page(model_name: str) -> Page | None:
    """The site's page of that type, if the site has one; found without importing cms (the
    surveys app installs into any Wagtail site)."""
    return Page.objects.filter(content_type__model=model_name, locale=Locale.get_default()).first()


def phase_window(cohort: Cohort, phase: str) -> tuple[datetime.datetime, datetime.datetime]:
    _code, *bounds = WINDOWS[phase]
    moments = []
    for anchor, days in bounds:
        day = (cohort.starts_on if anchor == "start" else cohort.ends_on) + datetime.timedelta(
            days=days
        )
        moments.append(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)), datetime.UTC)
        )
    return moments[0], moments[1]


def demo_phases(cohort: Cohort, instruments: dict[str, Instrument]) -> list[CohortPhase]:
    """The four phases of a demo or synthetic cohort, in WINDOWS, on `instruments` by code."""
    phases = []
    for order, (phase, (code, *_bounds)) in enumerate(WINDOWS.items()):
        opens_at, closes_at = phase_window(cohort, phase)
        phases.append(
            CohortPhase(
                phase=phase,
                instrument=instruments[code],
                opens_at=opens_at,
                closes_at=closes_at,
                sort_order=order,
                # Synthetic people: nothing is mailed unless an evaluator sends it.
                invite_on_opening=False,
            )
        )
    return phases


def ensure_cohorts(instruments: dict[str, Instrument], today=None) -> tuple[list[Cohort], list]:
    """The two cohorts with their four phases; returns them and those created now."""
    today = today or timezone.localdate()
    cohorts, created = [], []
    for slug, (name, place, online, page_model, offset, length) in COHORTS.items():
        cohort = Cohort.objects.filter(slug=slug).first()
        if cohort is None:
            starts_on = today + datetime.timedelta(days=offset)
            cohort = Cohort(
                slug=slug,
                name=name.format(year=starts_on.year),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=length - 1),
                place=place,
                online=online,
                workshop_page=_page(page_model),
                self_enrolment=False,
                attendance_recorded=True,
            )
            cohort.phases = demo_phases(cohort, instruments)
            cohort.save()
            created.append(cohort)
        cohorts.append(cohort)
    return cohorts, created
