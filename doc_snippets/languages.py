"""The languages of a build: which ones, which one is being built, and links between them.

mkdocs-static-i18n builds the default language first, then runs one more build per
other language with the same plugins; these helpers read its state so the rest of
``doc_snippets`` need not know how it works.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page


def _i18n(config: MkDocsConfig):
    return config.plugins.get("i18n")


def languages(config: MkDocsConfig) -> list[str]:
    """Every language of the site, the default one first."""
    i18n = _i18n(config)
    if i18n is None:
        return [config.theme.get("language") or "en"]
    return [lang.locale for lang in i18n.config.languages]


def multilingual(config: MkDocsConfig) -> bool:
    return _i18n(config) is not None


def top_level(config: MkDocsConfig) -> bool:
    """False inside the extra builds mkdocs-static-i18n runs for other languages."""
    i18n = _i18n(config)
    return i18n is None or not getattr(i18n, "building", False)


def building(config: MkDocsConfig) -> str:
    """The language whose pages this (possibly nested) build writes."""
    return getattr(_i18n(config), "current_language", None) or languages(config)[0]


def of_page(page: Page, config: MkDocsConfig) -> str:
    """A page's language: its file's locale, or the first folder of its URL (generated pages)."""
    all_languages = languages(config)
    language = getattr(page.file, "locale", None)
    if language is None and page.url.split("/", 1)[0] in all_languages[1:]:
        language = page.url.split("/", 1)[0]
    return language or all_languages[0]


def missing_translations(docs_dir: str | Path, all_languages: list[str]) -> list[str]:
    """Problems with the docs' language suffixes: pages without a suffix or without a counterpart."""
    if len(all_languages) < 2:
        return []
    docs = Path(docs_dir)
    problems: list[str] = []
    pages: dict[str, set[str]] = {}
    for md in sorted(docs.rglob("*.md")):
        stem, _, lang = md.relative_to(docs).as_posix()[: -len(".md")].rpartition(".")
        if lang in all_languages:
            pages.setdefault(stem, set()).add(lang)
        else:
            problems.append(f"{md.relative_to(docs)}: page has no language suffix ({', '.join(all_languages)})")
    for stem, present in sorted(pages.items()):
        for lang in all_languages:
            if lang not in present:
                problems.append(f"{stem}.{lang}.md is missing: {stem} has no '{lang}' translation")
    return problems


def relative_alternates(config: MkDocsConfig) -> None:
    """Language selector links relative to the page, so the site works at any path.

    mkdocs-static-i18n leaves the home page's selector links absolute
    (``/<site_url path>/en/``): fine where the site is served from ``site_url``,
    broken under ``mkdocs serve`` at another path or from a plain folder.
    """
    base = urlsplit(config.site_url or "").path or "/"
    # i18n sets it as an attribute (what the theme's template reads), not as a key
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    for alternate in alternates:
        link = alternate.get("link", "")
        if link.startswith(base):
            alternate["link"] = link[len(base) :] or "./"


HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="(?P<lang>[^"]+)">')
SELECTOR_LINK = re.compile(r'<a href="[^"]*" hreflang="(?P<lang>[^"]+)"')


def root(language: str, all_languages: list[str]) -> str:
    """The folder of ``language`` under the site root ("" for the default language)."""
    return "" if language == all_languages[0] else f"{language}/"


def alternates_at_roots(html: str, to_site_root: str, all_languages: list[str]) -> str:
    """Point the head's ``<link rel="alternate" hreflang>`` at each language's root.

    Material reads those links as the roots of alternate sites and fetches
    ``<href>/sitemap.xml`` from each on every page load; pointing at the page itself
    (as mkdocs-static-i18n writes them) asked for ``<page folder>/sitemap.xml``, a 404 on
    every page. The language roots hold a sitemap each (see doc_snippets.search), whose
    entries name every page's translation for search engines; the header's language
    selector still leads to the same page in the other language.
    """

    def replace(match: re.Match[str]) -> str:
        lang = match.group("lang")
        if lang not in all_languages:
            return match.group(0)
        href = to_site_root + root(lang, all_languages)
        return f'<link rel="alternate" href="{href or "./"}" hreflang="{lang}">'

    return HEAD_ALTERNATE.sub(replace, html)


#: Material's 404 heading (its template has it in English only), in the page's language
NOT_FOUND_HEADING = "<h1>404 - Not found</h1>"
NOT_FOUND = {"ko": "<h1>404 - 페이지를 찾을 수 없습니다</h1>"}


def not_found_in(html: str, language: str) -> str:
    """The 404 page's heading in ``language`` (English where there is no translation)."""
    return html.replace(NOT_FOUND_HEADING, NOT_FOUND[language], 1) if language in NOT_FOUND else html


def selector_to(html: str, targets: dict[str, str]) -> str:
    """Language selector links to ``targets[lang]`` (for pages mkdocs-static-i18n does not pair)."""

    def replace(match: re.Match[str]) -> str:
        lang = match.group("lang")
        if lang not in targets:
            return match.group(0)
        return f'<a href="{targets[lang]}" hreflang="{lang}"'

    return SELECTOR_LINK.sub(replace, html)
