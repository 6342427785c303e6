"""The glossary table, from one data file for every language.

``data/glossary.yml`` is a list of terms::

    - ko: 경사 하강법
      en: gradient descent
      page: linear-regression.md       # the page that explains it (no language suffix)
      anchor: gradient-descent          # optional: a heading id on that page, per language
      note: {ko: "...", en: "..."}      # optional
      aliases: {ko: [경사하강법], en: [GD]}   # optional: other names readers search for

A page writes ``[[ glossary ]]`` on a line of its own; the table comes out in the
page's language, with the page's language in the first column and the term's other
names (its aliases in that language) in the last. The Korean search index reads the
aliases too (:mod:`doc_snippets.korean_search`): a page that uses a term is found
by any of its names.
"""

from __future__ import annotations

from pathlib import Path

import yaml

HEADERS = {
    "ko": ("한국어", "영어", "설명", "다른 이름"),
    "en": ("English", "Korean", "Notes", "Also called"),
}


class GlossaryError(Exception):
    pass


def _line_of(text: str, entry_number: int) -> int:
    """Line (1-based) where the ``entry_number``-th top-level list item starts."""
    count = 0
    for line_number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("- "):
            count += 1
            if count == entry_number:
                return line_number
    return 0


#: libyaml's safe loader where PyYAML was built with it (the wheels are): the same data, 10 times faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path, languages: list[str]) -> list[dict]:
    if not path.is_file():
        raise GlossaryError(f"glossary data {path} not found")
    text = path.read_text(encoding="utf-8")
    try:
        entries = yaml.load(text, Loader=_SAFE_LOADER) or []
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(entries, list):
        raise GlossaryError(f"{path}: expected a list of terms")
    for number, entry in enumerate(entries, start=1):
        where = f"{path}:{_line_of(text, number)}"
        if not isinstance(entry, dict):
            raise GlossaryError(f"{where}: term {number} is not a mapping: {entry!r}")
        missing = [key for key in (*languages, "page") if not entry.get(key)]
        if missing:
            raise GlossaryError(f"{where}: term {number} ({entry}) lacks {', '.join(missing)}")
        aliases = entry.get("aliases")
        if aliases is None:
            continue
        name = entry.get(languages[0])
        if not isinstance(aliases, dict) or not set(aliases) <= set(languages):
            raise GlossaryError(
                f"{where}: {name}: aliases must map a language ({', '.join(languages)}) to a list of names, "
                f"e.g. aliases: {{ko: [과대적합], en: [overfit]}}; got {aliases!r}"
            )
        for language, names in aliases.items():
            if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
                raise GlossaryError(f"{where}: {name}: aliases.{language} must be a list of non-empty names, got {names!r}")
            if entry[language] in names:
                raise GlossaryError(f"{where}: {name}: aliases.{language} repeats the term itself")
    return entries


def aliases(entry: dict, language: str) -> list[str]:
    """The term's other names in ``language`` (none if it has no ``aliases``)."""
    return list((entry.get("aliases") or {}).get(language) or [])


def render(path: Path, language: str, languages: list[str]) -> str:
    entries = load(path, languages)
    other = next(lang for lang in languages if lang != language)
    own_header, other_header, note_header, alias_header = HEADERS.get(language, HEADERS["en"])
    rows = [f"| {own_header} | {other_header} | {note_header} | {alias_header} |", "|---|---|---|---|"]
    for entry in sorted(entries, key=lambda e: e[language].lower()):
        anchor = entry.get("anchor")
        if isinstance(anchor, dict):
            anchor = anchor.get(language)
        target = entry["page"] + (f"#{anchor}" if anchor else "")
        note = entry.get("note", {}).get(language, "") if isinstance(entry.get("note"), dict) else ""
        names = ", ".join(aliases(entry, language))
        rows.append(f"| [{entry[language]}]({target}) | {entry[other]} | {note} | {names} |")
    return "\n".join(rows)
