"""Data-driven charts: geometry, validation, rendering per language, CSV download."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cms.blocks import ChartBlock
from cms.charts import (
    LINE_HEIGHT,
    NARROW_WIDTH,
    WIDTH,
    Series,
    Text,
    bars,
    donut,
    format_number,
    lines,
    stacked_bars,
    text_width,
    wrap,
)
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
    for left, right in zip(ltr.texts, rtl.texts, strict=True):
        assert right.x == pytest.approx(WIDTH - left.x)
        assert right.anchor == left.anchor  # "start" follows the SVG's direction
    assert ltr.legend == []  # one series needs no legend


def extent(text: Text, rtl: bool) -> tuple[float, float]:
    """Estimated left and right edges of a text, as the browser anchors it."""
    width = max(text_width(row) for row in text.rows)
    anchor = text.anchor
    if rtl and anchor != "middle":  # start and end follow the direction
        anchor = "end" if anchor == "start" else "start"
    if anchor == "start":
        return text.x, text.x + width
    if anchor == "end":
        return text.x - width, text.x
    return text.x - width / 2, text.x + width / 2


LONG = [
    "Expert identification and vetting of candidates in every region of the world",
    "Workshop",
    "在每个区域查明和审查专家以及其他许多事情",
    "تحديد الخبراء وفحص أهليتهم في كل منطقة من مناطق العالم",
]


@pytest.mark.parametrize("drawer", [bars, stacked_bars])
@pytest.mark.parametrize("width", [WIDTH, NARROW_WIDTH])
@pytest.mark.parametrize("rtl", [False, True])
def test_bar_labels_sit_above_their_bars_and_inside_the_drawing(drawer, width, rtl):
    series = [Series("Year 1", [D(95000)] * 4), Series("Year 2", [D(1)] * 4)]
    drawing = drawer(LONG, series, "CHF", rtl, width=width)
    assert drawing.width == width
    labels = [t for t in drawing.texts if t.text in LONG]
    assert len(labels) == len(LONG)
    for label in labels:
        assert all(text_width(row) <= width - 24 for row in label.rows)
        bottom = label.y + (len(label.rows) - 1) * LINE_HEIGHT
        below = [r for r in drawing.rects if r.y > label.y]
        # Its bars start under its last line: a long label never runs into a bar.
        assert not below or min(r.y for r in below) >= bottom + 4
    assert max(len(label.rows) for label in labels) > 1  # the long ones wrap
    for text in drawing.texts:
        left, right = extent(text, rtl)
        assert left >= 0 and right <= width, text
        assert 0 < text.y < drawing.height
    for rect in drawing.rects:
        assert rect.x >= 0 and rect.x + rect.width <= width
        assert rect.y + rect.height <= drawing.height


def test_wrap_breaks_at_spaces_and_between_chinese_characters():
    assert wrap("Awareness tools", 1000) == ["Awareness tools"]
    rows = wrap("Expert identification and vetting", 160)
    assert len(rows) > 1 and " ".join(rows) == "Expert identification and vetting"
    chinese = wrap("专家的确定和审查工作在所有区域", 100)
    assert len(chinese) > 1 and "".join(chinese) == "专家的确定和审查工作在所有区域"
    assert all(text_width(row) <= 100 for row in chinese)
    assert all(text_width(row) <= 50 for row in wrap("Supercalifragilistic", 50))


@pytest.mark.parametrize("width", [WIDTH, NARROW_WIDTH])
@pytest.mark.parametrize("rtl", [False, True])
def test_line_axis_labels_fit_without_overlapping(width, rtl):
    categories = [f"Quarter {n} of the year" for n in range(1, 9)]
    series = [Series("Activities", [D(n) for n in (1, 2, 3, 2, 2, 1, 4, 9000)])]
    drawing = lines(categories, series, "CHF", rtl, width=width)
    axis = sorted(
        (t for t in drawing.texts if t.text in categories), key=lambda t: extent(t, rtl)[0]
    )
    assert axis and len(axis) < len(categories) or width == WIDTH
    edges = [extent(t, rtl) for t in axis]
    assert all(b[0] - a[1] >= 8 for a, b in zip(edges, edges[1:], strict=False))
    for text in drawing.texts:
        left, right = extent(text, rtl)
        assert left >= 0 and right <= width, text
    assert axis[0 if not rtl else -1].text == categories[0]  # time runs in reading order


def test_line_labels_stay_inside_in_arabic_and_thin_out_on_a_phone():
    categories = ["س1 ر1", "س1 ر2", "س1 ر3", "س1 ر4", "س2 ر1", "س2 ر2"]
    series = [Series("الأنشطة", [D(1), D(2), D(3), D(2), D(2), D(1)])]
    wide = lines(categories, series, "", True)
    assert [t.text for t in wide.texts if t.text in categories] == categories
    first, last = (next(t for t in wide.texts if t.text == c) for c in categories[::5])
    assert extent(first, True)[1] <= WIDTH and extent(last, True)[0] >= 0
    assert last.x < first.x  # right to left
    # On a phone, every k-th label: fewer, evenly spaced, the first one at the edge.
    narrow = lines(categories, series, "", True, width=NARROW_WIDTH)
    shown = [categories.index(t.text) for t in narrow.texts if t.text in categories]
    every = shown[1] - shown[0]
    assert every > 1 and shown[:3] == [0, every, 2 * every]
    for text in narrow.texts:
        left, right = extent(text, True)
        assert left >= 0 and right <= NARROW_WIDTH


def test_line_labels_at_the_edges_start_or_end_at_their_point():
    categories = ["A very long first quarter label", "Q2", "A very long last quarter label"]
    series = [Series("x", [D(1), D(2), D(3)])]
    for rtl in (False, True):
        drawing = lines(categories, series, "", rtl, width=NARROW_WIDTH)
        first = next(t for t in drawing.texts if t.text == categories[0])
        assert first.anchor == "start"  # "start" is the reading side's edge in both directions
        assert (first.x > NARROW_WIDTH / 2) == rtl


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


def test_donut_puts_a_long_unit_under_the_total():
    with translation.override("ru"):
        drawing = donut(["A", "B"], [Series("x", [D(5000), D(200000)])], "шв. франков", False)
    (total,) = drawing.texts
    assert total.rows == ["205\u00a0000", "шв. франков"]
    assert all(text_width(row) < 2 * 78 for row in total.rows)  # inside the ring's hole
    with translation.override("en"):
        short = donut(["A"], [Series("x", [D(205000)])], "CHF", False)
    assert short.texts[0].rows == ["205,000\u00a0CHF"]


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
        "data": {"categories": ["A", "B"], "series": [{"name": "2025", "values": [1, 2]}]},
    }
    if "series" in overrides:
        raw["data"]["series"] = overrides.pop("series")
    raw.update(overrides)
    return block, block.to_python(raw)


def test_chart_block_needs_one_value_per_category():
    block, value = chart_value(series=[{"name": "x", "values": [1]}])
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "data" in error.value.block_errors


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
            svgs = re.findall(r"<svg class=\"chart__svg[^\"]*\" role=\"img\"[^>]*>", content)
            # Bars and lines: a wide and a narrow drawing, of which site.css shows one.
            expected = ["chart__svg"] if charts[0] == "donut" else ["--wide", "--narrow"]
            assert len(svgs) == len(expected), page.url
            for svg, variant in zip(svgs, expected, strict=True):
                assert variant in svg
                assert "aria-labelledby" in svg
                assert ('direction="rtl"' in svg) == (code == "ar")
            ids = re.findall(r' id="([^"]+)"', content)
            assert len(ids) == len(set(ids))  # title and desc of both drawings stay unique
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
    chart.value["data"]["categories"][0] = '=HYPERLINK("http://evil")'
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
