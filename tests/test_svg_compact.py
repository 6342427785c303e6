"""The figures are written smaller (issue 10) and draw the same picture.

:func:`doc_snippets.svg_compact.compact` may only round coordinates to two decimals
and drop whitespace and comments: every element, attribute, id and style stays, and
every number moves by at most 0.005 (a figure is drawn in points, about a pixel each).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest

from doc_snippets import svg_compact
from doc_snippets.child import _prepare_matplotlib

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawn() -> str:
    """A figure as the build draws one: lines, markers, Hangul, mathtext, an image."""
    import matplotlib
    import numpy as np

    import matplotlib.pyplot as plt

    show = plt.show
    with matplotlib.rc_context():
        _prepare_matplotlib()

        fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
        x = np.linspace(-3, 3, 301)
        left.plot(x, 1 / (1 + np.exp(-x)), label="$H(x) = \\sigma(Wx + b)$")
        left.scatter([-1.2345678, 0.3333333, 2.7182818], [0.1, 0.5, 0.9], marker="x")
        left.set_title("시그모이드 함수")
        left.legend()
        right.imshow(np.arange(12).reshape(3, 4))
        right.set_xlabel("Epoch (−1)")
        fig.suptitle("Confusion matrix")
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
        plt.close(fig)
    plt.show = show
    return out.getvalue().decode("utf-8")


def _numbers(value: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(value)]


COUNTS = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}
PATH_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)")


def absolute(data: str) -> list[tuple[str, list[float]]]:
    """Path data read as SVG defines it: absolute or relative commands, letters repeated or not."""
    tokens = PATH_TOKEN.findall(data)
    segments: list[tuple[str, list[float]]] = []
    x = y = start_x = start_y = 0.0
    command, i = "", 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
            if command in "Zz":
                segments.append(("Z", []))
                x, y = start_x, start_y
                continue
        count = COUNTS[command.upper()]
        values = [float(t) for t in tokens[i : i + count]]
        i += count
        if command.islower():
            values = [v + (x if j % 2 == 0 else y) for j, v in enumerate(values)]
        segments.append((command.upper(), values))
        x, y = values[-2], values[-1]
        if command in "Mm":
            start_x, start_y = x, y
            command = "l" if command == "m" else "L"  # pairs after a moveto are linetos
    return segments


def _pairs(old: ET.Element, new: ET.Element):
    assert old.tag == new.tag
    old_children, new_children = list(old), list(new)
    assert len(old_children) == len(new_children), old.tag
    yield old, new
    for a, b in zip(old_children, new_children):
        yield from _pairs(a, b)


def _close(a: list[float], b: list[float], what, within: float = 0.005) -> bool:
    assert len(a) == len(b), what
    assert max((abs(p - q) for p, q in zip(a, b)), default=0) <= within + 1e-6, what
    return a != b


def test_compact_keeps_every_element_and_moves_no_point_by_more_than_0_005(drawn):
    small = svg_compact.compact(drawn)
    assert len(small) < 0.7 * len(drawn)
    assert small.startswith('<?xml version="1.0" encoding="utf-8" standalone="no"?>')
    pairs = list(_pairs(ET.fromstring(drawn.encode()), ET.fromstring(small.encode())))
    assert len(pairs) > 100
    referenced = set(re.findall(r"#([^\s\"')]+)", drawn))
    moved = relative_paths = used_xy = glyphs = dropped_ids = 0
    for old, new in pairs:
        attributes = dict(old.attrib)
        if old.tag == f"{SVG}use" and "transform" in attributes and "transform" not in new.attrib:
            # translate(x y) on a <use> is its x and y
            assert re.fullmatch(r"translate\([-\d. ]+\)", attributes["transform"])
            tx, ty = _numbers(attributes.pop("transform"))
            moved += _close([tx, ty], [float(new.get("x", 0)), float(new.get("y", 0))], old.attrib)
            assert set(new.attrib) - set(attributes) <= {"x", "y"}
            attributes.update({k: new.attrib[k] for k in ("x", "y") if k in new.attrib})
            used_xy += 1
        elif old.tag == f"{SVG}g" and "id" in attributes and "id" not in new.attrib:
            assert attributes.pop("id") not in referenced  # only the ids nothing refers to
            dropped_ids += 1
        assert sorted(new.attrib) == sorted(attributes), old.tag
        glyph = attributes.get("transform") == "scale(0.015625)" and "d" in attributes  # (a space has no outline)
        for name, value in attributes.items():
            if name == "d":
                a, b = absolute(value), absolute(new.attrib["d"])
                assert [c for c, _ in a] == [c for c, _ in b], value  # the same commands
                for (_, p), (_, q) in zip(a, b):
                    if glyph:  # in units 8 times coarser: at most half of one away
                        moved += _close(p, [v * 8 for v in q], value, within=4)
                    else:
                        moved += _close(p, q, value)
                relative_paths += new.attrib["d"][:1].islower()
            elif name == "transform" and glyph:
                assert new.attrib[name] == "scale(0.125)"
                glyphs += 1
            elif name in ("x", "y", "width", "height", "transform"):
                moved += _close(_numbers(value), _numbers(new.attrib[name]), (name, value))
            else:
                assert new.attrib[name] == value, (name, value)
        assert (old.text or "").strip() == (new.text or "").strip()
    assert moved > 50 and relative_paths > 50 and used_xy > 20 and glyphs > 20 and dropped_ids > 20


def test_compact_never_rounds_a_scale(drawn):
    small = svg_compact.compact(drawn)
    # a glyph's outline is in coarser units: its scale is 8 times larger
    assert re.search(r'<path id="[^"]*" d="[^"]*" transform="scale\(0\.015625\)"', drawn)
    assert not re.search(r'<path id="[^"]*" d="[^"]*" transform="scale\(0\.015625\)"', small)
    glyph_scales = ("scale(0.015625)", "scale(0.125)")
    scales = [x for x in re.findall(r"scale\([^)]*\)", drawn) if x not in glyph_scales]
    assert scales and [x for x in re.findall(r"scale\([^)]*\)", small) if x not in glyph_scales] == scales


def test_compact_drops_whitespace_and_comments_only_between_tags(drawn):
    small = svg_compact.compact(drawn)
    assert "<!--" in drawn and "<!--" not in small
    assert not re.search(r">\s+<", small.partition("<svg")[2])
    assert 'd="m0 0l0 3.5"' in small  # a tick mark: M 0 0 \nL 0 3.5 \n
    assert svg_compact.compact(small) == small  # compacting again changes nothing


def test_a_figure_with_text_elements_is_left_as_it_is():
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">\n <text x="1.123456">a  b</text>\n</svg>\n'
    assert svg_compact.compact(svg) == svg


def test_rounding():
    svg = '<svg><path d="M 0.004 -0.004 \nL 1.23456 2.5 \nQ 10.999 3 4.1 5.126 \nz\nL 1 1 \nL 0.5 1 \nL 0 2" x="-7.0049"/></svg>'
    # -0.004 is 0, not -0; steps from the rounded points; z returns to the start; no
    # leading zero, no repeated letter, no space before a minus sign
    assert svg_compact.compact(svg) == '<svg><path d="m0 0l1.23 2.5q9.77 .5 2.87 2.63zl1 1-.5 0-.5 1" x="-7"/></svg>\n'
    assert absolute("m0 0l1.23 2.5q9.77 .5 2.87 2.63zl1 1-.5 0-.5 1") == [
        ("M", [0, 0]), ("L", [1.23, 2.5]), ("Q", [11, 3, 4.1, 5.13]), ("Z", []), ("L", [1, 1]), ("L", [0.5, 1]), ("L", [0, 2])
    ]


def test_a_path_with_commands_matplotlib_does_not_write_stays_absolute():
    svg = '<svg><path d="M 1 2 \nH 3.14159 \nA 1 1 0 0 1 2 2"/></svg>'
    assert svg_compact.compact(svg) == '<svg><path d="M1 2H3.14A1 1 0 0 1 2 2"/></svg>\n'
