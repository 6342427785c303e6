"""The built site (``mkdocs build --strict``, once per test run): languages, outputs, offline."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from doc_snippets.catalog import Catalogs
from doc_snippets.code_text import code_tokens
from tests.test_parity import pages

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


ROOT = Path(__file__).resolve().parents[1]


def described(result, lang: str, index: int) -> str:
    """Figure ``index`` of ``result``'s description in ``lang``, read from its topic's catalog."""
    from doc_snippets.figure_description import Descriptions

    topic = result.name.rpartition("/")[0]
    return Descriptions(ROOT).describe(topic, result.figures[index].alt["en"], lang, result.name)


def page_path(site: Path, stem: str, lang: str) -> Path:
    prefix = site if lang == "ko" else site / "en"
    return prefix / ("index.html" if stem == "index" else f"{stem}/index.html")


class Resources(HTMLParser):
    """Every URL a page loads by itself (not the links a reader may follow)."""

    def __init__(self):
        super().__init__()
        self.loaded: list[tuple[str, str]] = []
        self.pre: list[str] = []
        self._in_pre = 0
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.loaded.append((tag, attrs["src"]))
        if tag == "link" and attrs.get("href") and attrs.get("rel", "") not in ("canonical", "alternate"):
            self.loaded.append((tag, attrs["href"]))
        if tag in ("img", "source") and attrs.get("srcset"):
            self.loaded.append((tag, attrs["srcset"]))
        if tag == "pre":
            self._in_pre += 1
        if "style" in attrs and "url(" in attrs["style"]:
            self.loaded.append((tag, attrs["style"]))

    def handle_endtag(self, tag):
        if tag == "pre" and self._in_pre:
            self._in_pre -= 1
            if not self._in_pre:
                self.pre.append("".join(self._buf))
                self._buf = []

    def handle_data(self, data):
        if self._in_pre:
            self._buf.append(data)


def parse(path: Path) -> Resources:
    parser = Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_korean_at_the_root_english_under_en(built_site):
    assert '<html lang="ko"' in (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (built_site / "en" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", pages())
def test_every_page_built_in_both_languages_with_the_same_code_and_outputs(built_site, stem):
    ko = parse(page_path(built_site, stem, "ko"))
    en = parse(page_path(built_site, stem, "en"))
    # outputs character for character; code the same program (comments in each language)
    assert len(ko.pre) == len(en.pre)
    for ko_block, en_block in zip(ko.pre, en.pre):
        assert ko_block == en_block or code_tokens(ko_block) == code_tokens(en_block)


@pytest.mark.parametrize("stem", pages())
def test_language_selector_leads_to_the_same_page(built_site, stem):
    ko_html = page_path(built_site, stem, "ko").read_text(encoding="utf-8")
    en_html = page_path(built_site, stem, "en").read_text(encoding="utf-8")
    expected_en = "en/" if stem == "index" else f"en/{stem}/"
    expected_ko = "" if stem == "index" else f"{stem}/"
    ko_links = re.findall(r'<a href="([^"]*)" hreflang="en"', ko_html)
    en_links = re.findall(r'<a href="([^"]*)" hreflang="ko"', en_html)
    assert ko_links and en_links
    base_ko = page_path(built_site, stem, "ko").parent
    base_en = page_path(built_site, stem, "en").parent
    assert (base_ko / ko_links[0]).resolve() == (built_site / expected_en).resolve()
    assert (base_en / en_links[0]).resolve() == (built_site / expected_ko).resolve()


def test_linear_regression_page_shows_the_runs_output_and_three_figures(built_site, snippet):
    simple = snippet("linear_regression/simple.py")
    last_line = simple.stdout.strip().splitlines()[-1]  # e.g. the final W, b and cost
    for lang in ("ko", "en"):
        path = page_path(built_site, "linear-regression", lang)
        html = path.read_text(encoding="utf-8")
        assert any(last_line in block for block in parse(path).pre), "the final W, b and cost are not on the page"
        figures = re.findall(rf'<img alt="([^"]+)" src="([^"]+figure\d+-{lang}\.svg)"', html)
        assert len(figures) == 3, figures
        for _, src in figures:
            svg = (path.parent / src).resolve()
            assert svg.is_file() and svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_nothing_is_loaded_from_another_host(built_site):
    offenders = []
    for html in built_site.rglob("*.html"):
        for tag, url in parse(html).loaded:
            if EXTERNAL.search(url) or re.search(r"url\(\s*['\"]?(?:https?:)?//", url):
                offenders.append(f"{html.relative_to(built_site)}: <{tag}> {url}")
        text = html.read_text(encoding="utf-8")
        for url in re.findall(r"""import\(\s*["'`]((?:https?:)?//[^"'`]+)""", text):
            offenders.append(f"{html.relative_to(built_site)}: import({url})")
        if "https://cdn" in text:
            offenders.append(f"{html.relative_to(built_site)}: mentions a CDN")
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if EXTERNAL.search(url):
                offenders.append(f"{css.relative_to(built_site)}: url({url})")
        for url in re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text(encoding="utf-8")):
            if EXTERNAL.search(url):
                offenders.append(f"{css.relative_to(built_site)}: @import {url}")
    assert not offenders, "\n".join(offenders)


def test_each_snippet_has_a_notebook_page_in_each_language(built_site, runner, snippet):
    for name in runner.discover():
        result = snippet(name)
        stem = name.rsplit("/", 1)[-1][: -len(".py")]
        for lang, prefix in (("ko", ""), ("en", "en/")):
            page = built_site / f"{prefix}snippet-output/{result.key}/{stem}-notebook/index.html"
            html = page.read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html
            assert f"snippets/{name}" in html
            last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
            assert last.split()[0] in html if last else True
            # its figures, with their descriptions as alt text in the page's language
            alts = re.findall(r'<img alt="([^"]*)" src="(?:data:image/svg|[^"]*/figure\d+-[a-z]+\.svg)', html)
            assert [unescape(a) for a in alts] == [described(result, lang, i) for i in range(len(result.figures))], (
                name, lang, alts
            )


def test_math_is_served_by_the_site(built_site):
    html = page_path(built_site, "linear-regression", "ko").read_text(encoding="utf-8")
    assert 'class="arithmatex"' in html
    assert (built_site / "assets" / "mathjax" / "tex-chtml.js").stat().st_size > 1_000_000
    # the web fonts of its HTML output, where MathJax looks for them (beside the script)
    fonts = {p.name for p in (built_site / "assets" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff")}
    assert {"MathJax_Main-Regular.woff", "MathJax_Math-Italic.woff", "MathJax_Size1-Regular.woff"} <= fonts
    assert not (built_site / "assets" / "mathjax" / "tex-svg.js").exists()


def test_each_language_has_its_own_search_index(built_site):
    ko = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    hangul = re.compile(r"[\uac00-\ud7a3]")
    ko_titles = {d["location"]: d["title"] for d in ko["docs"] if "#" not in d["location"]}
    en_titles = {d["location"]: d["title"] for d in en["docs"] if "#" not in d["location"]}
    assert set(ko_titles) == set(en_titles)  # the same pages, each in its own language
    assert all(hangul.search(t) for loc, t in ko_titles.items() if loc), ko_titles
    assert not any(hangul.search(t) for t in en_titles.values()), en_titles
    assert not any(d["location"].startswith("en/") for d in ko["docs"])
    assert ko["config"]["lang"] == ["ko"] and en["config"]["lang"] == ["en"]
    # English pages point Material's search at /en/search/
    en_page = page_path(built_site, "linear-regression", "en").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', en_page).group(1))
    assert (page_path(built_site, "linear-regression", "en").parent / config["base"]).resolve() == (built_site / "en").resolve()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_downloads_are_the_snippet_and_a_notebook_of_the_builds_run(built_site, snippet, lang):
    import nbformat

    result = snippet("linear_regression/simple.py")
    path = page_path(built_site, "linear-regression", lang)
    html = path.read_text(encoding="utf-8")
    shown = Catalogs(ROOT).translate_source(result.name, result.source, lang)  # comments in the page's language
    script = re.search(rf'href="([^"]*{result.key}/{lang}/simple\.py)"', html).group(1)
    assert (path.parent / script).resolve().read_text(encoding="utf-8") == shown
    ipynb = re.search(rf'href="([^"]*{result.key}/{lang}/simple\.ipynb)"', html).group(1)
    nb = nbformat.read((path.parent / ipynb).resolve(), as_version=4)
    nbformat.validate(nb)
    (cell,) = nb.cells
    assert cell.source == shown.rstrip("\n")
    assert cell.outputs[0].text == result.stdout
    figures = [o for o in cell.outputs if o.output_type == "display_data"]
    assert [f.data["text/plain"] for f in figures] == [described(result, lang, i) for i in range(len(result.figures))]
    assert [f.data["image/svg+xml"] for f in figures] == [f.files[lang].read_text(encoding="utf-8") for f in result.figures]
