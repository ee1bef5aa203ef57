"""The site's export guard (cms.exports, a copy of the plugin's forced by the plugin rule):
the same rule as surveys.exports on the same cases, then every CSV and XLSX the cms hands out,
downloaded through its real URL with a formula planted in a title."""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook
from wagtail.documents import get_document_model

from cms import exports as site
from cms.models import InfographicPage, StandardPage, record_download
from surveys import exports as plugin

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'

CASES = [
    ("=1+1", "'=1+1", "'=1+1"),
    ("+1", "'+1", "'+1"),
    ("-1", "'-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1", "'\t=1"),
    ("\r=1", "'\r=1", "'\r=1"),
    ("\x01=3+3", "'\x01=3+3", "'=3+3"),  # a control character does not hide the trigger
    ("\x00=1", "'\x00=1", "'=1"),  # XLSX cannot hold NUL: dropped there
    ("Plain text", "Plain text", "Plain text"),
    ("a=1", "a=1", "a=1"),
    ("", "", ""),
]


@pytest.mark.parametrize(("value", "csv_value", "xlsx_value"), CASES)
def test_the_site_guard(value, csv_value, xlsx_value):
    assert site.spreadsheet_safe(value) == csv_value
    assert site.spreadsheet_safe(value, xlsx=True) == xlsx_value


@pytest.mark.parametrize(("value", "csv_value", "xlsx_value"), CASES)
def test_the_site_copy_matches_the_plugin_guard(value, csv_value, xlsx_value):
    for xlsx in (False, True):
        assert site.spreadsheet_safe(value, xlsx=xlsx) == plugin.spreadsheet_safe(value, xlsx=xlsx)
    assert site.FORMULA_TRIGGERS == plugin.FORMULA_TRIGGERS
    assert site.LEADING_TRIGGERS == plugin.LEADING_TRIGGERS


def test_numbers_dates_and_none_stay_what_they_are():
    for value in (-1, -2.5, Decimal("-3"), datetime.date(2026, 1, 1), None, False):
        assert site.spreadsheet_safe(value) == value
        assert site.spreadsheet_safe(value, xlsx=True) == value
    assert isinstance(site.spreadsheet_safe(-1, xlsx=True), int)


# --- Every export of the site, through its URL ---


def _translation_status(export_format: str) -> Callable[..., str]:
    def url(demo_site, superuser) -> str:
        page = StandardPage(title=FORMULA, slug="formula-page")
        demo_site.add_child(instance=page)
        page.save_revision(user=superuser).publish()
        return f"/admin/reports/translation-status/?export={export_format}&language=fr"

    return url


def _downloads(export_format: str) -> Callable[..., str]:
    def url(demo_site, superuser) -> str:
        document = get_document_model().objects.create(
            title=FORMULA, file=ContentFile(b"text", name="formula.txt")
        )
        record_download(document, "fr")
        return f"/admin/reports/document-downloads/?export={export_format}"

    return url


def _chart(demo_site, superuser) -> str:
    page = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="en")
    chart = page.charts[0]
    chart.value["data"]["categories"][0] = FORMULA
    page.save_revision().publish()
    return f"/charts/{page.pk}/{chart.id}.csv"


def _wagtail_report(path: str, export_format: str) -> Callable[..., str]:
    """Wagtail's own reports list page titles (and log entries carry them)."""

    def url(demo_site, superuser) -> str:
        page = StandardPage(title=FORMULA, slug="formula-page")
        demo_site.add_child(instance=page)
        page.save_revision(user=superuser, log_action=True).publish(user=superuser)
        if "locked" in path:
            page.locked, page.locked_by = True, superuser
            page.save()
        return f"/admin/reports/{path}/?export={export_format}"

    return url


def _redirects(export_format: str) -> Callable[..., str]:
    def url(demo_site, superuser) -> str:
        from wagtail.contrib.redirects.models import Redirect

        Redirect.objects.create(old_path="/formula", redirect_link=FORMULA)
        return f"/admin/redirects/?export={export_format}"

    return url


@dataclass(frozen=True)
class Export:
    name: str
    format: str
    url: Callable[..., str]  # (demo_site, superuser) → the download's URL, data planted


EXPORTS = [
    Export("translation status", "csv", _translation_status("csv")),
    Export("translation status", "xlsx", _translation_status("xlsx")),
    Export("document downloads", "csv", _downloads("csv")),
    Export("document downloads", "xlsx", _downloads("xlsx")),
    Export("chart data", "csv", _chart),
    *[
        Export(f"wagtail {path}", fmt, _wagtail_report(path, fmt))
        for path in ("site-history", "aging-pages", "locked")
        for fmt in ("csv", "xlsx")
    ],
    Export("redirects", "csv", _redirects("csv")),
    Export("redirects", "xlsx", _redirects("xlsx")),
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: f"{e.name}-{e.format}")
def test_every_site_export_quotes_a_planted_formula(client, demo_site, superuser, export):
    url = export.url(demo_site, superuser)
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200, url
    assert "attachment" in response["Content-Disposition"]
    content = body(response)
    if export.format == "csv":
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        cells = [cell for row in rows for cell in row if "HYPERLINK" in cell]
        assert cells, "the planted value is not in the file"
        assert all(cell.startswith("'=") for cell in cells), cells
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        cells = [c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
        assert cells, "the planted value is not in the file"
        for cell in cells:
            assert cell.data_type == "s", (cell.coordinate, cell.value)
            assert cell.value.startswith("'="), (cell.coordinate, cell.value)
