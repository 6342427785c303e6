"""Figure labels in the page's language, from one run of the snippet.

A snippet labels its figures in English (so the code a reader copies runs anywhere,
without a Korean font). After the run, each open figure is saved once per language:
every label, title, legend entry, text annotation and text tick label is swapped
for its translation (``msgctxt "figure text"`` in the topic's ``<language>.po`` catalog,
see :mod:`doc_snippets.catalog`) and put back afterwards, so
the numbers drawn are the same run's in every language.

Text that holds no word (numbers, ``W``, ``$H(x)$``) is left as it is; any other text
without a translation is an error that names the text, never a silently English
figure on a Korean page.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

_MATH = re.compile(r"\$[^$]*\$")
_WORD = re.compile(r"[A-Za-z]{2,}")


def _template(key: str) -> str:
    """The regular expression of a key with ``{}`` placeholders."""
    return "^" + "(.+?)".join(re.escape(part) for part in key.split("{}")) + "$"


class FigureTextError(Exception):
    """A figure text has no translation for a language the site is built in."""


def needs_translation(text: str) -> bool:
    """True if ``text`` holds a word outside ``$math$`` (so a reader would read it)."""
    return bool(_WORD.search(_MATH.sub("", text)))


class Translator:
    """Translate figure texts with a table ``{language: {source text: text}}``.

    A key may hold ``{}`` placeholders, which match any text and are carried over:
    ``"degree {}": "차수 {}"`` turns ``"degree 3"`` into ``"차수 3"``.
    """

    def __init__(self, table: dict[str, dict[str, str]], source_language: str = "en"):
        self.source_language = source_language
        self.table = table
        #: the table keys (texts and templates) a translation used
        self.used: set[str] = set()
        self._templates: dict[str, list[tuple[re.Pattern[str], str, str]]] = {}
        for language, entries in table.items():
            templates = []
            for key, value in entries.items():
                if "{}" in key:
                    templates.append((re.compile(_template(key), re.S), value, key))
            self._templates[language] = templates

    def translate(self, text: str, language: str) -> str:
        if language == self.source_language or not needs_translation(text):
            return text
        entries = self.table.get(language, {})
        if text in entries:
            self.used.add(text)
            return entries[text]
        for pattern, value, key in self._templates.get(language, []):
            match = pattern.match(text)
            if match:
                self.used.add(key)
                parts = value.split("{}")
                out = parts[0]
                for group, part in zip(match.groups(), parts[1:]):
                    out += group + part
                return out
        raise FigureTextError(
            f"figure text {text!r} has no {language!r} translation: add it to {language}.po beside the "
            f'snippet as msgctxt "figure text", msgid {text!r} ("{{}}" in a msgid matches any text)'
        )

    @contextlib.contextmanager
    def translated(self, fig: Any, language: str) -> Iterator[str]:
        """Show ``fig`` in ``language`` inside the block; yields its alt text."""
        undo: list[Any] = []
        try:
            # matplotlib lists some texts twice (the suptitle is also in fig.texts)
            for artist in {id(a): a for a in _text_artists(fig)}.values():
                original = artist.get_text()
                if original:
                    artist.set_text(self.translate(original, language))
                    undo.append(lambda artist=artist, original=original: artist.set_text(original))
            for axis in _axes_axes(fig):
                for which in ("major", "minor"):
                    getter = getattr(axis, f"get_{which}_formatter")
                    setter = getattr(axis, f"set_{which}_formatter")
                    inner = getter()
                    setter(_TranslatingFormatter(inner, lambda text: self.translate(text, language)))
                    undo.append(lambda setter=setter, inner=inner: setter(inner))
            yield _alt_text(fig)
        finally:
            for action in reversed(undo):
                action()


def _TranslatingFormatter(inner: Any, translate: Any) -> Any:
    """Wrap any tick formatter: its labels pass through ``translate`` (numbers stay)."""
    from matplotlib.ticker import Formatter

    class Translating(Formatter):
        def __call__(self, x, pos=None):
            return translate(str(inner(x, pos)))

        def format_ticks(self, values):
            return [translate(str(label)) for label in inner.format_ticks(values)]

        def set_axis(self, axis):
            super().set_axis(axis)
            inner.set_axis(axis)

        def set_locs(self, locs):
            inner.set_locs(locs)

        def get_offset(self):
            return inner.get_offset()

        def format_data(self, value):
            return inner.format_data(value)

        def format_data_short(self, value):
            return inner.format_data_short(value)

    return Translating()


def _axes_axes(fig: Any) -> Iterator[Any]:
    for ax in fig.axes:
        yield from _axes_axes_of(ax)


def _text_artists(fig: Any) -> Iterator[Any]:
    """Every text a reader sees in ``fig``, except tick labels (see formatters)."""
    if fig._suptitle is not None:
        yield fig._suptitle
    for name in ("_supxlabel", "_supylabel"):
        if getattr(fig, name, None) is not None:
            yield getattr(fig, name)
    yield from fig.texts
    legends = list(fig.legends)
    for ax in fig.axes:
        yield ax.title
        yield ax._left_title
        yield ax._right_title
        for axis in _axes_axes_of(ax):
            yield axis.label
        yield from ax.texts
        if ax.get_legend() is not None:
            legends.append(ax.get_legend())
    for legend in legends:
        yield legend.get_title()
        yield from legend.get_texts()


def _axes_axes_of(ax: Any) -> Iterator[Any]:
    for name in ("xaxis", "yaxis", "zaxis"):
        axis = getattr(ax, name, None)
        if axis is not None:
            yield axis


def _alt_text(fig: Any) -> str:
    if fig._suptitle is not None and fig._suptitle.get_text():
        title = fig._suptitle.get_text()
    else:
        title = " · ".join(ax.get_title() for ax in fig.axes if ax.get_title())
    if not title:
        raise FigureTextError(
            "a figure has no title: give it one with plt.title(...) or fig.suptitle(...); "
            "the title is the figure's alt text on the page"
        )
    return _MATH.sub(lambda m: m.group(0).strip("$").replace("\\", ""), title)
