"""What each figure shows and what to take from it, in every language: its alt text.

A figure's drawn title ("Cost over the epochs") tells a reader who cannot see the
figure nothing of what it shows. Each figure therefore has a description, kept beside
its other texts in the topic's gettext catalogs, one per language::

    snippets/<topic>/en.po   (English descriptions)
    snippets/<topic>/ko.po   (Korean descriptions, beside the Korean figure texts)

    msgctxt "figure description"
    msgid "Cost over the epochs"
    msgstr "A line chart of the cost over the training epochs: it falls steeply ..."

``msgid`` is the figure's title as drawn in English (its suptitle, or its axes title),
``msgstr`` the description. As with figure texts, ``{}`` in a ``msgid`` matches any
text, and a ``{}`` in the ``msgstr`` repeats it, so a description can name a value the
run drew in the title without typing it. A description states what the figure shows
and the lesson qualitatively: a number in it must be one the title shows, never one
typed from a run (it would go stale when the run changes); a lone digit passes, as the
class labels ``y = 0`` and ``y = 1`` or a formula's ``1`` need it.

A figure without a description in some language fails the build and names the
catalog to add it to; a description no figure uses is reported. Catalogs are read
with Babel (:mod:`babel.messages.pofile`), the library the figure-text catalogs use.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from doc_snippets.runner import SnippetResult

CONTEXT = "figure description"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class DescriptionError(Exception):
    """A figure has no description, or a description is malformed (the message says where)."""


@dataclass(frozen=True)
class Description:
    msgid: str
    msgstr: str
    where: str  # "snippets/<topic>/<language>.po:<line>"


def _template(msgid: str) -> re.Pattern[str]:
    return re.compile("^" + "(.+?)".join(re.escape(part) for part in msgid.split("{}")) + "$", re.S)


class Descriptions:
    """The ``figure description`` entries of the catalogs under a snippets folder."""

    def __init__(self, root: Path | str, snippets_dir: str = "snippets", languages: Iterable[str] = ("ko", "en")):
        self.root = Path(root).resolve()
        self.snippets_dir = self.root / snippets_dir
        self.languages = tuple(languages)
        self._read: dict[Path, tuple[int, list[Description]]] = {}
        #: (catalog path, msgid) of every entry a figure used since :meth:`reset`
        self.used: set[tuple[str, str]] = set()

    def catalog(self, topic: str, language: str) -> Path:
        return self.snippets_dir / topic / f"{language}.po"

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def entries(self, topic: str, language: str) -> list[Description]:
        path = self.catalog(topic, language)
        if not path.is_file():
            return []
        mtime = path.stat().st_mtime_ns
        cached = self._read.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        shown = self._shown(path)
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=None, abort_invalid=True)
        except (PoFileError, UnicodeDecodeError, ValueError) as exc:
            raise DescriptionError(f"{shown}: not a valid .po catalog: {exc}") from None
        found = []
        for message in catalog:
            if message.context != CONTEXT or not message.id:
                continue
            where = f"{shown}:{message.lineno}"
            if not isinstance(message.id, str):
                raise DescriptionError(f"{where}: a figure description has no plural (msgid_plural)")
            if message.fuzzy or not (message.string or "").strip():
                continue  # untranslated or to be reviewed: as if missing
            found.append(Description(message.id, message.string.strip(), where))
        self._read[path] = (mtime, found)
        return found

    def describe(self, topic: str, title: str, language: str, figure: str) -> str:
        """The description of the figure titled ``title`` (English, as drawn) in ``language``.

        ``figure`` names the figure in messages (``snippets/x/y.py, figure 2``).
        """
        path = self.catalog(topic, language)
        shown = self._shown(path)
        for entry in self.entries(topic, language):
            if "{}" in entry.msgid:
                match = _template(entry.msgid).match(title)
                if match is None:
                    continue
                values = list(match.groups())
                parts = entry.msgstr.split("{}")
                if len(parts) - 1 > len(values):
                    raise DescriptionError(
                        f"{entry.where}: the description has {len(parts) - 1} '{{}}' but its msgid only {len(values)}"
                    )
                text = parts[0] + "".join(value + part for value, part in zip(values, parts[1:]))
            elif entry.msgid == title:
                text = entry.msgstr
            else:
                continue
            self._check_numbers(entry, title)
            self.used.add((shown, entry.msgid))
            return text
        raise DescriptionError(
            f"{figure} (title {title!r}) has no {language!r} description: add to {shown}\n"
            f'    msgctxt "{CONTEXT}"\n    msgid "{title}"\n'
            f'    msgstr "<what the figure shows and what to take from it>"'
        )

    @staticmethod
    def _check_numbers(entry: Description, title: str) -> None:
        """A number in a description must be one the title shows (never typed from a run)."""
        allowed = set(_NUMBER.findall(title)) | set(_NUMBER.findall(entry.msgid))
        typed = [
            n
            for n in _NUMBER.findall(entry.msgstr.replace("{}", ""))
            if n not in allowed and (len(n) > 1 or not n.isdigit())  # a lone digit: a label (y = 1), a formula's 1
        ]
        if typed:
            raise DescriptionError(
                f"{entry.where}: the description of {entry.msgid!r} types the number(s) {', '.join(typed)}, "
                "which its title does not show: describe the figure in words, or take the value from the "
                "title with '{}'"
            )

    def unused(self, topics: Iterable[str]) -> list[str]:
        """Description entries of ``topics`` that no figure used (``file:line: msgid``)."""
        found = []
        for topic in sorted(set(topics)):
            for language in self.languages:
                shown = self._shown(self.catalog(topic, language))
                for entry in self.entries(topic, language):
                    if (shown, entry.msgid) not in self.used:
                        found.append(f"{entry.where}: figure description {entry.msgid!r} describes no figure")
        return found


def describe_all(results: dict[str, SnippetResult], descriptions: Descriptions, source_language: str = "en") -> dict[str, SnippetResult]:
    """``results`` with every figure's ``description`` filled in, for every language.

    The title looked up is the English one the figure draws (its alt text in the
    source language). Raises :class:`DescriptionError` listing every figure that lacks one.
    """
    descriptions.used = set()
    problems: list[str] = []
    described: dict[str, SnippetResult] = {}
    for name, result in results.items():
        topic = posixpath.dirname(name)
        figures = []
        for number, figure in enumerate(result.figures, start=1):
            title = figure.alt[source_language]
            texts = {}
            for language in descriptions.languages:
                try:
                    texts[language] = descriptions.describe(
                        topic, title, language, f"snippets/{name}, figure {number}"
                    )
                except DescriptionError as exc:
                    problems.append(str(exc))
            figures.append(replace(figure, description=texts))
        described[name] = replace(result, figures=figures)
    if problems:
        raise DescriptionError("\n".join(problems))
    return described
