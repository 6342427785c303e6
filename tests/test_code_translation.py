"""Code in the reader's language: comments and docstrings from the catalogs, the program unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from doc_snippets import code_text
from doc_snippets.catalog import CatalogError, Catalogs
from doc_snippets.runner import SnippetRunner

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[\u3130-\u318f\uac00-\ud7a3]")
RUNNER = SnippetRunner(ROOT)
CATALOGS = Catalogs(ROOT)
NAMES = RUNNER.discover()
#: what the code column shows at a 1280-px window, in Latin characters of its monospace
#: font (656 px / 8.18 px; tests/test_browser.py measures the real pages); a Hangul
#: syllable is 12.78 px wide there, 1.56 Latin characters.
COLUMNS = 80
HANGUL_WIDTH = 12.78 / 8.18


def shown_source(name: str, language: str) -> str:
    return CATALOGS.translate_source(name, RUNNER.path(name).read_text(encoding="utf-8"), language)


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_the_shown_program_is_the_executed_program(name, language):
    executed = RUNNER.path(name).read_text(encoding="utf-8")
    shown = shown_source(name, language)
    assert code_text.code_tokens(shown) == code_text.code_tokens(executed)
    assert len(code_text.texts(shown)) == len(code_text.texts(executed))


def korean_or_neutral(text: str) -> bool:
    """Korean, or a formula every reader reads alike (``Wx + b``: no English word of 3 letters)."""
    return bool(HANGUL.search(text)) or not re.search(r"[A-Za-z]{3,}", text)


@pytest.mark.parametrize("name", NAMES)
def test_english_comments_are_english_and_korean_comments_korean(name):
    english = code_text.texts(shown_source(name, "en"))
    korean = code_text.texts(shown_source(name, "ko"))
    assert not [t for t in english if HANGUL.search(t.text)], f"{name}: Hangul in the English source"
    untranslated = [f"{name}:{t.line}: {t.text!r}" for t in korean if not korean_or_neutral(t.text)]
    assert not untranslated, "comments without Korean on the Korean page:\n" + "\n".join(untranslated)


def display_width(line: str) -> float:
    return sum(HANGUL_WIDTH if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_line_fits_the_code_column(language):
    wide = [
        f"{name}:{number} ({display_width(line):.0f} columns): {line.strip()}"
        for name in NAMES
        for number, line in enumerate(shown_source(name, language).splitlines(), start=1)
        if display_width(line) > COLUMNS
    ]
    assert not wide, f"lines wider than the code column ({language}):\n" + "\n".join(wide)


# -- the rewriting itself, on made-up programs ------------------------------------------
PROGRAM = textwrap.dedent(
    '''\
    #!/usr/bin/env python
    """Module docstring."""
    import torch  # noqa: F401

    # First line of a block
    # second line of it
    x = "# not a comment"  # a trailing comment
    y = 1  # 0.5, 1


    def f(a):
        """Add one.

        Longer text.
        """
        # inside f
        return a + 1
    '''
)

KOREAN = {
    "Module docstring.": "모듈 설명.",
    "First line of a block\nsecond line of it": "블록 하나가\n이제는\n세 줄",
    "a trailing comment": "줄 끝 주석",
    "Add one.\n\nLonger text.": "1을 더한다.\n\n긴 설명.",
    "inside f": "f 안에서",
}


def test_texts_finds_comment_blocks_trailing_comments_and_docstrings():
    found = [(t.kind, t.text, t.line, t.trailing) for t in code_text.texts(PROGRAM)]
    assert found == [
        ("docstring", "Module docstring.", 2, False),
        ("comment", "First line of a block\nsecond line of it", 5, False),
        ("comment", "a trailing comment", 7, True),
        ("docstring", "Add one.\n\nLonger text.", 12, False),
        ("comment", "inside f", 16, False),
    ]  # not the shebang, the noqa pragma, "# not a comment" (a string) nor "# 0.5, 1" (no word)


def test_rewrite_puts_translations_in_place_and_keeps_the_program():
    korean = code_text.rewrite(PROGRAM, lambda t: KOREAN[t.text])
    assert korean.splitlines()[:10] == [
        "#!/usr/bin/env python",
        '"""모듈 설명."""',
        "import torch  # noqa: F401",
        "",
        "# 블록 하나가",
        "# 이제는",
        "# 세 줄",
        'x = "# not a comment"  # 줄 끝 주석',
        "y = 1  # 0.5, 1",
        "",
    ]
    assert '    """1을 더한다.\n\n    긴 설명.\n    """\n    # f 안에서\n    return a + 1\n' in korean
    assert code_text.code_tokens(korean) == code_text.code_tokens(PROGRAM)
    assert [t.text for t in code_text.texts(korean)] == list(KOREAN.values())


def test_a_docstring_translation_with_quotes_and_backslashes_stays_a_docstring():
    source = 'def f():\n    """Plain."""\n'
    new = code_text.rewrite(source, lambda t: 'Say """hi""" \\ bye')
    assert code_text.texts(new)[0].text == 'Say """hi""" \\ bye'
    assert code_text.code_tokens(new) == code_text.code_tokens(source)


def test_a_trailing_comment_translation_must_be_one_line():
    with pytest.raises(code_text.CodeTextError, match=r"demo\.py:1: .*must be one line"):
        code_text.rewrite("x = 1  # one\n", lambda t: "하나\n둘", filename="demo.py")


# -- catalogs ------------------------------------------------------------------------------
PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def po(*entries: tuple[str | None, str, str], fuzzy: tuple[str, ...] = ()) -> str:
    out = PO_HEADER
    for context, msgid, msgstr in entries:
        flag = "#, fuzzy\n" if msgid in fuzzy else ""
        ctx = f'msgctxt "{context}"\n' if context else ""
        out += f'{flag}{ctx}msgid "{msgid}"\nmsgstr "{msgstr}"\n\n'
    return out


@pytest.fixture
def project(tmp_path):
    demo = tmp_path / "snippets" / "demo"
    demo.mkdir(parents=True)
    (demo / "count.py").write_text("# Count to three\nfor i in range(3):\n    print(i)  # one number\n", encoding="utf-8")
    return tmp_path


def test_a_missing_or_fuzzy_translation_names_file_line_and_text(project):
    (project / "snippets/demo/ko.po").write_text(
        po(("comment", "Count to three", "셋까지 세기"), ("comment", "one number", "수 하나"), fuzzy=("one number",)),
        encoding="utf-8",
    )
    catalogs = Catalogs(project)
    source = (project / "snippets/demo/count.py").read_text(encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        catalogs.translate_source("demo/count.py", source, "ko")
    assert "snippets/demo/count.py:3: comment 'one number' is marked fuzzy" in str(error.value)
    (project / "snippets/demo/ko.po").write_text(po(("comment", "one number", "수 하나")), encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        catalogs.translate_source("demo/count.py", source, "ko")
    assert "snippets/demo/count.py:1: comment 'Count to three' has no translation in snippets/demo/ko.po" in str(error.value)
    assert catalogs.translate_source("demo/count.py", source, "en") == source  # the source language


def test_unused_entries_are_reported_but_figure_descriptions_are_left_alone(project):
    (project / "snippets/demo/ko.po").write_text(
        po(
            ("comment", "Count to three", "셋까지 세기"),
            ("comment", "one number", "수 하나"),
            ("comment", "Count to four", "넷까지 세기"),
            ("figure text", "Old label", "옛 이름"),
            ("figure text", "Step {}", "단계 {}"),
            ("figure description", "A falling line", "내려가는 직선 그림"),
        )
        + '#~ msgctxt "comment"\n#~ msgid "Gone"\n#~ msgstr "사라짐"\n',
        encoding="utf-8",
    )
    (project / "snippets/demo/en.po").write_text(
        po(("figure description", "A falling line", "A line falling from 1 to 0")), encoding="utf-8"
    )
    catalogs = Catalogs(project)
    sources = {"demo/count.py": (project / "snippets/demo/count.py").read_text(encoding="utf-8")}
    problems = catalogs.unused(sources, {"demo/count.py": {"Step {}"}})
    assert len(problems) == 3, problems
    assert problems[0].startswith("snippets/demo/ko.po:") and "'Count to four'" in problems[0]
    assert "figure text 'Old label' is drawn by no snippet" in problems[1]
    assert "obsolete entry 'Gone'" in problems[2]
    assert not any("falling" in p for p in problems)
    # figure texts are judged only where every run recorded what it drew
    assert len(catalogs.unused(sources, {"demo/count.py": None})) == 2
    assert catalogs.figure_texts("demo") == {"ko": {"Old label": "옛 이름", "Step {}": "단계 {}"}}


def test_update_script_adds_new_texts_marks_changed_ones_fuzzy_and_drops_vanished_ones(tmp_path):
    project = tmp_path / "project"
    (project / "snippets" / "demo").mkdir(parents=True)
    (project / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "snippet_catalogs.py", project / "scripts")
    shutil.copytree(ROOT / "doc_snippets", project / "doc_snippets", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "mkdocs.yml").write_text(
        "plugins:\n  - i18n:\n      languages:\n        - {locale: ko}\n        - {locale: en}\n  - snippets\n",
        encoding="utf-8",
    )
    snippet = project / "snippets" / "demo" / "count.py"
    snippet.write_text("# Count to three\nfor i in range(3):\n    print(i)  # one number per line\n", encoding="utf-8")
    (project / "snippets/demo/ko.po").write_text(
        po(("comment", "one number on each line", "줄마다 수 하나"), ("comment", "Old", "옛것"),
           ("figure text", "Step {}", "단계 {}")),
        encoding="utf-8",
    )

    def run(command):
        return subprocess.run([sys.executable, "scripts/snippet_catalogs.py", command], cwd=project,
                              capture_output=True, text=True)

    proc = run("update")
    assert proc.returncode == 0, proc.stderr
    assert "removed comment 'Old'" in proc.stdout
    assert "translate comment 'Count to three'" in proc.stdout
    assert "review (fuzzy) comment 'one number per line'" in proc.stdout
    catalogs = Catalogs(project)
    entries = catalogs.entries("demo", "ko")
    assert entries[("Count to three", "comment")].msgstr == ""
    assert entries[("one number per line", "comment")].fuzzy
    assert entries[("one number per line", "comment")].msgstr == "줄마다 수 하나"
    assert ("Old", "comment") not in entries and ("Step {}", "figure text") in entries
    assert "#: snippets/demo/count.py:1" in (project / "snippets/demo/ko.po").read_text(encoding="utf-8")
    check = run("check")
    assert check.returncode == 1
    assert "snippets/demo/count.py:1: comment 'Count to three' has no translation" in check.stdout
    assert "snippets/demo/count.py:3: comment 'one number per line' is marked fuzzy" in check.stdout


def test_migrate_script_moves_korean_comments_and_figure_tables_into_the_catalog(tmp_path):
    project = tmp_path / "project"
    (project / "snippets" / "demo").mkdir(parents=True)
    (project / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "snippet_catalogs.py", project / "scripts")
    shutil.copytree(ROOT / "doc_snippets", project / "doc_snippets", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "mkdocs.yml").write_text("plugins:\n  - snippets\n", encoding="utf-8")
    snippet = project / "snippets" / "demo" / "count.py"
    snippet.write_text("# 셋까지 세기 (Count to three)\nfor i in range(3):\n    print(i)  # 수 하나\n", encoding="utf-8")
    (project / "snippets/demo/figure_text.yml").write_text("ko:\n  Step {}: 단계 {}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "scripts/snippet_catalogs.py", "migrate"], cwd=project,
                          capture_output=True, text=True)
    assert proc.returncode == 1  # one comment is left for a person to write in English
    assert "snippets/demo/count.py:3: write this Korean comment in English" in proc.stdout
    assert "snippets/demo/count.py:3: Korean comment in the source" in proc.stdout  # update refuses it
    # the snippet stays as it is until all its Korean has English; the figure table moves
    assert snippet.read_text(encoding="utf-8").startswith("# 셋까지 세기 (Count to three)\n")
    assert not (project / "snippets/demo/figure_text.yml").exists()
    entries = Catalogs(project).entries("demo", "ko")
    assert not any(HANGUL.search(msgid) for msgid, _ in entries)  # Korean never becomes a msgid
    assert entries[("Step {}", "figure text")].msgstr == "단계 {}"
    # the comment left over: its English from a file (or from what the catalogs already hold)
    (tmp_path / "texts.yml").write_text("수 하나: one number\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "scripts/snippet_catalogs.py", "migrate", "--texts", str(tmp_path / "texts.yml")],
                          cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert snippet.read_text(encoding="utf-8") == "# Count to three\nfor i in range(3):\n    print(i)  # one number\n"
    entries = Catalogs(project).entries("demo", "ko")
    assert entries[("one number", "comment")].msgstr == "수 하나"
    assert entries[("Count to three", "comment")].msgstr == "셋까지 세기"


# -- the built site: what a reader gets ----------------------------------------------------
CODE_BLOCK = re.compile(r'<span class="filename">snippets/(?P<name>[^<]+)</span><pre[^>]*>(?P<code>.*?)</pre>', re.S)
DOWNLOAD = re.compile(r'href="(?P<href>[^"]*snippet-output/[^"]+/(?P<language>[a-z]+)/(?P<file>[^"/]+\.(?:py|ipynb)))"')
NOTEBOOK_CODE = re.compile(r'<div class="highlight-ipynb[^"]*"[^>]*><pre>(?P<code>.*?)</pre>', re.S)


def html_text(fragment: str) -> str:
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", fragment))


def what_the_site_shows(site: Path, language: str) -> dict[str, list[tuple[str, str]]]:
    """``name -> [(where, code)]``: every code block, ``.py``, ``.ipynb`` and notebook page of a language."""
    import json

    root = site / "en" if language == "en" else site
    by_stem = {Path(name).stem: name for name in NAMES}
    found: dict[str, list[tuple[str, str]]] = {}
    for page in sorted(root.rglob("index.html")):
        relative = page.relative_to(site).as_posix()
        if language != "en" and relative.startswith("en/"):
            continue
        html = page.read_text(encoding="utf-8")
        if "-notebook/" in relative:
            stem = page.parent.name[: -len("-notebook")]
            match = NOTEBOOK_CODE.search(html)
            assert match, f"{relative}: no code cell"
            found.setdefault(by_stem[stem], []).append((f"notebook page {relative}", html_text(match["code"])))
            continue
        for match in CODE_BLOCK.finditer(html):
            found.setdefault(match["name"], []).append((f"code block on {relative}", html_text(match["code"])))
        for match in DOWNLOAD.finditer(html):
            assert match["language"] == language, f"{relative} links the {match['language']} download {match['href']}"
            assert (page.parent / match["href"]).resolve().is_file(), f"{relative}: broken link {match['href']}"
    for name in NAMES:  # the downloads, linked from the pages that show the run info
        folder = site / "snippet-output" / RUNNER.key(name) / language
        for suffix in ("py", "ipynb"):
            target = folder / f"{Path(name).stem}.{suffix}"
            text = target.read_text(encoding="utf-8")
            if suffix == "ipynb":
                text = "".join(json.loads(text)["cells"][0]["source"]) + "\n"
            found.setdefault(name, []).append((f"download {target.relative_to(site)}", text))
    return found


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_built_site_shows_every_program_in_the_page_language(built_site, language):
    found = what_the_site_shows(built_site, language)
    for name in NAMES:
        executed = code_text.code_tokens(RUNNER.path(name).read_text(encoding="utf-8"))
        kinds = {where.split(" ")[0] + (" " + where.rsplit(".", 1)[-1] if where.startswith("download") else "")
                 for where, _ in found.get(name, [])}
        assert kinds == {"code", "notebook", "download py", "download ipynb"}, (name, kinds)
        for where, code in found[name]:
            assert code_text.code_tokens(code) == executed, f"{name}, {where}: not the executed program"
            for text in code_text.texts(code):
                if language == "en":
                    assert not HANGUL.search(text.text), f"{name}, {where}, line {text.line}: Hangul in {text.text!r}"
                else:
                    assert korean_or_neutral(text.text), f"{name}, {where}, line {text.line}: not Korean: {text.text!r}"


def test_a_memo_gives_the_same_programs_and_texts_and_keeps_them_between_builds(tmp_path, project):
    """Catalogs with a build's memo (the plugin's): every real snippet shown as without it;
    a second build reads them all from the memo; a fuzzy entry still fails, naming the line."""
    from doc_snippets.memo import Memo

    sources = {name: RUNNER.path(name).read_text(encoding="utf-8") for name in NAMES}
    for build in ("first", "second"):
        memo = Memo(tmp_path / "memo")
        kept = Catalogs(ROOT)
        kept.memo = memo
        for name, source in sources.items():
            assert kept.translate_source(name, source, "ko") == shown_source(name, "ko")
        translated = memo.misses
        assert kept.unused(sources, {name: None for name in NAMES}) == CATALOGS.unused(sources, {name: None for name in NAMES})
        assert memo.misses == translated  # the texts translate_source found, not found again under another name
        for name, source in sources.items():
            assert kept.texts(source, name) == code_text.texts(source, name)
        assert (memo.misses == 0) == (build == "second") and memo.hits > 0

    (project / "snippets/demo/ko.po").write_text(
        po(("comment", "Count to three", "셋까지 세기"), ("comment", "one number", "수 하나"), fuzzy=("one number",)),
        encoding="utf-8",
    )
    catalogs = Catalogs(project)
    catalogs.memo = Memo(tmp_path / "memo")
    source = (project / "snippets/demo/count.py").read_text(encoding="utf-8")
    for _ in range(2):  # the texts come from the memo the second time; the check does not
        with pytest.raises(CatalogError, match="count.py:3: comment 'one number' is marked fuzzy"):
            catalogs.translate_source("demo/count.py", source, "ko")
