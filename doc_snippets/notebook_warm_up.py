"""Imported last by the notebook workers' process (multiprocessing's ``forkserver``, see
:func:`doc_snippets.notebook_pages.worker_context`), after mkdocs-jupyter and nbconvert: it
renders one small page there (:func:`doc_snippets.notebook_pages.warm_up_renderer`), so that
every worker forked from that process starts with nbconvert's exporters made, its templates
compiled and its stylesheets read, instead of each worker doing it on its first page (0.36 s
of CPU a worker). Imported anywhere else, it does nothing.
"""

from __future__ import annotations

from doc_snippets import notebook_pages, worker_process

if worker_process._imported_by_the_forkserver():
    notebook_pages.warm_up_renderer()
