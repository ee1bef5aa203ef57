"""Who a resource is for and what it is about: stakeholder groups, topics, crisis phases."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from ..blocks import KeyMessageBlock
from .fields import SAME_SLUG_IN_EVERY_LANGUAGE


class CrisisPhase(models.TextChoices):
    PREVENTION = "prevention", _("Prevention")
    PREPAREDNESS = "preparedness", _("Preparedness")
    RESPONSE = "response", _("Response")
    RECOVERY = "recovery", _("Recovery")


class TaxonomyTerm(TranslatableMixin, index.Indexed, models.Model):
    """A translatable term whose slug is the same in every language (filters, URLs, codes)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Used in filter links; the same in every language.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [SAME_SLUG_IN_EVERY_LANGUAGE]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class StakeholderGroup(TaxonomyTerm):
    description = models.TextField(_("short description"))
    icon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("icon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("icon"),
        FieldPanel("sort_order"),
    ]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_group_slug_per_locale")
        ]


class Topic(TaxonomyTerm):
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]


class StakeholderPage(Page):
    """One audience: what it needs to hear in a crisis, and the resources made for it."""

    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    introduction = models.TextField(_("introduction"))
    key_messages = StreamField(
        [("message", KeyMessageBlock())], verbose_name=_("key messages in a crisis")
    )

    content_panels = Page.content_panels + [
        FieldPanel("group"),
        FieldPanel("introduction"),
        FieldPanel("key_messages"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = []
    override_translatable_fields = [SAME_SLUG_IN_EVERY_LANGUAGE]

    class Meta:
        verbose_name = _("stakeholder page")

    def get_context(self, request, *args, **kwargs):
        from .resources import resources_for_group

        context = super().get_context(request, *args, **kwargs)
        context["resources_by_kind"] = resources_for_group(self.group, self.locale)
        return context
