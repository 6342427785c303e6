"""The indentation between tags goes (issue 10); what renders, and every verbatim block, stays."""

from __future__ import annotations

from doc_snippets.html_space import collapse


def test_indentation_between_tags_becomes_one_line_break():
    html = '<nav>\n    <ul>\n      <li><a href="x">  a  </a></li>\n\t\t<li>b</li>\n    </ul>\n  </nav>'
    assert collapse(html) == '<nav>\n<ul>\n<li><a href="x">  a  </a></li>\n<li>b</li>\n</ul>\n</nav>'


def test_whitespace_without_a_line_break_or_next_to_text_stays():
    html = "<p><em>a</em> <strong>b</strong>\n   c\n   <code>d</code></p>"
    assert collapse(html) == html


def test_verbatim_elements_and_attributes_keep_their_whitespace():
    pre = '<pre><code><span class="k">def</span> f():\n    <span class="k">return</span> 1\n</code></pre>'
    script = "<script>\n  var a = '>\n   <';\n</script>"
    other = '<textarea>\n  >\n  <</textarea><code>x>\n  <y</code><style>\n a>\n  b {}</style>'
    attribute = '<img alt="a >\n   < b">'
    html = f"<div>\n  {pre}\n  {script}\n  {other}\n  {attribute}\n</div>"
    assert collapse(html) == f"<div>\n{pre}\n{script}\n{other}\n{attribute}\n</div>"


def test_built_pages_keep_their_code_blocks(built_site):
    """Every page lost its indentation, none its code (the blocks are compared as text elsewhere)."""
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert collapse(html) == html, page  # nothing left to collapse
    chapter = (built_site / "linear-regression" / "index.html").read_text(encoding="utf-8")
    assert "<pre" in chapter and "\n    " in chapter  # the code blocks' own indentation
