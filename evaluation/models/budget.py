"""The budget: the project document's plan by output and by cost category, and the actual
spending evaluators enter per quarter (six quarters: Y1 Q1 … Y2 Q2)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Output(models.TextChoices):
    SCOPING_STUDY = "scoping-study", _("Scoping study")
    WORKSHOP = "workshop", _("Workshop")
    EXPERTS = "experts", _("Expert identification and vetting")
    AWARENESS_TOOLS = "awareness-tools", _("Awareness tools")
    REVIEW = "review", _("Project review")
    SIDE_EVENT = "side-event", _("CDIP side event")


class CostCategory(models.TextChoices):
    STAFF_MISSIONS = "staff-missions", _("Staff missions")
    THIRD_PARTY_TRAVEL = "third-party-travel", _("Third-party travel")
    CONFERENCES = "conferences", _("Conferences")
    PUBLISHING = "publishing", _("Publishing")
    INDIVIDUAL_SERVICES = "individual-services", _("Individual contractual services")
    OTHER_SERVICES = "other-services", _("Other contractual services")


class Quarter(models.TextChoices):
    Y1Q1 = "y1q1", _("Year 1, Q1")
    Y1Q2 = "y1q2", _("Year 1, Q2")
    Y1Q3 = "y1q3", _("Year 1, Q3")
    Y1Q4 = "y1q4", _("Year 1, Q4")
    Y2Q1 = "y2q1", _("Year 2, Q1")
    Y2Q2 = "y2q2", _("Year 2, Q2")


class BudgetLine(models.Model):
    """A planned amount: by output or by cost category (the plan gives both breakdowns)."""

    output = models.CharField(_("output"), max_length=30, choices=Output.choices, blank=True)
    cost_category = models.CharField(
        _("cost category"), max_length=30, choices=CostCategory.choices, blank=True
    )
    planned_chf = models.DecimalField(
        _("planned (CHF)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget plan")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(output="") & ~models.Q(cost_category=""))
                | (~models.Q(output="") & models.Q(cost_category="")),
                name="budget_line_is_output_or_category",
            ),
            models.UniqueConstraint(
                fields=["output", "cost_category"], name="one_budget_line_per_heading"
            ),
        ]

    def __str__(self) -> str:
        return self.get_output_display() or self.get_cost_category_display()


class BudgetActual(models.Model):
    """Spending in a quarter, by output and cost category, as entered by an evaluator."""

    quarter = models.CharField(_("quarter"), max_length=4, choices=Quarter.choices)
    output = models.CharField(_("output"), max_length=30, choices=Output.choices)
    cost_category = models.CharField(
        _("cost category"), max_length=30, choices=CostCategory.choices
    )
    amount_chf = models.DecimalField(
        _("spent (CHF)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("actual spending")
        verbose_name_plural = _("actual spending")
        ordering = ["quarter", "output", "cost_category"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "output", "cost_category"], name="one_actual_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_quarter_display()} — {self.get_output_display()}"
