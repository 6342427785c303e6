"""``[[ explorer: ... ]]``: an interactive figure fed with the values of a snippet's run.

A page line such as::

    [[ explorer: threshold | confusion_matrix/threshold.py: scores labels ]]

becomes an element ``<div class="explorer" data-explorer="threshold">`` holding the named
module-level values of that snippet's run (saved by :mod:`doc_snippets.values`) as
JSON; ``docs/javascripts/explorers.js`` draws the explorer from them. The numbers an
explorer shows are computed from the build's run, never typed a second time.

Each kind of explorer needs certain values (:data:`KINDS`); a line that names an
unknown kind, an unknown snippet, or a value the run does not have is an
:class:`ExplorerError`, which the plugin reports with the page and line.
"""

from __future__ import annotations

import json
import re
from html import escape

from doc_snippets import values
from doc_snippets.runner import SnippetResult

DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)\[\[\s*explorer:\s*(?P<kind>[\w-]+)\s*\|\s*(?P<name>[^\s:|\]]+)\s*:"
    r"\s*(?P<names>[^\]]*?)\s*\]\]\s*$"
)
LOOKS_LIKE = re.compile(r"\[\[\s*explorer\b")

#: kind of explorer -> the values it draws (the line may name more, never fewer)
KINDS: dict[str, tuple[str, ...]] = {
    # gradient descent on cost(W) = mean((x W - y)^2)
    "descent": ("x_train", "y_train"),
    # H(x) = sigmoid(W x + b) over the training samples, with the trained W and b
    "sigmoid": ("x_data", "y_data", "W", "b"),
    # a threshold over a classifier's scores: confusion matrix, metrics, PR curve
    "threshold": ("scores", "labels"),
}

#: what a reader without JavaScript sees in its place (shown by the stylesheet, so
#: that search does not index it)
FALLBACK = {
    "ko": "이 그림을 움직이려면 JavaScript가 필요합니다.",
    "en": "Moving this figure needs JavaScript.",
}


class ExplorerError(ValueError):
    """The explorer line cannot be served: the message says why (without page:line)."""


def parse(line: str) -> re.Match[str] | None:
    """The directive on ``line``, or ``None``; a line that only looks like one raises."""
    match = DIRECTIVE.match(line)
    if match is None and LOOKS_LIKE.search(line):
        raise ExplorerError(
            f"malformed explorer line {line.strip()!r}; write "
            "[[ explorer: KIND | topic/snippet.py: name1 name2 ]]"
        )
    return match


def data(match: re.Match[str], results: dict[str, SnippetResult], snippets_dir: str = "snippets") -> dict:
    """The values the line asks for, from the run of its snippet."""
    kind, name = match.group("kind"), match.group("name")
    if kind not in KINDS:
        raise ExplorerError(f"unknown explorer {kind!r} (known: {', '.join(sorted(KINDS))})")
    result = results.get(name)
    if result is None:
        raise ExplorerError(f"no snippet {name!r} under {snippets_dir}/")
    names = match.group("names").split()
    if not names:
        raise ExplorerError(f"name the values of {name} the explorer draws, e.g. {name}: {' '.join(KINDS[kind])}")
    missing = [n for n in KINDS[kind] if n not in names]
    if missing:
        raise ExplorerError(f"the {kind} explorer draws {', '.join(KINDS[kind])}; the line does not name {', '.join(missing)}")
    saved = values.load(result.entry)
    if saved is None:
        raise ExplorerError(f"the run of {snippets_dir}/{name} saved no values (rebuild to run it again)")
    unknown = [n for n in names if n not in saved]
    if unknown:
        have = ", ".join(sorted(saved)) or "none"
        raise ExplorerError(
            f"{snippets_dir}/{name} has no module-level value {', '.join(map(repr, unknown))} that JSON can hold "
            f"(its run has: {have})"
        )
    return {n: saved[n] for n in names}


def render(match: re.Match[str], found: dict, language: str) -> str:
    """The element the page gets: the values as JSON inside it, for the script."""
    payload = json.dumps(found, separators=(",", ":"), allow_nan=False)
    # nothing in it may close the <script> element or open a comment
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    fallback = FALLBACK.get(language, FALLBACK["en"])
    return (
        f'<div class="explorer" data-explorer="{escape(match.group("kind"))}" data-lang="{escape(language)}" '
        f'data-snippet="{escape(match.group("name"))}" data-fallback="{escape(fallback)}">\n'
        f'<script type="application/json">{payload}</script>\n'
        f"</div>"
    )


def block(match: re.Match[str], results: dict[str, SnippetResult], language: str, snippets_dir: str = "snippets") -> str:
    """The HTML for the explorer line ``match`` on a page in ``language``."""
    return render(match, data(match, results, snippets_dir), language)
