"""The notebook pages stay light (issue 10): one shared stylesheet, figures served once,
out of search; no HTML page over 400 KB, the whole site under 10 MB."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from doc_snippets import notebook_pages, theme_assets

PAGE_LIMIT = 400 * 1000
#: issue 10's goal, for the files' bytes; they add up to 8.64 MB (34 snippets, 14 chapters,
#: every figure in two languages and again inside its .ipynb download): a page or download
#: that grows the site past the goal fails here
SITE_LIMIT = 10 * 1000 * 1000


def notebook_html(site: Path) -> list[Path]:
    pages = sorted(site.glob("snippet-output/*/*-notebook/index.html")) + sorted(
        site.glob("en/snippet-output/*/*-notebook/index.html")
    )
    assert pages, "no notebook pages were built"
    return pages


def test_notebook_pages_share_one_stylesheet(built_site):
    stylesheets = set()
    for page in notebook_html(built_site):
        html = page.read_text(encoding="utf-8")
        assert "<style" not in html, f"{page.relative_to(built_site)} still inlines CSS"
        links = re.findall(r'<link rel="stylesheet" href="([^"]*notebook-[0-9a-f]+\.css)">', html)
        assert len(links) == 1, (page, links)
        stylesheets.add((page.parent / links[0]).resolve())
    assert len(stylesheets) == 1, stylesheets
    (css,) = stylesheets
    text = css.read_text(encoding="utf-8")
    assert css.parent == (built_site / notebook_pages.STYLESHEET_DIR).resolve()
    assert ".jupyter-wrapper" in text and ".jp-RenderedSVG" in text  # nbconvert's JupyterLab styles


def test_notebook_pages_share_one_script(built_site):
    """nbconvert's copy-button scripts are one file; its MathJax 2 configuration is gone."""
    scripts = set()
    for page in notebook_html(built_site):
        html = page.read_text(encoding="utf-8")
        assert "ClipboardCopyElement" not in html and "text/x-mathjax-config" not in html, page
        srcs = re.findall(r'<script src="([^"]*notebook-[0-9a-f]{12}\.js)"></script>', html)
        assert len(srcs) == 1, (page, srcs)
        assert html.index(srcs[0]) < html.index('<div class="jupyter-wrapper">')  # before the cells, as it was
        scripts.add((page.parent / srcs[0]).resolve())
    assert len(scripts) == 1, scripts
    (script,) = scripts
    assert script.parent == (built_site / notebook_pages.SCRIPT_DIR).resolve()
    code = script.read_text(encoding="utf-8")
    assert code.index("customElements.define('clipboard-copy'") < code.index("addEventListener('clipboard-copy'")


def test_share_scripts_moves_nbconvert_s_scripts_in_order(tmp_path):
    site = tmp_path / "site"
    dest = site / "snippet-output" / "k" / "x-notebook" / "index.html"
    html = (
        '\n<script>\na();\n</script>\n<script>b()</script><script type="text/x-other">x</script>'
        '<link rel="stylesheet" href="s.css"><div class="jupyter-wrapper"><script>c()</script></div>'
    )
    out = notebook_pages.share_scripts(html, site, dest)
    (name,) = re.findall(r'<script src="\.\./\.\./\.\./assets/javascripts/(notebook-[0-9a-f]{12}\.js)"></script>', out)
    assert out.index(name) < out.index('<script type="text/x-other">x</script>')  # where the first one was
    assert "<script>c()</script>" in out  # a script inside the notebook stays
    assert "a();" not in out and "b()" not in out
    assert (site / "assets" / "javascripts" / name).read_text(encoding="utf-8") == "a();\nb()\n"
    assert notebook_pages.share_scripts("<p>no notebook</p>", site, dest) == "<p>no notebook</p>"


def test_notebook_figures_are_the_site_s_svg_files(built_site):
    for page in notebook_html(built_site):
        html = page.read_text(encoding="utf-8")
        assert "data:image/svg" not in html, page
        for src in re.findall(r'<img alt="[^"]*" src="([^"]+\.svg)"', html):
            assert (page.parent / src).resolve().is_file(), (page, src)


def test_notebook_pages_are_not_in_search(built_site):
    """Excluded before Material's search plugin parses them: no index ever holds one."""
    for index in (built_site / "search" / "search_index.json", built_site / "en" / "search" / "search_index.json"):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        assert docs and not [d["location"] for d in docs if "snippet-output/" in d["location"]]


def test_share_styles_moves_every_block_in_order(tmp_path):
    site = tmp_path / "site"
    dest = site / "en" / "snippet-output" / "k" / "x-notebook" / "index.html"
    html = "<head></head><body><style>a{b:c}</style>\n<p>x</p><style type=\"text/css\">d{e:f}</style><style>['a{b:c}']</style></body>"
    out = notebook_pages.share_styles(html, site, dest)
    (name,) = re.findall(r'href="\.\./\.\./\.\./\.\./assets/stylesheets/(notebook-[0-9a-f]{12}\.css)"', out)
    assert "<style" not in out and out.index("<link") < out.index("<p>x</p>")
    assert (site / "assets" / "stylesheets" / name).read_text(encoding="utf-8") == "a{b:c}\nd{e:f}\n"


def test_notebook_downloads_are_valid_and_compact(built_site):
    """Each output's text is one JSON string, not a list holding a line of every figure."""
    downloads = sorted(built_site.rglob("*.ipynb"))
    assert downloads
    for path in downloads:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        raw = json.loads(path.read_text(encoding="utf-8"))
        for cell in raw["cells"]:
            assert isinstance(cell["source"], str), path
            for output in cell.get("outputs", []):
                for value in [output.get("text", "")] + list(output.get("data", {}).values()):
                    assert isinstance(value, str), (path, output["output_type"])


def test_no_html_page_over_400_kb(built_site):
    heavy = {str(p.relative_to(built_site)): p.stat().st_size for p in built_site.rglob("*.html") if p.stat().st_size > PAGE_LIMIT}
    assert not heavy, heavy


def _site_size(site: Path) -> tuple[int, str]:
    sizes = {p: p.stat().st_size for p in site.rglob("*") if p.is_file()}
    total = sum(sizes.values())
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    return total, f"{total / 1e6:.2f} MB; largest: {[(str(p.relative_to(site)), s) for p, s in largest]}"


def test_site_under_10_mb(built_site):
    total, detail = _site_size(built_site)
    assert total < SITE_LIMIT, detail


def test_unused_theme_files_are_left_out(built_site):
    assert not list(built_site.rglob("*.map"))
    lunr = {p.name for p in (built_site / "assets" / "javascripts" / "lunr").rglob("*.js")}
    assert lunr == {"lunr.stemmer.support.min.js", "lunr.multi.min.js", "lunr.ko.min.js"}, lunr
    assert theme_assets.unused("assets/javascripts/lunr/wordcut.js", ["ko", "en"])
    assert not theme_assets.unused("assets/javascripts/lunr/min/lunr.ko.min.js", ["ko", "en"])
    assert not theme_assets.unused("assets/javascripts/bundle.a5f9d56c.min.js", ["ko", "en"])


def test_purge_keeps_the_rules_the_pages_can_use(tmp_path):
    site = tmp_path / "site"
    css = site / notebook_pages.STYLESHEET_DIR / "notebook-0123456789ab.css"
    css.parent.mkdir(parents=True)
    css.write_text(
        ".jupyter-wrapper{--x:1}.jp-Cell{a:b}.jp-Menu{c:d}.jp-Cell:not(.jp-mod-active){e:f}"
        "pre{g:h}@media print{.jp-Cell{i:j}.jp-Dialog{k:l}}.jp-Dialog,.jp-Cell .x{m:n}",
        encoding="utf-8",
    )
    page = site / "snippet-output" / "k" / "x-notebook" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<div class="jupyter-wrapper"><div class="jp-Cell x">', encoding="utf-8")
    before, after = notebook_pages.purge_stylesheets(site, [page])
    text = css.read_text(encoding="utf-8")
    assert after < before
    for kept in (".jupyter-wrapper{--x:1}", ".jp-Cell{a:b}", ".jp-Cell:not(.jp-mod-active){e:f}", "pre{g:h}", "@media print{.jp-Cell{i:j}}", ".jp-Dialog,.jp-Cell .x{m:n}"):
        assert kept in text, (kept, text)
    assert ".jp-Menu" not in text and "k:l" not in text


def _notebook(path: Path, text: str = "안녕") -> Path:
    import nbformat
    from nbformat import v4

    cell = v4.new_code_cell(f"print('{text}', 6 * 7)", execution_count=1, outputs=[v4.new_output("stream", name="stdout", text=f"{text} 42\n")])
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("# snippets/demo/x.py"), cell])
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_a_page_rendered_by_a_worker_is_the_page_mkdocs_jupyter_renders(tmp_path, monkeypatch):
    """A cold build renders the notebook pages in worker processes (render_missing),
    where nbconvert's templates are compiled once per worker; each cache entry is what
    mkdocs-jupyter, rendering the page in the build with the site's settings, makes:
    same content, same table of contents, same title."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page
    from nbconvert.exporters.templateexporter import TemplateExporter

    monkeypatch.chdir(tmp_path)  # mkdocs-jupyter's cache_dir is relative to where the build runs
    config = load_config(str(Path(__file__).resolve().parents[1] / "mkdocs.yml"))
    jupyter = config.plugins["mkdocs-jupyter"]
    sources = [_notebook(tmp_path / "nb" / "snippet-output" / f"k{i}" / "x-notebook.ipynb", text) for i, text in enumerate(["안녕", "hello"])]

    # in one worker, as the build does: the second page uses the templates the first compiled
    settings = dict(jupyter.config.items())
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert list(pool.map(notebook_pages._render_page, [settings] * 2, [str(s) for s in sources])) == [1, 1]
    assert not getattr(TemplateExporter._create_environment, "_doc_snippets", False), "the test process must stay unpatched"
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    jupyter.config["cache"] = False  # the build's own way: its on_pre_page and render, no cache
    jupyter.on_pre_build(config)
    for i, source in enumerate(sources):
        entry = _get_cache_path(settings["cache_dir"], _compute_cache_key(str(source), settings, False))
        from_worker = json.loads(entry.read_text(encoding="utf-8"))
        file = File(f"snippet-output/k{i}/x-notebook.ipynb", str(tmp_path / "nb"), str(tmp_path / "site"), True)
        page = Page(None, file, config)
        jupyter.on_pre_page(page, config, Files([file]))
        page.render(config, Files([file]))

        assert from_worker["content"] == page.content
        assert ("안녕 42" if i == 0 else "hello 42") in page.content
        assert from_worker["title"] == page.title == "snippets/demo/x.py"
        assert [t["name"] for t in from_worker["toc_tokens"]] == [item.title for item in page.toc.items]


def test_render_missing_renders_only_what_mkdocs_jupyter_lacks(tmp_path, monkeypatch):
    """Workers start only when there is enough to share (a start costs about a second)."""

    class Jupyter:
        config = {"cache": True, "cache_dir": str(tmp_path / "cache"), "execute": False}

    class Plugins(dict):
        pass

    class Config:
        plugins = Plugins({"mkdocs-jupyter": Jupyter()})

    pages = notebook_pages.NotebookPages(tmp_path / "pages", ["ko", "en"])
    sources = [_notebook(tmp_path / "pages" / f"snippet-output/k{i}/x-notebook.ipynb") for i in range(3)]
    monkeypatch.setattr(pages, "_cache_entries", lambda results, config: [(str(s), tmp_path / "cache" / f"{i}.json") for i, s in enumerate(sources)])
    assert pages.render_missing([], Config(), jobs=1) == 0  # one job: the build renders them itself
    assert pages.render_missing([], Config(), jobs=2) == 0  # 3 pages < 2 per worker: not worth it


def test_mkdocs_jupyter_opens_no_markdown_page(tmp_path, monkeypatch):
    """mkdocs-jupyter reads a Markdown page with jupytext, looking for a notebook's front matter,
    each time it asks whether the page is a notebook (twice a page and build) unless its
    ``ignore`` matches the page first: the site's pages are Markdown, never notebooks."""
    import jupytext
    from mkdocs.config import load_config
    from mkdocs.structure.files import File

    config = load_config(str(Path(__file__).resolve().parents[1] / "mkdocs.yml"))
    jupyter = config.plugins["mkdocs-jupyter"]
    docs = Path(config.docs_dir)
    read = []
    monkeypatch.setattr(jupytext, "read", lambda *args, **kwargs: read.append(args) or {})
    pages = sorted(docs.glob("*.md"))
    assert len(pages) >= 20
    for page in pages:
        assert not jupyter.should_include(File(page.name, str(docs), str(tmp_path), True))
    notebook = _notebook(tmp_path / "nb" / "snippet-output" / "k" / "x-notebook.ipynb")
    assert jupyter.should_include(File("snippet-output/k/x-notebook.ipynb", str(notebook.parents[2]), str(tmp_path), True))
    assert read == [], f"jupytext opened {len(read)} Markdown pages"


def test_notebook_pages_render_in_workers_while_the_build_goes_on(tmp_path, monkeypatch):
    """render_missing starts the workers and returns; wait() holds a page until its entry is
    written. A page a worker failed on is left to mkdocs-jupyter in the build (no entry)."""
    from mkdocs.config import load_config
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    monkeypatch.chdir(tmp_path)
    config = load_config(str(Path(__file__).resolve().parents[1] / "mkdocs.yml"))
    jupyter = config.plugins["mkdocs-jupyter"]
    jupyter.config["cache_dir"] = str(tmp_path / "cache")
    pages = notebook_pages.NotebookPages(tmp_path / "pages", ["ko", "en"])
    uris = [f"snippet-output/k{i}/x-notebook.ipynb" for i in range(5)]
    sources = [_notebook(tmp_path / "pages" / uri, f"page {i}") for i, uri in enumerate(uris)]
    sources[3].write_text("{not a notebook", encoding="utf-8")
    entries = [(str(s), _get_cache_path(jupyter.config["cache_dir"], _compute_cache_key(str(s), jupyter.config, False))) for s in sources]
    monkeypatch.setattr(pages, "_cache_entries", lambda results, config: entries)

    assert pages.render_missing([], config, jobs=2) == 5
    assert not all(path.exists() for _, path in entries), "render_missing waited for the workers"
    assert pages.render_missing([], config, jobs=2) == 0, "a page being rendered is not rendered twice"
    for i, (uri, (_, path)) in enumerate(zip(uris, entries)):
        pages.wait(uri)
        if i == 3:
            assert not path.exists()
        else:
            assert f"page {i} 42" in json.loads(path.read_text(encoding="utf-8"))["content"]
    assert pages._pool is None, "the workers stop once every page is rendered"
    pages.wait("snippet-output/other/y-notebook.ipynb")  # a page no worker renders: nothing to wait for
