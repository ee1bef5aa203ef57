"""The review workbook (DESIGN, "The review workbook"): one XLSX file with the nine indicators,
how they were computed, and the pseudonymised data behind them.

Written with openpyxl's write-only mode, rows streamed from database iterators, so a large data
set never sits in memory as cells. Rules every sheet follows:

- numbers are numeric cells with a number format, dates are date cells;
- every text from the database (answers, names of cohorts, titles, links) is a string cell,
  control characters dropped and a leading formula trigger neutralised (surveys.exports);
  nothing is ever written as a formula;
- headers are frozen, the main table of each sheet has an auto-filter, and every indicator
  sheet has a native bar chart over a table of that sheet;
- no personal data: participants appear as pseudonyms, experts and assistance requests as
  counts;
- headings are in the exporting evaluator's language.
"""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from surveys.models import Cohort, CohortPhase

from ..indicators import IndicatorResult
from ..indicators.data import sharing_survey_data
from ..quality import quality_report
from ..registry import INDICATORS, Indicator, default_scope, thresholds_from_settings
from ..result_cache import cached_results, fingerprint
from .cells import Book
from .data_sheets import codebook_entries, codebook_sheet, data_sheet, lookups_sheet
from .front import readme_sheet, summary_sheet
from .indicator_sheets import indicator_sheet
from .labels import Labels
from .quality_sheets import flow_sheet, quality_sheet
from .review_sheets import (
    budget_sheet,
    learning_sheet,
    methodology_sheet,
    network_sheet,
    outputs_sheet,
    reaction_sheet,
)

Progress = Callable[[int, str], None]  # (percent done, what is being done)


def build_workbook(
    target: str | Path | IO[bytes],
    language: str = settings.LANGUAGE_CODE,
    cohorts: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the review workbook to `target` (a path or a binary file), headings in
    `language`, covering `cohorts` (slugs; None: every cohort). Returns what was written:
    {"sheets": [...], "rows": data rows, "hash": SHA-256 of the Data sheet}."""
    report = progress or (lambda _percent, _step: None)
    with translation.override(language), sharing_survey_data():
        return _build(target, language, list(cohorts or []), report)


def _build(
    target: str | Path | IO[bytes], language: str, cohorts: list[str], report: Progress
) -> dict[str, Any]:
    scope = default_scope(cohorts=tuple(cohorts) or None)  # hashable: data read once
    thresholds = thresholds_from_settings()
    results: list[tuple[Indicator, IndicatorResult]] = []
    # The survey-based results the dashboard computed are reused while their data stand
    # still: an export right after a look at the dashboard does not compute them again.
    state = fingerprint(scope)
    for index, indicator in enumerate(INDICATORS):
        report(
            round(40 * index / len(INDICATORS)), str(_("Computing %(id)s")) % {"id": indicator.id}
        )
        if indicator.survey_based:
            computation = [(indicator.id, indicator.compute)]
            result = cached_results(computation, scope, thresholds, state)[indicator.id]
        else:
            result = indicator.compute(scope, thresholds)
        results.append((indicator, result))
    by_id = {result.id: result for _indicator, result in results}

    cohort_names = dict(
        Cohort.objects.filter(
            pk__in=CohortPhase.objects.filter(scope.cohort_filter("cohort")).values("cohort_id")
        ).values_list("slug", "name")
    )
    labels = Labels(cohort_names)
    codebook = codebook_entries(scope)

    book = Book()
    readme = book.sheet(_("README"), widths=(34, 90))
    report(42, str(_("Writing the indicator sheets")))
    summary_sheet(book, results)
    for indicator, result in results:
        indicator_sheet(book, indicator, result, labels)
    methodology_sheet(book, thresholds)
    learning_sheet(book, by_id["OBJ-1"], codebook, language)
    reaction_sheet(book, by_id["OP-4"], labels)
    outputs_sheet(book, by_id, labels)
    network_sheet(book, by_id["OUT-2"], labels)
    budget_sheet(book)
    quality = quality_report(scope, thresholds)
    flow_sheet(book, by_id, labels, thresholds, quality.participation)
    quality_sheet(book, quality, labels)
    report(50, str(_("Writing the data")))
    rows, digest = data_sheet(book, scope, report)
    report(90, str(_("Writing the codebook")))
    codebook_sheet(book, codebook, labels)
    lookups_sheet(book)
    readme_sheet(readme, book, scope, cohorts, language, digest)
    report(95, str(_("Saving the workbook")))
    book.save(target)
    report(100, str(_("Done")))
    return {"sheets": list(book.titles), "rows": rows, "hash": digest}
