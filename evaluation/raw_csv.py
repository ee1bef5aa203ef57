"""The raw data set behind the review: pseudonymised, one row per participant per submitted
phase, answers as codes; streamed from the database (the workbook's Data sheet reads the same
rows) and written as CSV.

A participant appears as an HMAC of their id keyed with the SECRET_KEY: stable across exports
of one site, meaningless elsewhere, and never the access token (which opens their answers).
Names, e-mails and functions are never read. The rows carry the texts as typed: the writers
(surveys.exports.SafeCsvWriter here, workbook.cells.Sheet for the Data sheet) put every cell
through the plugin's export guard.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.crypto import salted_hmac
from survey.models import Answer
from wagtail.coreutils import get_supported_content_language_variant

from regions.lookups import region_of_countries
from surveys.exports import SafeCsvWriter
from surveys.models import CohortPhase, Item, Submission
from surveys.storage import CLOSED_KINDS

from .indicators.data import Scope

# Fixed columns, named by code like the items (the Codebook gives their labels).
PARTICIPANT_COLUMNS = [
    "participant",
    "cohort",
    "phase",
    "language",
    "submitted_on",
    "source",
    "country",
    "region",
    "sex",
    "office_type",
    "stakeholder_group",
]
PHASE_ORDER = ("pre", "post", "feedback", "follow_up")
CHUNK = 2000

Progress = Callable[[int, int], None]  # (rows done, rows in all)


def pseudonym(participant_id: int) -> str:
    """A stable pseudonym: 64 bits of an HMAC-SHA256 of the id, keyed with the SECRET_KEY."""
    digest = salted_hmac(
        "evaluation.raw_data.pseudonym", str(participant_id), algorithm="sha256"
    ).hexdigest()
    return digest[:16]


@dataclass(frozen=True)
class Column:
    code: str
    kind: str  # an item kind, or "" for a participant column


def item_columns(scope: Scope) -> list[Column]:
    """The items of the instruments the cohorts in scope use, by code, in phase order (two
    queries); answers in any language map to them through the shared library question."""
    windows = CohortPhase.objects.filter(scope.cohort_filter("cohort")).values_list(
        "phase", "instrument__translation_key"
    )
    keys = sorted({(PHASE_ORDER.index(p) if p in PHASE_ORDER else 9, k) for p, k in windows})
    order = list(dict.fromkeys(key for _rank, key in keys))
    source = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    items = Item.objects.filter(
        instrument__translation_key__in=order,
        instrument__locale__language_code=source,
        question__isnull=False,
    ).values_list("instrument__translation_key", "code", "kind", "question_id")
    by_instrument: dict = {}
    for key, code, kind, question_id in items.order_by("sort_order", "pk"):
        by_instrument.setdefault(key, []).append((code, kind, question_id))
    columns: dict[str, Column] = {}
    for key in order:
        for code, kind, _question in by_instrument.get(key, []):
            columns.setdefault(code, Column(code, kind))
    return list(columns.values())


def question_codes(scope: Scope) -> dict[int, Column]:
    """Library question id → its item column (one query)."""
    source = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    keys = CohortPhase.objects.filter(scope.cohort_filter("cohort")).values(
        "instrument__translation_key"
    )
    return {
        question_id: Column(code, kind)
        for question_id, code, kind in Item.objects.filter(
            instrument__translation_key__in=keys,
            instrument__locale__language_code=source,
            question__isnull=False,
        ).values_list("question_id", "code", "kind")
    }


def _value(body: str, kind: str) -> int | str | None:
    if not body:
        return None
    if kind in CLOSED_KINDS and body.isascii() and body.isdigit():
        return int(body)
    return body


def submissions_in(scope: Scope):
    return Submission.objects.filter(scope.submitted(), participant__in=scope.participants())


def raw_rows(scope: Scope) -> tuple[list[str], int, Iterator[list]]:
    """(header, number of rows, rows): the submitted responses in scope, each a list of the
    participant columns then one value per item column (an int code for closed items, text
    for open ones, None when unanswered). Two streamed queries merged on (participant,
    submission): memory stays flat whatever the number of answers."""
    columns = item_columns(scope)
    position = {column.code: index for index, column in enumerate(columns)}
    questions = question_codes(scope)
    regions = region_of_countries()
    submissions = submissions_in(scope)
    total = submissions.count()
    header = PARTICIPANT_COLUMNS + [column.code for column in columns]

    def rows() -> Iterator[list]:
        meta = (
            submissions.order_by("participant_id", "pk")
            .values_list(
                "participant_id",
                "pk",
                "participant__cohort__slug",
                "phase",
                "language",
                "submitted_at",
                "source",
                "participant__country",
                "participant__sex",
                "participant__office_type",
                "participant__stakeholder_group",
            )
            .iterator(chunk_size=CHUNK)
        )
        answers = (
            Answer.objects.filter(response__submission__in=submissions.values("pk"))
            .order_by("response__submission__participant_id", "response__submission__id", "pk")
            .values_list(
                "response__submission__participant_id",
                "response__submission__id",
                "question_id",
                "body",
            )
            .iterator(chunk_size=CHUNK)
        )
        pending = next(answers, None)
        pseudonyms: dict[int, str] = {}  # a participant has up to four rows: one HMAC
        for pid, sid, cohort, phase, language, at, source, country, sex, office, group in meta:
            values: list = [None] * len(columns)
            # Both streams are ordered by the same integer keys: skip, then take this one's.
            while pending is not None and pending[:2] < (pid, sid):
                pending = next(answers, None)
            while pending is not None and pending[:2] == (pid, sid):
                column = questions.get(pending[2])
                if column is not None and values[position[column.code]] is None:
                    values[position[column.code]] = _value(pending[3] or "", column.kind)
                pending = next(answers, None)
            country = str(country)
            if pid not in pseudonyms:
                pseudonyms = {pid: pseudonym(pid)}  # rows come ordered by participant
            yield [
                pseudonyms[pid],
                cohort,
                phase,
                language,
                at.date() if at else None,
                source,
                country,
                regions.get(country, ""),
                sex,
                office,
                group,
                *values,
            ]

    return header, total, rows()


def write_csv(path: Path | str, scope: Scope, progress: Progress | None = None) -> int:
    """The raw data as CSV (UTF-8 with a BOM, so spreadsheets detect the encoding); returns
    the number of data rows."""
    header, total, rows = raw_rows(scope)
    written = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = SafeCsvWriter(file)  # every cell through the export guard
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
            written += 1
            if progress is not None and written % 200 == 0:
                progress(written, total)
    if progress is not None:
        progress(written, total)
    return written
