"""Keep the snippets' translation catalogs (``snippets/<topic>/<language>.po``) in step with the code.

    python scripts/snippet_catalogs.py update    # after editing a snippet's comments
    python scripts/snippet_catalogs.py check     # what the build checks, without building
    python scripts/snippet_catalogs.py migrate   # convert old-style snippets (Korean comments,
                                                 # figure_text.yml) to English source + ko.po

``update`` is ``pybabel extract`` + ``pybabel update`` for snippets: every comment and
docstring of every snippet becomes an entry (``msgctxt`` ``comment`` or ``docstring``,
``#:`` its file and line) in each topic's catalog. A new text gets an empty translation; a
text that changed a little keeps its old translation marked ``fuzzy`` (the build refuses
it until a translator reviews it and clears the flag, as Poedit's "needs work" does); an
entry whose text is gone from every snippet is removed and listed. Figure texts and figure
descriptions are never touched by it (the build reports figure texts no run draws).

``migrate`` converts what other branches may still write the old way: a comment written
``한국어 (English)`` becomes ``English`` in the snippet and ``한국어`` in ``ko.po``; a Korean
comment without its English is listed (write its English in the snippet, then ``update``
and translate); ``figure_text.yml`` tables become ``figure text`` entries and are deleted.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

from doc_snippets import catalog as catalogs  # noqa: E402
from doc_snippets import code_text  # noqa: E402
from doc_snippets.runner import SnippetRunner  # noqa: E402

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
#: "한국어 설명 (English text)": the Korean and its English in parentheses at the end
KO_EN = re.compile(r"^(?P<ko>[^\n]*?\S)\s*\((?P<en>[^()\n\u3130-\u318f\uac00-\ud7a3]*[A-Za-z]{3}[^()\n\u3130-\u318f\uac00-\ud7a3]*)\)$")
#: a block of Korean lines followed by its English on a line of its own, in parentheses
KO_EN_BLOCK = re.compile(r"^(?P<ko>.*[\u3130-\u318f\uac00-\ud7a3].*?)\n\((?P<en>[^\n\u3130-\u318f\uac00-\ud7a3]*[A-Za-z]{3}[^\n\u3130-\u318f\uac00-\ud7a3]*)\)$", re.S)


def site_languages() -> tuple[list[str], str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    languages, source = ["ko", "en"], "en"
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = [lang["locale"] for lang in plugin["i18n"].get("languages", [])]
        if isinstance(plugin, dict) and "snippets" in plugin:
            source = (plugin["snippets"] or {}).get("source_language", source)
    return languages, source


def setup() -> tuple[SnippetRunner, catalogs.Catalogs]:
    languages, source = site_languages()
    runner = SnippetRunner(ROOT, languages=tuple(languages), source_language=source)
    return runner, catalogs.Catalogs(ROOT, languages=languages, source_language=source)


def by_topic(runner: SnippetRunner) -> dict[str, list[str]]:
    topics: dict[str, list[str]] = {}
    for name in runner.discover():
        topics.setdefault(catalogs.topic_of(name), []).append(name)
    return topics


def read(path: Path, language: str) -> Catalog:
    if path.is_file():
        with path.open("rb") as handle:
            return read_po(handle, locale=language, abort_invalid=True)
    return Catalog(locale=language, project="snippets", version="", fuzzy=False, charset="utf-8")


def template_for(runner: SnippetRunner, names: list[str], existing: Catalog) -> Catalog:
    template = Catalog(fuzzy=False)
    for name in names:
        source = runner.path(name).read_text(encoding="utf-8")
        for text in code_text.texts(source, f"snippets/{name}"):
            location = (f"snippets/{name}", text.line)
            message = template.get(text.text, context=text.kind)
            if message is None:
                template.add(text.text, locations=[location], context=text.kind)
            else:
                message.locations.append(location)
    for message in existing:  # figure texts and descriptions: kept as they are
        if message.id and message.context not in (catalogs.COMMENT, catalogs.DOCSTRING):
            template.add(message.id, locations=message.locations, context=message.context,
                         auto_comments=message.auto_comments)
    return template


def korean_in_source(runner: SnippetRunner, names: list[str]) -> list[str]:
    """Texts of the snippets still written in Korean (old style): ``migrate`` converts them."""
    return [
        f"snippets/{name}:{text.line}: Korean {text.kind} in the source: {text.text!r}"
        for name in names
        for text in code_text.texts(runner.path(name).read_text(encoding="utf-8"), f"snippets/{name}")
        if HANGUL.search(text.text)
    ]


def update(runner: SnippetRunner, cats: catalogs.Catalogs) -> int:
    status = 0
    for topic, names in sorted(by_topic(runner).items()):
        korean = korean_in_source(runner, names)
        if korean:  # English is the source language: never make Korean a msgid
            print("\n".join(korean))
            print(f"snippets/{topic}/: catalogs left as they are; convert these first (`migrate`)")
            status = 1
            continue
        for language in cats.targets:
            path = cats.path(topic, language)
            existing = read(path, language)
            template = template_for(runner, names, existing)
            if not path.is_file() and not len(template):
                continue
            existing.update(template, update_creation_date=False)
            shown = cats.shown(path)
            for (msgid, context), _ in existing.obsolete.items():
                print(f"{shown}: removed {context} {msgid!r}: no snippet has it any more")
            existing.obsolete.clear()
            for message in existing:
                if message.id and message.context in (catalogs.COMMENT, catalogs.DOCSTRING):
                    if message.fuzzy:
                        print(f"{shown}: review (fuzzy) {message.context} {message.id!r}")
                    elif not message.string:
                        print(f"{shown}: translate {message.context} {message.id!r}")
            catalogs.write(existing, path)
    return status


def check(runner: SnippetRunner, cats: catalogs.Catalogs) -> int:
    problems: list[str] = []
    sources = {name: runner.path(name).read_text(encoding="utf-8") for name in runner.discover()}
    for name, source in sources.items():
        for language in cats.targets:
            try:
                cats.translate_source(name, source, language)
            except catalogs.CatalogError as exc:
                problems.append(str(exc))
    # figure texts are judged by the build, which knows what each run drew
    problems += cats.unused(sources, {name: None for name in sources})
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def memory(cats: catalogs.Catalogs, language: str = "ko") -> dict[tuple[str, str], str]:
    """``(translation, context) -> English`` from every topic's catalog: what was translated before."""
    known: dict[tuple[str, str], str] = {}
    for po in sorted(cats.snippets_dir.rglob(f"{language}.po")):
        topic = po.parent.relative_to(cats.snippets_dir).as_posix()
        for (msgid, context), entry in cats.entries(topic, language).items():
            if entry.msgstr and not entry.fuzzy and not msgid.startswith("#~"):
                known.setdefault((entry.msgstr, context), entry.msgid)
    return known


def migrate(runner: SnippetRunner, cats: catalogs.Catalogs, texts_files: list[Path] | None = None) -> int:
    """Old-style snippets: Korean comments to English + ko.po, figure_text.yml to ko.po.

    A Korean text's English is, in this order: the one ``texts_file`` gives (YAML:
    ``Korean: English`` or ``Korean: [English, Korean to keep]``); the English of the same
    Korean in any catalog; the English in parentheses of ``한국어 (English)``.
    """
    left = 0
    topics = by_topic(runner)
    given: dict = {}
    for texts_file in texts_files or []:
        given.update(yaml.safe_load(texts_file.read_text(encoding="utf-8")) or {})
    known = memory(cats)
    for topic in sorted(set(topics) | {p.parent.relative_to(cats.snippets_dir).as_posix()
                                       for p in cats.snippets_dir.rglob("figure_text.yml")}):
        per_language: dict[str, Catalog] = {lang: read(cats.path(topic, lang), lang) for lang in cats.targets}
        changed = False
        for name in topics.get(topic, []):
            path = runner.path(name)
            source = path.read_text(encoding="utf-8")
            korean: dict[tuple[int, str], str] = {}
            unresolved: list[str] = []

            def to_english(text: code_text.Text) -> str:
                if not HANGUL.search(text.text):
                    return text.text
                if text.text in given:
                    value = given[text.text]
                    english, ko = (value, text.text) if isinstance(value, str) else value
                elif (text.text, text.kind) in known:
                    english, ko = known[(text.text, text.kind)], text.text
                elif (match := KO_EN.match(text.text) or KO_EN_BLOCK.match(text.text)) is not None:
                    ko = match.group("ko").strip()
                    english = known.get((ko, text.kind)) or match.group("en").strip()
                else:
                    unresolved.append(f"snippets/{name}:{text.line}: write this Korean {text.kind} in English "
                                      f"(in the snippet, or in a --texts file): {text.text!r}")
                    return text.text
                korean[(text.line, english)] = ko
                return english

            new = code_text.rewrite(source, to_english, f"snippets/{name}")
            if unresolved:  # the snippet stays as it is until every Korean text has its English
                print("\n".join(unresolved))
                left += len(unresolved)
                continue
            if new != source:
                path.write_text(new, encoding="utf-8")
                changed = True
                moved = {t.line: t for t in code_text.texts(new, name)}
                for (line, english), ko in korean.items():
                    text = next(t for t in moved.values() if t.text == english)
                    cat = per_language.get("ko")
                    if cat is not None:
                        existing = cat.get(english, context=text.kind)
                        if existing is None:
                            cat.add(english, ko, locations=[(f"snippets/{name}", text.line)], context=text.kind)
                        elif existing.string != ko:
                            print(f"snippets/{name}:{text.line}: {english!r} is already translated "
                                  f"{existing.string!r} in ko.po; kept that, not {ko!r}")
                    print(f"snippets/{name}:{text.line}: {english!r} (ko: {ko!r})")
        table_path = cats.snippets_dir / topic / "figure_text.yml"
        if table_path.is_file():
            table = yaml.safe_load(table_path.read_text(encoding="utf-8")) or {}
            for language, texts in table.items():
                cat = per_language.get(str(language))
                if cat is None:
                    continue
                for english, translated in (texts or {}).items():
                    existing = cat.get(str(english), context=catalogs.FIGURE_TEXT)
                    if existing is None:
                        cat.add(str(english), str(translated), context=catalogs.FIGURE_TEXT)
                    elif existing.string != str(translated):  # the table is the newer word
                        print(f"{cats.shown(table_path)}: {english!r} now {translated!r} "
                              f"(was {existing.string!r})")
                        existing.string = str(translated)
            table_path.unlink()
            print(f"{cats.shown(table_path)}: moved into {topic}/<language>.po (msgctxt \"figure text\") and deleted")
            changed = True
        if changed:
            for language, cat in per_language.items():
                catalogs.write(cat, cats.path(topic, language))
    status = update(runner, cats)
    return 1 if left or status else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "check", "migrate"])
    parser.add_argument("--texts", type=Path, action="append",
                        help="migrate: a YAML file of Korean comment -> English (may be given more than once)")
    args = parser.parse_args(argv)
    runner, cats = setup()
    if args.command == "migrate":
        return migrate(runner, cats, args.texts)
    return {"update": update, "check": check}[args.command](runner, cats)


if __name__ == "__main__":
    sys.exit(main())
