"""Enrolment as plain functions: codes, attendee files (CSV, XLSX), row validation, and an
import that saves everyone or no one."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from surveys import enrolment
from surveys.enrolment import (
    AttendeeFileError,
    AttendeeRowsError,
    enrol,
    import_attendees,
    new_participant_code,
    parse_attendee_file,
    validate_attendees,
)
from surveys.models import Participant
from surveys.models.participants import EnrolledVia

pytestmark = pytest.mark.django_db

HEADER = "name,email,country,sex,office_type,function,stakeholder_group,language"
GOOD_ROWS = [
    "Awa Diop,awa@example.org,SN,female,national_ip_office,Examiner,ip-offices,fr",
    "Ivan Petrov,ivan@example.org,Russian Federation,male,copyright_office,,policy-makers,ru",
    "李华,,cn,Prefer not to say,Academia,Researcher,academia,zh-hans",
]


def csv_file(lines: list[str], name: str = "attendees.csv", bom: bool = False, sep: str = ","):
    text = "\n".join(line.replace(",", sep) for line in lines) + "\n"
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + text).encode("utf-8"))


def xlsx_file(rows: list[list], name: str = "attendees.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_codes_are_pseudonymous_unique_and_retry_on_collision(workshop, monkeypatch):
    code = new_participant_code(workshop)
    assert code.startswith("DAKAR-2026-")
    assert len(code.rsplit("-", 1)[1]) == 6
    Participant.objects.create(
        cohort=workshop,
        code="DAKAR-2026-AAAAAA",
        country="SN",
        sex="male",
        office_type="other",
        stakeholder_group="other",
        language="en",
    )
    drawn = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(enrolment.secrets, "token_hex", lambda _n: next(drawn))
    assert new_participant_code(workshop) == "DAKAR-2026-BBBBBB"


def test_enrol_records_the_route_and_consent(workshop):
    participant = enrol(
        workshop,
        name="Awa Diop",
        email="awa@example.org",
        country="SN",
        sex="female",
        office_type="national_ip_office",
        function="Examiner",
        stakeholder_group="ip-offices",
        language="fr",
        via=EnrolledVia.SELF,
        consented=True,
    )
    assert participant.pk and participant.token and participant.link_active
    assert participant.enrolled_via == "self"
    assert participant.consented_at is not None
    with pytest.raises(ValidationError):
        enrol(
            workshop,
            name="",
            email="",
            country="XX",
            sex="female",
            office_type="national_ip_office",
            function="",
            stakeholder_group="ip-offices",
            language="fr",
            via=EnrolledVia.ADMIN,
        )


@pytest.mark.parametrize("bom,sep", [(False, ","), (True, ","), (True, ";"), (False, ";")])
def test_csv_in_utf8_with_or_without_bom_and_either_separator(bom, sep):
    rows = parse_attendee_file(csv_file([HEADER, *GOOD_ROWS], bom=bom, sep=sep))
    assert [row["name"] for row in rows] == ["Awa Diop", "Ivan Petrov", "李华"]
    assert [row[enrolment.ROW] for row in rows] == [2, 3, 4]
    clean, errors = validate_attendees(rows)
    assert errors == []
    assert [(r["country"], r["sex"], r["language"]) for r in clean] == [
        ("SN", "female", "fr"),
        ("RU", "male", "ru"),
        ("CN", "undisclosed", "zh-hans"),
    ]
    assert clean[2]["office_type"] == "academia"


def test_xlsx_with_blank_rows_and_header_in_another_case():
    upload = xlsx_file(
        [
            ["Name", "E-mail", "Country", "Sex", "Office type", "Stakeholder group", "Language"],
            ["Ana Ruiz", "ana@example.org", "ES", "Female", "regional_ip_office", "smes", "es"],
            [None, None, None, None, None, None, None],
            ["Omar", None, "Egypt", "male", "other_government", "ip-offices", None],
        ]
    )
    rows = parse_attendee_file(upload)
    assert [row[enrolment.ROW] for row in rows] == [2, 4]
    clean, errors = validate_attendees(rows)
    assert errors == []
    assert clean[1]["country"] == "EG"
    assert clean[1]["language"] == "en"  # empty: English
    assert clean[0]["email"] == "ana@example.org"


def test_every_wrong_cell_is_reported_with_row_and_column():
    rows = parse_attendee_file(
        csv_file(
            [
                HEADER,
                GOOD_ROWS[0],
                "Bad Country,,Narnia,female,national_ip_office,,ip-offices,fr",
                "Bad Language,,FR,male,national_ip_office,,ip-offices,klingon",
                "No Sex,not-an-email,FR,,national_ip_office,,smes,en",
            ]
        )
    )
    clean, errors = validate_attendees(rows)
    assert len(clean) == 1
    assert [(row, column) for row, column, _message in errors] == [
        (3, "country"),
        (4, "language"),
        (5, "email"),
        (5, "sex"),
    ]
    assert "Narnia" in errors[0][2]


def test_a_message_names_the_wrong_value_and_the_accepted_ones():
    rows = [
        {"country": "Narnia", "sex": "f?", "office_type": "other", "stakeholder_group": "other"}
    ]
    _clean, errors = validate_attendees(rows)
    assert errors[0] == (2, "country", "“Narnia” is not a known country.")
    assert errors[1][:2] == (2, "sex")
    assert errors[1][2] == "“f?” is not one of: female, male, other, undisclosed."


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("a.csv", b""), "empty"),
        (SimpleUploadedFile("a.csv", b"name;email\nA;b"), "missing"),
        (SimpleUploadedFile("a.csv", (HEADER + "\n").encode()), "no attendees"),
        (SimpleUploadedFile("a.csv", "nom,pays\né".encode("latin-1")), "UTF-8"),
        (SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really a workbook"), "XLSX"),
        (SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0 old excel"), "XLSX or CSV"),
    ],
)
def test_unusable_files_get_one_clear_message(upload, message):
    with pytest.raises(AttendeeFileError) as raised:
        parse_attendee_file(upload)
    assert message in raised.value.message


def test_size_and_row_limits(monkeypatch):
    monkeypatch.setattr(enrolment, "MAX_ROWS", 2)
    with pytest.raises(AttendeeFileError, match="more than 2 attendees"):
        parse_attendee_file(csv_file([HEADER, *GOOD_ROWS]))
    monkeypatch.setattr(enrolment, "MAX_FILE_BYTES", 100)
    with pytest.raises(AttendeeFileError, match="larger than"):
        parse_attendee_file(csv_file([HEADER, *GOOD_ROWS]))


def test_import_saves_everyone_or_no_one(workshop):
    with pytest.raises(AttendeeRowsError) as raised:
        import_attendees(workshop, csv_file([HEADER, *GOOD_ROWS, "X,,ZZ,female,other,,other,en"]))
    assert raised.value.errors[0][:2] == (5, "country")
    assert not Participant.objects.filter(cohort=workshop).exists()

    created = import_attendees(workshop, csv_file([HEADER, *GOOD_ROWS]))
    assert len(created) == 3
    saved = Participant.objects.filter(cohort=workshop)
    assert saved.count() == 3
    assert {p.enrolled_via for p in saved} == {"import"}
    assert len({p.code for p in saved}) == len({p.token for p in saved}) == 3
    assert all(p.code.startswith("DAKAR-2026-") for p in saved)


def test_importing_the_same_people_twice_is_refused(workshop):
    import_attendees(workshop, csv_file([HEADER, GOOD_ROWS[0]]))
    existing = Participant.objects.get(cohort=workshop)
    repeated = GOOD_ROWS[1].replace("ivan@", "IVAN@")
    with pytest.raises(AttendeeRowsError) as raised:
        import_attendees(workshop, csv_file([HEADER, GOOD_ROWS[0].upper(), GOOD_ROWS[1], repeated]))
    assert raised.value.errors == [
        (2, "email", f"Already enrolled in this cohort as {existing.code}."),
        (4, "email", "Same e-mail as row 3: if two people share it, leave it empty for one."),
    ]
    assert Participant.objects.filter(cohort=workshop).count() == 1
