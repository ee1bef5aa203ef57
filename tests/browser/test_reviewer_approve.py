"""A reviewer approves a page awaiting review from the admin home: Approve is the editor's
primary button, one click once the page is open (it took two with Approve in "⋯")."""

import pytest

from cms.models import HomePage, StandardPage
from cms.roles import COMMUNICATIONS_EDITORS, REVIEWERS

from .test_editorial_workflow import log_in, make_user

pytestmark = [pytest.mark.browser]


def submitted_page(django_user_model) -> StandardPage:
    editor = django_user_model.objects.get(username="edith")
    home = HomePage.objects.get(locale__language_code="en")
    page = StandardPage(title="Opening hours in a crisis", slug="opening-hours", live=False)
    page.body = [("paragraph", "<p>The office stays reachable by mail.</p>")]
    home.add_child(instance=page)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page


def test_a_reviewer_approves_from_the_admin_home_in_two_clicks(
    live_site, browser, django_user_model
):
    make_user(django_user_model, "edith", COMMUNICATIONS_EDITORS)
    reviewer = make_user(django_user_model, "rafael", REVIEWERS)
    page_under_review = submitted_page(django_user_model)

    page = log_in(browser, live_site, *reviewer)  # lands on the admin home
    clicks = 0
    awaiting = page.locator("section", has_text="Awaiting your review")
    awaiting.get_by_role("link", name="Opening hours in a crisis").click()
    clicks += 1
    page.wait_for_url(f"{live_site}/admin/pages/{page_under_review.pk}/edit/")

    primary = page.locator("footer .w-dropdown-button > button:not([hidden])").first
    assert primary.is_visible()
    assert primary.inner_text().strip() == "Approve and Publish"
    primary.click()
    clicks += 1
    page.wait_for_url(f"{live_site}/admin/pages/{page_under_review.get_parent().pk}/")

    page_under_review.refresh_from_db()
    assert page_under_review.live
    assert not page_under_review.workflow_in_progress
    # From the home page: open the page, approve. Before: open, "⋯", approve (3).
    assert clicks == 2


def test_enter_in_a_field_saves_a_draft_and_approves_nothing(live_site, browser, django_user_model):
    make_user(django_user_model, "edith", COMMUNICATIONS_EDITORS)
    reviewer = make_user(django_user_model, "rafael", REVIEWERS)
    page_under_review = submitted_page(django_user_model)

    page = log_in(browser, live_site, *reviewer)
    page.goto(f"{live_site}/admin/pages/{page_under_review.pk}/edit/")
    page.fill("#id_title", "Opening hours during a crisis")
    page.press("#id_title", "Enter")
    page.wait_for_url(f"{live_site}/admin/pages/{page_under_review.pk}/edit/")
    page.wait_for_load_state("networkidle")

    page_under_review.refresh_from_db()
    assert not page_under_review.live
    assert page_under_review.workflow_in_progress
    draft = page_under_review.get_latest_revision_as_object()
    assert draft.title == "Opening hours during a crisis"
