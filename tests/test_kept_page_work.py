"""Page work kept between builds is the work it stands for: the search entries
(doc_snippets.search_entries) are the ones Material's search plugin makes itself, the
highlighted code blocks (doc_snippets.highlight) the ones pymdownx.superfences makes, and
the pages they come from are left as they were: a site built with them is, file for file,
the site built without them."""

from __future__ import annotations

import filecmp
from types import SimpleNamespace
from pathlib import Path

import pytest

from doc_snippets import highlight, search_entries
from tests.conftest import ROOT
from tests.test_build import make_project


def _build(project: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _same_tree(a: Path, b: Path) -> None:
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert any(name.endswith("search_index.json") for name in names)
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert mismatch == [] and errors == [], (mismatch, errors)


def _nothing_kept(monkeypatch) -> None:
    """Material's search plugin parses every page itself; superfences highlights every block."""
    monkeypatch.setattr(search_entries.KeptSearchEntries, "on_page_context", lambda self, context, **kwargs: context)
    monkeypatch.setattr(highlight, "install", lambda config, memo: False)


BLOCKS = """
```python title="twice.py" hl_lines="2" linenums="1"
x = 1
print(x)
```

The same block again, a second code block on the page (its line anchors differ):

```python title="twice.py" hl_lines="2" linenums="1"
x = 1
print(x)
```

```text
plain text
```
"""


def test_kept_work_is_the_work_on_pages_with_search_metadata_and_code_block_options(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    for language, title in (("ko", "추가"), ("en", "More")):
        (project / "docs" / f"more.{language}.md").write_text(
            f"---\nsearch:\n  boost: 2\ntags: [{title}]\n---\n\n# {title}\n\n## A\n\ntext\n\n### B\n\nmore text\n{BLOCKS}",
            encoding="utf-8",
        )
    config = project / "mkdocs.yml"  # line numbers with anchors: ids made from each block's number on the page
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "markdown_extensions: [attr_list, md_in_html, pymdownx.superfences]",
            "markdown_extensions: [attr_list, md_in_html, pymdownx.superfences, {pymdownx.highlight: {anchor_linenums: true}}]",
        ),
        encoding="utf-8",
    )
    (project / "docs" / "hidden.ko.md").write_text("---\nsearch:\n  exclude: true\n---\n\n# 숨김\n", encoding="utf-8")
    (project / "docs" / "hidden.en.md").write_text("---\nsearch:\n  exclude: true\n---\n\n# Hidden\n", encoding="utf-8")
    monkeypatch.chdir(project)
    _build(project, tmp_path / "first")  # the snippets run; the entries are kept
    _build(project, tmp_path / "kept")  # every page's entries come from the memo
    memo = project / ".cache" / "memo" / "doc_snippets.search_entries"
    assert len(list(memo.glob("entries-*"))) == 4  # index and more, in each language (hidden is excluded)
    blocks = project / ".cache" / "memo" / "doc_snippets.highlight"
    assert len(list(blocks.glob("highlighted-*"))) >= 3 * 2  # the demo's two snippets' blocks too
    index = (tmp_path / "kept" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"boost":2' in index.replace(" ", "") and "숨김" not in index
    page = (tmp_path / "kept" / "en" / "more" / "index.html").read_text(encoding="utf-8")
    assert "__codelineno-0-2" in page and "__codelineno-1-2" in page and "hll" in page
    with monkeypatch.context() as m:
        _nothing_kept(m)
        _build(project, tmp_path / "made")
    _same_tree(tmp_path / "kept", tmp_path / "made")


@pytest.mark.usefixtures("built_site")  # the snippets' cache is warm
def test_kept_work_is_the_work_on_this_site(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    _build(ROOT, tmp_path / "kept")
    with monkeypatch.context() as m:
        _nothing_kept(m)
        _build(ROOT, tmp_path / "made")
    _same_tree(tmp_path / "kept", tmp_path / "made")


#: code blocks as Pygments and superfences write them: entities, whitespace-only spans,
#: a heading in a tab before a block outside it, a block with line-number anchors
CODE_PAGE = """<h1 id="title">Title</h1>
<p>Text <code>inline</code>.</p>
<div class="tabbed-set"><div class="tabbed-block"><h2 id="inner">Inner</h2>
<div class="highlight"><pre><span></span><code><span class="n">x</span> <span class="o">=</span> <span class="s2">&quot;a &lt; b&quot;</span>
<span class="k">if</span>  <span class="n">x</span><span class="p">:</span>
    <span class="nb">print</span><span class="p">(</span><span class="n">x</span><span class="p">)</span>
</code></pre></div>
</div></div>
<div class="highlight"><pre><span></span><code><span class="go">tensor([1., 2.])</span>

<span class="go">  indented  </span>
</code></pre></div>
<div class="highlight"><pre><span></span><code><a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a><span class="n">y</span> <span class="o">=</span> <span class="mi">2</span>
</code></pre></div>
<h2 id="after">After</h2><p>More &amp; more.</p>
"""


def test_code_blocks_without_their_highlighting_spans_give_the_same_entries():
    from material.plugins.search.plugin import SearchIndex

    plain = search_entries.plain_code(CODE_PAGE)
    assert plain.count("<span") == 4  # the anchored block keeps its four spans; the others lose theirs
    assert '<code>x = <span' not in plain and "<code>x = &quot;a &lt; b&quot;\nif  x:\n    print(x)\n</code>" in plain

    def made(content: str) -> list:
        index = SearchIndex()
        index.add_entry_from_context(SimpleNamespace(content=content, toc=[], url="page/", title="Title", meta={}))
        return index.entries

    assert made(plain) == made(CODE_PAGE)
    assert len(made(CODE_PAGE)) == 3
