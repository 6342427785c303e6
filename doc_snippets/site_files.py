"""Register the files a snippet run gives the site: the script, notebooks and figures.

They are served beside the pages under ``snippet-output/<key>/`` (see
:mod:`doc_snippets.render`, which writes the links to them).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from doc_snippets import notebook
from doc_snippets.render import figure_file, notebook_download, script_download
from doc_snippets.runner import SnippetResult


def add(result: SnippetResult, files: Files, config: MkDocsConfig, languages: list[str]) -> None:
    candidates = [File.generated(config, script_download(result), abs_src_path=str(result.path))]
    for language in languages:  # the notebook's figures in each language
        candidates.append(
            File.generated(config, notebook_download(result, language), content=notebook.build(result, language))
        )
    for index, figure in enumerate(result.figures):
        for language, path in figure.files.items():
            candidates.append(File.generated(config, figure_file(result, index, language), abs_src_path=str(path)))
    for file in candidates:
        if files.get_file_from_path(file.src_uri) is None:
            files.append(file)
