"""Drop the indentation between tags that the theme's templates leave in every page.

Material's Jinja templates indent their markup; on this site that is 0.3 MB of spaces
over the pages. :func:`collapse` replaces a run of whitespace holding a line break
between two tags by the line break alone: HTML renders a run of whitespace between
elements as one space or none, whatever it holds, so the page looks the same. Text is
never touched (whitespace next to a word stays as it was), nor attribute values, nor
anything inside ``<pre>``, ``<textarea>``, ``<code>``, ``<script>`` and ``<style>``,
where whitespace is content.

Why not a minifier (minify-html, htmlmin): they go further (attribute quotes, optional
tags, whitespace next to text, inline scripts), which is where their risk and the
site's tests' reading of the HTML lie; this one rule is most of what they would save.
"""

from __future__ import annotations

import re

#: a tag, comment or declaration (a quoted attribute value may hold ``>``)
_TAG = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
#: the start of an element whose content keeps its whitespace, and its end
_VERBATIM = re.compile(r"<(pre|textarea|code|script|style)\b", re.I)
#: whitespace holding a line break
_INDENT = re.compile(r"\s*\n\s*")


def collapse(html: str) -> str:
    """``html`` without the indentation between its tags."""
    out: list[str] = []
    position = 0
    while True:
        match = _TAG.search(html, position)
        if match is None:
            out.append(html[position:])
            return "".join(out)
        between = html[position : match.start()]
        if out and _INDENT.fullmatch(between):  # only whitespace, a line break in it, after a tag
            between = "\n"
        out.append(between)
        verbatim = _VERBATIM.match(match.group(0))
        if verbatim:
            close = re.compile(rf"</{verbatim.group(1)}\s*>", re.I).search(html, match.end())
            end = close.end() if close else len(html)
            out.append(html[match.start() : end])
            position = end
        else:
            out.append(match.group(0))
            position = match.end()
