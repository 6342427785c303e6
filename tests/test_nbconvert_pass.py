"""doc_snippets.nbconvert_pass: nbconvert's last HTML pass without parsing the page.

nbconvert's own pass (``HTMLExporter.from_notebook_node``, BeautifulSoup) is run on the
same markup, and the two results are compared as trees (both parsed by BeautifulSoup):
the workers' pages must be the pages nbconvert makes. The site's real pages are compared
in tests/test_notebook_pages.py (a worker's page against mkdocs-jupyter's).
"""

from __future__ import annotations

import bs4
import nbformat
import pytest
from bs4 import BeautifulSoup

from doc_snippets import nbconvert_pass
from doc_snippets.nbconvert_pass import TagEdits

NO_ALT = "No description has been provided for this image"


def tree(markup: str) -> str:
    return str(BeautifulSoup(markup, features="html.parser"))


def nbconvert(markup: str, soup, monkeypatch) -> str:
    """nbconvert's HTMLExporter ending a page whose template gave ``markup``, with ``soup``
    as its BeautifulSoup."""
    from nbconvert.exporters import html
    from nbconvert.exporters.templateexporter import TemplateExporter

    with monkeypatch.context() as patch:
        patch.setattr(TemplateExporter, "from_notebook_node", lambda self, nb, resources=None, **kw: (markup, resources or {}))
        patch.setattr(html, "BeautifulSoup", soup)
        out, _ = html.HTMLExporter().from_notebook_node(nbformat.v4.new_notebook())
    return out


NOTEBOOK = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<style type="text/css">.jp-Notebook div.jp-Cell-inputWrapper { color: red } /* <div class="jp-Cell-inputWrapper"> */</style>
<script >var s = '<div class="jp-OutputArea-output"><img src="x.png">';</script>
</head><body>
<!-- <img src="in-a-comment.png"> <div class="jp-Notebook"> -->
<div class="jp-Cell-inputWrapper">outside the notebook</div>
<div class="jp-Notebook" data-jp-theme-light="true">
<div class="jp-Cell jp-CodeCell jp-Notebook-cell   ">
<div class="jp-Cell-inputWrapper">
<div class="highlight-ipynb hl-python "><pre><span class="n">x</span> <span class="o">&lt;</span> <span class="mi">1</span></pre></div>
</div>
<div class='jp-RenderedText  jp-OutputArea-output' data-mime-type="text/plain" title="a &amp; b > c"><pre>&lt;div class="jp-OutputArea-output"&gt;</pre></div>
<div class="jp-RenderedSVG jp-OutputArea-output" data-mime-type="image/svg+xml" tabindex="-1">
<img src="data:image/svg+xml;base64,PHN2Zy8+">
<IMG SRC="upper.png"/>
<img src="with-alt.png" alt="">
<img alt="given" src="with-alt-2.png">
</div>
<span>stray</span></span></p>
<div class="jp-Cell-inputWrapper jp-other"><div class="jp-OutputArea-output"><br>nested</div></div>
</div>
<!-- jp-Notebook -->
</div>
<div class="jp-OutputArea-output">after the notebook closed</div>
<div class="jp-Notebook-cell"><div class="jp-OutputArea-output">a look-alike class</div></div>
<div class="jp-Notebook"/><div class="jp-OutputArea-output">after an empty notebook</div>
<script>document.write('<img src="y.png">')</script>
</body></html>
"""


def test_the_pass_makes_nbconvert_s_tree(monkeypatch):
    theirs = nbconvert(NOTEBOOK, BeautifulSoup, monkeypatch)
    ours = nbconvert(NOTEBOOK, TagEdits, monkeypatch)
    assert tree(ours) == tree(theirs)

    # nbconvert's pass did change the page (both agreeing on nothing would prove nothing)
    assert tree(theirs) != tree(NOTEBOOK)
    soup = BeautifulSoup(ours, features="html.parser")
    assert [img.get("alt") for img in soup.find_all("img")] == [NO_ALT, NO_ALT, "", "given"]
    focusable = [" ".join(div["class"]) for div in soup.find_all("div", tabindex="0")]
    assert focusable == [
        "jp-Cell-inputWrapper",
        "jp-RenderedText jp-OutputArea-output",
        "jp-RenderedSVG jp-OutputArea-output",
        "jp-Cell-inputWrapper jp-other",
        "jp-OutputArea-output",
    ]
    # what only looks like markup is left alone: the style, the scripts, the comment, the text
    for text in (".jp-Notebook div.jp-Cell-inputWrapper { color: red }", """var s = '<div class="jp-OutputArea-output"><img src="x.png">';""",
                 '<!-- <img src="in-a-comment.png">', """document.write('<img src="y.png">')""", "&lt;div class=\"jp-OutputArea-output\"&gt;"):
        assert text in ours
    assert 'title="a &amp; b &gt; c"' in ours  # an edited tag's other attributes, same values


def test_the_pass_leaves_untouched_markup_as_it_was(monkeypatch):
    """Only the start tags it edits are written again; the rest of the page keeps its bytes."""
    ours = nbconvert(NOTEBOOK, TagEdits, monkeypatch)
    assert '<script >var s' in ours and 'class="jp-Cell jp-CodeCell jp-Notebook-cell   "' in ours
    assert '<img alt="No description has been provided for this image" src="data:image/svg+xml;base64,PHN2Zy8+">' in ours
    plain = "<p>nothing to do</p>"
    assert nbconvert(plain, TagEdits, monkeypatch) == plain


def test_nbconvert_s_selectors_need_no_parse(monkeypatch):
    def no_parse(*args, **kwargs):
        raise AssertionError("BeautifulSoup parsed the page")

    monkeypatch.setattr(bs4, "BeautifulSoup", no_parse)
    assert 'tabindex="0"' in nbconvert(NOTEBOOK, TagEdits, monkeypatch)


def test_any_other_selector_goes_to_beautifulsoup_with_the_edits_made():
    page = TagEdits('<div class="jp-Notebook"><img src="a.png"><p class="x">text</p></div>', features="html.parser")
    for img in page.select("img:not([alt])"):
        img.attrs["alt"] = "first"
    paragraphs = page.select("div > p.x")  # not one of nbconvert's: parsed after all
    assert [p.name for p in paragraphs] == ["p"]
    paragraphs[0].attrs["id"] = "second"
    assert tree(str(page)) == tree('<div class="jp-Notebook"><img alt="first" src="a.png"><p class="x" id="second">text</p></div>')
    # and every later select goes to the tree too
    assert [img["alt"] for img in page.select("img:not([alt])")] == []


@pytest.mark.parametrize(
    "markup",
    [
        '<div class="jp-Notebook"><div class="jp-OutputArea-output">unclosed',
        '<div class="jp-Notebook"></div></div><div class="jp-Cell-inputWrapper">x</div>',
        '<div class="jp-Notebook"><p><div class="jp-Cell-inputWrapper">in a p</div></p></div>',
        '<div class="jp-Notebook"><style>a{}</div><div class="jp-OutputArea-output">in the style\'s text</div>',
        '<div class="jp-Notebook"><img src=a.png alt><img src=b.png ALT="x"><img src="c.png" / ></div>',
        '<div class="jp-Notebook"><div class="jp-OutputArea-output" tabindex=7 data-x=\'">\'>x</div></div>',
        '<div class="jp-Notebook"><pre><span>x</pre><div class="jp-OutputArea-output">after a code block</div></div>',
        '<div class="jp-Notebook"><pre>code <div class="jp-OutputArea-output">in a code block</div><img src=a.png></pre></div>',
        '<div class="jp-Notebook"><PRE>a<pre>b</pre>c</PRE><img src=x.png></div><pre class="x"><div class="jp-Cell-inputWrapper">out</div></pre>',
        '<section class="x jp-Notebook y"><span><div class="jp-Cell-inputWrapper">in</div></span></section><div class="jp-Cell-inputWrapper">out</div>',
        '<div class="jp-Notebook"><pre/><div class="jp-OutputArea-output">after an empty pre</div><pre>unclosed',
    ],
)
def test_odd_markup_gets_nbconvert_s_tree(markup, monkeypatch):
    assert tree(nbconvert(markup, TagEdits, monkeypatch)) == tree(nbconvert(markup, BeautifulSoup, monkeypatch))


def test_install_replaces_beautifulsoup_in_nbconvert_s_module_only(monkeypatch):
    from nbconvert.exporters import html

    monkeypatch.setattr(html, "BeautifulSoup", html.BeautifulSoup)  # put back after the test
    nbconvert_pass.install()
    assert html.BeautifulSoup is TagEdits
    assert bs4.BeautifulSoup is not TagEdits


def test_the_site_s_own_notebooks_get_nbconvert_s_trees(built_site, monkeypatch):
    """Four of the notebooks the build rendered as pages (each language, a figure among
    them): nbconvert's pass and this one, on the markup nbconvert's template wrote."""
    import os
    from pathlib import Path

    from nbconvert.exporters import html as nbconvert_html

    from tests.conftest import ROOT

    cache = Path(os.environ.get("SNIPPETS_CACHE", ROOT / ".cache" / "snippets"))
    cache = cache if cache.is_absolute() else ROOT / cache
    notebooks = sorted((cache.parent / "notebook-pages").rglob("*.ipynb"))
    chosen = [nb for nb in notebooks if nb.name.startswith(("simple-", "indexing-"))]
    assert len(chosen) >= 4, notebooks[:5]
    markups: list[str] = []

    class Recording(BeautifulSoup):  # nbconvert's own pass, keeping what the template wrote
        def __init__(self, markup, *args, **kwargs):
            markups.append(markup)
            super().__init__(markup, *args, **kwargs)

    monkeypatch.setattr(nbconvert_html, "BeautifulSoup", Recording)
    exporter = nbconvert_html.HTMLExporter(template_name="lab")
    theirs = [exporter.from_filename(str(nb))[0] for nb in chosen]
    for markup, page in zip(markups, theirs, strict=True):
        ours = nbconvert(markup, TagEdits, monkeypatch)
        assert tree(ours) == tree(page)
    assert any("<img" in page for page in theirs), "a figure among them"
