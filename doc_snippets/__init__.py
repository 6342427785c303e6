"""Build machinery of the site: run the snippets and put their results on the pages.

- :mod:`doc_snippets.runner`: runs each snippet in its own process, cached by content.
- :mod:`doc_snippets.figure_text`: figure labels in each page's language.
- :mod:`doc_snippets.plugin`: the MkDocs plugin (``snippets`` in ``mkdocs.yml``).
"""
