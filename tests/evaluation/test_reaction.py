"""OP-4 on hand-computed examples: the pure computation, then from the database."""

import pytest

from evaluation.indicators.data import Person, Scope
from evaluation.indicators.reaction import Feedback, op4, reaction_from_answers
from evaluation.indicators.result import DIMENSIONS
from evaluation.indicators.stats import ACHIEVED, NOT_ACHIEVED, NOT_ENOUGH_DATA, wilson
from evaluation.indicators.thresholds import Thresholds
from tests.evaluation import answer, feedback_instrument, make_cohort, make_participant

TH = Thresholds()


def run(codes, thresholds=TH, cohort="w1", start=1, people=None, feedback=None):
    """Participants `start`…; each code is a usefulness answer (None: left unanswered),
    "-" no feedback submitted."""
    people = {} if people is None else people
    feedback = {} if feedback is None else feedback
    for pid, code in enumerate(codes, start):
        people[pid] = Person(pid, cohort=cohort)
        if code != "-":
            feedback[pid] = Feedback(code, "en")
    return reaction_from_answers(feedback, people, thresholds), people, feedback


# 5, 4, 3, can't judge, left unanswered, 4, 5, and one participant who sent nothing.
EXAMPLE = [5, 4, 3, 9, None, 4, 5, "-"]


def test_no_data():
    result = reaction_from_answers({}, {}, TH)
    assert (result.id, result.level, result.kirkpatrick, result.target) == (
        "OP-4",
        "output",
        1,
        0.8,
    )
    assert result.value is None and result.status == NOT_ENOUGH_DATA
    assert (result.numerator, result.denominator) == (0, 0)
    assert result.details["response_rate"] is None
    assert result.details["low_response"] is False
    assert result.details["per_workshop"] == [] and result.details["distribution"] == {}


def test_cant_judge_and_missing_are_reported_apart():
    result, _people, _feedback = run(EXAMPLE)
    details = result.details
    # Top two 4 of the 5 answers from 1 to 5.
    assert (result.numerator, result.denominator, result.value) == (4, 5, 0.8)
    assert (result.ci_low, result.ci_high) == pytest.approx(wilson(4, 5))
    assert result.status == ACHIEVED  # exactly the target; the lower bound 0.38 is not
    assert (details["participants"], details["respondents"]) == (8, 7)
    assert (details["cant_judge"], details["missing"]) == (1, 1)
    assert details["response_rate"] == pytest.approx(7 / 8) and not details["low_response"]
    # Sensitivity at ≥ 3: 5 of 5.
    assert (details["sensitivity"], details["sensitivity_value"]) == (5, 1.0)
    assert details["distribution"] == {
        "w1": {"counts": {1: 0, 2: 0, 3: 1, 4: 2, 5: 2}, "cant_judge": 1, "missing": 1}
    }


def test_one_respondent_and_n_below_the_minimum():
    result, *_ = run([5])
    assert (result.numerator, result.denominator, result.value) == (1, 1, None)
    assert result.status == NOT_ENOUGH_DATA
    result, *_ = run([5, 5, 5, 5, 9, 9])  # four valid answers: still too few
    assert (result.denominator, result.value, result.status) == (4, None, NOT_ENOUGH_DATA)
    result, *_ = run([5, 5, 5, 5, 9, 1])
    assert (result.denominator, result.value) == (5, 0.8)


def test_only_cant_judge():
    result, *_ = run([9] * 6)
    assert result.denominator == 0 and result.status == NOT_ENOUGH_DATA
    assert result.details["cant_judge"] == 6


def test_low_response_is_flagged():
    result, *_ = run([5, 5, 5, 5] + ["-"] * 6)
    assert result.details["response_rate"] == pytest.approx(0.4)
    assert result.details["low_response"] is True
    # The flag holds for a cohort too small to show its rate.
    small, *_ = run([5, "-", "-"])
    assert small.details["response_rate"] is None and small.details["low_response"] is True
    # Exactly half is not below half.
    half, *_ = run([5] * 5 + ["-"] * 5)
    assert half.details["low_response"] is False


def test_per_workshop_and_pooled():
    people, feedback = {}, {}
    run([5, 5, 5, 5, 4], cohort="w1", people=people, feedback=feedback)
    result, *_ = run(
        [1, 2, 3, 4, 5, 9, "-"], cohort="w2", start=6, people=people, feedback=feedback
    )
    # Pooled over the person–workshop pairs: (5 + 2) / (5 + 5).
    assert (result.numerator, result.denominator, result.value) == (7, 10, 0.7)
    assert result.status == NOT_ACHIEVED
    assert result.details["sensitivity_value"] == pytest.approx(8 / 10)
    rows = {row["cohort"]: row for row in result.details["per_workshop"]}
    assert (rows["w1"]["top_two"], rows["w1"]["valid"], rows["w1"]["value"]) == (5, 5, 1.0)
    assert (rows["w2"]["top_two"], rows["w2"]["valid"], rows["w2"]["value"]) == (2, 5, 0.4)
    assert rows["w2"]["response_rate"] == pytest.approx(6 / 7)
    assert rows["w2"]["cant_judge"] == 1
    assert result.details["distribution"]["w2"] == {
        "counts": {1: 1, 2: 1, 3: 1, 4: 1, 5: 1},
        "cant_judge": 1,
        "missing": 0,
    }


def test_threshold_changes():
    assert run(EXAMPLE, Thresholds(op4_top_box=5))[0].value == 0.4
    assert run(EXAMPLE, Thresholds(op4_target=0.9))[0].status == NOT_ACHIEVED
    assert run(EXAMPLE, Thresholds(op4_sensitivity_box=4))[0].details["sensitivity"] == 4
    assert run(EXAMPLE, Thresholds(op4_low_response=0.9))[0].details["low_response"] is True
    assert run(EXAMPLE[:2], Thresholds(min_n=2))[0].value == 1.0


def test_every_disaggregation():
    people = {
        1: Person(1, "w1", "SN", "Africa", "female", "national_ip_office", "ip-offices", "fr"),
        2: Person(2, "w1", "SN", "Africa", "male", "national_ip_office", "ip-offices", "fr"),
        3: Person(3, "w2", "KE", "Africa", "female", "academia", "academia", "en"),
        4: Person(4, "w2", "MX", "Latin America", "female", "academia", "academia", "es"),
        5: Person(5, "w2", "MX", "Latin America", "male", "private_sector", "smes", "es"),
        6: Person(6, "w2", "MX", "Latin America", "male", "private_sector", "smes", "es"),
    }
    # Person 2 answers in English; person 5 can't judge; person 6 sent nothing.
    feedback = {
        1: Feedback(5, "fr"),
        2: Feedback(4, "en"),
        3: Feedback(2, "en"),
        4: Feedback(5, "es"),
        5: Feedback(9, "es"),
    }
    result = reaction_from_answers(feedback, people, Thresholds(min_n=2))
    assert set(result.disaggregations) == set(DIMENSIONS)

    def table(name):
        return {
            row["group"]: (row["participants"], row["valid"], row["top_two"], row["value"])
            for row in result.disaggregations[name]
        }

    assert table("region") == {"Africa": (3, 3, 2, 2 / 3), "Latin America": (3, 1, 1, None)}
    assert table("country") == {
        "KE": (1, 1, 0, None),
        "MX": (3, 1, 1, None),
        "SN": (2, 2, 2, 1.0),
    }
    assert table("sex") == {"female": (3, 3, 2, 2 / 3), "male": (3, 1, 1, None)}
    assert table("office_type") == {
        "academia": (2, 2, 1, 0.5),
        "national_ip_office": (2, 2, 2, 1.0),
        "private_sector": (2, 0, 0, None),
    }
    assert table("stakeholder_group") == {
        "academia": (2, 2, 1, 0.5),
        "ip-offices": (2, 2, 2, 1.0),
        "smes": (2, 0, 0, None),
    }
    # Language of completion; person 6 sent nothing and counts under their own language.
    assert table("language") == {
        "en": (2, 2, 1, 0.5),
        "es": (3, 1, 1, None),
        "fr": (1, 1, 1, None),
    }
    assert table("cohort") == {"w1": (2, 2, 2, 1.0), "w2": (4, 2, 1, 0.5)}
    for name in DIMENSIONS:
        assert sum(row["valid"] for row in result.disaggregations[name]) == 4
        assert sum(row["cant_judge"] for row in result.disaggregations[name]) == 1


# --- From the database ----------------------------------------------------------------------


@pytest.fixture
def workshop(db):
    return make_cohort("eval-reaction", {"feedback": feedback_instrument()}, "Reaction")


def test_op4_from_the_database(workshop, django_assert_num_queries):
    for n, code in enumerate(["5", "4", "4", "3", "9", "5"]):
        person = make_participant(workshop, f"EVR-{n}", language="es")
        answer(person, "feedback", {"usefulness": code, "relevance": "2"})
    unanswered = make_participant(workshop, "EVR-NONE")
    answer(unanswered, "feedback", {"relevance": "5"})  # usefulness left empty
    draft = make_participant(workshop, "EVR-DRAFT")
    answer(draft, "feedback", {"usefulness": "1"}, submitted=False)  # never submitted
    make_participant(workshop, "EVR-SILENT")

    with django_assert_num_queries(6):
        result = op4(Scope(cohorts=[workshop]))
    # Valid 5, 4, 4, 3, 5: top two 4 of 5.
    assert (result.numerator, result.denominator, result.value) == (4, 5, 0.8)
    details = result.details
    assert (details["participants"], details["respondents"]) == (9, 7)
    assert (details["cant_judge"], details["missing"]) == (1, 1)
    assert details["distribution"]["eval-reaction"]["counts"] == {1: 0, 2: 0, 3: 1, 4: 2, 5: 2}
    assert details["per_workshop"][0]["name"] == "Reaction"
    # Languages of completion: Spanish for the six, the others' French.
    languages = {row["group"]: row["valid"] for row in result.disaggregations["language"]}
    assert languages == {"es": 5, "fr": 0}
    # Another item by code: "relevance", 2 for six and 5 for one.
    relevance = op4(Scope(cohorts=[workshop]), item_code="relevance")
    assert (relevance.numerator, relevance.denominator) == (1, 7)


def test_op4_query_count_does_not_grow(workshop, django_assert_num_queries):
    for n in range(30):
        person = make_participant(workshop, f"EVR-{n}")
        answer(person, "feedback", {"usefulness": str(1 + n % 5)})
    with django_assert_num_queries(6):
        result = op4(Scope(cohorts=[workshop]))
    assert (result.numerator, result.denominator) == (12, 30)
