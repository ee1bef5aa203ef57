"""OBJ-1 on hand-computed examples: first the pure computation on plain scores, then the
database loader (one query over answers) and the indicator end to end, then the demo."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale

from evaluation.indicators.data import (
    Person,
    Scope,
    Score,
    competence_scores,
    load_survey_data,
    make_score,
)
from evaluation.indicators.follow_up import out1
from evaluation.indicators.learning import (
    CEILING,
    DECLINED,
    IMPROVED,
    INVALID_POST,
    INVALID_PRE,
    NO_RESPONSE,
    POST_ONLY,
    PRE_ONLY,
    UNCHANGED,
    classify,
    is_ceiling,
    learning_from_scores,
    normalised_gain,
    obj1,
)
from evaluation.indicators.reaction import op4
from evaluation.indicators.result import DIMENSIONS
from evaluation.indicators.stats import (
    ACHIEVED,
    ACHIEVED_ROBUST,
    NOT_ACHIEVED,
    NOT_ENOUGH_DATA,
    wilson,
)
from evaluation.indicators.thresholds import Thresholds
from surveys.demo.participants import COHORT_SIZES, REGION_OF
from surveys.models import Instrument
from tests.evaluation import answer, competence_instrument, make_cohort, make_participant, ratings

TH = Thresholds()


def sc(s: float, k: float | None = None, answered: int = 5, language: str = "en") -> Score:
    """A score on a five-item instrument (all answered unless told)."""
    return Score(s=s, answered=answered, rating_items=5, k=k, language=language)


def dataset(pairs, **person_fields):
    """Scores and people from [(pre score or None, post score or None), …], ids 1…n."""
    scores, people = {}, {}
    for pid, (pre, post) in enumerate(pairs, 1):
        people[pid] = Person(pid, cohort="c1", **person_fields)
        if pre is not None:
            scores[pid, "pre"] = pre
        if post is not None:
            scores[pid, "post"] = post
    return scores, people


def run(pairs, thresholds=TH, **person_fields):
    return learning_from_scores(*dataset(pairs, **person_fields), thresholds)


# --- The rule, one participant at a time ----------------------------------------------------


@pytest.mark.parametrize(
    "pre, post, expected",
    [
        (sc(2.0), sc(2.5), IMPROVED),  # ΔS = τ exactly
        (sc(2.8), sc(3.3), IMPROVED),  # 0.4999999999999996 in floating point: τ on paper
        (sc(2.0), sc(2.49), UNCHANGED),
        (sc(3.0), sc(3.0), UNCHANGED),  # a tie
        (sc(3.0), sc(2.51), UNCHANGED),  # a fall smaller than τ
        (sc(3.0), sc(2.5), DECLINED),  # ΔS = −τ: a meaningful fall
        (sc(3.0), sc(1.0), DECLINED),
        # Knowledge: g = ΔK / (100 − K_pre).
        (sc(3.0, k=50), sc(3.0, k=65), IMPROVED),  # g = 15/50 = 0.30
        (sc(3.0, k=50), sc(3.0, k=64), UNCHANGED),  # g = 0.28
        (sc(2.0, k=50), sc(3.0, k=41), IMPROVED),  # ΔK = −9: not meaningful
        (sc(2.0, k=50), sc(3.0, k=40), DECLINED),  # ΔS ≥ τ but ΔK = −10
        (sc(3.0, k=0), sc(2.5, k=100), DECLINED),  # g = 1 but ΔS = −τ
        (sc(3.0, k=100), sc(3.0, k=100), UNCHANGED),  # no gain possible from 100
        (sc(2.0, k=50), sc(2.5, k=None), IMPROVED),  # K only before: S alone decides
    ],
)
def test_classify(pre, post, expected):
    assert classify(pre, post, TH) == expected


def test_classify_at_other_thresholds():
    pre, post = sc(2.0), sc(2.3)
    assert classify(pre, post, TH, "any") == IMPROVED
    assert classify(pre, post, TH, 0.25) == IMPROVED
    assert classify(pre, post, TH, 0.5) == UNCHANGED
    assert classify(sc(2.0), sc(2.0), TH, "any") == UNCHANGED
    assert classify(sc(2.0), sc(1.9), TH, "any") == DECLINED
    assert classify(sc(2.0), sc(1.9), TH, 0.25) == UNCHANGED
    assert classify(pre, post, Thresholds(tau=0.3)) == IMPROVED
    # τ = 0 behaves as "any": a tie is unchanged, not a rise or a fall.
    zero = Thresholds(tau=0)
    assert classify(sc(2.0), sc(2.0), zero) == UNCHANGED
    assert classify(sc(2.0), sc(2.1), zero) == IMPROVED
    assert classify(sc(2.0), sc(1.9), zero) == DECLINED
    assert classify(sc(3.0, k=50), sc(3.0, k=60), Thresholds(gain=0.2)) == IMPROVED
    assert classify(sc(3.0, k=50), sc(3.5, k=45), Thresholds(k_decline=5)) == DECLINED


def test_normalised_gain():
    assert normalised_gain(50, 75) == 0.5
    assert normalised_gain(25, 0) == pytest.approx(-1 / 3)
    assert normalised_gain(100, 100) is None
    assert normalised_gain(None, 50) is None


@pytest.mark.parametrize(
    "pre, post, expected",
    [
        (sc(4.5), sc(4.5), True),  # S_pre at the ceiling, no knowledge check
        (sc(4.49), sc(5.0), False),
        (sc(4.6, k=100), sc(4.6, k=100), True),
        (sc(4.6, k=75), sc(4.6, k=100), False),  # room to gain on K
        (sc(4.4, k=100), sc(4.8, k=100), False),
    ],
)
def test_ceiling(pre, post, expected):
    assert is_ceiling(pre, post, TH) == expected


# --- The indicator on small data sets --------------------------------------------------------


def test_no_data():
    result = learning_from_scores({}, {}, TH)
    assert (result.id, result.level, result.kirkpatrick) == ("OBJ-1", "objective", 2)
    assert result.value is None and result.ci_low is None and result.ci_high is None
    assert (result.numerator, result.denominator) == (0, 0)
    assert result.status == NOT_ENOUGH_DATA
    assert result.target == 0.6
    details = result.details
    assert details["flow"]["enrolled"] == 0 and details["flow"]["matched"] == 0
    assert details["sign_test_p"] is None and details["wilcoxon_p"] is None
    assert details["match_rate"] is None and details["class_gain"] is None
    assert [row["value"] for row in details["sensitivity"]] == [None] * 4
    assert details["domains"] == [] and details["items"] == []
    assert result.disaggregations == {name: [] for name in DIMENSIONS}


def test_enrolled_but_nobody_answered():
    result = run([(None, None)] * 3)
    assert result.details["flow"]["excluded"][NO_RESPONSE] == 3
    assert result.details["lower_bound"]["denominator"] == 3
    assert result.status == NOT_ENOUGH_DATA


def test_one_participant_shows_counts_only():
    result = run([(sc(2.0), sc(3.0))])
    assert (result.numerator, result.denominator) == (1, 1)
    assert result.value is None and result.status == NOT_ENOUGH_DATA
    assert result.details[IMPROVED] == 1
    assert result.details["outcomes"] == {1: IMPROVED}
    # With a minimum of one the share appears: 1/1, Wilson (0.2065, 1).
    result = run([(sc(2.0), sc(3.0))], Thresholds(min_n=1))
    assert result.value == 1.0
    assert (result.ci_low, result.ci_high) == pytest.approx(wilson(1, 1))
    assert result.status == ACHIEVED  # the lower bound 0.21 is below the 60 % target


def test_n_below_the_minimum_then_at_it():
    four = [(sc(2.0), sc(3.0))] * 3 + [(sc(2.0), sc(2.0))]
    result = run(four)
    assert (result.numerator, result.denominator, result.value) == (3, 4, None)
    assert result.status == NOT_ENOUGH_DATA
    result = run(four + [(sc(2.0), sc(3.0))])
    assert (result.numerator, result.denominator, result.value) == (4, 5, 0.8)
    assert result.status == ACHIEVED  # Wilson low for 4/5 is 0.38


def test_counts_sign_test_wilcoxon_and_gain_by_hand():
    # ΔS +1, +1, +0.5, 0, −0.5, +2: improved 4, unchanged 1, declined 1.
    pairs = [
        (sc(2.0, k=50), sc(3.0, k=75)),
        (sc(2.0, k=50), sc(3.0, k=75)),
        (sc(2.5, k=50), sc(3.0, k=75)),
        (sc(3.0, k=50), sc(3.0, k=55)),
        (sc(3.0, k=50), sc(2.5, k=70)),
        (sc(1.0, k=50), sc(3.0, k=100)),
    ]
    result = run(pairs)
    details = result.details
    assert (details[IMPROVED], details[UNCHANGED], details[DECLINED]) == (4, 1, 1)
    assert (result.numerator, result.denominator) == (4, 6)
    assert result.value == pytest.approx(4 / 6)
    assert (result.ci_low, result.ci_high) == pytest.approx(wilson(4, 6))
    assert result.status == ACHIEVED
    # Sign test, ties dropped: 4 up and 1 down, 2 × P(X ≤ 1 | n = 5) = 2 × 6/32.
    assert details["sign_test_p"] == pytest.approx(12 / 32)
    # Signed ranks of |d| 1, 1, 0.5, 0.5, 2: 3.5, 3.5, 1.5, −1.5, 5; T+ = 13.5, T− = 1.5.
    assert details["wilcoxon_r"] == pytest.approx(12 / 15)
    assert 0 < details["wilcoxon_p"] < 1
    assert details["mean_delta_s"] == pytest.approx(4 / 6)
    assert details["median_delta_s"] == pytest.approx(0.75)
    # Class-average gain: mean K 50 → 75, (75 − 50) / (100 − 50).
    assert details["class_gain"] == pytest.approx(0.5)
    assert details["class_gain_n"] == 6


def test_ceiling_cases_leave_the_primary_denominator():
    pairs = [(sc(2.0), sc(3.0))] * 4 + [(sc(2.0), sc(2.0))] + [(sc(4.5), sc(4.6))] * 2
    result = run(pairs)
    details = result.details
    assert details["flow"]["matched"] == 7
    assert details["flow"]["ceiling"] == 2
    assert details["flow"]["analysed"] == 5
    assert (result.numerator, result.denominator, result.value) == (4, 5, 0.8)
    assert details["ceiling"] == {"n": 2, IMPROVED: 0, UNCHANGED: 2, DECLINED: 0}
    # Conservative: the ceiling cases counted as not improved, 4/7.
    conservative = details["conservative"]
    assert (conservative["numerator"], conservative["denominator"]) == (4, 7)
    assert conservative["value"] == pytest.approx(4 / 7)
    assert details["outcomes"][6] == CEILING


def test_unmatched_participants_and_the_flow():
    pairs = [
        (sc(2.0), sc(3.0)),  # matched, improved
        (sc(2.0), sc(3.0)),
        (sc(2.0), sc(3.0)),
        (sc(2.0), sc(2.0)),  # matched, unchanged
        (sc(3.0), sc(2.0)),  # matched, declined
        (sc(1.0), None),  # pre-only
        (sc(2.0), None),
        (None, sc(4.0)),  # post-only
        (sc(2.0, answered=3), sc(4.0)),  # invalid PRE: 3 of 5 answered (60 %)
        (sc(2.0), sc(4.0, answered=3)),  # invalid POST
        (None, None),  # no response
    ]
    result = run(pairs)
    flow = result.details["flow"]
    assert flow["enrolled"] == 11
    assert (flow["pre_submitted"], flow["pre_valid"]) == (9, 8)
    assert (flow["post_submitted"], flow["post_valid"]) == (8, 7)
    assert flow["matched"] == 5
    assert flow["excluded"] == {
        NO_RESPONSE: 1,
        INVALID_PRE: 1,
        INVALID_POST: 1,
        PRE_ONLY: 2,
        POST_ONLY: 1,
    }
    assert (result.numerator, result.denominator) == (3, 5)
    assert result.value == 0.6
    # Match rate 5/11; lower bound: everyone enrolled in the denominator, 3/11.
    assert result.details["match_rate"] == pytest.approx(5 / 11)
    assert result.details["lower_bound"]["value"] == pytest.approx(3 / 11)
    assert result.details["lower_bound"]["denominator"] == 11
    # Attrition: the matched started at 2.2 on average; two pre-only, too few for a mean.
    attrition = result.details["attrition"]
    assert attrition["matched_n"] == 5 and attrition["matched_mean_pre_s"] == pytest.approx(2.2)
    assert attrition["pre_only_n"] == 2 and attrition["pre_only_mean_pre_s"] is None
    assert result.details["outcomes"][9] == INVALID_PRE
    with_min_one = run(pairs, Thresholds(min_n=1)).details["attrition"]
    assert with_min_one["pre_only_mean_pre_s"] == pytest.approx(1.5)
    assert with_min_one["pre_only_minus_matched"] == pytest.approx(-0.7)


def test_sensitivity_rows():
    # ΔS 0.1, 0.3, 0.6, 1.2, 0: improved at any 4, at 0.25 3, at 0.5 2, at 1.0 1.
    pairs = [(sc(2.0), sc(2.0 + d)) for d in (0.1, 0.3, 0.6, 1.2, 0)]
    rows = run(pairs).details["sensitivity"]
    assert [row["tau"] for row in rows] == ["any", 0.25, 0.5, 1.0]
    assert [row[IMPROVED] for row in rows] == [4, 3, 2, 1]
    assert [row["value"] for row in rows] == pytest.approx([0.8, 0.6, 0.4, 0.2])
    assert all(row["denominator"] == 5 for row in rows)
    custom = run(pairs, Thresholds(sensitivity_taus=(0.1, 2.0))).details["sensitivity"]
    assert [(row["tau"], row[IMPROVED]) for row in custom] == [(0.1, 4), (2.0, 0)]


def test_threshold_changes():
    pairs = [(sc(2.0), sc(2.0 + d)) for d in (0.1, 0.3, 0.6, 1.2, 0)]
    assert run(pairs).numerator == 2
    assert run(pairs, Thresholds(tau=0.25)).numerator == 3
    assert run(pairs, Thresholds(tau=1.0)).numerator == 1
    # Validity: 3 of 5 answered counts at 60 %.
    invalid = [(sc(2.0, answered=3), sc(3.0))] * 5
    assert run(invalid).details["flow"]["matched"] == 0
    assert run(invalid, Thresholds(validity=0.6)).details["flow"]["matched"] == 5
    # Ceiling: 4.5 is a ceiling by default, not at 4.8.
    at_ceiling = [(sc(4.5), sc(5.0))] * 5
    assert run(at_ceiling).denominator == 0
    assert run(at_ceiling, Thresholds(ceiling_s=4.8)).numerator == 5
    # Target: 3/5 achieves 60 %, not 70 %.
    three = [(sc(2.0), sc(3.0))] * 3 + [(sc(2.0), sc(2.0))] * 2
    assert run(three).status == ACHIEVED
    assert run(three, Thresholds(obj1_target=0.7)).status == NOT_ACHIEVED
    robust = [(sc(2.0), sc(3.0))] * 30
    assert run(robust).status == ACHIEVED_ROBUST  # 30/30: Wilson low 0.886


def test_language_of_completion_is_the_posts():
    pairs = [(sc(2.0, language="fr"), sc(3.0, language="en"))] * 5 + [
        (sc(2.0, language="fr"), None)
    ]
    rows = run(pairs).disaggregations["language"]
    assert [(row["group"], row["enrolled"], row["n"]) for row in rows] == [
        ("en", 5, 5),
        ("fr", 1, 0),
    ]


def test_every_disaggregation():
    people = {
        1: Person(1, "c1", "SN", "Africa", "female", "national_ip_office", "ip-offices", "fr"),
        2: Person(2, "c1", "SN", "Africa", "male", "national_ip_office", "ip-offices", "fr"),
        3: Person(3, "c2", "KE", "Africa", "female", "academia", "academia", "en"),
        4: Person(4, "c2", "MX", "Latin America", "female", "academia", "academia", "es"),
        5: Person(5, "c2", "MX", "Latin America", "male", "private_sector", "smes", "es"),
    }
    scores = {}
    for pid, delta in zip(people, (1, 1, 0, 1, -1), strict=True):
        scores[pid, "pre"] = sc(2.0, language=people[pid].language)
        scores[pid, "post"] = sc(2.0 + delta, language=people[pid].language)
    result = learning_from_scores(scores, people, Thresholds(min_n=2))
    assert set(result.disaggregations) == set(DIMENSIONS)

    def table(name):
        return {
            row["group"]: (row["n"], row[IMPROVED], row["value"])
            for row in result.disaggregations[name]
        }

    assert table("region") == {"Africa": (3, 2, 2 / 3), "Latin America": (2, 1, 0.5)}
    assert table("country") == {"KE": (1, 0, None), "MX": (2, 1, 0.5), "SN": (2, 2, 1.0)}
    assert table("sex") == {"female": (3, 2, 2 / 3), "male": (2, 1, 0.5)}
    assert table("office_type") == {
        "academia": (2, 1, 0.5),
        "national_ip_office": (2, 2, 1.0),
        "private_sector": (1, 0, None),
    }
    assert table("stakeholder_group") == {
        "academia": (2, 1, 0.5),
        "ip-offices": (2, 2, 1.0),
        "smes": (1, 0, None),
    }
    assert table("language") == {"en": (1, 0, None), "es": (2, 1, 0.5), "fr": (2, 2, 1.0)}
    assert table("cohort") == {"c1": (2, 2, 1.0), "c2": (3, 1, 1 / 3)}
    row = result.disaggregations["cohort"][1]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(1, 3))
    # Groups add up to the total.
    for name in DIMENSIONS:
        assert sum(row["n"] for row in result.disaggregations[name]) == 5
        assert sum(row[IMPROVED] for row in result.disaggregations[name]) == 3


def test_per_domain_and_per_item():
    domain_of = {"r1": "risk", "r2": "risk", "r3": "comms"}
    pre = make_score({"r1": 2, "r2": 3, "r3": 1}, 3, {"k1": 0.0, "k2": 1.0}, 2, domain_of)
    post = make_score({"r1": 4, "r2": 4, "r3": 1}, 3, {"k1": 1.0, "k2": 1.0}, 2, domain_of)
    assert (pre.s, post.s) == pytest.approx((2.0, 3.0))
    assert (pre.k, post.k) == (50.0, 100.0)
    assert pre.domains == {"risk": 2.5, "comms": 1.0}
    result = run([(pre, post)] * 5)
    domains = {row["code"]: row for row in result.details["domains"]}
    assert domains["risk"]["pre_mean"] == 2.5 and domains["risk"]["post_mean"] == 4.0
    assert domains["risk"]["delta"] == 1.5 and domains["risk"]["n"] == 5
    assert domains["risk"]["r"] == 1.0 and domains["risk"]["p"] == pytest.approx(0.0625)
    assert domains["comms"]["delta"] == 0.0 and domains["comms"]["p"] is None
    items = {row["code"]: row for row in result.details["items"]}
    assert items["r1"]["delta"] == 2.0 and items["r1"]["kind"] == "rating"
    assert items["r1"]["gain"] == pytest.approx(2 / 3)  # (4 − 2) / (5 − 2)
    assert items["k1"]["kind"] == "knowledge"
    assert (items["k1"]["pre_mean"], items["k1"]["post_mean"], items["k1"]["gain"]) == (0, 1, 1)
    assert items["k2"]["gain"] is None  # all correct before: no room
    # Four pairs: below the minimum, counts only.
    small = {row["code"]: row for row in run([(pre, post)] * 4).details["items"]}
    assert small["r1"]["n"] == 4 and small["r1"]["pre_mean"] is None and small["r1"]["p"] is None


def test_make_score_ignores_out_of_range_ratings():
    score = make_score({"r1": 3, "r2": 9, "r3": 0}, 3)
    assert (score.s, score.answered) == (3.0, 1)
    assert not score.is_valid(0.8)
    assert make_score({}, 3).s is None
    # Validity at exactly 80 %: 4 of 5.
    assert make_score({f"r{n}": 3 for n in range(4)}, 5).is_valid(0.8)
    assert not make_score({f"r{n}": 3 for n in range(3)}, 5).is_valid(0.8)


# --- From the database ----------------------------------------------------------------------


@pytest.fixture
def competence(db):
    return competence_instrument()


@pytest.fixture
def cohort(competence):
    return make_cohort("eval-learning", {"pre": competence, "post": competence})


def populate(cohort, count: int, start: int = 0):
    """`count` participants, each improving by one point with K 50 → 100."""
    for n in range(start, start + count):
        person = make_participant(cohort, f"EVL-{n:03d}")
        answer(person, "pre", ratings(2, 2, 2, 2, 2, knowledge=(1, 1)))
        answer(person, "post", ratings(3, 3, 3, 3, 3, knowledge=(1, 2)))


def test_scores_from_the_database(cohort):
    fr = make_participant(cohort, "EVL-FR", language="fr")
    answer(fr, "pre", ratings(1, 2, 3, 4, None, knowledge=(1, 3)), language="fr")
    answer(fr, "post", ratings(5, 5, None, None, 5, knowledge=(1, 2)), language="en")
    draft = make_participant(cohort, "EVL-DRAFT")
    answer(draft, "pre", ratings(1, 1, 1, 1, 1), submitted=False)
    data = load_survey_data(Scope(cohorts=[cohort]), ("pre", "post"))
    assert set(data.people) == {fr.pk, draft.pk}
    assert data.phase_items["eval-learning", "pre"] == ("r1", "r2", "r3", "r4", "r5", "k1", "k2")
    assert data.domains == {"risk": "Risk", "comms": "Comms", "knowledge": "Knowledge"}
    scores = competence_scores(data)
    assert set(scores) == {(fr.pk, "pre"), (fr.pk, "post")}  # the draft does not count
    pre, post = scores[fr.pk, "pre"], scores[fr.pk, "post"]
    assert (pre.s, pre.answered, pre.rating_items, pre.k) == (2.5, 4, 5, 50.0)
    assert pre.is_valid(0.8) and pre.language == "fr"
    assert (post.s, post.answered, post.k, post.language) == (5.0, 3, 100.0, "en")
    assert not post.is_valid(0.8)  # three of five answered
    assert pre.domains == {"risk": 2.0, "comms": 4.0}
    assert pre.ratings == {"r1": 1, "r2": 2, "r3": 3, "r4": 4}
    assert pre.knowledge == {"k1": 1.0, "k2": 0.0}


def test_answers_in_another_language_pool_through_the_source_items(cohort, competence):
    """A French copy's items point at the same library questions; they add no item and
    no answer twice."""
    french = competence_instrument(locale=Locale.objects.get(language_code="fr"))
    Instrument.objects.filter(pk=french.pk).update(translation_key=competence.translation_key)
    for item in french.items.all():
        source = competence.items.get(code=item.code)
        type(item).objects.filter(pk=item.pk).update(
            translation_key=source.translation_key, question=source.question_id
        )
    populate(cohort, 1)
    data = load_survey_data(Scope(cohorts=[cohort]), ("pre", "post"))
    assert list(data.items) == ["r1", "r2", "r3", "r4", "r5", "k1", "k2"]
    assert len(data.phase_items["eval-learning", "pre"]) == 7
    (pid,) = data.people
    pre = competence_scores(data)[pid, "pre"]
    assert (pre.answered, pre.rating_items, pre.k) == (5, 5, 50.0)


def test_obj1_end_to_end(cohort):
    populate(cohort, 4)  # improved: ΔS = +1 and g = 1
    flat = make_participant(cohort, "EVL-FLAT", country="KE")
    answer(flat, "pre", ratings(3, 3, 3, 3, 3, knowledge=(1, 2)))
    answer(flat, "post", ratings(3, 3, 3, 3, 3, knowledge=(1, 2)))
    top = make_participant(cohort, "EVL-TOP")  # ceiling: S 4.6, K 100
    answer(top, "pre", ratings(5, 5, 5, 4, 4, knowledge=(1, 2)))
    answer(top, "post", ratings(5, 5, 5, 5, 5, knowledge=(1, 2)))
    gone = make_participant(cohort, "EVL-GONE")
    answer(gone, "pre", ratings(1, 1, 1, 1, 1, knowledge=(2, 1)))
    regions = {"SN": "Africa", "KE": "Africa"}
    result = obj1(Scope(cohorts=[cohort], regions=regions))
    assert (result.numerator, result.denominator, result.value) == (4, 5, 0.8)
    assert result.status == ACHIEVED
    flow = result.details["flow"]
    assert (flow["enrolled"], flow["matched"], flow["ceiling"]) == (7, 6, 1)
    assert flow["excluded"][PRE_ONLY] == 1
    # Mean K 60 → 100 over the five analysed (the ceiling case left out).
    assert result.details["class_gain"] == pytest.approx(1.0)
    assert [row["group"] for row in result.disaggregations["region"]] == ["Africa"]
    assert result.details["cohorts"] == {"eval-learning": "Workshop eval-learning"}
    risk = next(row for row in result.details["domains"] if row["code"] == "risk")
    assert (risk["name"], risk["pre_mean"], risk["post_mean"]) == ("Risk", 2.2, 3.0)


def test_scope_by_cohort_period_and_region(cohort, competence):
    populate(cohort, 5)
    other = make_cohort("eval-learning-2", {"pre": competence, "post": competence})
    late = make_participant(other, "EVL-LATE", country="MX")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    answer(late, "pre", ratings(2, 2, 2, 2, 2), submitted_at=long_ago)
    answer(late, "post", ratings(4, 4, 4, 4, 4))
    both = [cohort, other]
    assert obj1(Scope(cohorts=both)).details["flow"]["matched"] == 6
    by_slug = obj1(Scope(cohorts=["eval-learning-2"]))
    assert by_slug.details["flow"]["enrolled"] == 1
    # The period drops the PRE answered 400 days ago: the participant is post-only.
    recent = obj1(Scope(cohorts=both, start=timezone.localdate() - datetime.timedelta(days=30)))
    assert recent.details["flow"]["matched"] == 5
    assert recent.details["flow"]["excluded"][POST_ONLY] == 1
    old = obj1(Scope(cohorts=both, end=timezone.localdate() - datetime.timedelta(days=300)))
    assert old.details["flow"]["pre_submitted"] == 1 and old.details["flow"]["matched"] == 0
    regions = {"SN": "Africa", "MX": "Latin America"}
    latin = obj1(Scope(cohorts=both, regions=regions, region="Latin America"))
    assert latin.details["flow"]["enrolled"] == 1
    with pytest.raises(ValueError):
        Scope(region="Africa").participants()


def test_a_fixed_number_of_queries_whatever_the_participant_count(
    cohort, django_assert_num_queries
):
    populate(cohort, 2)
    with django_assert_num_queries(6):
        small = obj1(Scope(cohorts=[cohort]))
    populate(cohort, 20, start=2)
    with django_assert_num_queries(6):
        large = obj1(Scope(cohorts=[cohort]))
    assert (small.denominator, large.denominator) == (2, 22)


def test_a_cohort_without_phases_gives_no_data(db, django_assert_max_num_queries):
    empty = make_cohort("eval-empty", {})
    make_participant(empty, "EVL-EMPTY")
    with django_assert_max_num_queries(1):
        result = obj1(Scope(cohorts=[empty]))
    assert result.status == NOT_ENOUGH_DATA
    assert result.details["flow"]["enrolled"] == 0


# --- The demo ---------------------------------------------------------------------------------


def test_the_three_indicators_on_the_demo_data(db, django_assert_max_num_queries):
    scope = Scope(cohorts=list(COHORT_SIZES), regions=REGION_OF)
    with django_assert_max_num_queries(6):
        learning = obj1(scope)
    with django_assert_max_num_queries(6):
        reaction = op4(scope)
    with django_assert_max_num_queries(7):
        frameworks = out1(scope)

    flow = learning.details["flow"]
    assert flow["enrolled"] == sum(COHORT_SIZES.values()) + 1  # one person enrolled twice
    assert flow["matched"] >= 80
    assert flow["matched"] + sum(flow["excluded"].values()) == flow["enrolled"]
    assert 0.4 <= learning.value <= 0.95
    assert learning.ci_low < learning.value < learning.ci_high
    # The demo's special cases show up: invalid scores, pre- and post-only, declines.
    for reason in (INVALID_PRE, INVALID_POST, PRE_ONLY, POST_ONLY):
        assert flow["excluded"][reason] >= 1
    assert learning.details[DECLINED] >= 1
    assert learning.details["wilcoxon_p"] < 0.001 and learning.details["wilcoxon_r"] > 0.5
    assert {row["group"] for row in learning.disaggregations["region"]} <= set(REGION_OF.values())

    assert 0.7 <= reaction.value <= 0.95
    assert reaction.details["cant_judge"] >= 1
    assert len(reaction.details["per_workshop"]) == 2

    assert frameworks.status == "reported"
    assert 1 <= frameworks.numerator <= frameworks.denominator
    assert frameworks.details["evidence"]
