"""Geometry of the data-driven charts, drawn as SVG by cms/templates/cms/charts/*.html.

Hand-written rather than pygal or leather: those emit <style> elements and inline style
attributes, which the site's Content-Security-Policy (style-src 'self') blocks inside inline
SVG, and neither draws donuts and stacked bars both. Plain presentation attributes pass the
CSP, the layout mirrors for right-to-left languages, and numbers use the page's language.
Functions here take plain values and return plain values; templates only place them.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import format_decimal
from django.utils.translation import get_language, to_locale

# Six colours, each at least 3:1 against white (WCAG non-text contrast), told apart by the
# legend and data table too, never by colour alone.
PALETTE = ["#0b4f8a", "#b35c00", "#2e7d32", "#6a1b9a", "#c62828", "#00695c"]

WIDTH = 640
LABEL_WIDTH = 200  # room for category labels beside horizontal bars
BAR_HEIGHT = 26
BAR_GAP = 14
MARGIN = 12


def format_number(value: Decimal | float, unit: str = "") -> str:
    """The number as the active language writes it (CLDR, through Babel), with its unit.

    Django's own formats leave Arabic numbers ungrouped; Babel follows CLDR in all six."""
    text = format_decimal(value, format="#,##0.#", locale=to_locale(get_language() or "en"))
    return f"{text}\u00a0{unit}" if unit else text


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
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Drawing:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    paths: list[tuple[str, str, str]] = field(default_factory=list)  # (d, colour, title)
    points: list[tuple[float, float, str, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, name)


def _coloured(series: list[Series]) -> list[Series]:
    return [Series(s.name, s.values, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]


def _mirror(x: float, width: float, rtl: bool) -> float:
    return WIDTH - x - width if rtl else x


def _value_room(values: list, unit: str) -> float:
    """Width to keep beside the bars for their printed values (about 8 px a character)."""
    longest = max((len(format_number(v, unit)) for v in values), default=0)
    return min(longest * 8 + 12, WIDTH / 3)


def _start(rtl: bool) -> str:
    # The SVG inherits the page's direction, so "start" is the reading side in both.
    return "start"


def bars(categories: list[str], series: list[Series], unit: str, rtl: bool) -> Drawing:
    """Horizontal bars, grouped by category, one per series; labels on the reading side."""
    series = _coloured(series)
    top = max((v for s in series for v in s.values), default=0) or 1
    plot = (
        WIDTH - LABEL_WIDTH - 2 * MARGIN - _value_room([v for s in series for v in s.values], unit)
    )
    group = len(series) * BAR_HEIGHT + BAR_GAP
    drawing = Drawing(WIDTH, MARGIN * 2 + group * len(categories))
    for i, category in enumerate(categories):
        y0 = MARGIN + i * group
        label_x = WIDTH - MARGIN if rtl else MARGIN
        drawing.texts.append(Text(label_x, y0 + BAR_HEIGHT * 0.7, category, _start(rtl)))
        for j, s in enumerate(series):
            value = s.values[i]
            width = float(value) / float(top) * plot
            x = _mirror(LABEL_WIDTH + MARGIN, width, rtl)
            y = y0 + j * BAR_HEIGHT
            drawing.rects.append(
                Rect(
                    x,
                    y + 3,
                    width,
                    BAR_HEIGHT - 6,
                    s.colour,
                    f"{category}, {s.name}: {format_number(value, unit)}",
                )
            )
            value_x = x - 6 if rtl else x + width + 6
            drawing.texts.append(
                Text(value_x, y + BAR_HEIGHT * 0.7, format_number(value, unit), _start(rtl))
            )
    if len(series) > 1:
        drawing.legend = [(s.colour, s.name) for s in series]
    return drawing


def stacked_bars(categories: list[str], series: list[Series], unit: str, rtl: bool) -> Drawing:
    """One horizontal bar per category, split into the series' shares."""
    series = _coloured(series)
    totals = [sum((s.values[i] for s in series), Decimal(0)) for i in range(len(categories))]
    top = max(totals, default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 2 * MARGIN - _value_room(totals, unit)
    row = BAR_HEIGHT + BAR_GAP
    drawing = Drawing(WIDTH, MARGIN * 2 + row * len(categories))
    for i, category in enumerate(categories):
        y = MARGIN + i * row
        label_x = WIDTH - MARGIN if rtl else MARGIN
        drawing.texts.append(Text(label_x, y + BAR_HEIGHT * 0.7, category, _start(rtl)))
        offset = 0.0
        for s in series:
            width = float(s.values[i]) / float(top) * plot
            x = _mirror(LABEL_WIDTH + MARGIN + offset, width, rtl)
            drawing.rects.append(
                Rect(
                    x,
                    y,
                    width,
                    BAR_HEIGHT,
                    s.colour,
                    f"{category}, {s.name}: {format_number(s.values[i], unit)}",
                )
            )
            offset += width
        end = LABEL_WIDTH + MARGIN + offset
        total_x = WIDTH - end - 6 if rtl else end + 6
        drawing.texts.append(
            Text(total_x, y + BAR_HEIGHT * 0.7, format_number(totals[i], unit), _start(rtl))
        )
    drawing.legend = [(s.colour, s.name) for s in series]
    return drawing


def lines(categories: list[str], series: list[Series], unit: str, rtl: bool) -> Drawing:
    """One line per series across the categories; time runs right to left in RTL."""
    series = _coloured(series)
    height = 300
    left, right, top_pad, bottom = 70, 20, 20, 50
    top = max((v for s in series for v in s.values), default=0) or 1
    drawing = Drawing(WIDTH, height)
    step = (WIDTH - left - right) / max(len(categories) - 1, 1)

    def x_at(i: int) -> float:
        x = left + i * step
        return WIDTH - x if rtl else x

    def y_at(value: Decimal) -> float:
        return top_pad + (1 - float(value) / float(top)) * (height - top_pad - bottom)

    for i, category in enumerate(categories):
        drawing.texts.append(Text(x_at(i), height - bottom + 22, category, "middle"))
    for fraction in (0, 0.5, 1):
        value = Decimal(str(float(top) * fraction))
        axis_x = WIDTH - left + 8 if rtl else left - 8
        drawing.texts.append(Text(axis_x, y_at(value) + 4, format_number(value, unit), "end"))
    for s in series:
        coords = [(x_at(i), y_at(v)) for i, v in enumerate(s.values)]
        d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
        drawing.paths.append((d, s.colour, s.name))
        for (x, y), category, value in zip(coords, categories, s.values, strict=True):
            drawing.points.append(
                (x, y, s.colour, f"{category}, {s.name}: {format_number(value, unit)}")
            )
    drawing.legend = [(s.colour, s.name) for s in series]
    return drawing


def donut(categories: list[str], series: list[Series], unit: str, rtl: bool) -> Drawing:
    """Each category's share of the first series' total, as arcs of a ring."""
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
    drawing.texts.append(Text(cx, cy + 6, format_number(Decimal(str(total)), unit), "middle"))
    return drawing


DRAWERS = {"bar": bars, "stacked_bar": stacked_bars, "line": lines, "donut": donut}
