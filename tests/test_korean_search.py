"""doc_snippets.korean_search without a browser: Material's tokenizer, the analyzer's table,
the cache. (tests/test_search.py runs the queries through the real worker.)"""

from __future__ import annotations

import json
import re

import pytest

from doc_snippets import korean_search as ks

SEPARATOR = re.compile(r"[\s\-]+")


def index(*texts: str, title: str = "제목") -> dict:
    return {
        "config": {"lang": ["ko"], "separator": r"[\s\-]+", "pipeline": [" "], "fields": {"title": {}, "text": {}}},
        "docs": [{"location": f"p{i}/", "title": title, "text": text} for i, text in enumerate(texts)],
    }


def test_tokens_follow_material_s_tokenizer():
    html = "<p>경사 하강법(gradient descent)을</p> 텐서-모양 <code>x.shape</code>"
    assert [t for t, *_ in ks.tokens(html, SEPARATOR)] == ["경사", "하강법(gradient", "descent)을", "텐서", "모양", "x.shape"]
    assert list(ks.text_sections("<p>a</p> b <i>c</i>")) == ["a", " b ", "c"]


def test_table_holds_compound_parts_aliases_and_particles():
    entries = [
        {"ko": "과적합", "en": "overfitting", "page": "overfitting.md", "aliases": {"ko": ["과대적합", "오버피팅"]}},
        {"ko": "학습률", "en": "learning rate", "page": "lr.md", "aliases": {"ko": ["러닝 레이트"]}},
    ]
    text = "<p>하이퍼파라미터는 사람이 정합니다. 모델이 과적합이 되면 학습률을 낮춥니다. 텐서의 모양을 봅니다.</p>"
    table = ks.build_table(index(text), entries).as_json()
    words = {k: set(v.split()) for k, v in table["words"].items()}
    assert "파라미터" in words["하이퍼파라미터는"]  # a noun inside a compound
    assert {"과대적합", "오버피팅"} <= words["과적합이"]  # the glossary's other names
    assert {"러닝레이트", "러닝", "레이트"} <= words["학습률을"]
    assert {"의", "을", "이"} <= set(table["suffixes"].split())  # particles the analyzer found
    # a prefix of the word itself is found by Material's prefix match: not repeated
    assert "텐서의" not in words or "텐서" not in words["텐서의"]


def test_the_background_analyzer_gives_what_this_process_gives():
    """The build has Kiwi made in a process of its own while it runs snippets
    (warm_up_in_background); the morphemes it returns are this process's, in order."""
    sections = ["경사 하강법(gradient descent)을 씁니다.", "텐서의 모양", "했습니다", "혼동행렬과 오버피팅"]
    here = ks._spans(sections)
    ks.warm_up_in_background()
    try:
        assert ks._worker is not None
        assert ks.morphemes(sections) == here
        assert ks.morphemes(["과적합"]) == ks._spans(["과적합"])  # the same process, asked again
    finally:
        ks.stop_background()
    assert ks._worker is None
    assert ks.morphemes(sections) == here  # no process: analyzed here


def test_a_batch_gives_each_section_what_it_gives_alone():
    """The analyzer hands Kiwi its sections as one batch, analyzed on every core
    (korean_search._analysis): each section's morphemes are those it gets analyzed alone,
    by a Kiwi of one thread, a section given twice is analyzed once, and one with no
    morpheme of its own keeps its (empty) place."""
    from kiwipiepy import Kiwi

    alone = Kiwi(num_workers=1, load_multi_dict=False, load_typo_dict=False)
    sections = ["경사 하강법(gradient descent)을 씁니다.", "텐서의 모양", "했습니다", "텐서의 모양", " ", "혼동행렬과 오버피팅"] * 20
    sections += [f"{n}번째 에포크에서 손실이 줄었습니다." for n in range(60)]
    found = ks._analysis(sections)
    assert list(found) == list(dict.fromkeys(sections))
    for section in sections:
        assert found[section] == [(m.start, m.start + m.len, m.tag) for m in alone.tokenize(section)], section
    assert ks._analysis([]) == {}
    assert ks._spans(sections) == [found[section] for section in sections]


def test_stopping_the_analyzer_while_it_loads_leaves_nothing_for_the_exit_to_wake():
    """A build that ends (or fails) while Kiwi still loads ends the analyzer's process, and
    the thread managing it ends too, its wake-up pipe closed: the interpreter's exit, which
    wakes every such thread, finds none half closed (Python 3.11 raced there once in CI)."""
    ks.warm_up_in_background()
    worker = ks._worker
    manager = worker._executor_manager_thread
    assert manager is not None and manager.is_alive()
    ks.stop_background()
    assert not manager.is_alive()
    from concurrent.futures import process

    assert all(wakeup._closed for thread, wakeup in list(process._threads_wakeups.items()) if thread is manager)
    assert not any(process.is_alive() for process in (worker._processes or {}).values())


def test_a_background_analyzer_that_died_is_replaced_by_this_process():
    ks.warm_up_in_background()
    try:
        ks.morphemes(["텐서"])  # the process is up
        for process in list(ks._worker._processes.values()):
            process.kill()
            process.join()
        assert ks.morphemes(["텐서의 모양"]) == ks._spans(["텐서의 모양"])
        assert ks._worker is None
    finally:
        ks.stop_background()


def test_an_alias_word_the_text_uses_on_its_own_is_left_out():
    entries = [{"ko": "혼동 행렬", "en": "confusion matrix", "page": "cm.md", "aliases": {"ko": ["오차 행렬"]}}]
    text = "<p>혼동 행렬을 봅니다. 평균 제곱 오차 대신 혼동 행렬로 셉니다.</p>"
    table = ks.build_table(index(text), entries).as_json()
    added = {t for v in [*table["words"].values(), *table["pairs"].values()] for t in v.split()}
    assert "오차" not in added and "오차행렬" not in added  # 오차 alone would rank this page first for 오차
    # unless the only page that writes it on its own is the glossary, which lists every alias
    table = ks.build_table(index("<p>혼동 행렬을 봅니다.</p>", "<p>오차 행렬</p>"), entries, listing_pages=["p1/"]).as_json()
    pairs = {k: set(v.split()) for k, v in table["pairs"].items()}
    assert "오차행렬" in pairs["혼동 행렬을"]


PYTORCH = [{"ko": "PyTorch", "en": "PyTorch", "page": "setup.md", "aliases": {"ko": ["파이토치", "토치"]}}]
#: the page about the term writes the term; another page writes one of its aliases itself
TERM_PAGE = "<p>PyTorch를 설치합니다. 설치한 뒤 PyTorch 버전을 확인합니다.</p>"
ALIAS_PAGE = "<p>참고 자료: 파이토치 공식 문서와 튜토리얼</p>"


def test_an_alias_another_page_writes_itself_is_still_added_to_the_term():
    """The alias is the term's other name: a page writing it does not make it an ordinary word."""
    table = ks.build_table(index(TERM_PAGE, ALIAS_PAGE), PYTORCH).as_json()
    words = {k: set(v.split()) for k, v in table["words"].items()}
    assert "파이토치" in words["pytorch를"] and "파이토치" in words["pytorch"]
    assert "토치" in words["pytorch를"]
    assert "파이토치" not in words  # the page that writes it finds it by itself: nothing added
    # the same for an alias of two words that another page writes joined
    entries = [{"ko": "학습률", "en": "learning rate", "page": "lr.md", "aliases": {"ko": ["러닝 레이트"]}}]
    table = ks.build_table(index("<p>학습률을 낮춥니다.</p>", "<p>러닝레이트라고도 합니다.</p>"), entries).as_json()
    assert "러닝레이트" in table["words"]["학습률을"].split()


def mini_site(root, search_index: dict, entries: list[dict]):
    """A site of Material's search worker and lunr scripts, ``search_index`` and the analyzer's
    script: what the built site's search runs, without building the site."""
    import shutil

    javascripts = ks.material_lunr_script("ko").parents[2]
    for part in ("workers", "lunr"):
        shutil.copytree(javascripts / part, root / "assets" / "javascripts" / part)
    (worker,) = (root / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    config = {"base": ".", "search": worker.relative_to(root).as_posix()}
    (root / "index.html").write_text(
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>검색</title>'
        f'<script id="__config" type="application/json">{json.dumps(config)}</script></head><body></body></html>',
        encoding="utf-8",
    )
    path = root / "search" / "search_index.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(search_index, ensure_ascii=False), encoding="utf-8")
    ks.prepare(root, path, entries)
    return root


@pytest.mark.browser
def test_the_alias_query_finds_the_term_s_page_that_another_page_writes_itself(tmp_path, browser):
    """The query 파이토치, through Material's worker: the term's page (p0), not only the page
    that writes 파이토치 (p1)."""
    from tests.browser import serve_site
    from tests.test_search import RUN_QUERIES

    site = mini_site(tmp_path, index(TERM_PAGE, ALIAS_PAGE), PYTORCH)
    with serve_site(site) as url:
        page = browser.new_page()
        page.goto(f"{url}/")
        answers = page.evaluate(RUN_QUERIES, {"queries": ["파이토치", "토치", "파이토치를"]})
        page.close()
    for query, groups in answers.items():
        pages = [group["page"] for group in groups]
        assert "p0/" in pages, (query, pages)
    assert "p1/" in [group["page"] for group in answers["파이토치"]]  # and the page that writes it


@pytest.mark.browser
def test_punctuation_at_a_word_s_ends_makes_no_term_of_its_own(tmp_path, browser):
    """Material's lunr.ko trimmer never matches (its pattern sets "[A-Za-z가-힣]" in brackets
    twice), so a heading "비용 함수: ..." held the rare term "함수:" and outranked the heading
    "비용 함수" for the query 비용 함수. The analyzer's pipeline step trims instead."""
    from tests.browser import serve_site
    from tests.test_search import RUN_QUERIES

    pages = index("<p>로지스틱 회귀의 비용</p>", "<p>선형 회귀의 비용</p>", "<p>다른 글</p>")
    pages["docs"][0]["title"] = "비용 함수: 이진 교차 엔트로피"
    pages["docs"][1]["title"] = "비용 함수"
    pages["docs"][2]["title"] = "(함수)"
    site = mini_site(tmp_path, pages, [])
    with serve_site(site) as url:
        page = browser.new_page()
        page.goto(f"{url}/")
        answers = page.evaluate(RUN_QUERIES, {"queries": ["비용 함수", "함수"]})
        page.close()
    scores = {group["page"]: group["score"] for group in answers["비용 함수"]}
    assert scores["p1/"] >= scores["p0/"], answers["비용 함수"]
    scores = {group["page"]: group["score"] for group in answers["함수"]}
    assert scores["p0/"] == scores["p1/"] == scores["p2/"], answers["함수"]  # the same term, "함수", in each


def test_worker_script_is_material_s_korean_support_plus_the_table(tmp_path):
    site = tmp_path / "site"
    path = site / "search" / "search_index.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(index("<p>경사 하강법을 씁니다</p>"), ensure_ascii=False), encoding="utf-8")
    cache = tmp_path / "cache"
    first = ks.prepare(site, path, [], cache_dir=cache)
    script = first.script.read_text(encoding="utf-8")
    assert script.startswith(ks.material_lunr_script("ko").read_text(encoding="utf-8").rstrip())
    assert "lunr.QueryLexer.prototype.run" in script and not first.cached
    second = ks.prepare(site, path, [], cache_dir=cache)  # same text: no analysis
    assert second.cached and second.script.read_text(encoding="utf-8") == script
    assert len(list(cache.glob("*.json"))) == 1


def test_a_table_started_early_is_the_one_prepare_makes(tmp_path, monkeypatch):
    """The build starts the Korean table in the analyzer's process as soon as the Korean
    index is written (start_table) and builds English meanwhile; prepare takes that table
    only for the very same index text, and makes it itself otherwise."""
    site = tmp_path / "site"
    path = site / "search" / "search_index.json"
    path.parent.mkdir(parents=True)
    text = json.dumps(index("<p>경사 하강법을 씁니다</p>", "<p>혼동 행렬</p>"), ensure_ascii=False, separators=(",", ":"))
    entries = [{"ko": "혼동 행렬", "en": "confusion matrix", "page": "cm.md", "aliases": {"ko": ["오차 행렬"]}}]
    path.write_text(text, encoding="utf-8")
    expected = ks.prepare(site, path, entries).script.read_text(encoding="utf-8")  # no cache, made here

    made_here = []
    build_table = ks.build_table
    monkeypatch.setattr(ks, "build_table", lambda *args: made_here.append(args) or build_table(*args))
    assert not ks.start_table(text, entries), "no analyzer process: nothing starts"
    ks.warm_up_in_background()
    try:
        assert ks.start_table(text, entries, cache_dir=tmp_path / "cache", listing_pages=["glossary/"])
        assert ks.start_table(text, entries, cache_dir=tmp_path / "cache")
        prepared = ks.prepare(site, path, entries, cache_dir=tmp_path / "cache")
        assert made_here == [], "the table was made again in the build's process"
        assert not prepared.cached and prepared.script.read_text(encoding="utf-8") == expected
        assert ks._started == {}, "a table started for other input is dropped"
        assert not ks.start_table(text, entries, cache_dir=tmp_path / "cache"), "cached: nothing to start"

        # the index changed after the start: the started table is not used
        ks.start_table(text.replace("하강법을", "하강법으로"), entries)
        assert ks.prepare(site, path, entries).script.read_text(encoding="utf-8") == expected
        assert len(made_here) == 1
    finally:
        ks.stop_background()


def test_bad_input_is_reported(tmp_path):
    bad = index("<p>텐서</p>")
    bad["config"]["separator"] = "[unclosed"
    with pytest.raises(ks.KoreanSearchError, match="separator"):
        ks.build_table(bad, [])
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps({**index("x"), "config": {"lang": ["en"]}}), encoding="utf-8")
    with pytest.raises(ks.KoreanSearchError, match=r"lang \['ko'\]"):
        ks.prepare(tmp_path, path, [])


def test_the_background_analyzer_ends_when_the_build_is_killed(tmp_path):
    """A build killed mid-way (mkdocs serve stopped with SIGTERM) leaves no analyzer behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import running

    pid_file = tmp_path / "worker"
    build = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from doc_snippets import korean_search as ks\n"
         "ks.warm_up_in_background()\n"
         "pids = list(ks._worker._processes)\n"
         f"open({str(pid_file)!r}, 'w').write(str(pids[0]))\n"
         "time.sleep(600)\n"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not pid_file.is_file() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the analyzer's process did not start"
            time.sleep(0.1)
        worker = int(pid_file.read_text())
        build.send_signal(signal.SIGTERM)
        build.communicate(timeout=30)  # returns once no process holds the build's stdout
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if not running(worker):
                break
            time.sleep(0.2)
        else:
            os.kill(worker, signal.SIGKILL)
            raise AssertionError("the analyzer's process outlived the build")
    finally:
        build.kill()


def test_a_phrase_of_common_nouns_is_not_read_as_a_proper_name():
    # Kiwi's multi-word dictionary (WikiData names, left unloaded) read "트레이닝 데이"
    # as one name, leaving "터": the noun 데이터 made no term of its own (the glossary's line)
    (spans,) = ks.morphemes(["트레이닝 데이터, 훈련 세트"])
    nouns = {(start, end) for start, end, tag in spans if tag.startswith("NN")}
    assert {(0, 4), (5, 8)} <= nouns


def _sections_ahead() -> int:
    """(in the analyzer's process) how many sections wait there, analyzed ahead"""
    return len(ks._ahead)


def test_sections_analyzed_ahead_make_the_same_table(tmp_path):
    """The build gives the analyzer's process each Korean page's search entries as the page
    is made (analyze_ahead); the table then takes their sections' morphemes from there
    instead of analyzing them while the build waits, and is the table made without."""
    texts = ["<p>경사 하강법을 씁니다. 혼동 행렬과</p><code>x.shape</code>", "<h2>오버피팅</h2><p>모델이 과적합이 되면 학습률을 낮춥니다.</p>"]
    idx = index(*texts)
    text = json.dumps(idx, ensure_ascii=False, separators=(",", ":"))
    site = tmp_path / "site"
    path = site / "search" / "search_index.json"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    expected = ks.prepare(site, path, []).script.read_text(encoding="utf-8")  # no process: made here

    ks.analyze_ahead(texts)  # no process: nothing to do
    ks.warm_up_in_background()
    try:
        ks.analyze_ahead([doc[field] for doc in idx["docs"] for field in ("title", "text")])
        korean = {s for doc in idx["docs"] for f in ("title", "text") for s in ks.text_sections(doc[f]) if ks.HANGUL.search(s)}
        assert ks._worker.submit(_sections_ahead).result() == len(korean) == 4
        assert ks.start_table(text, [], cache_dir=tmp_path / "cache")
        prepared = ks.prepare(site, path, [], cache_dir=tmp_path / "cache")
        assert not prepared.cached and prepared.script.read_text(encoding="utf-8") == expected
        assert ks._worker.submit(_sections_ahead).result() == 0, "taken by the table, then dropped"

        # a build whose table comes from the cache drops what it gave ahead
        ks.analyze_ahead(texts)
        assert ks.prepare(site, path, [], cache_dir=tmp_path / "cache").cached
        assert ks._worker.submit(_sections_ahead).result() == 0
    finally:
        ks.stop_background()


def test_a_build_gives_the_analyzer_its_korean_entries_only_when_one_is_new(tmp_path, monkeypatch):
    """Only Korean pages' entries, and only in a build where some Korean page's entries
    were made rather than kept: with every one kept, the table is most likely cached."""
    from tests.test_build import make_project
    from tests.test_kept_page_work import _build

    given: list[str] = []
    monkeypatch.setattr(ks, "analyze_ahead", lambda texts: given.extend(texts))
    project = make_project(tmp_path / "project")
    _build(project, tmp_path / "site")
    korean = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert given and sorted(given) == sorted(doc[f] for doc in korean for f in ("title", "text") if doc.get(f))
    assert any(ks.HANGUL.search(text) for text in given)

    given.clear()
    _build(project, tmp_path / "site")
    assert given == [], "nothing changed: nothing analyzed ahead"
