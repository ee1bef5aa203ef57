from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import body_blocks
from .fields import SAME_SLUG_IN_EVERY_LANGUAGE


class StandardPage(Page):
    """Everything that is not a resource: about the project, contact, accessibility, …"""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    override_translatable_fields = [SAME_SLUG_IN_EVERY_LANGUAGE]

    class Meta:
        verbose_name = _("standard page")
