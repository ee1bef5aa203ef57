"""The participant's before/after chart: geometry (no HTTP) and the SVG the thank-you page gets."""

import pytest
from django.template.loader import render_to_string
from django.utils.translation import gettext, override

from surveys.charts import FONT_SIZE, LINE_HEIGHT, WIDTH, change_chart, text_width
from surveys.scores import DomainChange, DomainChanges


def number(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


ROWS = [
    DomainChange("risk", "Risk", 2.0, 3.5),
    DomainChange("comms", "Communication with users during a crisis of any kind", 3.0, 5.0),
    DomainChange("ops", "Operations", None, 4.0),
]


def extent(label, rtl: bool) -> tuple[float, float]:
    width = max(text_width(line) for line in label.lines)
    if label.anchor == "middle":
        return label.x - width / 2, label.x + width / 2
    return (label.x - width, label.x) if rtl else (label.x, label.x + width)


@pytest.mark.parametrize("rtl", [False, True])
def test_bars_show_the_ratings_on_the_one_to_five_scale_inside_the_drawing(rtl):
    chart = change_chart(ROWS, rtl, "Before", "After", number)
    assert chart.width == WIDTH
    assert [s.phase for s in chart.swatches] == ["before", "after"]
    texts = [line for label in chart.labels for line in label.lines]
    assert {"Before", "After", "1", "2", "3", "4", "5", "2.0", "3.5", "—"} <= set(texts)
    risk_before, risk_after, comms_before, comms_after, ops_after = chart.bars
    assert [b.phase for b in chart.bars] == ["before", "after", "before", "after", "after"]
    assert risk_after.width / risk_before.width == pytest.approx(3.5 / 2.0)
    assert comms_after.width / risk_before.width == pytest.approx(5 / 2)
    assert risk_before.y + risk_before.height <= risk_after.y  # before above after
    assert risk_before.height >= 12  # bars of real thickness, not hairlines
    for label in chart.labels:
        left, right = extent(label, rtl)
        assert left >= 0 and right <= WIDTH, label
        assert FONT_SIZE <= label.y <= chart.height - 4
    for bar in chart.bars + chart.swatches:
        assert bar.x >= 0 and bar.x + bar.width <= WIDTH
    # A long name wraps, and its bars start below its last line.
    (long_name,) = [label for label in chart.labels if len(label.lines) > 1]
    assert long_name.y + (len(long_name.lines) - 1) * LINE_HEIGHT < comms_before.y - 4


def test_right_to_left_mirrors_coordinates_not_text():
    ltr = change_chart(ROWS, False, "Before", "After", number)
    rtl = change_chart(ROWS, True, "Before", "After", number)
    for left, right in zip(ltr.bars + ltr.swatches, rtl.bars + rtl.swatches, strict=True):
        assert right.x == pytest.approx(WIDTH - left.x - left.width)
        assert right.width == pytest.approx(left.width)
    for left, right in zip(ltr.labels, rtl.labels, strict=True):
        assert right.x == pytest.approx(WIDTH - left.x)
        assert right.anchor == left.anchor  # "start" follows the SVG's direction
        assert right.lines == left.lines


def test_the_chart_speaks_the_page_language_and_the_template_does_not_mirror_text():
    rows = DomainChanges(ROWS[:2])
    with override("fr"):
        chart = rows.chart()
        html = render_to_string("surveys/includes/own_change.html", {"changes": rows})
        assert gettext("Before") in html and gettext("After") in html
    texts = {line for label in chart.labels for line in label.lines}
    assert {"2,0", "3,5"} <= texts  # as the table writes them
    assert 'direction="ltr"' in html and "scaleX" not in html
    assert 'fill="url(#survey-change-hatch)"' in html  # before is hatched, not only grey
    assert " style=" not in html and "<style" not in html  # CSP-safe
    with override("ar"):
        rtl = rows.chart()
        html = render_to_string("surveys/includes/own_change.html", {"changes": rows})
    assert 'direction="rtl"' in html
    assert rtl.labels[0].x > WIDTH / 2  # the legend starts on the right
