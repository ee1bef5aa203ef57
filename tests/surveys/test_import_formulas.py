"""XLSX imports that meet a formula cell refuse the whole file, naming its row and column
(attendee lists and paper answers); text that only starts with "=" is data."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from surveys import enrolment
from surveys.models import CohortPhase, Participant, Submission
from surveys.paper import PaperImportError, import_workbook, template_workbook
from surveys.spreadsheet_import import FormulaCellError, open_workbook, row_values

pytestmark = pytest.mark.django_db

HEADER = ["name", "email", "country", "sex", "office_type", "function", "stakeholder_group"]
AWA = ["Awa Diop", "awa@example.org", "SN", "female", "national_ip_office", "Examiner", "academia"]
IVAN = ["Ivan Petrov", "ivan@example.org", "RU", "male", "copyright_office", "", "academia"]


@pytest.fixture
def second(cohort) -> Participant:
    return Participant.objects.create(
        cohort=cohort,
        code="GVA-002",
        country="EG",
        sex="male",
        office_type="national_ip_office",
        stakeholder_group="ip-offices",
        language="ar",
    )


def workbook_bytes(rows: list[list]) -> bytes:
    """openpyxl writes a str starting with "=" as a formula cell, as Excel would save one."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_reader_stops_at_the_first_formula_with_its_place():
    content = workbook_bytes([["a", "b"], [1, 2], ["x", "=1+1"]])
    rows = row_values(open_workbook(content).worksheets[0])
    assert next(rows) == ["a", "b"]
    assert next(rows) == [1, 2]
    with pytest.raises(FormulaCellError) as error:
        next(rows)
    assert (error.value.row, error.value.column) == (3, "B")
    assert "Row 3, column B" in error.value.message


def test_a_text_cell_starting_with_equals_is_read_as_text():
    workbook = Workbook()
    workbook.active.append(["name"])
    cell = workbook.active.cell(row=2, column=1, value="=not a formula")
    cell.data_type = "s"  # typed as text
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(row_values(open_workbook(buffer.getvalue()).worksheets[0]))
    assert rows == [["name"], ["=not a formula"]]


# --- Attendee lists ---


def test_an_attendee_list_with_a_formula_is_refused_whole(workshop):
    ivan = [IVAN[0], '=HYPERLINK("http://x","y")', *IVAN[2:]]
    upload = SimpleUploadedFile("list.xlsx", workbook_bytes([HEADER, AWA, ivan]))
    with pytest.raises(enrolment.AttendeeFileError) as error:
        enrolment.import_attendees(workshop, upload)
    assert "Row 3, column B" in error.value.message
    assert not Participant.objects.filter(cohort=workshop).exists()


def test_the_import_page_shows_where_the_formula_is(client, evaluator, workshop):
    awa = [AWA[0], AWA[1], '=LEFT("SN",2)', *AWA[3:]]
    content = workbook_bytes([HEADER, IVAN, awa])
    client.force_login(evaluator)
    url = reverse("surveys_import_attendees", args=[workshop.pk])
    response = client.post(url, {"file": SimpleUploadedFile("list.xlsx", content)})
    assert response.status_code == 200  # the form again, with the file's error
    assert "Row 3, column C holds a formula" in response.content.decode()
    assert not Participant.objects.filter(cohort=workshop).exists()


def test_a_csv_cell_starting_with_equals_is_imported_as_text(workshop):
    # CSV has no formulas: "=…" is what was typed; exports quote it (the export guard).
    lines = [",".join(HEADER), ",".join(["=1+1", *AWA[1:]])]
    upload = SimpleUploadedFile("list.csv", ("\n".join(lines) + "\n").encode())
    (participant,) = enrolment.import_attendees(workshop, upload)
    assert participant.name == "=1+1"


# --- Paper answers ---


def filled_with_formula(phase: CohortPhase) -> bytes:
    """The template filled for both participants, GVA-002's c1 (row 3, column D) a formula."""
    workbook = load_workbook(io.BytesIO(template_workbook(phase, "en")))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["participant", "r1", "r2", "c1", "c2"]
    assert [sheet["A2"].value, sheet["A3"].value] == ["GVA-001", "GVA-002"]
    for row, values in ((2, [3, 4, 5]), (3, [2, 2, "=1+1"])):
        for column, value in enumerate(values, start=2):
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_paper_template_with_a_formula_is_refused_whole(participant, second):
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    with pytest.raises(PaperImportError) as error:
        import_workbook(phase, filled_with_formula(phase), "en")
    (problem,) = error.value.errors
    assert (problem.row, problem.column) == (3, "D")
    assert "Row 3, column D" in problem.message
    assert not Submission.objects.filter(participant__cohort=phase.cohort).exists()


def test_the_paper_page_shows_where_the_formula_is(client, evaluator, participant, second):
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    client.force_login(evaluator)
    upload = SimpleUploadedFile("answers.xlsx", filled_with_formula(phase))
    url = reverse("surveys_paper_answers", args=[phase.pk])
    response = client.post(url, {"language": "en", "file": upload})
    assert response.status_code == 400
    assert "Row 3, column D holds a formula" in response.content.decode()
    assert not Submission.objects.filter(participant__cohort=phase.cohort).exists()


def test_a_code_the_template_quoted_is_read_back_as_it_was(participant):
    # The export guard quotes a code starting with "-"; the import takes the quote off again.
    Participant.objects.filter(pk=participant.pk).update(code="-GVA-001")
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    workbook = load_workbook(io.BytesIO(template_workbook(phase, "en")))
    sheet = workbook.worksheets[0]
    assert sheet["A2"].value == "'-GVA-001"
    for column, value in enumerate([3, 4, 5], start=2):
        sheet.cell(row=2, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    (submission,) = import_workbook(phase, buffer.getvalue(), "en")
    assert submission.participant_id == participant.pk
