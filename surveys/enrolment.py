"""Enrolling participants: one at a time (self-enrolment, an evaluator) or from an attendee
list (CSV or XLSX), all or nothing.

Plain functions, no HTTP: the admin views only pass a file in and show what comes back.
"""

import csv
import io
import re
import secrets
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django_countries import countries

from . import spreadsheet_import
from .models import Cohort, Participant
from .models.participants import EnrolledVia, OfficeType, Sex, StakeholderGroup
from .validators import CONTROL_CHARACTERS, CONTROL_MESSAGE

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 30  # an attendee list has 8; more is someone else's spreadsheet
CODE_RANDOM_BYTES = 3  # 6 hex digits after the cohort's slug: 16.7 million codes per cohort
CODE_PREFIX_LENGTH = 30  # the code field holds 40

COLUMNS = [
    "name",
    "email",
    "country",
    "sex",
    "office_type",
    "function",
    "stakeholder_group",
    "language",
]
REQUIRED_COLUMNS = ["country", "sex", "office_type", "stakeholder_group"]
MAX_BLANK_RUN = 1000
ROW = "_row"  # key of the spreadsheet row number in each parsed row (the header is row 1)


class AttendeeFileError(ValueError):
    """The file as a whole cannot be read (format, size, header)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class AttendeeRowsError(ValueError):
    """Some rows are wrong: nothing was saved. `errors` holds (row, column, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


# --- Codes ---


def _code_prefix(cohort: Cohort) -> str:
    return cohort.slug.upper()[:CODE_PREFIX_LENGTH].strip("-") or "P"


def _candidate_code(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(CODE_RANDOM_BYTES).upper()}"


def new_participant_codes(cohort: Cohort, count: int) -> list[str]:
    """`count` unused pseudonymous codes such as WORKSHOP-2025-7F3A2C, in one query per round
    (a second round only after a collision)."""
    prefix = _code_prefix(cohort)
    codes: set[str] = set()
    while len(codes) < count:
        candidates = {_candidate_code(prefix) for _n in range(count - len(codes))} - codes
        taken = set(Participant.objects.filter(code__in=candidates).values_list("code", flat=True))
        codes |= candidates - taken
    return sorted(codes)


def new_participant_code(cohort: Cohort) -> str:
    """An unused pseudonymous code: the cohort's slug and random hex digits, nothing personal."""
    return new_participant_codes(cohort, 1)[0]


def enrol(
    cohort: Cohort,
    *,
    name: str,
    email: str,
    country: str,
    sex: str,
    office_type: str,
    function: str,
    stakeholder_group: str,
    language: str,
    via: str,
    consented: bool = False,
) -> Participant:
    """A new participant of `cohort` with a fresh code and personal link.

    Raises ValidationError when a value is not one the model accepts."""
    participant = Participant(
        cohort=cohort,
        code=new_participant_code(cohort),
        name=name,
        email=email,
        country=country,
        sex=sex,
        office_type=office_type,
        function=function,
        stakeholder_group=stakeholder_group,
        language=language,
        enrolled_via=via,
        consented_at=timezone.now() if consented else None,
    )
    participant.full_clean(exclude=["code", "token"])  # both fresh, checked unique by the DB
    participant.save()
    return participant


# --- Reading an attendee file ---


HEADER_ALIASES = {"e_mail": "email", "mail": "email"}


def _header_key(value: Any) -> str:
    key = re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())
    return HEADER_ALIASES.get(key, key)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_bytes(uploaded_file) -> bytes:
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise AttendeeFileError(_too_big())
    data = uploaded_file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise AttendeeFileError(_too_big())
    if not data.strip():
        raise AttendeeFileError(_("The file is empty."))
    return data


def _too_big() -> str:
    return _("The file is larger than %(size)d MB: split the list into several files.") % {
        "size": MAX_FILE_BYTES // (1024 * 1024)
    }


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AttendeeFileError(
            _("The CSV file is not in UTF-8: save it again as “CSV UTF-8” and upload it.")
        ) from error
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in many locales save CSV with semicolons; the header line tells which.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise AttendeeFileError(
            _("The CSV file could not be read: save it again from a spreadsheet as CSV.")
        ) from error


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    # A damaged workbook fails in many ways (zip, XML, openpyxl's own checks), on opening or
    # while reading rows; each one means the same to the evaluator.
    try:
        workbook = spreadsheet_import.open_workbook(data)
    except Exception as error:
        raise AttendeeFileError(_("The XLSX file could not be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        for row in spreadsheet_import.row_values(sheet, max_col=MAX_COLUMNS):
            yield [_cell(value) for value in row]
    except spreadsheet_import.FormulaCellError as error:
        # Nothing is enrolled yet (rows are all read first): the whole file is refused.
        raise AttendeeFileError(error.message) from error
    except Exception as error:
        raise AttendeeFileError(_("The XLSX file could not be read.")) from error
    finally:
        workbook.close()


def parse_attendee_file(uploaded_file) -> list[dict[str, str]]:
    """The rows of an attendee list (CSV in UTF-8 with comma or semicolon, or XLSX) as dicts
    keyed by the header's column names (lower case), each with its row number under ROW.

    Blank rows are skipped. Raises AttendeeFileError when the file cannot be used at all."""
    data = _read_bytes(uploaded_file)
    name = (getattr(uploaded_file, "name", "") or "").lower()
    if data.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        rows: Iterable[list[str]] = _xlsx_rows(data)
    elif name.endswith((".xls", ".ods")):
        raise AttendeeFileError(_("Save the list as XLSX or CSV (UTF-8) and upload it again."))
    else:
        rows = _csv_rows(data)

    header: list[str] | None = None
    parsed = []
    blank_run = 0
    for number, row in enumerate(rows, start=1):
        cells = [_cell(value) for value in row[:MAX_COLUMNS]]
        if not any(cells):
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break  # a sheet formatted down to row 1,048,576: the list has ended
            continue
        blank_run = 0
        if header is None:
            header = [_header_key(value) for value in cells]
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise AttendeeFileError(
                    _(
                        "The first row must name the columns; missing: %(columns)s. "
                        "The columns are: %(all)s."
                    )
                    % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)}
                )
            continue
        if len(parsed) >= MAX_ROWS:
            raise AttendeeFileError(
                _("The list has more than %(max)d attendees: split it into several files.")
                % {"max": MAX_ROWS}
            )
        record = {key: value for key, value in zip(header, cells, strict=False) if key in COLUMNS}
        record[ROW] = number
        parsed.append(record)
    if not parsed:
        raise AttendeeFileError(_("The file has no attendees."))
    return parsed


# --- Validating rows ---


def _simplified(value: str) -> str:
    return re.sub(r"[\s_\-]+", "-", value.strip().casefold())


def _lookup(choices) -> dict[str, str]:
    """Simplified code or label (English or the active language) → code: a list may say
    "F", "female" or "Femme" in any case, with spaces, hyphens or underscores."""
    table = {}
    for code, label in choices:
        with override("en"):
            table[_simplified(str(label))] = code
        table[_simplified(str(label))] = code
        table[_simplified(code)] = code
    return table


def _country(value: str) -> str:
    if len(value) in (2, 3) and value.isalpha():
        return countries.alpha2(value)
    return countries.by_name(value) or countries.by_name(value, language=get_language() or "en")


def validate_attendees(
    rows: list[dict[str, str]],
) -> tuple[list[dict[str, str]], list[tuple[int, str, str]]]:
    """(clean rows ready for `enrol`, errors as (row number, column, message)).

    Messages are in the active language (the evaluator's)."""
    lookups = {
        "sex": _lookup(Sex.choices),
        "office_type": _lookup(OfficeType.choices),
        "stakeholder_group": _lookup(StakeholderGroup.choices),
        # "zh" alone is how most lists write Chinese; the site's only Chinese is Simplified.
        "language": {**_lookup(settings.LANGUAGES), "zh": "zh-hans", "zh-cn": "zh-hans"},
    }
    clean_rows, errors = [], []
    for position, row in enumerate(rows, start=2):
        number = row.get(ROW, position)
        row_errors = []
        clean = {"name": row.get("name", ""), "function": row.get("function", "")}
        for column in ("name", "function"):
            if len(clean[column]) > 200:
                row_errors.append((number, column, _("Keep this under 200 characters.")))
            elif CONTROL_CHARACTERS.search(clean[column]):  # NUL cannot be stored
                row_errors.append((number, column, _(CONTROL_MESSAGE)))

        clean["email"] = email = row.get("email", "")
        try:
            if email:
                validate_email(email)
        except ValidationError:
            row_errors.append(
                (number, "email", _("“%(value)s” is not an e-mail address.") % {"value": email})
            )

        country = row.get("country", "")
        clean["country"] = _country(country) if country else ""
        if not country:
            message = _("Give the country: an ISO code such as FR, or its name in English.")
            row_errors.append((number, "country", message))
        elif not clean["country"]:
            message = _("“%(value)s” is not a known country.") % {"value": country}
            row_errors.append((number, "country", message))

        language = row.get("language", "") or settings.LANGUAGE_CODE
        for column, value in [
            ("sex", row.get("sex", "")),
            ("office_type", row.get("office_type", "")),
            ("stakeholder_group", row.get("stakeholder_group", "")),
            ("language", language),
        ]:
            clean[column] = lookups[column].get(_simplified(value), "")
            if not value:
                row_errors.append((number, column, _("This column is required.")))
            elif not clean[column]:
                codes = sorted(set(lookups[column].values()))
                message = _("“%(value)s” is not one of: %(codes)s.") % {
                    "value": value,
                    "codes": ", ".join(codes),
                }
                row_errors.append((number, column, message))

        errors.extend(row_errors)
        if not row_errors:
            clean_rows.append(clean)
    return clean_rows, errors


def duplicate_errors(cohort: Cohort, rows: list[dict[str, str]]) -> list[tuple[int, str, str]]:
    """Rows whose e-mail is already enrolled in `cohort` or repeated in the file: importing
    the same list twice would give the same people two links."""
    enrolled = {
        email.lower(): code
        for email, code in cohort.participants.exclude(email="").values_list("email", "code")
    }
    errors, seen = [], {}
    for position, row in enumerate(rows, start=2):
        number, email = row.get(ROW, position), row.get("email", "").lower()
        if not email:
            continue
        if email in enrolled:
            message = _("Already enrolled in this cohort as %(code)s.") % {"code": enrolled[email]}
            errors.append((number, "email", message))
        elif email in seen:
            message = _(
                "Same e-mail as row %(row)d: if two people share it, leave it empty for one."
            ) % {"row": seen[email]}
            errors.append((number, "email", message))
        seen.setdefault(email, number)
    return errors


def import_attendees(cohort: Cohort, uploaded_file) -> list[Participant]:
    """Enrol every attendee of the file in `cohort`, or none: raises AttendeeFileError or
    AttendeeRowsError (with every row's errors) and saves nothing when anything is wrong."""
    rows = parse_attendee_file(uploaded_file)
    clean_rows, errors = validate_attendees(rows)
    errors += duplicate_errors(cohort, rows)
    if errors:
        # Python's sort is stable: each row's errors keep their column order.
        raise AttendeeRowsError(sorted(errors, key=lambda error: error[0]))
    with transaction.atomic():
        codes = new_participant_codes(cohort, len(clean_rows))
        participants = [
            Participant(cohort=cohort, code=code, enrolled_via=EnrolledVia.IMPORT, **row)
            for code, row in zip(codes, clean_rows, strict=True)
        ]
        # One insert for the whole list; the unique code and token are the database's check.
        return Participant.objects.bulk_create(participants)
