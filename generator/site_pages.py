"""The site's pages before any is built: addresses two pages would share, and links of the
hand-written pages that lead to no page.

MkDocs finds both only late: a generated page whose address another page has (a stage or a
capability with the id `index`, a hand-written page at a generated page's path) fails the build
after the output folder is emptied, and `--strict` rejects a link to a missing page after every
file is written. Both depend only on the ids in the models and on the content folder, so
`load_atlas` checks them with everything else, and reports each with its place.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.paths import (
    FIXED_PAGES,
    HOME_PAGE,
    capability_page,
    destination,
    is_page,
    model_page,
    stage_page,
)
from generator.problems import Problem
from generator.schema import ModelFile, VocabularyFile
from generator.validation import did_you_mean
from generator.yaml_source import KeyPath, YamlDocument

# Who keeps an address two pages would share: a fixed page before a hand-written one, a
# hand-written one before a page named after an id (the id is what a maintainer can change
# without breaking a link), a model's or capability's page before a stage's.
_FIXED, _CONTENT, _NAMED, _STAGE = range(4)


@dataclass(frozen=True)
class SitePage:
    """A page (or file) the site will have: its source path, what it is, and where a problem
    with it is reported."""

    src: str
    what: str
    rank: int
    problem: Callable[[str], Problem] | None
    """Makes a problem at the id or file the page comes from; None for the fixed pages."""


@dataclass(frozen=True)
class ContentFolder:
    """The hand-written pages: every file's path in the folder, and the text of each page."""

    display: str
    """The folder as problems name it, e.g. `content`."""
    files: tuple[str, ...]
    pages: Mapping[str, str]

    @classmethod
    def read(cls, folder: Path, display: str) -> ContentFolder:
        """Every file of `folder` (as MkDocs finds them: following links, leaving out names
        starting with a dot) and the text of its Markdown pages."""
        files = []
        for parent, folders, names in os.walk(folder, followlinks=True):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(names):
                if not name.startswith("."):
                    files.append(Path(parent, name).relative_to(folder).as_posix())
        pages = {
            src: (folder / src).read_text(encoding="utf-8", errors="replace")
            for src in files
            if is_page(src)
        }
        return cls(display, tuple(files), pages)

    def path(self, src: str) -> str:
        return f"{self.display}/{src}"


def _at(document: YamlDocument, path: KeyPath) -> Callable[[str], Problem]:
    return lambda message: document.problem(path, message)


def generated_pages(
    model_files: Mapping[str, tuple[YamlDocument, ModelFile]],
    vocabulary: tuple[YamlDocument, VocabularyFile] | None,
) -> list[SitePage]:
    """Every page the atlas generates from these models and this vocabulary (the quiz page, the
    Methodology page and the other fixed pages too), each with the id it is named after."""
    pages = [SitePage(src, what, _FIXED, None) for src, what in FIXED_PAGES.items()]
    for model_id, (document, model_file) in model_files.items():
        pages.append(
            SitePage(
                model_page(model_id), f"the page of model {model_id!r}", _NAMED, _at(document, ())
            )
        )
        pages += [
            SitePage(
                stage_page(f"{model_id}/{stage.id}"),
                f"the page of stage {model_id}/{stage.id}",
                _STAGE,
                _at(document, ("stages", index, "id")),
            )
            for index, stage in enumerate(model_file.stages)
        ]
    if vocabulary is not None:
        document, vocabulary_file = vocabulary
        pages += [
            SitePage(
                capability_page(capability.id),
                f"the page of capability {capability.id!r}",
                _NAMED,
                _at(document, ("capabilities", index, "id")),
            )
            for index, capability in enumerate(vocabulary_file.capabilities)
        ]
    return pages


def content_pages(content: ContentFolder) -> list[SitePage]:
    """Every file of the content folder, as a page (or file) of the site."""

    def at_start(src: str) -> Callable[[str], Problem]:
        return lambda message: Problem(content.path(src), 1, 1, "", message)

    return [
        SitePage(src, f"the hand-written page {content.path(src)}", _CONTENT, at_start(src))
        for src in content.files
    ]


def check_addresses(pages: Iterable[SitePage], directory_urls: bool = True) -> list[Problem]:
    """A problem for every page that would be written where another page is: at the id it is
    named after, or at the hand-written page, whichever gives way by the rule above."""
    by_destination: dict[str, list[SitePage]] = defaultdict(list)
    for page in pages:
        by_destination[destination(page.src, directory_urls)].append(page)
    problems = []
    for sharing in by_destination.values():
        if len(sharing) < 2:
            continue
        # Of two hand-written pages, MkDocs keeps `index.md` and leaves out `README.md`.
        keeper, *others = sorted(
            sharing, key=lambda page: (page.rank, posixpath.basename(page.src).startswith("README"))
        )
        for page in others:
            if page.what == keeper.what:
                continue  # an id given twice, which the checks of its file report
            if page.problem is None:  # two fixed pages: never, but say so rather than skip
                raise AssertionError(f"{page.src} and {keeper.src} share an address")
            if keeper.rank == page.rank == _CONTENT:
                message = (
                    f"{page.what} and {keeper.what} would have the same address, and MkDocs "
                    "keeps only one; rename or remove this page"
                )
            else:
                where = "" if page.src == keeper.src else f" ({keeper.src})"
                if page.rank == _CONTENT:
                    fix = "rename or remove this page"
                elif keeper.rank == _CONTENT:
                    fix = "choose another id, or rename the hand-written page"
                else:
                    fix = "choose another id"
                message = (
                    f"{page.what} would be at {page.src}, the address of {keeper.what}{where}; "
                    f"{fix}"
                )
            problems.append(page.problem(message))
    return problems


def check_home_page(content: ContentFolder) -> list[Problem]:
    """The navigation starts at the hand-written home page: it must exist."""
    if HOME_PAGE in content.pages:
        return []
    return [
        Problem(
            content.path(HOME_PAGE),
            1,
            1,
            "",
            "the home page is missing; the navigation starts at it",
        )
    ]


# Inline links and images, `[text](target)`, and reference definitions, `[label]: target`.
_INLINE_TARGET = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]+)")
_REFERENCE_TARGET = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)")
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1|(`+)\2")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _links(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) of every Markdown link and image of a page, outside its front
    matter, fenced code blocks and code spans."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        ends = [n for n, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")]
        start = ends[0] + 1 if ends else 0
    fence = ""
    for number in range(start, len(lines)):
        line = lines[number]
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        # Code spans are blanked out, keeping every other character's column.
        line = _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), line)
        for pattern in (_INLINE_TARGET, _REFERENCE_TARGET):
            for found in pattern.finditer(line):
                yield number + 1, found.start(1) + 1, found.group(1)


def check_links(
    content: ContentFolder, site_pages: Iterable[str], uncertain: Iterable[str] = ()
) -> list[Problem]:
    """A problem for every relative link of a hand-written page to a Markdown page the site will
    not have (MkDocs resolves the same links, and `--strict` fails on these).

    `uncertain` holds folders whose pages cannot be known (those of a model whose file has
    problems): links into them are not checked."""
    known = set(site_pages)
    skipped = tuple(uncertain)
    problems = []
    for src, text in content.pages.items():
        for line, column, written in _links(text):
            target = written[1:-1] if written.startswith("<") else written
            parts = urlsplit(target)
            path = unquote(parts.path)
            if parts.scheme or parts.netloc or target.startswith(("/", "\\")) or not path:
                continue
            if not is_page(path):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
            if resolved in known or resolved.startswith(skipped):
                continue
            problems.append(
                Problem(
                    content.path(src),
                    line,
                    column,
                    "",
                    f"the link {target!r} leads to {resolved}, which is not a page of the site"
                    f"{did_you_mean(resolved, known)}",
                )
            )
    return problems
