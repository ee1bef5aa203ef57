"""OUT-1 on hand-computed examples: the pure computation, then from the database."""

import pytest

from evaluation.indicators.data import Person, Scope
from evaluation.indicators.follow_up import Report, follow_up_from_answers, out1
from evaluation.indicators.stats import NOT_ENOUGH_DATA, REPORTED
from evaluation.indicators.thresholds import Thresholds
from tests.evaluation import answer, follow_up_instrument, make_cohort, make_participant

TH = Thresholds()
REGIONS = {"SN": "Africa", "KE": "Africa", "GH": "Africa", "MX": "Latin America"}


def person(pid: int, country: str, office_type: str, cohort: str = "c1") -> Person:
    return Person(pid, cohort, country, REGIONS[country], office_type=office_type)


PEOPLE = {
    1: person(1, "SN", "national_ip_office"),
    2: person(2, "SN", "national_ip_office"),  # the same office as 1
    3: person(3, "KE", "national_ip_office"),
    4: person(4, "KE", "copyright_office"),  # another office in Kenya, no answer
    5: person(5, "MX", "national_ip_office"),
    6: person(6, "MX", "academia"),  # not an IP office
    7: person(7, "GH", "national_ip_office"),
}
REPORTS = {
    1: Report(True, "2026-05-01", "https://example.org/sn-bcp.pdf", 2),
    2: Report(False),  # disagrees with 1
    3: Report(False),
    5: Report(True, "2026-04-15", "", 3),
    6: Report(True, "2026-06-01", "https://example.org/uni.pdf", 1),
    7: Report(None),  # left the question unanswered
}


def test_no_data():
    result = follow_up_from_answers({}, {}, TH)
    assert (result.id, result.level, result.target) == ("OUT-1", "outcome", "reported")
    assert result.status == NOT_ENOUGH_DATA and result.value is None
    assert result.details["participating_offices"] == 0
    # Offices took part but none answered: still no data.
    result = follow_up_from_answers({7: Report(None)}, PEOPLE, TH)
    assert result.status == NOT_ENOUGH_DATA
    assert result.details["participating_offices"] == 5


def test_offices_by_hand():
    result = follow_up_from_answers(REPORTS, PEOPLE, TH)
    details = result.details
    # IP offices: SN, KE and MX national offices, KE's copyright office, GH's national office.
    assert (result.numerator, result.denominator, result.value) == (2, 5, 2)
    assert result.status == REPORTED
    assert details["responding_offices"] == 3  # SN, KE national, MX; GH left it blank
    assert details["conflicting_offices"] == 1  # SN said yes and no
    assert details["respondents"] == 4
    assert details["share"] == pytest.approx(0.4)
    assert details["response_rate"] == pytest.approx(0.6)
    assert details["share_of_responding"] is None  # 3 responding offices: too few
    assert details["documents"] == 1
    assert [(row["country"], row["date"], row["document"]) for row in details["evidence"]] == [
        ("MX", "2026-04-15", ""),
        ("SN", "2026-05-01", "https://example.org/sn-bcp.pdf"),
    ]
    assert details["evidence"][1]["region"] == "Africa" and details["evidence"][1]["scope"] == 2
    assert "participant_id" not in details["evidence"][0]


def test_every_organisation_when_asked():
    result = follow_up_from_answers(REPORTS, PEOPLE, TH, office_types=None)
    assert (result.numerator, result.denominator) == (3, 6)
    assert result.details["share"] == 0.5
    assert len(result.details["evidence"]) == 3
    assert result.details["office_types"] is None


def test_threshold_changes():
    result = follow_up_from_answers(REPORTS, PEOPLE, Thresholds(min_n=1))
    assert result.details["share_of_responding"] == pytest.approx(2 / 3)
    result = follow_up_from_answers(REPORTS, PEOPLE, Thresholds(min_n=6))
    assert result.details["share"] is None and result.status == REPORTED


def test_disaggregations():
    result = follow_up_from_answers(REPORTS, PEOPLE, Thresholds(min_n=1))
    assert set(result.disaggregations) == {"region", "office_type"}
    region = {row["group"]: row for row in result.disaggregations["region"]}
    assert (region["Africa"]["offices"], region["Africa"]["reporting"]) == (4, 1)
    assert region["Africa"]["value"] == 0.25
    assert (region["Latin America"]["offices"], region["Latin America"]["value"]) == (1, 1.0)
    office = {row["group"]: row for row in result.disaggregations["office_type"]}
    assert (office["national_ip_office"]["offices"], office["national_ip_office"]["reporting"]) == (
        4,
        2,
    )
    assert office["copyright_office"]["value"] == 0.0
    for name, rows in result.disaggregations.items():
        assert sum(row["offices"] for row in rows) == 5, name
        assert sum(row["reporting"] for row in rows) == 2, name


# --- From the database ----------------------------------------------------------------------


@pytest.fixture
def cohort(db):
    return make_cohort("eval-follow-up", {"follow_up": follow_up_instrument()})


def test_out1_from_the_database(cohort, django_assert_num_queries):
    yes = make_participant(cohort, "EVF-1", country="SN")
    answer(
        yes,
        "follow_up",
        {
            "framework-adopted": "1",
            "framework-date": "2026-05-01",
            "framework-scope": "3",
            "framework-document": "https://example.org/sn.pdf",
        },
    )
    no = make_participant(cohort, "EVF-2", country="KE")
    answer(no, "follow_up", {"framework-adopted": "2"})
    draft = make_participant(cohort, "EVF-3", country="GH")
    answer(draft, "follow_up", {"framework-adopted": "1"}, submitted=False)
    for n in range(2):
        make_participant(cohort, f"EVF-X{n}", country=["MX", "CO"][n])

    with django_assert_num_queries(7):
        result = out1(Scope(cohorts=[cohort], regions=REGIONS))
    assert result.status == REPORTED
    assert (result.numerator, result.denominator, result.value) == (1, 5, 1)
    assert result.details["share"] == pytest.approx(0.2)
    (evidence,) = result.details["evidence"]
    assert evidence["date"] == "2026-05-01"
    assert evidence["document"] == "https://example.org/sn.pdf"
    assert evidence["scope"] == 3
    assert evidence["submitted_at"] is not None
    assert evidence["region"] == "Africa"

    # More participants, the same number of queries.
    for n in range(12):
        extra = make_participant(cohort, f"EVF-Y{n}", country="FR", office_type="copyright_office")
        answer(extra, "follow_up", {"framework-adopted": "1"})
    with django_assert_num_queries(7):
        result = out1(Scope(cohorts=[cohort], regions=REGIONS))
    assert (result.numerator, result.denominator) == (2, 6)  # France's copyright office: one
