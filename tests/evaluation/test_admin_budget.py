"""The evaluation's admin through its real HTTP paths: actual spending and the budget plan,
countries, the Budget report and its exports, the evaluation thresholds; and nobody else in."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from openpyxl import load_workbook

from evaluation.models import BudgetActual, BudgetLine, EvaluationSettings
from evaluation.roles import EVALUATOR_RIGHTS, EVALUATORS
from regions.models import Region

pytestmark = pytest.mark.django_db

ACTUALS_URL = "/admin/snippets/evaluation/budgetactual/"
ADD_ACTUAL_URL = ACTUALS_URL + "add/"
REPORT_URL = "/admin/reports/budget/"
SETTINGS_URL = "/admin/settings/evaluation/evaluationsettings/"
FORMULA = '=HYPERLINK("http://example.com","x")'


@pytest.fixture
def evaluator(django_user_model):
    user = django_user_model.objects.create_user("budget-evaluator", password="x" * 12)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return user


@pytest.fixture
def admin_user_without_rights(django_user_model):
    """Can log in to the Wagtail admin, holds no evaluation permission."""
    user = django_user_model.objects.create_user("budget-visitor", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def spending():
    """Three hand-checked entries in place of the demo's."""
    BudgetActual.objects.all().delete()
    for quarter, output, category, amount, note in [
        ("y1q1", "scoping-study", "individual-services", "12000", ""),
        ("y1q2", "scoping-study", "publishing", "7500", FORMULA),
        ("y1q3", "workshop", "third-party-travel", "57000", ""),
    ]:
        BudgetActual.objects.create(
            quarter=quarter,
            output=output,
            cost_category=category,
            amount_chf=Decimal(amount),
            note=note,
        )


def actual(**values) -> dict[str, str]:
    return {
        "quarter": "y2q1",
        "output": "awareness-tools",
        "cost_category": "publishing",
        "amount_chf": "1250.50",
        "note": "Reprint of the guides",
        **values,
    }


def text(response) -> str:
    return response.content.decode()


def test_the_evaluators_group_holds_the_evaluation_rights():
    group = Group.objects.get(name=EVALUATORS)
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert set(EVALUATOR_RIGHTS) <= held
    assert ("evaluation", "change_evaluationsettings") in held
    assert ("evaluation", "delete_budgetactual") in held


def test_an_evaluator_lists_and_adds_actual_spending(client, evaluator):
    client.force_login(evaluator)
    listing = client.get(ACTUALS_URL)
    assert listing.status_code == 200
    assert "Research consultant, first part" in text(listing)  # the demo's entries

    response = client.post(ADD_ACTUAL_URL, actual())
    assert response.status_code == 302
    entry = BudgetActual.objects.get(quarter="y2q1", output="awareness-tools")
    assert (entry.cost_category, entry.amount_chf) == ("publishing", Decimal("1250.50"))

    filtered = text(client.get(ACTUALS_URL, {"quarter": "y2q1"}))
    assert "Reprint of the guides" in filtered
    assert "Research consultant, first part" not in filtered


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-100", "Ensure this value is greater than or equal to 0."),
        ("a lot", "Enter a number."),
    ],
)
def test_a_bad_amount_is_refused_with_a_message(client, evaluator, amount, message):
    client.force_login(evaluator)
    response = client.post(ADD_ACTUAL_URL, actual(amount_chf=amount))
    assert response.status_code == 200
    assert message in text(response)
    assert not BudgetActual.objects.filter(quarter="y2q1").exists()


def test_a_second_entry_for_the_same_cell_is_refused_with_a_message(client, evaluator):
    client.force_login(evaluator)
    assert client.post(ADD_ACTUAL_URL, actual()).status_code == 302
    response = client.post(ADD_ACTUAL_URL, actual(amount_chf="99"))
    assert response.status_code == 200
    message = "Actual spending with this Quarter, Output and Cost category already exists."
    assert message in text(response)
    assert BudgetActual.objects.filter(quarter="y2q1", output="awareness-tools").count() == 1


def test_a_plan_line_is_an_output_or_a_category_not_both(client, evaluator):
    BudgetLine.objects.filter(output="review").delete()
    client.force_login(evaluator)
    add_url = "/admin/snippets/evaluation/budgetline/add/"
    both = {"output": "review", "cost_category": "publishing", "planned_chf": "15000"}
    response = client.post(add_url, both)
    assert response.status_code == 200
    assert "Choose an output or a cost category: one of the two, not both." in text(response)
    response = client.post(add_url, {**both, "cost_category": ""})
    assert response.status_code == 302
    assert BudgetLine.objects.get(output="review").planned_chf == Decimal("15000")


def test_countries_are_found_by_name_and_filtered_by_region(client, evaluator):
    client.force_login(evaluator)
    url = "/admin/snippets/regions/countryregion/"
    found = text(client.get(url, {"q": "senegal"}))
    assert "Senegal" in found
    assert "Brazil" not in found
    arab = str(Region.objects.get(code="arab").pk)
    in_region = text(client.get(url, {"region": arab, "category": "developing"}))
    assert "Morocco" in in_region
    assert "Senegal" not in in_region


def test_the_budget_report_shows_plan_against_actual(client, evaluator, spending):
    client.force_login(evaluator)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    page = text(response)
    # Scoping study: 19,500 of 30,000; workshop 57,000 of 95,000; in all 76,500 of 205,000.
    for figure in ["30,000", "19,500", "65.0 %", "57,000", "60.0 %", "205,000", "76,500", "37.3 %"]:
        assert figure in page
    assert "Year 1, Q3" in page and "Awareness tools" in page


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(content)))


def test_the_csv_export_has_the_figures_and_neutralises_formulas(client, evaluator, spending):
    client.force_login(evaluator)
    response = client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="budget.csv"'
    header, *rows = csv_rows(response)
    assert header == [
        "Section",
        "Heading",
        "Outputs running",
        "Planned (CHF)",
        "Spent (CHF)",
        "Utilisation (%)",
        "Notes",
    ]
    table = {(row[0], row[1]): row for row in rows}
    assert table[("By output", "Scoping study")][3:6] == ["30000.00", "19500.00", "65.0"]
    assert table[("By output", "Total")][3:6] == ["205000.00", "76500.00", "37.3"]
    assert table[("By cost category", "Publishing")][3:6] == ["10000.00", "7500.00", "75.0"]
    q2 = table[("By quarter", "Year 1, Q2")]
    assert q2[2] == "Scoping study; Expert identification and vetting"
    assert q2[3:6] == ["17500.00", "7500.00", "42.9"]
    assert q2[6] == "'" + FORMULA + " (Scoping study, Publishing)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_xlsx_export_writes_numbers_as_numbers_and_formulas_as_text(
    client, evaluator, spending
):
    client.force_login(evaluator)
    response = client.get(REPORT_URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2))
    scoping = next(row for row in rows if row[1].value == "Scoping study")
    assert scoping[3].value == 30000 and scoping[4].value == 19500
    assert scoping[5].value == 65.0
    notes = [row[6] for row in rows if row[6].value]
    assert [cell.data_type for cell in notes] == ["s"]
    assert notes[0].value.startswith("'" + FORMULA)  # quoted, like the CSV


def test_the_evaluation_menu_and_report_are_shown_to_evaluators_only(
    client, evaluator, admin_user_without_rights
):
    client.force_login(evaluator)
    dashboard = text(client.get("/admin/"))
    assert REPORT_URL in dashboard
    assert ACTUALS_URL in dashboard
    client.force_login(admin_user_without_rights)
    dashboard = text(client.get("/admin/"))
    assert REPORT_URL not in dashboard
    assert "/admin/snippets/evaluation/" not in dashboard


@pytest.mark.parametrize(
    "url",
    [
        ACTUALS_URL,
        ADD_ACTUAL_URL,
        "/admin/snippets/evaluation/budgetline/",
        "/admin/snippets/regions/countryregion/",
        "/admin/snippets/evaluation/milestone/",
        REPORT_URL,
        REPORT_URL + "?export=csv",
    ],
)
def test_a_plain_admin_user_is_denied(client, admin_user_without_rights, url):
    client.force_login(admin_user_without_rights)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_plain_admin_user_cannot_add_spending(client, admin_user_without_rights):
    client.force_login(admin_user_without_rights)
    before = BudgetActual.objects.count()
    response = client.post(ADD_ACTUAL_URL, actual())
    assert response.status_code == 302
    assert BudgetActual.objects.count() == before


def settings_form(**values) -> dict[str, str]:
    current = EvaluationSettings.load()
    fields = [
        "tau",
        "gain",
        "knowledge_decline",
        "ceiling",
        "validity",
        "min_n",
        "obj1_target",
        "op4_target",
        "op4_low_response",
    ]
    return {name: str(getattr(current, name)) for name in fields} | values


def test_evaluators_change_the_thresholds_and_tau_9_is_refused(client, evaluator):
    client.force_login(evaluator)
    response = client.get(SETTINGS_URL, follow=True)
    assert response.status_code == 200
    edit_url = response.redirect_chain[-1][0]
    assert edit_url.startswith(SETTINGS_URL)

    refused = client.post(edit_url, settings_form(tau="9"))
    assert refused.status_code == 200
    assert "Ensure this value is less than or equal to 4." in text(refused)
    assert EvaluationSettings.load().tau == Decimal("0.50")

    saved = client.post(edit_url, settings_form(tau="0.75"))
    assert saved.status_code == 302
    assert EvaluationSettings.load().tau == Decimal("0.75")


def test_a_plain_admin_user_cannot_open_the_thresholds(client, admin_user_without_rights):
    client.force_login(admin_user_without_rights)
    response = client.get(SETTINGS_URL, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
