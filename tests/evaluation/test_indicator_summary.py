"""indicator_summary(): the rows `indicators --json` prints and the dashboard's strip shows,
with the review workbook's statistics, on a small hand-built cohort whose figures are known."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from scipy.stats import wilcoxon

from evaluation.indicators.summary import FIELDS, indicator_summary, json_safe
from evaluation.registry import compute_indicators, default_scope
from tests.evaluation import (
    answer,
    competence_instrument,
    feedback_instrument,
    make_cohort,
    make_participant,
    ratings,
)

pytestmark = pytest.mark.django_db

SLUG = "eval-summary"


@pytest.fixture
def cohort(db):
    """Nine participants: five improve, one declines, one at the ceiling, one PRE and one POST
    with too few items; seven answer the feedback: 5, 4, 4, 3, 2, can't judge, no answer."""
    competence = competence_instrument()
    cohort = make_cohort(
        SLUG,
        {"pre": competence, "post": competence, "feedback": feedback_instrument()},
        "Summary workshop",
    )
    people = [make_participant(cohort, f"EVS-{n}", country="KE") for n in range(9)]
    for person in people[:5]:
        answer(person, "pre", ratings(2, 2, 2, 2, 2, knowledge=(1, 1)))
        answer(person, "post", ratings(3, 3, 3, 3, 3, knowledge=(1, 1)))
    answer(people[5], "pre", ratings(3, 3, 3, 3, 3, knowledge=(1, 1)))
    answer(people[5], "post", ratings(2, 2, 2, 2, 2, knowledge=(1, 1)))
    answer(people[6], "pre", ratings(5, 5, 5, 5, 5, knowledge=(1, 2)))
    answer(people[6], "post", ratings(5, 5, 5, 5, 5, knowledge=(1, 2)))
    answer(people[7], "pre", ratings(2, 2, None, None, None))  # 2 of 5: not valid
    answer(people[7], "post", ratings(3, 3, 3, 3, 3))
    answer(people[8], "pre", ratings(2, 2, 2, 2, 2))
    answer(people[8], "post", ratings(3, None, None, None, None))
    for person, code in zip(people, ["5", "4", "4", "3", "2", "9"], strict=False):
        answer(person, "feedback", {"usefulness": code, "relevance": "3"})
    answer(people[6], "feedback", {"relevance": "4"})  # usefulness left empty
    return cohort


def command_rows(*args: str) -> dict[str, dict]:
    out = StringIO()
    call_command("indicators", "--json", *args, stdout=out)
    return {row["id"]: row for row in json.loads(out.getvalue())}


def test_the_json_has_the_workbooks_statistics(cohort):
    rows = command_rows("--cohort", SLUG)
    assert len(rows) == 9
    for row in rows.values():
        assert tuple(row) == FIELDS  # the same keys for every indicator
    obj1 = rows["OBJ-1"]
    # Five improved of six analysed; the ceiling case is left out of n.
    assert (obj1["numerator"], obj1["denominator"], obj1["n"]) == (5, 6, 6)
    assert obj1["value"] == pytest.approx(5 / 6)
    assert obj1["ci_low"] < 5 / 6 < obj1["ci_high"] and obj1["confidence"] == 0.95
    assert obj1["ceiling_excluded"] == 1
    assert obj1["invalid"] == 2  # one PRE and one POST below the validity share
    # Sign test of 5 improved against 1 declined: 2 × 7/64.
    assert obj1["sign_test_p"] == pytest.approx(14 / 64)
    assert obj1["wilcoxon_p"] == pytest.approx(wilcoxon([1, 1, 1, 1, 1, -1]).pvalue)
    assert obj1["wilcoxon_r"] == pytest.approx((17.5 - 3.5) / 21)  # ranks 3.5 each
    stats = obj1["statistics"]
    assert (stats["improved"], stats["unchanged"], stats["declined"]) == (5, 0, 1)
    assert (stats["enrolled"], stats["matched"], stats["analysed"]) == (9, 7, 6)
    assert stats["excluded"]["invalid_pre"] == stats["excluded"]["invalid_post"] == 1
    assert stats["ceiling"]["n"] == 1
    assert stats["conservative"]["denominator"] == 7

    op4 = rows["OP-4"]
    # Valid 5, 4, 4, 3, 2: top two 3 of 5; can't judge and no answer apart.
    assert (op4["numerator"], op4["denominator"], op4["value"]) == (3, 5, 0.6)
    assert (op4["cant_judge"], op4["invalid"]) == (1, 1)
    assert op4["statistics"]["respondents"] == 7 and op4["statistics"]["participants"] == 9
    assert op4["sign_test_p"] is None and op4["ceiling_excluded"] is None
    for other in ("OUT-2", "OP-3", "OP-5"):
        assert rows[other]["sign_test_p"] is rows[other]["cant_judge"] is None


def test_out2_is_a_count_in_json_and_text(cohort):
    rows = command_rows()
    out2 = rows["OUT-2"]
    assert out2["kind"] == "count"
    assert isinstance(out2["value"], float) and out2["value"] == out2["numerator"]
    assert out2["statistics"]["experts"] == out2["numerator"]
    out = StringIO()
    call_command("indicators", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("OUT-2"))
    assert f" {out2['numerator']:g} " in line and "—" not in line.split()[2]
    # A count of 1 (OP-3's workshops) is no "100.0%"; shares are percentages.
    text = out.getvalue()
    op3 = next(line for line in text.splitlines() if line.startswith("OP-3"))
    assert "%" not in op3.split()[2]
    obj1 = next(line for line in text.splitlines() if line.startswith("OBJ-1"))
    assert obj1.split()[2].endswith("%")


def test_the_rows_are_json_safe_and_accept_bare_results(cohort):
    pairs = compute_indicators(default_scope(cohorts=SLUG))
    rows = indicator_summary(pairs)
    assert rows == indicator_summary([result for _indicator, result in pairs])
    assert json.loads(json.dumps(rows)) == rows  # nothing that json would stringify
    assert json_safe({"d": datetime.date(2026, 3, 2), "t": (1, 2)}) == {
        "d": "2026-03-02",
        "t": [1, 2],
    }
