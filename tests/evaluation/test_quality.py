"""Data quality (risk 1) and participation (risk 2): the checks on values, the report over a
small hand-built cohort and over the demo, and the evaluators' page in the admin."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission

from evaluation.indicators.data import ItemInfo, Person, PhaseAnswers, SurveyData
from evaluation.quality import (
    DRAFT,
    DUPLICATE,
    SAME_EMAIL,
    SAME_NAME,
    STRAIGHT_LINE,
    Identity,
    describe,
    duplicate_groups,
    name_key,
    quality_from_data,
    quality_report,
    straight_line,
)
from evaluation.registry import default_scope
from evaluation.roles import EVALUATORS
from tests.evaluation import (
    answer,
    competence_instrument,
    feedback_instrument,
    make_cohort,
    make_participant,
    ratings,
)

pytestmark = pytest.mark.django_db

URL = "/admin/indicators/quality/"
GENEVA = "geneva-regional-workshop"


# --- The checks, on values ---


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3, 3, 3, 3, 3], 3),
        ([5.0] * 18, 5.0),
        ([3, 3, 3, 3], None),  # four answers can agree by chance
        ([3, 3, 3, 3, 4], None),
        ([3, 3, 3, 3, 9, 3], 3),  # "can't judge" (9) is no rating
        ([9, 9, 9, 9, 9], None),
        ([], None),
    ],
)
def test_straight_lining_needs_enough_identical_ratings(values, expected):
    assert straight_line(values) == expected


def test_names_compare_without_case_accents_or_punctuation():
    assert name_key("José  Pérez-Ruiz") == name_key("jose perez ruiz") == "jose perez ruiz"
    assert name_key("Zhāng Wěi") == "zhang wei"
    assert name_key("  ") == ""


def test_duplicates_within_a_cohort_by_email_or_name_and_country():
    people = [
        Identity(1, "a", "Amina Diallo", "amina@example.org", "SN"),
        Identity(2, "a", "A. Diallo", "AMINA@example.org ", "SN"),  # same e-mail, other case
        Identity(3, "a", "Ana Lopez", "", "MX"),
        Identity(4, "a", "ana  LÓPEZ", "", "MX"),  # same name and country
        Identity(5, "a", "Ana Lopez", "", "AR"),  # same name, another country
        Identity(6, "b", "Amina Diallo", "amina@example.org", "SN"),  # another cohort
        Identity(7, "a", "", "", "SN"),
        Identity(8, "a", "", "", "SN"),  # no name, no e-mail: nothing to compare
    ]
    assert duplicate_groups(people) == [([1, 2], SAME_EMAIL), ([3, 4], SAME_NAME)]


def test_a_group_joined_by_name_and_by_email_gives_the_email():
    people = [
        Identity(1, "a", "Li Na", "", "CN"),
        Identity(2, "a", "Li Na", "li@example.org", "CN"),
        Identity(3, "a", "Other", "li@example.org", "CN"),
    ]
    assert duplicate_groups(people) == [([1, 2, 3], SAME_EMAIL)]


def hand_built(values: dict[str, float], phases=("pre", "post")) -> SurveyData:
    """One participant (id 1) of cohort "c" who answered the PRE with `values`."""
    items = {f"r{n}": ItemInfo(f"r{n}", "rating") for n in range(1, 7)}
    return SurveyData(
        people={1: Person(1, "c")},
        items=items,
        phase_items={("c", phase): tuple(items) for phase in phases},
        responses={(1, "pre"): PhaseAnswers(1, "pre", values=values)} if "pre" in phases else {},
        domains={},
        cohorts={"c": "C"},
    )


def test_straight_lining_counts_only_the_ratings_given():
    data = hand_built({"r1": 3, "r2": 3, "r3": 3, "r4": 3, "r5": 3, "r6": 9})  # 9: can't judge
    _cohorts, findings = quality_from_data(data, [Identity(1, "c")], [])
    (straight,) = [f for f in findings if f.issue == STRAIGHT_LINE]
    assert straight.detail == {"value": 3, "items": 5}
    assert describe(straight, {}) == "3 to all 5 rating items"


def test_each_duplicate_gets_its_own_reason():
    people = [
        Identity(1, "c", "Li Na", "", "CN"),
        Identity(2, "c", "Li Na", "li@example.org", "CN"),
        Identity(3, "c", "Other", "LI@example.org", "CN"),
    ]
    _cohorts, findings = quality_from_data(hand_built({}, phases=()), people, [])
    reasons = {f.participant_id: f.detail["reason"] for f in findings if f.issue == DUPLICATE}
    assert reasons == {1: SAME_NAME, 2: SAME_EMAIL, 3: SAME_EMAIL}
    first = next(f for f in findings if f.participant_id == 1)
    assert describe(first, {2: "B", 3: "C"}) == "Same name and country as B, C"


def test_no_match_rate_where_nothing_is_matched():
    (cohort,), findings = quality_from_data(
        hand_built({}, phases=("feedback",)), [Identity(1, "c")], []
    )
    assert cohort.enrolled == 1 and not cohort.asks_competence
    assert cohort.match_rate is None and findings == []


def test_a_missing_response_whose_window_is_open_is_pending():
    data = hand_built({f"r{n}": n % 5 + 1 for n in range(1, 7)})
    _c, (pre_only,) = quality_from_data(data, [Identity(1, "c")], [], unclosed={("c", "post")})
    assert pre_only.issue == "pre_only" and pre_only.detail == {"pending": "post"}
    assert describe(pre_only, {}) == "Window not closed yet: After (POST)"
    _c, (closed,) = quality_from_data(data, [Identity(1, "c")], [])
    assert closed.detail == {}


# --- The report, over the database ---


@pytest.fixture
def small_cohort(db):
    """Seven participants, one case each (r1–r5 ratings; four answered make a valid S)."""
    competence, feedback = competence_instrument(), feedback_instrument()
    cohort = make_cohort(
        "eval-quality", {"pre": competence, "post": competence, "feedback": feedback}
    )
    people = {}

    def person(key, **fields):
        people[key] = make_participant(cohort, f"EVQ-{key}", **fields)
        return people[key]

    matched = person("matched", name="Amina Diallo", email="amina@example.org")
    answer(matched, "pre", ratings(2, 3, 2, 3, 2))
    answer(matched, "post", ratings(3, 4, 3, 4, 4))
    answer(matched, "feedback", {"usefulness": "5", "relevance": "4"})
    again = person("again", name="Amina DIALLO", email="Amina@Example.org")
    answer(again, "post", ratings(4, 4, 3, 4, 4))
    straight = person("straight")
    answer(straight, "pre", ratings(3, 3, 3, 3, 3))
    answer(straight, "post", ratings(4, 3, 4, 4, 5))
    pre_only = person("pre-only")
    answer(pre_only, "pre", ratings(1, 2, 2, 1, 2))
    answer(pre_only, "post", ratings(3, 3, 3, 3, 3), submitted=False)  # a draft
    thin = person("thin")
    answer(thin, "pre", ratings(2, 2, None, None, 3))  # three of five: not valid
    answer(thin, "post", ratings(3, 3, 4, 4, 3))
    person("silent")
    return cohort, people


def test_the_report_finds_each_case_once(small_cohort):
    cohort, people = small_cohort
    report = quality_report(default_scope(cohorts=["eval-quality"]))
    (row,) = report.cohorts
    assert (row.enrolled, row.matched) == (6, 2)
    assert row.excluded == {
        "no_response": 1, "invalid_pre": 1, "invalid_post": 0, "pre_only": 1, "post_only": 1,
    }  # fmt: skip
    assert (row.drafts, row.straight_lined, row.duplicates) == (1, 1, 2)
    assert row.match_rate == pytest.approx(2 / 6)
    found = {(f.issue, f.participant_id, f.phase) for f in report.findings}
    assert found == {
        (DUPLICATE, people["matched"].pk, ""),
        (DUPLICATE, people["again"].pk, ""),
        (STRAIGHT_LINE, people["straight"].pk, "pre"),
        (DRAFT, people["pre-only"].pk, "post"),
        ("pre_only", people["pre-only"].pk, ""),
        ("post_only", people["again"].pk, ""),
        ("invalid_pre", people["thin"].pk, "pre"),
        ("no_response", people["silent"].pk, ""),
    }
    thin = next(f for f in report.findings if f.issue == "invalid_pre")
    names = {pid: p.code for p in people.values() for pid in [p.pk]}
    assert describe(thin, names) == "3 of 5 rating items answered"
    duplicate = next(f for f in report.findings if f.participant_id == people["again"].pk)
    assert describe(duplicate, names) == "Same e-mail as EVQ-matched"
    straight = next(f for f in report.findings if f.issue == STRAIGHT_LINE)
    assert describe(straight, names) == "3 to all 5 rating items"


def test_response_rates_per_phase_and_low_ones_flagged(small_cohort):
    report = quality_report(default_scope(cohorts=["eval-quality"]))
    rates = {row.phase.phase: (row.participants, row.started, row.submitted, row.rate)
             for row in report.participation}  # fmt: skip
    assert rates == {
        "pre": (6, 4, 4, 66.7),
        "post": (6, 5, 4, 66.7),
        "feedback": (6, 1, 1, 16.7),
    }
    assert [row.phase.phase for row in report.low_rates()] == ["feedback"]
    # Before the phases open there is no rate to judge yet.
    earlier = min(row.opens_at for row in report.participation) - datetime.timedelta(days=1)
    assert quality_report(default_scope(cohorts=["eval-quality"]), now=earlier).low_rates() == []


def test_the_region_filter_narrows_the_counts(small_cohort):
    cohort, people = small_cohort
    people["silent"].country = "BR"
    people["silent"].save()
    africa = quality_report(default_scope(cohorts=["eval-quality"], region="africa"))
    assert africa.cohorts[0].enrolled == 5
    assert {row.participants for row in africa.participation} == {5}
    assert africa.totals()["no_response"] == 0


def test_the_report_costs_the_same_queries_for_more_participants(
    small_cohort, django_assert_max_num_queries
):
    cohort, _people = small_cohort
    with django_assert_max_num_queries(15):
        quality_report(default_scope(cohorts=["eval-quality"]))
    for n in range(20):
        extra = make_participant(cohort, f"EVQ-extra-{n}", name=f"Extra {n % 5}")
        answer(extra, "pre", ratings(2, 2, 2, 3, 3))
    with django_assert_max_num_queries(15):
        report = quality_report(default_scope(cohorts=["eval-quality"]))
    assert report.cohorts[0].enrolled == 26
    # Five names four times each, and the two of the fixture.
    assert report.cohorts[0].duplicates == 22


def test_the_demo_has_its_planted_problems():
    report = quality_report(default_scope())
    totals = report.totals()
    # One person enrolled twice in the Geneva workshop (the e-mail typed in capitals); one
    # straight-liner before and one after; two drafts.
    assert totals[DUPLICATE] == 2 and totals[STRAIGHT_LINE] == 2 and totals[DRAFT] == 2
    duplicates = [f for f in report.findings if f.issue == DUPLICATE]
    assert {f.cohort for f in duplicates} == {GENEVA}
    assert {f.detail["reason"] for f in duplicates} == {SAME_EMAIL}
    # The counts agree with OBJ-1's flow.
    from evaluation.registry import compute_indicators

    flow = dict((r.id, r) for _i, r in compute_indicators())["OBJ-1"].details["flow"]
    assert sum(c.enrolled for c in report.cohorts) == flow["enrolled"]
    assert sum(c.matched for c in report.cohorts) == flow["matched"]
    for reason, count in flow["excluded"].items():
        assert totals[reason] == count


# --- The page ---


@pytest.fixture
def evaluator(django_user_model):
    user = django_user_model.objects.create_user("quality-evaluator", password="x" * 12)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return user


def test_an_evaluator_reads_the_report_with_links_to_the_records(client, evaluator, small_cohort):
    cohort, people = small_cohort
    client.force_login(evaluator)
    response = client.get(URL, {"cohort": "eval-quality"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    summary = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in soup.find(id="quality-summary").tbody.find_all("tr")
    }
    assert summary["Enrolled more than once"] == "2"
    assert summary["Same answer to every rating item"] == "1"
    assert summary["Phases with a low response rate"] == "1"
    duplicates = soup.find(id="quality-duplicate")
    links = {a.get_text(): a["href"] for a in duplicates.select("tbody th a")}
    assert set(links) == {"EVQ-matched", "EVQ-again"}
    assert links["EVQ-again"] == f"/admin/snippets/surveys/participant/edit/{people['again'].pk}/"
    assert "Same e-mail as EVQ-matched" in duplicates.get_text()
    participation = soup.find(id="quality-participation").tbody.find_all("tr")
    feedback = next(row for row in participation if "Workshop feedback" in row.get_text())
    assert "Low" in feedback.get_text()
    # Names and e-mails stay on the participant's record.
    assert "Amina" not in response.content.decode()
    assert "amina@example.org" not in response.content.decode().lower()


def test_the_report_speaks_the_evaluators_language(client, evaluator, small_cohort):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(evaluator)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(evaluator)
    html = client.get(URL, {"cohort": "eval-quality"}).content.decode()
    assert 'lang="fr"' in html
    assert "Qualité des données et participation" in html


def test_bad_filters_are_reported_and_the_whole_project_shown(client, evaluator):
    client.force_login(evaluator)
    response = client.get(URL, {"cohort": "nope", "start": "2026-13-45"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".ev-filters [role=alert]")
    assert soup.find(id="quality-cohorts").tbody.find_all("tr")  # every cohort instead


def test_only_evaluators_see_it(client, django_user_model):
    visitor = django_user_model.objects.create_user("quality-visitor", password="x" * 12)
    visitor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(visitor)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert b"quality-summary" not in response.content
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_the_participants_right_is_needed_too(client, django_user_model):
    """Findings link to participants' records: the dashboard's right alone is not enough."""
    budget_only = django_user_model.objects.create_user("quality-budget", password="x" * 12)
    budget_only.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="evaluation", codename="view_budgetactual"),
    )
    client.force_login(budget_only)
    assert client.get("/admin/indicators/").status_code == 200
    assert client.get(URL).status_code in (302, 403)


def test_the_dashboard_links_to_it(client, evaluator):
    client.force_login(evaluator)
    soup = BeautifulSoup(client.get("/admin/indicators/").content, "html.parser")
    assert soup.find("a", href=URL)


def test_other_methods_are_refused(client, evaluator):
    client.force_login(evaluator)
    assert client.post(URL).status_code == 405


def test_the_page_costs_the_same_queries_for_more_participants(
    client, evaluator, small_cohort, django_assert_max_num_queries
):
    cohort, _people = small_cohort
    client.force_login(evaluator)
    client.get(URL)  # warm the session and the settings
    with django_assert_max_num_queries(30) as before:
        assert client.get(URL).status_code == 200
    for n in range(15):
        extra = make_participant(cohort, f"EVQ-page-{n}")
        answer(extra, "pre", ratings(4, 4, 4, 4, 4))  # straight-lined, and PRE only
    with django_assert_max_num_queries(len(before.captured_queries)):
        soup = BeautifulSoup(client.get(URL).content, "html.parser")
    assert len(soup.select("#quality-straight_line tbody tr")) >= 16
