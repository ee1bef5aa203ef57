"""Geometry of the data-driven charts, drawn as SVG by cms/templates/cms/charts/svg.html.

Hand-written rather than pygal or leather: those emit <style> elements and inline style
attributes, which the site's Content-Security-Policy (style-src 'self') blocks inside inline
SVG, and neither draws donuts and stacked bars both. Plain presentation attributes pass the
CSP, the layout mirrors for right-to-left languages, and numbers use the page's language.
Functions here take plain values and return plain values; templates only place them.

Bars, stacked bars and lines are drawn twice: WIDTH wide for desktops and NARROW_WIDTH wide
for phones, both with FONT_SIZE text, and site.css shows the one that fits the chart's box,
so the text never renders much smaller than FONT_SIZE pixels.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import format_decimal
from django.utils.translation import get_language, to_locale

# Six colours, each at least 3:1 against white (WCAG non-text contrast), told apart by the
# legend and data table too, never by colour alone.
PALETTE = ["#0b4f8a", "#b35c00", "#2e7d32", "#6a1b9a", "#c62828", "#00695c"]

WIDTH = 640  # shown from 560 px up (site.css), where 14 units are at least 12 px
NARROW_WIDTH = 300  # a 360 px phone gives the chart about 290 px: 14 units ≈ 13.5 px
FONT_SIZE = 14
LINE_HEIGHT = 18  # between the lines of a wrapped label
BAR_HEIGHT = 22
BAR_SPACING = 4  # between the bars of one category
BAR_GAP = 16  # between categories
MARGIN = 12


def format_number(value: Decimal | float, unit: str = "") -> str:
    """The number as the active language writes it (CLDR, through Babel), with its unit.

    Django's own formats leave Arabic numbers ungrouped; Babel follows CLDR in all six."""
    text = format_decimal(value, format="#,##0.#", locale=to_locale(get_language() or "en"))
    return f"{text}\u00a0{unit}" if unit else text


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate, on the generous side, of the text's width in a sans-serif font.

    The server has no font metrics, and the reader's font is unknown: over-estimating only
    costs some room, under-estimating lets text run into bars or out of the drawing."""
    ems = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue  # Arabic vowel marks and the like take no room of their own
        if unicodedata.east_asian_width(char) in ("W", "F"):
            ems += 1.0  # Chinese characters are square
        elif char.isspace() or char in ".,:;!'()[]|":
            ems += 0.35
        elif char.isupper():
            ems += 0.75
        else:
            ems += 0.62
    return ems * size


# Chinese (and other wide) characters may break anywhere; other scripts break at spaces.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKENS = re.compile(rf"[{_WIDE}]\s*|[^\s{_WIDE}]+\s*|\s+")


def wrap(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """The text in lines of at most `width` (estimated), for <tspan>s one under the other."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if line and text_width((line + token).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        while len(line) > 1 and text_width(line.rstrip(), size) > width:
            # One word longer than the line: cut it where it stops fitting.
            cut = max(
                (n for n in range(1, len(line)) if text_width(line[:n], size) <= width),
                default=1,
            )
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [text]


@dataclass
class Series:
    name: str
    values: list[Decimal]
    colour: str = ""


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str  # the value in words, read on hover and by assistive technology


@dataclass
class Text:
    x: float
    y: float  # baseline of the first line
    text: str
    anchor: str = "start"
    lines: list[str] = field(default_factory=list)  # when wrapped, LINE_HEIGHT apart

    @property
    def rows(self) -> list[str]:
        return self.lines or [self.text]


@dataclass
class Drawing:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    paths: list[tuple[str, str, str]] = field(default_factory=list)  # (d, colour, title)
    points: list[tuple[float, float, str, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, name)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # gridlines


def _coloured(series: list[Series]) -> list[Series]:
    return [Series(s.name, s.values, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]


def _mirror(x: float, length: float, width: float, rtl: bool) -> float:
    return width - x - length if rtl else x


def _value_room(values: list, unit: str, width: float) -> float:
    """Width to keep after the longest bar for its printed value."""
    longest = max((text_width(format_number(v, unit)) for v in values), default=0)
    return min(longest + 10, width / 2)


def _label(drawing: Drawing, text: str, top: float, rtl: bool) -> float:
    """A category's label on its own lines above its bars, so that long labels never meet
    the bars; returns where the bars start."""
    rows = wrap(text, drawing.width - 2 * MARGIN)
    x = drawing.width - MARGIN if rtl else MARGIN
    # "start" is the reading side in both directions: the SVG carries the page's direction.
    drawing.texts.append(Text(x, top + FONT_SIZE, text, "start", rows if len(rows) > 1 else []))
    return top + FONT_SIZE + (len(rows) - 1) * LINE_HEIGHT + 8


def _value(drawing: Drawing, bar: Rect, text: str, rtl: bool) -> None:
    x = bar.x - 6 if rtl else bar.x + bar.width + 6
    drawing.texts.append(Text(x, bar.y + bar.height / 2 + FONT_SIZE * 0.35, text))


def bars(
    categories: list[str], series: list[Series], unit: str, rtl: bool, width: int = WIDTH
) -> Drawing:
    """Horizontal bars, grouped by category, one per series, each category's label above."""
    series = _coloured(series)
    values = [v for s in series for v in s.values]
    top = max(values, default=0) or 1
    plot = width - 2 * MARGIN - _value_room(values, unit, width)
    drawing = Drawing(width, 0)
    y = float(MARGIN)
    for i, category in enumerate(categories):
        y = _label(drawing, category, y, rtl)
        for s in series:
            value = s.values[i]
            length = float(value) / float(top) * plot
            bar = Rect(
                _mirror(MARGIN, length, width, rtl),
                y,
                length,
                BAR_HEIGHT,
                s.colour,
                f"{category}, {s.name}: {format_number(value, unit)}",
            )
            drawing.rects.append(bar)
            _value(drawing, bar, format_number(value, unit), rtl)
            y += BAR_HEIGHT + BAR_SPACING
        y += BAR_GAP - BAR_SPACING
    drawing.height = math.ceil(y - BAR_GAP + MARGIN)
    if len(series) > 1:
        drawing.legend = [(s.colour, s.name) for s in series]
    return drawing


def stacked_bars(
    categories: list[str], series: list[Series], unit: str, rtl: bool, width: int = WIDTH
) -> Drawing:
    """One horizontal bar per category, split into the series' shares, its label above."""
    series = _coloured(series)
    totals = [sum((s.values[i] for s in series), Decimal(0)) for i in range(len(categories))]
    top = max(totals, default=0) or 1
    plot = width - 2 * MARGIN - _value_room(totals, unit, width)
    drawing = Drawing(width, 0)
    y = float(MARGIN)
    for i, category in enumerate(categories):
        y = _label(drawing, category, y, rtl)
        offset = 0.0
        for s in series:
            length = float(s.values[i]) / float(top) * plot
            drawing.rects.append(
                Rect(
                    _mirror(MARGIN + offset, length, width, rtl),
                    y,
                    length,
                    BAR_HEIGHT,
                    s.colour,
                    f"{category}, {s.name}: {format_number(s.values[i], unit)}",
                )
            )
            offset += length
        whole = Rect(_mirror(MARGIN, offset, width, rtl), y, offset, BAR_HEIGHT, "", "")
        _value(drawing, whole, format_number(totals[i], unit), rtl)
        y += BAR_HEIGHT + BAR_GAP
    drawing.height = math.ceil(y - BAR_GAP + MARGIN)
    drawing.legend = [(s.colour, s.name) for s in series]
    return drawing


def _axis_labels(
    categories: list[str], xs: list[float], width: float
) -> list[tuple[int, float, str]]:
    """(index, x, anchor) of the x-axis labels that fit side by side, in left-to-right
    coordinates: every k-th, the smallest k without overlaps, and the last one if it fits.

    Labels are centred under their points, except where that would leave the drawing: there
    a label starts (or ends) at its point instead. Mirrored for right-to-left, "start" and
    "end" follow the SVG's direction, so the same anchors keep them inside."""
    widths = [text_width(c) for c in categories]

    def placed(i: int) -> tuple[int, float, str, float, float]:
        x, w = xs[i], widths[i]
        if x - w / 2 < 0:
            return i, x, "start", x, x + w
        if x + w / 2 > width:
            return i, x, "end", x - w, x
        return i, x, "middle", x - w / 2, x + w / 2

    def fits(chosen: list[tuple[int, float, str, float, float]]) -> bool:
        return all(b[3] - a[4] >= 8 for a, b in zip(chosen, chosen[1:], strict=False))

    n = len(categories)
    for every in range(1, n + 1):
        chosen = [placed(i) for i in range(0, n, every)]
        if fits(chosen):
            break
    if chosen[-1][0] != n - 1 and fits([chosen[-1], placed(n - 1)]):
        chosen.append(placed(n - 1))
    return [(i, x, anchor) for i, x, anchor, _left, _right in chosen]


def lines(
    categories: list[str], series: list[Series], unit: str, rtl: bool, width: int = WIDTH
) -> Drawing:
    """One line per series across the categories; time runs right to left in RTL."""
    series = _coloured(series)
    height = 300 if width >= WIDTH else 240
    top = max((v for s in series for v in s.values), default=0) or 1
    ticks = [Decimal(str(float(top) * fraction)) for fraction in (0, 0.5, 1)]
    tick_labels = [format_number(value, unit) for value in ticks]
    # Room for the value labels on the reading side and the points' radius on the other, and
    # on both sides for half the first and last category labels, up to an eighth of the width.
    edge = [min(text_width(c) / 2, width / 8) for c in categories[:1] + categories[-1:]] or [0]
    left = MARGIN + max(max(text_width(label) for label in tick_labels) + 8, edge[0])
    right = MARGIN + max(6, edge[-1])
    top_pad, bottom = 20, 44
    drawing = Drawing(width, height)
    step = (width - left - right) / max(len(categories) - 1, 1)
    xs = [left + i * step for i in range(len(categories))]

    def mirrored(x: float) -> float:
        return width - x if rtl else x

    def y_at(value: Decimal) -> float:
        return top_pad + (1 - float(value) / float(top)) * (height - top_pad - bottom)

    if categories:
        for i, x, anchor in _axis_labels(categories, xs, width):
            drawing.texts.append(Text(mirrored(x), height - bottom + 24, categories[i], anchor))
    for value, label in zip(ticks, tick_labels, strict=True):
        drawing.texts.append(Text(mirrored(left - 8), y_at(value) + 5, label, "end"))
        # Light gridlines, so that a point can be read against the values beside them.
        drawing.rules.append((mirrored(left), y_at(value), mirrored(width - right), y_at(value)))
    for s in series:
        coords = [(mirrored(x), y_at(v)) for x, v in zip(xs, s.values, strict=True)]
        d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
        drawing.paths.append((d, s.colour, s.name))
        for (x, y), category, value in zip(coords, categories, s.values, strict=True):
            drawing.points.append(
                (x, y, s.colour, f"{category}, {s.name}: {format_number(value, unit)}")
            )
    drawing.legend = [(s.colour, s.name) for s in series]
    return drawing


def donut(categories: list[str], series: list[Series], unit: str, rtl: bool) -> Drawing:
    """Each category's share of the first series' total, as arcs of a ring.

    One drawing for all screens: 300 units wide, its only text is still 13 px on a phone."""
    values = series[0].values if series else []
    total = float(sum(values, Decimal(0))) or 1
    size, outer, inner = 300, 130, 78
    cx = cy = size / 2
    drawing = Drawing(size, size)
    # Clockwise in LTR, counter-clockwise in RTL, starting at twelve o'clock.
    direction = -1 if rtl else 1

    def point(radius: float, a: float) -> tuple[float, float]:
        return cx + direction * radius * math.sin(a), cy - radius * math.cos(a)

    angle = 0.0
    for i, (category, value) in enumerate(zip(categories, values, strict=True)):
        sweep = float(value) / total * 2 * math.pi
        colour = PALETTE[i % len(PALETTE)]
        a0, a1 = angle, angle + sweep
        large = 1 if sweep > math.pi else 0

        if sweep >= 2 * math.pi - 1e-9:  # a single 100 % share: two half rings
            a1 = a0 + math.pi - 1e-6
            large = 1
        (x0, y0), (x1, y1) = point(outer, a0), point(outer, a1)
        (x2, y2), (x3, y3) = point(inner, a1), point(inner, a0)
        sweep_flag = 0 if rtl else 1
        d = (
            f"M{x0:.2f},{y0:.2f} A{outer},{outer} 0 {large},{sweep_flag} {x1:.2f},{y1:.2f} "
            f"L{x2:.2f},{y2:.2f} A{inner},{inner} 0 {large},{1 - sweep_flag} {x3:.2f},{y3:.2f} Z"
        )
        share = format_number(Decimal(str(round(float(value) / total * 100, 1))), "%")
        drawing.paths.append((d, colour, f"{category}: {format_number(value, unit)} ({share})"))
        drawing.legend.append((colour, f"{category}: {share}"))
        angle = a1
    whole = format_number(Decimal(str(total)), unit)
    rows = [whole]
    if unit and text_width(whole) > 2 * inner - 20:  # the unit goes under the number
        rows = [format_number(Decimal(str(total))), *wrap(unit, 2 * inner - 20)]
    top = cy + 5 - (len(rows) - 1) * LINE_HEIGHT / 2
    drawing.texts.append(Text(cx, top, whole, "middle", rows if len(rows) > 1 else []))
    return drawing


DRAWERS = {"bar": bars, "stacked_bar": stacked_bars, "line": lines, "donut": donut}
# The drawers that also draw a narrow version for phones (width=NARROW_WIDTH).
NARROW_DRAWERS = {"bar", "stacked_bar", "line"}
