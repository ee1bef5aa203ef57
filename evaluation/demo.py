"""The evaluation's demo data: the scoping study's milestones (OP-1, OP-2) and the first year's
spending, as an evaluator halfway through the project would have entered them. Year 2 is left
empty: the report then shows a project still under way. Safe to run again: only what is
missing is added, and nothing an evaluator changed is overwritten."""

import datetime
from decimal import Decimal

from wagtail.models import Locale, Page

from .models import BudgetActual, Milestone
from .models.milestones import MilestoneKind

OP1_PUBLISHED_ON = datetime.date(2025, 6, 30)
SCOPING_STUDY_SLUG = "scoping-study"  # the site demo's publication (cms/demo/pages.py)
OP2_APPROVED_ON = datetime.date(2025, 11, 21)
OP2_REFERENCE = "CDIP/34 — decision on agenda item 6"

# quarter, output, cost category, CHF, note: Year 1 only, for the outputs the timeline ran
# (a late workshop invoice in Q4 included).
ACTUALS = [
    ("y1q1", "scoping-study", "individual-services", "12000", "Research consultant, first part"),
    ("y1q1", "scoping-study", "staff-missions", "3200", "Consultations with regional groups"),
    ("y1q2", "scoping-study", "individual-services", "13500", "Research consultant, final part"),
    ("y1q2", "scoping-study", "publishing", "2400", "Layout of the scoping study"),
    ("y1q2", "experts", "individual-services", "2000", "Vetting of the first nominations"),
    ("y1q3", "workshop", "third-party-travel", "44800", "Participants' travel"),
    ("y1q3", "workshop", "conferences", "17600", "Venue and catering"),
    ("y1q3", "workshop", "staff-missions", "6300", ""),
    ("y1q3", "workshop", "other-services", "12900", "Interpretation"),
    ("y1q3", "experts", "individual-services", "2500", ""),
    ("y1q3", "awareness-tools", "individual-services", "6000", "Design of infographics"),
    ("y1q4", "awareness-tools", "other-services", "5200", "Translation into five languages"),
    ("y1q4", "awareness-tools", "publishing", "3100", "Printing of the guides"),
    ("y1q4", "experts", "individual-services", "2200", ""),
    ("y1q4", "workshop", "other-services", "1800", "Interpretation invoice received late"),
]


def _scoping_study_page() -> Page | None:
    """The site's scoping study in the default language, if the site's demo has one: found by
    its demo slug, without importing cms (the evaluation app installs into any Wagtail site)."""
    return Page.objects.filter(
        slug=SCOPING_STUDY_SLUG, locale=Locale.get_default(), live=True
    ).first()


def _ensure_milestones() -> int:
    created = 0
    defaults = {
        MilestoneKind.SCOPING_STUDY_PUBLISHED: {
            "reached_on": OP1_PUBLISHED_ON,
            "page": _scoping_study_page(),
        },
        MilestoneKind.SCOPING_STUDY_APPROVED: {
            "reached_on": OP2_APPROVED_ON,
            "document_reference": OP2_REFERENCE,
        },
    }
    for indicator, values in defaults.items():
        _milestone, was_created = Milestone.objects.get_or_create(
            indicator=indicator, defaults=values
        )
        created += was_created
    return created


def _ensure_actuals() -> int:
    existing = set(BudgetActual.objects.values_list("quarter", "output", "cost_category"))
    new = [
        BudgetActual(
            quarter=quarter,
            output=output,
            cost_category=category,
            amount_chf=Decimal(amount),
            note=note,
        )
        for quarter, output, category, amount, note in ACTUALS
        if (quarter, output, category) not in existing
    ]
    BudgetActual.objects.bulk_create(new)
    return len(new)


def load_evaluation_demo(user=None) -> dict:
    """Add the demo milestones and spending that are missing; returns what was added.
    `user` is accepted for the load_demo hook's signature; nothing here records an author."""
    return {
        "milestones_created": _ensure_milestones(),
        "actuals_created": _ensure_actuals(),
    }
