from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin

from ..blocks import FooterLinkBlock, SocialLinkBlock


class SiteFooter(TranslatableMixin, models.Model):
    """The footer of every page: contact details and links, one per language."""

    contact_heading = models.CharField(_("contact heading"), max_length=80)
    address = models.TextField(_("address"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    links = StreamField([("link", FooterLinkBlock())], blank=True, verbose_name=_("links"))
    social_links = StreamField(
        [("social", SocialLinkBlock())], blank=True, verbose_name=_("social networks")
    )

    panels = [
        FieldPanel("contact_heading"),
        FieldPanel("address"),
        FieldPanel("contact_email"),
        FieldPanel("links"),
        FieldPanel("social_links"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site footer")
        verbose_name_plural = _("site footer")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.locale.language_code})"

    @classmethod
    def for_active_language(cls) -> "SiteFooter | None":
        """The footer in the visitor's language, else the source language's."""
        footers = {f.locale_id: f for f in cls.objects.select_related("locale")}
        active = Locale.get_active()
        return footers.get(active.pk) or footers.get(Locale.get_default().pk)
