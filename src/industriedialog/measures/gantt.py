"""The roadmap as a Gantt chart: server-rendered SVG, no script, no inline style (the
site's CSP allows styles only from the stylesheet). Colours and fonts come from classes in
web/static/web/site.css (section "roadmap"); geometry from presentation attributes.

Quarters run along the x axis, one bar per scheduled measure; flagships are marked with a
star and their own colour, measures with a fixed date with a dashed outline. The bottom
row compares the load of each quarter with its capacity. The chart is one image for
assistive technology (`role="img"` with <title> and <desc>); the page shows the same data
as tables next to it."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .planning import Quarter, RoadmapPlan, ScheduledMeasure
from .roadmap import number

LABEL_WIDTH = 300
CHART_WIDTH = 1100  # natural width the quarter columns share (between these bounds)
MIN_QUARTER_WIDTH = 44
MAX_QUARTER_WIDTH = 110
ROW_HEIGHT = 26
BAR_HEIGHT = 16
HEADER_HEIGHT = 46
LOAD_HEIGHT = 64
PADDING = 8
LABEL_CHARACTERS = 40
FLAGSHIP_MARK = "★"
ARROW = 6  # width of the "goes on beyond the chart" triangle


def _shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(row: ScheduledMeasure) -> str:
    measure = row.measure
    text = f"{measure.number} {measure.title}".strip()
    return f"{FLAGSHIP_MARK} {text}" if measure.is_flagship else text


def description(plan: RoadmapPlan) -> str:
    """What the chart shows, in one paragraph (its <desc>)."""
    first, last = plan.quarters[0], plan.quarters[-1]
    flagships = sum(1 for row in plan.schedule if row.measure.is_flagship)
    parts = [
        ngettext(
            "Eine Maßnahme von %(first)s bis %(last)s als Balken je Quartal.",
            "%(count)s Maßnahmen von %(first)s bis %(last)s als Balken je Quartal.",
            len(plan.schedule),
        )
        % {"count": len(plan.schedule), "first": first, "last": last},
    ]
    if flagships:
        parts.append(
            ngettext(
                "Ein Leuchtturmprojekt ist mit %(mark)s markiert.",
                "%(count)s Leuchtturmprojekte sind mit %(mark)s markiert.",
                flagships,
            )
            % {"count": flagships, "mark": FLAGSHIP_MARK}
        )
    peak = max(plan.load, default=0.0)
    parts.append(
        _(
            "Die unterste Zeile vergleicht die Auslastung jedes Quartals mit seiner Kapazität; "
            "die höchste Auslastung beträgt %(peak)s Personaltage."
        )
        % {"peak": number(peak)}
    )
    parts.append(_("Dieselben Angaben stehen in den Tabellen unter dem Diagramm."))
    return " ".join(parts)


def render(plan: RoadmapPlan, *, element_id: str = "roadmap-gantt") -> SafeString:
    """The chart as an inline <svg> element."""
    quarters: Sequence[Quarter] = plan.quarters
    count = len(quarters)
    column = max(MIN_QUARTER_WIDTH, min(MAX_QUARTER_WIDTH, (CHART_WIDTH - LABEL_WIDTH) // count))
    width = LABEL_WIDTH + count * column + PADDING
    rows_top = HEADER_HEIGHT
    load_top = rows_top + max(1, len(plan.schedule)) * ROW_HEIGHT + PADDING
    height = load_top + LOAD_HEIGHT + PADDING
    title_id, desc_id = f"{element_id}-titel", f"{element_id}-beschreibung"
    parts: list[str] = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="gantt" id="{}" role="img" '
            'aria-labelledby="{} {}" viewBox="0 0 {} {}" width="{}" height="{}" '
            'preserveAspectRatio="xMinYMin meet" focusable="false">',
            element_id,
            title_id,
            desc_id,
            width,
            height,
            width,
            height,
        ),
        format_html(
            '<title id="{}">{}</title>',
            title_id,
            _("Roadmap %(initiative)s: Maßnahmen je Quartal")
            % {"initiative": plan.initiative.name},
        ),
        format_html('<desc id="{}">{}</desc>', desc_id, description(plan)),
    ]
    parts += _grid(quarters, height, load_top, column)
    if plan.schedule:
        for position, row in enumerate(plan.schedule):
            parts += _bar(row, quarters, rows_top + position * ROW_HEIGHT, column)
    else:
        parts.append(
            format_html(
                '<text class="gantt__text gantt__text--muted" x="{}" y="{}">{}</text>',
                LABEL_WIDTH + PADDING,
                rows_top + ROW_HEIGHT - 9,
                _("Keine Maßnahme eingeplant."),
            )
        )
    parts += _load_row(plan, load_top, column)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped by format_html)


def _x(index: int, column: int) -> int:
    return LABEL_WIDTH + index * column


def _grid(quarters: Sequence[Quarter], height: int, load_top: int, column: int) -> list[str]:
    parts: list[str] = []
    for index, quarter in enumerate(quarters):
        if quarter.year % 2:
            parts.append(
                format_html(
                    '<rect class="gantt__column gantt__column--alternate" x="{}" y="{}" '
                    'width="{}" height="{}"/>',
                    _x(index, column),
                    0,
                    column,
                    height,
                )
            )
        parts.append(
            format_html(
                '<text class="gantt__text gantt__text--small" x="{}" y="{}" '
                'text-anchor="middle">Q{}</text>',
                _x(index, column) + column // 2,
                HEADER_HEIGHT - 8,
                quarter.quarter,
            )
        )
        if quarter.quarter == 1 or index == 0:
            parts.append(
                format_html(
                    '<text class="gantt__text gantt__text--year" x="{}" y="{}">{}</text>',
                    _x(index, column) + 4,
                    18,
                    quarter.year,
                )
            )
            parts.append(
                format_html(
                    '<line class="gantt__line gantt__line--year" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                    _x(index, column),
                    0,
                    _x(index, column),
                    height,
                )
            )
        else:
            parts.append(
                format_html(
                    '<line class="gantt__line" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                    _x(index, column),
                    HEADER_HEIGHT - 22,
                    _x(index, column),
                    load_top - PADDING // 2,
                )
            )
    parts.append(
        format_html(
            '<line class="gantt__line gantt__line--header" x1="0" y1="{}" x2="{}" y2="{}"/>',
            HEADER_HEIGHT,
            _x(len(quarters), column),
            HEADER_HEIGHT,
        )
    )
    return parts


def _bar(row: ScheduledMeasure, quarters: Sequence[Quarter], top: int, column: int) -> list[str]:
    first, horizon = quarters[0], len(quarters)
    start = row.start.minus(first)
    end = row.end.minus(first) + 1  # exclusive
    visible_start, visible_end = max(0, start), min(horizon, end)
    classes = ["gantt__bar"]
    if row.measure.is_flagship:
        classes.append("gantt__bar--flagship")
    if row.is_pinned:
        classes.append("gantt__bar--pinned")
    tooltip = _("%(title)s: %(start)s bis %(end)s, %(effort)s Personaltage je Quartal") % {
        "title": f"{row.measure.number} {row.measure.title}".strip(),
        "start": row.start,
        "end": row.end,
        "effort": number(float(row.effort)),
    }
    parts: list[str] = [
        format_html(
            '<text class="gantt__text" x="{}" y="{}">{}</text>',
            PADDING,
            top + ROW_HEIGHT - 9,
            _shorten(_label(row)),
        ),
    ]
    if visible_end > visible_start:
        parts.append(
            format_html(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}" rx="3">'
                "<title>{}</title></rect>",
                " ".join(classes),
                _x(visible_start, column) + 2,
                top + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                (visible_end - visible_start) * column - 4,
                BAR_HEIGHT,
                tooltip,
            )
        )
        middle = top + ROW_HEIGHT // 2
        if start < 0:  # began before the first quarter shown: an arrow at the left end
            left = _x(0, column) + 4
            parts.append(_arrow(left + ARROW, left, middle))
        if end > horizon:  # runs on after the last quarter shown
            right = _x(horizon, column) - 4
            parts.append(_arrow(right - ARROW, right, middle))
        if row.measure.is_flagship:
            parts.append(
                format_html(
                    '<text class="gantt__text gantt__text--on-bar" x="{}" y="{}">{}</text>',
                    _x(visible_start, column) + 6 + (ARROW + 2 if start < 0 else 0),
                    top + ROW_HEIGHT - 9,
                    FLAGSHIP_MARK,
                )
            )
    return parts


def _arrow(base: int, tip: int, middle: int) -> SafeString:
    """A small triangle on a bar pointing out of the chart: the measure goes on there."""
    half = BAR_HEIGHT // 2 - 3
    return format_html(
        '<polygon class="gantt__continues" points="{},{} {},{} {},{}"/>',
        base,
        middle - half,
        tip,
        middle,
        base,
        middle + half,
    )


def _load_row(plan: RoadmapPlan, top: int, column: int) -> list[str]:
    capacities = [float(c) for c in plan.capacities]
    peak = max([*capacities, *plan.load, 1.0])
    bar_area = LOAD_HEIGHT - 18
    parts: list[str] = [
        format_html(
            '<line class="gantt__line gantt__line--header" x1="0" y1="{}" x2="{}" y2="{}"/>',
            top - PADDING // 2,
            _x(len(plan.quarters), column),
            top - PADDING // 2,
        ),
        format_html(
            '<text class="gantt__text" x="{}" y="{}">{}</text>',
            PADDING,
            top + bar_area // 2,
            _("Auslastung / Kapazität"),
        ),
        format_html(
            '<text class="gantt__text gantt__text--small gantt__text--muted" x="{}" '
            'y="{}">{}</text>',
            PADDING,
            top + bar_area // 2 + 16,
            _("Personaltage je Quartal"),
        ),
    ]
    for index, (capacity, load) in enumerate(zip(capacities, plan.load, strict=True)):
        bar_width = min(column - 16, 36)
        left = _x(index, column) + (column - bar_width) // 2
        capacity_height = round(bar_area * capacity / peak)
        load_height = round(bar_area * load / peak)
        parts.append(
            format_html(
                '<rect class="gantt__capacity" x="{}" y="{}" width="{}" height="{}"/>',
                left,
                top + bar_area - capacity_height,
                bar_width,
                capacity_height,
            )
        )
        classes = "gantt__load gantt__load--full" if load >= capacity > 0 else "gantt__load"
        parts.append(
            format_html(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>',
                classes,
                left + 3,
                top + bar_area - load_height,
                bar_width - 6,
                load_height,
            )
        )
        parts.append(
            format_html(
                '<text class="gantt__text gantt__text--tiny" x="{}" y="{}" '
                'text-anchor="middle">{}/{}</text>',
                _x(index, column) + column // 2,
                top + LOAD_HEIGHT - 4,
                number(round(load, 1)),
                number(round(capacity, 1)),
            )
        )
    return parts
