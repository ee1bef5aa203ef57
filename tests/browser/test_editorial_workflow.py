"""An editor builds a data-driven infographic in the Wagtail admin; a reviewer publishes it."""

import pytest
from django.contrib.auth.models import Group

from cms.models import InfographicPage, ResourceLibraryPage, StakeholderPage
from cms.roles import COMMUNICATIONS_EDITORS, REVIEWERS

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser]


def log_in(browser, live_site, username, password):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{live_site}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_site}/admin/")
    return page


def submit_for_moderation(page, click=None) -> None:
    """Submit from the editor's footer: one click when "Submit for moderation" is the primary
    button (cms/action_menu.py), two while it sits in the footer's dropdown."""
    click = click or (lambda locator: locator.click())
    submit = page.locator("footer button[name=action-submit]").first
    if not submit.is_visible():
        click(page.locator("footer button.w-dropdown__toggle").first)
    click(page.locator("footer button[name=action-submit]:visible").first)


def make_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password=f"{username}-secret-2026")
    user.groups.add(Group.objects.get(name=group_name))
    return username, f"{username}-secret-2026"


def test_editor_submits_an_infographic_and_a_reviewer_publishes_it(
    live_site, browser, django_user_model
):
    library = ResourceLibraryPage.objects.get(locale__language_code="en")
    editor = make_user(django_user_model, "edith", COMMUNICATIONS_EDITORS)
    reviewer = make_user(django_user_model, "rafael", REVIEWERS)

    page = log_in(browser, live_site, *editor)
    page.goto(f"{live_site}/admin/pages/add/cms/infographicpage/{library.pk}/")
    page.fill("#id_title", "Spending after the first year")
    page.fill("#id_summary", "What the workshop and the scoping study have cost so far.")
    # The chart is there, ready to fill; its data is one grid of tab-separated rows.
    page.fill("[name='charts-0-value-title']", "Spent by output")
    page.fill("[name='charts-0-value-description']", "The workshop cost CHF 45,000.")
    page.select_option("[name='charts-0-value-chart_type']", "bar")
    page.fill(
        "[name='charts-0-value-data']", "Output\tSpent\nScoping study\t12000\nWorkshop\t45000"
    )
    page.fill("[name='charts-0-value-unit']", "CHF")
    page.get_by_label("SMEs and the private sector").check()
    page.select_option("#id_crisis_phase", "response")
    # Editors cannot publish: their only way out is the review workflow.
    assert page.locator("button[name=action-publish]").count() == 0
    submit_for_moderation(page)
    page.wait_for_url(f"{live_site}/admin/pages/{library.pk}/")

    infographic = InfographicPage.objects.get(title="Spending after the first year")
    assert not infographic.live
    assert infographic.workflow_in_progress
    stakeholders = StakeholderPage.objects.get(slug="smes", locale__language_code="en")
    public = browser.new_context(bypass_csp=True).new_page()  # for axe-core
    public.goto(f"{live_site}{stakeholders.url}")
    assert public.get_by_text("Spending after the first year").count() == 0

    page = log_in(browser, live_site, *reviewer)
    page.goto(f"{live_site}/admin/pages/{infographic.pk}/edit/")
    # Approve is the footer's primary button for a reviewer (cms/action_menu.py): one click.
    page.locator(
        "footer .w-dropdown-button > button[data-workflow-action-name=approve]"
        ":not([data-workflow-action-modal-url])"
    ).click()
    page.wait_for_url(f"{live_site}/admin/pages/{library.pk}/")
    infographic.refresh_from_db()
    assert infographic.live

    public.goto(f"{live_site}{stakeholders.url}")
    public.get_by_role("link", name="Spending after the first year").click()
    assert public.locator("svg.chart__svg--wide rect").count() == 2  # and 2 in the narrow one
    assert public.locator(".chart__data td").all_text_contents() == [
        "12,000\u00a0CHF",
        "45,000\u00a0CHF",
    ]
    assert_accessible(public)
    public.goto(f"{live_site}{library.url}?group=smes")
    assert public.get_by_role("link", name="Spending after the first year").count() == 1
