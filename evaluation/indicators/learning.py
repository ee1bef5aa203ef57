"""OBJ-1 (Kirkpatrick level 2, learning): the share of matched participants who improved.

The rules are DESIGN's "Indicator definitions", with every threshold from a Thresholds:

- matched: a valid PRE and a valid POST (S valid when ≥ 80 % of the rating items are
  answered); everyone else is counted in the flow under one exclusion reason, so the flow adds
  up: enrolled = matched + no response + invalid PRE + invalid POST + pre-only + post-only;
- improved: ΔS ≥ τ or, where K exists, g = ΔK / (100 − K_pre) ≥ 0.30, and no meaningful
  fall (ΔS > −τ and ΔK > −10); declined: a meaningful fall (ΔS ≤ −τ or ΔK ≤ −10);
  unchanged: neither;
- ceiling: S_pre ≥ 4.5 and, where K exists, K_pre = 100; left out of the primary
  denominator, counted as not improved in the conservative variant;
- value = improved ÷ matched non-ceiling ("analysed"), Wilson interval, status vs target.

The statistics beside it (sign test, Wilcoxon, normalised gain, domains, items) are over the
same analysed participants, so that every figure describes one population.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict
from statistics import fmean, median
from typing import Any

from .data import (
    EPS,
    POST,
    PRE,
    RATING_RANGE,
    ItemInfo,
    Person,
    Scope,
    Score,
    competence_scores,
    load_survey_data,
)
from .result import IndicatorResult, disaggregate
from .stats import (
    share_or_none,
    share_with_interval,
    sign_test,
    status,
    wilcoxon_signed_rank,
)
from .thresholds import ANY_INCREASE, Thresholds

IMPROVED, UNCHANGED, DECLINED = "improved", "unchanged", "declined"
# Why a participant is not matched (exactly one each).
NO_RESPONSE, INVALID_PRE, INVALID_POST = "no_response", "invalid_pre", "invalid_post"
PRE_ONLY, POST_ONLY = "pre_only", "post_only"
EXCLUSIONS = (NO_RESPONSE, INVALID_PRE, INVALID_POST, PRE_ONLY, POST_ONLY)
CEILING = "ceiling"
K_MAX = 100.0


def normalised_gain(k_pre: float | None, k_post: float | None) -> float | None:
    """g = (K_post − K_pre) ÷ (100 − K_pre); None without both scores or from 100."""
    if k_pre is None or k_post is None or k_pre >= K_MAX - EPS:
        return None
    return (k_post - k_pre) / (K_MAX - k_pre)


def has_k(pre: Score, post: Score) -> bool:
    return pre.k is not None and post.k is not None


def is_ceiling(pre: Score, post: Score, thresholds: Thresholds) -> bool:
    """No room to improve: S_pre ≥ 4.5 and, where K exists, K_pre = 100."""
    if pre.s is None or pre.s + EPS < thresholds.ceiling_s:
        return False
    return not has_k(pre, post) or pre.k >= K_MAX - EPS


def classify(
    pre: Score, post: Score, thresholds: Thresholds, tau: float | str | None = None
) -> str:
    """improved, unchanged or declined; `tau` overrides the threshold ("any": any change)."""
    tau = thresholds.tau if tau is None else tau
    delta_s = post.s - pre.s
    # τ = 0 is the limit of the rule: any increase rises, any decrease falls, a tie is a tie.
    if tau == ANY_INCREASE or tau == 0:
        rise, fall = delta_s > EPS, delta_s < -EPS
    else:
        rise, fall = delta_s >= tau - EPS, delta_s <= -tau + EPS
    if has_k(pre, post):
        gain = normalised_gain(pre.k, post.k)
        rise = rise or (gain is not None and gain >= thresholds.gain - EPS)
        fall = fall or post.k - pre.k <= -thresholds.k_decline + EPS
    if fall:
        return DECLINED
    return IMPROVED if rise else UNCHANGED


def _state(score: Score | None, thresholds: Thresholds) -> str:
    if score is None:
        return "none"
    return "valid" if score.is_valid(thresholds.validity) else "invalid"


def exclusion(pre: Score | None, post: Score | None, thresholds: Thresholds) -> str | None:
    """None when matched, else the one reason the participant is not."""
    before, after = _state(pre, thresholds), _state(post, thresholds)
    if before == "valid" and after == "valid":
        return None
    if before == "invalid":
        return INVALID_PRE
    if after == "invalid":
        return INVALID_POST
    if before == "valid":
        return PRE_ONLY
    if after == "valid":
        return POST_ONLY
    return NO_RESPONSE


def _mean(values: list[float], min_n: int) -> float | None:
    return fmean(values) if values and len(values) >= min_n else None


def _paired_rows(
    pairs: list[tuple[Score, Score]],
    thresholds: Thresholds,
    items: Mapping[str, ItemInfo],
    domain_names: Mapping[str, str],
) -> tuple[list[dict], list[dict]]:
    """Per domain and per item: n pairs, PRE and POST means, Δ, Wilcoxon p and r, and (items)
    the class-average gain relative to the scale's top (5 for ratings, all correct for
    knowledge). Statistics are None below the minimum n."""
    min_n = thresholds.min_n

    def row(code: str, values: list[tuple[float, float]], top: float) -> dict[str, Any]:
        before = [a for a, _b in values]
        after = [b for _a, b in values]
        pre_mean, post_mean = _mean(before, min_n), _mean(after, min_n)
        p, r = (None, None)
        if len(values) >= min_n:
            p, r = wilcoxon_signed_rank([b - a for a, b in values])
        gain = None
        if pre_mean is not None and post_mean is not None and pre_mean < top - EPS:
            gain = (post_mean - pre_mean) / (top - pre_mean)
        return {
            "code": code,
            "n": len(values),
            "pre_mean": pre_mean,
            "post_mean": post_mean,
            "delta": None if pre_mean is None else post_mean - pre_mean,
            "p": p,
            "r": r,
            "gain": gain,
        }

    # One pass over the pairs gathers every domain's and item's value pairs (a pass per code
    # costs codes × pairs lookups: 2 s of 4 at 20,000 participants).
    by_domain: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_rating: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_knowledge: dict[str, list[tuple[float, float]]] = defaultdict(list)
    # Codes in the order first seen, answered before (a pair needs both sides to count).
    seen_domains: dict[str, None] = {}
    seen_ratings: dict[str, None] = {}
    seen_knowledge: dict[str, None] = {}
    for pre, post in pairs:
        for target, seen, before, after in (
            (by_domain, seen_domains, pre.domains, post.domains),
            (by_rating, seen_ratings, pre.ratings, post.ratings),
            (by_knowledge, seen_knowledge, pre.knowledge, post.knowledge),
        ):
            for code, value in before.items():
                seen[code] = None
                if (other := after.get(code)) is not None:
                    target[code].append((value, other))

    ordered = [i.domain_code for i in items.values() if i.domain_code in seen_domains]
    domain_codes = list(dict.fromkeys(ordered + sorted(seen_domains)))
    domains = [
        {**row(code, by_domain[code], RATING_RANGE[1]), "name": domain_names.get(code, "")}
        for code in domain_codes
    ]

    item_rows = []
    seen = seen_ratings.keys() | seen_knowledge.keys()
    codes = [c for c in items if c in seen] + sorted(seen - set(items))
    for code in codes:
        knowledge = code in seen_knowledge
        values = by_knowledge[code] if knowledge else by_rating[code]
        info = items.get(code)
        item_rows.append(
            {
                **row(code, values, 1.0 if knowledge else RATING_RANGE[1]),
                "kind": "knowledge" if knowledge else "rating",
                "domain": info.domain_code if info else "",
                "text": info.text if info else "",
            }
        )
    return domains, item_rows


def learning_from_scores(
    scores: Mapping[tuple[int, str], Score],
    people: Mapping[int, Person],
    thresholds: Thresholds | None = None,
    *,
    items: Mapping[str, ItemInfo] | None = None,
    domain_names: Mapping[str, str] | None = None,
    cohort_names: Mapping[str, str] | None = None,
) -> IndicatorResult:
    """OBJ-1 from plain structures: `scores` by (participant id, "pre"/"post"), `people` the
    enrolled participants in scope (scores of anyone else are ignored)."""
    th = thresholds or Thresholds()
    min_n, level = th.min_n, th.confidence
    flow = dict.fromkeys(
        ("enrolled", "pre_submitted", "pre_valid", "post_submitted", "post_valid"), 0
    )
    excluded = dict.fromkeys(EXCLUSIONS, 0)
    outcomes: dict[int, str] = {}
    analysed: list[tuple[Score, Score]] = []
    ceiling: list[tuple[Score, Score]] = []
    matched_pre_s, pre_only_s = [], []
    units = []
    for pid, person in people.items():
        pre, post = scores.get((pid, PRE)), scores.get((pid, POST))
        flow["enrolled"] += 1
        for name, score in (("pre", pre), ("post", post)):
            if score is not None:
                flow[f"{name}_submitted"] += 1
                flow[f"{name}_valid"] += score.is_valid(th.validity)
        reason = exclusion(pre, post, th)
        counts = {"enrolled": 1, "matched": 0, "ceiling": 0, "n": 0, IMPROVED: 0}
        if reason is not None:
            excluded[reason] += 1
            outcomes[pid] = reason
            if reason == PRE_ONLY:
                pre_only_s.append(pre.s)
        else:
            matched_pre_s.append(pre.s)
            counts["matched"] = 1
            if is_ceiling(pre, post, th):
                ceiling.append((pre, post))
                outcomes[pid] = CEILING
                counts["ceiling"] = 1
            else:
                analysed.append((pre, post))
                outcomes[pid] = classify(pre, post, th)
                counts["n"] = 1
                counts[IMPROVED] = int(outcomes[pid] == IMPROVED)
        # Language of completion: the POST's, else the PRE's, else the preferred language.
        language = (post or pre).language if (post or pre) else ""
        units.append((person.groups(language), counts))

    matched = len(analysed) + len(ceiling)
    n = len(analysed)
    tally = {IMPROVED: 0, UNCHANGED: 0, DECLINED: 0}
    for outcome in outcomes.values():
        if outcome in tally:
            tally[outcome] += 1
    improved = tally[IMPROVED]
    value, low, high = share_with_interval(improved, n, min_n, level)

    deltas = [post.s - pre.s for pre, post in analysed]
    p, r = wilcoxon_signed_rank(deltas) if n >= min_n else (None, None)
    with_k = [(pre.k, post.k) for pre, post in analysed if has_k(pre, post)]
    class_gain = None
    if len(with_k) >= min_n:
        class_gain = normalised_gain(fmean(a for a, _ in with_k), fmean(b for _, b in with_k))

    def variant(numerator: int, denominator: int) -> dict[str, Any]:
        share, lo, hi = share_with_interval(numerator, denominator, min_n, level)
        return {
            "numerator": numerator,
            "denominator": denominator,
            "value": share,
            "ci_low": lo,
            "ci_high": hi,
        }

    sensitivity = []
    for tau in th.sensitivity_taus:
        rows = {IMPROVED: 0, UNCHANGED: 0, DECLINED: 0}
        for pre, post in analysed:
            rows[classify(pre, post, th, tau)] += 1
        sensitivity.append({"tau": tau, **rows, **variant(rows[IMPROVED], n)})

    ceiling_tally = {IMPROVED: 0, UNCHANGED: 0, DECLINED: 0}
    for pre, post in ceiling:
        ceiling_tally[classify(pre, post, th)] += 1
    matched_mean, pre_only_mean = _mean(matched_pre_s, min_n), _mean(pre_only_s, min_n)
    domains, item_rows = _paired_rows(analysed, th, items or {}, domain_names or {})

    details = {
        "flow": {
            **flow,
            "matched": matched,
            "ceiling": len(ceiling),
            "analysed": n,
            "excluded": excluded,
        },
        **tally,
        "sign_test_p": sign_test(improved, tally[DECLINED]),
        "wilcoxon_p": p,
        "wilcoxon_r": r,
        "mean_delta_s": _mean(deltas, min_n),
        "median_delta_s": median(deltas) if n >= min_n else None,
        "class_gain": class_gain,
        "class_gain_n": len(with_k),
        "match_rate": share_or_none(matched, flow["enrolled"], min_n),
        "ceiling": {"n": len(ceiling), **ceiling_tally},
        "conservative": variant(improved, matched),
        "lower_bound": variant(improved, flow["enrolled"]),
        "attrition": {
            "matched_n": len(matched_pre_s),
            "matched_mean_pre_s": matched_mean,
            "pre_only_n": len(pre_only_s),
            "pre_only_mean_pre_s": pre_only_mean,
            # Negative: those who dropped out had started lower than those who stayed.
            "pre_only_minus_matched": (
                None
                if matched_mean is None or pre_only_mean is None
                else pre_only_mean - matched_mean
            ),
        },
        "sensitivity": sensitivity,
        "domains": domains,
        "items": item_rows,
        "outcomes": outcomes,
        "cohorts": dict(cohort_names or {}),
        "thresholds": asdict(th),
    }
    return IndicatorResult(
        id="OBJ-1",
        level="objective",
        kirkpatrick=2,
        value=value,
        target=th.obj1_target,
        status=status(value, low, n, th.obj1_target, min_n),
        numerator=improved,
        denominator=n,
        ci_low=low,
        ci_high=high,
        details=details,
        disaggregations=disaggregate(units, IMPROVED, "n", th),
    )


def obj1(scope: Scope | None = None, thresholds: Thresholds | None = None) -> IndicatorResult:
    """OBJ-1 over the database: the cohorts' PRE and POST responses in a fixed few queries."""
    data = load_survey_data(scope or Scope(), (PRE, POST))
    return learning_from_scores(
        competence_scores(data),
        data.people,
        thresholds,
        items=data.items,
        domain_names=data.domains,
        cohort_names=data.cohorts,
    )
