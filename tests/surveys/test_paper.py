"""Paper answers: the XLSX template of an instrument, filled in and imported, all or nothing."""

import io

import pytest
from openpyxl import load_workbook

from surveys.models import CohortPhase, Participant, Submission
from surveys.paper import PaperImportError, import_workbook, template_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(cohort):
    return Participant.objects.create(
        cohort=cohort,
        code="GVA-002",
        country="EG",
        sex="male",
        office_type="national_ip_office",
        stakeholder_group="ip-offices",
        language="ar",
    )


def filled(cohort_phase, rows: dict[str, dict[str, object]], language="fr") -> bytes:
    workbook = load_workbook(io.BytesIO(template_workbook(cohort_phase, language)))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for line in sheet.iter_rows(min_row=2):
        answers = rows.get(line[0].value, {})
        for cell, column in zip(line, header, strict=False):
            if column in answers:
                cell.value = answers[column]
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # typed as text: "=…" is an answer, not a formula
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_template_lists_codes_participants_and_a_codebook_in_the_language(participant, second):
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    workbook = load_workbook(io.BytesIO(template_workbook(phase, "fr")))
    answers, codebook = workbook.worksheets
    assert [c.value for c in answers[1]] == ["participant", "r1", "r2", "c1", "c2"]
    assert [row[0].value for row in answers.iter_rows(min_row=2)] == ["GVA-001", "GVA-002"]
    texts = {row[0].value: row[1].value for row in codebook.iter_rows(min_row=2)}
    assert texts["r1"] == "FR I assess risks."
    assert all(c.data_type == "s" for row in codebook.iter_rows() for c in row if c.value)


def test_a_filled_template_is_imported_as_paper_submissions(participant, second):
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    content = filled(
        phase,
        {
            "GVA-001": {"r1": 3, "r2": 4, "c1": 5, "c2": '=HYPERLINK("http://x","y")'},
            "GVA-002": {"r1": "2", "r2": "2", "c1": "1"},
        },
    )
    saved = import_workbook(phase, content, "fr")
    assert len(saved) == 2
    mine = Submission.objects.filter(participant__cohort=phase.cohort)
    assert set(mine.values_list("source", flat=True)) == {"paper"}
    assert all(s.is_submitted for s in mine)


def test_a_broken_row_is_reported_and_nothing_is_saved(participant, second):
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    content = filled(
        phase,
        {
            "GVA-001": {"r1": 3, "r2": 4, "c1": 5},
            "GVA-002": {"r1": 7, "r2": "", "c1": 1},
        },
    )
    with pytest.raises(PaperImportError) as error:
        import_workbook(phase, content, "en")
    assert {(e.row, e.column) for e in error.value.errors} == {(3, "r1"), (3, "r2")}
    assert not Submission.objects.filter(participant__cohort=phase.cohort).exists()


def test_files_that_are_not_the_template_are_refused(participant):
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    with pytest.raises(PaperImportError, match="error"):
        import_workbook(phase, b"name,answer\nx,1\n", "en")
    content = filled(phase, {"GVA-001": {"r1": 3}})
    workbook = load_workbook(io.BytesIO(content))
    workbook.worksheets[0]["F1"] = "not-an-item"
    output = io.BytesIO()
    workbook.save(output)
    with pytest.raises(PaperImportError) as error:
        import_workbook(phase, output.getvalue(), "en")
    assert error.value.errors[0].column == "not-an-item"


def test_evaluators_download_and_import_paper_answers_in_the_admin(
    client,
    participant,
    second,
    django_user_model,
):
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    evaluator = django_user_model.objects.create_user("eva", password="x")  # noqa: S106
    evaluator.groups.add(Group.objects.get(name="Evaluators"))
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    url = reverse("surveys_paper_answers", args=[phase.pk])
    client.force_login(evaluator)
    download = client.get(url, {"language": "ar", "download": "1"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    broken = filled(phase, {"GVA-001": {"r1": 9, "r2": 1, "c1": 1}}, "ar")
    response = client.post(
        url, {"language": "ar", "file": SimpleUploadedFile("answers.xlsx", broken)}
    )
    assert response.status_code == 400 and "<code>r1</code>" in response.content.decode()
    assert not Submission.objects.filter(participant__cohort=phase.cohort).exists()
    good = filled(phase, {"GVA-001": {"r1": 1, "r2": 1, "c1": 1}}, "ar")
    response = client.post(url, {"language": "ar", "file": SimpleUploadedFile("a.xlsx", good)})
    assert response.status_code == 200
    assert Submission.objects.get(participant__cohort=phase.cohort).source == "paper"

    client.force_login(django_user_model.objects.create_user("nobody", password="x"))  # noqa: S106
    assert client.get(url).status_code in (302, 403)
    poster = reverse("surveys_enrolment_poster", args=[phase.cohort_id])
    assert client.get(poster).status_code in (302, 403)
    client.force_login(evaluator)
    assert "<svg" in client.get(poster).content.decode()
