"""The glossary page: data/glossary.yml holds every term of the shared term list,
links each to a page that exists in both languages, and renders one row per term."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from doc_snippets import glossary

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "glossary.yml"
DOCS = ROOT / "docs"
LANGUAGES = ["ko", "en"]
# The project's shared term list lies beside the checkout (../shared/), in CI as here.
TERMS = ROOT.parent / "shared" / "glossary.md"


def _split(cell: str) -> list[str]:
    """'training / validation / test data' -> ['training data', 'validation data', 'test data']."""
    parts = [p.strip() for p in re.split(r"\s+[/=]\s+", cell.strip())]
    first, last = parts[0].split(), parts[-1].split()
    if len(parts) > 1 and len(last) == len(first) + 1:
        # a shared last word written once: "지도 / 비지도 / 강화 학습"
        parts = [p if p == parts[-1] else f"{p} {last[-1]}" for p in parts]
    return parts


def shared_terms() -> list[tuple[str, str]]:
    """(English, Korean) pairs of the shared term table, compound rows split."""
    if not TERMS.is_file():
        pytest.skip(f"{TERMS} is not on this machine")
    pairs = []
    for line in TERMS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 2 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        english, korean = _split(cells[0]), _split(cells[1])
        assert len(english) == len(korean), f"cannot pair the terms of row {line!r}"
        pairs.extend(zip(english, korean))
    assert len(pairs) > 40, "the shared table was not read"
    return pairs


def entries() -> list[dict]:
    return glossary.load(DATA, LANGUAGES)


def test_split_of_compound_rows():
    assert _split("training / validation / test data") == ["training data", "validation data", "test data"]
    assert _split("지도 / 비지도 / 강화 학습") == ["지도 학습", "비지도 학습", "강화 학습"]
    assert _split("참 양성(TP) / 거짓 양성(FP)") == ["참 양성(TP)", "거짓 양성(FP)"]
    assert _split("비용 함수 = 손실 함수") == ["비용 함수", "손실 함수"]


def test_every_shared_term_is_in_the_glossary_with_its_korean_spelling():
    by_english = {e["en"]: e for e in entries()}
    for english, korean in shared_terms():
        assert english in by_english, f"{english!r} ({korean}) is missing from {DATA.name}"
        assert by_english[english]["ko"] == korean, (
            f"{english!r}: glossary writes {by_english[english]['ko']!r}, the term list {korean!r}"
        )


def test_glossary_lists_every_term_once_and_never_respells_a_shared_one():
    """Terms beyond the shared list (the chapters after logistic regression add some) are
    welcome, but none may give a shared term's English or Korean another counterpart."""
    shared = shared_terms()
    korean_of = dict(shared)
    english_of = {korean: english for english, korean in shared}
    seen_ko, seen_en = set(), set()
    for entry in entries():
        if entry["en"] in korean_of:
            assert entry["ko"] == korean_of[entry["en"]], f"{entry['en']}: {entry['ko']} is not the shared spelling"
        if entry["ko"] in english_of:
            assert entry["en"] == english_of[entry["ko"]], f"{entry['ko']}: {entry['en']} is not the shared English"
        assert entry["ko"] not in seen_ko and entry["en"] not in seen_en, f"{entry['en']} is listed twice"
        seen_ko.add(entry["ko"])
        seen_en.add(entry["en"])


def test_aliases_are_lists_per_language_and_name_no_other_term():
    """`aliases: {ko: [...], en: [...]}` are other spellings a reader may search for; an alias
    that is itself another entry's term would send the reader to the wrong row."""
    terms = {entry[lang] for entry in entries() for lang in LANGUAGES}
    for entry in entries():
        aliases = entry.get("aliases")
        if aliases is None:
            continue
        assert isinstance(aliases, dict) and set(aliases) <= set(LANGUAGES), f"{entry['en']}: aliases {aliases}"
        for lang, names in aliases.items():
            assert isinstance(names, list) and all(isinstance(n, str) and n for n in names), f"{entry['en']}: {names}"
            for name in names:
                assert name not in terms, f"{entry['en']}: alias {name!r} is another entry's term"


def test_every_entry_links_to_a_page_in_both_languages():
    for entry in entries():
        page = entry["page"]
        assert page.endswith(".md") and "#" not in page, f"{entry['en']}: page {page!r} (anchors go in 'anchor')"
        assert page not in ("glossary.md", "index.md"), f"{entry['en']} links to {page}, which explains nothing"
        for lang in LANGUAGES:
            assert (DOCS / page.replace(".md", f".{lang}.md")).is_file(), f"{entry['en']}: no docs/{page} in {lang}"
        note = entry.get("note")
        if note is not None:
            assert set(note) == set(LANGUAGES) and all(note[lang] for lang in LANGUAGES), f"{entry['en']}: note {note}"
        anchor = entry.get("anchor")
        if isinstance(anchor, dict):
            assert set(anchor) == set(LANGUAGES), f"{entry['en']}: anchor {anchor}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_rendered_table_has_one_row_per_entry(language):
    table = glossary.render(DATA, language, LANGUAGES).splitlines()
    header, rule, rows = table[0], table[1], table[2:]
    assert header.startswith("| ") and set(rule) <= set("|-")
    terms = entries()
    assert len(rows) == len(terms)
    other = next(lang for lang in LANGUAGES if lang != language)
    for entry in terms:
        link = f"[{entry[language]}]({entry['page']}"
        matching = [row for row in rows if row.startswith(f"| {link}")]
        assert len(matching) == 1, f"{entry[language]}: {len(matching)} rows"
        assert f"| {entry[other]} |" in matching[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_page_uses_the_directive(language):
    text = (DOCS / f"glossary.{language}.md").read_text(encoding="utf-8")
    assert re.search(r"^\[\[\s*glossary\s*\]\]\s*$", text, re.M), f"glossary.{language}.md does not render the table"
