"""OP-4 (Kirkpatrick level 1, reaction): the share of workshop participants who found the
information useful.

value = respondents answering 4 or 5 ("very" or "extremely useful", top-two box) on the 1–5
usefulness item ÷ respondents giving a 1–5 answer; "can't judge" (9) and missing answers are
reported apart, never in the denominator. Pooled over person–workshop pairs: a Participant
row is one person in one cohort, so someone attending two workshops counts once per workshop.
Beside it: the response rate (feedback submitted ÷ participants, flagged below 50 %), a
sensitivity figure at ≥ 3, per-workshop rows and each workshop's 1–5 distribution.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from surveys.models.instruments import CANT_JUDGE, ItemKind

from .data import FEEDBACK, Person, Scope, SurveyData, load_survey_data
from .result import IndicatorResult, disaggregate
from .stats import share_or_none, share_with_interval, status
from .thresholds import Thresholds

SCALE = (1, 2, 3, 4, 5)
USEFULNESS_CODE = "usefulness"


@dataclass(frozen=True)
class Feedback:
    """A submitted feedback response: the usefulness code (1–5, 9 "can't judge") or None
    when the item was left unanswered."""

    usefulness: int | None
    language: str = ""  # of completion


def _counts(answer: Feedback | None, th: Thresholds) -> dict[str, int]:
    code = answer.usefulness if answer is not None else None
    valid = code in SCALE
    return {
        "participants": 1,
        "respondents": int(answer is not None),
        "valid": int(valid),
        "top_two": int(valid and code >= th.op4_top_box),
        "sensitivity": int(valid and code >= th.op4_sensitivity_box),
        "cant_judge": int(code == CANT_JUDGE),
        "missing": int(answer is not None and not valid and code != CANT_JUDGE),
    }


def _summary(counts: Mapping[str, int], th: Thresholds) -> dict[str, Any]:
    """Shares for one group of counts (a workshop, or everyone)."""
    value, low, high = share_with_interval(
        counts["top_two"], counts["valid"], th.min_n, th.confidence
    )
    sens, sens_low, sens_high = share_with_interval(
        counts["sensitivity"], counts["valid"], th.min_n, th.confidence
    )
    participants, respondents = counts["participants"], counts["respondents"]
    return {
        **counts,
        "value": value,
        "ci_low": low,
        "ci_high": high,
        "sensitivity_value": sens,
        "sensitivity_ci_low": sens_low,
        "sensitivity_ci_high": sens_high,
        "response_rate": share_or_none(respondents, participants, th.min_n),
        # The flag needs no percentage shown, so it holds for small groups too.
        "low_response": bool(participants) and respondents < th.op4_low_response * participants,
    }


def reaction_from_answers(
    feedback: Mapping[int, Feedback],
    people: Mapping[int, Person],
    thresholds: Thresholds | None = None,
    *,
    cohort_names: Mapping[str, str] | None = None,
) -> IndicatorResult:
    """OP-4 from plain structures: `feedback` by participant id (submitted responses only),
    `people` the participants of the workshops in scope."""
    th = thresholds or Thresholds()
    keys = ("participants", "respondents", "valid", "top_two", "sensitivity", "cant_judge")
    total = dict.fromkeys((*keys, "missing"), 0)
    per_cohort: dict[str, dict[str, int]] = {}
    distribution: dict[str, dict[str, Any]] = {}
    units = []
    for pid, person in people.items():
        answer = feedback.get(pid)
        counts = _counts(answer, th)
        for name, count in counts.items():
            total[name] += count
            per_cohort.setdefault(person.cohort, dict.fromkeys(total, 0))[name] += count
        shown = distribution.setdefault(
            person.cohort, {"counts": dict.fromkeys(SCALE, 0), "cant_judge": 0, "missing": 0}
        )
        if counts["valid"]:
            shown["counts"][answer.usefulness] += 1
        shown["cant_judge"] += counts["cant_judge"]
        shown["missing"] += counts["missing"]
        units.append((person.groups(answer.language if answer else ""), counts))

    summary = _summary(total, th)
    names = cohort_names or {}
    workshops = [
        {"cohort": slug, "name": names.get(slug, ""), **_summary(per_cohort[slug], th)}
        for slug in sorted(per_cohort)
    ]
    details = {
        **{k: v for k, v in summary.items() if k not in ("value", "ci_low", "ci_high")},
        "sensitivity_threshold": th.op4_sensitivity_box,
        "top_box": th.op4_top_box,
        "per_workshop": workshops,
        "distribution": distribution,
        "cohorts": dict(names),
        "thresholds": asdict(th),
    }
    return IndicatorResult(
        id="OP-4",
        level="output",
        kirkpatrick=1,
        value=summary["value"],
        target=th.op4_target,
        status=status(summary["value"], summary["ci_low"], total["valid"], th.op4_target, th.min_n),
        numerator=total["top_two"],
        denominator=total["valid"],
        ci_low=summary["ci_low"],
        ci_high=summary["ci_high"],
        details=details,
        disaggregations=disaggregate(units, "top_two", "valid", th),
    )


def usefulness_code(data: SurveyData, item_code: str | None = None) -> str | None:
    """The usefulness item: the one named, else the one coded "usefulness", else the first
    item of kind usefulness."""
    if item_code is not None:
        return item_code
    codes = [code for code, item in data.items.items() if item.kind == ItemKind.USEFULNESS]
    if USEFULNESS_CODE in codes:
        return USEFULNESS_CODE
    return codes[0] if codes else None


def feedback_answers(data: SurveyData, item_code: str | None = None) -> dict[int, Feedback]:
    code = usefulness_code(data, item_code)
    result = {}
    for (pid, phase), response in data.responses.items():
        if phase != FEEDBACK:
            continue
        value = response.values.get(code) if code else None
        # A stray duplicate answer with two codes averages to a fraction: not a usable answer.
        usable = value is not None and float(value).is_integer()
        result[pid] = Feedback(int(value) if usable else None, response.language)
    return result


def op4(
    scope: Scope | None = None,
    thresholds: Thresholds | None = None,
    item_code: str | None = None,
) -> IndicatorResult:
    """OP-4 over the database: the feedback responses of the cohorts in scope."""
    data = load_survey_data(scope or Scope(), (FEEDBACK,))
    return reaction_from_answers(
        feedback_answers(data, item_code), data.people, thresholds, cohort_names=data.cohorts
    )
