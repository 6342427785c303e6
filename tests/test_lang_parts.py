"""``lang`` on the other language's words (WCAG 3.1.2), made by the build from the text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from doc_snippets import glossary
from doc_snippets.lang_parts import english_terms, mark, mark_language_links

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def terms():
    return english_terms(glossary.load(ROOT / "data" / "glossary.yml", ["ko", "en"]))


def spans(html: str, language: str) -> list[str]:
    return re.findall(rf'<span lang="{language}">(.*?)</span>', html)


def test_korean_term_with_english_in_parentheses(terms):
    html = mark("<p>경사 하강법(gradient descent)은 비용을 줄입니다. 평균 제곱 오차(MSE)</p>", "ko", terms)
    assert html == (
        '<p>경사 하강법(<span lang="en">gradient descent</span>)은 비용을 줄입니다. '
        '평균 제곱 오차(<span lang="en">MSE</span>)</p>'
    )


def test_glossary_english_terms_anywhere_in_korean_text(terms):
    assert "tensor" in terms and "learning rate" in terms
    html = mark("<p>PyTorch의 tensor와 learning rate, 그리고 Tensors.</p>", "ko", terms)
    assert spans(html, "en") == ["PyTorch", "tensor", "learning rate"]  # whole words only: not "Tensors"


def test_glossary_term_with_a_note_matches_without_it(terms):
    assert "dimension (of a tensor)" in terms and "dimension" in terms


def test_parenthesized_text_that_is_not_english_is_left_alone(terms):
    for text in ("가중치(W)", "스팸(양성)", "축(행)", "맥(M1 이후)", "값(0.5)"):
        assert 'lang="en"' not in mark(f"<p>{text}</p>", "ko", terms), text


def test_korean_inside_english_pages():
    html = mark("<p>Gradient descent (경사 하강법) and the <em>비용 함수</em>.</p>", "en")
    assert spans(html, "ko") == ["경사 하강법", "비용 함수"]


def test_code_math_attributes_and_scripts_are_untouched(terms):
    source = (
        '<p title="경사 하강법(gradient descent)">x</p>'
        "<pre><code># 비용(cost) tensor</code></pre>"
        "<p><code>print('텐서(tensor)')</code></p>"
        '<p><span class="arithmatex">\\(비용(W) = tensor\\)</span></p>'
        '<img alt="비용(cost)" src="a.svg">'
        "<script>if (a < b && '한글(English)') {}</script>"
        "<style>p::after { content: '한글' }</style>"
    )
    assert mark(source, "ko", terms) == source
    assert mark(source, "en") == source


def test_text_already_in_the_other_language_is_not_wrapped_again(terms):
    source = '<p><span lang="en">a tensor (the 텐서)</span> 텐서(<span lang="en">tensor</span>)</p>'
    assert mark(source, "ko", terms) == source
    assert mark('<p lang="ko">텐서</p>', "en") == '<p lang="ko">텐서</p>'


def test_entities_and_markup_survive(terms):
    source = "<p>a &lt; b &amp;&amp; c &quot;x&quot;<br>텐서(tensor)<!-- 주석(comment) --></p>"
    html = mark(source, "ko", terms)
    assert html.startswith("<p>a &lt; b &amp;&amp; c \"x\"<br>")
    assert "<!-- 주석(comment) -->" in html

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.text = []

        def handle_data(self, data):
            self.text.append(data)

    before, after = Text(), Text()
    before.feed(source)
    after.feed(html)
    assert "".join(before.text) == "".join(after.text)  # the reader's text is unchanged


def test_other_page_languages_are_returned_unchanged(terms):
    assert mark("<p>텐서(tensor)</p>", "ja", terms) == "<p>텐서(tensor)</p>"


def test_language_selector_links_get_the_language_they_name():
    html = mark_language_links(
        '<a href="./" hreflang="ko" class="md-select__link">한국어</a>'
        '<a href="../en/" hreflang="en" class="md-select__link">English</a>'
        '<a href="x" hreflang="en" lang="en">English</a>'
    )
    assert html == (
        '<a href="./" hreflang="ko" class="md-select__link" lang="ko">한국어</a>'
        '<a href="../en/" hreflang="en" class="md-select__link" lang="en">English</a>'
        '<a href="x" hreflang="en" lang="en">English</a>'
    )


# -- on the built site ---------------------------------------------------------------


def test_built_korean_page_marks_english_terms(built_site):
    html = (built_site / "linear-regression" / "index.html").read_text(encoding="utf-8")
    assert '경사 하강법(<span lang="en">gradient descent</span>)' in html
    assert '<html lang="ko"' in html
    # nothing inside code blocks is marked
    for block in re.findall(r"<pre.*?</pre>", html, re.S):
        assert "<span lang=" not in block


def test_built_english_pages_mark_korean(built_site):
    glossary_page = (built_site / "en" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="ko">경사 하강법</span>' in glossary_page
    # every Hangul text in an English page's content sits inside an element with lang="ko"
    for page in ("en/linear-regression", "en/glossary", "en/references", "en/index.html"):
        path = built_site / page
        html = (path / "index.html" if path.is_dir() else path).read_text(encoding="utf-8")
        content = html[html.index('<article'):html.index("</article>")]
        content = re.sub(r"<(pre|code|script|style)\b.*?</\1>", "", content, flags=re.S)
        content = re.sub(r'<span lang="ko">[^<]*</span>', "", content)
        content = re.sub(r"<[^>]+>", "", content)
        assert not re.findall(r"[\uac00-\ud7a3]+", content), (page, re.findall(r".{0,20}[\uac00-\ud7a3]+.{0,20}", content))


def test_built_pages_language_selector_and_permalinks(built_site):
    html = (built_site / "linear-regression" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a [^>]*hreflang="en"[^>]*lang="en"', html)
    assert "Permanent link" not in html
    assert "Permanent link" in (built_site / "en" / "linear-regression" / "index.html").read_text(encoding="utf-8")


def test_a_code_blocks_file_name_is_left_alone(terms):
    """The title of a snippet's code block names a file: threshold.py stays one word."""
    html = '<p><span class="filename">snippets/confusion_matrix/threshold.py</span> threshold</p>'
    assert spans(mark(html, "ko", terms), "en") == ["threshold"]


# -- the walk from tag to tag is html.parser's reading of the page ---------------------------
class _ParsedMarker(HTMLParser):
    """The marking made on html.parser's events (how lang_parts made it before it walked
    the tags with a regular expression): the reference the walk is held to."""

    def __init__(self, language, terms):
        from doc_snippets import lang_parts

        super().__init__(convert_charrefs=True)
        self.lp, self.language, self.out, self.stack = lang_parts, language, [], []
        self.terms = lang_parts._term_pattern(terms) if language == "ko" else None

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in self.lp.VOID_TAGS:
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        skip = tag in self.lp.SKIP_TAGS or tag.startswith("mjx-") or bool(classes & self.lp.SKIP_CLASSES)
        self.stack.append((tag, skip, values.get("lang")))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        from html import escape

        lang = next((lang.split("-")[0].lower() for _, _, lang in reversed(self.stack) if lang), self.language)
        if self.stack and self.stack[-1][0] in ("script", "style"):
            self.out.append(data)
        elif any(skip for _, skip, _ in self.stack) or lang != self.language:
            self.out.append(escape(data, quote=False))
        elif self.language == "ko":
            self.out.append(self.lp._mark_korean_text(data, self.terms))
        else:
            self.out.append(self.lp._replace(data, self.lp.HANGUL_RUN, lambda m: self.lp._span(m.group(0), "ko")))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def parsed_mark(html: str, language: str, terms=()) -> str:
    marker = _ParsedMarker(language, terms)
    marker.feed(html)
    marker.close()
    return "".join(marker.out)


ODD_PAGES = [
    "<!DOCTYPE html><HTML><Body><P CLASS='x'>텐서(tensor)와 learning rate</P></Body></HTML>",
    '<p title="a > b">경사 하강법(gradient descent) <a href="x?a=1&amp;b=2">tensor</a></p>',
    "<pre><code>a &lt; b &gt; c &quot;텐서(tensor)&quot; &#39;x&#39; &#x27;y&#x27; &nbsp; d > e < f</CODE ></PRE >",
    "<div><pre class='highlight'><span>x</span><pre>nested</pre><span>텐서(tensor)</span></pre>텐서(tensor)</div>",
    '<p lang="en">a tensor <span lang="ko-KR">텐서(tensor) <b>비용(cost)</b></span> 비용(cost)</p>',
    "<p>a<br/>b<br>텐서(tensor)<img src=x.png alt='텐서(tensor)'><hr/>비용(cost)</p>",
    "<!-- <p>텐서(tensor)</p> --><p>텐서(tensor)<!-- x > y --></p><?php echo 1 ?>",
    "<script>var s = '</div><p>텐서(tensor)</p>';</script><p>텐서(tensor)</p><style>p{}</style>",
    "<p>unclosed <em>텐서(tensor) <strong>비용(cost)</p></span></div>비용(cost)",
    '<div class="arithmatex other"><p>비용(cost)</p></div><mjx-container><p>비용(cost)</p></mjx-container><p>비용(cost)</p>',
    '<svg><text>텐서(tensor)</text><path d="M0 0"/></svg><code>텐서(tensor)</code><kbd>비용(cost)</kbd> 텐서(tensor)',
    "<p>English only, a tensor and 경사 하강법 in an English page</p>",
    "<p>a &amp;amp; b &#12354; &unknown; & c</p>",
    "<pre>no end 텐서(tensor)",
    "<pre><span>d > e</span> f < g</pre>",
]


@pytest.mark.parametrize("html", ODD_PAGES)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_walk_marks_as_html_parser_reads(html, language, terms):
    assert mark(html, language, terms) == parsed_mark(html, language, terms)


def test_the_walk_marks_every_built_page_as_html_parser_reads(built_site, terms):
    """Every page of the built site, read again (each already marked, in full: head, scripts,
    code blocks, notebook pages)."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 90
    for page in pages:
        html = page.read_text(encoding="utf-8")
        language = "en" if page.relative_to(built_site).parts[0] == "en" else "ko"
        assert mark(html, language, terms) == parsed_mark(html, language, terms), page
