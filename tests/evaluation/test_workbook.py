"""The review workbook on the demo data: its sheets, numbers, charts and panes, what it never
holds (formulas, names, e-mails, tokens), its French headings, the raw CSV, and LibreOffice."""

import csv
import os
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook
from survey.models import Answer

from evaluation.raw_csv import pseudonym, write_csv
from evaluation.registry import INDICATORS, default_scope
from evaluation.workbook import build_workbook
from surveys.exports import spreadsheet_safe
from surveys.models import Cohort, Item, Participant, Submission
from tests.host import WITH_CMS

pytestmark = pytest.mark.django_db

INDICATOR_SHEETS = [indicator.id for indicator in INDICATORS]
DESIGN_SHEETS = [
    "README", "Summary", *INDICATOR_SHEETS, "Methodology", "Learning", "Reaction", "Outputs",
    "Network", "Budget", "Flow", "Data quality", "Data", "Codebook", "Lookups",
]  # fmt: skip
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
PLANTED_NAME = "Zanele Plantedname"
PLANTED_FUNCTION = "+1 Head of the planted unit"
PLANTED_EMAIL = "planted.person@example.org"
PAYLOADS = {
    "document": '=HYPERLINK("http://x","y")',
    "comment": "-1+1",
    "most_useful": "\tcmd",
    "suggestions": "@SUM(1)",
    "date": "+1",
    "cohort": '=HYPERLINK("http://x","cohort")',
}


def _missing(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} (required under CI=true)")
    pytest.skip(what)


@pytest.fixture
def demo_workbook(tmp_path):
    path = tmp_path / "review.xlsx"
    build_workbook(path)
    return path


def cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def _set_answer(submission: Submission, code: str, body: str) -> None:
    question_id = Item.objects.filter(
        code=code, instrument__locale__language_code="en"
    ).values_list("question_id", flat=True)[0]
    stored = Answer.objects.filter(response_id=submission.response_id, question_id=question_id)
    if stored.exists():
        stored.update(body=body)
    else:
        Answer.objects.bulk_create(
            [Answer(response_id=submission.response_id, question_id=question_id, body=body)]
        )


@pytest.fixture
def planted():
    """Formula-like texts in answers, participant fields and a cohort name; a participant
    whose name and e-mail must never appear."""
    follow_up = Submission.objects.filter(phase="follow_up", submitted_at__isnull=False).first()
    feedback = Submission.objects.filter(phase="feedback", submitted_at__isnull=False).first()
    _set_answer(follow_up, "framework-adopted", "1")  # so the document is OUT-1 evidence too
    _set_answer(follow_up, "framework-document", PAYLOADS["document"])
    _set_answer(follow_up, "framework-comment", PAYLOADS["comment"])
    _set_answer(follow_up, "framework-date", PAYLOADS["date"])
    _set_answer(feedback, "most-useful", PAYLOADS["most_useful"])
    _set_answer(feedback, "suggestions", PAYLOADS["suggestions"])
    person = follow_up.participant
    Participant.objects.filter(pk=person.pk).update(
        name="=" + PLANTED_NAME,
        email=PLANTED_EMAIL,
        function=PLANTED_FUNCTION,
        office_type="national_ip_office",  # OUT-1 counts IP offices only
    )
    Cohort.objects.filter(pk=person.cohort_id).update(name=PAYLOADS["cohort"])
    return person


def test_the_demo_workbook_has_every_design_sheet(demo_workbook):
    workbook = load_workbook(demo_workbook)
    assert workbook.sheetnames == DESIGN_SHEETS
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes, sheet.title
        assert sheet.auto_filter.ref, sheet.title  # on the sheet's main table
    for name in INDICATOR_SHEETS:
        assert len(workbook[name]._charts) >= 1, name
    with zipfile.ZipFile(demo_workbook) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= len(INDICATOR_SHEETS)


def test_the_summary_has_one_row_per_indicator_with_value_target_and_status(demo_workbook):
    sheet = load_workbook(demo_workbook)["Summary"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == INDICATOR_SHEETS
    headers = [cell.value for cell in sheet[1]]
    actual, target, status = (headers.index(h) for h in ("Actual", "Target", "Status"))
    numerator = headers.index("Numerator")
    for row in rows:
        assert row[target].value and row[status].value
        if row[0].value == "OP-6" and not WITH_CMS:
            assert row[numerator].value is None and row[status].value == "Not enough data"
            continue
        assert row[numerator].data_type == "n" and isinstance(row[numerator].value, int)
    obj1 = rows[0]
    assert obj1[actual].data_type == "n" and 0 < obj1[actual].value <= 1
    assert obj1[actual].number_format == "0.0%"
    assert obj1[status].value in ("Achieved", "Achieved — robust", "Not achieved")
    assert sheet.auto_filter.ref


def test_numbers_are_numeric_cells_with_formats(demo_workbook):
    workbook = load_workbook(demo_workbook)
    budget = workbook["Budget"]
    planned = [row for row in budget.iter_rows(min_row=3, max_row=3)][0][2]
    assert planned.data_type == "n" and planned.value == 30000
    assert planned.number_format == "#,##0.00"
    data = workbook["Data"]
    header = [cell.value for cell in data[1]]
    first = list(data.iter_rows(min_row=2, max_row=40))
    submitted = header.index("submitted_on")
    assert all(row[submitted].is_date for row in first)
    ratings = [row[header.index("cf1")].value for row in first if row[2].value == "pre"]
    assert ratings and all(isinstance(v, int) for v in ratings if v is not None)
    # Every text is a string cell: nothing anywhere is a formula.
    assert not [cell.coordinate for _t, cell in cells(workbook) if cell.data_type == "f"]


def test_the_data_sheet_is_pseudonymised_one_row_per_participant_and_phase(demo_workbook):
    data = load_workbook(demo_workbook)["Data"]
    rows = list(data.iter_rows(min_row=2, values_only=True))
    submitted = Submission.objects.filter(submitted_at__isnull=False)
    assert len(rows) == submitted.count()
    assert len({(row[0], row[2]) for row in rows}) == len(rows)
    expected = {pseudonym(pid) for pid in submitted.values_list("participant_id", flat=True)}
    assert {row[0] for row in rows} == expected
    tokens = set(Participant.objects.values_list("token", flat=True))
    codes = set(Participant.objects.values_list("code", flat=True))
    values = {str(value) for row in rows for value in row if value is not None}
    assert not values & tokens and not values & codes


def test_the_data_quality_sheet_names_participants_by_pseudonym_only(demo_workbook):
    from evaluation.quality import quality_report

    sheet = load_workbook(demo_workbook)["Data quality"]
    rows = list(sheet.iter_rows(values_only=True))
    report = quality_report(default_scope())
    summary = {row[0]: row[1] for row in rows[2 : 2 + len(report.totals())]}
    assert summary["Enrolled more than once"] == 2
    assert summary["Same answer to every rating item"] == 2
    start = next(i for i, row in enumerate(rows) if row[0] == "Pseudonym")
    follow_up = [row for row in rows[start + 1 :] if row[0]]
    assert len(follow_up) == len(report.findings)
    assert {row[0] for row in follow_up} == {pseudonym(f.participant_id) for f in report.findings}
    duplicate = next(row for row in follow_up if row[3] == "Enrolled more than once")
    assert duplicate[4].startswith("Same e-mail as ") and len(duplicate[4]) == 15 + 16
    codes = set(Participant.objects.values_list("code", flat=True))
    emails = set(Participant.objects.exclude(email="").values_list("email", flat=True))
    texts = {str(value) for row in rows for value in row if value is not None}
    assert not texts & codes and not any(
        e.casefold() in t.casefold() for e in emails for t in texts
    )
    assert sheet.auto_filter.ref.startswith(f"A{start + 1}:")


def test_no_formula_no_name_no_email_from_planted_texts(planted, tmp_path):
    path = tmp_path / "review.xlsx"
    build_workbook(path)
    workbook = load_workbook(path)
    found = {key: 0 for key in PAYLOADS}
    for title, cell in cells(workbook):
        assert cell.data_type != "f", (title, cell.coordinate, cell.value)
        value = str(cell.value)
        for personal in (PLANTED_NAME, PLANTED_EMAIL, PLANTED_FUNCTION[1:]):
            assert personal not in value, (title, cell.coordinate)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(TRIGGERS), (title, cell.coordinate, cell.value)
        for key, payload in PAYLOADS.items():
            if payload in value:
                assert value.startswith("'") or not value.startswith(payload), (title, value)
                found[key] += 1
    # The answers and the cohort name are in the workbook, neutralised.
    assert found["document"] >= 2 and found["date"] >= 2  # the Data sheet and OUT-1's evidence
    assert found["comment"] and found["most_useful"] and found["suggestions"]
    assert found["cohort"] >= 2


def test_headings_in_the_evaluators_language(tmp_path):
    path = tmp_path / "revue.xlsx"
    build_workbook(path, language="fr")
    workbook = load_workbook(path)
    assert "Dictionnaire des codes" in workbook.sheetnames  # "Codebook"
    assert "Codebook" not in workbook.sheetnames
    # Sheets by position: their names are in French too.
    budget = workbook.worksheets[DESIGN_SHEETS.index("Budget")]
    assert "Prévu (CHF)" in [cell.value for cell in budget[2]]
    codebook = workbook.worksheets[DESIGN_SHEETS.index("Codebook")]
    assert "Français (fr)" in [cell.value for cell in codebook[1]]
    lookups = workbook.worksheets[-1]
    assert "Pays" in [cell.value for cell in lookups[1]]
    assert "Allemagne" in [row[1] for row in lookups.iter_rows(min_row=2, values_only=True)]
    if WITH_CMS:  # the site's names of its resource kinds, in French too
        outputs = workbook.worksheets[DESIGN_SHEETS.index("Outputs")]
        kinds = {row[1] for row in outputs.iter_rows(values_only=True) if row[0] == "casestudypage"}
        assert kinds == {"étude de cas"}


def test_the_codebook_gives_item_texts_in_each_language(demo_workbook):
    sheet = load_workbook(demo_workbook)["Codebook"]
    rows = {(row[0], row[1] or ""): row for row in sheet.iter_rows(min_row=2, values_only=True)}
    headers = [cell.value for cell in sheet[1]]
    french = headers.index("French (fr)")
    text = Item.objects.get(code="cf1", instrument__locale__language_code="fr").text
    assert rows["cf1", ""][french] == text
    assert rows["sex", "female"][french] == "Femme"
    assert rows["usefulness", "9"][headers.index("English (en)")]


def test_a_workbook_for_one_cohort(tmp_path):
    cohort = Cohort.objects.order_by("slug").first()
    path = tmp_path / "one.xlsx"
    result = build_workbook(path, cohorts=[cohort.slug])
    data = load_workbook(path)["Data"]
    assert {row[1] for row in data.iter_rows(min_row=2, values_only=True)} == {cohort.slug}
    assert (
        result["rows"]
        == Submission.objects.filter(participant__cohort=cohort, submitted_at__isnull=False).count()
    )


def test_the_workbook_guard_neutralises_formula_triggers():
    # The workbook's cells use the plugin's export guard (tests/surveys/test_export_guard.py).
    assert spreadsheet_safe("=1+1", xlsx=True) == "'=1+1"
    assert spreadsheet_safe("\tcmd", xlsx=True) == "'\tcmd"
    assert spreadsheet_safe("\0=1", xlsx=True) == "'=1"  # NUL dropped, the quote kept
    assert spreadsheet_safe("\x01=1", xlsx=True) == "'=1"  # no control character hides a trigger
    assert spreadsheet_safe("a=1", xlsx=True) == "a=1"
    assert spreadsheet_safe("Plain text", xlsx=True) == "Plain text"


def test_raw_csv_has_a_bom_and_neutralised_cells(planted, tmp_path):
    path = tmp_path / "raw.csv"
    rows = write_csv(path, default_scope())
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as file:
        table = list(csv.reader(file))
    assert table[0][:3] == ["participant", "cohort", "phase"]
    assert len(table) == rows + 1
    values = [value for row in table[1:] for value in row]
    assert not [value for value in values if value.startswith(TRIGGERS)]
    for key in PAYLOADS.keys() - {"cohort"}:  # the data name cohorts by their slug
        assert "'" + PAYLOADS[key] in values, key
    text = content.decode("utf-8-sig")
    assert PLANTED_NAME not in text and PLANTED_EMAIL not in text
    assert PLANTED_FUNCTION[1:] not in text


def test_libreoffice_opens_the_workbook(demo_workbook, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        _missing("LibreOffice (soffice) not found: apt-get install libreoffice-calc-nogui")
    out = tmp_path / "csv"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(out),
            str(demo_workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    converted = out / "review.csv"
    assert converted.exists() and converted.stat().st_size > 0
    assert "DA_4_10_03" in converted.read_text(encoding="utf-8", errors="replace")


def test_a_site_without_cohorts_still_gets_a_workbook(tmp_path):
    Cohort.objects.all().delete()
    path = tmp_path / "empty.xlsx"
    result = build_workbook(path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == DESIGN_SHEETS and result["rows"] == 0
    summary = list(workbook["Summary"].iter_rows(min_row=2, values_only=True))
    assert len(summary) == len(INDICATOR_SHEETS)
    for name in INDICATOR_SHEETS:
        assert len(workbook[name]._charts) >= 1, name


def test_the_flow_sheet_has_the_invitations_funnel_and_the_reminders_effect(tmp_path):
    import datetime

    from django.utils import timezone

    from surveys.models import OutreachMessage
    from tests.surveys.conftest import make_submission

    cohort = Cohort.objects.get(slug="geneva-regional-workshop")
    waiting = list(cohort.participants.exclude(submissions__phase="follow_up").order_by("pk")[:5])
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    for number, person in enumerate(waiting):
        OutreachMessage.objects.create(
            participant=person, phase="follow_up", kind="invitation", step=1, status="sent",
            sent_at=an_hour_ago - datetime.timedelta(days=3),
        )  # fmt: skip
        if number < 3:
            OutreachMessage.objects.create(
                participant=person, phase="follow_up", kind="reminder", step=7, status="sent",
                sent_at=an_hour_ago,
            )  # fmt: skip
    make_submission(waiting[0], "follow_up", submitted=True)  # within 48 h of its reminder
    path = tmp_path / "flow.xlsx"
    build_workbook(path, cohorts=[cohort.slug])
    rows = [
        r for r in load_workbook(path)["Flow"].iter_rows(values_only=True) if r[0] == cohort.slug
    ]
    funnel = next(
        r for r in rows if r[2] == "Office follow-up" and len([v for v in r if v is not None]) == 10
    )
    enrolled = cohort.participants.count()
    submitted = cohort.participants.filter(
        submissions__phase="follow_up", submissions__submitted_at__isnull=False
    ).count()
    assert funnel[3:10] == (enrolled, 5, funnel[5], submitted, 3, 0, 0)
    assert (cohort.slug, cohort.name, "Office follow-up", 7, 3, 1) in [r[:6] for r in rows]
