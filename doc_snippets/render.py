"""The markdown a page gets for a snippet: its code, output, figures and run info.

Also where the generated files live on the site (``snippet-output/<key>/...``), so
the links written here and the files :mod:`doc_snippets.site_files` registers agree.
"""

from __future__ import annotations

import posixpath
import re
from html import escape

from doc_snippets import report
from doc_snippets.runner import SnippetResult

OUTPUT_DIR = "snippet-output"

#: Words put on a page next to a snippet, per language.
UI = {
    "ko": {
        "output": "출력",
        "ran": "빌드할 때 실행함 · Python {python} · torch {torch}",
        "report": "실행 시간",
        "download": "내려받기",
        "script": "파이썬 스크립트",
        "notebook": "주피터 노트북",
        "view": "노트북으로 보기",
    },
    "en": {
        "output": "Output",
        "ran": "Run during the build · Python {python} · torch {torch}",
        "report": "run time",
        "download": "Download",
        "script": "Python script",
        "notebook": "Jupyter notebook",
        "view": "view as a notebook",
    },
}

PARTS = ("code", "output", "figures", "info")


def stem(result: SnippetResult) -> str:
    return posixpath.basename(result.name)[: -len(".py")]


def base(result: SnippetResult) -> str:
    """The site folder of one snippet run's files."""
    return f"{OUTPUT_DIR}/{result.key}"


def script_download(result: SnippetResult, language: str) -> str:
    """src_uri of the downloadable ``.py`` whose comments are in ``language``."""
    return f"{base(result)}/{language}/{stem(result)}.py"


def notebook_download(result: SnippetResult, language: str) -> str:
    """src_uri of the downloadable notebook whose figures are in ``language``."""
    return f"{base(result)}/{language}/{stem(result)}.ipynb"


def figure_file(result: SnippetResult, index: int, language: str) -> str:
    """src_uri of figure ``index`` (counted from 0) drawn in ``language``."""
    return f"{base(result)}/figure{index + 1}-{language}.svg"


def parse_parts(spec: str | None, result: SnippetResult) -> list[tuple[str, int | None]]:
    """``"output figure 2"`` -> ``[("output", None), ("figure", 2)]``; no spec, every part."""
    if not spec:
        return [(part, None) for part in PARTS]
    words = spec.split()
    parts: list[tuple[str, int | None]] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in PARTS:
            parts.append((word, None))
        elif word == "figure" and i + 1 < len(words) and words[i + 1].isdigit():
            number = int(words[i + 1])
            if not 1 <= number <= len(result.figures):
                raise ValueError(f"{result.name} draws {len(result.figures)} figure(s), there is no figure {number}")
            parts.append(("figure", number))
            i += 1
        else:
            raise ValueError(f"unknown snippet part {word!r} (use code, output, figures, figure N, info)")
        i += 1
    return parts


def _inline_text(text: str) -> str:
    """``text`` as literal inline markdown: HTML and markdown characters escaped."""
    text = escape(" ".join(text.split()), quote=False)
    return re.sub(r"([\\`*_\[\]{}|!])", r"\\\1", text)


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def render(
    result: SnippetResult,
    parts: list[tuple[str, int | None]],
    language: str,
    page_src_uri: str,
    notebook_page: str | None = None,
    report_page: bool = False,
) -> str:
    """The markdown for ``result`` on a page in ``language``.

    With ``report_page`` (the site has the build report) the run info links to the
    snippet's row there for its run time; a page never prints a time itself, so it
    stays the same from build to build.
    """
    ui = UI.get(language, UI["en"])
    page_dir = posixpath.dirname(page_src_uri)

    def link(target: str) -> str:
        return posixpath.relpath(target, page_dir or ".")

    blocks: list[str] = []
    for part, number in parts:
        if part == "code":
            source = result.shown_source(language)
            fence = _fence(source)
            blocks.append(f'{fence}python title="snippets/{result.name}"\n{source.rstrip()}\n{fence}')
        elif part == "output" and result.stdout.strip():
            fence = _fence(result.stdout)
            blocks.append(
                f'<div class="snippet-output" markdown>\n\n{fence}text title="{ui["output"]}"\n'
                f"{result.stdout.rstrip()}\n{fence}\n\n</div>"
            )
        elif part in ("figures", "figure"):
            indices = range(len(result.figures)) if part == "figures" else [number - 1]
            for index in indices:
                figure = result.figures[index]
                # The alt text is the figure's description (what it shows, what to take
                # from it); the caption shows the same words to every reader, hidden from
                # screen readers, which have just read them as the alt text. The drawn
                # title is not repeated.
                description = _inline_text(figure.description.get(language) or figure.alt[language])
                src = link(figure_file(result, index, language))
                blocks.append(
                    f'<figure class="snippet-figure" markdown="span">\n'
                    f"![{description}]({src})\n"
                    f'<figcaption aria-hidden="true">{description}</figcaption>\n</figure>'
                )
        elif part == "info":
            name = stem(result)
            ran = ui["ran"].format(**result.versions)
            blocks.append(
                f'<p class="snippet-info" markdown="span">{ran} · '
                + (f'[{ui["report"]}]({link(report.link(result.name))}) · ' if report_page else "")
                + f'{ui["download"]}: '
                f'[{ui["script"]}]({link(script_download(result, language))}){{ download="{name}.py" }} · '
                f'[{ui["notebook"]}]({link(notebook_download(result, language))}){{ download="{name}.ipynb" }}'
                + (f' · [{ui["view"]}]({link(notebook_page)})' if notebook_page else "")
                + "</p>"
            )
    return "\n\n".join(blocks)
