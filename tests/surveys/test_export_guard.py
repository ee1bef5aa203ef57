"""The plugin's export guard (surveys.exports): the rule itself, then every CSV and XLSX the
plugin hands out, downloaded through its real admin URL with a formula planted in the data.
Runs with and without cms (tests/plugin_site)."""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import BudgetActual, ReviewExport
from surveys.exports import SafeCsvWriter, spreadsheet_safe
from surveys.models import CohortPhase, Item, Participant

from .conftest import make_cohort

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'

QUOTED = [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("\tplain", "'\tplain"),  # a leading tab or CR is quoted whatever follows
]


@pytest.mark.parametrize(("value", "expected"), QUOTED)
def test_a_leading_trigger_gets_a_quote_in_both_formats(value, expected):
    assert spreadsheet_safe(value) == expected
    assert spreadsheet_safe(value, xlsx=True) == expected


def test_control_characters_cannot_hide_a_trigger():
    # CSV keeps the characters (it can hold them), quoted; XLSX drops what XML cannot hold.
    assert spreadsheet_safe("\x01=3+3") == "'\x01=3+3"
    assert spreadsheet_safe("\x01=3+3", xlsx=True) == "'=3+3"
    assert spreadsheet_safe("\x00=1") == "'\x00=1"
    assert spreadsheet_safe("\x00=1", xlsx=True) == "'=1"
    assert spreadsheet_safe("\x00\x1f\n@x") == "'\x00\x1f\n@x"
    assert spreadsheet_safe("a\x01b", xlsx=True) == "ab"


def test_plain_text_numbers_dates_and_none_are_unchanged():
    for text in ("Plain text", "a=1", "1-2", " =not at the start", "'=already quoted", ""):
        assert spreadsheet_safe(text) == text
    for value in (-1, -2.5, Decimal("-3.10"), datetime.date(2026, 5, 4), True, None):
        assert spreadsheet_safe(value) == value
        assert spreadsheet_safe(value, xlsx=True) == value
    assert isinstance(spreadsheet_safe(-1), int)  # a negative number stays a number


def test_the_csv_writer_guards_every_cell():
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows([[FORMULA, -1, "-1", None], ["ok", "\x01@x"]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [["'" + FORMULA, "-1", "'-1", ""], ["ok", "'\x01@x"]]


# --- Every export, through its admin URL ---


@dataclass(frozen=True)
class Export:
    name: str
    format: str  # "csv" or "xlsx"
    url: Callable[..., str]  # (client, cohort) → the download's URL, once the data is planted


def _rates(export_format: str) -> Callable[..., str]:
    return lambda client, cohort: f"{reverse('surveys_response_rates')}?export={export_format}"


def _budget(export_format: str) -> Callable[..., str]:
    def url(client, cohort) -> str:
        BudgetActual.objects.all().delete()  # the planted note alone starts its cell
        BudgetActual.objects.create(
            quarter="y1q2",
            output="scoping-study",
            cost_category="publishing",
            amount_chf=Decimal("10"),
            note=FORMULA,
        )
        return f"{reverse('evaluation_budget_report')}?export={export_format}"

    return url


def _links(client, cohort) -> str:
    Participant.objects.create(
        cohort=cohort,
        code="DKR-GUARD",
        name=FORMULA,
        country="SN",
        sex="female",
        office_type="other",
        stakeholder_group="other",
        language="fr",
    )
    return reverse("surveys_invitation_list", args=[cohort.pk])


def _paper(client, cohort) -> str:
    phase = CohortPhase.objects.get(cohort=cohort, phase="pre")
    Item.objects.filter(instrument=phase.instrument).update(text=FORMULA)
    return reverse("surveys_paper_answers", args=[phase.pk]) + "?language=en&download=1"


def _review_workbook(client, cohort) -> str:
    # Built by the task at once (ImmediateBackend), for the planted cohort only.
    client.post(reverse("evaluation_export_review"), {"language": "en", "cohort": cohort.slug})
    return reverse("evaluation_export_download", args=[ReviewExport.objects.latest("pk").pk])


EXPORTS = [
    Export("response rates", "csv", _rates("csv")),
    Export("response rates", "xlsx", _rates("xlsx")),
    Export("budget report", "csv", _budget("csv")),
    Export("budget report", "xlsx", _budget("xlsx")),
    Export("personal links", "csv", _links),
    Export("paper template", "xlsx", _paper),
    Export("review workbook", "xlsx", _review_workbook),
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def planted_csv_cells(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [cell for row in rows for cell in row if "HYPERLINK" in cell]


def planted_xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if "HYPERLINK" in str(cell.value)
    ]


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: f"{e.name}-{e.format}")
def test_every_export_quotes_a_planted_formula(
    client, superuser, competence, private_media, django_capture_on_commit_callbacks, export
):
    cohort = make_cohort(competence, "guard-2026", FORMULA)  # the cohort's name is a formula
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        url = export.url(client, cohort)
    response = client.get(url)
    assert response.status_code == 200, url
    assert "attachment" in response["Content-Disposition"]
    content = body(response)
    if export.format == "csv":
        cells = planted_csv_cells(content)
        assert cells, "the planted value is not in the file"
        assert all(cell.startswith("'=") for cell in cells), cells
    else:
        cells = planted_xlsx_cells(content)
        assert cells, "the planted value is not in the file"
        for cell in cells:
            assert cell.data_type == "s", (cell.coordinate, cell.value)
            assert cell.value.startswith("'="), (cell.coordinate, cell.value)


def test_xlsx_report_cells_with_control_characters_are_written_not_a_500(
    client, superuser, competence
):
    make_cohort(competence, "ctrl-2026", "\x01=3+3 \x1fworkshop")  # (PostgreSQL holds no NUL)
    client.force_login(superuser)
    response = client.get(f"{reverse('surveys_response_rates')}?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(body(response))).active
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "'=3+3 workshop" in names
