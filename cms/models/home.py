from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import OutputBlock, TimelineEntryBlock
from .fields import SAME_SLUG_IN_EVERY_LANGUAGE


class HomePage(Page):
    """The project's dedicated webpage: its objective, outputs and timeline."""

    introduction = models.TextField(
        _("introduction"), help_text=_("One or two sentences under the title.")
    )
    objective = RichTextField(_("objective"), features=["bold", "italic", "link"])
    outputs = StreamField([("output", OutputBlock())], verbose_name=_("outputs"))
    timeline_intro = models.TextField(_("timeline introduction"), blank=True)
    timeline = StreamField(
        [("activity", TimelineEntryBlock())], blank=True, verbose_name=_("timeline")
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("objective"),
        FieldPanel("outputs"),
        FieldPanel("timeline_intro"),
        FieldPanel("timeline"),
    ]

    override_translatable_fields = [SAME_SLUG_IN_EVERY_LANGUAGE]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.StakeholderPage",
        "cms.ResourceLibraryPage",
        "cms.CallForExperiencesPage",
        # The expert network's public pages (by name: cms imports no plugin app).
        "experts.ExpertDirectoryPage",
        "experts.AssistanceRequestPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .taxonomy import StakeholderPage

        context = super().get_context(request, *args, **kwargs)
        context["audience_pages"] = (
            StakeholderPage.objects.child_of(self).live().order_by("group__sort_order")
        )
        return context
