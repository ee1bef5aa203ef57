"""Properties of the pure computations, over generated data (hypothesis): rates stay in
[0, 1], the Wilson interval contains them, and the counts add up to the flow."""

from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.indicators.data import Person, Score
from evaluation.indicators.follow_up import Report, follow_up_from_answers
from evaluation.indicators.learning import (
    CEILING,
    DECLINED,
    EXCLUSIONS,
    IMPROVED,
    UNCHANGED,
    learning_from_scores,
)
from evaluation.indicators.reaction import Feedback, reaction_from_answers
from evaluation.indicators.result import DIMENSIONS
from evaluation.indicators.stats import rank_biserial, wilson
from evaluation.indicators.thresholds import Thresholds

SEXES = st.sampled_from(["female", "male", "other"])
COUNTRIES = st.sampled_from(["SN", "KE", "MX", "FR"])
OFFICES = st.sampled_from(["national_ip_office", "copyright_office", "academia"])
LANGUAGES = st.sampled_from(["en", "fr", "es"])
COHORTS = st.sampled_from(["c1", "c2"])


@st.composite
def people(draw, max_size=40) -> dict[int, Person]:
    count = draw(st.integers(0, max_size))
    return {
        pid: Person(
            pid,
            cohort=draw(COHORTS),
            country=(country := draw(COUNTRIES)),
            region="Africa" if country in ("SN", "KE") else "Other",
            sex=draw(SEXES),
            office_type=draw(OFFICES),
            stakeholder_group=draw(st.sampled_from(["ip-offices", "smes"])),
            language=draw(LANGUAGES),
        )
        for pid in range(1, count + 1)
    }


@st.composite
def scores(draw) -> Score:
    items = draw(st.integers(1, 18))
    answered = draw(st.integers(0, items))
    # Means of integer ratings, as the loader makes them.
    s = draw(st.integers(answered, 5 * answered)) / answered if answered else None
    k = draw(st.sampled_from([None, 0, 25, 50, 75, 100]))
    return Score(s=s, answered=answered, rating_items=items, k=k, language=draw(LANGUAGES))


@st.composite
def learning_data(draw):
    crowd = draw(people())
    data = {}
    for pid in crowd:
        for phase in ("pre", "post"):
            if draw(st.booleans()):
                data[pid, phase] = draw(scores())
    return data, crowd


THRESHOLDS = st.builds(
    Thresholds,
    tau=st.sampled_from([0.25, 0.5, 1.0]),
    validity=st.sampled_from([0.5, 0.8, 1.0]),
    min_n=st.integers(1, 6),
)


def in_unit_interval_and_interval(value, low, high) -> None:
    if value is None:
        assert low is None and high is None
        return
    assert 0 <= low <= value <= high <= 1


@given(st.integers(0, 500), st.integers(0, 500), st.sampled_from([0.9, 0.95, 0.99]))
def test_wilson_contains_the_rate(a, b, level):
    n, k = max(a, b), min(a, b)
    low, high = wilson(k, n, level)
    if n == 0:
        assert (low, high) == (None, None)
    else:
        assert 0 <= low <= k / n <= high <= 1


@given(st.lists(st.floats(-4, 4, allow_nan=False), max_size=30))
def test_rank_biserial_is_a_correlation(deltas):
    r = rank_biserial(deltas)
    assert r is None or -1 <= r <= 1


@settings(max_examples=150, deadline=None)
@given(learning_data(), THRESHOLDS)
def test_learning_counts_add_up_to_the_flow(data, thresholds):
    scores_, crowd = data
    result = learning_from_scores(scores_, crowd, thresholds)
    details, flow = result.details, result.details["flow"]
    assert flow["enrolled"] == len(crowd)
    assert flow["enrolled"] == flow["matched"] + sum(flow["excluded"].values())
    assert set(flow["excluded"]) == set(EXCLUSIONS)
    assert flow["matched"] == flow["ceiling"] + flow["analysed"]
    assert flow["matched"] <= min(flow["pre_valid"], flow["post_valid"])
    assert flow["pre_valid"] <= flow["pre_submitted"] <= flow["enrolled"]
    assert flow["post_valid"] <= flow["post_submitted"] <= flow["enrolled"]
    assert details[IMPROVED] + details[UNCHANGED] + details[DECLINED] == flow["analysed"]
    assert (result.numerator, result.denominator) == (details[IMPROVED], flow["analysed"])
    assert len(details["outcomes"]) == flow["enrolled"]
    assert sum(o == CEILING for o in details["outcomes"].values()) == flow["ceiling"]

    in_unit_interval_and_interval(result.value, result.ci_low, result.ci_high)
    if flow["analysed"] >= thresholds.min_n:
        assert result.value is not None
    else:
        assert result.value is None and result.status == "not_enough_data"
    for variant in ("conservative", "lower_bound"):
        row = details[variant]
        in_unit_interval_and_interval(row["value"], row["ci_low"], row["ci_high"])
    # The conservative and lower-bound shares can only be lower.
    if result.value is not None and details["lower_bound"]["value"] is not None:
        assert details["lower_bound"]["value"] <= details["conservative"]["value"] <= result.value
    for row in details["sensitivity"]:
        assert row[IMPROVED] + row[UNCHANGED] + row[DECLINED] == flow["analysed"]
        in_unit_interval_and_interval(row["value"], row["ci_low"], row["ci_high"])
    for name in DIMENSIONS:
        rows = result.disaggregations[name]
        assert sum(row["enrolled"] for row in rows) == flow["enrolled"]
        assert sum(row["n"] for row in rows) == flow["analysed"]
        assert sum(row[IMPROVED] for row in rows) == details[IMPROVED]
        for row in rows:
            in_unit_interval_and_interval(row["value"], row["ci_low"], row["ci_high"])
            assert (row["value"] is None) == (row["n"] < thresholds.min_n or row["n"] == 0)


@st.composite
def reaction_data(draw):
    crowd = draw(people())
    codes = st.sampled_from([1, 2, 3, 4, 5, 9, None, "absent"])
    feedback = {}
    for pid in crowd:
        code = draw(codes)
        if code != "absent":
            feedback[pid] = Feedback(code, draw(LANGUAGES))
    return feedback, crowd


@settings(max_examples=150, deadline=None)
@given(reaction_data(), THRESHOLDS)
def test_reaction_counts_add_up(data, thresholds):
    feedback, crowd = data
    result = reaction_from_answers(feedback, crowd, thresholds)
    details = result.details
    assert details["participants"] == len(crowd)
    assert details["respondents"] == len(feedback)
    assert details["respondents"] == details["valid"] + details["cant_judge"] + details["missing"]
    assert result.numerator <= details["sensitivity"] <= details["valid"] == result.denominator
    in_unit_interval_and_interval(result.value, result.ci_low, result.ci_high)
    for row in details["per_workshop"]:
        in_unit_interval_and_interval(row["value"], row["ci_low"], row["ci_high"])
    assert sum(row["valid"] for row in details["per_workshop"]) == result.denominator
    shown = sum(
        sum(d["counts"].values()) + d["cant_judge"] + d["missing"]
        for d in details["distribution"].values()
    )
    assert shown == details["respondents"]
    for name in DIMENSIONS:
        rows = result.disaggregations[name]
        assert sum(row["participants"] for row in rows) == len(crowd)
        assert sum(row["top_two"] for row in rows) == result.numerator
        for row in rows:
            in_unit_interval_and_interval(row["value"], row["ci_low"], row["ci_high"])


@settings(max_examples=100, deadline=None)
@given(people(), st.data())
def test_follow_up_counts_add_up(crowd, data):
    answers = st.sampled_from([True, False, None, "absent"])
    reports = {}
    for pid in crowd:
        adopted = data.draw(answers)
        if adopted != "absent":
            reports[pid] = Report(adopted)
    result = follow_up_from_answers(reports, crowd, Thresholds(min_n=1), office_types=None)
    details = result.details
    offices = {(p.country, p.office_type) for p in crowd.values()}
    assert details["participating_offices"] == len(offices) == result.denominator
    assert (
        details["conflicting_offices"]
        <= details["reporting_offices"]
        <= details["responding_offices"]
        <= len(offices)
    )
    share = details["share"]
    assert share is None or 0 <= share <= 1
    assert len(details["evidence"]) == sum(1 for r in reports.values() if r.adopted)
