"""Plain text into Markdown that renders literally, and links between MkDocs source pages."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.text import (
    UnsafeURLError,
    anchor,
    code_span,
    html_url,
    markdown_paragraphs,
    markdown_text,
    markdown_url,
    page_url,
    relative_href,
    relative_md_link,
    template_value,
)

# The Markdown extensions mkdocs.yml enables.
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]

# Characters Markdown or an enabled extension gives a meaning to, plus HTML-special ones.
SPECIAL = "<>&\"'[](){}*_#!|\\-+.`~=:;/@$%^?,"
ASCII_WHITESPACE = " \t\n\r"

# Printable text: no control characters and no whitespace beyond ASCII's (non-ASCII spaces are
# covered by their own test below); surrogates are not text.
plain_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPECIAL + ASCII_WHITESPACE + "ab1 "),
        st.characters(exclude_categories=["Cc", "Cs", "Zs", "Zl", "Zp"]),
    ),
    max_size=60,
)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment {data!r}")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"declaration {decl!r}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"processing instruction {data!r}")

    def unknown_decl(self, data: str) -> None:
        self.other.append(f"unknown declaration {data!r}")


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    assert collector.other == [], html
    return collector


def visible(value: str) -> str:
    """What a browser shows for `value`: runs of ASCII whitespace become one space."""
    return " ".join(re.split(f"[{ASCII_WHITESPACE}]+", value)).strip(" ")


def assert_renders_literally(value: str) -> None:
    source = markdown_text(value)
    assert isinstance(source, Markup)
    html = render(str(source))
    page = parse(html)
    expected = visible(value)
    if expected:
        assert [tag for tag, _ in page.tags] == ["p"], html
        assert page.tags[0][1] == [], html
        assert html.startswith("<p>") and html.endswith("</p>"), html
    else:
        assert page.tags == [], html
    assert "".join(page.data) == expected, html


HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "**bold**",
    "{: onclick=x }",
    "1. not a list",
    "# not a heading",
    "| a | b |",
    "a\\b",
    "__init__ and *args",
    "`code` and ``more``",
    "![img](x.png)",
    "<http://example.com>",
    "<a href='x' onclick=\"y\">link</a>",
    "<!-- comment -->",
    "&amp; &lt; &#65; &#x41; &copy",
    "- item",
    "+ item",
    "* item",
    "> quoted",
    "    indented code",
    '!!! note "Title"',
    "--- a rule?",
    "***",
    "a\n===",
    "a\n---",
    "Term\n: definition",
    "[ref]: http://example.com",
    "[TOC]",
    "heading {#id .class}",
    "1\\. escaped already",
    "\\",
    "trailing backslash \\",
    "| a |\n|---|\n| b |",
    '<div markdown="1">*x*</div>',
    "x  \ny",
    "  spaced   out  ",
    "",
    "   ",
    "\n\n",
    "ünïcödé — “quotes” ‹›",
    "emoji 🎉 <b>",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_text_renders_hostile_text_literally(value: str) -> None:
    assert_renders_literally(value)


@settings(max_examples=200, deadline=None)
@given(plain_text)
def test_markdown_text_renders_any_text_literally(value: str) -> None:
    assert_renders_literally(value)


# The places the templates put `|md` text: a table cell, a heading, link text, bold text, a list
# item, and an HTML block with `markdown`. The text must stay literal, and whole, in each.
CONTEXTS = {
    "table cell": (
        "| h |\n|---|\n| {} |",
        "<table>\n<thead>\n<tr>\n<th>h</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td>([^<]*)</td>\n</tr>\n</tbody>\n</table>",
    ),
    "heading": ("## {}", '<h2 id="[^"<>]*">([^<]*)</h2>'),
    "heading with id": ("### {} {{ #fixed }}", '<h3 id="fixed">([^<]*)</h3>'),
    "link text": ("[{}](page.md)", '<p><a href="page.md">([^<]*)</a></p>'),
    "bold": ("**{}**", "<p><strong>([^<]*)</strong></p>"),
    "list item": ("- {}", "<ul>\n<li>([^<]*)</li>\n</ul>"),
    "html block": ('<p class="k" markdown>{} · x</p>', '<p class="k">([^<]*) · x</p>'),
}


@settings(max_examples=150, deadline=None)
@given(
    plain_text.filter(lambda v: visible(v) != ""),
    st.sampled_from(sorted(CONTEXTS)),
)
def test_markdown_text_stays_literal_where_templates_use_it(value: str, context: str) -> None:
    template, pattern = CONTEXTS[context]
    html = render(template.format(markdown_text(value)))
    match = re.fullmatch(pattern, html)
    assert match is not None, html
    assert unescape(match.group(1)) == visible(value), html


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@pytest.mark.parametrize("value", ["a | b", "C#", "x ##", "a]b(c)", "{: .c}", "*x* _y_", "1."])
def test_markdown_text_stays_literal_in_context_examples(value: str, context: str) -> None:
    template, pattern = CONTEXTS[context]
    html = render(template.format(markdown_text(value)))
    match = re.fullmatch(pattern, html)
    assert match is not None, html
    assert unescape(match.group(1)) == value


def test_markdown_text_is_one_line() -> None:
    assert markdown_text("a\n\nb\r\nc\td") == Markup("a b c d")
    assert "\n" not in markdown_text("1.\n# x\n| y |")


def test_markdown_text_escapes_double_quotes_so_no_attribute_ends_on_them() -> None:
    assert markdown_text('say "x"') == Markup("say &quot;x&quot;")
    assert_renders_literally('say "x"')


# --- the one rule for every value a page template prints -----------------------------------


def test_a_template_value_is_plain_text_unless_it_is_markup() -> None:
    assert template_value("[x](javascript:y) {: onclick=z }") == markdown_text(
        "[x](javascript:y) {: onclick=z }"
    )
    assert template_value(Markup("[kept](a.md)")) == Markup("[kept](a.md)")
    assert template_value(3) == Markup("3")
    assert template_value(12.5) == Markup("12.5")


@pytest.mark.parametrize("value", [None, True, ["x"], {"a": 1}, b"x"])
def test_a_template_printing_anything_else_is_a_mistake(value: object) -> None:
    with pytest.raises(TypeError, match="neither text nor a number"):
        template_value(value)


# --- link targets: relative, or http(s) --------------------------------------------------------

SAFE_URLS = [
    "",
    "../index.md",
    "models/a-b/stage.md#why-these-levels",
    "../assets/quiz/spec.0123.json",
    "#anchor",
    "?q=1",
    "https://example.org/a_(b)?x=1&y=2#z",
    "HTTP://example.org/",
    "a/b:c",
]
UNSAFE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,x",
    "vbscript:x",
    "mailto:a@example.org",
    "//evil.example/x",
    "https:evil.example",
    "x:y",
    'a.md" onclick="x',
    "a.md><script>",
    "a b.md",
    "a\\b.md",
    "a`b",
    "a\nb",
]


@pytest.mark.parametrize("url", SAFE_URLS)
def test_relative_and_http_links_are_made(url: str) -> None:
    assert markdown_url(url) == Markup(url)
    assert html_url(url) == Markup(url.replace("&", "&amp;").replace("'", "&#39;"))


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_any_other_link_is_refused(url: str) -> None:
    for make in (markdown_url, html_url):
        with pytest.raises(UnsafeURLError, match="only relative and http"):
            make(url)


def test_code_spans_and_anchors_take_only_what_needs_no_escape() -> None:
    assert code_span("models/a.yaml") == Markup("`models/a.yaml`")
    assert anchor("band-2") == Markup("band-2")
    for bad_code in ("a`b", "a\nb"):
        with pytest.raises(ValueError):
            code_span(bad_code)
    for bad_id in ("Band", "a b", "a-", "x } onclick", ""):
        with pytest.raises(ValueError):
            anchor(bad_id)


def test_markdown_text_escapes() -> None:
    assert markdown_text("<b>*x*</b>") == Markup("&lt;b&gt;\\*x\\*&lt;/b&gt;")
    assert markdown_text("a & b") == Markup("a &amp; b")


@pytest.mark.parametrize("value", ["10\u00a0%", "a\u00a0\u00a0b", "Stage\u202f1", "a\u3000b"])
def test_markdown_text_keeps_non_ascii_spaces(value: str) -> None:
    assert_renders_literally(value)


def test_markdown_paragraphs_keeps_paragraphs_separate() -> None:
    value = "First *one*.\nStill first.\n\n  \n# Second\n\n\n| third |\r\n\r\nfourth"
    html = render(str(markdown_paragraphs(value)))
    page = parse(html)
    assert [tag for tag, _ in page.tags] == ["p", "p", "p", "p"], html
    assert re.findall(r"<p>(.*?)</p>", html) == [
        "First *one*. Still first.",
        "# Second",
        "| third |",
        "fourth",
    ]


def test_markdown_paragraphs_of_blank_text() -> None:
    assert markdown_paragraphs("") == Markup("")
    assert markdown_paragraphs(" \n\n \t\n") == Markup("")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        plain_text.map(lambda p: visible(p)).filter(lambda p: p.strip() != ""),
        min_size=1,
        max_size=5,
    )
)
def test_markdown_paragraphs_renders_each_paragraph_literally(paragraphs: list[str]) -> None:
    html = render(str(markdown_paragraphs("\n\n".join(paragraphs))))
    page = parse(html)
    assert [tag for tag, _ in page.tags] == ["p"] * len(paragraphs), html
    assert html.split("\n") == [f"<p>{chunk}</p>" for chunk in re.findall(r"<p>(.*?)</p>", html)]
    shown = []
    for chunk in re.findall(r"<p>(.*?)</p>", html):
        shown.append("".join(parse(chunk).data))
    assert shown == paragraphs


# --- links between pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_src", "to_src", "expected"),
    [
        ("index.md", "models/a.md", "models/a.md"),
        ("models/a.md", "models/b.md", "b.md"),
        ("models/a.md", "index.md", "../index.md"),
        ("models/a/stage.md", "compare/index.md", "../../compare/index.md"),
        ("models/a.md", "models/a.md", "a.md"),
        ("about.md", "about.md", "about.md"),
    ],
)
def test_relative_md_link(from_src: str, to_src: str, expected: str) -> None:
    assert relative_md_link(from_src, to_src) == expected


@pytest.mark.parametrize(
    ("src", "directory_urls", "expected"),
    [
        ("index.md", True, ""),
        ("index.md", False, ""),
        ("README.md", True, ""),
        ("about.md", True, "about/"),
        ("about.md", False, "about.html"),
        ("models/index.md", True, "models/"),
        ("models/index.md", False, "models/"),
        ("models/README.md", False, "models/"),
        ("models/a.md", True, "models/a/"),
        ("models/a.md", False, "models/a.html"),
        ("models/a/stage-1.md", True, "models/a/stage-1/"),
        ("models/a/stage-1.md", False, "models/a/stage-1.html"),
        ("index/page.md", True, "index/page/"),
        ("models/indexes.md", False, "models/indexes.html"),
    ],
)
def test_page_url(src: str, directory_urls: bool, expected: str) -> None:
    assert page_url(src, directory_urls) == expected


@pytest.mark.parametrize(
    ("from_src", "to_src", "directory_urls", "expected"),
    [
        # Same page.
        ("index.md", "index.md", True, "./"),
        ("index.md", "index.md", False, "./"),
        ("models/a.md", "models/a.md", True, "./"),
        ("models/a.md", "models/a.md", False, "a.html"),
        ("models/index.md", "models/index.md", False, "./"),
        # From the root page.
        ("index.md", "models/a.md", True, "models/a/"),
        ("index.md", "models/a.md", False, "models/a.html"),
        ("index.md", "models/index.md", True, "models/"),
        ("index.md", "models/index.md", False, "models/"),
        # To the root page.
        ("models/a.md", "index.md", True, "../../"),
        ("models/a.md", "index.md", False, "../"),
        ("models/a/stage.md", "index.md", True, "../../../"),
        ("models/a/stage.md", "index.md", False, "../../"),
        # Between nested pages.
        ("models/a.md", "models/b.md", True, "../b/"),
        ("models/a.md", "models/b.md", False, "b.html"),
        ("models/a/stage.md", "compare/alignment.md", True, "../../../compare/alignment/"),
        ("models/a/stage.md", "compare/alignment.md", False, "../../compare/alignment.html"),
        # Index pages.
        ("models/index.md", "models/a.md", True, "a/"),
        ("models/index.md", "models/a.md", False, "a.html"),
        ("models/a.md", "models/index.md", True, "../"),
        ("models/a.md", "models/index.md", False, "./"),
        ("models/index.md", "compare/index.md", True, "../compare/"),
        ("models/index.md", "compare/index.md", False, "../compare/"),
        ("about.md", "models/index.md", False, "models/"),
        ("about.md", "index.md", True, "../"),
        ("about.md", "index.md", False, "./"),
    ],
)
def test_relative_href(from_src: str, to_src: str, directory_urls: bool, expected: str) -> None:
    assert relative_href(from_src, to_src, directory_urls) == expected


segments = st.sampled_from(["models", "compare", "a", "b-2", "index", "x_y"])
names = st.sampled_from(["index", "README", "a", "b-2", "stage-1", "about"])
sources = st.builds(
    lambda folders, name: "/".join([*folders, f"{name}.md"]),
    st.lists(segments, max_size=3),
    names,
)


@settings(max_examples=200, deadline=None)
@given(sources, sources, st.booleans())
def test_relative_href_resolves_to_the_target_page(
    from_src: str, to_src: str, directory_urls: bool
) -> None:
    base = "http://h/base/"
    href = relative_href(from_src, to_src, directory_urls)
    assert not href.startswith("/")
    assert urljoin(base + page_url(from_src, directory_urls), href) == base + page_url(
        to_src, directory_urls
    )


@settings(max_examples=100, deadline=None)
@given(sources, sources)
def test_relative_md_link_resolves_to_the_target_source(from_src: str, to_src: str) -> None:
    base = "http://h/docs/"
    assert urljoin(base + from_src, relative_md_link(from_src, to_src)) == base + to_src
