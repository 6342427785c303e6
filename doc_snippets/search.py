"""One search index per language, and each page pointed at its own.

mkdocs-static-i18n writes one ``search/search_index.json`` holding every language's
pages; :func:`split_search_index` gives each language root its own index (and its own
``sitemap.xml``, which Material also reads under its ``base``), and
:func:`rebase_search` points a page's Material ``base`` at its language root.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError


CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def rebase_search(html: str, language: str) -> str:
    """Make Material's ``base`` (where its search index and results live) the language root.

    Pages under ``/en/`` otherwise share the site root's ``base`` and with it the
    default language's index; :func:`split_search_index` writes ``/en/search/``.
    """
    match = CONFIG_SCRIPT.search(html)
    if match is None:
        raise PluginError("[doc_snippets] no Material __config script on the page: is the theme material?")
    app = json.loads(match.group(2))
    app["base"] = posixpath.join(app["base"], language) + "/"
    return html[: match.start(2)] + json.dumps(app, ensure_ascii=False) + html[match.end(2) :]


def language_index(index: dict, language: str, default_language: str, other_languages: list[str]) -> str:
    """The text of ``language``'s own search index: the entries of ``index`` under its root."""

    def language_of(location: str) -> str:
        first = location.split("/", 1)[0]
        return first if first in other_languages else default_language

    subset = dict(index)
    subset["docs"] = [
        {**doc, "location": doc["location"][len(language) + 1 :] if language != default_language else doc["location"]}
        for doc in index["docs"]
        if language_of(doc["location"]) == language
    ]
    config = dict(index.get("config", {}))
    config["lang"] = [language]
    subset["config"] = config
    return json.dumps(subset, ensure_ascii=False, separators=(",", ":"))


def split_search_index(site_dir: Path, default_language: str, other_languages: list[str]) -> None:
    """Give each language its own search index.

    mkdocs-static-i18n writes one ``search/search_index.json`` holding every
    language's pages. Material's search on a page loads the index under the
    page's language root (``/search/`` for the default language, ``/en/search/``
    for English), so each of those files gets only the entries of its language.
    """
    shared = site_dir / "search" / "search_index.json"
    if not shared.is_file():
        return
    index = json.loads(shared.read_text(encoding="utf-8"))
    for language in [default_language, *other_languages]:
        target = shared if language == default_language else site_dir / language / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(language_index(index, language, default_language, other_languages), encoding="utf-8")

    # Material also reads sitemap.xml under its base: give each language root one.
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        text = sitemap.read_text(encoding="utf-8")
        for language in other_languages:
            urls = re.findall(r"<url>.*?</url>", text, re.S)
            own = [u for u in urls if re.search(rf"<loc>[^<]*/{re.escape(language)}/", u)]
            head = text[: text.find("<url>")] if "<url>" in text else text
            (site_dir / language / "sitemap.xml").write_text(
                head + "\n".join(own) + "\n</urlset>\n", encoding="utf-8"
            )
