"""A snippet as a Jupyter notebook, with the outputs of the build's own run."""

from __future__ import annotations

import nbformat
from nbformat import v4

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
    outputs = []
    if result.stdout:
        outputs.append(v4.new_output("stream", name="stdout", text=result.stdout))
    for figure in result.figures:
        svg = figure.files[language].read_text(encoding="utf-8")
        # text/plain: what a reader without the picture gets (the figure's description)
        text = figure.description.get(language) or figure.alt[language]
        outputs.append(v4.new_output("display_data", data={"image/svg+xml": svg, "text/plain": text}))
    cell = v4.new_code_cell(result.shown_source(language).rstrip("\n"), outputs=outputs, execution_count=1)
    cell["id"] = "snippet"
    cells = [cell]
    if title:
        heading = v4.new_markdown_cell(f"# snippets/{result.name}")
        heading["id"] = "title"
        cells.insert(0, heading)
    nb = v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python", "version": result.versions["python"]},
        },
    )
    # not validated here (a JSON-schema check of every notebook on every build, 0.3 s):
    # tests/test_notebook_pages.py validates every .ipynb the site serves
    # one string per output instead of a list of lines: the same notebook (nbformat reads both),
    # without a quoted, indented line of JSON for every line of every figure
    return nbformat.writes(nb, split_lines=False)
