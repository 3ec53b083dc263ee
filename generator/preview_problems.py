"""What `mkdocs serve` shows while the models have problems: a page listing them, at every address.

MkDocs' live server holds every request while a rebuild is under way, and a rebuild that raises
never ends one: the browser would wait, with the problems only in the terminal. So under
`serve` the atlas plugin turns a failed load into a successful build of a tiny site, this page at
every address the preview had. MkDocs adds its live-reload script to every HTML file it sends,
so the page reloads by itself after the next rebuild, the real page once the files are fixed.
`mkdocs build` never gets here: a wrong model still stops it and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

import jinja2

from generator.problems import Problem, problem_count
from generator.render import TEMPLATES

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

PAGE_TEMPLATE = "problems.html.j2"
# The home page and the page MkDocs' server sends for an address it has no file for.
ALWAYS_WRITTEN = ("index.html", "404.html")


@cache
def _environment() -> jinja2.Environment:
    # Problems quote the maintainers' files, which may hold markup: everything is escaped.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


def problem_page(problems: Sequence[Problem], site_name: str) -> str:
    """The HTML page listing `problems`, each as `python -m generator check` prints it."""
    return (
        _environment()
        .get_template(PAGE_TEMPLATE)
        .render(
            heading=problem_count(len(problems)),
            problems=[str(problem) for problem in problems],
            site_name=site_name,
        )
    )


def addresses(*known: Iterable[str]) -> list[str]:
    """Where to write the problem page: every HTML file of `known` (paths in the site, such as
    the pages of the last good build), the home page and the not-found page; sorted, once each."""
    found = {path for paths in known for path in paths if path.endswith(".html")}
    return sorted(found.union(ALWAYS_WRITTEN))


def problem_page_for_any_address(
    server: LiveReloadServer,
    current_page: Callable[[], str | None],
    fallback: Callable[[int], bytes | None],
) -> Callable[[int], bytes | None]:
    """An error handler for MkDocs' live server: while `current_page()` gives a problem page,
    an address the preview has no file for is answered with it, live-reload script included.

    MkDocs adds its script only to the files it serves, not to what its error handler returns,
    so this adds it the way the server does for a file. Both names are private to MkDocs 1.6
    (the last of its line: the project pins `mkdocs<2`); without them the page is sent as it is
    and a manual reload shows the fixed site.
    """

    def error_page(code: int) -> bytes | None:
        page = current_page()
        if page is None:
            return fallback(code)
        content = page.encode("utf-8")
        inject = getattr(server, "_inject_js_into_html", None)
        epoch = getattr(server, "_visible_epoch", None)
        if callable(inject) and isinstance(epoch, int):
            injected: bytes = inject(content, epoch)
            return injected
        return content

    return error_page
