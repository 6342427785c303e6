"""Screenshot built pages in headless Chromium, to look at the site as a reader does.

    python scripts/screenshots.py [--site DIR] [--out DIR] [PAGE ...]   (pages like "linear-regression/")

Serves the built site (``site/``) on localhost and writes ``<out>/<lang>-<page>.png``
(``screenshots/`` by default) for the Korean page and its English counterpart under ``/en/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import launch, serve_site  # noqa: E402


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("pages", nargs="*", default=[""])
    args = parser.parse_args(argv)
    out, pages = args.out, args.pages
    out.mkdir(parents=True, exist_ok=True)
    with serve_site(args.site) as base, launch() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in pages:
            for lang, prefix in (("ko", ""), ("en", "en/")):
                page.goto(f"{base}/{prefix}{path}")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(800)  # MathJax typesets after load
                name = f"{lang}-{path.strip('/').replace('/', '-').replace('.html', '') or 'home'}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(out / name)


if __name__ == "__main__":
    main(sys.argv[1:])
