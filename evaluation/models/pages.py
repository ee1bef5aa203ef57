"""The public page of the expert roster: the directory of vetted, consenting experts and the
nomination form. Its view is evaluation.pages; translated through wagtail-localize."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField


class ExpertDirectoryPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)
    nomination_intro = models.TextField(
        _("nomination introduction"),
        blank=True,
        help_text=_("Shown above the nomination form: who can be nominated, and how."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("nomination_intro"),
    ]
    subpage_types: list[str] = []
    # One slug in every language (/en/experts/, /ar/experts/), as the site's pages have.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]
    cache_page = False  # its form carries a per-visitor CSRF token

    class Meta:
        verbose_name = _("expert directory")

    def serve(self, request, *args, **kwargs):
        from ..pages import expert_directory

        return expert_directory(request, self)
