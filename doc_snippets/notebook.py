"""A snippet as a Jupyter notebook, with the outputs of the build's own run."""

from __future__ import annotations

from doc_snippets.runner import SnippetResult


#: notebooks made in this process, by everything they are made from (a build asks for
#: each one several times: the download and the page, in each language's build)
_MADE: dict[tuple, str] = {}


def build(result: SnippetResult, language: str, title: bool = False) -> str:
    """One code cell holding the snippet, its printed output and its figures.

    Its comments and docstrings, and its figures, are in ``language``.
    With ``title``, a markdown cell naming the snippet comes first (the heading of
    the notebook page mkdocs-jupyter renders).
    """
    figures = tuple(
        (str(figure.files[language]), figure.description.get(language), figure.alt[language]) for figure in result.figures
    )
    # the figure files live in the run's cache entry, named by the run's key: the same
    # path in the same entry is the same SVG
    made = (result.name, result.key, str(result.entry), language, title, result.shown_source(language), result.stdout, figures)
    text = _MADE.get(made)
    if text is None:
        if len(_MADE) > 1024:  # a long `mkdocs serve` session: forget old builds
            _MADE.clear()
        text = _MADE[made] = _build(result, language, title)
    return text


def _build(result: SnippetResult, language: str, title: bool) -> str:
    # imported here, not with the plugin: 64 ms (its JSON-schema packages) that a cold build
    # paid before it could start the fork server
    import nbformat
    from nbformat import v4
    from nbformat.v4 import nbjson

    # The notebook's parts are written as nbformat.v4's new_output, new_code_cell,
    # new_markdown_cell and new_notebook make them, without the JSON-schema check each of
    # those runs (four to six per notebook, 0.3 s a build): tests/test_notebook_pages.py
    # validates every .ipynb the site serves
    outputs: list[dict] = []
    if result.stdout:
        outputs.append({"output_type": "stream", "name": "stdout", "text": result.stdout})
    for figure in result.figures:
        svg = figure.files[language].read_text(encoding="utf-8")
        # text/plain: what a reader without the picture gets (the figure's description)
        text = figure.description.get(language) or figure.alt[language]
        outputs.append({"output_type": "display_data", "metadata": {}, "data": {"image/svg+xml": svg, "text/plain": text}})
    cells = [{
        "id": "snippet", "cell_type": "code", "metadata": {}, "execution_count": 1,
        "source": result.shown_source(language).rstrip("\n"), "outputs": outputs,
    }]
    if title:
        cells.insert(0, {"id": "title", "cell_type": "markdown", "metadata": {}, "source": f"# snippets/{result.name}"})
    nb = {
        "nbformat": v4.nbformat,
        "nbformat_minor": v4.nbformat_minor,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python", "version": result.versions["python"]},
        },
        "cells": cells,
    }
    # one string per output instead of a list of lines: the same notebook (nbformat reads both),
    # without a quoted, indented line of JSON for every line of every figure
    return nbjson.writes(nbformat.from_dict(nb), split_lines=False)
