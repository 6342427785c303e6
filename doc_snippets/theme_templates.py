"""The theme's templates compiled ahead, while a build waits for its snippets.

Each build of each language makes its own Jinja environment and compiles the theme's
templates as its pages first use them (38 of Material's, 0.3 s of CPU), unless Jinja's
bytecode cache in ``.cache/jinja/`` has them (:meth:`SnippetsPlugin.on_env`). A build
with an empty cache compiles them twice, once per language, while both cores are
busy with pages. :func:`compile_ahead` compiles them into that cache in a thread of
the build's process while the snippets run, where the build's own thread only waits
for them: then both languages load them.

Which templates: those named, in tags with a literal name (``extends``, ``include``,
``import``), by the templates a build renders (``main.html``, ``404.html`` and the
theme's static templates), and so on down. One chosen by a variable is compiled
where the build uses it, as before. Jinja keys each one by its name and file, and
uses it only while the template's source has the same checksum.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import jinja2
from jinja2 import meta


def compile_into(env: jinja2.Environment, names: Iterable[str]) -> list[str]:
    """Compile the templates ``names`` and those they name, into ``env``'s bytecode
    cache, unless it holds them; returns the names compiled."""
    cache = env.bytecode_cache
    if cache is None:
        return []
    compiled: list[str] = []
    seen: set[str] = set()
    waiting = list(names)
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            continue
        bucket = cache.get_bucket(env, name, filename, source)
        try:
            tree = env.parse(source, name, filename)
        except jinja2.TemplateSyntaxError:
            continue  # the build reports it where it renders the template
        waiting.extend(other for other in meta.find_referenced_templates(tree) if other is not None)
        if bucket.code is None:
            bucket.code = env.compile(tree, name, filename)
            cache.set_bucket(bucket)
            compiled.append(name)
    return compiled


def compile_ahead(env: jinja2.Environment, names: Iterable[str]) -> threading.Thread:
    """:func:`compile_into` in a thread started now; join it before the build renders a page."""
    names = list(names)
    thread = threading.Thread(target=_quietly, args=(env, names), name="compile-theme-templates", daemon=True)
    thread.start()
    return thread


def _quietly(env: jinja2.Environment, names: list[str]) -> None:
    try:
        compile_into(env, names)
    except Exception:  # noqa: BLE001: only a head start; the build compiles what is missing
        pass
