"""Screenshot built pages in headless Chromium, to look at the site as a reader does.

    python scripts/screenshots.py [--site DIR] [--out DIR] [--scheme light|dark ...] [--width PX ...] [PAGE ...]
    (pages like "linear-regression/")

Serves the built site (``site/``) on localhost and writes ``<out>/<lang>-<page>.png``
(``screenshots/`` by default) for the Korean page and its English counterpart under ``/en/``;
with several schemes or widths, ``<lang>-<page>-<scheme>-<width>.png`` for each.
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
    parser.add_argument("--scheme", action="append", choices=["light", "dark"],
                        help="colour scheme the reader's system asks for (repeatable; default light)")
    parser.add_argument("--width", action="append", type=int, help="viewport width in px (repeatable; default 1280)")
    parser.add_argument("pages", nargs="*", default=[""])
    args = parser.parse_args(argv)
    out, pages = args.out, args.pages
    schemes, widths = args.scheme or ["light"], args.width or [1280]
    suffix = len(schemes) > 1 or len(widths) > 1 or args.scheme or args.width
    out.mkdir(parents=True, exist_ok=True)
    with serve_site(args.site) as base, launch() as browser:
        for scheme in schemes:
            for width in widths:
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                for path in pages:
                    for lang, prefix in (("ko", ""), ("en", "en/")):
                        page.goto(f"{base}/{prefix}{path}")
                        page.wait_for_load_state("networkidle")
                        page.wait_for_timeout(800)  # MathJax typesets after load
                        stem = f"{lang}-{path.strip('/').replace('/', '-').replace('.html', '') or 'home'}"
                        name = f"{stem}-{scheme}-{width}.png" if suffix else f"{stem}.png"
                        page.screenshot(path=str(out / name), full_page=True)
                        print(out / name)
                context.close()


if __name__ == "__main__":
    main(sys.argv[1:])
