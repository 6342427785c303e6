"""Write matplotlib's SVG figures smaller, drawing exactly the same picture.

matplotlib writes every coordinate with six decimals, one path command per line and
each element indented on a line of its own. A figure is drawn in points (1/72 inch)
and shown at about a pixel per point, so two decimals (a hundredth of a pixel) change
nothing a reader can see. :func:`compact` keeps every element, attribute, id and
style, and only:

- rounds to two decimals the coordinates in path data (``d``), positions and sizes
  (``x``, ``y``, ``width``, ``height``) and ``translate``/``rotate`` transforms;
  never a ``scale`` or ``matrix`` factor, where a rounding would be magnified;
- writes path data without the spaces and line breaks around its command letters
  (``M 0 273.6 \\nL 648 273.6`` becomes ``M0 273.6L648 273.6``, the same path in
  SVG's grammar);
- drops the whitespace between tags (an SVG without ``<text>`` elements, as ours
  are, with ``svg.fonttype: path``, renders none of it) and the comments matplotlib
  writes with the text each glyph group draws.

Why by hand: the SVG optimizers that do this (SVGO, a Node program; scour, unmaintained
since 2020) also restructure the document (merge groups, rename ids, convert paths),
and would bring Node or an unmaintained package into the build for these few rules.
"""

from __future__ import annotations

import re

#: a number with more than two decimals
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")
#: attributes holding coordinates in user units
_COORDINATES = re.compile(r'(\s(?:d|x|y|width|height)=")([^"]*)(")')
_POSITIONING = re.compile(r"((?:translate|rotate)\()([^)]*)(\))")
_TRANSFORM = re.compile(r'(\stransform=")([^"]*)(")')
_COMMAND = re.compile(r"\s*([MmLlHhVvCcSsQqTtAaZz])\s*")
_SPACES = re.compile(r"\s+")
_BETWEEN_TAGS = re.compile(r">\s+<")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _round(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _path_data(data: str) -> str:
    data = _LONG_NUMBER.sub(_round, data)
    return _COMMAND.sub(r"\1", _SPACES.sub(" ", data)).strip()


def _coordinates(match: re.Match[str]) -> str:
    name, value, end = match.groups()
    if name.strip() == 'd="':
        return f"{name}{_path_data(value)}{end}"
    return f"{name}{_LONG_NUMBER.sub(_round, value)}{end}"


def _transform(match: re.Match[str]) -> str:
    start, value, end = match.groups()
    value = _POSITIONING.sub(lambda m: m.group(1) + _LONG_NUMBER.sub(_round, m.group(2)) + m.group(3), value)
    return f"{start}{value}{end}"


def compact(svg: str) -> str:
    """``svg`` (as matplotlib writes it) with the same drawing in fewer bytes."""
    if "<text" in svg:  # text elements keep their whitespace: leave such a file as it is
        return svg
    head, sep, body = svg.partition("<svg")
    if not sep:
        return svg
    body = _COMMENT.sub("", body)
    body = _COORDINATES.sub(_coordinates, body)
    body = _TRANSFORM.sub(_transform, body)
    body = _BETWEEN_TAGS.sub("><", body).rstrip() + "\n"
    return head + sep + body
