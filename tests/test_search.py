"""Search on the built site (issue 8): the query bank through Material's own search worker.

Each query of ``tests/data/search_queries.yml`` runs in Chromium through the site's search
worker (``assets/javascripts/workers/search.*.min.js``, with the lunr scripts it loads from
the site), on the index of the query's language, exactly as Material's search box sends it;
the expected page must be among the first five pages listed. A few queries are also typed
into the search box.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from doc_snippets import korean_search
from tests.browser import type_query

ROOT = Path(__file__).resolve().parents[1]
BANK = yaml.safe_load((ROOT / "tests" / "data" / "search_queries.yml").read_text(encoding="utf-8"))
PREFIX = {"ko": "", "en": "en/"}
TOP = 5

#: Runs queries through the page's own search worker, as Material's search box does:
#: the worker named in the page's config, set up with the index under the page's base.
RUN_QUERIES = """async ({queries}) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base, location.href);
  const worker = new Worker(new URL(config.search, base));
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const send = message => new Promise((resolve, reject) => {
    worker.onmessage = event => resolve(event.data);
    worker.onerror = event => reject(new Error(event.message));
    worker.postMessage(message);
  });
  await send({type: 0, data: {...index, options: {suggest: false}}});  // SETUP -> READY
  const results = {};
  for (const query of queries) {
    const answer = await send({type: 2, data: query});                 // QUERY -> RESULT
    results[query] = answer.data.items.map(group => ({
      page: group[0].location.split("#")[0],
      score: Math.max(...group.map(item => item.score)),  // its best section's
      html: group.map(item => item.title + "\\n" + item.text),
      // query words Material lists as missing from the page's best match
      missing: Object.entries(group[0].terms).filter(([, found]) => !found).map(([term]) => term),
    }));
  }
  worker.terminate();
  return results;
}"""


def bank(language: str) -> list[dict]:
    return BANK[language]


@pytest.fixture(scope="module")
def answers(browser, site_url):
    """Every query of the bank, through the worker of its language's pages."""
    found = {}
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for language, prefix in PREFIX.items():
        page.goto(f"{site_url}/{prefix}")
        found[language] = page.evaluate(RUN_QUERIES, {"queries": [entry["q"] for entry in bank(language)]})
    page.close()
    assert not errors, errors  # e.g. Material's "Invalid query" warning
    return found


def test_bank_has_the_kinds_the_issue_names():
    kinds = [entry["kind"] for entry in bank("ko")]
    assert len(kinds) >= 30
    for kind in ("joined", "particle", "part", "alias", "spaced"):
        assert kinds.count(kind) >= 2, kind
    assert len(bank("en")) >= 10


@pytest.mark.browser
@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(e, marks=pytest.mark.xfail(strict=True, reason=e["known_failure"])) if "known_failure" in e else e
        for e in bank("ko") + bank("en")
    ],
    ids=lambda e: f"{e['kind']}:{e['q']}",
)
def test_query_lists_its_page_among_the_first_five(answers, entry):
    language = "ko" if entry in bank("ko") else "en"
    pages = [group["page"] for group in answers[language][entry["q"]]]
    assert entry["page"] in pages[:TOP], f"{entry['q']!r}: expected {entry['page']!r} in the first {TOP} of {pages}"


MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.mark.browser
@pytest.mark.parametrize(
    "query, marked",
    [
        ("경사하강법", ["경사", "하강법"]),  # the words of the compound, as the page spaces them
        ("텐서의", ["텐서"]),  # the noun, whatever particle the page gives it
        ("오버피팅", ["과적합"]),  # an alias marks the glossary term it stands for
        ("토치", ["PyTorch"]),
        ("파이토치", ["PyTorch"]),  # though another page writes 파이토치 itself
        ("민감도", ["재현율"]),
    ],
)
def test_results_mark_the_matching_words(answers, query, marked):
    group = next(g for g in answers["ko"][query] if g["page"] == next(e["page"] for e in bank("ko") if e["q"] == query))
    html = "\n".join(group["html"])
    assert "<mark><mark>" not in html and html.count("<mark>") == html.count("</mark>"), html
    words = MARK.findall(html)
    assert words and all("<" not in w and ">" not in w for w in words), words
    for part in marked:
        assert any(w.startswith(part) or w.lstrip("(\"'").startswith(part) for w in words), (part, words)
    assert not group["missing"], f"{query!r}: Material lists {group['missing']} as missing from the best match"


@pytest.mark.browser
def test_each_language_lists_only_its_own_pages(answers):
    """Korean results are Korean pages, English results English pages (titles in that language)."""
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for language in PREFIX:
        for query, groups in answers[language].items():
            for group in groups:
                title = MARK.sub(r"\1", group["html"][0].split("\n", 1)[0])
                assert bool(hangul.search(title)) == (language == "ko"), (language, query, title)


def test_korean_analysis_adds_at_most_the_size_of_the_index(built_site):
    """The Korean index grows at most to twice its size: the analysis is the index's size or less."""
    index = built_site / "search" / "search_index.json"
    script = built_site / korean_search.LUNR_SCRIPT.format(lang="ko")
    added = script.stat().st_size - korean_search.material_lunr_script("ko").stat().st_size
    assert "doc_snippets.korean_search" in script.read_text(encoding="utf-8")
    assert 0 < added <= index.stat().st_size, (added, index.stat().st_size)


def test_english_search_is_material_s_own(built_site):
    """English pages: Material's index and worker untouched (no Korean analysis loaded or added)."""
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert en["config"]["lang"] == ["en"]  # the worker loads no lunr language script for it
    assert set(en["config"]) == {"lang", "separator", "pipeline", "fields"}
    assert all(set(doc) <= {"location", "title", "text", "tags", "boost"} for doc in en["docs"])
    assert not (built_site / "en" / "assets").exists()


@pytest.mark.browser
@pytest.mark.parametrize(
    "prefix, query, expected",
    [
        ("", "경사하강법", "/linear-regression/"),
        ("", "과대적합", "/overfitting/"),
        ("", "텐서의", "/tensors/"),
        ("en/", "gradient descent", "/en/linear-regression/"),
    ],
)
def test_queries_typed_into_the_search_box(browser, site_url, prefix, query, expected):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        results = type_query(page, f"{site_url}/{prefix}", query)
        assert expected in results[:TOP], results
        assert all(path.startswith("/en/") == (prefix == "en/") for path in results), results
        marks = page.eval_on_selector_all(".md-search-result mark", "marks => marks.map(m => m.textContent)")
        assert marks, "the results mark no word"
    finally:
        context.close()
