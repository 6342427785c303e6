"""Language of parts (WCAG 3.1.2): ``lang`` on the other language's words in a page.

A Korean page writes a term's English beside it at first use, ``경사 하강법(gradient
descent)``, and an English page quotes Korean now and then (``경사 하강법``, the Korean
column of the glossary). A screen reader reads a page in the voice of its ``lang``, so
those words need a ``lang`` of their own. Nobody types it: :func:`mark` finds them in
the page's HTML after Markdown has rendered it and wraps them in
``<span lang="..">``:

- on a Korean page, Latin text in parentheses right after Hangul (the ``한글(English)``
  pattern), and any English term of the glossary (``data/glossary.yml``);
- on an English page, every run of Hangul (which covers the glossary's Korean terms).

Only text is touched: never an attribute, nor the inside of code (``code``, ``pre``,
``kbd``, ``samp``), math (``.arithmatex``, ``math``, MathJax output), SVG, scripts and
styles, nor an element that already says its ``lang``.

:func:`mark` walks from tag to tag with a regular expression and writes the page back as
html.parser would read it (tests/test_lang_parts.py holds it to a marking made on
html.parser's events, on every built page and on odd markup); a ``pre`` block, where
most of a page's tags are (the code's highlighting), is taken in one go. A build's 111
pages: 1.4 s -> 0.37 s of CPU.

:func:`mark_language_links` gives the language selector's links (``hreflang``) the
``lang`` of the language they name, so "한국어" is read in Korean on an English page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape, unescape

from doc_snippets.html_tags import RAW_TEXT_END, VOID_TAGS, pre_end

#: Elements whose text is never marked: code, math, drawings, scripts.
SKIP_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "math", "textarea", "template"})
#: Elements with one of these classes are skipped too: formulas (pymdownx.arithmatex) and a code
#: block's title, which names a file (snippets/confusion_matrix/threshold.py).
SKIP_CLASSES = frozenset({"arithmatex", "MathJax", "filename"})

HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
#: A run of Hangul words, with the spaces and middle dots between them.
HANGUL_RUN = re.compile(rf"[{HANGUL}]+(?:[ \u00a0·]+[{HANGUL}]+)*")
#: ``한글(English)``: Latin text (two letters at least, no Hangul) in parentheses right after Hangul.
KO_EN_PAIR = re.compile(rf"(?<=[{HANGUL}])(\s?\()([A-Za-z][A-Za-z0-9 \u00a0.,'’/&+\-]*[A-Za-z0-9.])(\))")


def _term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in words)
    return re.compile(rf"(?<![A-Za-z0-9_-])(?:{alternatives})(?![A-Za-z0-9_-])", re.IGNORECASE)


def english_terms(entries: Iterable[dict]) -> list[str]:
    """The glossary's English terms, each also without its parenthesized note.

    ``dimension (of a tensor)`` gives ``dimension (of a tensor)`` and ``dimension``.
    """
    found: list[str] = []
    for entry in entries:
        term = str(entry.get("en", "")).strip()
        if not term:
            continue
        found.append(term)
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", term)
        if bare and bare != term:
            found.append(bare)
    return found


def _span(text: str, language: str) -> str:
    return f'<span lang="{language}">{escape(text, quote=False)}</span>'


#: what :func:`mark` walks through: a comment, a declaration (``<!DOCTYPE html>``), a
#: processing instruction, an end tag, a start tag (its attributes in group 4); the text
#: between them is the page's text
MARKUP = re.compile(
    r"<!--.*?(?:--\s*>|\Z)"
    r"|<![^>]*>"
    r"|<\?[^>]*>"
    r"|</([a-zA-Z][^\s/>]*)[^>]*>"
    r"|<([a-zA-Z][^\s/>\x00]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
#: an attribute of a start tag (name, then the value in one of three quotings)
ATTRIBUTE = re.compile(r"""([^\s/>=]+)(?:\s*=+\s*(?:"([^"]*)"|'([^']*)'|([^>\s]*)))?""")
#: a start tag's attributes that may hold a class or a lang (only those are read)
CLASS_OR_LANG = re.compile(r"class|lang", re.I)


def _attributes(text: str) -> dict[str, str]:
    """The ``class`` and ``lang`` of a start tag's attribute text (the first of each, as html.parser keeps)."""
    found: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        if name in ("class", "lang") and name not in found:
            value = match.group(2) if match.group(2) is not None else match.group(3) if match.group(3) is not None else match.group(4)
            found[name] = unescape(value or "")
    return found


#: the tags (and comments) of a skipped element's inside, kept by :meth:`re.split`
TAGS = re.compile(r"(<!--.*?(?:--\s*>|\Z)|</?[a-zA-Z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.S)
#: an end tag as html.parser gives it back (:func:`_as_parsed`)
PLAIN_END_TAG = re.compile(r"</[a-z0-9]+>")


def _as_parsed(inside: str) -> str:
    """A skipped element's inside as :class:`_Marker` writes it back: tags as written (end
    tags as ``</name>``), text with its character references resolved and ``&``, ``<``
    and ``>`` escaped, as html.parser gives it. Its elements are taken to close inside it."""
    parts = TAGS.split(inside)
    for i in range(0, len(parts), 2):
        text = parts[i]
        if "&" in text or ">" in text or "<" in text:
            parts[i] = escape(unescape(text), quote=False)
    for i in range(1, len(parts), 2):
        tag = parts[i]
        if tag.startswith("</") and not PLAIN_END_TAG.fullmatch(tag):
            parts[i] = "</" + re.split(r"[\s/>]", tag[2:], maxsplit=1)[0].lower() + ">"
    return "".join(parts)


class _Marker:
    """Walks a page's HTML from tag to tag (a regular expression finds them, as
    html.parser does but without a Python call per tag), keeping which elements are
    open, and marks the text between them."""

    def __init__(self, language: str, terms: re.Pattern[str] | None):
        self.language = language
        self.terms = terms
        #: (tag, skip, lang) of each open element
        self.stack: list[tuple[str, bool, str | None]] = []
        #: open elements that are skipped, and open elements with a lang of their own
        self.skipping = 0
        self.langs = 0

    def _current_lang(self) -> str:
        for _, _, lang in reversed(self.stack):
            if lang:
                return lang.split("-")[0].lower()
        return self.language

    def _text(self, text: str) -> str:
        text = unescape(text)
        if self.skipping or (self.langs and self._current_lang() != self.language):
            return escape(text, quote=False)
        return self._mark(text)

    def walk(self, html: str) -> str:
        out: list[str] = []
        position = 0
        length = len(html)
        while position < length:
            match = MARKUP.search(html, position)
            if match is None:
                out.append(self._text(html[position:]))
                break
            if match.start() > position:
                out.append(self._text(html[position : match.start()]))
            position = match.end()
            end_name, name = match.group(1), match.group(2)
            if end_name is not None:
                self._close(end_name.lower())
                out.append(f"</{end_name.lower()}>")
                continue
            out.append(match.group(0))  # a start tag, comment, declaration: as written
            if name is None:
                continue
            name = name.lower()
            attributes = match.group(3)
            if name in VOID_TAGS or attributes.rstrip().endswith("/"):
                continue
            skip = name in SKIP_TAGS or name.startswith("mjx-")
            lang = None
            if CLASS_OR_LANG.search(attributes):
                values = _attributes(attributes)
                skip = skip or bool(set(values.get("class", "").split()) & SKIP_CLASSES)
                lang = values.get("lang")
            if name == "pre":  # skipped: its inside in one go (most of a page's tags are in code blocks)
                end = pre_end(html, position)
                if end is not None:
                    out.append(_as_parsed(html[position : end.start()]))
                    out.append("</pre>")
                    position = end.end()
                    continue
            self._open(name, skip, lang)
            if name in RAW_TEXT_END:  # its text, as written, up to its end tag
                end = RAW_TEXT_END[name].search(html, position)
                stop = length if end is None else end.start()
                out.append(html[position:stop])
                position = stop
        return "".join(out)

    def _open(self, tag: str, skip: bool, lang: str | None) -> None:
        self.stack.append((tag, skip, lang))
        self.skipping += skip
        self.langs += bool(lang)

    def _close(self, tag: str) -> None:
        stack = self.stack
        if stack and stack[-1][0] == tag:  # most often
            _, skip, lang = stack.pop()
            self.skipping -= skip
            self.langs -= bool(lang)
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, skip, lang in self.stack[i:]:
                    self.skipping -= skip
                    self.langs -= bool(lang)
                del self.stack[i:]
                break

    # -- text -------------------------------------------------------------------------
    def _mark(self, text: str) -> str:
        if self.language == "ko":
            return _mark_korean_text(text, self.terms)
        return _replace(text, HANGUL_RUN, lambda m: _span(m.group(0), "ko"))


def _replace(text: str, pattern: re.Pattern[str], wrap) -> str:
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()], quote=False))
        out.append(wrap(match))
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def _mark_korean_text(text: str, terms: re.Pattern[str] | None) -> str:
    """English in a Korean text: ``한글(English)`` pairs first, then glossary terms."""
    spans: list[tuple[int, int]] = [(m.start(2), m.end(2)) for m in KO_EN_PAIR.finditer(text)]
    if terms is not None:
        for match in terms.finditer(text):
            if not any(start < match.end() and match.start() < end for start, end in spans):
                spans.append((match.start(), match.end()))
    spans.sort()
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start], quote=False))
        out.append(_span(text[start:end], "en"))
        last = end
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def mark(html: str, language: str, terms: Iterable[str] = ()) -> str:
    """``html`` (a page's content, in ``language``) with ``lang`` on the other language's words.

    ``terms`` are the glossary's English terms (see :func:`english_terms`), marked on
    Korean pages wherever they stand. Languages other than Korean and English are
    returned unchanged.
    """
    language = language.split("-")[0].lower()
    if language not in ("ko", "en"):
        return html
    return _Marker(language, _term_pattern(terms) if language == "ko" else None).walk(html)


LANGUAGE_LINK = re.compile(r'<a\b(?P<attrs>[^>]*\bhreflang="(?P<lang>[A-Za-z-]+)"[^>]*)>')


def mark_language_links(html: str) -> str:
    """``lang`` on every link that names its language with ``hreflang`` (the language
    selector), unless it has one."""

    def add(match: re.Match[str]) -> str:
        attrs = match.group("attrs")
        if re.search(r"\blang=", attrs.replace("hreflang=", "")):
            return match.group(0)
        return f'<a{attrs} lang="{match.group("lang")}">'

    return LANGUAGE_LINK.sub(add, html)


#: The title Python-Markdown's ``toc`` extension gives every heading's permalink, in
#: English on every page (its option is one for the whole site), per page language.
PERMALINK_TITLES = {"ko": "이 절로 바로 가는 링크", "en": "Permanent link"}
PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")Permanent link(")')


def translate_permalinks(html: str, language: str) -> str:
    """The headings' permalink titles in the page's language (a Korean page otherwise
    says "Permanent link" to a screen reader in a Korean voice)."""
    title = PERMALINK_TITLES.get(language.split("-")[0].lower())
    if title is None or title == "Permanent link":
        return html
    return PERMALINK.sub(lambda m: m.group(1) + title + m.group(2), html)
