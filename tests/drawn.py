"""Read what a matplotlib line shows, as drawn: its step style included.

A test that compares a figure with the printed output must compare what the reader
sees: a line drawn ``steps-post`` shows each point's value on the interval *after*
it, ``steps-pre`` on the interval *before* it. :func:`drawn_value` follows the same
vertices matplotlib draws (``matplotlib.cbook.STEP_LOOKUP_MAP``).
"""

from __future__ import annotations

import numpy as np
from matplotlib.cbook import STEP_LOOKUP_MAP


def drawn_vertices(line) -> tuple[np.ndarray, np.ndarray]:
    """The polyline matplotlib draws for ``line``, in data coordinates."""
    x, y = np.asarray(line.get_xydata(), dtype=float).T
    style = line.get_drawstyle()
    if style in ("default", "steps"):  # "steps" is an alias of "steps-pre"
        style = "steps-pre" if style == "steps" else style
    return tuple(np.asarray(a, dtype=float) for a in STEP_LOOKUP_MAP[style](x, y))


def drawn_value(line, x: float) -> float:
    """The height of ``line`` at ``x`` as the reader sees it.

    At one of the line's own points the marker is what is read, so its value is
    returned; elsewhere the value of the segment drawn across ``x``. A line drawn
    nowhere at ``x`` raises ``AssertionError``.
    """
    xs, ys = np.asarray(line.get_xydata(), dtype=float).T
    hit = np.isclose(xs, x, rtol=0, atol=1e-9)
    if hit.any() and line.get_marker() not in (None, "None", "", " "):
        return float(ys[hit][0])
    vx, vy = drawn_vertices(line)
    for (x0, y0), (x1, y1) in zip(zip(vx, vy), zip(vx[1:], vy[1:])):
        lo, hi = min(x0, x1), max(x0, x1)
        if lo < x < hi:
            return float(y0 + (y1 - y0) * (x - x0) / (x1 - x0))
    raise AssertionError(f"{line.get_label()!r} is not drawn at x = {x}")


def lines_by_label(figure) -> dict[str, object]:
    """Every labelled line of the figure's axes, by its (English) label."""
    found = {}
    for ax in figure.axes:
        for line in ax.get_lines():
            label = line.get_label()
            if not label.startswith("_"):
                found[label] = line
    return found
