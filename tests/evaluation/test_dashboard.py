"""The evaluators' dashboard through its real HTTP path: the nine cards against the computed
indicators, the charts and their tables, the breakdowns, the filters (and bad ones), who may
see it, and a query count that does not grow with the participants."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.users.models import UserProfile

from evaluation import charts, dashboard
from evaluation.quality import quality_report
from evaluation.registry import BY_ID, compute_indicators, default_scope
from evaluation.roles import EVALUATORS
from tests.evaluation import (
    answer,
    competence_instrument,
    feedback_instrument,
    make_cohort,
    make_participant,
    ratings,
)
from tests.host import WITH_CMS

pytestmark = pytest.mark.django_db

URL = "/admin/indicators/"
ONLINE = "online-business-continuity"
GENEVA = "geneva-regional-workshop"


@pytest.fixture
def evaluator(django_user_model):
    user = django_user_model.objects.create_user("dashboard-evaluator", password="x" * 12)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return user


@pytest.fixture
def admin_user_without_rights(django_user_model):
    user = django_user_model.objects.create_user("dashboard-visitor", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def page(client, **params) -> BeautifulSoup:
    response = client.get(URL, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def results(**filters) -> dict:
    return {result.id: result for _i, result in compute_indicators(default_scope(**filters))}


def card_text(soup: BeautifulSoup, indicator_id: str, part: str) -> str:
    card = soup.find(id=f"indicator-{indicator_id}")
    return card.select_one(f".ev-card__{part}").get_text(strip=True)


# --- What an evaluator sees ---


def test_an_evaluator_sees_nine_cards_with_the_demo_values(client, evaluator):
    client.force_login(evaluator)
    soup = page(client)
    cards = soup.select("li.ev-card")
    assert len(cards) == 9
    pairs = compute_indicators()
    assert [card["id"] for card in cards] == [f"indicator-{r.id}" for _i, r in pairs]
    for indicator, result in pairs:
        card = soup.find(id=f"indicator-{result.id}")
        assert card["data-status"] == result.status
        assert card_text(soup, result.id, "value") == dashboard.value_text(result)
        assert card_text(soup, result.id, "fraction") == dashboard.fraction_text(result)
        assert card_text(soup, result.id, "interval") == dashboard.format_interval(
            result.ci_low, result.ci_high
        )
        text = card.get_text(" ", strip=True)
        assert str(indicator.wording) in text
        assert str(indicator.verification) in text
        assert str(dashboard.STATUS_LABELS[result.status]) in text  # status in words too
    # The demo's figures, as the indicators command prints them.
    assert card_text(soup, "OBJ-1", "value") == "78.5%"
    assert card_text(soup, "OBJ-1", "fraction") == "84 / 107"
    assert card_text(soup, "OBJ-1", "interval") == "69.8%–85.2%"
    assert card_text(soup, "OBJ-1", "target") == "At least 60%"
    assert card_text(soup, "OP-3", "value") == "2"
    # OUT-2 is a count of experts: a number, never a dash beside its numerator.
    out2 = results()["OUT-2"]
    assert out2.value == out2.numerator > 0
    assert card_text(soup, "OUT-2", "value") == str(out2.numerator)
    assert card_text(soup, "OP-1", "value") == "Reached"


def test_the_charts_are_images_with_a_title_a_description_and_a_table(client, evaluator):
    client.force_login(evaluator)
    soup = page(client)
    svgs = soup.select("svg.ev-chart")
    assert [svg.find_parent("figure")["id"] for svg in svgs] == [
        "chart-shares",
        "chart-flow",
        "chart-sensitivity",
        "chart-usefulness",
    ]
    for svg in svgs:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text(strip=True)
        assert svg.find("desc", id=desc_id).get_text(strip=True)
        table = svg.find_next_sibling()
        assert table.name == "table" and table.caption.get_text(strip=True)

    def table_rows(slug):
        table = soup.find(id=f"chart-{slug}").find("table")
        return [
            [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.tbody.find_all("tr")
        ]

    demo = results()
    assert [row[0] for row in table_rows("shares")] == ["OBJ-1", "OP-4", "OP-5", "OP-6"]
    assert table_rows("shares")[0][1:3] == ["78.5%", "69.8%–85.2%"]
    flow = demo["OBJ-1"].details["flow"]
    assert [row[1] for row in table_rows("flow")] == [
        str(flow[key]) for key in ("enrolled", "pre_valid", "post_valid", "matched", "analysed")
    ]
    assert len(table_rows("sensitivity")) == len(demo["OBJ-1"].details["sensitivity"])
    usefulness = table_rows("usefulness")
    assert [row[0] for row in usefulness] == ["1", "2", "3", "4", "5", "Can't judge"]
    assert sum(int(row[1]) for row in usefulness[:5]) == demo["OP-4"].denominator
    assert int(usefulness[5][1]) == demo["OP-4"].details["cant_judge"]
    # The scale chart draws a whisker and a target line for OBJ-1, and no bar for no value.
    # Without cms, OP-6 has no site feed to read: "Not enough data" and no bar.
    bars = len(soup.find(id="chart-shares").select("svg.ev-chart rect title"))
    assert bars == (4 if WITH_CMS else 3)


def test_breakdowns_name_the_groups_and_give_small_cells_counts_only(client, evaluator):
    client.force_login(evaluator)
    soup = page(client)
    demo = results()
    for indicator_id in ("OBJ-1", "OP-4"):
        for dimension in ("region", "sex", "office_type", "stakeholder_group", "language"):
            table = soup.find(id=f"breakdown-{indicator_id}-{dimension}")
            rows = table.tbody.find_all("tr")
            expected = demo[indicator_id].disaggregations[dimension]
            assert len(rows) == len(expected)
            small = [row for row in rows if "counts only" in row.get_text()]
            assert len(small) == sum(1 for row in expected if row["value"] is None)
            for row in small:
                assert "%" not in row.get_text()
        cohorts = soup.find(id=f"breakdown-{indicator_id}-cohort").get_text(" ")
        assert "Online training: business continuity for IP offices" in cohorts
    regions = soup.find(id="breakdown-OBJ-1-region").get_text(" ")
    assert "Africa" in regions and "Asia and the Pacific" in regions
    assert "asia-pacific" not in regions
    offices = soup.find(id="breakdown-OP-4-office_type").get_text(" ")
    assert "National IP office" in offices
    assert soup.find(id="breakdown-OBJ-1-office_type").find(string="fewer than 5: counts only")


# --- At a glance: the summary strip, the contents, the way back ---


def strip_rows(soup: BeautifulSoup) -> list[dict]:
    table = soup.find(id="indicator-summary")
    assert table.caption.get_text(strip=True)
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 4
    return [
        {
            "id": row["data-indicator"],
            "status": row["data-status"],
            "link": row.th.a["href"],
            "name": row.th.get_text(" ", strip=True),
            "status_text": row.select_one(".ev-strip__status").get_text(strip=True),
            "value": row.select_one(".ev-strip__value").get_text(strip=True),
            "target": row.select_one(".ev-strip__target").get_text(strip=True),
        }
        for row in table.tbody.find_all("tr")
    ]


def test_the_summary_strip_matches_the_indicators_command(client, evaluator):
    client.force_login(evaluator)
    soup = page(client)
    out = StringIO()
    call_command("indicators", "--json", stdout=out)
    expected = json.loads(out.getvalue())
    rows = strip_rows(soup)
    assert [row["id"] for row in rows] == [row["id"] for row in expected]
    assert len(rows) == 9
    for row, command in zip(rows, expected, strict=True):
        assert row["status"] == command["status"]
        assert row["status_text"] == str(dashboard.STATUS_LABELS[command["status"]])
        assert row["value"] == dashboard.format_value(command["value"], command["kind"])
        indicator = BY_ID[command["id"]]
        assert row["target"] == dashboard.format_target(
            indicator, command["kind"], command["target"]
        )
        # Each row leads to its card below.
        assert row["link"] == f"#indicator-{command['id']}"
        assert soup.find(id=row["link"][1:]).name == "li"
    by_id = {row["id"]: row for row in rows}
    assert by_id["OBJ-1"]["value"] == "78.5%" and by_id["OBJ-1"]["target"] == "At least 60%"
    out2 = next(row for row in expected if row["id"] == "OUT-2")
    assert isinstance(out2["value"], float) and out2["value"] == out2["numerator"] > 0
    assert by_id["OUT-2"]["value"] == str(out2["numerator"])
    assert by_id["OP-3"]["value"] == "2"
    assert by_id["OP-1"]["value"] in ("Reached", "Not reached")
    # The strip comes first, before the filters and the cards.
    order = [
        tag.get("id")
        for tag in soup.select("#ev-summary, details.ev-filters-disclosure, #ev-cards-heading")
    ]
    assert order[0] == "ev-summary" and order[-1] == "ev-cards-heading"


def test_the_strip_counts_the_data_quality_warnings(client, evaluator):
    client.force_login(evaluator)
    soup = page(client)
    report = quality_report(default_scope())
    count = len(report.findings) + len(report.low_rates())
    link = soup.find(id="ev-quality-link")
    assert link["href"] == "/admin/indicators/quality/"
    assert link.get_text(" ", strip=True) == f"{count} data-quality warnings"


def test_the_contents_lead_to_every_part_and_each_card_back(client, evaluator):
    client.force_login(evaluator)
    soup = page(client)
    nav = soup.find("nav", attrs={"aria-labelledby": "ev-contents-heading"})
    hrefs = [a["href"] for a in nav.find_all("a")]
    assert "#ev-summary" in hrefs and "/admin/indicators/quality/" in hrefs
    for _indicator, result in compute_indicators():
        assert f"#indicator-{result.id}" in hrefs
    for href in hrefs:
        if href.startswith("#"):
            assert soup.find(id=href[1:]), href
    assert any("review" in a.get_text() for a in nav.find_all("a"))  # the export
    backs = [card.select_one(".ev-card__back a") for card in soup.select("li.ev-card")]
    assert len(backs) == 9
    assert {a["href"] for a in backs} == {"#ev-summary"}
    assert {a.get_text(strip=True) for a in backs} == {"Back to summary"}


def test_the_filters_are_folded_and_say_what_is_in_force(client, evaluator):
    client.force_login(evaluator)
    details = page(client).select_one("details.ev-filters-disclosure")
    assert not details.has_attr("open")
    assert details.find("form", class_="ev-filters")
    summary = details.summary.get_text(" ", strip=True)
    assert summary == ("Filters Cohorts: all · Region: all · Period: any · Thresholds: default")
    details = page(client, cohort=ONLINE, start="2026-01-01").select_one("details")
    assert not details.has_attr("open")
    summary = details.summary.get_text(" ", strip=True)
    assert "Cohorts: Online training: business continuity" in summary
    assert "Period: from 2026-01-01" in summary
    # A wrong filter opens it, with the error inside.
    soup = page(client, start="2026-13-45")
    details = soup.select_one("details.ev-filters-disclosure")
    assert details.has_attr("open")
    assert details.find(attrs={"role": "alert"})
    assert soup.select_one(".ev-strip__invalid a")["href"] == "#ev-filters-heading"


# --- Filters ---


def test_filtering_by_cohort_changes_obj1s_denominator(client, evaluator):
    client.force_login(evaluator)
    everyone = results()["OBJ-1"]
    online = results(cohorts=ONLINE)["OBJ-1"]
    assert online.denominator != everyone.denominator
    soup = page(client, cohort=ONLINE)
    assert card_text(soup, "OBJ-1", "fraction") == f"{online.numerator} / {online.denominator}"
    assert "Online training: business continuity" in soup.select_one(".ev-scope").get_text()
    assert not soup.find(attrs={"role": "alert"})
    # Region and period filter too.
    africa = results(region="africa")["OBJ-1"]
    soup = page(client, region="africa", start="2020-01-01", end="2030-12-31")
    assert card_text(soup, "OBJ-1", "fraction") == f"{africa.numerator} / {africa.denominator}"


@pytest.mark.parametrize(
    "params",
    [
        {"cohort": "no-such-cohort"},
        {"region": "atlantis"},
        {"start": "2026-13-45"},
        {"end": "yesterday"},
        {"start": "2026-06-01", "end": "2026-01-01"},
        {"cohort": ONLINE, "start": "99999-01-01"},
    ],
)
def test_bad_filters_show_a_message_and_the_unfiltered_figures(client, evaluator, params):
    client.force_login(evaluator)
    soup = page(client, **params)
    alert = soup.find(attrs={"role": "alert"})
    assert alert and "not valid" in alert.get_text()
    assert soup.select(".ev-filters .error-message, .ev-filters .w-field__errors")
    everyone = results()["OBJ-1"]
    assert card_text(soup, "OBJ-1", "fraction") == f"{everyone.numerator} / {everyone.denominator}"
    assert "Showing every cohort, region and date." in soup.get_text()


def test_the_review_export_is_linked_only_when_it_exists(client, evaluator, monkeypatch):
    from evaluation import dashboard_views

    client.force_login(evaluator)
    monkeypatch.setattr(dashboard_views, "EXPORT_URL_NAME", "no-such-url-name")
    assert "review workbook" not in page(client).get_text()
    monkeypatch.setattr(dashboard_views, "EXPORT_URL_NAME", "evaluation_budget_report")
    links = [a for a in page(client).find_all("a") if "review workbook" in a.get_text()]
    # The button and the contents entry.
    assert [a["href"] for a in links] == ["/admin/reports/budget/"] * 2


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_admin_language_renders_and_arabic_mirrors(client, evaluator, language):
    profile = UserProfile.get_for_user(evaluator)
    profile.preferred_language = language
    profile.save()
    client.force_login(evaluator)
    soup = page(client)
    assert len(soup.select("li.ev-card")) == 9
    direction = "rtl" if language == "ar" else "ltr"
    assert {svg["direction"] for svg in soup.select("svg.ev-chart")} == {direction}


# --- Who may see it ---


def test_a_plain_admin_user_is_denied_and_has_no_menu_item(client, admin_user_without_rights):
    client.force_login(admin_user_without_rights)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
    assert b"ev-card" not in response.content
    assert URL not in client.get("/admin/").content.decode()


def test_an_evaluator_has_the_menu_item_and_the_home_panel(client, evaluator):
    client.force_login(evaluator)
    home = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert home.find("a", href=URL)
    panel = home.find("section", attrs={"aria-labelledby": "ev-home-indicators-heading"})
    links = [a["href"] for a in panel.find_all("a")]
    # One click from the admin home to each indicator's detail.
    assert links[1:] == [f"{URL}#indicator-{r.id}" for _i, r in compute_indicators()]
    assert panel.find("a", href=f"{URL}#indicator-OUT-2").get_text(" ", strip=True) == (
        "OUT-2 Experts in the network"
    )


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- Cost ---

# Measured: 60 on the demo (session and user, the admin's menu and settings, cohorts, regions,
# thresholds, the cache's two counts per cohort, each indicator's fixed few loads — OUT-2's
# include the experts per region and the requests' counts and waits — and the nine of the
# quality report behind the strip's warnings count: people, drafts, response rates); a
# little room for Wagtail's own. Once cached, the survey-based indicators and the warnings
# count read nothing.
MAX_QUERIES = 63
CACHED_QUERIES = 34


def test_the_page_costs_a_bounded_number_of_queries(
    client, evaluator, django_assert_max_num_queries
):
    client.force_login(evaluator)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(CACHED_QUERIES):
        assert client.get(URL).status_code == 200
    # More cohorts and participants, with answers to every phase: the same bound.
    competence, feedback = competence_instrument(), feedback_instrument()
    for c in range(3):
        cohort = make_cohort(f"eval-dash-{c}", {"pre": competence, "post": competence,
                                                "feedback": feedback})  # fmt: skip
        for n in range(15):
            person = make_participant(cohort, f"EVD-{c}-{n:02d}", country="KE")
            answer(person, "pre", ratings(2, 2, 2, 2, 2, knowledge=(1, 1)))
            answer(person, "post", ratings(3, 3, 3, 3, 3, knowledge=(1, 2)))
            answer(person, "feedback", {"usefulness": str(1 + n % 5)})
    with django_assert_max_num_queries(MAX_QUERIES):
        soup = BeautifulSoup(client.get(URL).content, "html.parser")
    assert card_text(soup, "OBJ-1", "fraction").endswith(f"/ {results()['OBJ-1'].denominator}")
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(URL, {"cohort": "eval-dash-1", "region": "africa"}).status_code == 200


# --- The pieces, without HTTP ---


def test_the_scale_clamps_and_mirrors_for_right_to_left():
    row = charts.ScaleRow("X", 0.5, "50%", 0.3, 1.2, 0.6)
    ltr = charts.scale([row], [(0, "0%"), (1, "100%")])
    rtl = charts.scale([row], [(0, "0%"), (1, "100%")], rtl=True)
    (bar,), (mirrored,) = ltr.rects, rtl.rects
    assert mirrored.x == pytest.approx(charts.WIDTH - bar.x - bar.width)
    whisker = [line for line in ltr.lines if line.colour == charts.WHISKER_COLOUR][0]
    right_end = (
        charts.MARGIN
        + charts.LABEL_WIDTH
        + (charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH - 2 * charts.MARGIN)
    )
    assert whisker.x2 == pytest.approx(right_end)  # 1.2 is drawn at the end of the scale
    assert charts.scale([charts.ScaleRow("Y", None, "—")], []).rects == []


def test_shares_and_counts_read_in_the_active_language():
    from django.utils import translation

    assert dashboard.format_share(0.785) == "78.5%"
    assert dashboard.format_share(None) == "—"
    with translation.override("fr"):
        assert dashboard.format_share(0.785) == "78,5\u00a0%"
        assert dashboard.format_count(1234) == "1\u202f234"
