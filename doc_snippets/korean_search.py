"""Korean search: the Korean index prepared at build time with a morphological analyzer.

Material's search splits a page's text on its separator (``[\\s\\-]+``) and matches the
words of a query as prefixes of those words. Korean writes a noun and its particle as one
word (``텐서의``, ``모델을``), joins or spaces compounds freely (``경사하강법`` / ``경사 하강법``)
and has everyday names beside the glossary's (``오버피팅`` for 과적합), so many realistic
queries found nothing.

This module keeps Material's search box, worker, ranking and highlighting, and adds what
the analyzer knows in the two places Material's worker lets a language plug in: its
lunr language script (``assets/javascripts/lunr/min/lunr.ko.min.js``, loaded by the
worker when the index's ``lang`` is ``ko``). The build writes that script as Material's
own Korean support followed by

* a table made here with `Kiwi <https://github.com/bab2min/kiwipiepy>`_, a Korean
  morphological analyzer, from the Korean search index: for each word of the index, the
  terms it stands for that a prefix match of the word itself does not find (compound parts,
  ``하이퍼파라미터`` -> ``파라미터``; nouns behind punctuation, ``(평균제곱오차`` -> ``평균``,
  ``제곱``, ``오차``) and the words of the glossary's aliases of a term the word belongs to
  (``과적합이`` -> ``과대적합``, ``오버피팅``; ``학습률`` -> ``러닝``, ``레이트``), plus the
  particles and endings the analyzer found after nouns and the nouns before them;
* a lunr pipeline function that adds those terms to the index at the position of the
  word they come from (so a match on them highlights that word), and
* a query step that rewrites each Hangul query word before Material turns the query into
  prefix clauses: a particle or ending is stripped where a noun of the index is left
  (``모델을`` -> ``모델``); a word the index knows is kept; any other word is cut into the
  fewest pieces the index knows (``경사하강법`` -> ``경사 하강법``, ``러닝레이트`` -> ``러닝
  레이트``), so that a query finds what the same words typed with spaces find.

The analysis runs in Python at build time; nothing new runs in the reader's browser but
a table lookup. The English index and the English pages' worker are not touched.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

#: where Material's worker loads a language's lunr support from, under the site root
LUNR_SCRIPT = "assets/javascripts/lunr/min/lunr.{lang}.min.js"

#: Kiwi tags of the morphemes that make up a searchable run inside a word: nouns, roots,
#: noun prefixes and suffixes, numbers, and foreign (Latin) or Hanja letters.
CONTENT_TAGS = {"NNG", "NNP", "NNB", "NR", "NP", "XPN", "XSN", "XR", "SL", "SH", "SN"}
#: tags whose surface, after a word's last content run, is a particle or an ending that a
#: query may carry (``텐서의``, ``모델을``, ``행렬입니다``)
SUFFIX_TAG = re.compile(r"^(J|E|VCP|VCN|XSV|XSA)")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


class KoreanSearchError(Exception):
    pass


# -- Material's tokenizer, as its worker runs it ----------------------------------------
def text_sections(html: str) -> Iterator[str]:
    """The text between tags, in order: a port of Material's ``extract`` (search worker)."""
    start = 0
    stack = 0
    end = 0
    length = len(html)
    while end < length:
        char = html[end]
        if char == "<" and end > start:
            yield html[start:end]
            start = end
        elif char == ">":
            if html[start + 1 : start + 2] == "/":
                stack -= 1
            elif html[end - 1] != "/":
                stack += 1
            start = end + 1
        end += 1
    if end > start:
        yield html[start:end]


def tokens(html: str, separator: re.Pattern[str]) -> list[tuple[str, int, int, int]]:
    """``(lowercased token, section number, start, end)`` as Material's worker indexes ``html``."""
    out = []
    for number, section in enumerate(text_sections(html)):
        index = 0
        for match in separator.finditer(section):
            if match.start() > index:
                out.append((section[index : match.start()].lower(), number, index, match.start()))
            index = match.end() if match.end() > match.start() else match.start() + 1
        if index < len(section):
            out.append((section[index:].lower(), number, index, len(section)))
    return out


# -- the analyzer ------------------------------------------------------------------------
_kiwi = None


def kiwi():
    """The analyzer, made once per process and ready to analyze at once.

    Kiwi takes about 0.5 s to load its model and about 0.7 s more in its first analysis
    (set-up it does lazily, whatever the text), holding the GIL all along; every later
    analysis of the whole Korean index takes about 0.7 s.

    Without Kiwi's multi-word dictionary (``load_multi_dict``: proper nouns from
    WikiData): it cost 1.4 s more to load and set up, and it is wrong for this text. It
    read ``트레이닝 데이터`` as the name ``트레이닝 데이`` followed by ``터``, so the word
    ``데이터`` there made no term; without it, ``트레이닝`` and ``데이터``. On this
    site's whole index, that and two readings of ``르장드르`` (same spans, tags both
    nouns) were the only differences.

    Nor with its dictionary of common misspellings (``load_typo_dict``): 0.1 s of set-up,
    and the same morphemes for every section of this site's Korean index without it.

    With a thread per core (``num_workers=-1``): :func:`_analysis` hands Kiwi a batch of
    sections, which it analyzes on every core, each section as it would alone. The whole
    Korean index (770 sections) on 2 idle cores: 0.75 s one by one, 0.36 s as a batch,
    the same morphemes. The table is made at the build's end, where the analyzer is all
    that runs.
    """
    global _kiwi
    if _kiwi is None:
        try:
            from kiwipiepy import Kiwi
        except ImportError:  # pragma: no cover - a dependency of the project
            raise KoreanSearchError("kiwipiepy is not installed: pip install the project (see pyproject.toml)") from None
        analyzer = Kiwi(num_workers=-1, load_multi_dict=False, load_typo_dict=False)
        analyzer.tokenize("한국어")  # the first analysis's set-up, done here
        _kiwi = analyzer
    return _kiwi


#: a process of its own where Kiwi gets ready while the build does other work
_worker = None


def warm_up_in_background() -> None:
    """Start, once per build process, a process that makes the analyzer while the build
    runs snippets and renders pages; :func:`morphemes` then has it analyze the index.

    A process, not a thread: Kiwi holds the GIL while it loads, and a thread would stop
    the build's own Python for those 2.7 s. Spawned, not forked: the build has threads.
    """
    global _worker
    if _worker is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _worker = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_watch_parent, initargs=(os.getpid(),)
        )
        _worker.submit(_make_kiwi)  # an error here comes back from morphemes(), which calls it again


def stop_background() -> None:
    """End the analyzer's process, if one was started."""
    global _worker
    _started.clear()
    if _worker is not None:
        worker, _worker = _worker, None
        # ended, not waited for: the analyzer it may still be making is no longer wanted
        # (the interpreter's exit would otherwise wait for it)
        processes = list((getattr(worker, "_processes", None) or {}).values())
        manager = getattr(worker, "_executor_manager_thread", None)  # shutdown() forgets it
        worker.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        # and its managing thread let end, which it does once it sees the process gone: on
        # Python 3.11 the interpreter's exit wakes that thread through a pipe the thread
        # may be closing at that moment ("OSError: Bad file descriptor" and a traceback
        # after a build, seen once in CI; CPython fixed the race in 3.12)
        if manager is not None:
            manager.join(timeout=5)


def _watch_parent(parent: int) -> None:
    """In the analyzer's process: end it when the build's process is gone, so that a
    build killed mid-way (``mkdocs serve`` stopped with SIGTERM) leaves no process behind
    holding its terminal or pipe.

    And run it at the lowest priority: the analyzer is made in advance, for a build that
    may not need it (a build whose Korean index is unchanged takes its table from the
    cache), and must not take a core from the build's own processes (the snippets, the
    other language's build in doc_snippets.parallel_languages). It gets the cores they
    leave idle, and all of them while the build waits for its table."""
    try:
        os.nice(19)
    except (AttributeError, OSError):  # no nice() (Windows), or not allowed: normal priority
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="watch-the-build", daemon=True).start()


def _make_kiwi() -> None:
    kiwi()  # (returning the analyzer would send its whole model back through a pipe)


#: (in the analyzer's process) the morphemes of sections analyzed ahead of the table
#: (:func:`analyze_ahead`), by the section's text
_ahead: dict[str, list[tuple[int, int, str]]] = {}


def _analysis(sections: Iterable[str]) -> dict[str, list[tuple[int, int, str]]]:
    """Kiwi's morphemes of each of ``sections`` (each once), as (start, end, tag), in one
    batch: Kiwi analyzes it on every core (see :func:`kiwi`)."""
    unique = list(dict.fromkeys(sections))
    if not unique:
        return {}
    return {
        section: [(m.start, m.start + m.len, m.tag) for m in tokens]
        for section, tokens in zip(unique, kiwi().tokenize(unique))
    }


def _spans(sections: list[str]) -> list[list[tuple[int, int, str]]]:
    _ahead.update(_analysis(section for section in sections if section not in _ahead))
    found = [_ahead[section] for section in sections]
    _ahead.clear()
    return found


def analyze_ahead(texts: list[str]) -> None:
    """Give the analyzer's process (:func:`warm_up_in_background`), if there is one, text
    of the index as the pages are made (a page's search entries' titles and texts):
    it analyzes their sections at its low priority in the time the build leaves idle,
    and the table then takes them from there instead of analyzing them at the end,
    while the build waits. A section's morphemes depend on its text alone, so the table
    is the same (tests/test_korean_search.py)."""
    if _worker is None or not texts:
        return
    try:
        _worker.submit(_analyze_ahead, texts)
    except Exception:  # noqa: BLE001: the process is gone: the table is made without it
        pass


def forget_ahead() -> None:
    """Drop what the analyzer's process analyzed ahead (a build that took its table from the cache)."""
    if _worker is not None:
        try:
            _worker.submit(_forget_ahead)
        except Exception:  # noqa: BLE001
            pass


def _analyze_ahead(texts: list[str]) -> None:
    _ahead.update(
        _analysis(section for text in texts for section in text_sections(text) if section not in _ahead and HANGUL.search(section))
    )


def _forget_ahead() -> None:
    _ahead.clear()


def morphemes(sections: list[str]) -> list[list[tuple[int, int, str]]]:
    """Kiwi's morphemes of each section, as (start, end, tag): in the process
    :func:`warm_up_in_background` started if there is one, else in this one."""
    if _worker is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return _worker.submit(_spans, sections).result()
        except BrokenProcessPool:  # the process died (out of memory, killed): analyze here
            stop_background()
    return _spans(sections)


@dataclass
class Word:
    """One token of the index and what the analyzer found in it."""

    text: str
    #: content runs: (start, end, [(start, end, tag) of each morpheme]) within ``text``
    runs: list[tuple[int, int, list[tuple[int, int, str]]]] = field(default_factory=list)
    #: the particle / ending after the last run, if the word ends in one
    suffix: str = ""

    @property
    def first(self) -> str:
        start, end, _ = self.runs[0]
        return self.text[start:end]

    def terms(self) -> set[str]:
        """Its noun runs and their nouns (``(평균제곱오차`` -> 평균제곱오차, 평균, 제곱, 오차)."""
        found: set[str] = set()
        for start, end, morphs in self.runs:
            found.add(self.text[start:end])
            for m_start, m_end, tag in morphs:
                if tag.startswith("N") and m_end - m_start >= 2:
                    found.add(self.text[m_start:m_end])
        return {t for t in found if len(t) >= 2}


def analyze(sections: list[str], section_tokens: list[list[tuple[str, int, int]]]) -> list[list[Word]]:
    """Kiwi's analysis of each section, cut along the section's index tokens."""
    korean = [section for section in sections if HANGUL.search(section)]
    analyzed = iter(morphemes(korean))
    result: list[list[Word]] = []
    for section, toks in zip(sections, section_tokens):
        if not HANGUL.search(section):  # nothing for the analyzer: code, numbers, English
            result.append([Word(text) for text, _, _ in toks])
            continue
        words = []
        spans = sorted(next(analyzed), key=lambda span: span[0])  # stable: in Kiwi's order
        starts = [s for s, _, _ in spans]
        longest = max((e - s for s, e, _ in spans), default=0)
        for text, start, end in toks:
            # the morphemes overlapping the token: none starting at or after its end, and
            # none starting more than the longest morpheme's length before it
            near = spans[bisect.bisect_left(starts, start - longest) : bisect.bisect_left(starts, end)]
            inside = [(max(s, start) - start, min(e, end) - start, tag) for s, e, tag in near if s < end and e > start]
            word = Word(text)
            run: list[tuple[int, int, str]] = []
            for m in inside + [(len(text) + 1, len(text) + 1, "END")]:
                if m[2] in CONTENT_TAGS and (not run or run[-1][1] == m[0]):
                    run.append(m)
                    continue
                if run:
                    word.runs.append((run[0][0], run[-1][1], run))
                run = [m] if m[2] in CONTENT_TAGS else []
            if word.runs:
                end_of_run = word.runs[-1][1]
                rest = text[end_of_run:]
                tail = [tag for s, _, tag in inside if s >= end_of_run]
                if HANGUL_WORD.fullmatch(rest) and tail and all(SUFFIX_TAG.match(tag) for tag in tail):
                    word.suffix = rest
            words.append(word)
        result.append(words)
    return result


# -- the table ---------------------------------------------------------------------------
def _plain(term: str) -> str:
    """A glossary spelling as searched: no parenthesised gloss, lowercased (``참 양성(TP)`` -> ``참 양성``)."""
    return re.sub(r"\s*\([^)]*\)", "", term).strip().lower()


def alias_terms(alias: str) -> list[str]:
    """The index terms for an alias: its words, and the words joined (``러닝 레이트`` -> 러닝레이트)."""
    words = _plain(alias).split()
    return list(dict.fromkeys(["".join(words)] + [w for w in words if len(w) >= 2]))


@dataclass
class Table:
    #: token -> extra terms (context-free: every occurrence of the token)
    words: dict[str, set[str]] = field(default_factory=dict)
    #: "token next" -> extra terms for both tokens of that pair
    pairs: dict[str, set[str]] = field(default_factory=dict)
    #: particles and endings seen after a noun, for the query side
    suffixes: set[str] = field(default_factory=set)
    #: nouns the analyzer found before such an ending (``모델을`` -> ``모델``), for the query side
    stems: set[str] = field(default_factory=set)

    def add_word(self, token: str, terms: Iterable[str]) -> None:
        terms = {t for t in terms if t != token and not token.startswith(t)}
        if terms:
            self.words.setdefault(token, set()).update(terms)

    def add_span(self, span: list[str], terms: Iterable[str]) -> None:
        if len(span) == 1:
            self.add_word(span[0], terms)
            return
        terms = set(terms)
        for a, b in zip(span, span[1:]):
            self.pairs.setdefault(f"{a} {b}", set()).update(terms)

    def as_json(self) -> dict:
        def pack(mapping: dict[str, set[str]]) -> dict[str, str]:
            return {key: " ".join(sorted(values)) for key, values in sorted(mapping.items()) if values}

        # longest first: the query side strips the longest particle that leaves a known stem
        suffixes = sorted(self.suffixes, key=lambda s: (-len(s), s))
        tokens = set(self.words) | {token for pair in self.pairs for token in pair.split(" ")}
        stems = sorted(s for s in self.stems if s not in tokens)
        return {
            "words": pack(self.words),
            "pairs": pack(self.pairs),
            "suffixes": " ".join(suffixes),
            "stems": " ".join(stems),
        }


def _alias_index(glossary_entries: list[dict], language: str) -> list[tuple[list[str], list[str], list[str]]]:
    """(the term's words, its aliases, the aliases' index terms) for each term with aliases in ``language``."""
    out = []
    for entry in glossary_entries:
        names = (entry.get("aliases") or {}).get(language) or []
        if not names:
            continue
        words = _plain(entry[language]).split()
        terms = [t for name in names for t in alias_terms(name)]
        out.append((words, names, terms))
    return out


def _first_word(term: str, names: list[str]) -> list[str]:
    """For an alias joined from words (러닝레이트), its first word (러닝); else nothing."""
    for name in names:
        words = _plain(name).split()
        if len(words) > 1 and "".join(words) == term:
            return [words[0]]
    return []


def _matches(words: list[Word], i: int, term: list[str]) -> int:
    """Length (in tokens) of an occurrence of ``term`` starting at token ``i``, or 0."""
    joined = "".join(term)
    if words[i].text.startswith(joined) or (words[i].runs and words[i].first.startswith(joined)):
        return 1
    if len(term) > 1 and i + len(term) <= len(words):
        for k, part in enumerate(term):
            word = words[i + k]
            last = k == len(term) - 1
            stem = word.first if word.runs else word.text
            if last and not (word.text.startswith(part) or stem.startswith(part)):
                return 0
            if not last and not (word.text == part or stem == part):
                return 0
        return len(term)
    return 0


def build_table(
    index: dict, glossary_entries: list[dict], language: str = "ko", listing_pages: Iterable[str] = ()
) -> Table:
    """The analyzer's table for the search index ``index`` (Material's search_index.json).

    ``listing_pages`` are the locations of pages that list the aliases themselves (the
    glossary): their words do not count as the text's own use of a word.
    """
    listing = {page.split("#", 1)[0] for page in listing_pages}
    config = index.get("config", {})
    try:
        separator = re.compile(config.get("separator") or r"[\s\-]+")
    except re.error as exc:
        raise KoreanSearchError(f"search separator {config.get('separator')!r} is not a regular expression Python reads: {exc}") from None
    fields = [name for name in (config.get("fields") or {"title": {}, "text": {}})]
    sections: list[str] = []
    grouped: list[list[list[tuple[str, int, int]]]] = []  # per field: per section tokens
    field_sections: list[tuple[int, int]] = []
    field_listing: list[bool] = []
    for doc in index.get("docs", []):
        for name in fields:
            value = doc.get(name)
            if not isinstance(value, str) or not value:
                continue
            first = len(sections)
            parts = list(text_sections(value))
            toks = tokens(value, separator)
            by_section: list[list[tuple[str, int, int]]] = [[] for _ in parts]
            for text, number, start, end in toks:
                by_section[number].append((text, start, end))
            for part, section_toks in zip(parts, by_section):
                sections.append(part)
                grouped.append([section_toks])
            field_sections.append((first, len(sections)))
            field_listing.append(doc.get("location", "").split("#", 1)[0] in listing)
    analyzed = analyze(sections, [g[0] for g in grouped])
    table = Table()
    fields_words = [[w for section in analyzed[first:last] for w in section] for first, last in field_sections]
    ordinary: set[str] = set()  # the nouns the text writes as words of their own
    for words, lists in zip(fields_words, field_listing):  # the worker sees a field's tokens as one sequence
        for word in words:
            table.add_word(word.text, word.terms())
            if not lists and word.runs:  # a word as written (오차 in 평균 제곱 오차), not a part (러닝 in 머신러닝)
                ordinary.add(word.first)
            if word.suffix:
                table.suffixes.add(word.suffix)
                table.stems.add(word.text[: -len(word.suffix)])
    # The glossary's aliases, on the words of each occurrence of their term. A part of an
    # alias that the text also uses on its own is left out: a word of a spaced alias (오차
    # in 오차 행렬), or a joined alias whose first word it is (오차행렬, which a query 오차
    # finds by prefix). It already finds what it names, and on every 혼동 행렬 it would
    # rank the confusion matrix first for 오차. An alias itself (파이토치 for PyTorch) is
    # kept even where some page writes it: that page using the other name does not make
    # the pages about the term found by it.
    aliases = []
    for term, names, terms in _alias_index(glossary_entries, language):
        whole = {"".join(_plain(name).split()) for name in names}
        kept = [
            a
            for a in terms
            if (a in whole or a not in ordinary) and not any(w in ordinary for w in _first_word(a, names))
        ]
        aliases.append((term, kept))
    # A word can start an occurrence of a term only if the word, or its first noun run,
    # begins with the term's first letter (see _matches): look only at those terms, in
    # the glossary's order.
    by_letter: dict[str, list[int]] = {}
    for number, (term, terms) in enumerate(aliases):
        if terms:
            by_letter.setdefault(term[0][:1] if term else "", []).append(number)
    everywhere = by_letter.pop("", [])  # an empty term (none in practice) matches any word
    for words in fields_words:
        for i, word in enumerate(words):
            letters = {word.text[:1], word.first[:1]} if word.runs else {word.text[:1]}
            candidates = sorted({n for letter in letters for n in by_letter.get(letter, ())}.union(everywhere))
            for number in candidates:
                term, terms = aliases[number]
                length = _matches(words, i, term)
                if length:
                    table.add_span([w.text for w in words[i : i + length]], terms)
    return table


# -- the worker script -------------------------------------------------------------------
#: lunr pipeline function (index side) and query rewriting (the worker's lexer), appended
#: to Material's own lunr.ko.min.js. ``T`` is the table (see Table.as_json).
WORKER_JS = r"""
/* doc_snippets.korean_search: Korean analysis prepared at build time with Kiwi. */
(function (lunr, T) {
  if (!lunr || !lunr.ko) return;
  var words = T.words, pairs = T.pairs, suffixes = T.suffixes ? T.suffixes.split(" ") : [];
  var vocabulary = new Set(), sorted = null, stems = new Set(T.stems ? T.stems.split(" ") : []);
  var hangul = /[\uac00-\ud7a3]/;

  /* Index side: each token, without the punctuation at its ends, also stands for the terms
     the analyzer found in it. (Material's lunr.ko trims with a pattern built from
     "[A-Za-z가-힣]" set in brackets once more, which never matches: "함수:" stayed a term of
     its own, rarer than "함수", and ranked a heading "비용 함수: ..." above "비용 함수".) */
  var edges = /^[^0-9A-Za-z\uac00-\ud7a3]+|[^0-9A-Za-z\uac00-\ud7a3]+$/g;
  function morphemes(token, i, tokens) {
    var s = token.str, trimmed = s.replace(edges, ""), out = [], seen = {};
    if (trimmed) {
      seen[trimmed] = 1;
      out.push(trimmed === s ? token : token.clone(function () { return trimmed; }));
    }
    function add(list) {
      if (!list) return;
      list = list.split(" ");
      for (var k = 0; k < list.length; k++)
        if (!seen[list[k]]) {
          seen[list[k]] = 1;
          out.push(token.clone(function () { return list[k]; }));
        }
    }
    add(words[s]);
    if (i > 0) add(pairs[tokens[i - 1].str + " " + s]);
    if (i + 1 < tokens.length) add(pairs[s + " " + tokens[i + 1].str]);
    for (var k = 0; k < out.length; k++) vocabulary.add(out[k].str);
    sorted = null;
    return out;
  }
  lunr.Pipeline.registerFunction(morphemes, "morphemes-ko");
  lunr.ko.morphemes = morphemes;

  var setup = lunr.ko;
  lunr.ko = function () {
    setup.apply(this, arguments);
    /* first in the pipeline, so that it sees the tokens as the tokenizer cut them */
    var fns = this.pipeline._stack.slice();
    this.pipeline.reset();
    this.pipeline.add.apply(this.pipeline, [morphemes].concat(fns));
  };
  for (var key in setup) if (Object.prototype.hasOwnProperty.call(setup, key)) lunr.ko[key] = setup[key];

  /* Query side: is q the start of a term in the index? */
  function known(q) {
    if (!q) return false;
    if (sorted === null) sorted = Array.from(vocabulary).sort();
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < q) lo = mid + 1; else hi = mid;
    }
    return lo < sorted.length && sorted[lo].lastIndexOf(q, 0) === 0;
  }
  /* q without a particle or ending, if what is left is a noun the index holds */
  function stem(q, exact) {
    for (var k = 0; k < suffixes.length; k++) {
      var x = suffixes[k], s = q.slice(0, -x.length);
      if (q.length - x.length >= 2 && q.slice(-x.length) === x &&
          (stems.has(s) || vocabulary.has(s) || (!exact && known(s))))
        return s;
    }
    return null;
  }
  /* Cut q into the fewest pieces that each start an index term (the last may end in a
     particle), preferring pieces that are whole terms: 경사하강법 -> 경사 하강법. */
  function segment(q, split) {
    var n = q.length, best = [{pieces: [], whole: 0}], i, j;
    for (i = 1; i <= n; i++) {
      best[i] = null;
      for (j = 0; j < i; j++) {
        if (best[j] === null || (split && j === 0 && i === n)) continue;
        var piece = q.slice(j, i);
        if (!known(piece)) {
          if (i !== n) continue;
          piece = stem(piece, false);
          if (piece === null) continue;
        }
        if (piece.length < 2) continue;
        var whole = best[j].whole + (vocabulary.has(piece) || stems.has(piece) ? 1 : 0);
        var pieces = best[j].pieces.length + 1;
        if (best[i] === null || pieces < best[i].pieces.length ||
            (pieces === best[i].pieces.length && whole > best[i].whole))
          best[i] = {pieces: best[j].pieces.concat([piece]), whole: whole};
      }
    }
    return best[n] && best[n].pieces;
  }
  function rewrite(str) {
    var m = /^(\**)(.*?)(\**)$/.exec(str), q = m[2].toLowerCase();
    if (!hangul.test(q)) return str;
    var s = stem(q, true);
    if (s !== null) return m[1] + s + m[3];
    var pieces = segment(q, true);
    function whole(p) { return vocabulary.has(p) || stems.has(p); }
    /* a compound of words the index holds on their own is searched as those words, so
       that it finds the pages that space it (and, by prefix, those that join it) */
    if (!(pieces && pieces.every(whole)) && (vocabulary.has(q) || known(q))) return str;
    if (!pieces) return str;
    return pieces.map(function (p) { return m[1] + p + m[3]; }).join(" ");
  }
  lunr.ko.rewriteQuery = rewrite;

  /* A word and the terms added for it share its position: report each position once,
     or Material's highlighting would wrap the same word in <mark> more than once. */
  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function () {
    var results = query.apply(this, arguments);
    for (var r = 0; r < results.length; r++) {
      var metadata = results[r].matchData.metadata, seen = {};
      for (var term in metadata)
        for (var name in metadata[term]) {
          var entry = metadata[term][name], key = name + ":";
          if (!entry.position) continue;
          entry.position = entry.position.filter(function (p) {
            return seen[key + p] ? false : (seen[key + p] = true);
          });
        }
    }
    return results;
  };

  var run = lunr.QueryLexer.prototype.run;
  lunr.QueryLexer.prototype.run = function () {
    run.apply(this, arguments);
    for (var k = 0; k < this.lexemes.length; k++)
      if (this.lexemes[k].type === lunr.QueryLexer.TERM) this.lexemes[k].str = rewrite(this.lexemes[k].str);
  };
})(typeof self !== "undefined" ? self.lunr : undefined, __TABLE__);
"""


def material_lunr_script(lang: str = "ko") -> Path:
    """Material's own lunr support for ``lang``, as the installed theme ships it."""
    import material

    path = Path(material.__file__).parent / "templates" / LUNR_SCRIPT.format(lang=lang)
    if not path.is_file():
        raise KoreanSearchError(f"Material ships no {path.name}: is mkdocs-material installed?")
    return path


def worker_script(table: Table | dict, lang: str = "ko") -> str:
    """Material's lunr.<lang>.min.js followed by the analyzer's table and the two hooks."""
    original = material_lunr_script(lang).read_text(encoding="utf-8")
    if isinstance(table, Table):
        table = table.as_json()
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return original.rstrip() + "\n" + WORKER_JS.replace("__TABLE__", data)


def _cache_key(index_text: str, glossary_entries: list[dict], lang: str) -> str:
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for part in (
        index_text,
        json.dumps([[e.get(lang), (e.get("aliases") or {}).get(lang)] for e in glossary_entries], ensure_ascii=False),
        Path(__file__).read_text(encoding="utf-8"),
        lang,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            digest.update(version(package).encode())
        except PackageNotFoundError:
            pass
    return digest.hexdigest()[:32]


@dataclass
class Prepared:
    index_bytes: int
    #: bytes the analysis adds to Material's lunr script (the table and the hooks)
    added_bytes: int
    cached: bool
    script: Path


#: tables being made in the analyzer's process, by their cache key (:func:`start_table`)
_started: dict[str, Future] = {}


def _table_key(index_text: str, glossary_entries: list[dict], lang: str, listing_pages: list[str]) -> str:
    return _cache_key(index_text + repr(listing_pages), glossary_entries, lang)


def start_table(
    index_text: str,
    glossary_entries: list[dict],
    lang: str = "ko",
    cache_dir: Path | None = None,
    listing_pages: Iterable[str] = (),
) -> bool:
    """Start making the table of the search index ``index_text`` in the analyzer's
    process (:func:`warm_up_in_background`), unless ``cache_dir`` holds it; returns
    whether it started.

    The build calls this as soon as the Korean index is written, then builds the other
    languages while the table is made; :func:`prepare` takes it if the index it is given
    is the same text, and makes the table itself otherwise.
    """
    listing_pages = sorted(listing_pages)
    key = _table_key(index_text, glossary_entries, lang, listing_pages)
    if _worker is None or (cache_dir is not None and (cache_dir / f"{key}.json").is_file()):
        return False
    if key not in _started:
        try:
            _started[key] = _worker.submit(_table_json, json.loads(index_text), glossary_entries, lang, listing_pages)
        except Exception:  # noqa: BLE001: the process is gone: prepare() makes the table itself
            return False
    return True


def _table_json(index: dict, glossary_entries: list[dict], lang: str, listing_pages: list[str]) -> dict:
    """(in the analyzer's process) The table of ``index``, as :meth:`Table.as_json` gives it."""
    return build_table(index, glossary_entries, lang, listing_pages).as_json()


def prepare(
    site_dir: Path,
    index_path: Path,
    glossary_entries: list[dict],
    lang: str = "ko",
    cache_dir: Path | None = None,
    listing_pages: Iterable[str] = (),
) -> Prepared:
    """Write the analyzer's worker script for the index at ``index_path`` into ``site_dir``.

    The table is cached in ``cache_dir`` by the index's content, the glossary's aliases,
    this module's code and the analyzer's version: a build whose Korean text did not
    change does not load the analyzer.
    """
    index_text = index_path.read_text(encoding="utf-8")
    index = json.loads(index_text)
    if index.get("config", {}).get("lang") != [lang]:
        raise KoreanSearchError(
            f"{index_path}: expected a search index with lang [{lang!r}], got {index.get('config', {}).get('lang')}"
        )
    cached_file = None
    data = None
    listing_pages = sorted(listing_pages)
    key = _table_key(index_text, glossary_entries, lang, listing_pages)
    if cache_dir is not None:
        cached_file = cache_dir / f"{key}.json"
        try:
            data = json.loads(cached_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
    cached = data is not None
    if cached:
        forget_ahead()
    started = _started.pop(key, None)  # made from this very index text, so the same table
    _started.clear()
    if data is None and started is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            data = started.result()
        except BrokenProcessPool:  # the process died (out of memory, killed): make it here
            stop_background()
    if data is None:
        data = build_table(index, glossary_entries, lang, listing_pages).as_json()
    if not cached:
        if cached_file is not None:
            cached_file.parent.mkdir(parents=True, exist_ok=True)
            for old in cached_file.parent.glob("*.json"):  # one entry: the current text's
                old.unlink(missing_ok=True)
            partial = cached_file.with_suffix(".tmp")
            partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            partial.replace(cached_file)
    script = worker_script(data, lang)
    target = site_dir / LUNR_SCRIPT.format(lang=lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script, encoding="utf-8")
    added = len(script.encode("utf-8")) - material_lunr_script(lang).stat().st_size
    return Prepared(len(index_text.encode("utf-8")), added, cached, target)
