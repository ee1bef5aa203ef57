"""The public page of the expert roster: the directory of vetted, consenting experts and the
nomination form. Its view is experts.pages; translated through wagtail-localize."""

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


class AssistanceRequestPage(Page):
    """The public form on which an IP office in a crisis asks the network for help."""

    introduction = models.TextField(_("introduction"), blank=True)
    privacy_note = models.TextField(
        _("privacy note"),
        blank=True,
        help_text=_("Shown above the send button: who sees the request and for how long."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("privacy_note"),
    ]
    subpage_types: list[str] = []
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]
    cache_page = False  # its form carries a per-visitor CSRF token

    class Meta:
        verbose_name = _("assistance request form")

    def serve(self, request, *args, **kwargs):
        from ..pages import assistance_request_form

        return assistance_request_form(request, self)
