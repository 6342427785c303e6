"""Korean and English pages: every page in both, showing the same code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from doc_snippets.explorer import DIRECTIVE as EXPLORER
from doc_snippets.plugin import DIRECTIVE

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LANGUAGES = ("ko", "en")
FENCED = re.compile(r"^(?P<fence>```+|~~~+)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)


def pages() -> list[str]:
    stems = set()
    for md in DOCS.rglob("*.md"):
        stem, _, lang = md.relative_to(DOCS).as_posix()[: -len(".md")].rpartition(".")
        assert lang in LANGUAGES, f"{md.relative_to(ROOT)}: page without a language suffix"
        stems.add(stem)
    return sorted(stems)


def snippet_lines(text: str) -> list[tuple[str, str]]:
    found = []
    for line in text.splitlines():
        if m := DIRECTIVE.match(line):
            found.append((m.group("name"), " ".join((m.group("parts") or "").split())))
    return found


def code_blocks(text: str) -> list[tuple[str, str]]:
    """Fenced code blocks other than plain text: the code a reader copies."""
    blocks = []
    for m in FENCED.finditer(text):
        language = m.group("info").strip().split(" ")[0].lower()
        if language not in ("", "text", "txt"):
            blocks.append((language, m.group("body")))
    return blocks


def display_math_count(text: str) -> int:
    return text.count("\\[")


@pytest.mark.parametrize("stem", pages())
def test_page_exists_in_every_language(stem):
    for lang in LANGUAGES:
        assert (DOCS / f"{stem}.{lang}.md").is_file(), f"docs/{stem}.{lang}.md is missing"


@pytest.mark.parametrize("stem", pages())
def test_both_languages_show_the_same_snippets_in_the_same_order(stem):
    ko, en = ((DOCS / f"{stem}.{lang}.md").read_text(encoding="utf-8") for lang in LANGUAGES)
    assert snippet_lines(ko) == snippet_lines(en)


@pytest.mark.parametrize("stem", pages())
def test_both_languages_show_the_same_explorers_in_the_same_order(stem):
    ko, en = ((DOCS / f"{stem}.{lang}.md").read_text(encoding="utf-8") for lang in LANGUAGES)

    def explorers(text: str) -> list[tuple[str, str, str]]:
        return [
            (m.group("kind"), m.group("name"), " ".join(m.group("names").split()))
            for line in text.splitlines()
            if (m := EXPLORER.match(line))
        ]

    assert explorers(ko) == explorers(en)


@pytest.mark.parametrize("stem", pages())
def test_both_languages_show_the_same_code_blocks(stem):
    ko, en = ((DOCS / f"{stem}.{lang}.md").read_text(encoding="utf-8") for lang in LANGUAGES)
    assert code_blocks(ko) == code_blocks(en)
    assert display_math_count(ko) == display_math_count(en), "a formula is missing in one language"


def test_every_page_is_in_the_navigation_in_learning_order():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["nav"] == [
        "index.md",
        "setup.md",
        "tensors.md",
        "datasets.md",
        "confusion-matrix.md",
        "overfitting.md",
        "linear-regression.md",
        "logistic-regression.md",
        "glossary.md",
        "references.md",
        "build-report.md",
    ]
    assert sorted(f"{stem}.md" for stem in pages()) == sorted(config["nav"])


def test_parity_checks_catch_a_difference():
    """The checks above are not vacuous: a changed code line or snippet is seen."""
    ko = "[[ snippet: a.py | code ]]\n\n```python\nprint(1)\n```\n"
    en = "[[ snippet: a.py | output ]]\n\n```python\nprint(2)\n```\n"
    assert snippet_lines(ko) != snippet_lines(en)
    assert code_blocks(ko) != code_blocks(en)
