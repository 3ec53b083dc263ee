"""Hostile input: markup in every text field of the models, and share links and answer files
built to break the quiz.

Models. What a model may not hold is refused with its place (the cases of
`tests/malformed_cases.py`). Markup in text is not refused: model text is plain text, where `<`,
`[` or `{` are ordinary characters, so it is *rendered inert*, shown exactly as written. To prove
it, every text field the schema defines (found from the schema, so a new field is covered without
a change here) of the fixture atlas is filled with markup payloads, the site is really built
(in-process, with --strict), and the built pages, the search index and the quiz's result HTML are
checked: no script from the payload, no event-handler attribute, no `javascript:` URL, no frame,
nothing loaded from another host, and the payload shown as text, character for character. The
same sites are opened in Chromium, quiz scored, and no dialog opens.

Share links and answer files come from anyone. Fuzzed with hypothesis (arbitrary text and bytes,
hostile JSON, huge and deeply nested input, NaN, duplicate keys, byte order marks, bidirectional
characters, markup), every one gets a reply: a result, or an error a visitor can read; never an
exception, and always after bounded work. The YAML reader gets the same treatment. Work is
counted (Python function calls) and CPU time is bounded with room for a thousandfold slowdown, so
that a busy machine cannot fail a correct run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, get_type_hints
from urllib.parse import quote

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import Browser
from pydantic import AfterValidator, BaseModel

from generator.atlas import QUESTIONS_FILE, VOCABULARY_FILE, load_atlas
from generator.problems import Problem
from generator.quiz_assets import build_quiz_package, pyodide_runtime, quiz_package_dir
from generator.render import SiteRenderer
from generator.schema import (
    EvidenceIn,
    Line,
    ModelFile,
    Prose,
    QuestionsFile,
    SourcedLineIn,
    VocabularyFile,
)
from generator.validation import validate
from generator.yaml_source import YamlDocument, parse_yaml
from quiz.answers import EXPORT_FORMAT, MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH, MAX_SHARE_LENGTH
from quiz.api import Engine
from tests.browser import serve_site
from tests.conftest import PROJECT
from tests.fixture_atlas import (
    ATLAS,
    ENGINE_FILES,
    build_site,
    copy_models,
    fixture_project,
    one_page_of_each_kind,
)
from tests.link_check import FORBIDDEN_SCHEMES, element_urls, scan_html, url_scheme
from tests.test_privacy import crawl
from tests.test_quiz_scoring import API, FUZZ, SPEC, SPEC_DATA, reply

# --- markup in every text field of the models ---------------------------------------------

# Three sets of payloads, each short enough for a name (100 characters) with its marker. The
# first starts a line as an HTML block would; the second ends it as an attribute list would.
PAYLOADS = {
    "html": "<script>alert(1)</script> <img src=x onerror=alert(1)> \"'><svg onload=alert(1)> &lt;",
    "markdown": '[x](javascript:alert(1)) <iframe src=x> {{ 7*7 }} {% raw %} {: onclick="alert(1)" }',
    "fetch": "<https://evil.example/> ![i](//evil.example/x.png) <!-- *x* __y__ |a|b|",
}
MARKER = "@[0-9a-f]{4}"
EVIL_HOST = "evil.example"
# Elements that embed another document or change how every URL of the page resolves.
EMBEDDING = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
)
SCHEMAS: dict[str, type[BaseModel]] = {
    VOCABULARY_FILE: VocabularyFile,
    QUESTIONS_FILE: QuestionsFile,
}


def _checks(hint: Any) -> set[Any]:
    """The functions an annotated type's values are checked with."""
    if get_origin(hint) is not Annotated:
        return set()
    return {m.func for m in hint.__metadata__ if isinstance(m, AfterValidator)}


def text_kind(hint: Any) -> str | None:
    """'line' or 'prose' for a text type of the schema (a string checked as `Line` or `Prose`
    are, whatever else its annotation holds), else None."""
    if get_origin(hint) is not Annotated or get_args(hint)[0] is not str:
        return None
    checks = _checks(hint)
    if _checks(Line) <= checks:
        return "line"
    return "prose" if _checks(Prose) <= checks else None


def _optional(hint: Any) -> Any:
    """`X` for `X | None`, else the hint itself."""
    args = [a for a in get_args(hint) if a is not type(None)]
    return args[0] if type(None) in get_args(hint) and len(args) == 1 else hint


def _alternatives(hint: Any) -> tuple[Any, ...]:
    """The alternatives of a union, also when it is annotated (a tagged union); else ()."""
    if get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    args = get_args(hint)
    return args if get_origin(hint) in (Union, UnionType) and type(None) not in args else ()


# Fields that exclude each other: of the groups a model's value may hold, the filled value keeps
# the group its original value used (the first group for a new value).
EXCLUSIVE: dict[type[BaseModel], tuple[tuple[str, ...], ...]] = {
    EvidenceIn: (("quote", "note"), ("inferred",)),
    SourcedLineIn: (("text", "reading"), ("text", "quote")),
}


def _kept(schema: type[BaseModel], original: dict[str, Any]) -> set[str] | None:
    groups = next((g for base, g in EXCLUSIVE.items() if issubclass(schema, base)), None)
    if groups is None:
        return None
    other = {field for group in groups for field in group}
    used = next((g for g in groups if set(g) & set(original) - {"text"}), groups[0])
    return set(schema.model_fields) - other | set(used)


def _all_text(schema: type[BaseModel]) -> bool:
    """Whether an instance can be made of text alone (an activity, a claim, an author)."""
    hints = get_type_hints(schema, include_extras=True)
    return all(text_kind(_optional(hints[name])) for name in schema.model_fields)


@dataclass
class Injector:
    """Fills every text field of a document with a payload and a marker unique to the field."""

    payload: str
    payload_first: bool
    places: dict[str, str]
    """Marker → `file: key path` of the field it was written into."""
    file: str = ""

    def text(self, kind: str, where: str) -> str:
        marker = f"@{len(self.places):04x}"
        self.places[marker] = f"{self.file}: {where}"
        line = f"{self.payload} {marker}" if self.payload_first else f"{marker} {self.payload}"
        # A second paragraph starts with the payload, where block-level markup would take effect.
        return line if kind == "line" else f"{line}\n\n{self.payload}"

    def fill(self, schema: type[BaseModel], data: dict[str, Any], where: str) -> None:
        hints = get_type_hints(schema, include_extras=True)
        kept = _kept(schema, data)
        for name in schema.model_fields:
            if kept is not None and name not in kept:
                data.pop(name, None)
                continue
            filled = self._value(_optional(hints[name]), data.get(name), f"{where}.{name}")
            if filled is not None:
                data[name] = filled

    def _value(self, hint: Any, value: Any, where: str) -> Any:
        kind = text_kind(hint)
        if kind:
            return self.text(kind, where)
        if alternatives := _alternatives(hint):
            # A line written plainly or as a mapping: filled as the alternative it is written in.
            text = next(a for a in alternatives if text_kind(a))
            model = next(
                m
                for a in alternatives
                if isinstance(m := get_args(a)[0], type) and issubclass(m, BaseModel)
            )
            return self._value(model if isinstance(value, dict) else text, value, where)
        if get_origin(hint) is dict:
            item = get_args(hint)[1]
            if not (isinstance(item, type) and issubclass(item, BaseModel)):
                return value
            return {k: self._value(item, v, f"{where}.{k}") for k, v in (value or {}).items()}
        if get_origin(hint) is list:
            item = get_args(hint)[0]
            if _alternatives(item):
                # Lines of both kinds: the written ones, one more plain and one with a reading.
                value = [*(value or []), None, {"text": "", "reading": ""}]
                return [self._value(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
            if not (text_kind(item) or (isinstance(item, type) and issubclass(item, BaseModel))):
                return value
            if not value and (text_kind(item) or _all_text(item)):
                value = [None]  # an empty list of text, or of things made of text, gets one
            return [self._value(item, v, f"{where}[{i}]") for i, v in enumerate(value or [])]
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            if value is None and not _all_text(hint):
                return None
            value = {} if value is None else value
            self.fill(hint, value, where)
            return value
        return value


def inject(models: Path, payload: str, *, payload_first: bool) -> dict[str, str]:
    """Rewrite every models file so that every text field holds `payload` and a marker; returns
    marker → place. (A stage of the fixture atlas has an equivalence override, whose reason is
    shown.)"""
    injector = Injector(payload, payload_first, {})
    for path in sorted(models.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        injector.file = path.name
        injector.fill(SCHEMAS.get(path.name, ModelFile), data, "")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return injector.places


def active_markup(html: str) -> list[str]:
    """Everything in an HTML document through which text could run code or load something."""
    found = []
    page = scan_html(html)
    for element in page.elements:
        where = f"<{element.tag}> at line {element.line}"
        if element.tag in EMBEDDING:
            found.append(f"{where}: an embedding element")
        if element.tag == "meta" and element.attrs.get("http-equiv", "").lower() == "refresh":
            found.append(f"{where}: a refresh")
        found += [f"{where}: {name}=" for name in element.attrs if name.startswith("on")]
        for name, url in element_urls(element):
            if url_scheme(url) in FORBIDDEN_SCHEMES or EVIL_HOST in url:
                found.append(f"{where}: {name}={url!r}")
    found += [f"a script with {s[:60]!r}" for s in page.scripts if "alert(" in s]
    return found


@dataclass(frozen=True)
class InjectedSite:
    site: Path
    models: Path
    payload: str
    places: dict[str, str]


@pytest.fixture(scope="module", params=sorted(PAYLOADS))
def injected(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> InjectedSite:
    """The fixture atlas with every text field full of one set of payloads, really built."""
    name: str = request.param
    root = tmp_path_factory.mktemp(f"injected-{name}")
    project = fixture_project(root / "project")
    places = inject(project / "models", PAYLOADS[name], payload_first=name != "markdown")
    site = build_site(project, root / "site")
    return InjectedSite(site, project / "models", PAYLOADS[name], places)


def test_the_injection_reaches_every_text_field_of_the_schema(tmp_path: Path) -> None:
    """The schema walk finds the text fields a reader knows are there, in every file, those the
    fixture atlas leaves out included (it has no stage owner in two of its models, no claims in
    two)."""
    models = copy_models(ATLAS, tmp_path / "models")
    places = inject(models, PAYLOADS["html"], payload_first=True)
    fields = {re.sub(r"\[\d+\]", "[]", place.split(": ", 1)[1]) for place in places.values()}
    assert {
        ".capabilities[].levels[].label",
        ".bands[].description",
        ".business_kind.other",
        ".questions[].options[].text",
        ".questions[].help",
        ".stages[].activities[].name",
        ".stages[].owner",
        ".stages[].number_label",
        ".stages[].equivalence.reason",
        ".claims[].quote",
        ".source.publication",
        ".authors[].role",
        ".credit_note",
    } <= fields
    assert len(set(places.values())) == len(places)  # one marker per field


def test_the_injected_models_are_valid(injected: InjectedSite) -> None:
    """Markup is not refused: every injected file loads (and the build passed --strict)."""
    atlas = load_atlas(injected.models)
    assert all(injected.payload in stage.name for stage in atlas.stages())


def test_no_built_page_holds_active_markup(injected: InjectedSite) -> None:
    pages = sorted(injected.site.rglob("*.html"))
    atlas = load_atlas(injected.models)
    assert len(pages) > len(atlas.models) + len(list(atlas.stages())) + len(atlas.capabilities)
    found = {
        path.relative_to(injected.site).as_posix(): active_markup(path.read_text("utf-8"))
        for path in pages
    }
    assert {page: what for page, what in found.items() if what} == {}


def test_the_search_index_holds_no_active_markup(injected: InjectedSite) -> None:
    """Material shows search results' titles and text as HTML."""
    docs = json.loads((injected.site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    found = [
        (doc["location"], what)
        for doc in docs
        for what in active_markup(doc["title"]) + active_markup(doc["text"])
    ]
    assert found == []
    assert any(injected.payload in scan_text(doc["text"]) for doc in docs)


def scan_text(html: str) -> str:
    """The text of an HTML document as a reader sees it (entities decoded), one node a line."""
    return "\n".join(scan_html(html).texts)


# Text no page shows: it is published in atlas.json only.
ONLY_IN_DATA = {"vocabulary.yaml: .business_kinds[].description"}


def test_every_injected_text_is_shown_as_written(injected: InjectedSite) -> None:
    """Each marked field appears in the site, with its payload beside it, character for
    character: as page text, or as data (atlas.json, the quiz spec) for fields no page shows."""
    shown = "\n".join(scan_text(p.read_text("utf-8")) for p in injected.site.rglob("*.html"))
    data = [injected.site / "atlas.json", *(injected.site / "assets" / "quiz").glob("spec.*.json")]
    strings = "\n".join(_strings(json.loads(path.read_text("utf-8"))) for path in data)
    payload = re.escape(injected.payload)
    beside = rf"{payload} ({MARKER})|({MARKER}) {payload}"
    on_pages = {a or b for a, b in re.findall(beside, shown)}
    in_data = {a or b for a, b in re.findall(beside, strings)}
    missing = {
        marker: place
        for marker, place in injected.places.items()
        if marker not in on_pages | in_data
    }
    assert missing == {}
    not_on_pages = {
        re.sub(r"\[\d+\]", "[]", place)
        for marker, place in injected.places.items()
        if marker not in on_pages
    }
    assert not_on_pages <= ONLY_IN_DATA


def _strings(data: Any) -> str:
    if isinstance(data, dict):
        return "\n".join(_strings(v) for v in data.values())
    if isinstance(data, list):
        return "\n".join(_strings(v) for v in data)
    return data if isinstance(data, str) else ""


def test_the_quiz_result_shows_injected_text_inert(injected: InjectedSite) -> None:
    spec = SiteRenderer(load_atlas(injected.models), ENGINE_FILES).quiz_spec
    engine = Engine(json.dumps(spec))
    for pick in (0, -1):
        answers = {
            q["id"]: q["options"][pick]["value"]
            for q in [spec["business_kind_question"], *spec["questions"]]
        }
        html = reply(engine.score(json.dumps(answers)))["html"]
        assert active_markup(html) == []
        assert injected.payload in scan_text(html)


# The payloads that act as soon as a page loads: scripts and event handlers, and fetches. (The
# others act only when clicked; the checks of the built HTML above cover them.)
@pytest.mark.parametrize("injected", ["html", "fetch"], indirect=True)
def test_injected_pages_run_nothing_in_the_browser(
    injected: InjectedSite, chromium: Browser
) -> None:
    """One page of each kind, and the quiz answered and scored (its result shows the injected
    names and options): no dialog, no request to another host, no error, no policy violation."""
    paths = one_page_of_each_kind(load_atlas(injected.models))
    with serve_site(injected.site) as url:
        findings = crawl(chromium, url, paths)
    assert findings.dialogs == []
    assert findings.foreign_requests == []
    assert findings.policy_violations == []
    assert findings.errors == []


# What the engine could send if it were faulty or its file changed on the server: the result view
# (quiz/web/result-view.mjs) parses it inertly and inserts only what quiz/markup.py can write.
FORGED_RESULT = (
    '<p class="x" onclick="alert(1)">t<script>alert(2)</script><img src=x onerror=alert(3)>'
    '<a href="javascript:alert(4)">l</a><a href=" jav&#x09;ascript:alert(5)">m</a>'
    '<a href="../models/">ok</a><svg onload="alert(6)"><text>s</text></svg>'
    '<iframe srcdoc="<script>alert(7)</script>"></iframe><style>p{}</style></p>'
)
FORGED_RESULT_INSERTED = (
    '<p class="x">t<a>l</a><a>m</a><a href="../models/">ok</a><svg><text>s</text></svg></p>'
)


def test_the_result_view_inserts_only_what_the_result_builder_writes(
    open_page: Callable[..., tuple[Any, Any]],
) -> None:
    page, log = open_page("quiz/")
    inserted = page.evaluate(
        """async (html) => {
            const module = document.querySelector('link[rel=modulepreload][href*="result-view"]');
            const { resultNodes } = await import(module.href);
            const box = document.createElement("div");
            box.append(resultNodes(html));
            return box.innerHTML;
        }""",
        FORGED_RESULT,
    )
    assert inserted == FORGED_RESULT_INSERTED
    assert log.dialogs == [] and log.page_errors == []
    [report] = [e for e in log.console_errors if e.startswith("Removed from the quiz result: ")]
    for removed in ("<script>", "<img>", "<iframe>", "<style>", 'onclick="alert(1)" of <p>'):
        assert removed in report


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<script>alert(1)</script>", "a script with 'alert(1)'"),
        ('<img src="x" onerror="alert(1)">', "<img> at line 1: onerror="),
        ('<svg onload="alert(1)"></svg>', "<svg> at line 1: onload="),
        ('<a href=" javascript:alert(1)">x</a>', "<a> at line 1: href=' javascript:alert(1)'"),
        ('<p>x</p>\n<iframe src="x"></iframe>', "<iframe> at line 2: an embedding element"),
        ('<img src="//evil.example/x.png">', "<img> at line 1: src='//evil.example/x.png'"),
        ('<meta http-equiv="Refresh" content="0; url=x">', "<meta> at line 1: a refresh"),
    ],
)
def test_the_markup_check_finds_what_it_looks_for(html: str, found: str) -> None:
    """The gate itself: each kind of active markup, put in a page, is found."""
    assert active_markup(f"<!doctype html><body>{html}</body>") == [found]
    assert (
        active_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))</p>") == []
    )


# --- share links and imported answer files ------------------------------------------------

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\u202eevil",  # a right-to-left override
    "\u2066x\u2069",  # an isolate
    "\u200b",  # a zero-width space
    "\ufeff",  # a byte order mark
    "\x1b[2J",  # a terminal escape
    "\ud800",  # a lone surrogate
    "NaN",
    "Infinity",
    "%00",
    "%ED%A0%80",  # a surrogate, percent-encoded
    "%",
    "&",
    "=",
    "a" * 5000,
]
QUESTION_IDS = [q.id for q in SPEC.all_questions]
OPTION_VALUES = sorted({o.value for q in SPEC.all_questions for o in q.options})
HOSTILE = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=20)
KEYS = st.sampled_from([*QUESTION_IDS, "v", "format", "version", "answers"]) | HOSTILE
VALUES = st.sampled_from([*OPTION_VALUES, SPEC.version, "0000000000"]) | HOSTILE
HOSTILE_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | VALUES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)
# Bytes as a file may hold them, read the ways a browser or a careless tool could read them.
DECODINGS: list[Callable[[bytes], str]] = [
    lambda data: data.decode("utf-8", "replace"),
    lambda data: data.decode("utf-8", "surrogateescape"),
    lambda data: data.decode("latin-1"),
    lambda data: data.decode("utf-16-le", "surrogatepass") if len(data) % 2 == 0 else "",
]
# Every reply takes fewer Python function calls than this (a few dozen, as measured), plus one
# per ten characters of input: refusing input megabytes long must not read it character by
# character in Python. And less CPU time than this (a few milliseconds, as measured).
REPLY_CALLS = 2_000
REPLY_CPU_SECONDS = 10.0


T = TypeVar("T")


@dataclass(frozen=True)
class Work:
    calls: int
    """Python function calls made (C functions not counted)."""
    cpu: float
    """Seconds of CPU time of this process: unlike the time that passes, it does not grow
    while other work shares the machine."""


def measured(call: Callable[[str], T], text: str) -> tuple[T, Work]:
    """Call `call(text)`, counting the Python function calls it makes."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    start = time.process_time()
    sys.setprofile(count)
    try:
        result = call(text)
    finally:
        sys.setprofile(None)
    return result, Work(calls, time.process_time() - start)


def checked_reply(call: Callable[[str], str], text: str) -> dict[str, Any]:
    """Call the engine; the reply must come after bounded work, be a well-formed JSON object that
    can cross into JavaScript (valid UTF-8), and an error must be text a visitor can read as it is
    (every character printable: no escape sequence, bidirectional override or invisible
    character)."""
    text_reply, work = measured(call, text)
    assert work.calls <= REPLY_CALLS + len(text) // 10, work
    assert work.cpu < REPLY_CPU_SECONDS, work
    text_reply.encode("utf-8")
    data = reply(text_reply)
    if data["ok"]:
        for question_id, value in data["answers"].items():
            question = SPEC.question(question_id)
            assert question is not None and question.option(value) is not None
    else:
        assert data["error"].isprintable(), data["error"]
    return data


def share_text(pairs: list[tuple[str, str]], encode: bool) -> str:
    """A fragment of `key=value` pairs, percent-encoded (lone surrogates as their UTF-8 bytes,
    as a hand-made link could carry them) or as they are."""

    def part(text: str) -> str:
        return quote(text, safe="", errors="surrogatepass") if encode else text

    return "&".join(f"{part(key)}={part(value)}" for key, value in pairs)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(DECODINGS))
def test_any_bytes_as_a_share_link_or_a_file_get_a_reply(
    data: bytes, decode: Callable[[bytes], str]
) -> None:
    text = decode(data)
    checked_reply(API.parse_share, text)
    checked_reply(API.parse_import, text)


@FUZZ
@given(st.lists(st.tuples(KEYS, VALUES), max_size=25), st.booleans(), st.booleans())
def test_hostile_share_links_get_a_reply(
    pairs: list[tuple[str, str]], encode: bool, version_first: bool
) -> None:
    if version_first:
        pairs = [("v", SPEC.version), *pairs]
    checked_reply(API.parse_share, "#" + share_text(pairs, encode))


@FUZZ
@given(
    HOSTILE_JSON, st.sampled_from([SPEC.version, "0000000000", None]), st.booleans(), st.booleans()
)
def test_hostile_answer_files_get_a_reply(
    answers: object, version: str | None, wrap: bool, bom: bool
) -> None:
    document = {"format": EXPORT_FORMAT, "version": version, "answers": answers}
    text = json.dumps(document if wrap else answers, ensure_ascii=bool(bom))
    checked_reply(API.parse_import, ("\ufeff" if bom else "") + text)


def test_markup_and_bidirectional_text_in_answers_are_refused_and_quoted_safely() -> None:
    for bad in HOSTILE_TEXT:
        document = {
            "format": EXPORT_FORMAT,
            "version": SPEC.version,
            "answers": {QUESTION_IDS[1]: bad},
        }
        data = checked_reply(API.parse_import, json.dumps(document))
        assert data["ok"] is False
        fragment = share_text([("v", SPEC.version), (QUESTION_IDS[1], bad)], encode=True)
        assert checked_reply(API.parse_share, fragment)["ok"] is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * (MAX_IMPORT_BYTES * 160), "larger than 64 KiB"),
        ("[" * (MAX_IMPORT_BYTES - 1), "nested too deeply"),
        ("[" * 20_000 + "]" * 20_000, "nested too deeply"),
        ('{"a":' * 10_000 + "1" + "}" * 10_000, "nested too deeply"),
        # Just past the limit: far below CPython's recursion limit, so only the check sees it.
        ("[" * (MAX_IMPORT_DEPTH + 1) + "]" * (MAX_IMPORT_DEPTH + 1), "nested too deeply"),
        ('{"format": NaN}', "not an answers file"),
        ('{"format": Infinity, "version": -Infinity}', "not an answers file"),
        ('{"format": "' + EXPORT_FORMAT + '", "format": "x"}', "gives 'format' twice"),
        ('{"answers": {"a": 1, "a": 2}}', "gives 'a' twice"),
        ("1" * 5000, "such as a huge number"),
        ('"\\ud800"', "not an answers file"),
    ],
)
def test_hostile_answer_files_are_refused_with_a_clear_message(text: str, message: str) -> None:
    data = checked_reply(API.parse_import, text)
    assert data["ok"] is False
    assert message in data["error"]


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    answers = {QUESTION_IDS[0]: "[" * 100 + "{" * 100}
    document = {"format": EXPORT_FORMAT, "version": SPEC.version, "answers": answers}
    data = checked_reply(API.parse_import, json.dumps(document))
    assert data["ok"] is False
    assert "is not an option" in data["error"]


def test_a_file_saved_with_a_byte_order_mark_imports() -> None:
    values = {QUESTION_IDS[0]: SPEC.all_questions[0].options[0].value}
    text = json.loads(API.export(json.dumps(values)))["text"]
    data = checked_reply(API.parse_import, "\ufeff" + text)
    assert data["ok"] is True
    assert data["answers"] == values


@pytest.mark.parametrize(
    "fragment",
    [
        "#" + "v=" + "a" * 1_000_000,
        "#" + "&".join(["x=1"] * 100_000),
        "#v=" + SPEC.version + "&" + "&".join(f"{q}=%ZZ" for q in QUESTION_IDS),
        "#" + "%" * (MAX_SHARE_LENGTH - 1),
        "#v=" + SPEC.version + "&" + QUESTION_IDS[0] + "=%E2%80%AE",
    ],
)
def test_hostile_share_links_are_refused_fast(fragment: str) -> None:
    assert checked_reply(API.parse_share, fragment)["ok"] is False


def test_deeply_nested_files_do_not_kill_the_engine_in_pyodide(tmp_path: Path) -> None:
    """Under Pyodide, JSON nested 20 000 deep overflowed the WebAssembly stack inside the json
    module: a fatal error that left the quiz dead until a reload. The import must refuse it, and
    the engine score as before."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide headless for this test"
    pyodide_runtime(PROJECT)
    package = build_quiz_package(quiz_package_dir())
    (tmp_path / package.file_name).write_bytes(package.data)
    # Both under the size limit; the first crashed Pyodide 314 before the depth check.
    inputs = ["[" * 20_000 + "]" * 20_000, '{"":' * 13_000 + "1" + "}" * 13_000]
    answers = {q.id: q.options[-1].value for q in SPEC.all_questions}
    for name, content in [
        ("spec.json", json.dumps(SPEC_DATA)),
        ("inputs.json", json.dumps(inputs)),
        ("answers.json", json.dumps(answers)),
    ]:
        (tmp_path / name).write_text(content, encoding="utf-8")
    completed = subprocess.run(
        [node, "--input-type=module", "-e", PYODIDE_SCRIPT],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "PACKAGE": str(tmp_path / package.file_name), "FOLDER": str(tmp_path)},
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    found = json.loads(completed.stdout)
    assert [r["ok"] for r in found["imports"]] == [False, False]
    assert all("nested too deeply" in r["error"] for r in found["imports"])
    assert found["score"]["ok"] is True


PYODIDE_SCRIPT = """
import { readFile } from "node:fs/promises";
import { loadQuiz } from "./tests/pyodide_quiz.mjs";
const folder = process.env.FOLDER;
const read = (name) => readFile(`${folder}/${name}`, "utf8");
const pyodide = await loadQuiz(process.env.PACKAGE);
const engine = pyodide.pyimport("quiz.api").Engine(await read("spec.json"));
const imports = JSON.parse(await read("inputs.json")).map((t) => JSON.parse(engine.parse_import(t)));
const score = JSON.parse(engine.score(await read("answers.json")));
process.stdout.write(JSON.stringify({ imports, score }));
"""


# --- the YAML reader and the schema, fuzzed -------------------------------------------------

YAML_PIECES = st.sampled_from(
    [
        "\n",
        "  ",
        "- ",
        ": ",
        "? ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!str ",
        "!x ",
        "'",
        '"',
        "#",
        "|",
        ">",
        "---",
        "...",
        "<<: ",
        "\\",
        "\t",
        "\ufeff",
        "\u202e",
        "\u00a0",
        "%",
        "@",
        "`",
        "name",
        "stages",
        "id",
        "1",
        "1e999",
        "9" * 120,
        "true",
        "null",
        "~",
        ".inf",
    ]
)
YAML_TEXT = st.lists(YAML_PIECES | st.text(max_size=5), max_size=60).map("".join)


@FUZZ
@given(YAML_TEXT | st.text(max_size=200))
def test_any_text_read_as_a_model_is_read_or_refused_with_a_problem(text: str) -> None:
    """The reader and the schema never raise: a document, or problems with a place, after work
    that grows with the text no faster than linearly (a few dozen calls a character, as measured);
    and a problem shown in a terminal holds only printable characters."""

    def read(text: str) -> list[Problem]:
        parsed = parse_yaml("models/fuzz.yaml", text)
        if not isinstance(parsed, YamlDocument):
            return [parsed]
        checked = validate(parsed, ModelFile)
        return checked if isinstance(checked, list) else []

    problems, work = measured(read, text)
    assert work.calls <= 5_000 + 500 * len(text), work
    assert work.cpu < REPLY_CPU_SECONDS, work
    for problem in problems:
        assert str(problem).startswith(f"models/fuzz.yaml:{problem.line}:{problem.column}: ")
        assert str(problem).isprintable()
