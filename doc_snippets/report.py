"""The build report: every snippet with its run time, whether this build ran it or took
it from the cache, and the versions it ran with (in the manner of sphinx-gallery's
execution-times page).

It is the one page that changes from build to build: the line under each snippet
links to its row here instead of printing a time, so every other page is a function
of the snippets' outputs alone and two clean builds are byte-identical but for it.
A page shows it with ``[[ build report ]]`` on a line of its own.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from doc_snippets.runner import SnippetResult

#: the report page, as pages link to it (mkdocs-static-i18n picks the reader's language)
PAGE = "build-report.md"

WORDS = {
    "ko": {
        "summary": "스니펫 {total}개: 이번 빌드에서 {ran}개를 실행했고({seconds:.1f} 초), {cached}개는 캐시에서 가져왔습니다.",
        "versions": "실행 환경",
        "snippet": "스니펫",
        "pages": "보여 주는 페이지",
        "seconds": "실행 시간 (초)",
        "this_build": "이번 빌드",
        "ran": "실행함",
        "cached": "캐시에서 가져옴",
    },
    "en": {
        "summary": "{total} snippets: this build ran {ran} of them ({seconds:.1f} s) and took {cached} from the cache.",
        "versions": "Run with",
        "snippet": "Snippet",
        "pages": "Shown on",
        "seconds": "Run time (s)",
        "this_build": "This build",
        "ran": "ran",
        "cached": "from the cache",
    },
}


def anchor(name: str) -> str:
    """The id of a snippet's row: ``linear_regression/simple.py`` -> ``snippet-linear_regression-simple-py``."""
    return "snippet-" + re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")


def link(name: str) -> str:
    """Where a page links for ``name``'s run time (relative to a page at the docs root)."""
    return f"{PAGE}#{anchor(name)}"


def pages_showing(docs_dir: Path, language: str, pattern: re.Pattern[str]) -> dict[str, list[tuple[str, str]]]:
    """snippet name -> [(page stem, page title)] of the ``language`` pages that show it."""
    shown: dict[str, list[tuple[str, str]]] = {}
    for md in sorted(docs_dir.glob(f"*.{language}.md")):
        text = md.read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), md.name)
        stem = md.name[: -len(f".{language}.md")]
        for line in text.splitlines():
            match = pattern.match(line)
            if match and (stem, title) not in shown.get(match.group("name"), []):
                shown.setdefault(match.group("name"), []).append((stem, title))
    return shown


def render(
    results: dict[str, SnippetResult],
    language: str,
    versions: dict[str, str],
    shown: dict[str, list[tuple[str, str]]],
) -> str:
    """The report's markdown: a summary, the versions, and one row per snippet, slowest first."""
    words = WORDS.get(language, WORDS["en"])
    ran = [r for r in results.values() if not r.from_cache]
    lines = [
        words["summary"].format(
            total=len(results), ran=len(ran), cached=len(results) - len(ran), seconds=sum(r.seconds for r in ran)
        ),
        "",
        f"{words['versions']}: " + " · ".join(f"{package} {version}" for package, version in versions.items()),
        "",
        f"| {words['snippet']} | {words['pages']} | {words['seconds']} | {words['this_build']} |",
        "|---|---|--:|---|",
    ]
    for result in sorted(results.values(), key=lambda r: (-r.seconds, r.name)):
        pages = ", ".join(f"[{title}]({stem}.md)" for stem, title in shown.get(result.name, []))
        lines.append(
            f'| <code id="{anchor(result.name)}">snippets/{escape(result.name)}</code> | {pages} '
            f"| {result.seconds:.2f} | {words['cached'] if result.from_cache else words['ran']} |"
        )
    return "\n".join(lines)
