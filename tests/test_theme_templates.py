"""doc_snippets.theme_templates: the theme's templates compiled ahead into Jinja's bytecode cache."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from doc_snippets import theme_templates

ROOT = Path(__file__).resolve().parents[1]


def _env(cache: Path) -> jinja2.Environment:
    from mkdocs.config import load_config

    env = load_config(str(ROOT / "mkdocs.yml")).theme.get_env()
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


def test_templates_a_build_renders_are_compiled_ahead_and_loaded_after(tmp_path, monkeypatch):
    compiled = theme_templates.compile_ahead(_env(tmp_path), ["main.html", "404.html"])
    compiled.join()
    env = _env(tmp_path)  # a build's own environment, as each language makes one
    assert theme_templates.compile_into(env, ["main.html"]) == [], "already in the cache"

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(env, "compile", no_compile)
    for name in ("main.html", "base.html", "partials/header.html", "partials/footer.html", "partials/toc.html", "404.html"):
        env.get_template(name)  # loaded from the cache


def test_what_is_compiled_is_what_jinja_compiles(tmp_path):
    """The cached code is the code Jinja makes itself; an edited template is compiled again."""
    loader = jinja2.DictLoader({"page.html": '{% extends "base.html" %}{% block b %}{{ x }}!{% endblock %}', "base.html": "<{% block b %}{% endblock %}>"})
    env = jinja2.Environment(loader=loader, bytecode_cache=jinja2.FileSystemBytecodeCache(str(tmp_path)))
    assert sorted(theme_templates.compile_into(env, ["page.html", "missing.html"])) == ["base.html", "page.html"]
    fresh = jinja2.Environment(loader=loader, bytecode_cache=jinja2.FileSystemBytecodeCache(str(tmp_path)))
    assert fresh.get_template("page.html").render(x=1) == jinja2.Environment(loader=loader).get_template("page.html").render(x=1) == "<1!>"

    loader.mapping["base.html"] = "[{% block b %}{% endblock %}]"
    assert theme_templates.compile_into(fresh, ["page.html"]) == ["base.html"]
    assert jinja2.Environment(loader=loader, bytecode_cache=jinja2.FileSystemBytecodeCache(str(tmp_path))).get_template("page.html").render(x=1) == "[1!]"


def test_a_template_that_does_not_compile_is_left_to_the_build(tmp_path):
    loader = jinja2.DictLoader({"main.html": "{% include 'bad.html' %}", "bad.html": "{% if %}"})
    env = jinja2.Environment(loader=loader, bytecode_cache=jinja2.FileSystemBytecodeCache(str(tmp_path)))
    assert theme_templates.compile_into(env, ["main.html"]) == ["main.html"]
    theme_templates.compile_ahead(env, ["main.html"]).join()  # no error from the thread
    with pytest.raises(jinja2.TemplateSyntaxError):
        env.get_template("bad.html")
