"""Data-driven charts: geometry, validation, rendering per language, CSV download."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cms.blocks import ChartBlock
from cms.charts import WIDTH, Series, bars, donut, format_number, lines, stacked_bars
from cms.exports import spreadsheet_safe
from cms.models import InfographicPage

D = Decimal


def test_bars_scale_to_the_largest_value_and_mirror_in_rtl():
    series = [Series("Budget", [D(30000), D(95000)])]
    ltr = bars(["Study", "Workshop"], series, "CHF", rtl=False)
    rtl = bars(["Study", "Workshop"], series, "CHF", rtl=True)
    study, workshop = ltr.rects
    assert workshop.width > study.width
    assert study.width / workshop.width == pytest.approx(30000 / 95000)
    assert ltr.rects[0].x < WIDTH / 2  # bars grow from the reading side
    for left, right in zip(ltr.rects, rtl.rects, strict=True):
        assert right.x == pytest.approx(WIDTH - left.x - left.width)
        assert right.width == pytest.approx(left.width)
    assert ltr.legend == []  # one series needs no legend


def test_stacked_bars_add_up_and_have_a_legend():
    with translation.override("en"):
        drawing = stacked_bars(
            ["Tools"], [Series("Year 1", [D(20000)]), Series("Year 2", [D(20000)])], "CHF", False
        )
    first, second = drawing.rects
    assert second.x == pytest.approx(first.x + first.width)
    assert [name for _colour, name in drawing.legend] == ["Year 1", "Year 2"]
    assert any(t.text == "40,000\u00a0CHF" for t in drawing.texts)


def test_line_runs_right_to_left_in_rtl():
    series = [Series("Activities", [D(1), D(3)])]
    ltr = lines(["Q1", "Q2"], series, "", rtl=False)
    rtl = lines(["Q1", "Q2"], series, "", rtl=True)
    assert ltr.points[0][0] < ltr.points[1][0]
    assert rtl.points[0][0] > rtl.points[1][0]
    assert ltr.points[1][1] < ltr.points[0][1]  # the larger value sits higher


def test_donut_shares_add_up_to_the_whole():
    with translation.override("en"):
        drawing = donut(["A", "B", "C"], [Series("x", [D(50), D(25), D(25)])], "", False)
    assert [name for _c, name in drawing.legend] == ["A: 50\u00a0%", "B: 25\u00a0%", "C: 25\u00a0%"]
    assert len(drawing.paths) == 3


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "205,000\u00a0CHF"),
        ("fr", "205\u202f000\u00a0CHF"),
        ("es", "205.000\u00a0CHF"),
        ("ru", "205\u00a0000\u00a0CHF"),
        ("zh-hans", "205,000\u00a0CHF"),
        ("ar", "205,000\u00a0CHF"),
    ],
)
def test_numbers_are_written_the_way_each_language_writes_them(code, expected):
    with translation.override(code):
        assert format_number(D(205000), "CHF") == expected
        assert format_number(D("3.5")) in {"3.5", "3,5"}


def chart_value(**overrides):
    block = ChartBlock()
    raw = {
        "title": "Budget",
        "description": "d",
        "chart_type": "bar",
        "unit": "CHF",
        "source": "",
        "categories": ["A", "B"],
        "series": [{"name": "2025", "values": [1, 2]}],
    }
    raw.update(overrides)
    return block, block.to_python(raw)


def test_chart_block_needs_one_value_per_category():
    block, value = chart_value(series=[{"name": "x", "values": [1]}])
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "series" in error.value.block_errors


def test_donut_takes_a_single_series():
    block, value = chart_value(
        chart_type="donut",
        series=[{"name": "x", "values": [1, 2]}, {"name": "y", "values": [1, 2]}],
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "chart_type" in error.value.block_errors


def test_negative_values_are_refused():
    block, value = chart_value(series=[{"name": "x", "values": [1, -2]}])
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_safe_neutralises_formula_triggers(text):
    assert spreadsheet_safe(text) == "'" + text


def test_spreadsheet_safe_leaves_plain_text_and_numbers():
    assert spreadsheet_safe("Workshop") == "Workshop"
    assert spreadsheet_safe(D(5)) == D(5)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "fr", "es", "ru", "zh-hans", "ar"])
def test_demo_infographics_render_an_accessible_svg_and_table(client, code):
    for page in InfographicPage.objects.filter(locale__language_code=code):
        content = client.get(page.url).content.decode()
        charts = re.findall(r'<figure class="chart chart--(\w+)"', content)
        assert charts, page.url
        if charts[0] != "key_figures":
            svg = re.search(r"<svg class=\"chart__svg\" role=\"img\"[^>]*>", content).group(0)
            assert "aria-labelledby" in svg
            assert ('direction="rtl"' in svg) == (code == "ar")
        assert "<table>" in content and "<caption>" in content
        assert "<style" not in content and " style=" not in content  # CSP-safe


@pytest.mark.django_db
def test_chart_csv_download_in_the_pages_language(client):
    page = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="fr")
    chart = page.charts[0]
    response = client.get(f"/charts/{page.pk}/{chart.id}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Budget par produit"]
    assert rows[1][1] == "Budget (CHF)"
    assert rows[2] == ["Étude exploratoire", "30000"]  # numbers stay numbers
    assert rows[-1][-1] == "CDIP/32/6 REV"


@pytest.mark.django_db
def test_chart_csv_escapes_formulas_typed_by_editors(client):
    page = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="en")
    chart = page.charts[0]
    chart.value["categories"][0] = '=HYPERLINK("http://evil")'
    page.save_revision().publish()
    response = client.get(f"/charts/{page.pk}/{chart.id}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[2][0].startswith("'=")


@pytest.mark.django_db
def test_chart_csv_404s_for_unknown_charts_and_unpublished_pages(client):
    page = InfographicPage.objects.get(slug="budget-by-output", locale__language_code="en")
    assert client.get(f"/charts/{page.pk}/not-a-block.csv").status_code == 404
    assert client.get(f"/charts/999999/{page.charts[0].id}.csv").status_code == 404
    page.unpublish()
    assert client.get(f"/charts/{page.pk}/{page.charts[0].id}.csv").status_code == 404


@pytest.mark.django_db
def test_image_infographic_requires_its_text_alternative(demo_site):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="poster", file=get_test_image_file())
    page = InfographicPage(
        title="Poster", slug="poster", summary="s", crisis_phase="response", image=image
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert set(error.value.message_dict) == {"alt_text", "long_description"}
    chartless = InfographicPage(title="Empty", slug="empty", summary="s", crisis_phase="response")
    with pytest.raises(ValidationError) as error:
        chartless.clean()
    assert "image" in error.value.message_dict


@pytest.mark.django_db
def test_image_infographic_offers_the_original_and_social_sharing_meta(client, demo_site):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from cms.models import ResourceLibraryPage

    library = ResourceLibraryPage.objects.get(locale__language_code="en")
    image = Image.objects.create(title="poster", file=get_test_image_file())
    page = InfographicPage(
        title="Poster of the six quarters",
        slug="poster",
        summary="The timeline as a poster.",
        crisis_phase="preparedness",
        image=image,
        alt_text="A six-quarter timeline with five activities.",
        long_description="The scoping study runs in the first two quarters.",
    )
    library.add_child(instance=page)
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert 'alt="A six-quarter timeline with five activities."' in content
    assert "The scoping study runs in the first two quarters." in content
    assert '<meta property="og:image" content="http://testserver/' in content
    assert '<meta name="twitter:card" content="summary_large_image">' in content
    assert re.search(
        r'<a href="[^"]+original[^"]*" download>Download the original image</a>', content
    )
