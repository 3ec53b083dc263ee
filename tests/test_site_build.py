"""Integration: the site built with --strict, checked page by page.

The real site (`models/`) is checked only for what holds for any content: every model and stage
of the data has its page, pages link where they must, the quiz form asks every question, and
every count a page states matches the data. Behaviour that needs known content (markup in model
text shown as text; no hand-written count on any page) is checked on the fixture atlas, built
in-process. Links and anchors are checked by `tests/link_check.py` (tests/test_links.py runs it
over the whole site); here it only resolves the links of single pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.config import load_config

from generator.atlas import Atlas, load_atlas
from tests.browser import SUB_PATH
from tests.conftest import MODELS
from tests.fixture_atlas import ATLAS, build_site, fixture_project
from tests.link_check import SiteLinks, scan_html

REAL = load_atlas(MODELS)
FIXTURE = load_atlas(ATLAS)


@pytest.fixture(scope="module")
def links(built_site: Path, site_port: int) -> SiteLinks:
    """The link checker over the real site, at the address it was built for."""
    return SiteLinks(built_site, f"http://127.0.0.1:{site_port}{SUB_PATH}")


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or url == "" else site / url


def stage_html(site: Path, ref: str) -> Path:
    model_id, stage_id = ref.split("/")
    return site / "models" / model_id / stage_id / "index.html"


def linked(links: SiteLinks, page: Path) -> set[Path]:
    """The files of the site a page links to, resolved."""
    return {path.resolve() for path in links.linked_files(page.relative_to(links.site).as_posix())}


def hrefs(page: Path) -> list[str]:
    """The `href` of every link of a page, as written."""
    elements = scan_html(page.read_text(encoding="utf-8")).elements
    return [e.attrs["href"] for e in elements if e.tag == "a" and "href" in e.attrs]


def text_of(path: Path) -> str:
    """The visible text of a page, whitespace collapsed."""
    return " ".join(" ".join(scan_html(path.read_text(encoding="utf-8")).texts).split())


# --- the real site: what holds for any content ------------------------------------------------


def test_every_model_and_stage_of_the_data_has_its_page(built_site: Path) -> None:
    model_pages = {p.parent.name for p in (built_site / "models").glob("*/index.html")}
    assert model_pages == {m.id for m in REAL.models}
    stage_pages = {
        f"{p.parent.parent.name}/{p.parent.name}"
        for p in (built_site / "models").glob("*/*/index.html")
    }
    assert stage_pages == {s.ref for s in REAL.stages()}


def test_atlas_json_lists_every_page_with_urls_that_exist(built_site: Path) -> None:
    data = json.loads((built_site / "atlas.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [m["id"] for m in data["models"]] == [m.id for m in REAL.models]
    stages = [s for m in data["models"] for s in m["stages"]]
    assert [s["ref"] for s in stages] == [s.ref for s in REAL.stages()]
    urls = [m["url"] for m in data["models"]] + [s["url"] for s in stages]
    urls += [c["url"] for c in data["capabilities"]]
    assert [c["id"] for c in data["capabilities"]] == [c.id for c in REAL.capabilities]
    for url in urls:
        assert page_file(built_site, url).is_file(), url
    refs = {s["ref"] for s in stages}
    for stage in stages:
        assert stage["equivalents"], stage["ref"]
        assert {e["stage"] for e in stage["equivalents"]} <= refs
        assert set(stage["requires"]) <= {c["id"] for c in data["capabilities"]}
        assert 0 <= stage["position"] <= 100


@pytest.mark.parametrize("ref", [s.ref for s in REAL.stages()])
def test_stage_page_links_neighbours_capabilities_and_every_other_model(
    built_site: Path, links: SiteLinks, ref: str
) -> None:
    stage = REAL.stage(ref)
    found = linked(links, stage_html(built_site, ref))
    for neighbour in (REAL.previous_stage(stage), REAL.next_stage(stage)):
        if neighbour is not None:
            assert stage_html(built_site, neighbour.ref).resolve() in found
    for capability in stage.profile:
        assert (built_site / "capabilities" / capability / "index.html").resolve() in found
    for model in REAL.models:
        if model.id == stage.model_id:
            continue
        others = {stage_html(built_site, s.ref).resolve() for s in model.stages}
        assert found & others, f"{stage.ref} links to no stage of {model.id}"
    assert (built_site / "quiz" / "index.html").resolve() in found, "no 'score yourself' link"


def test_quiz_page_is_a_plain_form_with_one_fieldset_per_question(built_site: Path) -> None:
    html = (built_site / "quiz" / "index.html").read_text(encoding="utf-8")
    questions = [REAL.quiz.business_kind.id, *(q.id for q in REAL.quiz.questions)]
    assert '<form id="quiz"' in html and 'data-engine="loading"' in html
    assert html.count("<fieldset") == len(questions)
    for question_id in questions:
        assert f'name="{question_id}"' in html
    assert 'id="quiz-results"' in html
    edits = [url for url in hrefs(built_site / "quiz" / "index.html") if "/edit/" in url]
    assert edits and edits[0].endswith("/models/questions.yaml")


def test_edit_links_point_at_the_yaml_a_page_comes_from(built_site: Path) -> None:
    for model in REAL.models:
        for page in (
            built_site / "models" / model.id / "index.html",
            stage_html(built_site, model.stages[-1].ref),
        ):
            edits = [url for url in hrefs(page) if "/edit/" in url]
            assert edits and edits[0].endswith("/" + model.source_file), page
    home = hrefs(built_site / "index.html")
    assert any(url.endswith("/content/index.md") for url in home if "/edit/" in url)


def test_alignment_chart_links_every_stage(built_site: Path, links: SiteLinks) -> None:
    page = built_site / "compare" / "alignment" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and 'class="atlas-alignment"' in html
    found = linked(links, page)
    for stage in REAL.stages():
        assert stage_html(built_site, stage.ref).resolve() in found


def test_no_third_party_requests_in_markup(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for element in scan_html(html).elements:
            src = element.attrs.get("src") if element.tag == "script" else None
            assert src is None or not urlsplit(src).netloc, f"{page}: {src}"


# --- every count a page states comes from the data (real site and fixture site) -------------

NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen"


def check_counts(site: Path, atlas: Atlas) -> None:
    """Every number of models, stages and questions a page states is the data's; no page writes
    a count of models or capabilities out in words (a count written by hand)."""
    models, practices = len(atlas.models), len(atlas.quiz.questions)
    questions = practices + 1  # and the kind of business
    by_words = re.compile(rf"\b(?:{NUMBER_WORDS})\b (?:published )?(?:models|capabilities)\b", re.I)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        text = text_of(page)
        where = page.relative_to(site).as_posix()
        for shown in [text, *re.findall(r'<meta name="description" content="([^"]*)"', html)]:
            assert not by_words.findall(shown), (where, by_words.findall(shown))
            for number in re.findall(
                r"\b(\d+) (?:published |social media \w+ and \w+ )?models\b", shown
            ):
                assert int(number) == models, (where, shown)
            for number in re.findall(r"\b(\d+) (?:short )?questions\b", shown):
                assert int(number) in {questions, practices}, (where, shown)
    assert f"The atlas holds {models} published models" in text_of(site / "models" / "index.html")
    quiz = text_of(site / "quiz" / "index.html")
    assert f"Answer {questions} short questions" in quiz and f"on all {models} models" in quiz
    assert f"asks {practices} questions" in text_of(site / "methodology" / "index.html")
    for model in atlas.models:
        for stage in model.stages:
            shown = text_of(stage_html(site, stage.ref))
            assert f"{stage.label(model.stage_term)} of {len(model.stages)}" in shown, stage.ref
            assert f"on all {models} models at once: {questions} questions" in shown, stage.ref


def test_every_count_on_the_real_site_is_the_datas(built_site: Path) -> None:
    check_counts(built_site, REAL)
    table = (built_site / "models" / "index.html").read_text(encoding="utf-8")
    for model in REAL.models:
        row = re.search(rf'href="{model.id}/"[^\n]*?</td>\s*<td>[^<]*</td>\s*<td>(\d+)</td>', table)
        assert row and int(row[1]) == len(model.stages), model.id


def test_every_count_on_the_fixture_site_is_the_datas(fixture_site: Path) -> None:
    """The fixture atlas has three models: a count written by hand for the real site shows."""
    assert len(FIXTURE.models) == 3
    check_counts(fixture_site, FIXTURE)
    description = re.search(
        r'<meta name="description" content="([^"]*)"',
        (fixture_site / "index.html").read_text(encoding="utf-8"),
    )
    assert description and description[1].strip()  # a search engine's summary of the home page


def test_the_count_check_finds_a_count_written_by_hand(fixture_site: Path, tmp_path: Path) -> None:
    """The gate itself: a home page that says "five models" on a three-model site fails it."""
    page = fixture_site / "index.html"
    copy = tmp_path / "site"
    copy.mkdir()
    (copy / "index.html").write_text(
        page.read_text(encoding="utf-8").replace("<h1", "<p>Five published models.</p><h1", 1),
        encoding="utf-8",
    )
    with pytest.raises(AssertionError):
        check_counts(copy, FIXTURE)


# --- markup in model text, on a fixture built in-process --------------------------------------

HOSTILE = {
    "name": 'On the ground "><script>alert(2)</script>',
    "summary": "Uses <script>alert('x')</script> and <img src=x onerror=alert(1)> daily.\"",
    "description": (
        "A [link](javascript:alert(1)) and **bold** and {: onclick=alert(1) } here.\n\n"
        "<iframe src=https://example.org></iframe> & more"
    ),
}


def test_markup_in_model_text_is_shown_as_text(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "project")
    path = project / "models" / "ladder.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["stages"][0].update(HOSTILE)
    data["stages"][0]["signs"] = ["<b onmouseover=alert(1)>hover</b>"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    html = stage_html(site, "ladder/ground").read_text(encoding="utf-8")
    page = scan_html(html)
    tags = {element.tag for element in page.elements}
    attributes = {name for element in page.elements for name in element.attrs}
    urls = [
        url for element in page.elements for name, url in element.attrs.items() if name == "href"
    ]
    assert not any("alert" in script for script in page.scripts)
    assert not tags & {"img", "iframe", "b"}
    assert not [name for name in attributes if name.startswith("on")]
    assert "javascript:" not in " ".join(urls)
    assert "<script>alert" not in html
    visible = " ".join(" ".join(page.texts).split())
    assert "Uses <script>alert('x')</script> and <img src=x onerror=alert(1)> daily.\"" in visible
    assert 'On the ground "><script>alert(2)</script>' in visible
    assert "A [link](javascript:alert(1)) and **bold** and {: onclick=alert(1) } here." in visible
    assert "<b onmouseover=alert(1)>hover</b>" in visible


def test_an_in_process_build_is_a_build_even_after_serve_was_configured(tmp_path: Path) -> None:
    """MkDocs keeps the atlas plugin's instance between configurations of one process (it has an
    `on_startup` event): a build after a `serve` configuration (tests/test_live_preview.py makes
    one) must still index the pages for search and give them their policy and dates."""
    project = fixture_project(tmp_path / "project")
    load_config(str(project / "mkdocs.yml")).plugins.on_startup(command="serve", dirty=False)
    site = build_site(project, tmp_path / "site")
    assert (site / "search" / "search_index.json").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy"' in home
    assert "git-revision-date-localized-plugin-date" in home
