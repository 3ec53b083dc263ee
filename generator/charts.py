"""SVG charts drawn at build time: the alignment chart of every stage on one maturity axis.

The chart is inline SVG so that each stage is a real link and the text is selectable; colours
come from CSS classes (`site_overrides/assets/atlas.css`) so that it follows the light and dark
schemes. Every text node is escaped.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from markupsafe import escape

from generator.atlas_types import Atlas, Stage

TOP = 56
AXIS_HEIGHT = 640
BOTTOM = 24
LEGEND = 36
BAND_COLOURS = 5
"""Marker colours in atlas.css (`.atlas-stage-band-0` to `-4`), reused in turn beyond five bands."""
LEFT = 64
COLUMN = 200
LABEL_GAP = 12
LINE_HEIGHT = 15
LABEL_WIDTH = 24  # characters per label line


def _y(position: float) -> float:
    return TOP + (100 - position) / 100 * AXIS_HEIGHT


def _label_lines(stage: Stage, term: str) -> list[str]:
    prefix = "0" if stage.number == 0 else str(stage.number)
    lines = textwrap.wrap(f"{prefix}. {stage.name}", LABEL_WIDTH) or [stage.name]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_WIDTH, placeholder="…")]
    return lines


def _spread(
    wanted: Sequence[float], heights: Sequence[float], low: float, high: float
) -> list[float]:
    """Move label positions apart so that none overlaps, staying within [low, high]."""
    placed: list[float] = []
    for y in wanted:
        if placed:
            y = max(y, placed[-1] + heights[len(placed) - 1])
        placed.append(y)
    overflow = placed[-1] + heights[-1] - high if placed else 0
    if overflow > 0:
        for index in range(len(placed) - 1, -1, -1):
            ceiling = (
                high - heights[index]
                if index == len(placed) - 1
                else placed[index + 1] - heights[index]
            )
            placed[index] = max(low, min(placed[index], ceiling))
    return placed


def alignment_svg(atlas: Atlas, href: Callable[[Stage], str]) -> str:
    """All stages of all models, placed by maturity position, each linking to its page."""
    width = LEFT + COLUMN * len(atlas.models) + 16
    height = TOP + AXIS_HEIGHT + BOTTOM + LEGEND
    out = [
        f'<svg class="atlas-alignment" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" role="group" '
        'aria-labelledby="alignment-title alignment-desc">',
        '<title id="alignment-title">Alignment chart: every stage on one maturity axis</title>',
        '<desc id="alignment-desc">One column per model. Each stage sits at its position on the '
        "shared maturity axis, from 0 at the bottom to 100 at the top; its marker's colour is its "
        "maturity band, named in the legend. "
        "The comparison matrix gives the same information as a table.</desc>",
    ]
    band_index = {band.id: index for index, band in enumerate(atlas.bands)}
    legend_y = TOP + AXIS_HEIGHT + BOTTOM + LEGEND / 2
    step = (width - LEFT) / max(len(atlas.bands), 1)
    for index, band in enumerate(atlas.bands):
        x = LEFT + step * index
        out.append(
            f'<circle class="atlas-stage-band-{index % BAND_COLOURS}" cx="{x + 6:.1f}" '
            f'cy="{legend_y:.1f}" r="5"/>'
        )
        out.append(
            f'<text class="atlas-band-name" x="{x + 16:.1f}" y="{legend_y + 4:.1f}">'
            f"{escape(band.name)}</text>"
        )
    for tick in range(0, 101, 20):
        y = _y(tick)
        out.append(
            f'<text class="atlas-tick" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    out.append(
        f'<text class="atlas-axis-name" transform="translate(16 {TOP + AXIS_HEIGHT / 2}) rotate(-90)" '
        'text-anchor="middle">maturity position</text>'
    )
    for column, model in enumerate(atlas.models):
        x = LEFT + COLUMN * column + 20
        out.append(
            f'<text class="atlas-model-name" x="{x - 6}" y="{TOP - 30}">'
            f"{escape(model.short_title)}</text>"
        )
        out.append(
            f'<line class="atlas-model-axis" x1="{x}" y1="{TOP}" x2="{x}" y2="{TOP + AXIS_HEIGHT}"/>'
        )
        ordered = sorted(model.stages, key=lambda s: (-s.position, -s.number))
        labels = [_label_lines(s, model.stage_term) for s in ordered]
        heights = [len(lines) * LINE_HEIGHT + 5 for lines in labels]
        wanted = [_y(s.position) - 4 for s in ordered]
        placed = _spread(wanted, heights, TOP - 12, TOP + AXIS_HEIGHT + BOTTOM - 4)
        for stage, lines, label_top in zip(ordered, labels, placed, strict=True):
            y = _y(stage.position)
            name = f"{model.short_title}, {stage.label(model.stage_term)}: {stage.name}"
            # xlink:href, not href: Material's instant navigation assigns `a.href = a.href` to
            # every element with an `href` attribute, which throws on an SVG link (its href is
            # read-only) and stops the page from loading. Browsers treat both the same.
            out.append(f'<a xlink:href="{escape(href(stage))}" class="atlas-stage">')
            band = atlas.band(stage.band_id)
            out.append(
                f"<title>{escape(name)} (position {stage.position:g}, band {escape(band.name)})"
                "</title>"
            )
            colour = band_index[stage.band_id] % BAND_COLOURS
            out.append(f'<circle class="atlas-stage-band-{colour}" cx="{x}" cy="{y:.1f}" r="5"/>')
            text_y = label_top + 4
            out.append(
                f'<path class="atlas-leader" d="M{x + 5} {y:.1f} L{x + LABEL_GAP} {text_y:.1f}"/>'
            )
            out.append(f'<text x="{x + LABEL_GAP + 2}" y="{text_y + 4:.1f}">')
            for line_index, line in enumerate(lines):
                dy = 0 if line_index == 0 else LINE_HEIGHT
                out.append(f'<tspan x="{x + LABEL_GAP + 2}" dy="{dy}">{escape(line)}</tspan>')
            out.append("</text></a>")
    out.append("</svg>")
    # No blank lines: Python-Markdown keeps one HTML block only while it has no blank line.
    return "\n".join(out)
