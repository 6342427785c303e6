"""Run one snippet in its own process and write what it produced.

Two ways in, one code path (:func:`run`):

* ``python -m doc_snippets.child SNIPPET OUTDIR REQUEST_JSON``: a brand-new
  interpreter per snippet (the fallback where ``fork`` is unavailable);
* :mod:`doc_snippets.forkserver`: a child forked from a warm interpreter that has
  imported torch and matplotlib but run nothing, which then calls :func:`run`.

A process per snippet is the isolation: no random state, torch or matplotlib
setting, module global, working folder or environment variable can leak from one
snippet into another, because each snippet's process ends with it.

The snippet's stdout is the process's stdout (the parent points it at a file).
Figures that are still open when the snippet ends are saved once per language, as
SVG, into OUTDIR, and ``result.json`` describes them. On an exception ``error.json``
holds the snippet's line and the traceback, and the exit status is 1.

Before the snippet runs, the process's data memory (``RLIMIT_DATA``: heap and
private mappings, torch's own included) is capped at the request's
``memory_limit``; an allocation beyond it fails inside the snippet and is reported
as running out of memory. ``RLIMIT_AS`` is not used: it counts address space that
is reserved but never touched (torch and its libraries map several hundred MiB of
it), so a small cap would fail at import.
"""

from __future__ import annotations

import json
import os
import random
import runpy
import sys
import traceback
from pathlib import Path

from doc_snippets import svg_compact, values
from doc_snippets.figure_text import FigureTextError, Translator


def _seed_everything() -> None:
    random.seed(0)
    try:
        import numpy

        numpy.random.seed(0)
    except ImportError:  # pragma: no cover - numpy comes with torch
        pass
    import torch

    torch.manual_seed(0)
    torch.set_num_threads(1)


def _prepare_matplotlib() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import koreanize_matplotlib  # noqa: F401  (registers NanumGothic for Hangul)
    import matplotlib.pyplot as plt

    # Deterministic SVG: fixed ids, no date in the metadata, text as paths so the
    # figure shows the same glyphs on every reader's machine.
    plt.rcParams["svg.hashsalt"] = "doc-snippets"
    plt.rcParams["svg.fonttype"] = "path"
    plt.rcParams["figure.dpi"] = 100
    # Latin, digits and the minus sign (also in mathtext, e.g. log-axis ticks) from
    # DejaVu Sans as matplotlib draws them by default; Hangul falls back to NanumGothic.
    plt.rcParams["font.family"] = ["DejaVu Sans", "NanumGothic"]
    plt.rcParams["axes.unicode_minus"] = True
    plt.show = lambda *args, **kwargs: None  # a learner's plt.show() is a no-op here


#: the packages :func:`preload` imports: the runner never asks the fork server to import a
#: module of these for a job (``SnippetRunner._shared_imports``)
PRELOADED = frozenset({"matplotlib", "koreanize_matplotlib", "numpy", "torch"})


def preload() -> None:
    """Import, in :func:`run`'s order, the modules every snippet's process imports
    (:data:`PRELOADED`).

    The fork server calls this once; its children then find them imported. Only
    imports: no setting is changed here, :func:`run` makes every one in the child.
    """
    import matplotlib

    matplotlib.use("Agg")
    import koreanize_matplotlib  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import torch  # noqa: F401


def warm_up() -> None:
    """Build, once, the caches every figure snippet's process would build for itself.

    The fork server calls this after :func:`preload`; a forked child then does not
    pay for them again: matplotlib's fonts (DejaVu Sans and NanumGothic), its
    mathtext parser, glyph paths and SVG writer, and torch's first autograd pass.
    It runs none of a snippet's code, changes no setting it does not put back
    (rcParams, ``plt.show``), and leaves no figure open; whatever it fills is a cache
    keyed by its inputs, so the outputs stay byte-identical to a fresh interpreter's
    (``tests/test_isolation.py``).
    """
    import io

    import matplotlib
    import matplotlib.pyplot as plt
    import torch

    show = plt.show
    with matplotlib.rc_context():
        _prepare_matplotlib()
        fig = plt.figure()
        plt.plot([0, 1], [0, 1], label="line")
        plt.scatter([0, 1], [1, 0], label="점")
        plt.title("Warm-up $H(x) = \\sigma(Wx + b)$")
        plt.xlabel("한글 x")
        plt.legend()
        fig.savefig(io.BytesIO(), format="svg", metadata={"Date": None})
        plt.close("all")
    plt.show = show
    layer = torch.nn.Linear(1, 1)
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
    loss = torch.nn.functional.mse_loss(layer(torch.ones(2, 1)), torch.zeros(2, 1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def _save_figures(outdir: Path, translator: Translator, languages: list[str]) -> list[dict]:
    import io
    import warnings

    import matplotlib.pyplot as plt

    # A glyph the font lacks would be drawn as an empty box: fail instead.
    warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from")

    figures = []
    for index, num in enumerate(plt.get_fignums()):
        fig = plt.figure(num)
        entry: dict = {"files": {}, "alt": {}}
        for language in languages:
            with translator.translated(fig, language) as alt:
                name = f"figure{index}.{language}.svg"
                drawn = io.BytesIO()
                fig.savefig(drawn, format="svg", metadata={"Date": None})
                svg = svg_compact.compact(drawn.getvalue().decode("utf-8"))
                (outdir / name).write_text(svg, encoding="utf-8", newline="\n")
                entry["files"][language] = name
                entry["alt"][language] = alt
        figures.append(entry)
    plt.close("all")
    return figures


#: kept above the cap, so that a snippet out of memory can still report it
_REPORT_RESERVE = 64 * 2**20


class CapBelowStart(MemoryError):
    """The cap is below the data memory the process holds before the snippet's first line."""


def data_memory() -> int | None:
    """The data memory this process holds, as ``RLIMIT_DATA`` counts it (Linux's
    ``VmData``: heap and private mappings, reserved or not); None where it is not known."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def limit_memory(limit: int | None) -> None:
    """Cap this process's data memory at ``limit`` bytes (``None``: no cap).

    Raises :class:`CapBelowStart` if the process already holds that much: under such a
    cap the snippet's first allocation, or the first library it loads, would fail (torch's
    CUDA build holds about 900 MiB once imported, its CPU build about 350 MiB)."""
    if not limit:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows: no cap
        return
    held = data_memory()
    if held is not None and held >= limit:
        mib = held / 2**20
        raise CapBelowStart(
            f"its process held {mib:.0f} MiB of data memory before the snippet's first line "
            "(Python with torch and matplotlib imported), more than the cap allows"
        )
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit + _REPORT_RESERVE))


def _room_to_report() -> None:
    """Lift the cap to its reserve, so that writing the error cannot fail for memory."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        resource.setrlimit(resource.RLIMIT_DATA, (hard, hard))
    except (ImportError, ValueError, OSError):  # pragma: no cover
        pass


def _capped() -> bool:
    """True if this process's data memory is capped (:func:`limit_memory`)."""
    try:
        import resource

        return resource.getrlimit(resource.RLIMIT_DATA)[1] != resource.RLIM_INFINITY
    except (ImportError, ValueError, OSError):  # pragma: no cover - Windows: no cap
        return False


def out_of_memory(exc: BaseException) -> bool:
    """True if ``exc`` is an allocation that failed (Python, numpy or torch)."""
    if isinstance(exc, MemoryError):
        return True
    text = str(exc)
    if isinstance(exc, ImportError) and "failed to map segment from shared object" in text:
        return _capped()  # an extension module the cap left no room to load (the loader's ENOMEM)
    return isinstance(exc, RuntimeError) and ("can't allocate memory" in text or "Cannot allocate memory" in text)


def _error_line(exc: BaseException, snippet: Path) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if Path(frame.f_code.co_filename).resolve() == snippet:
            line = lineno
    return line


def _write_error(outdir: Path, error: dict) -> None:
    (outdir / "error.json").write_text(json.dumps(error), encoding="utf-8")


def run(snippet: Path, outdir: Path, request: dict) -> int:
    """Run ``snippet`` in this process (which ends after it); 0 on success."""
    translator = Translator(request["translations"], source_language=request["source_language"])

    _prepare_matplotlib()
    _seed_everything()
    try:
        limit_memory(request.get("memory_limit"))
    except CapBelowStart as exc:
        _write_error(
            outdir,
            {"line": None, "type": "MemoryError", "message": str(exc), "traceback": "", "out_of_memory": True},
        )
        return 1
    sys.argv = [str(snippet)]
    sys.path.insert(0, str(snippet.parent))
    try:
        namespace = runpy.run_path(str(snippet), run_name="__main__")
    except BaseException as exc:  # noqa: BLE001 - every failure is reported
        _room_to_report()
        sys.stdout.flush()
        _write_error(
            outdir,
            {
                "line": _error_line(exc, snippet),
                "type": type(exc).__name__,
                "message": str(exc),
                "traceback": traceback.format_exc(),
                "out_of_memory": out_of_memory(exc),
            },
        )
        return 1
    sys.stdout.flush()
    values.save(namespace, outdir)  # its module-level values, for the pages' explorers
    try:
        figures = _save_figures(outdir, translator, request["languages"])
    except (FigureTextError, UserWarning, MemoryError) as exc:
        _room_to_report()
        _write_error(
            outdir,
            {
                "line": None,
                "type": type(exc).__name__,
                "message": f"while saving its figures: {exc}",
                "traceback": "",
                "out_of_memory": out_of_memory(exc),
            },
        )
        return 1
    (outdir / "result.json").write_text(
        json.dumps({"figures": figures, "figure_texts": sorted(translator.used)}), encoding="utf-8"
    )
    return 0


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
    return run(Path(argv[0]).resolve(), Path(argv[1]), request)


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.exit(main(sys.argv[1:]))
