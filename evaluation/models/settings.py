"""The thresholds of the indicator definitions, as a setting evaluators change in the admin
(Settings → Evaluation thresholds); the review workbook's Methodology sheet records them."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

SHARE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


@register_setting(icon="tasks")
class EvaluationSettings(BaseGenericSetting):
    tau = models.DecimalField(
        _("improvement threshold τ (scale points)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("4"))],
    )
    gain = models.DecimalField(
        _("normalised knowledge gain threshold"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.30"),
        validators=SHARE,
    )
    knowledge_decline = models.DecimalField(
        _("knowledge decline that counts (points out of 100)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    ceiling = models.DecimalField(
        _("ceiling: PRE self-rating at or above"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("4.50"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    validity = models.DecimalField(
        _("share of items answered for a valid score"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=SHARE,
    )
    min_n = models.PositiveSmallIntegerField(
        _("minimum number for a share (smaller cells show counts only)"),
        default=5,
        validators=[MinValueValidator(1)],
    )
    obj1_target = models.DecimalField(
        _("OBJ-1 target"), max_digits=3, decimal_places=2, default=Decimal("0.60"), validators=SHARE
    )
    op4_target = models.DecimalField(
        _("OP-4 target"), max_digits=3, decimal_places=2, default=Decimal("0.80"), validators=SHARE
    )
    op4_low_response = models.DecimalField(
        _("OP-4: flag a response rate below"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=SHARE,
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("tau"),
                FieldPanel("gain"),
                FieldPanel("knowledge_decline"),
                FieldPanel("ceiling"),
                FieldPanel("validity"),
            ],
            heading=_("Learning (OBJ-1)"),
        ),
        MultiFieldPanel(
            [FieldPanel("op4_target"), FieldPanel("op4_low_response")],
            heading=_("Reaction (OP-4)"),
        ),
        FieldPanel("obj1_target"),
        FieldPanel("min_n"),
    ]

    class Meta:
        verbose_name = _("evaluation thresholds")
