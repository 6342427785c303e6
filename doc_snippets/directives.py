"""Expand the ``[[ ... ]]`` lines of a page's markdown.

``[[ snippet: topic/x.py | parts ]]`` on a line of its own becomes the snippet's
markdown (:func:`doc_snippets.render.render`); ``[[ version: torch ]]`` anywhere in
a line becomes the version the build ran with; ``[[ glossary ]]`` on a line of its
own becomes the glossary table, ``[[ build report ]]`` the build report
(:mod:`doc_snippets.report`); ``[[ explorer: kind | topic/x.py: names ]]`` becomes an
interactive figure fed with the run's values (:mod:`doc_snippets.explorer`). Code fences
are left alone; anything else that
looks like a directive is an error naming the page and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from doc_snippets import explorer, glossary
from doc_snippets.render import parse_parts, render
from doc_snippets.runner import SnippetResult, versions

DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)\[\[\s*snippet:\s*(?P<name>[^\s|\]]+)\s*(?:\|\s*(?P<parts>[^\]]*?))?\s*\]\]\s*$"
)
LOOKS_LIKE_DIRECTIVE = re.compile(r"\[\[\s*(snippet|version|glossary|build\s+report)\b")
VERSION = re.compile(r"\[\[\s*version:\s*(?P<package>[\w-]+)\s*\]\]")
GLOSSARY = re.compile(r"^\[\[\s*glossary\s*\]\]\s*$")
REPORT = re.compile(r"^\[\[\s*build\s+report\s*\]\]\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


class DirectiveError(Exception):
    """A directive that cannot be expanded; the message starts with ``page:line``."""


@dataclass
class PageContext:
    src_path: str  # the page as the author knows it (docs/-relative, with suffix)
    src_uri: str  # the page's URI in the build (links are made relative to it)
    language: str
    languages: list[str]
    glossary: Path
    snippets_dir: str = "snippets"
    #: the build report's markdown in the page's language (``[[ build report ]]``)
    report: Callable[[], str] | None = None


def expand(
    markdown: str,
    page: PageContext,
    results: dict[str, SnippetResult],
    notebook_page: Callable[[SnippetResult], str | None] = lambda result: None,
) -> tuple[str, set[str]]:
    """The page's markdown with its directives expanded, and the snippets it shows."""
    out: list[str] = []
    shown: set[str] = set()
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        where = f"{page.src_path}:{number}"
        opener = FENCE.match(line)
        if opener:
            fence = None if fence == opener.group(1) else (fence or opener.group(1))
        match = DIRECTIVE.match(line) if fence is None else None
        if fence is None and match is None:  # [[ explorer: ... ]] (doc_snippets.explorer)
            try:
                found = explorer.parse(line)
                if found is not None:
                    block = explorer.block(found, results, page.language, page.snippets_dir)
                    out.extend(found.group("indent") + b for b in block.splitlines())
                    continue
            except explorer.ExplorerError as exc:
                raise DirectiveError(f"{where}: {exc}") from None
        if match is None:
            if fence is None:
                line = _inline(line, page, where)
                if LOOKS_LIKE_DIRECTIVE.search(line):
                    raise DirectiveError(
                        f"{where}: malformed snippet line {line.strip()!r}; "
                        "write [[ snippet: path/to/example.py ]] or [[ snippet: path.py | code output ]]"
                    )
            out.append(line)
            continue
        name = match.group("name")
        result = results.get(name)
        if result is None:
            raise DirectiveError(f"{where}: no snippet {name!r} under {page.snippets_dir}/")
        try:
            parts = parse_parts(match.group("parts"), result)
        except ValueError as exc:
            raise DirectiveError(f"{where}: {exc}") from None
        shown.add(name)
        block = render(result, parts, page.language, page.src_uri, notebook_page(result), page.report is not None)
        out.extend(match.group("indent") + b if b else b for b in block.splitlines())
    return "\n".join(out) + "\n", shown


def _inline(line: str, page: PageContext, where: str) -> str:
    """``[[ version: torch ]]`` and ``[[ glossary ]]``: facts of this build, never typed."""

    def version(match: re.Match[str]) -> str:
        found = versions()
        package = match.group("package")
        if package not in found:
            raise DirectiveError(f"{where}: no version for {package!r}; known: {', '.join(found)}")
        return found[package]

    line = VERSION.sub(version, line)
    if REPORT.match(line):
        if page.report is None:
            raise DirectiveError(f"{where}: no build report in this build")
        line = page.report()
    if GLOSSARY.match(line):
        try:
            line = glossary.render(page.glossary, page.language, page.languages)
        except glossary.GlossaryError as exc:
            raise DirectiveError(f"{where}: {exc}") from None
    return line
