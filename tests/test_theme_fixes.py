"""The accessibility fixes to Material's markup: applied to the real pages, loud when they cannot be."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.theme_fixes import ThemeMarkupError, fix_theme_markup

SECTION = """<div class="md-nav__link md-nav__container">
  <a href="../maturity-model/" class="md-nav__link ">
    <span class="md-ellipsis">
      Maturity Model &amp; more
    </span>
  </a>
  <label class="md-nav__link " for="__nav_2_4" id="__nav_2_4_label" tabindex="">
    <span class="md-nav__icon md-icon"></span>
  </label>
</div>
<nav class="md-nav" data-md-level="2" aria-labelledby="__nav_2_4_label" aria-expanded="false">"""


def test_an_indexed_section_names_its_navigation_after_its_title() -> None:
    fixed = fix_theme_markup(SECTION, "page.md")
    assert 'aria-label="Maturity Model &amp; more" aria-expanded="false">' in fixed
    assert "aria-labelledby" not in fixed


def test_the_search_dialog_gets_a_name() -> None:
    page = '<div class="md-search" data-md-component="search" role="dialog">'
    assert fix_theme_markup(page, "page.md") == page[:-1] + ' aria-label="Search">'


@pytest.mark.parametrize(
    "changed",
    [
        '<div class="md-search" role="dialog" data-md-component="search">',
        SECTION.replace('<span class="md-ellipsis">', '<span class="md-title">'),
    ],
)
def test_changed_theme_markup_is_an_error_not_a_silent_regression(changed: str) -> None:
    with pytest.raises(ThemeMarkupError, match=r"^page\.md: Material's"):
        fix_theme_markup(changed, "page.md")


def test_every_built_page_has_named_navigation_and_search(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'role="dialog" aria-label="Search"' in text, page
        for labelled_by in re.findall(r'<nav [^>]*aria-labelledby="([^"]+)"', text):
            label = re.search(rf'<label [^>]*id="{labelled_by}"[^>]*>(.*?)</label>', text, re.S)
            assert label and re.sub(r"<[^>]+>", "", label.group(1)).strip(), (page, labelled_by)
