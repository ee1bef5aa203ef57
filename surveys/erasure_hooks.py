"""Admin hooks for erasure: its URLs, the "Erase personal data" button on each participant's
row, and the log of erasures under Reports (surveys.erasure_views)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from . import erasure_views
from .models import Participant


@hooks.register("register_admin_urls")
def erasure_admin_urls():
    return [
        path(
            "surveys/participants/<int:pk>/erase/",
            erasure_views.erase,
            name="surveys_erase_participant",
        ),
        path("reports/erasures/", erasure_views.erasures, name="surveys_erasures"),
    ]


@hooks.register("register_snippet_listing_buttons")
def erase_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, Participant)
        and snippet.erased_at is None
        and user.has_perm(erasure_views.ERASE_PERMISSION)
    ):
        return [
            Button(
                _("Erase personal data"),
                reverse("surveys_erase_participant", args=[snippet.pk]),
                icon_name="bin",
                priority=60,
            )
        ]
    return []


class ErasuresMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(erasure_views.LOG_PERMISSION)


@hooks.register("register_reports_menu_item")
def erasures_menu_item():
    return ErasuresMenuItem(
        _("Erasures of personal data"),
        reverse("surveys_erasures"),
        name="erasures",
        icon_name="bin",
        order=960,
    )
