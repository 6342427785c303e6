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
