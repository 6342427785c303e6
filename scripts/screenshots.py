"""Screenshot built pages in headless Chromium, to look at the site as a reader does.

    python scripts/screenshots.py [PAGE ...]      (pages like "linear-regression/")

Serves ``site/`` on localhost and writes ``screenshots/<lang>-<page>.png`` for the
Korean page and its English counterpart under ``/en/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import launch, serve_site  # noqa: E402


def main(pages: list[str]) -> None:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    pages = pages or [""]
    with serve_site(ROOT / "site") as base, launch() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in pages:
            for lang, prefix in (("ko", ""), ("en", "en/")):
                page.goto(f"{base}/{prefix}{path}")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(800)  # MathJax typesets after load
                name = f"{lang}-{path.strip('/').replace('/', '-') or 'home'}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(out / name)


if __name__ == "__main__":
    main(sys.argv[1:])
