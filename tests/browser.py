"""Browser-test helpers: serve a built site on 127.0.0.1 and drive Debian's Chromium.

The site is served under a sub-path, as on GitHub Pages (`/atlas/`), so that any URL the site
builds from the host root instead of relative to its pages shows up as a 404.
"""

from __future__ import annotations

import functools
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
SUB_PATH = "/atlas/"


class _SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    headers_to_send: ClassVar[dict[str, str]] = {}

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
def serve_site(site: Path, port: int = 0, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `site` at http://127.0.0.1:<port>/atlas/ (any free port by default); yields that URL.

    `headers` are sent with every response (a host that can send a Content-Security-Policy
    header, say).
    """
    handler_class = type("_Handler", (_SiteHandler,), {"headers_to_send": dict(headers or {})})
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
    """What a page did: every request it (and its workers) made, console errors, page errors."""

    base: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def watch(self, context: Any, page: Any) -> None:
        """Record what `page` does, and every request of `context` (its workers' too)."""
        context.on("request", self.on_request)
        page.on("console", self.on_console)
        page.on("pageerror", self.on_page_error)

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

    def assert_clean(self) -> None:
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        assert not self.page_errors, f"uncaught errors: {self.page_errors}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


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
