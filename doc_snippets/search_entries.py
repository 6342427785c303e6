"""Material's search entries of a page, kept between builds by what they are made from.

Material's search plugin parses every page's HTML as it is built (``on_page_context``):
on this site 0.4 s per language, most of it the highlighting spans of the code blocks.
A page whose HTML, table of contents, address, title and metadata are those of an earlier
build gets the same entries, so :func:`entries` keeps them in the build's memo
(:mod:`doc_snippets.memo`), keyed by those inputs, Material's version and the search
plugin's options; they are always made by Material's own ``SearchIndex``.

:class:`KeptSearchEntries` gives a page its entries just before Material's plugin would
parse it, and has Material skip that page (the page's ``search: exclude`` metadata, set
for that moment only: Material still does the rest of its step). The snippets plugin puts
the page's metadata back right after Material's step.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

#: the page's own ``search`` metadata while Material's step skips it (see :func:`restore`)
_SAVED = "_doc_snippets_search_meta"
_ABSENT = object()


def _toc(items: Any) -> list:
    return [[item.id, item.url, _toc(item.children)] for item in items]


def _toc_items(toc: list) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=id_, url=url, children=_toc_items(children)) for id_, url, children in toc]


PRE_BLOCK = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.S)
#: Pygments' spans: no attribute but a class
HIGHLIGHT_SPAN = re.compile(r'<span(?: class="[^"<>]*")?>|</span>')
TAG = re.compile(r"<[^>]*>")


def plain_code(content: str) -> str:
    """``content`` with the highlighting spans taken out of its code blocks, where a block
    holds no other tag but its ``<code>``: the same entries, parsed in a third of the time.

    Inside a ``<pre>`` Material's parser keeps every piece of text between two tags, in
    order, escaped one by one, and does nothing for a ``<span>`` but enter and leave it; a
    code block of this site is a few hundred of them. A block with any other tag (a line
    number's anchor, a span with an id) is left as it is.
    ``tests/test_kept_page_work.py`` builds this site both ways and compares every file."""

    def plain(block: re.Match) -> str:
        inner = HIGHLIGHT_SPAN.sub("", block.group(2))
        if any(not (tag == "</code>" or tag == "<code>" or tag.startswith("<code ")) for tag in TAG.findall(inner)):
            return block.group(0)
        return block.group(1) + inner + block.group(3)

    return PRE_BLOCK.sub(plain, content)


def entries(content: str, toc: list, url: str, title: str | None, meta: str, options: str, material: str, jieba: bool) -> str:
    """(memoized) The JSON of the entries Material's ``SearchIndex`` makes of a page.

    ``meta`` and ``options`` are JSON (the page's metadata, the search plugin's options);
    ``material`` and ``jieba`` (whether Material segments Chinese text) only key the memo.
    Material parses the page with its code blocks' highlighting spans taken out
    (:func:`plain_code`).
    """
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(**json.loads(options))
    page = SimpleNamespace(content=plain_code(content), toc=_toc_items(toc), url=url, title=title, meta=json.loads(meta))
    index.add_entry_from_context(page)
    return json.dumps(index.entries, ensure_ascii=False)


def _search_plugin(config: MkDocsConfig):
    plugin = config.plugins.get("material/search")
    if plugin is None or not getattr(plugin.config, "enabled", True) or not hasattr(plugin, "search_index"):
        return None
    return plugin


class KeptSearchEntries(BasePlugin):
    """Runs just before Material's search plugin (priority 0) on each page."""

    NAME = "doc_snippets/kept-search-entries"

    def __init__(self, owner) -> None:
        super().__init__()
        self.owner = owner  # the snippets plugin, whose memo keeps the entries

    @event_priority(40)  # before Material's search (0), after mkdocs-static-i18n's (50)
    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        search = _search_plugin(config)
        if search is None or (page.meta.get("search") or {}).get("exclude") or page.content is None:
            return context
        import material
        from material.plugins.search import plugin as material_search

        misses = self.owner.memo.misses
        text = self.owner.memo(
            entries,
            page.content,
            _toc(page.toc),
            page.url,
            page.title,
            json.dumps(page.meta, ensure_ascii=False, sort_keys=True, default=str),
            json.dumps(dict(search.config), ensure_ascii=False, sort_keys=True, default=str),
            getattr(material, "__version__", ""),
            material_search.jieba is not None,
        )
        made = json.loads(text)
        search.search_index.entries.extend(made)
        self.owner.search_entries_made(made, self.owner.memo.misses > misses, page, config)
        setattr(page, _SAVED, page.meta.get("search", _ABSENT))
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context


def restore(page: Page) -> None:
    """Put back the page's ``search`` metadata (after Material's step)."""
    saved = page.__dict__.pop(_SAVED, None)
    if saved is None:
        return
    if saved is _ABSENT:
        page.meta.pop("search", None)
    else:
        page.meta["search"] = saved
