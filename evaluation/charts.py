"""Geometry of the dashboard's SVG charts: horizontal bars with value labels, and a 0–1 scale
with a target line and a confidence whisker. Templates only place what these return.

Drawn by hand for the reasons cms/charts.py gives (no <style> or inline styles in the SVG,
layout mirrored for right-to-left languages); the evaluation plugin does not import the site,
so the few lines it needs live here. Coordinates are computed left to right and mirrored at
the end for RTL: the template gives the <svg> the page's `direction`, so a text anchored at
"start" begins on the reading side in both.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 640
MARGIN = 12
LABEL_WIDTH = 120  # the scale's short row labels (indicator ids, thresholds), beside the bars
LABEL_LINE = 18  # a bar chart's label, on its own line above the bar
GAP = 10
VALUE_WIDTH = 80  # printed values, at the far end of each row
ROW = 34
BAR = 20
AXIS = 30  # room under the rows for the scale's tick labels

# Contrast of at least 3:1 against the white chart background (WCAG non-text contrast);
# the tables and printed values carry the same information, never colour alone.
BAR_COLOUR = "#0b4f8a"
TARGET_COLOUR = "#b35c00"
WHISKER_COLOUR = "#1b1f24"
GRID_COLOUR = "#c8c8c8"
TEXT_COLOUR = "#1b1f24"


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str  # the value in words, read on hover and by assistive technology


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    dashed: bool = False
    halo: bool = False  # a white edge under the line, to stand out over a bar
    title: str = ""


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # logical: "start" is the reading side once mirrored


@dataclass
class Drawing:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)


@dataclass(frozen=True)
class BarRow:
    label: str
    value: float
    text: str  # the value as printed


@dataclass(frozen=True)
class ScaleRow:
    """One row of a 0–1 scale: value and interval may be None (not enough data)."""

    label: str
    value: float | None
    text: str  # the value as printed ("78.5 %", or "not enough data")
    ci_low: float | None = None
    ci_high: float | None = None
    target: float | None = None
    title: str = ""  # the row in words, for the bar's tooltip


def mirrored(drawing: Drawing) -> Drawing:
    """The drawing flipped left to right, for right-to-left languages."""
    w = drawing.width
    for rect in drawing.rects:
        rect.x = w - rect.x - rect.width
    for line in drawing.lines:
        line.x1, line.x2 = w - line.x1, w - line.x2
    for text in drawing.texts:
        text.x = w - text.x
    return drawing


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def bars(rows: Sequence[BarRow], rtl: bool = False) -> Drawing:
    """One horizontal bar per row, scaled to the largest value, its value printed after it.
    Each label sits above its bar, across the full width: translations may be long."""
    top = max((row.value for row in rows), default=0) or 1
    plot = WIDTH - VALUE_WIDTH - 2 * MARGIN
    step = LABEL_LINE + BAR + GAP
    drawing = Drawing(WIDTH, 2 * MARGIN + step * len(rows) - GAP)
    for i, row in enumerate(rows):
        y = MARGIN + i * step
        width = max(row.value, 0) / top * plot
        drawing.texts.append(Text(MARGIN, y + LABEL_LINE - 5, row.label))
        bar_y = y + LABEL_LINE
        drawing.rects.append(
            Rect(MARGIN, bar_y, width, BAR, BAR_COLOUR, f"{row.label}: {row.text}")
        )
        drawing.texts.append(Text(MARGIN + width + 6, bar_y + BAR - 5, row.text))
    return mirrored(drawing) if rtl else drawing


def scale(
    rows: Sequence[ScaleRow], ticks: Sequence[tuple[float, str]], rtl: bool = False
) -> Drawing:
    """Bars on a fixed 0–1 scale, each with its Wilson whisker and its target as a dashed
    line; `ticks` are (position, label) pairs printed under the rows."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * MARGIN
    x0 = MARGIN + LABEL_WIDTH
    bottom = MARGIN + ROW * len(rows)
    drawing = Drawing(WIDTH, bottom + AXIS + MARGIN)

    def x_at(share: float) -> float:
        return x0 + _clamp(share) * plot

    for position, label in ticks:
        drawing.lines.append(Line(x_at(position), MARGIN, x_at(position), bottom, GRID_COLOUR))
        drawing.texts.append(Text(x_at(position), bottom + 20, label, "middle"))
    for i, row in enumerate(rows):
        y = MARGIN + i * ROW
        middle = y + ROW / 2
        drawing.texts.append(Text(MARGIN, middle + 5, row.label))
        drawing.texts.append(Text(WIDTH - MARGIN, middle + 5, row.text, "end"))
        if row.value is not None:
            drawing.rects.append(
                Rect(
                    x0,
                    y + (ROW - BAR) / 2,
                    x_at(row.value) - x0,
                    BAR,
                    BAR_COLOUR,
                    row.title or f"{row.label}: {row.text}",
                )
            )
        if row.ci_low is not None and row.ci_high is not None:
            low, high = x_at(row.ci_low), x_at(row.ci_high)
            drawing.lines.append(Line(low, middle, high, middle, WHISKER_COLOUR, halo=True))
            for end in (low, high):
                drawing.lines.append(
                    Line(end, middle - 6, end, middle + 6, WHISKER_COLOUR, halo=True)
                )
        if row.target is not None:
            at = x_at(row.target)
            drawing.lines.append(
                Line(at, y + 2, at, y + ROW - 2, TARGET_COLOUR, dashed=True, halo=True)
            )
    return mirrored(drawing) if rtl else drawing
