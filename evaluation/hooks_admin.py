"""The evaluators' admin for the evaluation's own data: milestones, the budget plan and actual
spending under one "Evaluation" menu, the Budget report
(plan against actual, exportable), and the evaluation's part of `python manage.py load_demo`.

Every view goes through the evaluation model permissions, which only the Evaluators group (and
superusers) holds (evaluation.roles)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from surveys.exports import SafeSpreadsheetExportMixin

from . import budget
from .models import BudgetActual, BudgetLine, Milestone

REPORT_PERMISSION = "evaluation.view_budgetactual"


# --- Milestones ---


class MilestoneViewSet(SnippetViewSet):
    model = Milestone
    icon = "flag"
    list_display = ["indicator", "reached_on", "page", "document_reference"]
    copy_view_enabled = False  # one milestone per indicator


# --- Budget ---


class BudgetLineForm(WagtailAdminModelForm):
    """The plan gives amounts by output and, separately, by cost category: a line is one or
    the other (the database refuses both or neither, with no message a person could use)."""

    def clean(self):
        cleaned = super().clean()
        output, category = cleaned.get("output"), cleaned.get("cost_category")
        if bool(output) == bool(category):
            raise ValidationError(
                gettext("Choose an output or a cost category: one of the two, not both.")
            )
        return cleaned


class BudgetLineViewSet(SnippetViewSet):
    model = BudgetLine
    icon = "table"
    menu_label = _("Budget plan")
    list_display = ["__str__", "output", "cost_category", "planned_chf"]
    list_filter = ["output", "cost_category"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("output"), FieldPanel("cost_category")]),
            FieldPanel("planned_chf"),
        ],
        base_form_class=BudgetLineForm,
    )


class BudgetActualViewSet(SnippetViewSet):
    """One amount per quarter, output and cost category; a second entry for the same cell is
    refused by the form (the unique constraint), so totals are never counted twice."""

    model = BudgetActual
    icon = "decimal"
    menu_label = _("Actual spending")
    list_display = ["quarter", "output", "cost_category", "amount_chf", "note"]
    list_filter = ["quarter", "output"]
    search_fields = ["note"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldRowPanel(
                [FieldPanel("quarter"), FieldPanel("output"), FieldPanel("cost_category")]
            ),
            FieldPanel("amount_chf"),
            FieldPanel("note"),
        ]
    )


class EvaluationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Evaluation")
    menu_icon = "clipboard-list"
    menu_order = 335
    items = (
        MilestoneViewSet,
        BudgetLineViewSet,
        BudgetActualViewSet,
    )


register_snippet(EvaluationViewSetGroup)


# --- The Budget report ---


@dataclass(frozen=True)
class ReportLine:
    """A row of the report's export: the section it belongs to and its figures."""

    section: str
    row: budget.BudgetRow
    outputs: str = ""
    notes: str = ""


def _amount(value: Decimal) -> Decimal:
    return value.quantize(budget.CENT)


class BudgetReportView(SafeSpreadsheetExportMixin, ReportView):
    """Plan against actual spending by output, by cost category and by quarter beside the
    timeline; exported as one sheet with a section column."""

    page_title = _("Budget")
    header_icon = "table"
    index_url_name = "evaluation_budget_report"
    index_results_url_name = "evaluation_budget_report_results"
    results_template_name = "evaluation/admin/budget_report_results.html"
    paginate_by = None
    list_export = [
        "section",
        "row.label",
        "outputs",
        "row.planned",
        "row.actual",
        "row.utilisation_percent",
        "notes",
    ]
    custom_field_preprocess = {
        "row.planned": {ReportView.FORMAT_CSV: _amount, ReportView.FORMAT_XLSX: _amount},
        "row.actual": {ReportView.FORMAT_CSV: _amount, ReportView.FORMAT_XLSX: _amount},
        "row.utilisation_percent": {ReportView.FORMAT_CSV: None, ReportView.FORMAT_XLSX: None},
    }

    @property
    def export_headings(self) -> dict[str, str]:
        return {
            "section": gettext("Section"),
            "row.label": gettext("Heading"),
            "outputs": gettext("Outputs running"),
            "row.planned": gettext("Planned (CHF)"),
            "row.actual": gettext("Spent (CHF)"),
            "row.utilisation_percent": gettext("Utilisation (%)"),
            "notes": gettext("Notes"),
        }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> list[ReportLine]:
        by_output = budget.utilisation_by_output()
        by_category = budget.utilisation_by_category()
        by_quarter = budget.spending_by_quarter()
        notes = budget.notes_by_quarter()
        total_label = gettext("Total")
        self.sections = {
            "by_output": (by_output, budget.total(by_output, total_label)),
            "by_category": (by_category, budget.total(by_category, total_label)),
            "by_quarter": (by_quarter, budget.total(by_quarter, total_label)),
        }
        self.notes = notes
        lines = []
        for key, section in [
            ("by_output", gettext("By output")),
            ("by_category", gettext("By cost category")),
        ]:
            rows, row_total = self.sections[key]
            lines += [ReportLine(section, row) for row in [*rows, row_total]]
        rows, row_total = self.sections["by_quarter"]
        section = gettext("By quarter")
        lines += [
            ReportLine(
                section,
                row,
                outputs="; ".join(row.output_labels),
                notes="; ".join(notes.get(row.key, [])),
            )
            for row in rows
        ]
        lines.append(ReportLine(section, row_total))
        return lines

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["by_output"], context["by_output_total"] = self.sections["by_output"]
        context["by_category"], context["by_category_total"] = self.sections["by_category"]
        rows, context["by_quarter_total"] = self.sections["by_quarter"]
        context["by_quarter"] = [(row, self.notes.get(row.key, [])) for row in rows]
        return context

    def get_filename(self) -> str:
        return "budget"


@hooks.register("register_admin_urls")
def evaluation_admin_urls():
    return [
        path("reports/budget/", BudgetReportView.as_view(), name="evaluation_budget_report"),
        path(
            "reports/budget/results/",
            BudgetReportView.as_view(results_only=True),
            name="evaluation_budget_report_results",
        ),
    ]


class BudgetMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def budget_menu_item():
    return BudgetMenuItem(
        _("Budget"),
        reverse("evaluation_budget_report"),
        name="budget",
        icon_name="table",
        order=960,
    )


# --- Demo ---


@hooks.register("load_demo_content")
def load_evaluation_demo_content(user=None, stdout=None) -> dict:
    from .demo import load_evaluation_demo

    result = load_evaluation_demo(user=user)
    if stdout is not None:
        if result["milestones_created"] or result["actuals_created"]:
            stdout.write(
                f"Evaluation: {result['milestones_created']} milestones and "
                f"{result['actuals_created']} quarterly spending entries (year 1)."
            )
        else:
            stdout.write("Evaluation milestones and spending already present; nothing to add.")
    return result


# --- What the participant's review page calls a score that counts ---


@hooks.register("surveys_validity_share")
def validity_share() -> float:
    """OBJ-1's validity threshold, so a participant is told before sending when their
    self-ratings would be too few to count."""
    from .registry import thresholds_from_settings

    return float(thresholds_from_settings().validity)
