"""Run one snippet in a fresh interpreter and write what it produced.

Invoked by :func:`doc_snippets.runner.run_snippet` as
``python -m doc_snippets.child SNIPPET OUTDIR REQUEST_JSON``; never imported by the
build itself. A fresh process per snippet is the isolation: no random state,
matplotlib state or module globals can leak from one snippet into another.

The snippet's stdout is the process's stdout (the parent captures it). Figures that
are still open when the snippet ends are saved once per language, as SVG, into
OUTDIR, and ``result.json`` describes them. On an exception ``error.json`` holds the
snippet's line and the traceback, and the exit status is 1.
"""

from __future__ import annotations

import json
import os
import random
import runpy
import sys
import traceback
from pathlib import Path

from doc_snippets import values
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


def _save_figures(outdir: Path, translator: Translator, languages: list[str]) -> list[dict]:
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
                fig.savefig(outdir / name, format="svg", metadata={"Date": None})
                entry["files"][language] = name
                entry["alt"][language] = alt
        figures.append(entry)
    plt.close("all")
    return figures


def _error_line(exc: BaseException, snippet: Path) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if Path(frame.f_code.co_filename).resolve() == snippet:
            line = lineno
    return line


def main(argv: list[str]) -> int:
    snippet = Path(argv[0]).resolve()
    outdir = Path(argv[1])
    request = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
    translator = Translator(request["translations"], source_language=request["source_language"])

    _prepare_matplotlib()
    _seed_everything()
    sys.argv = [str(snippet)]
    sys.path.insert(0, str(snippet.parent))
    try:
        namespace = runpy.run_path(str(snippet), run_name="__main__")
    except BaseException as exc:  # noqa: BLE001 - every failure is reported
        sys.stdout.flush()
        (outdir / "error.json").write_text(
            json.dumps(
                {
                    "line": _error_line(exc, snippet),
                    "type": type(exc).__name__,
                    "message": str(exc),
                    "traceback": traceback.format_exc(),
                }
            ),
            encoding="utf-8",
        )
        return 1
    sys.stdout.flush()
    values.save(namespace, outdir)  # its module-level values, for the pages' explorers
    try:
        figures = _save_figures(outdir, translator, request["languages"])
    except (FigureTextError, UserWarning) as exc:
        (outdir / "error.json").write_text(
            json.dumps({"line": None, "type": type(exc).__name__, "message": f"while saving its figures: {exc}", "traceback": ""}),
            encoding="utf-8",
        )
        return 1
    (outdir / "result.json").write_text(json.dumps({"figures": figures}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.exit(main(sys.argv[1:]))
