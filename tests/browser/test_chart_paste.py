"""An editor creates a chart infographic from the admin home by pasting a table copied from a
spreadsheet, sees the chart drawn in the editor, and submits it for review; every click is
counted (the journey took 19 clicks and 11 typed fields with one "Add" per value)."""

import pytest

from cms.models import InfographicPage, ResourceLibraryPage
from cms.roles import COMMUNICATIONS_EDITORS

from .conftest import assert_accessible
from .test_editorial_workflow import log_in, make_user, submit_for_moderation

pytestmark = [pytest.mark.browser]

GRID = (
    "Output\tBudget\tSpent\n"
    "Scoping study\t30000\t12000\n"
    "Workshop\t95000\t45000\n"
    "Awareness tools\t40000\t38500.5"
)


class Counter:
    """Every click and every typed field of the journey, counted as it happens."""

    def __init__(self) -> None:
        self.clicks = 0
        self.typed = 0

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def choose(self, locator, value: str) -> None:  # a <select>: one click to choose
        self.clicks += 1
        locator.select_option(value)

    def type(self, locator, text: str) -> None:
        self.typed += 1
        locator.fill(text)


def test_an_editor_pastes_a_table_previews_the_chart_and_submits_it(
    live_site, browser, django_user_model
):
    library = ResourceLibraryPage.objects.get(locale__language_code="en")
    editor = make_user(django_user_model, "paula", COMMUNICATIONS_EDITORS)
    page = log_in(browser, live_site, *editor)  # the admin home
    count = Counter()

    create = page.locator("section[aria-labelledby=cms-create-heading]")
    count.click(create.get_by_role("link", name="Infographic", exact=True))
    page.wait_for_url(f"{live_site}/admin/pages/add/cms/infographicpage/{library.pk}/")

    count.type(page.locator("#id_title"), "Budget and spending by output")
    count.type(page.locator("#id_summary"), "What three outputs were given and have spent.")
    # The chart is open, ready to fill: no "Insert a block", no "Add" per value.
    count.type(page.locator("[name='charts-0-value-title']"), "Budget and spending")
    count.type(
        page.locator("[name='charts-0-value-description']"),
        "The workshop has spent CHF 45,000 of its CHF 95,000.",
    )
    grid = page.locator("[name='charts-0-value-data']")
    assert grid.input_value() == ""
    count.click(grid)
    page.keyboard.insert_text(GRID)  # what a paste puts in the textarea
    count.typed += 1

    preview = page.locator(".chart-grid__preview svg.chart__svg--wide")
    preview.wait_for()
    assert preview.locator("rect").count() == 6  # 3 outputs × 2 series, drawn by the server
    assert page.locator(".chart-grid__errors li").count() == 0
    cells = page.locator(".chart-grid__cells input")
    assert cells.count() == 12  # the same table, as a grid of cells
    assert cells.nth(11).input_value() == "38500.5"
    assert cells.nth(11).get_attribute("aria-label") == "Row 4, column 3"

    count.type(page.locator("[name='charts-0-value-unit']"), "CHF")
    count.click(page.get_by_label("SMEs and the private sector"))
    count.choose(page.locator("#id_crisis_phase"), "response")
    assert page.locator("button[name=action-publish]").count() == 0  # editors cannot publish
    submit_for_moderation(page, count.click)
    page.wait_for_url(f"{live_site}/admin/pages/{library.pk}/")

    infographic = InfographicPage.objects.get(title="Budget and spending by output")
    assert infographic.workflow_in_progress and not infographic.live
    data = infographic.charts[0].value["data"]
    assert data["categories"] == ["Scoping study", "Workshop", "Awareness tools"]
    assert [str(v) for v in data["series"][1]["values"]] == ["12000", "45000", "38500.5"]
    assert not [b for b in infographic.body if b.block_type == "chart"]

    print(f"\nchart infographic journey: {count.clicks} clicks, {count.typed} typed fields")
    assert count.clicks < 10

    page.goto(f"{live_site}/admin/pages/{infographic.pk}/edit/")
    page.locator(".chart-grid__preview svg.chart__svg--wide").wait_for()
    assert_accessible(page)


def test_a_typing_error_is_shown_beside_the_grid(live_site, browser, django_user_model):
    library = ResourceLibraryPage.objects.get(locale__language_code="en")
    editor = make_user(django_user_model, "paul", COMMUNICATIONS_EDITORS)
    page = log_in(browser, live_site, *editor)
    page.goto(f"{live_site}/admin/pages/add/cms/infographicpage/{library.pk}/")
    for name in ("title", "description", "data", "unit", "source"):  # an empty chart to fill
        assert page.locator(f"[name='charts-0-value-{name}']").input_value() == ""
    page.locator("[name='charts-0-value-data']").fill("Output\tBudget\nWorkshop\t1.234,5")
    error = page.locator(".chart-grid__errors li").first
    error.wait_for()
    assert "row 2, column 2" in error.inner_text()
    assert "1,234.5" in error.inner_text()
