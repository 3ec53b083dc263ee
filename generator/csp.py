"""The site's Content-Security-Policy: everything from the site itself, nothing inline unhashed.

GitHub Pages cannot send headers, so the policy travels in a `<meta http-equiv>` tag at the top
of every page. The theme needs a few inline scripts (Material reads the saved colour scheme
before the page paints, for one); each is allowed by the sha256 of its exact text, computed from
the built pages, so no policy ever says 'unsafe-inline'. An inline script that nobody hashed, an
inline event handler (`onclick=`) or a resource from another host is blocked by the browser and
reported, which the browser tests turn into a failure.

The pages are rendered one at a time, but instant navigation keeps the first page's policy while
it swaps in later pages' content, so every page carries the same policy: the hashes of the inline
scripts of the whole site. Each page gets a placeholder when it is rendered (`mark_page`) and the
finished policy once every page is written (`finish_page`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

# A `<script>` whose type makes the browser run it. Data blocks (`type="application/json"`, the
# theme's configuration) are never run, so the policy need not, and does not, allow them.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""\ssrc\s*=""", re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_RUNNABLE_TYPES = {"", "module", "text/javascript", "application/javascript"}
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
    """A page the policy cannot be added to."""


def inline_script_hashes(html: str) -> set[str]:
    """The CSP source expressions ('sha256-…') of every inline script the page would run."""
    hashes = set()
    for match in _SCRIPT.finditer(html):
        attributes, text = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        script_type = _TYPE.search(attributes)
        if (script_type.group(1).lower() if script_type else "") not in _RUNNABLE_TYPES:
            continue
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


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
