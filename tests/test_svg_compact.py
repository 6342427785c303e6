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


def _pairs(old: ET.Element, new: ET.Element):
    assert old.tag == new.tag
    assert sorted(old.attrib) == sorted(new.attrib), old.tag
    old_children, new_children = list(old), list(new)
    assert len(old_children) == len(new_children), old.tag
    yield old, new
    for a, b in zip(old_children, new_children):
        yield from _pairs(a, b)


def test_compact_keeps_every_element_and_moves_no_number_by_more_than_0_005(drawn):
    small = svg_compact.compact(drawn)
    assert len(small) < 0.85 * len(drawn)
    assert small.startswith('<?xml version="1.0" encoding="utf-8" standalone="no"?>')
    pairs = list(_pairs(ET.fromstring(drawn.encode()), ET.fromstring(small.encode())))
    assert len(pairs) > 100
    rounded = 0
    for old, new in pairs:
        for name, value in old.attrib.items():
            if name in ("d", "x", "y", "width", "height", "transform"):
                a, b = _numbers(value), _numbers(new.attrib[name])
                assert len(a) == len(b), (name, value, new.attrib[name])
                assert max((abs(p - q) for p, q in zip(a, b)), default=0) <= 0.005 + 1e-9, (name, value)
                rounded += a != b
                # the same path commands, in the same order
                if name == "d":
                    assert re.findall("[A-Za-z]", value) == re.findall("[A-Za-z]", new.attrib[name])
            else:
                assert new.attrib[name] == value, (name, value)
        assert (old.text or "").strip() == (new.text or "").strip()
    assert rounded > 50


def test_compact_never_rounds_a_scale(drawn):
    small = svg_compact.compact(drawn)
    assert "scale(0.015625)" in drawn
    assert re.findall(r"scale\([^)]*\)", small) == re.findall(r"scale\([^)]*\)", drawn)


def test_compact_drops_whitespace_and_comments_only_between_tags(drawn):
    small = svg_compact.compact(drawn)
    assert "<!--" in drawn and "<!--" not in small
    assert not re.search(r">\s+<", small.partition("<svg")[2])
    assert "M0 0L0 3.5" in small  # a tick mark: M 0 0 \nL 0 3.5 \n
    assert svg_compact.compact(small) == small  # compacting again changes nothing


def test_a_figure_with_text_elements_is_left_as_it_is():
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">\n <text x="1.123456">a  b</text>\n</svg>\n'
    assert svg_compact.compact(svg) == svg


def test_rounding():
    svg = '<svg><path d="M 0.004 -0.004 \nL 1.23456 2.5 \nQ 10.999 3 4.1 5.126 \nz\n" x="-7.0049"/></svg>'
    # -0.004 is 0, not -0; two decimals or fewer are left alone
    assert svg_compact.compact(svg) == '<svg><path d="M0 0L1.23 2.5Q11 3 4.1 5.13z" x="-7"/></svg>\n'
