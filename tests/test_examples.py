"""Every Python block written directly in a page runs, and prints what its ``#>`` lines say.

Run ``pytest tests/test_examples.py --update-examples`` to rewrite the ``#>`` lines from a
real run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

DOCS = Path(__file__).resolve().parents[1] / "docs"
EXAMPLES = [ex for ex in find_examples(str(DOCS)) if ex.prefix_settings().get("test") != "skip"]


def test_pages_have_python_examples():
    # Guards against the parametrised test below silently collecting nothing.
    assert EXAMPLES, "no python code block found in docs/"


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_docs_example(example: CodeExample, eval_example: EvalExample):
    eval_example.set_config(line_length=100)
    if eval_example.update_examples:
        eval_example.run_print_update(example)
    else:
        eval_example.run_print_check(example)
