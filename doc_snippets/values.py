"""A snippet run's module-level values, saved as JSON for the pages' explorers.

After a snippet has run, :mod:`doc_snippets.child` calls :func:`save` with the
snippet's globals. Every value that JSON can hold is written to ``values.json`` in
the run's cache entry: numbers, booleans, short strings, and lists, tuples and
dicts of them; tensors and ndarrays (up to :data:`MAX_ITEMS` numbers) as nested
lists. Modules, functions, models, figures and anything larger are left out, so a
snippet never fails because of what it leaves lying around.

A page reads them back with :func:`load` (for example the explorer directive,
:mod:`doc_snippets.explorer`): the numbers an interactive figure draws are the
numbers the build's run computed, never typed a second time.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

FILE = "values.json"
#: the most numbers (or items) one value may hold and still be saved
MAX_ITEMS = 10_000
#: the longest string saved
MAX_STRING = 2_000


class _Skip(Exception):
    """The value has no JSON form (or is too large to hand to a page)."""


def to_json(value: Any, budget: list[int] | None = None) -> Any:
    """``value`` as plain JSON data; raises :class:`_Skip` when it has none."""
    budget = [MAX_ITEMS] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        raise _Skip
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Skip  # JSON has no NaN or infinity
        return value
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise _Skip
        return value
    if isinstance(value, (list, tuple)):
        return [to_json(item, budget) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise _Skip
        return {key: to_json(item, budget) for key, item in value.items()}
    kind = type(value)
    module = kind.__module__.split(".")[0]
    if module in ("torch", "numpy") and hasattr(value, "tolist") and hasattr(value, "shape"):
        size = math.prod(value.shape)
        if size > budget[0] or getattr(value, "is_sparse", False):
            raise _Skip
        if str(getattr(value, "dtype", "")).startswith(("torch.complex", "complex")):
            raise _Skip
        if module == "torch":
            value = value.detach().cpu()
        budget[0] -= size
        # tolist() gives exactly the stored numbers (a float32 as the double it equals)
        return to_json(value.tolist(), [size + _nesting(value.shape) + 1])
    if module == "numpy" and hasattr(value, "item"):  # numpy scalars
        return to_json(value.item(), budget)
    raise _Skip


def _nesting(shape) -> int:
    """How many lists ``tolist()`` makes for ``shape`` (each counts against the budget)."""
    total, count = 0, 1
    for size in shape:
        total += count
        count *= size
    return total


def collect(namespace: dict[str, Any]) -> dict[str, Any]:
    """The JSON-representable values among a module's globals (no ``_private`` names)."""
    found: dict[str, Any] = {}
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        try:
            found[name] = to_json(value)
        except (_Skip, RecursionError, TypeError, ValueError, RuntimeError):
            continue
    return found


def save(namespace: dict[str, Any], outdir: Path) -> None:
    """Write the values of a finished snippet's ``namespace`` to ``outdir/values.json``."""
    (Path(outdir) / FILE).write_text(json.dumps(collect(namespace), allow_nan=False), encoding="utf-8")


def load(entry: Path) -> dict[str, Any] | None:
    """The values saved in a cache entry (``None`` if its run saved none)."""
    path = Path(entry) / FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
