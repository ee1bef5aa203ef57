"""The page editor's primary footer button: Approve for a reviewer with a task on the page,
Submit for moderation for an editor who cannot publish, Wagtail's Save draft for the rest."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import StandardPage
from cms.roles import COMMUNICATIONS_EDITORS, REVIEWERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("edith", password="edith-secret-2026")
    user.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    return user


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("rafael", password="rafael-secret-2026")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def draft(demo_site, editor) -> StandardPage:
    page = StandardPage(
        title="Opening hours in a crisis", slug="opening-hours", live=False, body=[]
    )
    page.body = [("paragraph", "<p>The office stays reachable by mail.</p>")]
    demo_site.add_child(instance=page)
    page.save_revision(user=editor)
    return page


@pytest.fixture
def awaiting_review(draft, editor) -> StandardPage:
    draft.get_workflow().start(draft, editor)
    return draft


# Before a moved primary button: what Enter in a field clicks (a plain save, as before).
HIDDEN_DEFAULT = '<button type="submit" class="w-hidden" hidden tabindex="-1"></button>'


def primary_action(client, page: StandardPage) -> tuple[str, str]:
    """The footer's visible button: (its opening tag, its text)."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    footer = response.content.decode().split('aria-label="Actions (footer)">', 1)[1]
    found = re.match(
        rf'\s*(?:<div class="w-dropdown-button">\s*)?(?:{HIDDEN_DEFAULT}\s*)?'
        r"(<(button|a)\b[^>]*>)(.*?)</\2>",
        footer,
        re.S,
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", found[3]).split())
    return found[1], text


def test_a_reviewer_with_a_task_sees_approve_as_the_primary_button(
    client, reviewer, awaiting_review
):
    client.force_login(reviewer)
    tag, text = primary_action(client, awaiting_review)
    assert 'data-workflow-action-name="approve"' in tag
    # The plain approval: no comment dialog in the way.
    assert "data-workflow-action-modal-url" not in tag
    assert text == "Approve and Publish"
    # Enter in a field must not approve: the first submit button is a plain, hidden save.
    assert HIDDEN_DEFAULT in client.get(f"/admin/pages/{awaiting_review.pk}/edit/").content.decode()


def test_an_editor_who_cannot_publish_sees_submit_as_the_primary_button(client, editor, draft):
    client.force_login(editor)
    tag, text = primary_action(client, draft)
    assert 'name="action-submit"' in tag
    assert text == "Submit to Review and publish"
    # Save draft is still one click away, in the drop-up.
    assert "Save draft" in client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()


def test_an_editor_creating_a_page_submits_with_the_primary_button(client, editor, demo_site):
    client.force_login(editor)
    response = client.get(f"/admin/pages/add/cms/standardpage/{demo_site.pk}/")
    footer = response.content.decode().split('aria-label="Actions (footer)">', 1)[1]
    assert re.match(
        rf'\s*<div class="w-dropdown-button">\s*{HIDDEN_DEFAULT}\s*'
        r'<button[^>]*name="action-submit"',
        footer,
    )


def test_an_editor_waiting_for_review_keeps_wagtails_order(client, editor, awaiting_review):
    # The task locks the page for them: Wagtail offers cancelling, and nothing is moved.
    client.force_login(editor)
    tag, text = primary_action(client, awaiting_review)
    assert text == "Cancel workflow"


def test_admins_without_a_task_keep_wagtails_order(client, superuser, draft):
    client.force_login(superuser)
    tag, text = primary_action(client, draft)
    assert "action-save" in tag
    assert text == "Save draft"


def approve_form() -> dict:
    return nested_form_data(
        {
            "title": "Opening hours in a crisis",
            "slug": "opening-hours",
            "introduction": "",
            "body": streamfield(
                [("paragraph", rich_text("<p>The office stays reachable by mail.</p>"))]
            ),
            "comments": inline_formset([]),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        }
    )


def test_the_primary_approve_button_approves_and_publishes(client, reviewer, awaiting_review):
    client.force_login(reviewer)
    response = client.post(f"/admin/pages/{awaiting_review.pk}/edit/", approve_form())
    assert response.status_code == 302
    awaiting_review.refresh_from_db()
    assert awaiting_review.live
    state = WorkflowState.objects.get(object_id=str(awaiting_review.pk))
    assert state.status == WorkflowState.STATUS_APPROVED


def test_an_editor_cannot_approve_by_posting_the_action(client, editor, awaiting_review):
    client.force_login(editor)
    client.post(f"/admin/pages/{awaiting_review.pk}/edit/", approve_form())
    awaiting_review.refresh_from_db()
    assert not awaiting_review.live
    assert awaiting_review.workflow_in_progress
