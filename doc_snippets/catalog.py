"""Translations of the snippets' comments, docstrings and figure texts: gettext catalogs.

Each topic folder holds one catalog per language the site is translated into,
``snippets/<topic>/<language>.po`` (``ko.po``). An entry's ``msgid`` is the English text
as the snippet has it, its ``msgstr`` the translation, its ``msgctxt`` what the text is:

========================  ===========================================================
``msgctxt``               text
========================  ===========================================================
``comment``               a comment (a run of full-line comments is one entry)
``docstring``             a docstring (its cleaned text)
``figure text``           a text drawn in a figure; ``{}`` matches any text and is
                          carried over (``"degree {}"`` -> ``"차수 {}"``)
``figure description``    not this module's: a figure's description (alt text), read
                          by another part of the build; never reported or dropped here
========================  ===========================================================

An entry marked ``fuzzy`` (a translation left from an older source text, to review) counts
as untranslated, as gettext treats it. Catalogs are read and written with Babel
(:mod:`babel.messages`), so Poedit, Weblate and the gettext tools read them too.

Which entry a text uses, and what is missing or unused, is decided here; comments are
put into the source by :mod:`doc_snippets.code_text`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from doc_snippets import code_text

COMMENT = code_text.COMMENT
DOCSTRING = code_text.DOCSTRING
FIGURE_TEXT = "figure text"
FIGURE_DESCRIPTION = "figure description"
#: the contexts this module owns (others, like FIGURE_DESCRIPTION, are left alone)
CONTEXTS = (COMMENT, DOCSTRING, FIGURE_TEXT)
#: the command that brings the catalogs in step with the snippets
UPDATE_HINT = "python scripts/snippet_catalogs.py update"


class CatalogError(Exception):
    """A catalog cannot be read, or a text has no translation (the message names where)."""


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str
    msgstr: str
    fuzzy: bool
    where: str  # "snippets/<topic>/<language>.po:<line>"


def topic_of(name: str) -> str:
    """The topic folder of snippet ``name`` (``linear_regression/simple.py`` -> ``linear_regression``)."""
    return posixpath.dirname(name)


class Catalogs:
    """The ``<language>.po`` files under a snippets folder, read when they change."""

    def __init__(
        self,
        root: Path | str,
        snippets_dir: str = "snippets",
        languages: Iterable[str] = ("ko", "en"),
        source_language: str = "en",
    ):
        self.root = Path(root).resolve()
        self.snippets_dir = self.root / snippets_dir
        self.source_language = source_language
        #: the languages translated into (the source language needs no catalog)
        self.targets = tuple(lang for lang in languages if lang != source_language)
        self._read: dict[Path, tuple[float, dict[tuple[str, str | None], Entry]]] = {}
        #: a build's memo (doc_snippets.memo): the comments and docstrings of a source, and
        #: its rewriting, kept between builds; None computes them every time
        self.memo: Callable[..., str] | None = None

    # -- reading --------------------------------------------------------------
    def path(self, topic: str, language: str) -> Path:
        return self.snippets_dir / topic / f"{language}.po"

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def entries(self, topic: str, language: str) -> dict[tuple[str, str | None], Entry]:
        """``(msgid, msgctxt) -> Entry`` of the topic's catalog (empty if there is none)."""
        path = self.path(topic, language)
        if not path.is_file():
            return {}
        mtime = path.stat().st_mtime_ns
        cached = self._read.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        shown = self.shown(path)
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=None, abort_invalid=True)
        except (PoFileError, UnicodeDecodeError, ValueError) as exc:
            raise CatalogError(f"{shown}: not a valid .po catalog: {exc}") from None
        found = {}
        for message in catalog:
            if not message.id:
                continue  # the header
            if not isinstance(message.id, str):
                raise CatalogError(f"{shown}:{message.lineno}: plural entries (msgid_plural) are not used here")
            found[(message.id, message.context)] = Entry(
                message.context, message.id, message.string or "", message.fuzzy, f"{shown}:{message.lineno}"
            )
        for (msgid, context), message in catalog.obsolete.items():
            found.setdefault(
                ("#~" + str(msgid), context),
                Entry(context, str(msgid), "", True, f"{shown}:{message.lineno}"),
            )
        self._read[path] = (mtime, found)
        return found

    def _translation(self, topic: str, language: str, text: str, context: str) -> str | None:
        entry = self.entries(topic, language).get((text, context))
        if entry is None or entry.fuzzy or not entry.msgstr:
            return None
        return entry.msgstr

    # -- figure texts ------------------------------------------------------------
    def figure_texts(self, topic: str) -> dict[str, dict[str, str]]:
        """``{language: {English text: translation}}`` for the figures of a topic."""
        table: dict[str, dict[str, str]] = {}
        for language in self.targets:
            table[language] = {
                entry.msgid: entry.msgstr
                for (key, context), entry in sorted(self.entries(topic, language).items())
                if context == FIGURE_TEXT and not key.startswith("#~") and entry.msgstr and not entry.fuzzy
            }
        return table

    # -- comments and docstrings -----------------------------------------------
    def translate_source(self, name: str, source: str, language: str) -> str:
        """The snippet ``name`` with its comments and docstrings in ``language``.

        Raises :class:`CatalogError` listing every text without a translation, each
        as ``snippets/<name>:<line>``.
        """
        shown = self.shown(self.snippets_dir / name)
        if language not in self.targets:
            return source
        topic = topic_of(name)
        missing: list[str] = []
        po = self.shown(self.path(topic, language))

        def translate(text: code_text.Text) -> str:
            found = self._translation(topic, language, text.text, text.kind)
            if found is None:
                entry = self.entries(topic, language).get((text.text, text.kind))
                why = "is marked fuzzy (review it, then remove the fuzzy flag)" if entry and entry.msgstr else "has no translation"
                missing.append(f"{shown}:{text.line}: {text.kind} {text.text!r} {why} in {po}")
                return text.text
            return found

        try:
            translations = [translate(text) for text in self.texts(source, shown)]
            if self.memo is not None:
                translated = self.memo(code_text.rewrite_in_order, source, translations, shown)
            else:
                translated = code_text.rewrite_in_order(source, translations, shown)
        except code_text.CodeTextError as exc:
            raise CatalogError(str(exc)) from None
        if missing:
            raise CatalogError(
                f"{len(missing)} text(s) of {shown} have no '{language}' translation "
                f"(`{UPDATE_HINT}` adds them to {po}; then translate them):\n  " + "\n  ".join(missing)
            )
        return translated

    def texts(self, source: str, filename: str) -> list[code_text.Text]:
        """The comments and docstrings of ``source`` (:func:`code_text.texts`)."""
        if self.memo is None:
            return code_text.texts(source, filename)
        return code_text.texts_from_json(self.memo(code_text.texts_json, source, filename))

    # -- what is not used --------------------------------------------------------
    def unused(self, sources: dict[str, str], figure_texts_used: dict[str, set[str] | None]) -> list[str]:
        """Entries that no snippet uses, one message each (``<file>.po:<line>: ...``).

        ``sources``: snippet name -> source. ``figure_texts_used``: snippet name -> the
        figure-text entries (msgids) its run used, or None where that is unknown (then
        the topic's figure texts are not judged).
        """
        by_topic: dict[str, list[str]] = {}
        for name in sources:
            by_topic.setdefault(topic_of(name), []).append(name)
        topics = set(by_topic)
        for po in self.snippets_dir.rglob("*.po"):
            topic = po.parent.relative_to(self.snippets_dir).as_posix()
            if po.stem in self.targets:
                topics.add(topic)
        problems: list[str] = []
        for topic in sorted(topics):
            names = by_topic.get(topic, [])
            texts: set[tuple[str, str]] = set()
            for name in names:
                # named as translate_source names it: the same memo entry, not a second one
                for text in self.texts(sources[name], self.shown(self.snippets_dir / name)):
                    texts.add((text.text, text.kind))
            figures_known = all(figure_texts_used.get(name) is not None for name in names)
            figures: set[str] = set()
            for name in names:
                figures |= figure_texts_used.get(name) or set()
            for language in self.targets:
                for (key, context), entry in self.entries(topic, language).items():
                    if context not in CONTEXTS:
                        continue  # e.g. figure descriptions: another feature's entries
                    if key.startswith("#~"):
                        problems.append(
                            f"{entry.where}: obsolete entry {entry.msgid!r} ({context}) is kept in the catalog: "
                            "delete it (no snippet has this text any more)"
                        )
                    elif context == FIGURE_TEXT:
                        if figures_known and entry.msgid not in figures:
                            problems.append(
                                f"{entry.where}: figure text {entry.msgid!r} is drawn by no snippet in "
                                f"snippets/{topic}/: delete the entry (or fix its text)"
                            )
                    elif (entry.msgid, context) not in texts:
                        problems.append(
                            f"{entry.where}: {context} {entry.msgid!r} is in no snippet in snippets/{topic}/: "
                            f"delete the entry, or run `{UPDATE_HINT}`"
                        )
        return problems


HEADER = """\
# {language} translations of the comments, docstrings and figure texts of snippets/{topic}/.
# msgid: the English text in the snippet; msgstr: the translation. Update the entries with
# `python scripts/snippet_catalogs.py update`; see README.md, "Translate the code".
#"""


def write(catalog: Catalog, path: Path) -> None:
    """Write ``catalog`` as Poedit would: UTF-8, no line wrapping, sorted by source position."""
    catalog.header_comment = HEADER.format(language=catalog.locale_identifier or "", topic=path.parent.name)
    catalog.project, catalog.version = "pytorch-basics-docs", "snippets"
    catalog.msgid_bugs_address = ""
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False, ignore_obsolete=False)


def shown_sources(catalogs: Catalogs, sources: dict[str, str], languages: Iterable[str]) -> dict[str, dict[str, str]]:
    """``{name: {language: source as shown}}`` for every snippet.

    Raises one :class:`CatalogError` listing every missing translation of every snippet.
    """
    shown: dict[str, dict[str, str]] = {}
    errors: list[str] = []
    for name, source in sources.items():
        shown[name] = {}
        for language in languages:
            try:
                shown[name][language] = catalogs.translate_source(name, source, language)
            except CatalogError as exc:
                errors.append(str(exc))
    if errors:
        raise CatalogError("\n".join(errors))
    return shown


class ShownRecord:
    """What each language showed of each snippet in the last build (digests, in a JSON file).

    Lets the build log say which pages a translation change re-rendered although their
    snippet did not run again.
    """

    def __init__(self, path: Path):
        self.path = path

    def update(self, shown: dict[str, dict[str, str]], ran: Iterable[str]) -> list[str]:
        """``["name (ko)", ...]``: shown differently than last time, though not run again."""
        import hashlib
        import json

        try:
            before = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            before = {}
        now = {
            name: {lang: hashlib.sha256(text.encode()).hexdigest()[:16] for lang, text in by_language.items()}
            for name, by_language in shown.items()
        }
        ran = set(ran)
        changed = [
            f"{name} ({lang})"
            for name, digests in sorted(now.items())
            if name not in ran and name in before
            for lang, digest in digests.items()
            if before[name].get(lang) not in (None, digest)
        ]
        if now != before:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
        return changed
