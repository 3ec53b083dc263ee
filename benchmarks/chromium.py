"""Debian's Chromium for the benchmarks: fresh profiles, the page probe, and a network log that
counts the bytes every request of a page and of its workers took on the wire.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright, Request

from tests.browser import CHROMIUM, CHROMIUM_ARGS

WEB = Path(__file__).resolve().parent / "web"
PROBE = WEB / "probe.js"
# As in the browser tests: every host but 127.0.0.1 is unresolvable.
CLOSED_NETWORK = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@contextmanager
def fresh_profile(playwright: Playwright) -> Iterator[tuple[BrowserContext, Page]]:
    """Chromium with a new, empty profile: a cold start with an empty HTTP and code cache.

    A persistent profile, not an incognito context: an incognito context's cache lives in memory
    and does not keep Pyodide's 9.6 MB wasm file, so its "warm" load would download it again,
    which no visitor with a normal profile sees.
    """
    with tempfile.TemporaryDirectory(prefix="atlas-bench-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, CLOSED_NETWORK],
        )
        try:
            context.add_init_script(path=str(PROBE))
            page = context.pages[0] if context.pages else context.new_page()
            yield context, page
        finally:
            context.close()


@dataclass
class _Entry:
    request: Request
    done: bool = False
    failed: bool = False
    _wire: tuple[int, bool] | None = None

    def wire(self) -> tuple[int, bool]:
        """(bytes on the wire, whether a body was downloaded), once the request is done.

        Playwright's sizes come from the browser's encoded data length: headers plus encoded
        body, and a body size of minus the headers when the cache served the response. A
        worker's own script reports no body size, so its Content-Length stands in.
        """
        if self._wire is None:
            response = None if self.failed else self.request.response()
            if response is None:
                self._wire = (0, False)
            else:
                sizes = self.request.sizes()
                body, headers = sizes["responseBodySize"], sizes["responseHeadersSize"]
                if body == 0 and headers > 0:
                    body = int(response.headers.get("content-length", "0") or 0)
                self._wire = (max(0, body + headers), body > 0)
        return self._wire


@dataclass
class NetworkLog:
    """Every request of a page and of its dedicated workers, with the bytes it took on the wire.

    Playwright's context-level request events: they include the workers' requests (a page's own
    CDP session does not see those, and attaching to each worker races with its first fetch).
    """

    entries: list[_Entry] = field(default_factory=list)

    @classmethod
    def attach(cls, context: BrowserContext) -> NetworkLog:
        log = cls()
        context.on("request", log._started)
        context.on("requestfinished", lambda request: log._ended(request, failed=False))
        context.on("requestfailed", lambda request: log._ended(request, failed=True))
        return log

    def _started(self, request: Request) -> None:
        if not request.url.startswith(("data:", "blob:")):
            self.entries.append(_Entry(request))

    def _ended(self, request: Request, failed: bool) -> None:
        for entry in self.entries:
            if entry.request is request:
                entry.done, entry.failed = True, failed

    def clear(self) -> None:
        self.entries.clear()

    def settle(self, page: Page, quiet_ms: int = 500, timeout_s: float = 30) -> None:
        """Wait until no request has been pending or started for `quiet_ms`."""
        deadline = time.monotonic() + timeout_s
        last_count, quiet_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            pending = any(not entry.done for entry in self.entries)
            if pending or len(self.entries) != last_count:
                last_count, quiet_since = len(self.entries), time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return

    def total(self, contains: str = "") -> int:
        """Bytes on the wire (headers and encoded bodies) of the requests whose URL has `contains`."""
        return sum(e.wire()[0] for e in self.entries if contains in e.request.url)

    def summary(self) -> CacheSummary:
        wires = [e.wire() for e in self.entries]
        return CacheSummary(
            requests=len(wires),
            from_cache=sum(1 for size, _ in wires if size == 0),
            revalidated=sum(1 for size, body in wires if size > 0 and not body),
            downloaded=sum(1 for _, body in wires if body),
        )


@dataclass(frozen=True)
class CacheSummary:
    requests: int
    from_cache: int
    revalidated: int
    downloaded: int

    def describe(self) -> str:
        return (
            f"{self.requests} requests (the workers' included): "
            f"{self.downloaded} downloaded, {self.revalidated} revalidated (headers only), "
            f"{self.from_cache} from cache"
        )


def wait_for(page: Page, expression: str, timeout_s: float = 120) -> Any:
    """Poll `expression` in the page until it is truthy (page scripts may be busy loading)."""
    # A function, not an expression string: Playwright evaluates a string predicate with eval,
    # which the pages' Content-Security-Policy forbids.
    page.wait_for_function(f"() => ({expression})", timeout=timeout_s * 1000, polling=20)
    return page.evaluate(expression)
