"""Golden tests: every page rendered from a small fixture atlas, compared with files on disk.

After an intended change to a template, regenerate with `UPDATE_GOLDEN=1 pytest
tests/test_render_golden.py` and review the diff like any other change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.atlas import load_atlas
from generator.render import SiteRenderer
from tests.conftest import compare_golden
from tests.fixture_atlas import ENGINE_FILES, SMALL

GOLDEN = Path(__file__).parent / "golden"

RENDERER = SiteRenderer(load_atlas(SMALL), ENGINE_FILES, directory_urls=True)
PAGES = {page.src: page for page in RENDERER.pages()}


def _compare(name: str, actual: str) -> None:
    compare_golden(GOLDEN, name, actual)


@pytest.mark.parametrize("src", sorted(PAGES))
def test_page_matches_golden(src: str) -> None:
    _compare(src, PAGES[src].content)


def test_atlas_json_matches_golden() -> None:
    _compare("atlas.json", RENDERER.atlas_json())


def test_nav_lists_every_page_once() -> None:
    def walk(items: list[object]) -> list[str]:
        found: list[str] = []
        for item in items:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    found += walk(value) if isinstance(value, list) else [value]
        return found

    listed = walk(RENDERER.nav())
    assert sorted(listed) == sorted([*PAGES, "index.md"])


def test_no_golden_file_is_stale() -> None:
    expected = {*PAGES, "atlas.json", "quiz-spec.json"}
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert on_disk == expected


def test_pages_record_the_file_they_come_from() -> None:
    assert PAGES["models/alpha/listen.md"].source_file.endswith("alpha.yaml")
    assert PAGES["capabilities/heeding.md"].source_file.endswith("vocabulary.yaml")


def test_quiz_spec_matches_golden() -> None:
    _compare("quiz-spec.json", RENDERER.quiz_spec_json)
