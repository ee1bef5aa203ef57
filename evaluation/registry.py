"""The project's nine indicators: wording, level, baseline, target, means of verification,
and the function computing each (DESIGN, "Indicator definitions")."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .indicators import IndicatorResult, Thresholds, follow_up, learning, outputs, reaction
from .indicators.data import Scope


@dataclass(frozen=True)
class Indicator:
    id: str
    level: str
    wording: Promise
    baseline: Promise
    target: Promise
    verification: Promise
    compute: Callable[[Scope, Thresholds], IndicatorResult]
    # Computed from the participants' answers: cached per state of the data (result_cache).
    survey_based: bool = False


INDICATORS = [
    Indicator(
        "OBJ-1",
        "objective",
        _(
            "Share of participants assessed as having improved knowledge, skills and capacity "
            "to deliver services to IP stakeholders in times of crisis"
        ),
        _("None: measured by each cohort's assessment before the training"),
        _("At least 60 %"),
        _("Competence self-assessment before and after (matched by item code)"),
        learning.obj1,
        survey_based=True,
    ),
    Indicator(
        "OUT-1",
        "outcome",
        _("Organisational resilience frameworks established within national IP offices"),
        _("None"),
        _("Reported (count and share of participating offices)"),
        _("Office follow-up survey, with the framework document as evidence"),
        follow_up.out1,
        survey_based=True,
    ),
    Indicator(
        "OUT-2",
        "outcome",
        _("Network of IP experts established to deliver services and cooperate in crises"),
        _("None"),
        _("Reported (experts by region; requests received, answered and closed with help)"),
        _("The IP-ROC expert roster and its assistance requests"),
        outputs.out2,
    ),
    Indicator(
        "OP-1",
        "output",
        _("Scoping study on best practices, experiences and lessons in concrete crises"),
        _("Not published"),
        _("Published"),
        _("The published study on the project site"),
        outputs.op1,
    ),
    Indicator(
        "OP-2",
        "output",
        _("Scoping study approved by the CDIP"),
        _("Not approved"),
        _("Approved (date)"),
        _("CDIP document and decision reference"),
        outputs.op2,
    ),
    Indicator(
        "OP-3",
        "output",
        _("Workshops on managing IP and delivering services in times of crisis"),
        _("None held"),
        _("At least 1 held"),
        _("Cohorts whose workshop took place, with attendance recorded"),
        outputs.op3,
    ),
    Indicator(
        "OP-4",
        "output",
        _("Share of workshop participants who consider the information disseminated useful"),
        _("None"),
        _("At least 80 %"),
        _("Workshop feedback: the 1–5 usefulness item (top two boxes)"),
        reaction.op4,
        survey_based=True,
    ),
    Indicator(
        "OP-5",
        "output",
        _("Experts identified as eligible for IP-ROC, per region"),
        _("None"),
        _("At least 1 in every region"),
        _("The vetted expert roster"),
        outputs.op5,
    ),
    Indicator(
        "OP-6",
        "output",
        _(
            "Communication tools, training materials, guides and the compendium of policy "
            "options customised and distributed via the project webpage"
        ),
        _("None"),
        _("Every kind published, in every site language"),
        _("The live resources of the project site, per kind, stakeholder group and language"),
        outputs.op6,
    ),
]
BY_ID = {indicator.id: indicator for indicator in INDICATORS}


def thresholds_from_settings() -> Thresholds:
    """The thresholds evaluators set in the admin (Settings → Evaluation thresholds)."""
    from .models import EvaluationSettings

    saved = EvaluationSettings.load()
    return Thresholds(
        tau=saved.tau,
        gain=saved.gain,
        k_decline=saved.knowledge_decline,
        ceiling_s=saved.ceiling,
        validity=saved.validity,
        min_n=saved.min_n,
        obj1_target=saved.obj1_target,
        op4_target=saved.op4_target,
        op4_low_response=saved.op4_low_response,
    )


def default_scope(**filters) -> Scope:
    """A scope with the region mapping, so every indicator can break results down by region."""
    from regions.lookups import region_of_countries

    if isinstance(filters.get("cohorts"), list):  # hashable, so its data are read once
        filters["cohorts"] = tuple(filters["cohorts"])
    return Scope(regions=region_of_countries(), **filters)


def compute_indicators(
    scope: Scope | None = None, thresholds: Thresholds | None = None, cached: bool = False
) -> list[tuple[Indicator, IndicatorResult]]:
    """The nine results. `cached`: the survey-based ones from the cache when their cohorts'
    data have not changed since they were computed (the dashboard)."""
    from .indicators.data import sharing_survey_data
    from .result_cache import cached_results

    scope = scope or default_scope()
    thresholds = thresholds or thresholds_from_settings()
    with sharing_survey_data():
        survey = {}
        if cached:
            survey = cached_results(
                [(i.id, i.compute) for i in INDICATORS if i.survey_based], scope, thresholds
            )
        return [
            (indicator, survey.get(indicator.id) or indicator.compute(scope, thresholds))
            for indicator in INDICATORS
        ]
