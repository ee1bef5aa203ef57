"""The evaluators' dashboard in the admin: its URL, a top-level "Indicators" menu item and a
panel on the admin home linking straight to each indicator's detail, shown only to those who
may see it (the view checks the permission again)."""

from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .dashboard import SHORT_NAMES
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


class IndicatorsPanel(Component):
    """The nine indicators as links to their cards: one click from the admin home to a detail,
    on a phone too (no menu to unfold). Reads nothing from the database."""

    name = "evaluation_indicators"
    order = 60

    def render_html(self, parent_context=None) -> str:
        url = reverse("evaluation_dashboard")
        links = format_html_join(
            "",
            '<li><a href="{}#indicator-{}"><strong>{}</strong> {}</a></li>',
            ((url, key, key, name) for key, name in SHORT_NAMES.items()),
        )
        return format_html(
            '<section class="panel w-mb-10" aria-labelledby="ev-home-indicators-heading">'
            '<h2 id="ev-home-indicators-heading" class="w-h3"><a href="{}">{}</a></h2>'
            "<ul>{}</ul></section>",
            url,
            gettext("Indicators at a glance"),
            links,
        )


@hooks.register("construct_homepage_panels")
def add_indicators_panel(request, panels) -> None:
    if request.user.has_perm(PERMISSION):
        panels.append(IndicatorsPanel())
