"""Paper or offline answers: an XLSX template per instrument, filled in and imported back.

The template has one row per participant and one column per item code; a Codebook sheet
gives each item's text and answer codes in the chosen language. The import checks every row
(known participant of the cohort, not already submitted, each answer valid) and saves all
rows or none, through the same services as the web form. The template's cells go through the
plugin's export guard; a formula in a filled template refuses the file (spreadsheet_import).
"""

import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from . import answering, spreadsheet_import
from .exports import safe_row, spreadsheet_safe
from .models import CohortPhase, Instrument, Participant, Submission

PARTICIPANT_COLUMN = "participant"
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class PaperImportError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s)")


def _text(value) -> str:
    # A participant's answer is data, never a formula: cells are written as strings.
    return "" if value is None else str(value)


def _unquoted(value: str) -> str:
    """A code as the template had it: without the quote the export guard put in front."""
    if value.startswith("'") and spreadsheet_safe(value[1:]) == value:
        return value[1:]
    return value


def template_workbook(cohort_phase: CohortPhase, language: str) -> bytes:
    instrument = answering.instrument_in(cohort_phase.instrument, language)
    items = list(instrument.items.all())
    codes = [item.code for item in items]
    workbook = Workbook()
    with override(language):
        sheet = workbook.active
        sheet.title = _("Answers")[:31]
        sheet.append(safe_row([PARTICIPANT_COLUMN, *codes], xlsx=True))
        for participant in Participant.objects.filter(
            cohort_id=cohort_phase.cohort_id, revoked_at__isnull=True
        ).order_by("code"):
            sheet.append(safe_row([participant.code], xlsx=True))
        sheet.freeze_panes = "B2"
        for column, item in enumerate(items, start=2):
            choices = answering.choices_of(item, instrument)
            if choices:
                rule = DataValidation(
                    type="list",
                    formula1='"' + ",".join(code for code, _label in choices) + '"',
                    allow_blank=True,
                )
                letter = sheet.cell(row=1, column=column).column_letter
                rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
                sheet.add_data_validation(rule)
        codebook = workbook.create_sheet(_("Codebook")[:31])
        codebook.append(
            safe_row([_("Item code"), _("Question"), _("Answer codes"), _("Required")], xlsx=True)
        )
        for item in items:
            choices = answering.choices_of(item, instrument)
            allowed = "; ".join(f"{code} = {label}" for code, label in choices) or _("Free text")
            row = [item.code, item.text, allowed, _("yes") if item.required else ""]
            codebook.append(safe_row(row, xlsx=True))  # no cell can be a formula
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def read_rows(content: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    if len(content) > MAX_BYTES:
        raise PaperImportError([RowError(0, "", _("The file is larger than 5 MB."))])
    try:
        workbook = spreadsheet_import.open_workbook(content)
    except Exception as error:  # openpyxl raises many types for a file that is not XLSX
        raise PaperImportError(
            [RowError(0, "", _("This is not an XLSX workbook: download the template again."))]
        ) from error
    try:
        rows = spreadsheet_import.row_values(workbook.worksheets[0])
        header = [_unquoted(_text(value).strip()) for value in next(rows, ())]
        data = []
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                raise PaperImportError(
                    [RowError(number, "", _("More than %(max)d rows.") % {"max": MAX_ROWS})]
                )
            if not any(value not in (None, "") for value in values):
                continue
            row = dict(zip(header, (_text(v).strip() for v in values), strict=False))
            if PARTICIPANT_COLUMN in row:
                row[PARTICIPANT_COLUMN] = _unquoted(row[PARTICIPANT_COLUMN])
            data.append((number, row))
    except spreadsheet_import.FormulaCellError as error:
        # Found before anything is saved: the whole file is refused.
        raise PaperImportError([RowError(error.row, error.column, error.message)]) from error
    finally:
        workbook.close()
    return header, data


def import_workbook(cohort_phase: CohortPhase, content: bytes, language: str) -> list[Submission]:
    """Import a filled template: every row submitted, or nothing and the list of errors."""
    instrument: Instrument = answering.instrument_in(cohort_phase.instrument, language)
    items = {item.code: item for item in instrument.items.all()}
    header, rows = read_rows(content)
    errors = []
    if PARTICIPANT_COLUMN not in header:
        errors.append(RowError(1, PARTICIPANT_COLUMN, _("The “participant” column is missing.")))
    errors += [
        RowError(1, column, _("Unknown item code: is this the template of this instrument?"))
        for column in header
        if column and column != PARTICIPANT_COLUMN and column not in items
    ]
    if errors:
        raise PaperImportError(errors)
    participants = {p.code: p for p in Participant.objects.filter(cohort_id=cohort_phase.cohort_id)}
    submitted = set(
        Submission.objects.filter(
            participant__cohort_id=cohort_phase.cohort_id,
            phase=cohort_phase.phase,
            submitted_at__isnull=False,
        ).values_list("participant__code", flat=True)
    )
    clean_rows, seen = [], set()
    with override(language):
        for number, row in rows:
            code = row.get(PARTICIPANT_COLUMN, "")
            if not any(row.get(item_code) for item_code in items):
                continue  # a participant of the template who answered nothing on paper
            participant = participants.get(code)
            if participant is None:
                errors.append(RowError(number, PARTICIPANT_COLUMN, _("Unknown participant code.")))
                continue
            if code in submitted:
                errors.append(RowError(number, PARTICIPANT_COLUMN, _("Already submitted.")))
                continue
            if code in seen:
                errors.append(RowError(number, PARTICIPANT_COLUMN, _("Twice in the file.")))
                continue
            seen.add(code)
            answers = {}
            for item_code, item in items.items():
                try:
                    answers[item_code] = answering.clean_answer(
                        item, row.get(item_code, ""), instrument
                    )
                except answering.ValidationError as error:
                    errors.append(RowError(number, item_code, error.messages[0]))
            clean_rows.append((participant, answers))
    if errors:
        raise PaperImportError(errors)
    saved = []
    with transaction.atomic():
        for participant, answers in clean_rows:
            submission = answering.start(
                participant, cohort_phase.phase, cohort_phase.instrument, language
            )
            Submission.objects.filter(pk=submission.pk).update(source="paper")
            answering.save_answers(submission, list(items.values()), answers)
            answering.submit(submission, instrument)
            saved.append(submission)
    return saved
