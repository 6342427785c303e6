"""Write matplotlib's SVG figures smaller, drawing the same picture.

matplotlib writes every coordinate with six decimals, one path command per line and
each element indented on a line of its own. A figure is drawn in points (1/72 inch)
and shown at about a pixel per point, so two decimals (a hundredth of a pixel) change
nothing a reader can see (``tests/test_svg_compact.py`` checks every point; rendered
in Chromium, a figure differs only in the antialiasing of about 1% of its pixels).
:func:`compact` keeps every element and style, and only:

- rounds to two decimals the coordinates in path data (``d``), positions and sizes
  (``x``, ``y``, ``width``, ``height``) and ``translate``/``rotate`` transforms;
  never a ``scale`` or ``matrix`` factor, where a rounding would be magnified;
- writes path data in relative coordinates, as SVG's grammar allows, from the
  rounded absolute ones (so no error adds up along a path): each point as its step
  from the one before, without the spaces, line breaks and repeated command letters
  the grammar does not need (``M 0 273.6 \\nL 648 273.6 \\nL 648 0`` becomes
  ``m0 273.6l648 0 0-273.6``); a glyph's outline gets short steps instead of
  four-digit positions;
- writes a ``<use>`` placed by a lone ``translate(x y)`` with ``x`` and ``y``
  attributes, which SVG defines as that same translation;
- defines each glyph's outline (``svg.fonttype: path``) in units of 1/800 em instead
  of 1/6400 em, whole numbers as before (``scale(0.125)`` instead of
  ``scale(0.015625)``): a point of an outline moves by at most 1/1600 em, 0.006 pt in
  10-point text, where the two decimals allow 0.005;
- drops the ids of groups nothing refers to (matplotlib names every group:
  ``xtick_1``, ``legend_1``...);
- drops the whitespace between tags (an SVG without ``<text>`` elements, as ours
  are, with ``svg.fonttype: path``, renders none of it) and the comments matplotlib
  writes with the text each glyph group draws.

Why by hand: the SVG optimizers that do this (SVGO, a Node program; scour, unmaintained
since 2020) also restructure the document (merge groups and paths, rename or drop ids,
fold transforms), and would bring Node or an unmaintained package into the build for
these few rules on the one kind of SVG matplotlib writes.
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


#: matplotlib's path commands (absolute) and how many numbers each takes
_ARGUMENTS = {"M": 2, "L": 2, "Q": 4, "C": 6}
_SEGMENT = re.compile(r"([A-Za-z])([^A-Za-z]*)")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if text.startswith(("0.", "-0.")):  # .5 and -.5: SVG numbers need no leading zero
        text = text.replace("0.", ".", 1)
    return text


def _relative(data: str) -> str | None:
    """``data`` with every point as its step from the current point (``None``: not ours)."""
    out: list[str] = []
    x = y = start_x = start_y = 0.0
    previous = ""
    for letter, arguments in _SEGMENT.findall(data):
        words = arguments.split()
        if any(not _PLAIN_NUMBER.fullmatch(word) for word in words):
            return None
        numbers = [round(float(word), 2) for word in words]
        if letter in "Zz":
            if numbers:
                return None
            out.append("z")
            x, y, previous = start_x, start_y, "z"
            continue
        count = _ARGUMENTS.get(letter)
        if count is None or not numbers or len(numbers) % count:
            return None  # a command matplotlib does not write: leave the path absolute
        command = letter.lower()
        for i in range(0, len(numbers), count):
            group = numbers[i : i + count]
            steps = [_number(value - (x if j % 2 == 0 else y)) for j, value in enumerate(group)]
            text = "".join(step if k == 0 or step.startswith("-") else f" {step}" for k, step in enumerate(steps))
            if command == previous and command != "m":  # a repeated command needs no letter
                out.append(text if text.startswith("-") else f" {text}")
            else:
                out.append(command + text)
            x, y = group[-2], group[-1]
            if command == "m":
                start_x, start_y = x, y
            previous = command
    return "".join(out)


def _path_data(data: str) -> str:
    relative = _relative(data)
    if relative is not None:
        return relative
    data = _LONG_NUMBER.sub(_round, data)
    return _COMMAND.sub(r"\1", _SPACES.sub(" ", data)).strip()


_USE = re.compile(r"<use\s[^>]*>")
_LONE_TRANSLATE = re.compile(r'\stransform="translate\((-?[\d.]+) (-?[\d.]+)\)"')


def _use_position(match: re.Match[str]) -> str:
    tag = match.group(0)
    translate = _LONE_TRANSLATE.search(tag)
    if translate is None or re.search(r"\s[xy]=", tag):
        return tag
    x, y = translate.groups()
    position = (f' x="{x}"' if x != "0" else "") + (f' y="{y}"' if y != "0" else "")
    return tag[: translate.start()] + position + tag[translate.end() :]


def _coordinates(match: re.Match[str]) -> str:
    name, value, end = match.groups()
    if name.strip() == 'd="':
        return f"{name}{_path_data(value)}{end}"
    return f"{name}{_LONG_NUMBER.sub(_round, value)}{end}"


def _transform(match: re.Match[str]) -> str:
    start, value, end = match.groups()
    value = _POSITIONING.sub(lambda m: m.group(1) + _LONG_NUMBER.sub(_round, m.group(2)) + m.group(3), value)
    return f"{start}{value}{end}"


#: a glyph's outline as matplotlib defines it (``svg.fonttype: path``): 64 units to
#: matplotlib's text unit, 6400 to the em, drawn scaled by 1/64
_GLYPH = re.compile(r'(<path id="[^"]*" d=")([^"]*)(" transform=")scale\(0\.015625\)(")')
#: the glyph's units are made this many times coarser: 800 to the em
GLYPH_STEP = 8


def _glyph(match: re.Match[str]) -> str:
    start, data, middle, end = match.groups()
    data = _PLAIN_NUMBER.sub(lambda m: str(round(float(m.group(0)) / GLYPH_STEP)), data)
    return f"{start}{data}{middle}scale({0.015625 * GLYPH_STEP:g}){end}"


_GROUP_ID = re.compile(r'<g id="([^"]*)"')
_REFERENCE = re.compile(r"#([^\s\"')]+)")


def compact(svg: str) -> str:
    """``svg`` (as matplotlib writes it) with the same drawing in fewer bytes."""
    if "<text" in svg:  # text elements keep their whitespace: leave such a file as it is
        return svg
    head, sep, body = svg.partition("<svg")
    if not sep:
        return svg
    body = _COMMENT.sub("", body)
    body = _GLYPH.sub(_glyph, body)
    referenced = set(_REFERENCE.findall(body))
    body = _GROUP_ID.sub(lambda m: m.group(0) if m.group(1) in referenced else "<g", body)
    body = _COORDINATES.sub(_coordinates, body)
    body = _TRANSFORM.sub(_transform, body)
    body = _USE.sub(_use_position, body)
    body = _BETWEEN_TAGS.sub("><", body).rstrip() + "\n"
    return head + sep + body
