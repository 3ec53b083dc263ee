"""The Content-Security-Policy gate: every page carries a strict policy, and the site works under it.

The policy is checked four ways: in the built HTML (present on every page, the same everywhere,
nothing inline allowed but hashed scripts), in the build (an inline script that is not on the
reviewed list of generator/csp.py, an inline event handler or a `javascript:` URL stops it,
naming the page, and the list holds no script the site does not use), in Chromium (no page, the
quiz included, reports a violation), and on the gate itself (an unhashed inline script or an
inline event handler added to a built page is blocked and reported, and a policy without
'wasm-unsafe-eval' stops the engine, which shows the header policy really reaches the quiz's
worker).
"""

from __future__ import annotations

import html
import logging
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort
from playwright.sync_api import Browser, Page

from generator import csp
from generator.plugin import AtlasPlugin
from generator.quiz_assets import boot_script, quiz_package_dir
from tests.browser import RECORD_CSP_VIOLATIONS, csp_violations, serve_site
from tests.conftest import site_policy
from tests.fixture_atlas import build_site, fixture_project
from tests.quiz_page import (
    ENGINE_READY_MS,
    PAST_ANY_START_TIMEOUT,
    QUIZ,
    cpython_placements,
    expect_engine_start_or_failure,
    shown_placements,
    wait_for_engine,
)
from tests.shared_pages import ScoredQuiz, SiteWalk

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- the policy in the built HTML --------------------------------------------------------------


def test_every_page_carries_the_same_policy_right_after_its_charset(built_site: Path) -> None:
    policies = set()
    pages = built_pages(built_site)
    assert len(pages) > 40
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = META.findall(text)
        assert len(found) == 1, f"{page}: {len(found)} policies"
        # Before any script or stylesheet: a <meta> policy governs only what comes after it.
        head = text[: text.index("</head>")]
        assert head.index("Content-Security-Policy") < min(
            head.find(tag) if tag in head else len(head) for tag in ("<script", "<link")
        ), page
        policies.add(html.unescape(found[0]))
    assert len(policies) == 1, "instant navigation keeps the first page's policy: one for all"


def test_the_policy_allows_the_site_itself_and_exactly_the_hashed_inline_scripts(
    built_site: Path,
) -> None:
    policy = site_policy(built_site)
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "http" not in policy and "*" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    script_sources = directives["script-src"].split()
    assert script_sources[:2] == ["'self'", "'wasm-unsafe-eval'"]
    every_inline_script = set()
    for page in built_pages(built_site):
        every_inline_script |= csp.inline_script_hashes(page.read_text(encoding="utf-8"))
    assert every_inline_script, "the theme's inline scripts were not found"
    assert set(script_sources[2:]) == every_inline_script


def test_inline_script_hashes_are_those_the_browser_computes() -> None:
    page = """<head><meta charset="utf-8">
    <script>alert(1)</script>
    <script type="module">alert(1)</script>
    <SCRIPT type='text/javascript'>alert(2)</SCRIPT>
    <script src="bundle.js"></script>
    <script id="__config" type="application/json">{"not": "run"}</script>"""
    assert csp.inline_script_hashes(page) == {
        # printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
        "'sha256-4axlHpxgDbFzJObpXPFZgZhULrEGgJiud3OwxN9unHg='",
    }


def test_a_page_without_a_charset_cannot_take_a_policy() -> None:
    with pytest.raises(csp.PolicyError, match=r"fragment\.html: no <meta charset>"):
        csp.mark_page("<p>no head</p>", "fragment.html")


def test_under_mkdocs_serve_pages_carry_no_policy() -> None:
    # `mkdocs serve` adds a live-reload script with a new text to each page it sends.
    plugin = AtlasPlugin()
    plugin.on_startup(command="serve", dirty=False)
    page = '<html><head><meta charset="utf-8"><script src="x.js"></script></head></html>'
    assert plugin._process_page(page, Path("index.html"), "index.md") == page
    plugin.on_startup(command="build", dirty=False)
    assert csp.PLACEHOLDER in plugin._process_page(page, Path("index.html"), "index.md")


# --- the reviewed list of inline scripts --------------------------------------------------------

ALLOWED = csp.allowed_scripts(boot_script(quiz_package_dir()))


def test_the_reviewed_scripts_are_exactly_those_of_the_built_site(built_site: Path) -> None:
    # A script the site no longer writes (after a theme update, say) is a stale entry to remove.
    found = set()
    for page in built_pages(built_site):
        found |= {csp.reviewed_hash(text) for text in csp._inline_code(page.read_text()).scripts}
    unused = [s.source for s in ALLOWED if s.sha256 not in found]
    assert unused == [], "listed in generator/csp.py but on no page"
    assert found == {s.sha256 for s in ALLOWED}


def test_the_theme_scripts_are_reviewed_by_what_they_are_for() -> None:
    assert len({s.sha256 for s in csp.THEME_SCRIPTS}) == len(csp.THEME_SCRIPTS)
    for script in ALLOWED:
        assert script.purpose and script.source, script
        assert re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", script.sha256), script
    assert ALLOWED[-1].source == "quiz/web/boot.js"


PAGE = '<html><head><meta charset="utf-8">{}</head><body>{}</body></html>'
SCOPE = next(s for s in csp.THEME_SCRIPTS if s.source.endswith("javascripts/base.html"))


def refused(body: str, head: str = "") -> str:
    with pytest.raises(csp.PolicyError) as error:
        csp.check_page(PAGE.format(head, body), ALLOWED, "content/page.md")
    return str(error.value)


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        (
            "<p>x</p><script type=module>\n  import('//x')\n</script>",
            "<script>import('//x')</script>",
        ),
        ("<script/>alert(1)</script>", "<script>alert(1)</script>"),
        ("<script type='text/plain'>x</script>", "<script>x</script>"),
        ('<svg><script href="#">alert(1)</script></svg>', "<script>alert(1)</script>"),
        ("<script>" + "a" * 200 + "</script>", "<script>" + "a" * 79 + "…</script>"),
        ('<img src="x.png" onerror="alert(1)">', "<img onerror='alert(1)'>"),
        ("<a href=x ONCLICK=alert(1)>x</a>", "<a onclick='alert(1)'>"),
        ('<a href=" java\tscript:alert(1)">x</a>', "<a href='java script:alert(1)'>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "<a href='javascript:alert(1)'>"),
        ('<form action="JavaScript:go()"></form>', "<form action='JavaScript:go()'>"),
    ],
)
def test_inline_code_not_on_the_list_is_refused_naming_the_page(body: str, shown: str) -> None:
    message = refused(body)
    assert message.startswith("content/page.md: inline code the Content-Security-Policy ")
    assert message.splitlines()[1:] == [f"  {shown}"]


def test_the_scripts_on_the_list_pass_and_give_their_hashes() -> None:
    boot = boot_script(quiz_package_dir())
    scope = '__md_scope=new URL("../..",location),__md_hash=e=>1'
    page = PAGE.format(
        f'<script id="atlas-quiz-boot" data-x="1">{boot}</script>',
        '<script id="__config" type="application/json">{"a": 1}</script>'
        '<script src="assets/x.js"></script><a href="https://example.org/javascript:">x</a>',
    )
    assert csp.check_page(page, ALLOWED, "quiz.md") == {csp.script_hash(boot)}
    # The boot script with anything added is another script.
    assert "<script>x;" in refused(f"<script>x;{boot}</script>")
    # The theme's first script varies only by its path to the site root.
    assert csp.reviewed_hash(scope) != SCOPE.sha256
    assert "__md_scope" in refused(f"<script>{scope}</script>")
    assert "__md_scope" in refused('<script>__md_scope=new URL("",alert(1)),location)</script>')


def test_a_content_page_with_an_inline_script_or_handler_fails_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = fixture_project(tmp_path / "project")
    home = project / "content" / "index.md"
    home.write_text(
        home.read_text(encoding="utf-8")
        + '\n<script>document.title = "x"</script>\n\n<img src="x.png" onerror="alert(1)">\n',
        encoding="utf-8",
    )
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build_site(project, tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(
        error.startswith("content/index.md: inline code the Content-Security-Policy ")
        and '\n  <script>document.title = "x"</script>' in error
        and "\n  <img onerror='alert(1)'>" in error
        for error in errors
    ), errors


def test_the_fixture_site_builds_under_the_reviewed_list(tmp_path: Path) -> None:
    site = build_site(fixture_project(tmp_path / "project"), tmp_path / "site")
    assert csp.PLACEHOLDER not in (site / "quiz" / "index.html").read_text(encoding="utf-8")


# --- the site under its policy, in Chromium ----------------------------------------------------


def test_no_page_reports_a_policy_violation(site_walk: SiteWalk) -> None:
    for visit in site_walk.visits:
        assert visit.policies == 1, visit.path
        assert visit.policy_violations == [], visit.path
    # Instant navigation swaps content and re-runs its scripts inside the first page's policy:
    # the walk ended on the quiz that way, its engine ready.
    assert site_walk.same_document
    assert csp_violations(site_walk.page) == []
    site_walk.log.assert_clean()


def test_the_quiz_scores_under_the_policy(scored_quiz: ScoredQuiz, spec: dict[str, Any]) -> None:
    assert shown_placements(scored_quiz.page) == cpython_placements(spec, scored_quiz.answers)
    assert csp_violations(scored_quiz.page) == []
    scored_quiz.log.assert_clean()


# --- the gate itself ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_copy(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site to tamper with (the large runtime is linked, not copied)."""
    copy = tmp_path_factory.mktemp("tampered") / "site"
    shutil.copytree(built_site, copy, ignore=shutil.ignore_patterns("pyodide"))
    (copy / "assets" / "pyodide").symlink_to(built_site / "assets" / "pyodide")
    return copy


@pytest.fixture
def serve_copy(chromium: Browser, site_copy: Path) -> Iterator[Callable[[str], Page]]:
    """Serve the tampered copy, with the given policy as a header too; yields a page opener."""
    with ExitStack() as stack:

        def open_(policy: str) -> Page:
            url = stack.enter_context(
                serve_site(site_copy, headers={"Content-Security-Policy": policy})
            )
            context = chromium.new_context()
            stack.callback(context.close)
            context.add_init_script(RECORD_CSP_VIOLATIONS)
            page = context.new_page()
            page.goto(url)
            return page

        yield open_


def test_an_unhashed_inline_script_or_event_handler_is_blocked_and_reported(
    site_copy: Path, serve_copy: Callable[[str], Page]
) -> None:
    home = site_copy / "index.html"
    original = home.read_text(encoding="utf-8")
    home.write_text(
        original.replace(
            "</body>",
            '<script>document.body.dataset.injected = "script"</script>'
            '<img id="gate" src="data:," onerror="document.body.dataset.injected = \'handler\'">'
            "</body>",
        ),
        encoding="utf-8",
    )
    try:
        page = serve_copy(site_policy(site_copy))
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.dataset.injected") is None
        # Each is reported once per policy that blocks it: the <meta> one and the header.
        directives = {violation.split()[0] for violation in csp_violations(page)}
        assert directives == {"script-src-elem", "script-src-attr"}
    finally:
        home.write_text(original, encoding="utf-8")


def test_the_header_policy_governs_the_worker_where_pyodide_runs(
    site_copy: Path, serve_copy: Callable[[str], Page]
) -> None:
    without_wasm = site_policy(site_copy).replace(" 'wasm-unsafe-eval'", "")
    page = serve_copy(without_wasm)
    # Pyodide never settles when its WebAssembly is refused: the engine gives up after its time
    # limit, which the page's fake clock reaches at once, once the worker has reported the refusal.
    page.clock.install()
    with page.expect_console_message(
        lambda message: "WebAssembly" in message.text and "Content Security" in message.text,
        timeout=ENGINE_READY_MS,
    ):
        page.goto(page.url + QUIZ)
    expect_engine_start_or_failure(page)
    page.clock.fast_forward(PAST_ANY_START_TIMEOUT)
    wait_for_engine(page, "failed")
