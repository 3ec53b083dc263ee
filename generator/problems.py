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
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class AtlasError(Exception):
    """Raised when the models cannot be built into an atlas; lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the models; nothing was built:"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))
