"""Serve the built site on localhost and drive it with Debian's Chromium (Playwright)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Flags for a root, offline machine: no sandbox, no background calls to other hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@contextlib.contextmanager
def serve_site(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def launch():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


ROOT = Path(__file__).resolve().parents[1]
#: axe-core, the accessibility engine, as npm installs it from package-lock.json (`make test`)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.1 levels A and AA, as axe-core tags its rules
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core (served from this machine, not a CDN) on ``page``: its WCAG 2.1 A/AA violations."""
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` (make test does) to install axe-core")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                 .then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({
                     target: n.target.join(' '), summary: n.failureSummary}))})))""",
        WCAG_TAGS,
    )


def type_query(page, url: str, query: str) -> list[str]:
    """Type ``query`` into Material's search box; the result paths, best first.

    Material reads the box on ``keyup``. Playwright types Hangul as inserted text, with
    no key events (a Korean input method sends keyup as it composes each syllable), so a
    press of End after the text stands in for the input method's last keyup.
    """
    page.goto(url)
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    for _ in range(10):  # a query typed before the worker has its index is dropped: type again
        box.fill("")
        box.type(query, delay=20)
        box.press("End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=3000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError
            continue
    page.wait_for_timeout(300)
    links = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    return [urlsplit(a).path for a in links]
