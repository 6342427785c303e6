"""What the two walks through a page's tags share (:mod:`doc_snippets.lang_parts`,
:mod:`doc_snippets.nbconvert_pass`): the elements that hold nothing, where a script's or
style's raw text ends, and where a ``pre`` block ends."""

from __future__ import annotations

import re

#: elements that hold nothing (no end tag)
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
#: where a script's or a style's text ends (searched for, not matched lazily: nothing in it
#: is markup, and a notebook page's style holds 600 kB of CSS)
RAW_TEXT_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style")}
#: a ``pre`` start or end tag
PRE_TAG = re.compile(r"<(/?)pre\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.I)


def pre_end(html: str, position: int) -> re.Match[str] | None:
    """The end tag of the ``pre`` element whose inside starts at ``position`` (a ``pre``
    inside it counted, ``<pre/>`` not), or None if it is never closed."""
    depth = 0
    for match in PRE_TAG.finditer(html, position):
        if not match.group(1):
            depth += not match.group(0)[:-1].rstrip().endswith("/")
        elif depth == 0:
            return match
        else:
            depth -= 1
    return None
