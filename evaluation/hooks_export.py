"""The review-workbook export in the admin: its URLs and its entry in the Reports menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .export_views import (
    EXPORT_PERMISSION,
    export_download,
    export_retry,
    export_review,
    export_status,
)


@hooks.register("register_admin_urls")
def export_admin_urls():
    return [
        path("evaluation/export/", export_review, name="evaluation_export_review"),
        path("evaluation/export/<int:pk>/", export_status, name="evaluation_export_status"),
        path("evaluation/export/<int:pk>/retry/", export_retry, name="evaluation_export_retry"),
        path(
            "evaluation/export/<int:pk>/download/",
            export_download,
            name="evaluation_export_download",
        ),
    ]


class ExportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(EXPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def export_menu_item():
    return ExportMenuItem(
        _("Review workbook"),
        reverse("evaluation_export_review"),
        name="review-workbook",
        icon_name="download",
        order=970,
    )
