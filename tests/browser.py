"""Browser-test helpers: serve a built site on 127.0.0.1, drive Debian's Chromium, record what
a page does, and name one page of every type the site has.

The site is served under a sub-path, as on GitHub Pages (`/atlas/`), so that any URL the site
builds from the host root instead of relative to its pages shows up as a 404.
"""

from __future__ import annotations

import functools
import gzip
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Every host but the test server's is unresolvable: the network is closed.
CLOSED_NETWORK = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
SUB_PATH = "/atlas/"


@dataclass(frozen=True)
class Served:
    """One request the test server answered."""

    path: str
    status: int
    purpose: str
    """The request's `Sec-Purpose` header: `prefetch` for a file fetched ahead."""


class _SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    headers_to_send: ClassVar[dict[str, str]] = {}
    served: ClassVar[list[Served] | None] = None

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.served is not None:
            self.served.append(Served(self.path, int(code), self.headers.get("Sec-Purpose", "")))

    compress: ClassVar[bool] = False
    # (path, mtime) → gzip -9 of the file: each file is compressed once per server.
    compressed: ClassVar[dict[tuple[str, float], bytes]] = {}

    def send_head(self) -> Any:
        """With `compress`, a file is sent gzip-encoded (level 9) to a client that accepts it,
        as static hosts such as GitHub Pages do; everything else is the standard handler's."""
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and accepts) or "If-Modified-Since" in self.headers:
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        stat = os.stat(path)
        key = (path, stat.st_mtime)
        if key not in self.compressed:
            self.compressed[key] = gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)
        body = self.compressed[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a connection mid-download (a test that ends early) is not an error.
        pass


@contextmanager
def serve_site(
    site: Path,
    port: int = 0,
    headers: dict[str, str] | None = None,
    served: list[Served] | None = None,
    *,
    compress: bool = False,
) -> Iterator[str]:
    """Serve `site` at http://127.0.0.1:<port>/atlas/ (any free port by default); yields that URL.

    `headers` are sent with every response (a host that can send a Content-Security-Policy
    header, say); every request answered is added to `served` when given. With `compress`,
    files go gzip-encoded to clients that accept it.
    """
    handler_class = type(
        "_Handler",
        (_SiteHandler,),
        {
            "headers_to_send": dict(headers or {}),
            "served": served,
            "compress": compress,
            "compressed": {},
        },
    )
    handler = functools.partial(handler_class, directory=str(site))
    server = _QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageLog:
    """What a page did: every request it (and its workers) made, console errors (its workers'
    too), page errors, and dialogs (each dismissed: no page of the site opens one)."""

    base: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def watch(self, context: Any, page: Any) -> None:
        """Record what `page` does, and every request of `context` (its workers' too)."""
        context.on("request", self.on_request)
        page.on("console", self.on_console)
        page.on("pageerror", self.on_page_error)
        page.on("dialog", self.on_dialog)

    def on_request(self, request: Any) -> None:
        self.requests.append(request.url)
        if urlsplit(request.url).netloc != urlsplit(
            self.base
        ).netloc and not request.url.startswith(("data:", "blob:")):
            self.foreign.append(request.url)

    def on_console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_page_error(self, error: Any) -> None:
        self.page_errors.append(str(error))

    def on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def mark(self) -> LogMark:
        """Where the log stands now: `assert_clean(since=mark)` looks only at what follows."""
        return LogMark(
            len(self.requests), len(self.foreign), len(self.console_errors),
            len(self.page_errors), len(self.dialogs),
        )  # fmt: skip

    def assert_clean(self, since: LogMark | None = None) -> None:
        start = since or LogMark(0, 0, 0, 0, 0)
        foreign = self.foreign[start.foreign :]
        page_errors = self.page_errors[start.page_errors :]
        console_errors = self.console_errors[start.console_errors :]
        dialogs = self.dialogs[start.dialogs :]
        assert not foreign, f"requests to other hosts: {foreign}"
        assert not page_errors, f"uncaught errors: {page_errors}"
        assert not console_errors, f"console errors: {console_errors}"
        assert not dialogs, f"dialogs: {dialogs}"


@dataclass(frozen=True)
class LogMark:
    """How many of each kind of entry a PageLog held at one moment."""

    requests: int
    foreign: int
    console_errors: int
    page_errors: int
    dialogs: int


# Run before any page script: keeps every Content-Security-Policy violation the page reports.
RECORD_CSP_VIOLATIONS = """
window.__atlasCspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__atlasCspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}` +
      ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


def csp_violations(page: Any) -> list[str]:
    """The violations recorded on the page since RECORD_CSP_VIOLATIONS ran (it must have)."""
    found: list[str] | None = page.evaluate("window.__atlasCspViolations")
    assert found is not None, "the page was opened without RECORD_CSP_VIOLATIONS"
    return found


# --- the built site's pages, by type -----------------------------------------------------------

# One page of every type the site has. The pages of a model, a stage and a capability are the
# first of their kind in the built site's atlas.json, so no test names real content.
PAGE_TYPES = (
    "home",
    "models overview",
    "model",
    "stage",
    "capabilities overview",
    "capability",
    "comparison matrix",
    "alignment chart",
    "methodology",
    "sources",
    "quiz",
    "team",
    "not found",
)
# The pages that start the quiz's engine (and so load its files).
ENGINE_PAGE_TYPES = ("quiz", "team")


def page_paths(atlas: dict[str, Any]) -> dict[str, str]:
    """The path (relative to the site's root) of the page of each type in PAGE_TYPES."""
    model = atlas["models"][0]
    paths = {
        "home": "",
        "models overview": "models/",
        "model": model["url"],
        "stage": model["stages"][0]["url"],
        "capabilities overview": "capabilities/",
        "capability": atlas["capabilities"][0]["url"],
        "comparison matrix": "compare/matrix/",
        "alignment chart": "compare/alignment/",
        "methodology": "methodology/",
        "sources": "sources/",
        "quiz": "quiz/",
        "team": "team/",
        "not found": "404.html",
    }
    assert tuple(paths) == PAGE_TYPES
    return paths
