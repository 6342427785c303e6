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

:func:`mark_language_links` gives the language selector's links (``hreflang``) the
``lang`` of the language they name, so "한국어" is read in Korean on an English page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

#: Elements whose text is never marked: code, math, drawings, scripts.
SKIP_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "math", "textarea", "template"})
#: Elements with one of these classes are skipped too: formulas (pymdownx.arithmatex) and a code
#: block's title, which names a file (snippets/confusion_matrix/threshold.py).
SKIP_CLASSES = frozenset({"arithmatex", "MathJax", "filename"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)

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


class _Marker(HTMLParser):
    def __init__(self, language: str, terms: re.Pattern[str] | None):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.terms = terms
        self.out: list[str] = []
        #: (tag, skip, lang) of each open element
        self.stack: list[tuple[str, bool, str | None]] = []

    # -- state ------------------------------------------------------------------------
    def _skipping(self) -> bool:
        return any(skip for _, skip, _ in self.stack)

    def _current_lang(self) -> str:
        for _, _, lang in reversed(self.stack):
            if lang:
                return lang.split("-")[0].lower()
        return self.language

    # -- events -----------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in VOID_TAGS:
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        skip = tag in SKIP_TAGS or tag.startswith("mjx-") or bool(classes & SKIP_CLASSES)
        self.stack.append((tag, skip, values.get("lang")))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style"):
            self.out.append(data)  # raw text: the parser gives it unconverted
        elif self._skipping() or self._current_lang() != self.language:
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(self._mark(data))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")

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
    marker = _Marker(language, _term_pattern(terms) if language == "ko" else None)
    marker.feed(html)
    marker.close()
    return "".join(marker.out)


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
