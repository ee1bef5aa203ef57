from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .fields import SAME_SLUG_IN_EVERY_LANGUAGE
from .resources import RESOURCE_KINDS, live_resources


class ResourceLibraryPage(Page):
    """Every resource in the page's language, filtered by audience, kind, phase and topic."""

    introduction = models.TextField(_("introduction"), blank=True)
    per_page = 12

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = [f"cms.{kind.__name__}" for kind in RESOURCE_KINDS]
    max_count_per_parent = 1
    override_translatable_fields = [SAME_SLUG_IN_EVERY_LANGUAGE]

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        from ..forms import ResourceFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET, locale=self.locale)
        resources = form.filter(live_resources(self.locale))
        page = Paginator(resources, self.per_page).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            resources=page,
            filter_query=query.urlencode(),
            is_filtered=any(form.cleaned_data.values()),
        )
        return context
