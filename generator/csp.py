"""The site's Content-Security-Policy: everything from the site itself, and a reviewed list of
inline scripts.

GitHub Pages cannot send headers, so the policy travels in a `<meta http-equiv>` tag at the top
of every page. The theme needs a few inline scripts (Material reads the saved colour scheme
before the page paints, for one) and the quiz page inlines its boot script: each is allowed by
the sha256 of its exact text, so no policy ever says 'unsafe-inline'. Which scripts those are is
written down below (`THEME_SCRIPTS`, `allowed_scripts`), not read from the built pages: a policy
that hashed whatever the build produced would allow a script injected into a page too. So every
page is checked as it is written (`check_page`), and an inline script that is not on the list,
an inline event handler (`onclick=`) or a `javascript:` URL stops the build, naming the page.

The pages are rendered one at a time, but instant navigation keeps the first page's policy while
it swaps in later pages' content, so every page carries the same policy. One allowed script, the
theme's first, names the way from its page to the site's root, so its hash differs with the
depth of the page; the policy lists the variants the pages hold, which is only known once every
page is written. Each page gets a placeholder when it is rendered (`mark_page`) and the finished
policy once every page is written (`finish_page`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)

PLACEHOLDER = "__atlas_content_security_policy__"

# Each directive names what the site needs and nothing more:
# - scripts, styles, fonts, images, workers and fetches come from the site itself ('self');
# - images may also be `data:` URIs: the theme draws its icons as inline SVG data in its CSS;
# - 'wasm-unsafe-eval' lets Pyodide compile its WebAssembly. A dedicated worker does not inherit
#   a <meta> policy (it gets the policy of its own response's headers), so it matters where a host
#   sends this policy as a header, as the browser tests do;
# - no plugins, no <base> from elsewhere, and forms post nowhere but the site.
# `frame-ancestors` is left out: browsers ignore it in a <meta> tag and log an error.
_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


class PolicyError(Exception):
    """A page the policy cannot be added to, or that holds inline code the policy does not allow."""


@dataclass(frozen=True)
class AllowedScript:
    """An inline script the policy allows: where its text comes from, why, and its hash."""

    source: str
    purpose: str
    sha256: str
    """The CSP source expression of its text, with the page's way to the site root (if the text
    names it) written as `{base_url}` (see `_BASE_URL`)."""


# The inline scripts of Material for MkDocs that this site's configuration makes it write, as
# Material 9.8.2 writes them (pyproject.toml pins mkdocs-material~=9.7). When a new version of
# the theme changes one, or a theme feature turned on adds one, the build stops and shows the
# script's start: review it, then add or update its entry here (`reviewed_hash` of its text).
THEME_SCRIPTS = (
    AllowedScript(
        "material/templates/partials/javascripts/base.html",
        "Defines __md_scope, __md_get and __md_set, with which the theme's scripts keep the "
        "visitor's colour scheme; names the page's way to the site root",
        "'sha256-MnFoV0fVa9/cpyW92zFecUKsU73pevpudXNGOyKvWN4='",
    ),
    AllowedScript(
        "material/templates/partials/javascripts/palette.html",
        "Applies the colour scheme the visitor chose before the page paints (theme.palette)",
        "'sha256-DrEMJJ29sL7vIloQzly+VUGMxKcBTMII+OfW7Y8AkG4='",
    ),
    AllowedScript(
        "material/templates/partials/javascripts/content.html",
        "Opens the content tab that the address's #fragment names",
        "'sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8='",
    ),
)
BOOT_SCRIPT_SOURCE = "quiz/web/boot.js"

# The theme's first script starts `__md_scope=new URL("../..",location)`: the path differs with
# the page's depth (and, on the 404 page, with site_url), so it is compared with the table with
# the path written as `{base_url}`. What may stand there can only be a path: no quote or
# backslash to end the string, no `<` to end the script.
_BASE_URL = re.compile(r'\A(__md_scope=new URL\(")[A-Za-z0-9._~/%-]*(",location\))')

# `<script type>` values the browser never runs (data blocks, such as the theme's configuration).
# Any other type counts as code, even one a browser would not run: a reviewer decides.
_DATA_BLOCK_TYPES = frozenset({"application/json", "application/ld+json"})
# Attributes whose value the browser follows as a URL, where `javascript:` would run code.
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
)
# What a browser drops from a URL before it reads the scheme.
_URL_IGNORED = re.compile(r"[\x00-\x20]+")
SHOWN_CHARACTERS = 80


def script_hash(text: str) -> str:
    """The CSP source expression ('sha256-…') of an inline script's exact text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def reviewed_hash(text: str) -> str:
    """The hash an `AllowedScript` entry gives for an inline script of this text."""
    return script_hash(_BASE_URL.sub(r"\1{base_url}\2", text, count=1))


@functools.cache
def allowed_scripts(boot_script: str | None) -> tuple[AllowedScript, ...]:
    """Every inline script the policy allows: the theme's, and the quiz page's boot script, whose
    hash is computed from our own file (`boot_script`: the text the quiz page inlines)."""
    if boot_script is None:
        return THEME_SCRIPTS
    boot = AllowedScript(
        BOOT_SCRIPT_SOURCE,
        "Starts the quiz's scoring engine while the quiz page loads (site_overrides/main.html)",
        script_hash(boot_script),
    )
    return (*THEME_SCRIPTS, boot)


class _InlineCode(HTMLParser):
    """The inline scripts of a page, and its inline event handlers and `javascript:` URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.other: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            handler = name.startswith("on") and len(name) > 2
            runs_url = name in _URL_ATTRIBUTES and _is_javascript_url(value or "")
            if handler or runs_url:
                self.other.append(f"<{tag} {name}={_shown(value or '')!r}>")
        if tag == "script":
            attributes = dict(attrs)
            script_type = (attributes.get("type") or "").split(";")[0].strip().lower()
            if "src" not in attributes and script_type not in _DATA_BLOCK_TYPES:
                self._script = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A browser ignores the slash of `<script/>`: what follows is the script.
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._end_script()

    def close(self) -> None:
        super().close()
        self._end_script()

    def _end_script(self) -> None:
        if self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def _is_javascript_url(value: str) -> bool:
    return _URL_IGNORED.sub("", value).lower().startswith("javascript:")


def _inline_code(html: str) -> _InlineCode:
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser


def _shown(text: str) -> str:
    """The start of a piece of code, on one line, to show in an error."""
    one_line = " ".join(text.split())
    if len(one_line) <= SHOWN_CHARACTERS:
        return one_line
    return one_line[: SHOWN_CHARACTERS - 1] + "…"


def inline_script_hashes(html: str) -> set[str]:
    """The CSP source expressions ('sha256-…') of every inline script of the page."""
    return {script_hash(text) for text in _inline_code(html).scripts}


def check_page(html: str, allowed: Iterable[AllowedScript], where: str) -> set[str]:
    """The hashes of the page's inline scripts, once each is found in `allowed`.

    Raises `PolicyError`, naming the page (`where`) and showing the start of each, when the page
    holds an inline script not in `allowed`, an inline event handler or a `javascript:` URL.
    """
    reviewed = {script.sha256 for script in allowed}
    found = _inline_code(html)
    refused = [
        f"<script>{_shown(text)}</script>"
        for text in found.scripts
        if reviewed_hash(text) not in reviewed
    ]
    refused += found.other
    if refused:
        raise PolicyError(
            f"{where}: inline code the Content-Security-Policy does not allow (only the scripts "
            "generator/csp.py lists may be inline; put code in a file of its own):"
            + "".join(f"\n  {code}" for code in refused)
        )
    return {script_hash(text) for text in found.scripts}


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The policy text, allowing exactly the given inline script hashes (in a stable order)."""
    directives = []
    for name, sources in _DIRECTIVES:
        if name == "script-src":
            sources = " ".join([sources, *sorted(set(script_hashes))])
        directives.append(f"{name} {sources}")
    return "; ".join(directives)


def mark_page(html: str, where: str) -> str:
    """The page with a policy placeholder right after its charset, before anything it governs."""
    charset = _CHARSET.search(html)
    if charset is None:
        raise PolicyError(f"{where}: no <meta charset> to put the Content-Security-Policy after")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}">'
    return f"{html[: charset.end()]}\n    {tag}{html[charset.end() :]}"


def finish_page(html: str, policy: str) -> str:
    """The marked page with the finished policy in place of its placeholder."""
    return html.replace(PLACEHOLDER, policy, 1)
