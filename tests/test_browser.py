"""The built site in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser import type_query
from tests.test_parity import DOCS, display_math_count


pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def open_page(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_chapter_renders_math_and_figures_loading_nothing_from_elsewhere(page, site_url, prefix):
    open_page(page, f"{site_url}/{prefix}linear-regression/")
    page.wait_for_selector("mjx-container mjx-math", timeout=15000)  # MathJax typeset the formulas
    page.evaluate("() => MathJax.startup.promise")
    page.evaluate("() => document.fonts.ready.then(() => null)")
    assert page.locator("mjx-container").count() >= 5
    # every formula is drawn: its characters have width (their CSS and web fonts are there)
    widths = page.locator("mjx-container").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert min(widths) > 0, widths
    fonts = page.evaluate("() => [...document.fonts].filter(f => f.family.startsWith('MJX')).map(f => [f.family, f.status])")
    assert fonts and all(status in ("loaded", "unloaded") for _, status in fonts), fonts
    assert any(status == "loaded" for _, status in fonts), fonts
    images = page.locator("figure.snippet-figure img")
    assert images.count() == 3
    for i in range(3):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    hosts = {urlsplit(url).hostname for url in page.requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, page.requests


def test_interface_strings_follow_the_page_language(page, site_url):
    open_page(page, f"{site_url}/linear-regression/")
    assert page.get_attribute("input.md-search__input", "placeholder") == "검색"
    open_page(page, f"{site_url}/en/linear-regression/")
    assert page.get_attribute("input.md-search__input", "placeholder") == "Search"


def test_language_selector_leads_to_the_same_page(page, site_url):
    open_page(page, f"{site_url}/linear-regression/")
    href = page.get_attribute('a.md-select__link[hreflang="en"]', "href")
    open_page(page, f"{site_url}/linear-regression/{href}" if not href.startswith(("http", "/")) else href)
    assert urlsplit(page.url).path == "/en/linear-regression/"
    assert page.get_attribute("html", "lang") == "en"
    back = page.get_attribute('a.md-select__link[hreflang="ko"]', "href")
    open_page(page, f"{site_url}/en/linear-regression/{back}")
    assert urlsplit(page.url).path == "/linear-regression/"


@pytest.mark.parametrize("query", ["경사 하강법", "비용 함수"])
def test_korean_search_finds_the_chapter_and_only_korean_pages(page, site_url, query):
    # 비용 함수: the chapter that introduces it, before the logistic and softmax chapters'
    # sections "비용 함수: ..." (tests/test_korean_search.py, punctuation at a word's ends)
    results = type_query(page, f"{site_url}/", query)
    assert results and results[0].startswith("/linear-regression/"), results
    assert not any(path.startswith("/en/") for path in results), results


def test_english_search_shows_only_english_pages(page, site_url):
    results = type_query(page, f"{site_url}/en/", "gradient descent")
    assert results and results[0].startswith("/en/linear-regression/"), results
    assert all(path.startswith("/en/") for path in results), results


def test_korean_text_renders_with_a_korean_font(page, site_url):
    open_page(page, f"{site_url}/linear-regression/")
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h1", ".md-typeset p"):
        node = client.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        names = " ".join(f["familyName"] for f in fonts)
        assert any(k in names for k in ("Nanum", "Noto Sans CJK", "Noto Sans KR", "Malgun", "Apple SD")), names


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_notebook_page_shows_the_run_and_loads_nothing_from_elsewhere(page, site_url, snippet, prefix):
    result = snippet("linear_regression/simple.py")
    open_page(page, f"{site_url}/{prefix}snippet-output/{result.key}/simple-notebook/")
    assert result.stdout.strip().splitlines()[-1] in page.inner_text("body")
    images = page.locator(".jp-RenderedSVG img")
    assert images.count() == len(result.figures)
    for i in range(images.count()):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    hosts = {urlsplit(url).hostname for url in page.requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, page.requests
    # a cell's copy button works: its script is the notebook pages' shared file now
    assert page.evaluate("() => customElements.get('clipboard-copy') !== undefined")
    button = page.locator("clipboard-copy").first
    notice = button.locator(".notice")
    assert notice.is_hidden()
    button.click()
    notice.wait_for(state="visible", timeout=2000)


#: every code block's width against the column it sits in: the code of a snippet (on a
#: chapter page or its notebook page) and code written in a page; not outputs
CODE_WIDTHS = """() => {
    const blocks = [...document.querySelectorAll('.md-content pre > code')]
        .filter(code => !code.closest('.snippet-output'))
        .concat([...document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor pre')]);
    return blocks.map(el => {
        const title = el.closest('.highlight')?.querySelector('.filename')?.textContent || '';
        const line = (el.innerText || '').split('\\n').reduce((a, b) => (b.length > a.length ? b : a), '');
        return {title, scroll: el.scrollWidth, client: el.clientWidth, line};
    });
}"""


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_code_line_is_wider_than_its_column_at_1280_px(page, site_url, built_site, language):
    root = built_site / "en" if language == "en" else built_site
    urls = sorted(
        p.parent.relative_to(built_site).as_posix()
        for p in root.rglob("index.html")
        if language == "en" or not p.relative_to(built_site).as_posix().startswith("en/")
    )
    measured, wide = 0, []
    for url in urls:
        open_page(page, f"{site_url}/{'' if url == '.' else url + '/'}")
        for block in page.evaluate(CODE_WIDTHS):
            measured += 1
            if block["scroll"] > block["client"]:
                wide.append(f"/{url}/ {block['title']}: {block['scroll']} > {block['client']} px: {block['line'].strip()}")
    assert measured > 40, measured
    assert not wide, "code wider than its column (scrolls):\n" + "\n".join(wide)


MATH_WIDTHS = """() => MathJax.startup.promise.then(() =>
    [...document.querySelectorAll('.md-content div.arithmatex')].map(el => ({
        tex: (el.querySelector('mjx-assistive-mml math') || el).textContent.trim().slice(0, 60),
        rendered: !!el.querySelector('mjx-container'),
        scroll: el.scrollWidth, client: el.clientWidth,
    })))"""


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_display_formula_fits_a_phone_screen(browser, site_url, built_site, language):
    """At 375 px no display formula is wider than its column: a reader on a phone would see
    it cut off at the screen's edge, the rest reachable only by scrolling the formula."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    root = built_site / "en" if language == "en" else built_site
    urls = sorted(
        p.parent.relative_to(built_site).as_posix()
        for p in root.rglob("index.html")
        if "snippet-output" not in p.as_posix()
        and (language == "en" or not p.relative_to(built_site).as_posix().startswith("en/"))
    )
    measured, wide = 0, []
    try:
        for url in urls:
            open_page(page, f"{site_url}/{'' if url == '.' else url + '/'}")
            for formula in page.evaluate(MATH_WIDTHS):
                assert formula["rendered"], f"/{url}/: MathJax did not typeset {formula['tex']}"
                measured += 1
                if formula["scroll"] > formula["client"]:
                    wide.append(f"/{url}/ {formula['scroll']} > {formula['client']} px: {formula['tex']}")
    finally:
        context.close()
    # every \\[ ... \\] the language's Markdown pages hold was measured
    assert measured == sum(display_math_count(f.read_text(encoding="utf-8")) for f in DOCS.glob(f"*.{language}.md")), measured
    assert not wide, "display formulas wider than a phone's screen:\n" + "\n".join(wide)


def site_pages(site):
    """Every HTML page of the built site, as URL paths (both languages, notebook pages too)."""
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        yield "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def test_no_page_load_gets_a_404_or_a_console_error(browser, site_url, built_site):
    """Visit every page in both languages: no request fails, nothing is logged as an error.

    (Material fetched ``<page folder>/sitemap.xml`` on every page load and got a 404: it
    reads the head's alternate links as language roots; see doc_snippets.languages.)
    """
    paths = list(site_pages(built_site))
    assert any(p.startswith("/en/") for p in paths) and any(not p.startswith("/en/") for p in paths)
    assert len(paths) >= 40, paths
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    current = {"path": ""}
    page.on("response", lambda r: problems.append(f"{current['path']}: {r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: problems.append(f"{current['path']}: failed {r.url} ({r.failure})"))
    page.on("console", lambda m: problems.append(f"{current['path']}: console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"{current['path']}: page error: {e}"))
    try:
        for path in paths:
            if path == "/404.html":
                continue  # the 404 page is served with status 404 by design; visited below
            current["path"] = path
            response = page.goto(f"{site_url}{path}")
            assert response is not None and response.status == 200, (path, response and response.status)
            page.wait_for_load_state("networkidle")
        # the 404 page, as a server serves it for a missing page, loads nothing missing itself
        current["path"] = "/404.html"
        page.goto(f"{site_url}/404.html")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
