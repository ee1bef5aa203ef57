"""The evaluators' dashboard in the admin: its URL and a top-level "Indicators" menu item,
shown only to those who may see it (the view checks the permission again)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dashboard_views import PERMISSION, dashboard
from .quality_views import quality


@hooks.register("register_admin_urls")
def dashboard_admin_urls():
    return [
        path("indicators/", dashboard, name="evaluation_dashboard"),
        path("indicators/quality/", quality, name="evaluation_quality"),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def dashboard_menu_item() -> MenuItem:
    return DashboardMenuItem(
        _("Indicators"),
        reverse("evaluation_dashboard"),
        name="indicators",
        icon_name="crosshairs",
        order=325,
    )
