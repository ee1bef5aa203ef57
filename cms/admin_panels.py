"""A "Create" panel on the Wagtail admin home: one link per resource kind to its add form
under the resource library of the source language, so that an editor starts a new
infographic in one click instead of walking the page tree."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from .models import ResourceLibraryPage
from .models.resources import RESOURCE_KINDS


class CreatePanel(Component):
    name = "cms_create"
    order = 50  # first: what an editor came to do

    class Media:
        css = {"all": ["cms/css/admin-panels.css"]}

    def __init__(self, links: list[tuple[str, str]]) -> None:
        self.links = links

    def render_html(self, parent_context=None) -> str:
        items = format_html_join(
            "",
            '<li><a class="button button-small button-secondary" href="{}">{}</a></li>',
            self.links,
        )
        return format_html(
            '<section class="panel w-mb-10" aria-labelledby="cms-create-heading">'
            '<h2 id="cms-create-heading" class="w-h3">{}</h2>'
            '<ul class="cms-create-panel">{}</ul></section>',
            gettext("Create"),
            items,
        )


def create_links(user) -> list[tuple[str, str]]:
    """(add-form address, kind) for each resource kind the user may add to the library."""
    library = ResourceLibraryPage.objects.filter(locale=Locale.get_default()).first()
    if library is None or not library.permissions_for_user(user).can_add_subpage():
        return []
    return [
        (
            reverse(
                "wagtailadmin_pages:add",
                args=[kind._meta.app_label, kind._meta.model_name, library.pk],
            ),
            str(kind._meta.verbose_name).capitalize(),
        )
        for kind in RESOURCE_KINDS
        if kind.is_creatable
    ]


@hooks.register("construct_homepage_panels")
def add_create_panel(request, panels) -> None:
    links = create_links(request.user)
    if links:
        panels.append(CreatePanel(links))
