"""Geometry of a participant's before/after chart (surveys/includes/own_change.html).

Plain values in, plain values out; the template only places them, with presentation
attributes (the site's CSP forbids style attributes). Right-to-left languages get mirrored
coordinates rather than a mirrored picture, so that their text is not mirrored too.
"""

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

WIDTH = 300  # a 360 px phone gives it about 290 px: its 14-unit text renders at 13.5 px
FONT_SIZE = 14
LINE_HEIGHT = 18
MARGIN = 8
BAR_HEIGHT = 14
SCALE = (1, 2, 3, 4, 5)  # the rating scale; bars start from 0 so that a 1 still shows
LEGEND_SWATCH = 24


class Row(Protocol):
    name: str
    before: float | None
    after: float | None


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    phase: str  # "before" or "after": the template gives each its own fill


@dataclass
class Label:
    x: float
    y: float  # baseline of the first line
    lines: list[str]
    anchor: str = "start"  # the SVG carries the page's direction: "start" is the reading side


@dataclass
class ChangeChart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    gridlines: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y1, y2)
    swatches: list[Bar] = field(default_factory=list)  # the legend's samples


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of the text's width: the server knows no font metrics."""
    ems = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            ems += 1.0
        elif char.isspace() or char in ".,:;!'()[]|":
            ems += 0.35
        elif char.isupper():
            ems += 0.75
        else:
            ems += 0.62
    return ems * size


_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # Chinese breaks anywhere, others at spaces
_TOKENS = re.compile(rf"[{_WIDE}]\s*|[^\s{_WIDE}]+\s*|\s+")


def wrap(text: str, width: float) -> list[str]:
    """The text in lines no wider than `width` (estimated)."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if line and text_width((line + token).rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        while len(line) > 1 and text_width(line.rstrip()) > width:
            cut = max((n for n in range(1, len(line)) if text_width(line[:n]) <= width), default=1)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [text]


def change_chart(
    rows: Iterable[Row], rtl: bool, before: str, after: str, number: Callable[[float, int], str]
) -> ChangeChart:
    """Two bars per domain (before above after) on a 1–5 axis, each domain's name above its
    bars, each bar's value after it, a legend on top and the scale's ticks below.

    `number(value, decimals)` writes a number as the page's language does, like the table."""
    chart = ChangeChart(WIDTH, 0)

    def x(at: float) -> float:
        return WIDTH - at if rtl else at

    def bar(at: float, y: float, length: float, height: float, phase: str) -> Bar:
        return Bar(WIDTH - at - length if rtl else at, y, length, height, phase)

    # Legend: one half of the width each, a sample then its name.
    for i, (phase, name) in enumerate((("before", before), ("after", after))):
        start = MARGIN + i * WIDTH / 2
        chart.swatches.append(bar(start, MARGIN, LEGEND_SWATCH, BAR_HEIGHT, phase))
        room = WIDTH / 2 - LEGEND_SWATCH - 6 - MARGIN
        chart.labels.append(Label(x(start + LEGEND_SWATCH + 6), MARGIN + 12, wrap(name, room)))
    y = MARGIN + BAR_HEIGHT + max(len(label.lines) for label in chart.labels) * LINE_HEIGHT

    value_room = text_width(number(5.0, 1)) + 10
    plot = WIDTH - 2 * MARGIN - value_room
    ticks = [MARGIN + tick / SCALE[-1] * plot for tick in SCALE]
    top = y
    for row in rows:
        lines = wrap(row.name, WIDTH - 2 * MARGIN)
        chart.labels.append(Label(x(MARGIN), y + FONT_SIZE, lines))
        y += FONT_SIZE + (len(lines) - 1) * LINE_HEIGHT + 8
        for phase, value in (("before", row.before), ("after", row.after)):
            length = 0.0 if value is None else value / SCALE[-1] * plot
            if value is not None:
                chart.bars.append(bar(MARGIN, y, length, BAR_HEIGHT, phase))
            text = "—" if value is None else number(value, 1)
            chart.labels.append(Label(x(MARGIN + length + 5), y + BAR_HEIGHT - 2, [text]))
            y += BAR_HEIGHT + 4
        y += 12
    for tick, at in zip(SCALE, ticks, strict=True):
        chart.gridlines.append((x(at), top, y - 6))
        chart.labels.append(Label(x(at), y + 10, [number(tick, 0)], "middle"))
    chart.height = math.ceil(y + 10 + MARGIN)
    return chart
