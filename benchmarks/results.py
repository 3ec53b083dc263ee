"""What a benchmark produces: measured samples, and rows of "ours vs baseline" with a target.

Every row compares medians: the machines these run on are shared and noisy, so a ratio of two
medians measured side by side in one run says more than either absolute number.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Measure:
    """Samples of one quantity, in one unit ("s", "ms", "bytes", "MiB" or "score")."""

    samples: tuple[float, ...]
    unit: str

    @classmethod
    def of(cls, samples: Sequence[float], unit: str) -> Measure:
        if not samples:
            raise ValueError("a measure needs at least one sample")
        return cls(tuple(float(s) for s in samples), unit)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def format(self) -> str:
        """The median, and the spread when there is more than one sample."""
        text = format_value(self.median, self.unit)
        if len(self.samples) > 1:
            low, high = min(self.samples), max(self.samples)
            text += (
                f" ({format_value(low, self.unit, bare=True)}–"
                f"{format_value(high, self.unit, bare=True)}, n={len(self.samples)})"
            )
        return text


def format_value(value: float, unit: str, *, bare: bool = False) -> str:
    """A number in its unit, rounded to what the measurement can tell; `bare` drops the unit."""
    if unit == "bytes":
        for size, name in ((1e6, "MB"), (1e3, "kB")):
            if abs(value) >= size:
                number, unit = f"{value / size:.2f}" if size == 1e6 else f"{value / size:.1f}", name
                break
        else:
            number, unit = f"{value:.0f}", "B"
    elif unit == "s":
        number = f"{value:.2f}"
    elif unit == "ms":
        number = f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}"
    elif unit == "MiB":
        number = f"{value:.0f}"
    elif unit == "score":
        return f"{value:.0f}"
    else:
        number = f"{value:g}"
    return number if bare else f"{number} {unit}"


@dataclass(frozen=True)
class Row:
    """One line of the table: ours against a baseline, and whether the target is met."""

    number: str
    """The issue's row it belongs to, e.g. `1a`."""
    label: str
    ours: Measure
    baseline: Measure | None
    target: str
    """The target as the issue states it, or `—` when the issue sets none."""
    met: bool | None
    """None when there is no target to meet."""
    notes: tuple[str, ...] = field(default=())

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline.median == 0:
            return None
        return self.ours.median / self.baseline.median

    def cells(self) -> list[str]:
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}×"
        met = "—" if self.met is None else ("yes" if self.met else "**NO**")
        baseline = "—" if self.baseline is None else self.baseline.format()
        return [self.number, self.label, self.ours.format(), baseline, ratio, self.target, met]


HEADERS = ["#", "Measurement (ours vs baseline)", "Ours", "Baseline", "Ratio", "Target", "Met"]


def markdown_table(rows: Sequence[Row]) -> str:
    """The rows as a GitHub-flavoured Markdown table."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    lines = [line(HEADERS), line(["---"] * len(HEADERS))]
    lines += [line(row.cells()) for row in rows]
    return "\n".join(lines)


def text_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned plain-text table for the terminal."""
    table = [HEADERS, *[[cell.replace("**", "") for cell in row.cells()] for row in rows]]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADERS))]
    rule = "  ".join("-" * width for width in widths)
    out = [
        "  ".join(cell.ljust(width) for cell, width in zip(r, widths, strict=True)) for r in table
    ]
    return "\n".join([out[0], rule, *out[1:]])
