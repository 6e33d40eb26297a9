"""Charts as inline SVG, drawn on the server by matplotlib (Agg-free SVG canvas, no pyplot
state), for pages and documents alike.

Every chart is one image for assistive technology: `role="img"`, labelled by its <title>
and <desc>. The page must show the same figures as a table beside or below it; the table,
not the chart, is the accessible source.

The site's Content Security Policy allows styles only from its stylesheets, so matplotlib's
`style="…"` attributes and its <style> element are turned into SVG presentation attributes
(`fill="…"`), which the policy does not touch. Text stays text (`svg.fonttype` "none") and
takes the page's font; ids are renumbered under the chart's own id, so several charts can
share a page and the same data always gives the same SVG.

Because of that, the last `CACHE_SIZE` charts are kept in the process, keyed by all the
arguments and the active language (number formats): matplotlib takes 50–100 ms for one
chart, so a dashboard with two charts spent most of its time drawing the same picture
again (bench/outreach.py). A change of the figures draws a new chart.

`svg.fonttype` can only be set through matplotlib's global rcParams; `rc_context` sets it
for the drawing and restores it. A web worker draws one request at a time (gunicorn's sync
workers), so no other drawing in the process sees the change.
"""

from __future__ import annotations

import io
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from functools import lru_cache

from django.utils import translation
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# KERN UX colours (light theme), as hex for matplotlib: darkblue-700 (the action colour),
# brand palette 2-600 (teal), brand palette 1-600 (violet), neutral text and lines.
PRIMARY = "#2044AA"
SECONDARY = "#00705C"
TERTIARY = "#5F54BB"
PALETTE = (PRIMARY, SECONDARY, TERTIARY)
TEXT = "#171A2B"
MUTED = "#454B6B"
GRID = "#C8CCD0"
FONT_FAMILY = '"Fira Sans", "Noto Sans", Arial, sans-serif'

WIDTH_INCHES = 7.5
BAR_INCHES = 0.32
FRAME_INCHES = 0.75
LABEL_CHARACTERS = 44
FONT_SIZE = 11
CACHE_SIZE = 128  # charts kept per process (one is some 10 KB of SVG)

# Style properties that SVG also accepts as presentation attributes.
PRESENTATION_PROPERTIES = frozenset(
    {
        "clip-path",
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
    }
)


def german_number(value: float, decimals: int = 0) -> str:
    """„1.250“, „12,5“: the active language's separators, thousands grouped."""
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def short_label(label: str, width: int = LABEL_CHARACTERS) -> str:
    """A category label on one line, cut at a word with „…“ when longer than `width`
    (matplotlib places the lines of a wrapped label by its own font's widths, which do
    not hold for the page's font). The table beside the chart has the full text."""
    return textwrap.shorten(label, width, placeholder=" …")


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
    """A horizontal bar chart, the first label on top, each bar with its value at its end.

    `chart_id` must be unique on the page (it prefixes every id of the SVG); `title` and
    `description` label the image for screen readers; `value_label` names the x axis.
    Drawn once per set of arguments and language (see the module)."""
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")
    return _bar_chart_svg(
        tuple(str(label) for label in labels),
        tuple(values),
        chart_id=chart_id,
        title=str(title),
        description=str(description),
        value_label=str(value_label),
        color=color,
        value_format=value_format,
        language=translation.get_language(),
    )


def clear_cache() -> None:
    """Forget the drawn charts (tests that check the drawing itself)."""
    _bar_chart_svg.cache_clear()


@lru_cache(maxsize=CACHE_SIZE)
def _bar_chart_svg(
    labels: tuple[str, ...],
    values: tuple[float, ...],
    *,
    chart_id: str,
    title: str,
    description: str,
    value_label: str,
    color: str,
    value_format: Callable[[float], str],
    language: str | None,
) -> SafeString:
    """Draw the chart; `language` is only part of the cache key (number formats)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    height = FRAME_INCHES + BAR_INCHES * max(len(labels), 1)
    figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained", facecolor="none")
    axes = figure.add_subplot(facecolor="none")
    positions = list(range(len(labels)))
    bars = axes.barh(positions, list(values), color=color, height=0.66)
    axes.set_yticks(positions, [short_label(label) for label in labels])
    axes.invert_yaxis()
    axes.tick_params(axis="y", length=0, labelsize=FONT_SIZE, labelcolor=TEXT)
    axes.tick_params(axis="x", colors=MUTED, labelsize=FONT_SIZE - 1, labelcolor=MUTED)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _position: german_number(x)))
    axes.grid(axis="x", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    if value_label:
        axes.set_xlabel(value_label, color=MUTED, fontsize=FONT_SIZE - 1)
    largest = max((float(value) for value in values), default=0.0)
    axes.set_xlim(0, largest * 1.18 if largest > 0 else 1)
    axes.bar_label(
        bars,
        labels=[value_format(value) for value in values],
        padding=4,
        color=TEXT,
        fontsize=FONT_SIZE - 1,
    )
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None})
    return accessible_svg(
        buffer.getvalue(), chart_id=chart_id, title=title, description=description
    )


def accessible_svg(svg: str, *, chart_id: str, title: str, description: str) -> SafeString:
    """matplotlib's SVG made fit for inline use under the site's CSP (see the module)."""
    root = ET.fromstring(svg)
    for metadata in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(metadata)
    for parent in root.iter():
        for style_element in parent.findall(f"{{{SVG_NS}}}style"):
            parent.remove(style_element)  # "*{stroke-linejoin: round; stroke-linecap: butt}"
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("font-family", FONT_FAMILY)
    _renumber_ids(root, chart_id)
    for element in root.iter():
        style = element.attrib.pop("style", "")
        for declaration in style.split(";"):
            name, _colon, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if name == "font-family":
                continue  # the page's font, set once on the root
            if name in PRESENTATION_PROPERTIES and value:
                element.set(name, value)
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "chart__svg")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("aria-describedby", f"{chart_id}-desc")
    root.set("focusable", "false")
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{chart_id}-title"})
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{chart_id}-desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    markup = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return mark_safe(markup)  # noqa: S308 (built from our own figure; texts are escaped by ET)


def _renumber_ids(root: ET.Element, chart_id: str) -> None:
    """Give every id the chart's prefix and a running number, and follow the references."""
    mapping: dict[str, str] = {}
    for element in root.iter():
        old = element.get("id")
        if old is not None:
            mapping[old] = f"{chart_id}-{len(mapping) + 1}"
            element.set("id", mapping[old])
    href = f"{{{XLINK_NS}}}href"
    for element in root.iter():
        reference = element.get(href)
        if reference and reference.startswith("#") and reference[1:] in mapping:
            element.set(href, "#" + mapping[reference[1:]])
        clip = element.get("clip-path")
        if clip and clip.startswith("url(#") and clip[5:-1] in mapping:
            element.set("clip-path", f"url(#{mapping[clip[5:-1]]})")
        style = element.get("style")
        if style and "url(#" in style:
            for old, new in mapping.items():
                style = style.replace(f"url(#{old})", f"url(#{new})")
            element.set("style", style)
