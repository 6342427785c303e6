"""The explorers in a real browser: every number they show equals Python's.

Each control is set to at least five values (by keyboard where a reader would use
it); what the explorer shows is compared with the same computation done here with
torch and scikit-learn, from the values the build's run saved. The threshold explorer
is also compared with every row of the table the snippet prints.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from doc_snippets import values

pytestmark = pytest.mark.browser

PAGES = {"descent": "linear-regression/", "sigmoid": "logistic-regression/", "threshold": "confusion-matrix/"}
LANGUAGES = {"ko": "", "en": "en/"}


def _watch(page):
    page.problems = []
    page.requests = []

    def console(message):
        if message.type != "error":
            return
        # Every page's Material asks for <page>/sitemap.xml and gets a 404 (issue 11,
        # not the explorers'); any other console error fails the test.
        if message.text.startswith("Failed to load resource") and message.location.get("url", "").endswith("/sitemap.xml"):
            return
        page.problems.append(f"console: {message.text} ({message.location})")

    page.on("console", console)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("request", lambda request: page.requests.append(request.url))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _watch(page)
    yield page
    assert page.problems == []
    hosts = {urlsplit(url).hostname for url in page.requests if not url.startswith(("data:", "blob:"))}
    assert hosts <= {"127.0.0.1"}, page.requests
    context.close()


def open_explorer(page, site_url, kind, language="en"):
    page.goto(f"{site_url}/{LANGUAGES[language]}{PAGES[kind]}")
    page.wait_for_load_state("networkidle")
    root = page.locator(f'.explorer[data-explorer="{kind}"][data-ready]')
    root.wait_for()
    return root


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def close(shown: str, expected: float, digits: int) -> bool:
    """``shown`` is ``expected`` written with ``digits`` decimals (up to the last digit's rounding)."""
    return abs(number(shown) - expected) <= 0.5 * 10**-digits + 1e-9


# -- 1. gradient descent ----------------------------------------------------------------
@pytest.fixture(scope="module")
def descent_data(runner):
    saved = values.load(runner.get("linear_regression/cost_curve.py").entry)
    return torch.tensor(saved["x_train"], dtype=torch.float64), torch.tensor(saved["y_train"], dtype=torch.float64)


def python_descent(x, y, lr, start, steps):
    """The snippet's descent, in float64: autograd's gradient of mean((x W - y)^2)."""
    W = torch.tensor([float(start)], dtype=torch.float64, requires_grad=True)
    path = []
    for _ in range(steps + 1):
        cost = torch.mean((x * W - y) ** 2)
        path.append((W.item(), cost.item()))
        cost.backward()
        with torch.no_grad():
            W -= lr * W.grad
        W.grad.zero_()
    return path


def path_rows(root):
    return [[cell.strip() for cell in row.split("\t")] for row in root.locator(".explorer-path tbody tr").all_inner_texts()]


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.2, 0.21, 0.22, 0.25])
def test_descent_steps_equal_python(page, site_url, descent_data, lr):
    x, y = descent_data
    root = open_explorer(page, site_url, "descent")
    root.get_by_label("Learning rate", exact=True).select_option(str(lr))
    for start in [0, -1, 1.5, 3, 4.5]:
        root.get_by_label("Starting W", exact=True).fill(str(start))
        root.get_by_label("Starting W", exact=True).press("Enter")
        for _ in range(10):
            root.get_by_role("button", name="Step").click()
        rows = path_rows(root)
        expected = python_descent(x, y, lr, start, 10)
        assert [int(r[0]) for r in rows] == list(range(11))
        for (k, w_shown, cost_shown), (w, c) in zip(rows, expected):
            assert close(w_shown, w, 3) and close(cost_shown, c, 4), (lr, start, k, w_shown, cost_shown, w, c)
        status = root.locator(".explorer-status").inner_text()
        assert status == f"Step 10: W = {rows[-1][1]}, cost = {rows[-1][2]}"
        note = root.locator(".explorer-note").inner_text()
        distances = [abs(w - 2) for w, _ in expected]
        if start != 2:
            grows = distances[-1] > distances[-2]
            assert note.startswith("Diverging") == grows, (lr, start, note)
            assert grows == (lr > 3 / 14), "diverges exactly past lr = 1 / mean(x^2) = 3/14"


def test_descent_from_zero_reproduces_the_printed_table(page, site_url, snippet):
    """Start W = 0, the page's four learning rates: the rows the snippet printed (float32)."""
    printed: dict[float, dict[int, tuple[float, float]]] = {}
    for block in re.split(r"^lr = ", snippet("linear_regression/cost_curve.py").stdout, flags=re.M)[1:]:
        lr = float(block.splitlines()[0])
        printed[lr] = {
            int(k): (float(w), float(c))
            for k, w, c in re.findall(r"step\s+(\d+)\s+W =\s+(-?[\d.]+)\s+cost =\s+([\d.]+)", block)
        }
    assert sorted(printed) == [0.01, 0.1, 0.2, 0.25]
    root = open_explorer(page, site_url, "descent")
    for lr, steps in printed.items():
        root.get_by_label("Learning rate", exact=True).select_option(str(lr))
        root.get_by_label("Starting W", exact=True).fill("0")
        root.get_by_label("Starting W", exact=True).press("Enter")
        for _ in range(max(steps)):
            root.get_by_role("button", name="Step").click()
        rows = path_rows(root)
        for k, (w, c) in steps.items():
            # float32 in the snippet, float64 here: equal to the printed digits, up to float32's error
            assert abs(number(rows[k][1]) - w) <= 0.0005 + 1e-5 * abs(w) + 1e-4, (lr, k)
            assert abs(number(rows[k][2]) - c) <= 0.00005 + 2e-6 * c + 1e-4, (lr, k)


def test_descent_works_from_the_keyboard_and_plays(page, site_url, descent_data):
    x, y = descent_data
    root = open_explorer(page, site_url, "descent")
    select = root.get_by_label("Learning rate", exact=True)
    select.focus()
    page.keyboard.press("ArrowDown")  # 0.1 -> the next choice, 0.15
    assert select.input_value() == "0.15"
    page.keyboard.press("Tab")  # starting W
    page.keyboard.press("Tab")  # Step
    for _ in range(3):
        page.keyboard.press("Enter")
    status = root.get_by_role("status")
    assert status.get_attribute("aria-live") == "polite"
    w, c = python_descent(x, y, 0.15, 0, 3)[-1]
    assert status.inner_text() == f"Step 3: W = {w:.3f}, cost = {c:.4f}"
    play = root.get_by_role("button", name="Play")
    play.click()
    assert root.get_by_role("button", name="Pause").get_attribute("aria-pressed") == "true"
    page.wait_for_function("() => document.querySelectorAll('.explorer-path tbody tr').length >= 7")
    root.get_by_role("button", name="Pause").click()
    assert play.get_attribute("aria-pressed") == "false"
    # the figure draws one point per step
    assert root.locator("svg circle").count() == len(path_rows(root))


# -- 2. the sigmoid -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sigmoid_data(runner):
    saved = values.load(runner.get("logistic_regression/train.py").entry)
    X = torch.tensor(saved["x_data"], dtype=torch.float64)
    y = torch.tensor(saved["y_data"], dtype=torch.float64).squeeze(1)
    return X, y, saved["W"][0], saved["b"][0]


def python_logistic(X, y, w1, w2, b):
    z = X @ torch.tensor([w1, w2], dtype=torch.float64) + b
    H = torch.sigmoid(z)
    costs = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    return z.tolist(), H.tolist(), costs.tolist(), costs.mean().item()


def check_logistic(root, X, y, w1, w2, b):
    z, H, costs, bce = python_logistic(X, y, w1, w2, b)
    rows = [[c.strip() for c in r.split("\t")] for r in root.locator(".explorer-samples tbody tr").all_inner_texts()]
    assert len(rows) == 6
    for i, row in enumerate(rows):
        assert [number(v) for v in row[1:4]] == [X[i, 0].item(), X[i, 1].item(), y[i].item()]
        assert close(row[4], z[i], 3) and close(row[5], H[i], 4) and close(row[7], costs[i], 4), (w1, w2, b, i, row)
        assert int(row[6]) == int(H[i] >= 0.5)
    assert close(root.locator(".explorer-bce").inner_text(), bce, 4), (w1, w2, b)
    assert close(root.locator(".explorer-bce-value").inner_text(), bce, 4)
    right = sum(int(h >= 0.5) == int(t) for h, t in zip(H, y.tolist()))
    assert root.get_by_role("status").inner_text().endswith(f"{right} of 6 samples right")
    boundary = root.locator(".explorer-boundary-text").inner_text()
    if abs(w2) > 1e-12:
        slope, sign, size = re.fullmatch(r"x2 = (-?[\d.]+)·x1 ([+−]) ([\d.]+)", boundary).groups()
        assert close(slope, -w1 / w2, 3), boundary
        assert close(("-" if sign == "−" else "") + size, -b / w2, 3), boundary
    elif abs(w1) > 1e-12:
        assert close(boundary.rsplit("= ", 1)[1], -b / w1, 3)
    else:
        assert boundary.startswith("none")


@pytest.mark.parametrize(
    "w1, w2, b",
    [(0, 0, 0), (1, 1, -5), (3.25, 1.5, -14.5), (-1, 2, 3), (6, -2, -25), (0, 2, -4), (2, 0, -7), (0.5, 0.25, 0.75)],
)
def test_sigmoid_table_and_cost_equal_python(page, site_url, sigmoid_data, w1, w2, b):
    X, y, _, _ = sigmoid_data
    root = open_explorer(page, site_url, "sigmoid")
    for name, value in (("w1", w1), ("w2", w2), ("b", b)):
        root.locator(f'input[type="number"][id*="-{name}-"]').fill(str(value))
    check_logistic(root, X, y, w1, w2, b)


def test_sigmoid_sliders_move_by_keyboard_and_mark_the_trained_values(page, site_url, sigmoid_data, snippet):
    X, y, W, b = sigmoid_data
    root = open_explorer(page, site_url, "sigmoid")
    sliders = root.locator('input[type="range"]')
    assert sliders.count() == 3
    sliders.nth(0).focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # w1: 0 -> 0.3 (step 0.1)
    sliders.nth(2).focus()
    page.keyboard.press("ArrowLeft")  # b: 0 -> -0.5
    w1 = float(sliders.nth(0).input_value())
    assert w1 == pytest.approx(0.3) and float(sliders.nth(2).input_value()) == -0.5
    assert float(root.locator('input[type="number"]').nth(0).input_value()) == pytest.approx(0.3)
    check_logistic(root, X, y, w1, 0.0, -0.5)
    # the trained W and b: marked beside each slider as printed, and one button away
    printed = re.search(r"W: tensor\(\[\[([-\d.]+), ([-\d.]+)\]\]\)\nb: tensor\(\[([-\d.]+)\]\)", snippet("logistic_regression/train.py").stdout)
    marks = root.locator(".explorer-mark").all_inner_texts()
    assert marks == [f"trained: {v}" for v in printed.groups()]
    root.get_by_role("button", name="Use the trained W and b").click()
    check_logistic(root, X, y, W[0], W[1], b)
    # the dashed trained boundary and the live one now lie on each other
    lines = [root.locator(f"line.{c}").first for c in ("explorer-trained", "explorer-boundary")]
    coords = [[float(line.get_attribute(a)) for a in ("x1", "y1", "x2", "y2")] for line in lines]
    assert coords[0] == pytest.approx(coords[1])


# -- 3. the threshold ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def spam_data(runner):
    saved = values.load(runner.get("confusion_matrix/threshold.py").entry)
    return np.array(saved["scores"], dtype=np.float32), np.array(saved["labels"])


def shown_threshold(root):
    cells = {k: int(root.locator(f".explorer-{k}").inner_text().split()[1]) for k in ("TP", "FP", "FN", "TN")}
    metrics = {k: root.locator(f"dd.explorer-{k}").inner_text().rsplit("= ", 1)[1] for k in ("accuracy", "precision", "recall", "f1")}
    return cells, metrics


def python_threshold(scores, labels, threshold):
    predictions = (scores >= np.float32(threshold)).astype(int)  # as torch compares: in float32
    (tp, fn), (fp, tn) = confusion_matrix(labels, predictions, labels=[1, 0])
    return {"TP": tp, "FP": fp, "FN": fn, "TN": tn}, predictions


def check_threshold(root, scores, labels, threshold):
    cells, metrics = shown_threshold(root)
    expected, predictions = python_threshold(scores, labels, threshold)
    assert cells == expected, threshold
    assert close(metrics["accuracy"], accuracy_score(labels, predictions), 4)
    tp, fp, fn = expected["TP"], expected["FP"], expected["FN"]
    if tp + fp:
        assert close(metrics["precision"], tp / (tp + fp), 4)
        assert close(metrics["f1"], f1_score(labels, predictions), 4)
    else:
        assert metrics["precision"] == "undefined (0/0)"
    assert close(metrics["recall"], tp / (tp + fn), 4)
    # the point on the precision-recall curve
    point = root.locator("circle.explorer-current")
    if tp + fp:
        frame = root.locator("svg.explorer-pr rect.explorer-frame")
        fx, fy, fw, fh = (float(frame.get_attribute(a)) for a in ("x", "y", "width", "height"))
        recall = (float(point.get_attribute("cx")) - fx) / fw
        precision = (fy + fh - float(point.get_attribute("cy"))) / fh * 1.05
        assert recall == pytest.approx(tp / (tp + fn), abs=1e-6)
        assert precision == pytest.approx(tp / (tp + fp), abs=1e-6)
    else:
        assert point.get_attribute("visibility") == "hidden"
    return cells, metrics


def test_threshold_reproduces_every_row_of_the_printed_table(page, site_url, snippet, spam_data):
    scores, labels = spam_data
    rows = re.findall(
        r"^\s*([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", snippet("confusion_matrix/threshold.py").stdout, re.M
    )
    assert len(rows) == 9
    root = open_explorer(page, site_url, "threshold")
    slider = root.get_by_label("Threshold", exact=True)
    slider.focus()
    current = 0.5
    for threshold, tp, fp, fn, precision, recall in rows:
        target = round(float(threshold) * 100)
        key = "ArrowRight" if target > current * 100 else "ArrowLeft"
        for _ in range(abs(target - round(current * 100))):
            page.keyboard.press(key)  # the slider moves by 0.01 a key press
        current = target / 100
        assert slider.input_value() == f"{current:g}"
        cells, metrics = check_threshold(root, scores, labels, current)
        assert (cells["TP"], cells["FP"], cells["FN"]) == (int(tp), int(fp), int(fn)), threshold
        assert (metrics["precision"], metrics["recall"]) == (precision, recall), threshold
        assert root.get_by_role("status").inner_text() == (
            f"Threshold {current:.2f}: TP {tp}, FP {fp}, FN {fn}, TN {cells['TN']}; precision {precision}, recall {recall}"
        )


@pytest.mark.parametrize("language", ["ko", "en"])
def test_threshold_at_other_values_equals_scikit_learn(page, site_url, spam_data, language):
    scores, labels = spam_data
    root = open_explorer(page, site_url, "threshold", language)
    slider = root.locator('input[type="range"]')
    slider.focus()
    page.keyboard.press("Home")
    assert slider.input_value() == "0"
    assert shown_threshold(root)[0] == python_threshold(scores, labels, 0.0)[0]
    for value in [0.0, 0.04, 0.37, 0.55, 0.79, 0.99, 1.0]:
        slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", str(value))
        if language == "en":
            check_threshold(root, scores, labels, value)
        else:
            cells, _ = shown_threshold(root)
            assert cells == python_threshold(scores, labels, value)[0]
    # the distinct scores exactly, where float32 matters (e.g. 0.29 is stored as 0.28999...)
    for value in sorted(set(np.round(scores.astype(np.float64), 2)))[:: max(1, len(set(scores)) // 6)]:
        slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", f"{value:.2f}")
        cells, _ = shown_threshold(root)
        assert cells == python_threshold(scores, labels, float(f"{value:.2f}"))[0], value


# -- all three: labels, languages, narrow screens, both colour schemes -----------------------------
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_controls_are_labelled_in_the_page_language(page, site_url, kind, language):
    root = open_explorer(page, site_url, kind, language)
    controls = root.locator("input, select, button")
    assert controls.count() >= 1
    for i in range(controls.count()):
        name = controls.nth(i).evaluate(
            "el => (el.labels && el.labels.length ? el.labels[0].textContent : '') || el.getAttribute('aria-label') || el.textContent"
        )
        assert name.strip(), controls.nth(i).evaluate("el => el.outerHTML")
    text = root.inner_text()
    hangul = re.search(r"[\uac00-\ud7a3]", text)
    assert bool(hangul) == (language == "ko"), text[:200]
    assert root.get_by_role("status").count() == 1
    for svg in root.locator("svg[role=img]").all():
        assert svg.locator("title").text_content().strip()


def _contrast(rgb_a, rgb_b):
    def luminance(rgb):
        channels = []
        for c in rgb[:3]:
            c /= 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    hi, lo = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


COLOURS = """root => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const bg = rgb(getComputedStyle(root).backgroundColor);
  const svgText = rgb(getComputedStyle(root.querySelector('svg.explorer-figure text')).fill);
  const marks = [...root.querySelectorAll('.explorer-class0, .explorer-class1, .explorer-point, .explorer-boundary')]
    .filter(el => !el.closest('.explorer-cells') && !el.closest('.explorer-icon'))
    .map(el => {
      // a line's colour is its stroke; a hollow marker's too (its fill is the background)
      const s = getComputedStyle(el);
      const fill = el.tagName === 'line' ? null : rgb(s.fill);
      return !fill || fill.join() === bg.join() ? rgb(s.stroke) : fill;
    });
  return {bg, svgText, text: rgb(getComputedStyle(root).color), marks};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_explorers_fit_and_stay_legible_in_both_schemes(browser, site_url, width, tmp_path):
    """Screenshots of every explorer in the light and dark schemes (kept in $EXPLORER_SHOTS if set)."""
    shots = Path(os.environ.get("EXPLORER_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    _watch(page)
    for language in LANGUAGES:
        for kind in PAGES:
            root = open_explorer(page, site_url, kind, language)
            # nothing of the explorer is wider than the screen (its tables scroll in their own box)
            assert root.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
            outside = root.evaluate(
                """(el, width) => [...el.querySelectorAll('*')]
                     .filter(e => !e.closest('.explorer-scroll') && e.getBoundingClientRect().right > width + 0.5)
                     .map(e => e.outerHTML.slice(0, 80))""",
                width,
            )
            assert outside == [], (kind, language)
            for scheme in ("default", "slate"):
                page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
                colours = root.evaluate(COLOURS)
                assert _contrast(colours["text"], colours["bg"]) >= 4.5, (kind, scheme)
                assert _contrast(colours["svgText"], colours["bg"]) >= 4.5, (kind, scheme)
                for mark in colours["marks"]:
                    assert _contrast(mark, colours["bg"]) >= 3, (kind, scheme, mark)  # graphics: WCAG 1.4.11
                page.add_style_tag(content=".md-header { visibility: hidden; }")
                root.scroll_into_view_if_needed()
                root.screenshot(path=str(shots / f"{kind}-{language}-{scheme}-{width}.png"))
    assert page.problems == []
    context.close()


def test_explorers_start_after_instant_navigation(page, site_url, spam_data):
    """Material's instant navigation swaps the page's content and emits ``document$``.

    The site does not enable it today; this does what it does (Material 9's
    ``document$`` is the ReplaySubject its instant navigation calls ``next`` on), and
    the new page's explorer starts, once.
    """
    scores, labels = spam_data
    open_explorer(page, site_url, "descent")
    page.evaluate(
        """async () => {
            const html = await (await fetch('../confusion-matrix/')).text();
            const next = new DOMParser().parseFromString(html, 'text/html');
            document.querySelector('.md-content').replaceWith(document.adoptNode(next.querySelector('.md-content')));
            document$.next(document);
        }"""
    )
    root = page.locator('.explorer[data-explorer="threshold"][data-ready]')
    root.wait_for()
    page.evaluate("() => document$.next(document)")  # a second emission starts nothing twice
    assert root.locator(".explorer-body").count() == 1
    slider = root.get_by_label("Threshold", exact=True)
    slider.focus()
    page.keyboard.press("ArrowRight")
    check_threshold(root, scores, labels, 0.51)
