"""The glossary table, from one data file for every language.

``data/glossary.yml`` is a list of terms::

    - ko: 경사 하강법
      en: gradient descent
      page: linear-regression.md       # the page that explains it (no language suffix)
      anchor: gradient-descent          # optional: a heading id on that page, per language
      note: {ko: "...", en: "..."}      # optional

A page writes ``[[ glossary ]]`` on a line of its own; the table comes out in the
page's language, with the page's language in the first column.
"""

from __future__ import annotations

from pathlib import Path

import yaml

HEADERS = {
    "ko": ("한국어", "영어", "설명"),
    "en": ("English", "Korean", "Notes"),
}


class GlossaryError(Exception):
    pass


def load(path: Path, languages: list[str]) -> list[dict]:
    if not path.is_file():
        raise GlossaryError(f"glossary data {path} not found")
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise GlossaryError(f"{path}: expected a list of terms")
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in (*languages, "page") if not entry.get(key)]
        if missing:
            raise GlossaryError(f"{path}: term {number} ({entry}) lacks {', '.join(missing)}")
    return entries


def render(path: Path, language: str, languages: list[str]) -> str:
    entries = load(path, languages)
    other = next(lang for lang in languages if lang != language)
    own_header, other_header, note_header = HEADERS.get(language, HEADERS["en"])
    rows = [f"| {own_header} | {other_header} | {note_header} |", "|---|---|---|"]
    for entry in sorted(entries, key=lambda e: e[language].lower()):
        anchor = entry.get("anchor")
        if isinstance(anchor, dict):
            anchor = anchor.get(language)
        target = entry["page"] + (f"#{anchor}" if anchor else "")
        note = entry.get("note", {}).get(language, "") if isinstance(entry.get("note"), dict) else ""
        rows.append(f"| [{entry[language]}]({target}) | {entry[other]} | {note} |")
    return "\n".join(rows)
