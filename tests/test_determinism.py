"""Two clean runs give the same outputs and figures, byte for byte."""

from __future__ import annotations

import re

from doc_snippets.runner import SnippetRunner
from tests.conftest import ROOT


def test_a_clean_run_reproduces_every_output_and_figure(runner, tmp_path):
    clean = SnippetRunner(ROOT, cache_dir=str(tmp_path / "clean-cache"))
    first = runner.run_all()
    second = clean.run_all()
    assert sorted(clean.last_ran) == sorted(first)  # really ran everything again
    for name, a in first.items():
        b = second[name]
        assert a.stdout == b.stdout, f"{name}: output differs between two runs"
        assert len(a.figures) == len(b.figures), name
        for fa, fb in zip(a.figures, b.figures):
            for lang in fa.files:
                assert fa.files[lang].read_bytes() == fb.files[lang].read_bytes(), f"{name}: figure differs ({lang})"


def test_figures_carry_no_date_or_random_ids(snippet, runner):
    for name in runner.discover():
        for figure in snippet(name).figures:
            for path in figure.files.values():
                svg = path.read_text(encoding="utf-8")
                assert "<dc:date>" not in svg, f"{name}: a date in {path.name}"
                assert not re.search(r"\b20\d\d-\d\d-\d\d", svg), f"{name}: a date in {path.name}"


def _files(site):
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


REPORT_PAGES = {"build-report/index.html", "en/build-report/index.html"}


def test_two_clean_builds_differ_only_in_the_build_report(built_site, site_url, tmp_path, monkeypatch):
    """README: "two clean builds give byte-identical files except the build report"
    (the run info under a snippet links to the report instead of printing a time)."""
    from tests.conftest import mkdocs_build

    monkeypatch.setenv("SNIPPETS_CACHE", str(tmp_path / "cache" / "snippets"))  # nothing cached: every snippet runs
    proc = mkdocs_build(ROOT, tmp_path / "site", site_url=f"{site_url}/")  # the address built_site was built for
    assert proc.returncode == 0, proc.stderr
    assert "no snippet ran" not in proc.stderr
    clean, built = _files(tmp_path / "site"), _files(built_site)
    assert set(clean) == set(built)
    differing = sorted(name for name in clean if clean[name].read_bytes() != built[name].read_bytes())
    assert set(differing) <= REPORT_PAGES, differing
    # The report of the clean build says every snippet ran, with its time.
    runner = SnippetRunner(ROOT)
    report = (tmp_path / "site" / "en" / "build-report" / "index.html").read_text(encoding="utf-8")
    names = runner.discover()
    assert f"{len(names)} snippets: this build ran {len(names)} of them" in report
    for name in names:
        row = re.search(rf'<tr>\s*<td><code id="snippet-[^"]*">snippets/{re.escape(name)}</code></td>(.*?)</tr>', report, re.S)
        assert row, f"{name} has no row in the build report"
        assert re.search(r"<td[^>]*>\d+\.\d\d</td>\s*<td>ran</td>", row.group(1)), row.group(1)


def test_pages_link_each_snippet_to_its_report_row_and_print_no_time(built_site):
    for lang, prefix in (("ko", ""), ("en", "en/")):
        page = (built_site / prefix / "linear-regression" / "index.html").read_text(encoding="utf-8")
        report = (built_site / prefix / "build-report" / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'href="\.\./build-report/#(snippet-[^"]+)"', page)
        assert len(links) == 3, (lang, links)
        for anchor in links:
            assert f'id="{anchor}"' in report
        info = re.findall(r'<p class="snippet-info">(.*?)</p>', page, re.S)
        assert info and not any(re.search(r"\d+\.\d+ (s|초)", line) for line in info), info


def test_no_snippet_solves_least_squares_with_torchs_default_driver(runner):
    """``torch.linalg.lstsq``'s default CPU driver, gelsy, reads a pivot array it never
    clears (pytorch/pytorch#187411), so its answer can change in the last digits from one
    run to the next, and with it a figure (dataloader/minibatch.py's: its solution changed
    in 6 of 54 runs on the 2-core machine). The snippets name a driver that does not:
    gelsd, gelss or gels (gelsd and gels each gave one answer in 30 of 30 runs; gelss
    solves by SVD as gelsd does, with no pivot array)."""
    import ast

    for name in runner.discover():
        path = runner.path(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "lstsq":
                driver = next((k.value for k in node.keywords if k.arg == "driver"), None)
                where = f"snippets/{name}:{node.lineno}"
                assert isinstance(driver, ast.Constant), f"{where}: lstsq without driver= (its default, gelsy, varies between runs)"
                assert driver.value in ("gelsd", "gelss", "gels"), f"{where}: lstsq driver {driver.value!r}"
