"""Helpers for the capture tests: fixture pages of the networks (written here, nobody real),
served as the networks' own addresses through Playwright's routing or from a small threaded
HTTP server on another port, and the bookmarklet run in the page as a bookmark runs it."""

from __future__ import annotations

import base64
import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

PAGES = Path(__file__).resolve().parent / "capture_pages"
# A real 1×1 PNG: the pages show it at 60-72 px, as the networks show a profile photo.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
STRICT_CSP = "default-src 'none'; script-src 'self'; connect-src 'none'; img-src 'self'"
# Ports given to this branch for the servers its tests start.
PORTS = range(8311, 8320)


def serve_network_page(page, url_pattern: str, fixture: str) -> None:
    """Answer ``url_pattern`` (e.g. https://www.linkedin.com/**) with the fixture page, and its
    pictures with a PNG: the page then runs with the network's real origin."""

    def answer(route):
        if route.request.resource_type == "document":
            route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                body=(PAGES / fixture).read_text(encoding="utf-8"),
            )
        elif route.request.url.endswith((".png", ".jpg")):
            route.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            route.fulfill(status=404, body="")

    page.route(url_pattern, answer)


class _FixtureHandler(BaseHTTPRequestHandler):
    fixture = ""

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path.startswith("/media/"):
            body, kind = PNG, "image/png"
        else:
            body, kind = (PAGES / self.fixture).read_bytes(), "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Security-Policy", STRICT_CSP)
        # As the networks do: their popups keep the link to the page that opened them.
        self.send_header("Cross-Origin-Opener-Policy", "same-origin-allow-popups")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8311-8319")


@contextmanager
def strict_server(fixture: str):
    """A threaded HTTP server on 127.0.0.1 serving ``fixture`` with a strict CSP; yields its
    origin (http://127.0.0.1:<port>)."""
    handler = type("Handler", (_FixtureHandler,), {"fixture": fixture})
    server = ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def bookmarklet_code(page, base_url: str) -> str:
    """The code the bookmark carries, read from the link that "Capture from a page" offers."""
    page.goto(f"{base_url}/inbox/capture/")
    href = page.locator("#capture-bookmarklet").get_attribute("href")
    assert href.startswith("javascript:")
    return unquote(href.removeprefix("javascript:"))


def run_bookmarklet(page, code: str):
    """Run the code in the page as a bookmark does (a click, outside the page's CSP, as
    Chromium runs bookmarklets) and return the Netcurate window it opens."""
    session = page.context.new_cdp_session(page)
    with page.expect_popup() as popup:
        result = session.send(
            "Runtime.evaluate", {"expression": code, "userGesture": True, "awaitPromise": False}
        )
    assert "exceptionDetails" not in result, result
    window = popup.value
    window.wait_for_load_state()
    return window
