"""nbconvert's last pass over a notebook page's HTML, made on its start tags alone.

nbconvert's ``HTMLExporter`` ends every page by parsing the whole of it with
BeautifulSoup's pure-Python parser, to give three kinds of element an attribute (an
``alt`` to an image without one, ``tabindex="0"`` to the cells' input wrappers and
outputs), and by writing the whole tree back out: half of a page's render (68 pages:
4.2 -> 1.6 s of CPU). :func:`install` gives nbconvert's module :class:`TagEdits` in
BeautifulSoup's place, in the notebook workers only: it finds the same elements from
their start tags (following which elements are open, as the parser does) and writes
again only the tags it edits.

The page is the same tree: the tests compare it with nbconvert's, both parsed by
BeautifulSoup, on the site's notebooks and on markup made to trip it. What nbconvert
asks of it beyond those three selectors is handed to BeautifulSoup after all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from html.parser import attrfind_tolerant

from doc_snippets.html_tags import RAW_TEXT_END, VOID_TAGS, pre_end

#: what the pass asks for, as nbconvert 7's ``HTMLExporter.from_notebook_node`` writes it
ANY_ALT = "img:not([alt])"
INPUT_WRAPPERS = ".jp-Notebook div.jp-Cell-inputWrapper"
OUTPUTS = ".jp-Notebook div.jp-OutputArea-output"

#: a comment's start; an end tag; a start tag (a script's or style's text is skipped apart)
MARKUP = re.compile(
    r"(<!--)"
    r"|</([a-zA-Z][^\s/>]*)[^>]*>"
    r"|<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
)
#: what html.parser skips after a tag's name
BETWEEN_ATTRIBUTES = re.compile(r"(?:\s|/(?!>))*")


class Tag:
    """A start tag of the page: its name, its attributes (edit them in ``attrs``) and
    whether it is inside an element of the class ``jp-Notebook``."""

    def __init__(self, name: str, attrs: dict[str, str | None], start: int, end: int, closed: bool, in_notebook: bool):
        self.name = name
        self.attrs = attrs
        self.start, self.end = start, end
        self.closed = closed  # written ``<x ... />``
        self.in_notebook = in_notebook
        self._original = dict(attrs)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def edited(self) -> bool:
        return self.attrs != self._original

    def markup(self) -> str:
        """The tag as written after its edits (attributes in BeautifulSoup's order: by name)."""
        parts = [f"<{self.name}"]
        for key, value in sorted(self.attrs.items()):
            parts.append(f" {key}" if value is None else f' {key}="{escape(str(value), quote=True)}"')
        parts.append("/>" if self.closed else ">")
        return "".join(parts)


def _inside_notebook(tag: Tag, cls: str) -> bool:
    return tag.name == "div" and tag.in_notebook and cls in tag.classes


SELECTORS: dict[str, Callable[[Tag], bool]] = {
    ANY_ALT: lambda tag: tag.name == "img" and "alt" not in tag.attrs,
    INPUT_WRAPPERS: lambda tag: _inside_notebook(tag, "jp-Cell-inputWrapper"),
    OUTPUTS: lambda tag: _inside_notebook(tag, "jp-OutputArea-output"),
}
#: the elements :data:`SELECTORS` can select
SELECTED = frozenset({"img", "div"})
#: an ``img`` or ``div`` start tag
SELECTED_TAG = re.compile(r"<(?:img|div)\b", re.I)


def _attributes(markup: str, match: re.Match[str]) -> dict[str, str | None]:
    """The attributes of the start tag ``match``, as html.parser reads them (with its own pattern)."""
    attrs: dict[str, str | None] = {}
    position = BETWEEN_ATTRIBUTES.match(markup, match.start(4)).end()
    while position < match.end() - 1:
        attr = attrfind_tolerant.match(markup, position)
        if not attr or attr.end() == position:
            break
        key, rest, value = attr.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        attrs[key.lower()] = unescape(value) if value else value
        position = attr.end()
    return attrs


def start_tags(markup: str) -> list[Tag]:
    """The ``img`` and ``div`` start tags of ``markup`` outside comments, scripts and
    styles, in order: all that :data:`SELECTORS` can select.

    The open elements are followed as BeautifulSoup's ``html.parser`` tree does: an end
    tag closes the innermost open element of its name and those inside it, and is
    ignored if none is open; void elements and ``<x/>`` hold nothing. A ``pre`` block
    (a code cell's highlighted code: most of a page's tags) with no ``img`` or ``div``
    in it is passed over whole, its elements taken to close inside it.
    """
    tags: list[Tag] = []
    open_elements: list[tuple[str, bool]] = []  # (name, of the class jp-Notebook)
    notebooks = 0  # open elements of the class jp-Notebook
    position = 0
    while (match := MARKUP.search(markup, position)) is not None:
        position = match.end()
        if match.group(1):  # a comment
            end = markup.find("-->", position)
            position = len(markup) if end < 0 else end + 3
            continue
        if match.group(2):  # an end tag
            name = match.group(2).lower()
            for i in range(len(open_elements) - 1, -1, -1):
                if open_elements[i][0] == name:
                    notebooks -= sum(notebook for _, notebook in open_elements[i:])
                    del open_elements[i:]
                    break
            continue
        name = match.group(3).lower()
        closed = match.group(4).rstrip().endswith("/")
        notebook = False
        if name in SELECTED or "jp-Notebook" in match.group(4):
            attrs = _attributes(markup, match)
            notebook = "jp-Notebook" in (attrs.get("class") or "").split()
            if name in SELECTED:
                tags.append(Tag(name, attrs, match.start(), match.end(), closed, notebooks > 0))
        if closed or name in VOID_TAGS:
            continue
        if name in RAW_TEXT_END:  # its text holds no tag
            end = RAW_TEXT_END[name].search(markup, position)
            position = len(markup) if end is None else end.end()
            continue
        if name == "pre":
            end = pre_end(markup, position)
            if end is not None and not SELECTED_TAG.search(markup, position, end.start()):
                position = end.end()
                continue
        open_elements.append((name, notebook))
        notebooks += notebook
    return tags


class TagEdits:
    """BeautifulSoup as nbconvert's HTML pass uses it: ``select`` (of :data:`SELECTORS`)
    and ``str``. Any other selector parses the page with BeautifulSoup, after the edits
    made so far, and everything after goes to that tree."""

    def __init__(self, markup: str, features: str | None = None):
        self._markup = markup
        self._features = features
        self._tags: list[Tag] | None = None
        self._soup = None

    def select(self, selector: str):
        test = SELECTORS.get(" ".join(selector.split()))
        if self._soup is None and test is not None:
            if self._tags is None:
                self._tags = start_tags(self._markup)
            return [tag for tag in self._tags if test(tag)]
        if self._soup is None:
            from bs4 import BeautifulSoup

            self._soup = BeautifulSoup(str(self), features=self._features)
        return self._soup.select(selector)

    def __str__(self) -> str:
        if self._soup is not None:
            return str(self._soup)
        edited = [tag for tag in self._tags or () if tag.edited()]
        if not edited:
            return self._markup
        pieces, last = [], 0
        for tag in edited:
            pieces += [self._markup[last : tag.start], tag.markup()]
            last = tag.end
        pieces.append(self._markup[last:])
        return "".join(pieces)


def install() -> None:
    """(in a notebook worker) nbconvert's HTML pass through :class:`TagEdits`."""
    from nbconvert.exporters import html

    html.BeautifulSoup = TagEdits
