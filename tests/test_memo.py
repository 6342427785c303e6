"""doc_snippets.memo: per-page text work kept between builds, never served stale."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from doc_snippets import lang_parts
from doc_snippets.memo import Memo


@pytest.fixture
def module(tmp_path, monkeypatch):
    """A throwaway module whose function counts its calls (its source can be edited)."""
    folder = tmp_path / "mod"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))

    def load(body: str):
        (folder / "memo_probe.py").write_text(textwrap.dedent(body), encoding="utf-8")
        sys.modules.pop("memo_probe", None)
        importlib.invalidate_caches()
        return importlib.import_module("memo_probe")

    yield load
    sys.modules.pop("memo_probe", None)


PROBE = """
calls = []

def shout(text, times):
    calls.append(text)
    return text.upper() * times
"""


def test_the_same_inputs_are_read_back_not_computed(tmp_path, module):
    probe = module(PROBE)
    memo = Memo(tmp_path / "memo")
    assert memo(probe.shout, "가나 ab", 2) == "가나 AB가나 AB"
    # a new build: a new Memo on the same folder, as a fresh `mkdocs build` makes
    memo = Memo(tmp_path / "memo")
    assert memo(probe.shout, "가나 ab", 2) == "가나 AB가나 AB"
    assert probe.calls == ["가나 ab"]
    assert (memo.hits, memo.misses) == (1, 0)


def test_any_change_of_an_argument_computes_again(tmp_path, module):
    probe = module(PROBE)
    memo = Memo(tmp_path / "memo")
    assert memo(probe.shout, "a", 1) == "A"
    assert memo(probe.shout, "a", 2) == "AA"
    assert memo(probe.shout, "b", 1) == "B"
    # the boundary between arguments counts: ("ab", "c") is not ("a", "bc")
    assert memo.path(probe.shout, "ab", "c") != memo.path(probe.shout, "a", "bc")
    assert probe.calls == ["a", "a", "b"]


def test_a_change_of_the_code_computes_again(tmp_path, module):
    memo = Memo(tmp_path / "memo")
    probe = module(PROBE)
    assert memo(probe.shout, "a", 1) == "A"
    from doc_snippets import memo as memo_module

    memo_module._code_digest.cache_clear()  # a new process reads the edited source
    probe = module(PROBE.replace("text.upper()", "text.upper() + '!'"))
    assert memo(probe.shout, "a", 1) == "A!"


def test_a_damaged_or_missing_file_is_computed_again(tmp_path, module):
    probe = module(PROBE)
    memo = Memo(tmp_path / "memo")
    memo(probe.shout, "a", 1)
    path = memo.path(probe.shout, "a", 1)
    path.write_bytes(b"\xff\xfe not utf-8")
    assert memo(probe.shout, "a", 1) == "A"
    path.unlink()
    assert memo(probe.shout, "a", 1) == "A"
    assert probe.calls == ["a", "a", "a"]
    assert path.read_text(encoding="utf-8") == "A"


def test_an_unwritable_folder_costs_speed_not_the_result(tmp_path, module):
    probe = module(PROBE)
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    memo = Memo(blocker / "memo")  # a folder under a file cannot be made
    assert memo(probe.shout, "a", 1) == "A"
    assert memo(probe.shout, "a", 1) == "A"


def test_prune_removes_what_the_build_did_not_use(tmp_path, module):
    probe = module(PROBE)
    memo = Memo(tmp_path / "memo")
    memo(probe.shout, "old", 1)
    memo.prune()
    memo(probe.shout, "new", 1)  # the next build no longer asks for "old"
    removed = memo.prune()
    assert [p.name for p in removed] == [memo.path(probe.shout, "old", 1).name]
    assert memo.path(probe.shout, "new", 1).is_file()


def test_only_text_is_kept(tmp_path, module):
    probe = module("def count(text):\n    return len(text)\n")
    with pytest.raises(TypeError, match="count returned int"):
        Memo(tmp_path / "memo")(probe.count, "abc")


def test_lang_parts_through_the_memo_is_lang_parts(tmp_path):
    html = "<p>경사 하강법(gradient descent)과 PyTorch, <code>torch.tensor</code></p>"
    memo = Memo(tmp_path / "memo")
    first = memo(lang_parts.mark, html, "ko", ["PyTorch"])
    again = Memo(tmp_path / "memo")(lang_parts.mark, html, "ko", ["PyTorch"])
    assert first == again == lang_parts.mark(html, "ko", ["PyTorch"])
    assert '<span lang="en">gradient descent</span>' in first and '<span lang="en">PyTorch</span>' in first


def test_prune_spares_a_write_in_progress_but_not_a_crashed_one(tmp_path, module):
    import os
    import time

    probe = module(PROBE)
    memo = Memo(tmp_path / "memo")
    memo(probe.shout, "a", 1)
    folder = memo.path(probe.shout, "a", 1).parent
    fresh, crashed = folder / ".tmp-fresh", folder / ".tmp-crashed"
    fresh.write_text("half", encoding="utf-8")
    crashed.write_text("half", encoding="utf-8")
    hours_ago = time.time() - 2 * 3600
    os.utime(crashed, (hours_ago, hours_ago))
    removed = memo.prune()
    assert removed == [crashed]
    assert fresh.is_file() and memo.path(probe.shout, "a", 1).is_file()
