"""The dashboard's cached indicators (evaluation.result_cache): read from the cache while the
data stand still; a submission, an enrolment or an edited participant recomputes the scopes
that include their cohort, and only those."""

import pytest

from evaluation.indicators import data
from evaluation.registry import compute_indicators, default_scope
from surveys.models import Participant
from tests.evaluation import answer, competence_instrument, make_cohort, make_participant, ratings

pytestmark = pytest.mark.django_db


@pytest.fixture
def loads(monkeypatch):
    """The phases read from the database, in order."""
    read = []
    original = data._load_survey_data

    def counting(scope, phases, texts):
        read.append(phases)
        return original(scope, phases, texts)

    monkeypatch.setattr(data, "_load_survey_data", counting)
    return read


@pytest.fixture
def cohorts():
    competence = competence_instrument()
    made = []
    for slug in ("cache-a", "cache-b"):
        cohort = make_cohort(slug, {"pre": competence, "post": competence})
        for n in range(6):
            person = make_participant(cohort, f"{slug.upper()}-{n}", country="KE")
            answer(person, "pre", ratings(2, 2, 2, 3, 2, knowledge=(1, 1)))
            answer(person, "post", ratings(4, 4, 3, 4, 4, knowledge=(1, 2)))
        made.append(cohort)
    return made


def results(**filters) -> dict:
    return {i.id: r for i, r in compute_indicators(default_scope(**filters), cached=True)}


def test_a_second_view_reads_every_survey_indicator_from_the_cache(cohorts, loads):
    first = results()
    assert loads  # computed once
    loads.clear()
    second = results()
    assert loads == []
    for indicator_id in ("OBJ-1", "OUT-1", "OP-4"):
        assert second[indicator_id].as_dict() == first[indicator_id].as_dict()


def test_a_submission_recomputes_the_scopes_of_its_cohort_only(cohorts, loads):
    a, b = cohorts
    before_all, before_b = results(), results(cohorts="cache-b")
    loads.clear()
    late = make_participant(a, "CACHE-A-LATE", country="KE")
    assert results(cohorts="cache-b")["OBJ-1"].as_dict() == before_b["OBJ-1"].as_dict()
    assert loads == []  # an enrolment in A leaves B's results standing
    assert results()["OBJ-1"].details["flow"]["enrolled"] == (
        before_all["OBJ-1"].details["flow"]["enrolled"] + 1
    )
    loads.clear()
    answer(late, "pre", ratings(1, 1, 1, 1, 1, knowledge=(1, 1)))
    answer(late, "post", ratings(5, 5, 5, 5, 5, knowledge=(1, 2)))
    after = results()
    assert loads, "a submission must recompute the scopes that include its cohort"
    assert after["OBJ-1"].denominator == before_all["OBJ-1"].denominator + 1
    loads.clear()
    results(cohorts="cache-b")
    assert loads == []


def test_an_edited_country_recomputes_the_breakdowns(cohorts, loads):
    def africa(result) -> int:
        rows = result.disaggregations["region"]
        return sum(row["enrolled"] for row in rows if row["group"] == "africa")

    before = results()["OBJ-1"]
    person = Participant.objects.get(code="CACHE-A-0")
    person.country = "FR"  # saved through the model: the participant signal bumps cohort A
    person.save()
    loads.clear()
    after = results()["OBJ-1"]
    assert loads
    assert africa(after) == africa(before) - 1


def test_the_uncached_computation_never_reads_the_cache(cohorts, loads):
    results()
    loads.clear()
    compute_indicators(default_scope())
    assert loads  # the workbook and the command always compute


def test_an_export_after_the_dashboard_reuses_its_results(cohorts, loads, tmp_path):
    from evaluation.workbook import build_workbook

    build_workbook(tmp_path / "cold.xlsx")
    assert ("follow_up",) in loads  # OUT-1 computed: it alone reads the follow-up phase
    results()
    loads.clear()
    build_workbook(tmp_path / "warm.xlsx")
    assert ("follow_up",) not in loads  # read from the cache the dashboard filled
