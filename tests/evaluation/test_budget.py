"""The budget plan, its timeline and plan against actual spending, computed in the database;
and the evaluation demo's milestones and spending."""

from decimal import Decimal
from fractions import Fraction

import pytest
from wagtail.models import Locale

from evaluation import budget
from evaluation.demo import ACTUALS, OP2_REFERENCE, load_evaluation_demo
from evaluation.models import BudgetActual, BudgetLine, Milestone
from tests.host import WITH_CMS

pytestmark = pytest.mark.django_db

TOTAL = Decimal("205000")


def spend(quarter: str, output: str, category: str, amount: str, note: str = "") -> None:
    BudgetActual.objects.create(
        quarter=quarter,
        output=output,
        cost_category=category,
        amount_chf=Decimal(amount),
        note=note,
    )


@pytest.fixture
def spending():
    """A small, hand-checked set of entries in place of the demo's."""
    BudgetActual.objects.all().delete()
    spend("y1q1", "scoping-study", "individual-services", "12000")
    spend("y1q2", "scoping-study", "individual-services", "3000", note="Final instalment")
    spend("y1q2", "scoping-study", "staff-missions", "4500")
    spend("y1q3", "workshop", "third-party-travel", "57000")
    spend("y1q3", "workshop", "conferences", "10000", note="=cmd|' /C calc'!A0")
    spend("y1q4", "awareness-tools", "publishing", "2500")


def test_the_plan_totals_205000_both_ways():
    assert sum(budget.PLAN_BY_OUTPUT.values()) == TOTAL
    assert sum(budget.PLAN_BY_CATEGORY.values()) == TOTAL
    by_output = BudgetLine.objects.filter(cost_category="")
    by_category = BudgetLine.objects.filter(output="")
    assert by_output.count() == 6
    assert by_category.count() == 6
    assert sum(line.planned_chf for line in by_output) == TOTAL
    assert sum(line.planned_chf for line in by_category) == TOTAL


def test_loading_the_plan_again_adds_nothing_and_keeps_a_revision():
    BudgetLine.objects.filter(output="workshop").update(planned_chf=Decimal("90000"))
    BudgetLine.objects.filter(cost_category="publishing").delete()
    assert budget.load_budget_plan() == 1
    assert budget.load_budget_plan() == 0
    assert BudgetLine.objects.get(output="workshop").planned_chf == Decimal("90000")
    assert BudgetLine.objects.get(cost_category="publishing").planned_chf == Decimal("10000")


def test_the_timeline_runs_each_output_in_its_quarters():
    assert budget.outputs_in_quarter("y1q1") == ("scoping-study",)
    assert budget.outputs_in_quarter("y1q2") == ("scoping-study", "experts")
    assert budget.outputs_in_quarter("y1q3") == ("workshop", "experts", "awareness-tools")
    assert budget.outputs_in_quarter("y2q1") == ("experts", "awareness-tools")
    assert budget.outputs_in_quarter("y2q2") == ("review", "side-event")
    for output in budget.PLAN_BY_OUTPUT:
        assert sum(budget.quarter_weights(output).values()) == 1


def test_the_phased_plan_keeps_20000_a_year_for_the_tools_and_adds_up():
    assert budget.quarter_weights("awareness-tools") == {
        "y1q3": Fraction(1, 4),
        "y1q4": Fraction(1, 4),
        "y2q1": Fraction(1, 2),
    }
    phased = budget.phase_plan(budget.PLAN_BY_OUTPUT)
    assert phased == {
        "y1q1": Decimal("15000"),
        "y1q2": Decimal("17500"),  # scoping study 15,000 + experts 2,500
        "y1q3": Decimal("107500"),  # workshop 95,000 + experts 2,500 + tools 10,000
        "y1q4": Decimal("12500"),
        "y2q1": Decimal("22500"),  # experts 2,500 + tools 20,000
        "y2q2": Decimal("30000"),
    }
    assert sum(phased.values()) == TOTAL


def test_phasing_an_odd_amount_adds_up_to_the_cent():
    phased = budget.phase_plan({"experts": Decimal("10000.01"), "awareness-tools": Decimal("1")})
    assert sum(phased.values()) == Decimal("10001.01")
    assert phased["y1q3"] == Decimal("2500.25")


def test_utilisation_by_output(spending, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = budget.utilisation_by_output()
    table = {row.key: (row.planned, row.actual, row.utilisation) for row in rows}
    assert list(table) == list(budget.PLAN_BY_OUTPUT)
    assert table["scoping-study"] == (Decimal("30000"), Decimal("19500"), 0.65)
    assert table["workshop"] == (Decimal("95000"), Decimal("67000"), pytest.approx(67 / 95))
    assert table["awareness-tools"] == (Decimal("40000"), Decimal("2500"), 0.0625)
    assert table["review"] == (Decimal("15000"), Decimal("0"), 0.0)
    assert rows[0].label == "Scoping study"
    assert rows[0].utilisation_percent == 65.0


def test_utilisation_by_category(spending, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = budget.utilisation_by_category()
    table = {row.key: (row.actual, row.utilisation) for row in rows}
    assert table["individual-services"] == (Decimal("15000"), pytest.approx(15 / 85))
    assert table["third-party-travel"] == (Decimal("57000"), 1.14)  # overspent
    assert table["conferences"] == (Decimal("10000"), 0.5)
    assert table["publishing"] == (Decimal("2500"), 0.25)
    assert table["other-services"] == (Decimal("0"), 0.0)
    total = budget.total(rows, "Total")
    assert (total.planned, total.actual) == (TOTAL, Decimal("89000"))


def test_nothing_planned_gives_no_utilisation(spending):
    BudgetLine.objects.filter(output="workshop").delete()
    workshop = next(row for row in budget.utilisation_by_output() if row.key == "workshop")
    assert (workshop.planned, workshop.actual) == (Decimal("0"), Decimal("67000"))
    assert workshop.utilisation is None
    assert workshop.utilisation_percent is None


def test_spending_by_quarter(spending, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = budget.spending_by_quarter()
    assert [row.key for row in rows] == budget.QUARTERS
    q1, q2, q3, q4, y2q1, y2q2 = rows
    assert (q1.planned, q1.actual, q1.utilisation) == (Decimal("15000"), Decimal("12000"), 0.8)
    assert (q2.actual, q2.cumulative_actual) == (Decimal("7500"), Decimal("19500"))
    assert q3.actual == Decimal("67000")
    assert q3.outputs == ("workshop", "experts", "awareness-tools")
    assert q3.output_labels[0] == "Workshop"
    assert (q4.cumulative_planned, q4.cumulative_actual) == (Decimal("152500"), Decimal("89000"))
    assert (y2q1.actual, y2q1.utilisation) == (Decimal("0"), 0.0)
    assert y2q2.cumulative_planned == TOTAL


def test_notes_by_quarter_put_the_note_first(spending, django_assert_num_queries):
    with django_assert_num_queries(1):
        notes = budget.notes_by_quarter()
    assert notes == {
        "y1q2": ["Final instalment (Scoping study, Individual contractual services)"],
        "y1q3": ["=cmd|' /C calc'!A0 (Workshop, Conferences)"],
    }


def test_the_demo_enters_year_one_only_and_runs_again_without_change():
    # The session's load_demo ran the evaluation demo already.
    assert load_evaluation_demo() == {"milestones_created": 0, "actuals_created": 0}
    assert BudgetActual.objects.count() == len(ACTUALS)
    assert not BudgetActual.objects.filter(quarter__startswith="y2").exists()
    late_invoice = {("y1q4", "workshop")}
    entered = set(BudgetActual.objects.values_list("quarter", "output")) - late_invoice
    assert all(quarter in budget.TIMELINE[output] for quarter, output in entered)


def test_the_demo_milestones():
    published = Milestone.objects.get(indicator="op-1")
    approved = Milestone.objects.get(indicator="op-2")
    assert published.reached_on and approved.reached_on
    if WITH_CMS:  # linked to the site's scoping study, which the site's feed names
        assert published.page.specific_class.__name__ == "PublicationPage"
        assert published.page.slug == "scoping-study"  # not the project document
        assert published.page.locale == Locale.get_default()
    else:
        assert published.page is None
    assert approved.document_reference == OP2_REFERENCE


def test_the_demo_refills_what_is_missing_without_overwriting():
    Milestone.objects.filter(indicator="op-1").delete()
    BudgetActual.objects.filter(quarter="y1q1", output="scoping-study").update(
        amount_chf=Decimal("1")
    )
    BudgetActual.objects.filter(quarter="y1q4").delete()
    result = load_evaluation_demo()
    assert result == {"milestones_created": 1, "actuals_created": 4}
    assert set(
        BudgetActual.objects.filter(quarter="y1q1", output="scoping-study").values_list(
            "amount_chf", flat=True
        )
    ) == {Decimal("1")}
