"""The page editor's primary footer button follows what the user is there to do.

Wagtail makes the first item of the action menu the visible button and folds the rest into
the "⋯" drop-up; by default that is "Save draft". A reviewer with a task on the page gets
"Approve" (the plain one, no comment dialog) in its place, and an editor who cannot publish
gets "Submit for moderation". Everyone else keeps Wagtail's order. The server still checks
every action on its own (the edit view validates workflow actions and rights).
"""

from django.forms import Media
from django.http import HttpRequest
from django.utils.html import format_html
from wagtail.admin.action_menu import (
    ActionMenuItem,
    PublishMenuItem,
    SubmitForModerationMenuItem,
    WorkflowMenuItem,
)


class PrimaryAction(ActionMenuItem):
    """Renders `item` as the visible button, after a hidden plain submit button.

    Pressing Enter in a field clicks the form's first submit button: without the hidden one,
    Enter in the title would approve and publish the page. With it, Enter saves a draft, as
    it did while Save draft was the first button.
    """

    def __init__(self, item: ActionMenuItem):
        super().__init__(order=item.order)
        self.item = item
        self.name = item.name

    def render_html(self, parent_context: dict) -> str:
        return format_html(
            '<button type="submit" class="w-hidden" hidden tabindex="-1"></button>{}',
            self.item.render_html(parent_context),
        )

    @property
    def media(self) -> Media:
        return self.item.media


def _plain_approve(item: ActionMenuItem) -> bool:
    return isinstance(item, WorkflowMenuItem) and item.name == "approve" and not item.launch_modal


def primary_action_first(
    menu_items: list[ActionMenuItem], request: HttpRequest, context: dict
) -> None:
    """construct_page_action_menu hook: move the action the user came for to the front."""
    primary = next((item for item in menu_items if _plain_approve(item)), None)
    if primary is None and not any(isinstance(item, PublishMenuItem) for item in menu_items):
        primary = next(
            (item for item in menu_items if isinstance(item, SubmitForModerationMenuItem)), None
        )
    if primary is not None:
        menu_items.remove(primary)
        menu_items.insert(0, PrimaryAction(primary))
