"""Regions are data: the five regions of the WIPO development sector's bureaus by default,
each country (ISO 3166) mapped to one, with its category. Evaluators can change the mapping."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class CountryCategory(models.TextChoices):
    LDC = "ldc", _("Least developed country")
    DEVELOPING = "developing", _("Developing country")
    TRANSITION = "transition", _("Country in transition")
    DEVELOPED = "developed", _("Developed country")


class CountryRegion(models.Model):
    country = CountryField(_("country"), unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="countries"
    )
    category = models.CharField(_("category"), max_length=20, choices=CountryCategory.choices)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries and regions")
        ordering = ["country"]

    def __str__(self) -> str:
        return f"{self.country.name} — {self.region}"
