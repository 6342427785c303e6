"""The build machinery's promises, on a small throwaway project built with the real plugin."""

from __future__ import annotations

import json
import re
import textwrap
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build

MKDOCS_YML = """\
site_name: Demo
theme:
  name: material
  language: ko
  font: false
markdown_extensions: [attr_list, md_in_html, pymdownx.superfences]
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      languages:
        - {locale: ko, name: 한국어, default: true, build: true}
        - {locale: en, name: English, build: true}
  - snippets:
      timeout: %(timeout)s
      mathjax: ""
"""

COUNT = """\
import matplotlib.pyplot as plt

epochs = 3
for epoch in range(epochs):
    print(f"epoch {epoch}")  # one line per epoch

plt.plot([0, 1], [1, 0])
plt.xlabel("Epoch")
plt.title("A falling line")
"""

OTHER = 'print("other", 6 * 7)\n'


def make_project(root: Path, timeout: float = 120) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "snippets" / "demo").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML % {"timeout": timeout}, encoding="utf-8")
    (root / "docs" / "index.ko.md").write_text("# 데모\n\n[[ snippet: demo/count.py ]]\n\n[[ snippet: demo/other.py ]]\n", encoding="utf-8")
    (root / "docs" / "index.en.md").write_text("# Demo\n\n[[ snippet: demo/count.py ]]\n\n[[ snippet: demo/other.py ]]\n", encoding="utf-8")
    (root / "snippets" / "demo" / "count.py").write_text(COUNT, encoding="utf-8")
    (root / "snippets" / "demo" / "other.py").write_text(OTHER, encoding="utf-8")
    write_catalog(root, KO_ENTRIES)
    add_descriptions(root, {"en": DESCRIPTIONS["en"]})
    return root


#: the demo's Korean catalog: (msgctxt, msgid, msgstr)
KO_ENTRIES = [
    ("comment", "one line per epoch", "에포크마다 한 줄"),
    ("figure text", "Epoch", "에포크"),
    ("figure text", "A falling line", "내려가는 직선"),
]


def write_catalog(root: Path, entries: list[tuple[str, str, str]], describe: bool = True) -> None:
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    for context, msgid, msgstr in entries:
        text += f'\nmsgctxt "{context}"\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    (root / "snippets" / "demo" / "ko.po").write_text(text, encoding="utf-8")
    if describe and not any(context == "figure description" for context, _, _ in entries):
        add_descriptions(root, {"ko": DESCRIPTIONS["ko"]})  # the figure's Korean description stays


DESCRIPTIONS = {
    "en": "A straight line falling from the top left to the bottom right: the value only goes down.",
    "ko": "왼쪽 위에서 오른쪽 아래로 내려가는 직선: 값이 줄어들기만 합니다.",
}


def add_descriptions(root: Path, descriptions: dict[str, str] = DESCRIPTIONS, title: str = "A falling line") -> None:
    """The figure's description (alt text) in each language's catalog, appended to it."""
    for language, text in descriptions.items():
        catalog = root / "snippets" / "demo" / f"{language}.po"
        entry = f'\nmsgctxt "figure description"\nmsgid "{title}"\nmsgstr "{text}"\n'
        with catalog.open("a", encoding="utf-8") as handle:
            handle.write(entry)


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


def log_of(proc) -> str:
    return proc.stdout + proc.stderr


def test_outputs_and_figures_reach_both_languages(project, tmp_path):
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    ko = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    en = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    for html in (ko, en):
        assert "epoch 2" in html and "other 42" in html
    assert '<html lang="ko"' in ko and '<html lang="en"' in en
    # figure labels in the page's language, the same run's figure
    ko_svg = re.search(r'src="([^"]*figure1-ko\.svg)"', ko).group(1)
    en_svg = re.search(r'src="([^"]*figure1-en\.svg)"', en).group(1)
    assert f'alt="{DESCRIPTIONS["ko"]}"' in ko and f'alt="{DESCRIPTIONS["en"]}"' in en  # the descriptions
    assert (tmp_path / "site" / ko_svg).is_file()
    assert (tmp_path / "site" / "en" / en_svg).resolve().is_file()


def test_second_build_runs_nothing_and_says_so(project, tmp_path):
    first = mkdocs_build(project, tmp_path / "site")
    assert first.returncode == 0, log_of(first)
    assert "ran 2 of 2 snippets" in log_of(first)
    second = mkdocs_build(project, tmp_path / "site")
    assert second.returncode == 0, log_of(second)
    assert "no snippet ran: all 2 snippets unchanged" in log_of(second)
    assert "ran " not in log_of(second).replace("no snippet ran", "")


def test_changing_a_number_changes_the_page_and_reruns_only_that_snippet(project, tmp_path):
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    snippet = project / "snippets" / "demo" / "count.py"
    snippet.write_text(snippet.read_text(encoding="utf-8").replace("epochs = 3", "epochs = 5"), encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    assert "ran 1 of 2 snippets: demo/count.py" in log_of(proc)
    for page in ("index.html", "en/index.html"):
        text = re.sub(r"<[^>]+>", "", (tmp_path / "site" / page).read_text(encoding="utf-8"))
        assert "epoch 4" in text and "epochs = 5" in text


def test_editing_an_imported_project_module_reruns_the_snippet(project, tmp_path):
    demo = project / "snippets" / "demo"
    (demo / "_data.py").write_text("VALUES = [1, 2, 3]\n", encoding="utf-8")
    (demo / "other.py").write_text("from _data import VALUES\nprint('sum', sum(VALUES))\n", encoding="utf-8")
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    (demo / "_data.py").write_text("VALUES = [1, 2, 3, 4]\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert "ran 1 of 2 snippets: demo/other.py" in log_of(proc)
    assert "sum 10" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


# A snippet that raises, hangs or draws an untranslated text: tests/test_faults.py.


def test_comments_are_in_the_page_language_on_the_page_and_in_the_downloads(project, tmp_path):
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    for prefix, comment in (("", "# 에포크마다 한 줄"), ("en/", "# one line per epoch")):
        html = (tmp_path / "site" / prefix / "index.html").read_text(encoding="utf-8")
        assert comment in unescape(re.sub(r"<[^>]+>", "", html))
        script = re.search(r'href="([^"]*/count\.py)"', html).group(1)
        assert comment in (tmp_path / "site" / prefix / script).resolve().read_text(encoding="utf-8")
        notebook = re.search(r'href="([^"]*/count\.ipynb)"', html).group(1)
        cells = json.loads((tmp_path / "site" / prefix / notebook).resolve().read_text("utf-8"))["cells"]
        assert comment in "".join(cells[0]["source"])


def test_a_comment_without_translation_fails_the_build_naming_file_line_and_text(project, tmp_path):
    snippet = project / "snippets" / "demo" / "count.py"
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\n# Show the figure\nplt.show()\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "snippets/demo/count.py:11: comment 'Show the figure' has no translation in snippets/demo/ko.po" in log_of(proc)
    assert "Traceback" not in log_of(proc)


def test_a_translation_no_snippet_uses_fails_the_strict_build(project, tmp_path):
    write_catalog(project, KO_ENTRIES + [("comment", "a comment nobody wrote", "아무도 안 쓴 주석"),
                                         ("figure text", "An old title", "옛 제목"),
                                         ("figure description", "A falling line", "1에서 0으로 내려가는 직선")])
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0  # --strict
    log = log_of(proc)
    assert re.search(r"snippets/demo/ko\.po:\d+: comment 'a comment nobody wrote' is in no snippet", log), log
    assert re.search(r"snippets/demo/ko\.po:\d+: figure text 'An old title' is drawn by no snippet", log), log
    assert "falling" not in log.split("figure text 'An old title'")[1]  # another feature's entry: not judged here


def test_a_changed_comment_translation_rerenders_without_running_the_snippet(project, tmp_path):
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    write_catalog(project, [("comment", "one line per epoch", "에포크 하나에 한 줄")] + KO_ENTRIES[1:])
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    assert "no snippet ran: all 2 snippets unchanged" in log_of(proc)
    assert "translated comments changed, pages re-rendered without running the snippet: demo/count.py (ko)" in log_of(proc)
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "# 에포크 하나에 한 줄" in unescape(re.sub(r"<[^>]+>", "", html))
    # a figure text's translation changes figures: the topic's snippets run again
    write_catalog(project, [("comment", "one line per epoch", "에포크 하나에 한 줄"), ("figure text", "Epoch", "에폭")]
                  + KO_ENTRIES[2:])
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    assert "ran 2 of 2 snippets: demo/count.py" in log_of(proc)
    svg = re.search(r'src="([^"]*figure1-ko\.svg)"', (tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    assert svg is not None


def test_a_missing_snippet_is_reported_with_page_and_line(project, tmp_path):
    page = project / "docs" / "index.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[[ snippet: demo/nope.py ]]\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "index.en.md:7: no snippet 'demo/nope.py'" in log_of(proc)


def test_a_missing_translation_of_a_page_is_reported(project, tmp_path):
    (project / "docs" / "extra.ko.md").write_text("# 추가\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0  # --strict turns the warning into a failure
    assert "extra.en.md is missing" in log_of(proc)


def test_a_snippet_shown_on_no_page_is_reported(project, tmp_path):
    (project / "snippets" / "demo" / "lonely.py").write_text("print('nobody shows me')\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "snippets/demo/lonely.py is shown on no page" in log_of(proc)


def test_snippets_are_isolated_from_each_other(tmp_path):
    from doc_snippets.runner import SnippetRunner

    project = make_project(tmp_path / "project")
    demo = project / "snippets" / "demo"
    (demo / "first.py").write_text(
        textwrap.dedent(
            """\
            import random, torch
            import matplotlib.pyplot as plt
            plt.rcParams["lines.linewidth"] = 9
            LEAK = "from first"
            torch.manual_seed(123)
            print(random.random(), torch.rand(1).item(), plt.rcParams["lines.linewidth"])
            """
        ),
        encoding="utf-8",
    )
    (demo / "second.py").write_text(
        textwrap.dedent(
            """\
            import random, torch
            import matplotlib.pyplot as plt
            print(random.random(), torch.rand(1).item(), plt.rcParams["lines.linewidth"], "LEAK" in globals())
            """
        ),
        encoding="utf-8",
    )
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"))
    first = runner.get("demo/first.py").stdout.split()
    second = runner.get("demo/second.py").stdout.split()
    assert first[0] == second[0]  # both start from the same seeded random state
    assert first[1] != second[1]  # torch.manual_seed(123) in the first did not carry over
    assert second[2] != "9" and second[3] == "False"


def test_mkdocs_serve_reruns_an_edited_snippet_and_serves_the_new_output(project, tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )

    def page_text(deadline: float, wanted: str) -> str:
        text = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    text = re.sub(r"<[^>]+>", "", response.read().decode("utf-8"))
                if wanted in text:
                    return text
            except OSError:
                pass
            time.sleep(0.5)
        return text

    try:
        assert "epoch 2" in page_text(time.monotonic() + 120, "epoch 2")
        snippet = project / "snippets" / "demo" / "count.py"
        snippet.write_text(snippet.read_text(encoding="utf-8").replace("epochs = 3", "epochs = 5"), encoding="utf-8")
        text = page_text(time.monotonic() + 120, "epoch 4")
        assert "epoch 4" in text and "epochs = 5" in text
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    assert "ran 1 of 2 snippets: demo/count.py" in log, log


def test_a_figure_gets_its_description_as_alt_text_in_each_language(project, tmp_path):
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    for page, language in (("index.html", "ko"), ("en/index.html", "en")):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        (alt,) = re.findall(r'<img alt="([^"]*)"', html)
        assert alt == DESCRIPTIONS[language]
        caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S).group(1)
        assert caption.strip() == DESCRIPTIONS[language]  # the description, not the drawn title again


def test_a_figure_without_a_description_fails_the_build_naming_the_catalog(project, tmp_path):
    write_catalog(project, KO_ENTRIES, describe=False)
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    log = log_of(proc)
    assert "snippets/demo/count.py, figure 1 (title 'A falling line') has no 'ko' description" in log, log
    assert "snippets/demo/ko.po" in log and 'msgctxt "figure description"' in log
    assert "Traceback" not in log


def test_a_description_typing_a_number_from_the_run_fails_the_build(project, tmp_path):
    (project / "snippets" / "demo" / "en.po").unlink()
    add_descriptions(project, {"en": "A line falling to 0.25 after 3 epochs."})
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "snippets/demo/en.po:3" in log_of(proc) and "types the number(s) 0.25" in log_of(proc), log_of(proc)


def test_editing_a_description_changes_the_page_and_runs_nothing(project, tmp_path):
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    (project / "snippets" / "demo" / "en.po").unlink()
    add_descriptions(project, {"en": "A line that only goes down."})
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    assert "no snippet ran" in log_of(proc)
    assert 'alt="A line that only goes down."' in (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")


def test_a_description_of_no_figure_is_reported(project, tmp_path):
    add_descriptions(project, {"en": "Nothing draws this."}, title="A figure that is gone")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0  # --strict: the warning fails the build
    assert "figure description 'A figure that is gone' describes no figure" in log_of(proc)


def test_a_changed_configuration_reaches_the_plugin_mkdocs_keeps(tmp_path):
    """MkDocs keeps a plugin with on_startup/on_shutdown between the builds of one process
    (``mkdocs serve`` reloading an edited mkdocs.yml): the runner follows the new options,
    and is kept, its fork server warm, while they stay the same."""
    from mkdocs.config import load_config

    project = make_project(tmp_path / "project", timeout=120)
    first = load_config(str(project / "mkdocs.yml"))
    plugin = first.plugins["snippets"]
    plugin.on_config(first)
    runner = plugin.runner
    assert runner.timeout == 120

    again = load_config(str(project / "mkdocs.yml"))
    assert again.plugins["snippets"] is plugin  # MkDocs' reuse, which this test is about
    plugin.on_config(again)
    assert plugin.runner is runner

    (project / "mkdocs.yml").write_text(MKDOCS_YML % {"timeout": 5}, encoding="utf-8")
    edited = load_config(str(project / "mkdocs.yml"))
    assert edited.plugins["snippets"] is plugin
    plugin.on_config(edited)
    assert plugin.runner is not runner and plugin.runner.timeout == 5

    other = make_project(tmp_path / "other")
    elsewhere = load_config(str(other / "mkdocs.yml"))
    plugin.on_config(elsewhere)
    assert plugin.runner.root == other.resolve()
    plugin.on_shutdown()


def test_a_cold_build_starts_torch_s_import_before_the_pages_are_read(tmp_path, monkeypatch):
    """The fork server starts as the configuration is read (on_config), while MkDocs
    reads the pages; the theme's templates are compiled while the snippets run
    (doc_snippets.theme_templates), before any page is rendered. A build with nothing
    to run starts neither."""
    from doc_snippets.plugin import SnippetsPlugin
    from tests.test_kept_page_work import _build

    project = make_project(tmp_path / "project")
    servers: list[bool] = []  # whether the fork server runs as on_files starts
    compiled: list[int] = []  # templates in Jinja's cache as the pages are about to render
    on_files, on_env = SnippetsPlugin.on_files, SnippetsPlugin.on_env

    def watched_files(self, files, config):
        servers.append(self.runner is not None and self.runner._server is not None)
        return on_files(self, files, config)

    def watched_env(self, env, config, files):
        folder = project / ".cache" / "jinja"
        compiled.append(len(list(folder.iterdir())) if folder.is_dir() else 0)
        return on_env(self, env, config, files)

    watched_files.mkdocs_priority = on_files.mkdocs_priority  # type: ignore[attr-defined]
    monkeypatch.setattr(SnippetsPlugin, "on_files", watched_files)
    monkeypatch.setattr(SnippetsPlugin, "on_env", watched_env)
    _build(project, tmp_path / "site")
    assert servers[0], "the fork server was not started before on_files"
    assert compiled[0] >= 20, f"{compiled[0]} templates compiled ahead"

    servers.clear()
    _build(project, tmp_path / "site")
    assert servers and not any(servers), "nothing to run: no fork server"
