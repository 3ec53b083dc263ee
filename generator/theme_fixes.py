"""Accessibility fixes to Material's markup where its templates offer no block to override.

Material 9 leaves two faults that axe and Lighthouse report on every page:
- the search dialog (`div.md-search`, `role="dialog"`) has no accessible name;
- with `navigation.indexes`, a section whose title links to an index page gets its sub-navigation
  labelled (`aria-labelledby`) by the `<label>` that only holds the expand icon, so every such
  `<nav>` landmark has an empty name, and two expanded ones are indistinguishable.
Copying the partials that hold them would fork the theme; instead the built page gets the
missing names here. Material is in maintenance mode and pinned, but if its markup ever changes
shape, `fix_theme_markup` raises instead of quietly shipping the faults again.
"""

from __future__ import annotations

import re

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_DIALOG_NAME = "Search"
# A section title that links to its index page, followed by the icon-only label the section's
# <nav> is labelled by. The title is already HTML-escaped in the page, so it is attribute-safe.
# It starts at the container Material wraps such a title in: the navigation holds a link per
# page, and trying the pattern at each of them costs more than the rest of the build's work on
# a page's HTML (11 ms a page at 200 stage pages).
_INDEXED_SECTION = re.compile(
    r'<div class="md-nav__link md-nav__container">\s*'
    r'<a href="[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*'
    r"(?P<title>[^<]*?)\s*</span>\s*</a>\s*"
    r'<label class="md-nav__link[^"]*" for="(?P<for>[^"]+)" id="(?P=for)_label"'
)
_LABELLED_BY = re.compile(r'aria-labelledby="([^"]+)_label"')
# A label with nothing in it but the icon.
_UNNAMED_ICON_ONLY_LABEL = re.compile(
    r'<label class="md-nav__link[^"]*" for="([^"]+)" id="\1_label" tabindex="[^"]*">\s*'
    r'<span class="md-nav__icon md-icon"></span>\s*</label>'
)


class ThemeMarkupError(Exception):
    """Material's markup no longer has the shape these fixes expect."""


def fix_theme_markup(html: str, where: str) -> str:
    """The page with names for the search dialog and the sections' navigation landmarks."""
    if 'class="md-search"' in html:
        if _SEARCH_DIALOG not in html:
            raise ThemeMarkupError(f"{where}: Material's search dialog markup has changed")
        html = html.replace(
            _SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{SEARCH_DIALOG_NAME}">', 1
        )
    # The label must stay as it is (ARIA allows no name on a <label>): the <nav> gets the name.
    titles = {section["for"]: section["title"] for section in _INDEXED_SECTION.finditer(html)}
    html = _LABELLED_BY.sub(
        lambda m: f'aria-label="{titles[m[1]]}"' if m[1] in titles else m[0], html
    )
    still_labelled_by = set(_LABELLED_BY.findall(html))
    unnamed = [
        label for label in _UNNAMED_ICON_ONLY_LABEL.findall(html) if label in still_labelled_by
    ]
    if unnamed:
        raise ThemeMarkupError(
            f"{where}: Material's navigation markup has changed: cannot name the navigation "
            f"of {', '.join(unnamed)}"
        )
    return html
