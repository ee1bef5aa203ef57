"""The Data, Codebook and Lookups sheets: the pseudonymised answers streamed row by row,
every code with its label in the six languages, and the countries with their region."""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from regions.lookups import region_names
from regions.models import CountryCategory, CountryRegion, Region
from surveys import answering
from surveys.models import Cohort, CohortPhase, Instrument, Item, Submission
from surveys.models.cohorts import Phase
from surveys.models.participants import OfficeType, Sex, StakeholderGroup

from ..indicators.data import Scope
from ..raw_csv import PARTICIPANT_COLUMNS, item_columns, raw_rows
from .cells import BOLD, DATE, Book
from .labels import DIMENSION_LABELS, Labels

if TYPE_CHECKING:
    from . import Progress


def data_sheet(book: Book, scope: Scope, report: "Progress") -> tuple[int, str]:
    """The raw rows, streamed; returns their number and the SHA-256 of header and rows."""
    header, total, rows = raw_rows(scope)
    sheet = book.sheet(_("Data"), widths=(18, 26, 10, 9, 12, 8, 8, 20, 12, 20, 20), freeze="B2")
    digest = hashlib.sha256()

    def fold(values: list) -> None:
        line = json.dumps(values, default=str, ensure_ascii=False)
        digest.update(line.encode() + b"\n")

    sheet.append(header, font=BOLD)
    fold(header)
    count = 0
    for row in rows:
        sheet.append_values(row, [None, None, None, None, DATE])
        fold(row)
        count += 1
        if count % 200 == 0 and total:
            report(50 + round(40 * count / total), str(_("Writing the data")))
    sheet.ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    return count, digest.hexdigest()


class Codebook:
    """Labels of every variable and code of the Data sheet in the six languages."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, dict[str, str]]] = []  # (variable, code, labels)
        self.texts: dict[tuple[str, str], str] = {}  # (item code, language) → text
        self.domains: dict[tuple[str, str], str] = {}  # (domain code, language) → name

    def text(self, code: str, language: str) -> str:
        return self.texts.get((code, language), "")


def _in_languages(label: Any) -> dict[str, str]:
    """A lazily translated label in each site language."""
    result = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result[code] = str(label)
    return result


def codebook_entries(scope: Scope) -> Codebook:
    """Participant variables from the models' choices, items from each language's
    translation of the instruments (two queries for those)."""
    book = Codebook()
    languages = [code for code, _name in settings.LANGUAGES]
    variables = {
        "participant": _("Participant (pseudonym: an HMAC of the participant's id)"),
        "cohort": DIMENSION_LABELS["cohort"],
        "phase": _("Phase"),
        "language": DIMENSION_LABELS["language"],
        "submitted_on": _("Date submitted"),
        "source": _("Source"),
        "country": _("Country (ISO 3166 code; names in the Lookups sheet)"),
        "region": DIMENSION_LABELS["region"],
        "sex": DIMENSION_LABELS["sex"],
        "office_type": DIMENSION_LABELS["office_type"],
        "stakeholder_group": DIMENSION_LABELS["stakeholder_group"],
    }
    codes: dict[str, Iterable[tuple[str, Any]]] = {
        "phase": Phase.choices,
        "language": settings.LANGUAGES,
        "source": Submission._meta.get_field("source").choices,
        "sex": Sex.choices,
        "office_type": OfficeType.choices,
        "stakeholder_group": StakeholderGroup.choices,
    }
    cohorts = Cohort.objects.filter(
        pk__in=CohortPhase.objects.filter(scope.cohort_filter("cohort")).values("cohort_id")
    ).values_list("slug", "name")
    regions = list(Region.objects.values_list("code", "name"))
    for variable in PARTICIPANT_COLUMNS:
        book.entries.append((variable, "", _in_languages(variables[variable])))
        if variable == "cohort":
            for slug, name in cohorts:
                book.entries.append((variable, slug, dict.fromkeys(languages, name)))
        elif variable == "region":
            for code, name in regions:
                # Stored in English and translated on the way out (regions.lookups).
                label = translation.gettext_lazy(name) if name else code
                book.entries.append((variable, code, _in_languages(label)))
        for code, label in codes.get(variable, ()):
            book.entries.append((variable, code, _in_languages(label)))

    columns = item_columns(scope)
    keys = CohortPhase.objects.filter(scope.cohort_filter("cohort")).values(
        "instrument__translation_key"
    )
    instruments = (
        Instrument.objects.filter(translation_key__in=keys)
        .select_related("locale")
        .prefetch_related("items", "domains")
    )
    items: dict[tuple[str, str], tuple[Item, Instrument]] = {}
    for instrument in instruments:
        language = instrument.locale.language_code
        for item in instrument.items.all():
            items.setdefault((item.code, language), (item, instrument))
            book.texts.setdefault((item.code, language), item.text)
        for domain in instrument.domains.all():
            book.domains.setdefault((domain.code, language), domain.name)
    for column in columns:
        book.entries.append(
            (column.code, "", {code: book.text(column.code, code) for code in languages})
        )
        choices: dict[str, dict[str, str]] = defaultdict(dict)
        for code in languages:
            pair = items.get((column.code, code))
            if pair is None:
                continue
            with translation.override(code):
                for value, label in answering.choices_of(*pair):
                    choices[value][code] = str(label)
        for value, labels in choices.items():
            book.entries.append((column.code, value, labels))
    return book


def codebook_sheet(book: Book, codebook: Codebook, labels: Labels) -> None:
    languages = list(settings.LANGUAGES)
    sheet = book.sheet(_("Codebook"), widths=(22, 22, *[50] * len(languages)), freeze="C2")
    sheet.table(
        [_("Variable"), _("Code"), *[f"{name} ({code})" for code, name in languages]],
        (
            [variable, code, *[names.get(c, "") for c, _n in languages]]
            for variable, code, names in codebook.entries
        ),
        filtered=True,
    )


def lookups_sheet(book: Book) -> None:
    sheet = book.sheet(_("Lookups"), widths=(10, 36, 22, 44, 14, 30))
    regions = region_names()
    categories = {code: str(label) for code, label in CountryCategory.choices}
    rows = (
        CountryRegion.objects.select_related("region").order_by("country").iterator(chunk_size=500)
    )
    sheet.table(
        [
            _("ISO code"),
            _("Country"),
            _("Region code"),
            DIMENSION_LABELS["region"],
            _("Category code"),
            _("Category"),
        ],
        (
            [
                row.country.code,
                str(row.country.name),
                row.region.code,
                regions.get(row.region.code, row.region.name),
                row.category,
                categories.get(row.category, row.category),
            ]
            for row in rows
        ),
        filtered=True,
    )
