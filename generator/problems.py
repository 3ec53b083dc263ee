"""Problems found in the maintainers' files, and the error that carries all of them at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, with the place a maintainer should look."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return _printable(f"{self.file}:{self.line}:{self.column}: {where}{self.message}")


def _printable(text: str) -> str:
    """`text` with every character a terminal or editor would not show as itself escaped.

    File names and keys come straight from a contributor's files: an escape sequence in a key
    (YAML's "\\e") would otherwise drive the terminal that shows the problem, and a bidirectional
    override would display the line in a misleading order.
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def problem_count(count: int) -> str:
    """`1 problem in the models`, `2 problems in the models`."""
    return f"{count} problem{'s' if count != 1 else ''} in the models"


class AtlasError(Exception):
    """Raised when the models cannot be built into an atlas; lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        heading = f"{problem_count(len(self.problems))}; nothing was built:"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))
