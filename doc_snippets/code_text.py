"""The comments and docstrings of a snippet: find them, and rewrite them in another language.

A snippet is written with English comments and docstrings (the source language, as its
figure labels are). A page in another language shows the same program with each comment
and docstring replaced by its translation; nothing else in the source changes, so the
shown program is the executed one (:func:`code_tokens` is what tests compare).

Found with :mod:`tokenize` (comments) and :mod:`ast` (docstrings), never with regular
expressions over the text, so ``#`` inside a string is never taken for a comment.

- A run of full-line comments at the same indentation, with no blank line between
  them, is one text (its lines joined by ``\\n``); its translation may have another
  number of lines, each becomes a ``# `` line at that indentation.
- A comment after code on its line is one text; its translation must be one line.
- A docstring (first statement of the module, a function or a class) is one text:
  its cleaned value (:func:`inspect.cleandoc`).
- Texts with no word to read (``# H(x) = w1*x1 + b``, ``# 0.01, 0.1, 1``: no run of two
  Latin letters, no Hangul) and tool pragmas (``# noqa``,
  ``# type: ...``, a shebang or coding line) stay as written.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import io
import json
import re
import tokenize
from collections.abc import Callable
from dataclasses import dataclass

COMMENT = "comment"
DOCSTRING = "docstring"

_MATH = re.compile(r"\$[^$]*\$")
_WORD = re.compile(r"[A-Za-z]{2,}|[\u3130-\u318f\uac00-\ud7a3]")
_PRAGMA = re.compile(r"^#\s*(noqa\b|type:|pragma\b|fmt:|pylint:|mypy:|isort:|-\*-|!)|^#!")


class CodeTextError(Exception):
    """A snippet's comment or docstring cannot be rewritten (message names file and line)."""


def has_words(text: str) -> bool:
    """True if ``text`` holds a word a reader reads (outside ``$math$``)."""
    return bool(_WORD.search(_MATH.sub("", text)))


@dataclass(frozen=True)
class Text:
    kind: str  # COMMENT or DOCSTRING
    text: str  # the text itself: comment lines without "# ", or the cleaned docstring
    line: int  # first line, counted from 1
    end_line: int  # last line
    col: int  # column of the "#" or of the docstring's opening quote
    trailing: bool = False  # a comment after code on its line


@functools.lru_cache(maxsize=256)
def _tokens(source: str, filename: str) -> tuple[tokenize.TokenInfo, ...]:
    """The tokens of ``source``; kept per text (a build reads each snippet's several times:
    its texts, its translation in each language)."""
    try:
        return tuple(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError) as exc:
        raise CodeTextError(f"{filename}: cannot read its tokens: {exc}") from None


def _docstring_nodes(source: str, filename: str) -> list[ast.Constant]:
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        raise CodeTextError(f"{filename}:{exc.lineno}: {exc.msg}") from None
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.append(first.value)
    return found


def _comment_body(token: str) -> str:
    body = token[1:]
    return body[1:] if body.startswith(" ") else body


def texts(source: str, filename: str = "<snippet>") -> list[Text]:
    """Every comment and docstring of ``source`` that a reader reads, in source order."""
    return list(_texts(source, filename))


@functools.lru_cache(maxsize=256)
def _texts(source: str, filename: str) -> tuple[Text, ...]:
    tokens = _tokens(source, filename)
    lines = source.splitlines()
    found: list[Text] = []
    block: list[tokenize.TokenInfo] = []

    def flush() -> None:
        if block:
            body = "\n".join(_comment_body(t.string).rstrip() for t in block)
            if has_words(body):
                found.append(Text(COMMENT, body, block[0].start[0], block[-1].start[0], block[0].start[1]))
            block.clear()

    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        row, col = token.start
        if _PRAGMA.match(token.string):
            flush()
            continue
        if lines[row - 1][:col].strip():  # after code on its line
            flush()
            body = _comment_body(token.string).rstrip()
            if has_words(body):
                found.append(Text(COMMENT, body, row, row, col, trailing=True))
            continue
        # full-line comments on adjacent lines at one column make one text
        if block and (block[-1].start[0] != row - 1 or block[-1].start[1] != col):
            flush()
        block.append(token)
    flush()
    for node in _docstring_nodes(source, filename):
        text = inspect.cleandoc(node.value)
        if has_words(text):
            found.append(Text(DOCSTRING, text, node.lineno, node.end_lineno, node.col_offset))
    return tuple(sorted(found, key=lambda t: (t.line, t.col)))


def _docstring_literal(original: str, translation: str, col: int) -> str:
    """A string literal like ``original`` (prefix, quotes) holding ``translation``."""
    match = re.match(r"(?P<prefix>[rRuU]?)(?P<quote>'''|\"\"\"|'|\")", original)
    assert match is not None
    quote = match.group("quote")
    raw = "r" in match.group("prefix").lower()
    if "\n" in translation and len(quote) == 1:
        quote *= 3
    body = translation
    if raw and ("\\" in body and body.endswith("\\") or quote[0] in body):
        raw = False
    if not raw:
        body = body.replace("\\", "\\\\")
    body = body.replace(quote[0], "\\" + quote[0]) if not raw else body
    lines = body.split("\n")
    indent = " " * col
    body = "\n".join([lines[0]] + [indent + line if line else "" for line in lines[1:]])
    inner = original[len(match.group(0)) : -len(match.group("quote"))]
    if "\n" in inner and inner.rstrip(" ").endswith("\n"):
        body += "\n" + indent  # closing quotes on a line of their own, as in the source
    literal = ("r" if raw else "") + quote + body + quote
    if inspect.cleandoc(ast.literal_eval(literal)) != translation:
        raise CodeTextError(f"cannot write {translation!r} as a docstring")
    return literal


def rewrite(
    source: str,
    translate: Callable[[Text], str],
    filename: str = "<snippet>",
) -> str:
    """``source`` with every comment and docstring replaced by ``translate(text)``.

    ``translate`` returns the new text (raise to refuse); the code is left as it is.
    """
    lines = source.splitlines(keepends=True)
    tokens = _tokens(source, filename)
    strings = {t.start: t for t in tokens if t.type == tokenize.STRING}
    # edits: (first line, last line, new lines) with lines counted from 1, applied bottom up
    edits: list[tuple[int, int, list[str]]] = []
    for text in texts(source, filename):
        new = translate(text)
        where = f"{filename}:{text.line}"
        if text.kind == COMMENT and text.trailing:
            if "\n" in new:
                raise CodeTextError(f"{where}: the translation of the comment {text.text!r} must be one line")
            line = lines[text.line - 1]
            ending = line[len(line.rstrip("\r\n")) :]
            edits.append((text.line, text.line, [line[: text.col] + "# " + new + ending]))
        elif text.kind == COMMENT:
            indent = lines[text.line - 1][: text.col]
            ending = lines[text.end_line - 1][len(lines[text.end_line - 1].rstrip("\r\n")) :] or "\n"
            new_lines = [(indent + "# " + part).rstrip() + "\n" for part in new.split("\n")]
            new_lines[-1] = new_lines[-1][:-1] + ending
            edits.append((text.line, text.end_line, new_lines))
        else:
            token = strings.get((text.line, text.col))
            if token is None:  # an implicitly concatenated docstring: leave it
                raise CodeTextError(f"{where}: write the docstring as one string literal")
            try:
                literal = _docstring_literal(token.string, new, text.col)
            except CodeTextError as exc:
                raise CodeTextError(f"{where}: {exc}") from None
            first, last = lines[text.line - 1], lines[text.end_line - 1]
            joined = first[: text.col] + literal + last[token.end[1] :]
            edits.append((text.line, text.end_line, joined.splitlines(keepends=True)))
    for first, last, new_lines in sorted(edits, reverse=True):
        lines[first - 1 : last] = new_lines
    return "".join(lines)


def texts_json(source: str, filename: str = "<snippet>") -> str:
    """:func:`texts` as JSON text (what :class:`doc_snippets.memo.Memo` keeps); read it
    back with :func:`texts_from_json`."""
    return json.dumps([dataclasses.astuple(text) for text in texts(source, filename)], ensure_ascii=False)


def texts_from_json(text: str) -> list[Text]:
    return [Text(*fields) for fields in json.loads(text)]


def rewrite_in_order(source: str, translations: list[str], filename: str = "<snippet>") -> str:
    """:func:`rewrite` with the new texts given in :func:`texts`' order, one for each
    (a list, which a memo can key, not a function)."""
    found = texts(source, filename)
    if len(found) != len(translations):
        raise ValueError(f"{filename}: {len(translations)} translations for {len(found)} comments and docstrings")
    new = dict(zip(found, translations))
    return rewrite(source, new.__getitem__, filename)


def code_tokens(source: str, filename: str = "<snippet>") -> list[tuple[str, str]]:
    """The program's tokens without comments, docstrings and layout-only line breaks.

    Two sources with equal ``code_tokens`` are the same program whatever their
    comments and docstrings say.
    """
    docstrings = {(d.lineno, d.col_offset) for d in _docstring_nodes(source, filename)}
    out = []
    for token in _tokens(source, filename):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        if token.type == tokenize.STRING and token.start in docstrings:
            out.append(("DOCSTRING", ""))
            continue
        out.append((tokenize.tok_name[token.type], token.string))
    return out
