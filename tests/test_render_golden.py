"""Golden tests: every page rendered from a small fixture atlas, compared with files on disk.

After an intended change to a template, regenerate with `UPDATE_GOLDEN=1 pytest
tests/test_render_golden.py` and review the diff like any other change.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from markupsafe import escape

from generator.atlas import load_atlas
from generator.render import SiteRenderer
from generator.text import UnsafeURLError, markdown_text
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


# --- escaping by construction ----------------------------------------------------------------

PAYLOAD = '[x](javascript:alert(1)) {: onclick="y" } <b>'


def test_every_value_a_template_prints_is_escaped_unless_marked() -> None:
    env = RENDERER._env
    assert env.from_string("# {{ v }}").render(v=PAYLOAD) == "# " + markdown_text(PAYLOAD)
    assert env.from_string("{{ v|md }}").render(v=PAYLOAD) == markdown_text(PAYLOAD)
    assert env.from_string('<p title="{{ v|e }}">').render(v=PAYLOAD) == (
        f'<p title="{escape(PAYLOAD)}">'
    )
    # A value put into an attribute without `|e` shows its Markdown escapes, but cannot end it.
    forgotten = env.from_string('<p title="{{ v }}">').render(v=PAYLOAD)
    assert forgotten.count('"') == 2 and "<b>" not in forgotten


def test_a_link_from_data_is_made_only_to_an_http_address() -> None:
    credit = RENDERER._env.get_template("_macros.j2").module.source_credit

    def model(url: str) -> SimpleNamespace:
        source = SimpleNamespace(title="T", url=url, publication=None, publisher=None)
        return SimpleNamespace(source=source)

    assert "(<https://example.org/a>)" in credit(model("https://example.org/a"), "Source")
    # Whatever the schema let through, the page refuses to link it.
    with pytest.raises(UnsafeURLError):
        credit(model("javascript:alert(1)"), "Source")
