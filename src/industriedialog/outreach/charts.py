"""Charts as inline SVG, written directly (no plotting library), for pages and documents
alike.

Every chart is one image for assistive technology: `role="img"`, labelled by its <title>
and <desc>. The page must show the same figures as a table beside or below it; the table,
not the chart, is the accessible source.

The site's Content Security Policy allows styles only from its stylesheets, so the SVG
carries presentation attributes (`fill="…"`), never a `style` attribute or element. Text
stays text and takes the page's font; the only ids are the title's and the description's,
under the chart's own id, so several charts can share a page and the same data always
gives the same SVG.

A horizontal bar chart is a few rectangles, lines and texts: written here it takes well
under a millisecond, where matplotlib took 50–100 ms per chart, most of the dashboard's
time after a write (bench/outreach.py, docs/benchmarks.md). The width of a label is
estimated from its characters (the browser's font is not known on the server); labels
longer than `LABEL_CHARACTERS` are cut at a word, and the table beside the chart has the
full text.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

# KERN UX colours (light theme): darkblue-700 (the action colour), brand palette 2-600
# (teal), brand palette 1-600 (violet), neutral text and lines.
PRIMARY = "#2044AA"
SECONDARY = "#00705C"
TERTIARY = "#5F54BB"
PALETTE = (PRIMARY, SECONDARY, TERTIARY)
TEXT = "#171A2B"
MUTED = "#454B6B"
GRID = "#C8CCD0"
FONT_FAMILY = '"Fira Sans", "Noto Sans", Arial, sans-serif'

WIDTH = 720  # user units of the viewBox; the stylesheet scales the SVG to its box
FONT_SIZE = 14
SMALL_FONT_SIZE = 13
ROW = 30  # height of one bar's row
WRAPPED_ROW = 40  # … when a label takes two lines
LINE = 16  # between the two lines of a label
BAR = 20  # height of one bar
TOP = 8
AXIS_SPACE = 26  # below the bars: tick labels
LABEL_SPACE = 22  # below the tick labels: the axis label
GAP = 10  # between a category label and the axis, and after a bar's value
LABEL_CHARACTERS = 44
LABEL_AREA = WIDTH * 0.45  # at most this wide left of the axis; longer labels wrap
TICKS = 5  # at most this many intervals on the value axis

# Rough advance widths in ems, on the wide side (DejaVu Sans, the fallback where Fira Sans
# is missing): enough room for the labels left of the axis and the values right of the bars.
_NARROW = frozenset("iljtfrI.,:;!'|()[]/ ")
_WIDE = frozenset("mwMW%@")


def german_number(value: float, decimals: int = 0) -> str:
    """„1.250“, „12,5“: the active language's separators, thousands grouped."""
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def short_label(label: str, width: int = LABEL_CHARACTERS) -> str:
    """A category label on one line, cut at a word with „…“ when longer than `width`.
    The table beside the chart has the full text."""
    return textwrap.shorten(label, width, placeholder=" …")


def _label_lines(label: str) -> list[str]:
    """One line, or two cut at words when one would not fit into LABEL_AREA (the second
    ends in „…“ when the label is longer still)."""
    line = short_label(label)
    if text_width(line, FONT_SIZE) <= LABEL_AREA:
        return [line]
    characters = max(int(LABEL_AREA / (0.7 * FONT_SIZE)), 8)
    return textwrap.wrap(label, characters, max_lines=2, placeholder=" …") or [line]


def text_width(text: str, font_size: float) -> float:
    """The estimated width of `text` in user units."""
    ems = 0.0
    for character in text:
        if character in _NARROW:
            ems += 0.33
        elif character in _WIDE:
            ems += 0.92
        elif character.isupper() or character.isdigit():
            ems += 0.68
        else:
            ems += 0.62
    return ems * font_size * 1.1  # a tenth more: better room to spare than a cut label


def nice_ticks(largest: float, intervals: int = TICKS) -> list[int]:
    """Whole-number ticks from 0 past `largest`, at most `intervals` steps of 1, 2, 2.5 or
    5 times a power of ten (never a fraction: the charts count firms, needs, staff)."""
    if largest <= 0:
        return [0, 1]
    raw = largest / intervals
    power = 10 ** math.floor(math.log10(raw))
    step = next(
        (m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw and (m * power) % 1 == 0),
        10 * power,
    )
    step = max(int(math.ceil(step)), 1)
    count = math.ceil(largest / step)
    return [step * index for index in range(count + 1)]


def _number(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    chart_id: str,
    title: str,
    description: str,
    value_label: str = "",
    color: str = PRIMARY,
    value_format: Callable[[float], str] = german_number,
) -> SafeString:
    """A horizontal bar chart, the first label on top, each bar with its value at its end,
    vertical grid lines at whole-number ticks and the value axis named `value_label`.

    `chart_id` must be unique on the page (it prefixes the SVG's ids); `title` and
    `description` label the image for screen readers. Numbers follow the active language."""
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")
    names = [_label_lines(str(label)) for label in labels]
    shown = [value_format(value) for value in values]
    largest = max((float(value) for value in values), default=0.0)
    ticks = nice_ticks(largest)
    tick_texts = [german_number(tick) for tick in ticks]

    label_width = max(
        (text_width(line, FONT_SIZE) for lines in names for line in lines), default=0.0
    )
    left = math.ceil(min(label_width, LABEL_AREA)) + GAP
    value_width = max((text_width(text, SMALL_FONT_SIZE) for text in shown), default=0.0)
    last_tick = text_width(tick_texts[-1], SMALL_FONT_SIZE) / 2
    right = WIDTH - math.ceil(max(value_width + GAP, last_tick)) - 4
    scale = (right - left) / max(ticks[-1], largest, 1)
    row = WRAPPED_ROW if any(len(lines) > 1 for lines in names) else ROW
    bars_bottom = TOP + row * max(len(names), 1)
    height = bars_bottom + AXIS_SPACE + (LABEL_SPACE if value_label else 0)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart__svg" role="img" aria-labelledby="{escape(chart_id)}-title" '
        f'aria-describedby="{escape(chart_id)}-desc" focusable="false" '
        f'font-family="{escape(FONT_FAMILY)}">',
        f'<title id="{escape(chart_id)}-title">{escape(str(title), quote=False)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(str(description), quote=False)}</desc>',
        f'<g stroke="{GRID}" stroke-width="1">',
    ]
    for tick in ticks:
        x = _number(left + tick * scale)
        parts.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{bars_bottom}"/>')
    parts.append("</g>")
    parts.append(
        f'<g fill="{MUTED}" font-size="{SMALL_FONT_SIZE}" text-anchor="middle">'
        + "".join(
            f'<text x="{_number(left + tick * scale)}" y="{bars_bottom + 18}">'
            f"{escape(text, quote=False)}</text>"
            for tick, text in zip(ticks, tick_texts, strict=True)
        )
        + "</g>"
    )
    if value_label:
        parts.append(
            f'<text x="{_number((left + right) / 2)}" y="{height - 5}" fill="{MUTED}" '
            f'font-size="{SMALL_FONT_SIZE}" text-anchor="middle">'
            f"{escape(str(value_label), quote=False)}</text>"
        )
    bars, names_markup, values_markup = [], [], []
    for index, (lines, value, text) in enumerate(zip(names, values, shown, strict=True)):
        y = TOP + index * row + (row - BAR) / 2
        middle = y + BAR / 2 + FONT_SIZE * 0.35
        baseline = _number(middle)
        width = max(float(value), 0.0) * scale
        bars.append(f'<rect x="{left}" y="{_number(y)}" width="{_number(width)}" height="{BAR}"/>')
        first = middle - (len(lines) - 1) * LINE / 2
        names_markup.append(
            f'<text x="{left - GAP}" y="{_number(first)}">'
            + "".join(
                f'<tspan x="{left - GAP}" dy="{0 if number == 0 else LINE}">'
                f"{escape(line, quote=False)}</tspan>"
                for number, line in enumerate(lines)
            )
            + "</text>"
            if len(lines) > 1
            else f'<text x="{left - GAP}" y="{baseline}">{escape(lines[0], quote=False)}</text>'
        )
        values_markup.append(
            f'<text x="{_number(left + width + 5)}" y="{baseline}">'
            f"{escape(text, quote=False)}</text>"
        )
    parts.append(f'<g fill="{color}">{"".join(bars)}</g>')
    parts.append(
        f'<g fill="{TEXT}" font-size="{FONT_SIZE}" text-anchor="end">{"".join(names_markup)}</g>'
    )
    parts.append(f'<g fill="{TEXT}" font-size="{SMALL_FONT_SIZE}">{"".join(values_markup)}</g>')
    parts.append(
        f'<line x1="{left}" y1="{TOP}" x2="{left}" y2="{bars_bottom}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (our own markup; every text is escaped)
