// Explorers: figures the reader can move. Plain JavaScript and SVG, served by the site.
//
// The build puts each explorer on its page as
//   <div class="explorer" data-explorer="NAME" data-lang="ko|en">
//     <script type="application/json">{values saved by the build's run of a snippet}</script>
//   </div>
// (see doc_snippets/explorer.py). Nothing here holds data of its own: the numbers drawn
// are the run's. Every explorer starts on each page load, including Material's instant
// navigation (document$), and is built once per element.
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  // Learning rates offered by the gradient descent explorer: the page's four (0.01, 0.1,
  // 0.2, 0.25; tests/test_explorers.py checks they are here) and more around the edge of
  // divergence, which the explorer computes from the data (1 / mean(x^2)).
  const LEARNING_RATES = [0.01, 0.05, 0.1, 0.15, 0.2, 0.21, 0.22, 0.25, 0.3];

  // -- words, per language ----------------------------------------------------
  const TEXT = {
    ko: {
      // gradient descent
      descentTitle: "직접 해 보기: 경사 하강법",
      lr: "학습률",
      start: "시작 W",
      step: "한 걸음",
      play: "재생",
      pause: "일시 정지",
      reset: "처음부터",
      stepStatus: "걸음 {k}: W = {W}, 비용 = {cost}",
      converging: "W가 최솟값 W = {best}에 다가갑니다.",
      diverging: "발산: 걸음마다 W가 최솟값 W = {best}에서 더 멀어집니다 (학습률 > {limit}).",
      stopped: "멈춤: W가 너무 커졌습니다.",
      descentFigure: "비용 cost(W)의 포물선과 경사 하강법이 지나간 점들",
      stepCol: "걸음",
      pathTable: "경사 하강법이 지나간 W와 비용",
      costCol: "비용",
      costAxis: "비용 cost(W)",
      // sigmoid
      sigmoidTitle: "직접 해 보기: W와 b로 움직이는 시그모이드",
      trained: "학습된 W와 b로",
      trainedMark: "학습된 값",
      boundary: "결정 경계",
      trainedBoundary: "학습된 W와 b의 결정 경계",
      noBoundary: "없음: W = (0, 0)이면 H(x) = σ(b)가 어디서나 같습니다",
      bce: "이진 교차 엔트로피(BCE)",
      sigmoidStatus: "w₁ = {w1}, w₂ = {w2}, b = {b}: BCE = {bce}, 맞힌 샘플 {right}/{n}",
      planeFigure: "특성 평면의 훈련 샘플 6개, H(x)의 색과 결정 경계(점선: 학습된 경계)",
      curveFigure: "시그모이드 σ(z) 위의 샘플, z = w₁x₁ + w₂x₂ + b",
      sample: "샘플",
      samplesTable: "샘플마다의 z, H(x), 예측과 비용",
      prediction: "예측",
      cost: "비용",
      mean: "평균 (BCE)",
      // threshold
      thresholdTitle: "직접 해 보기: 임계값 움직이기",
      threshold: "임계값",
      actual: "실제",
      predicted: "예측",
      spam: "스팸",
      ham: "정상",
      accuracy: "정확도",
      precision: "정밀도",
      recall: "재현율",
      f1: "F1 점수",
      undefined: "정의되지 않음 (0/0)",
      thresholdStatus: "임계값 {t}: TP {TP}, FP {FP}, FN {FN}, TN {TN}; 정밀도 {P}, 재현율 {R}",
      scoresFigure: "이메일 30통의 점수와 임계값: 임계값 이상이면 스팸으로 예측",
      filled: "채운 기호: 점수가 임계값 이상이라 스팸으로 예측한 메일. 속이 빈 기호: 정상으로 예측한 메일.",
      prFigure: "정밀도-재현율 곡선과 현재 임계값의 점",
      score: "점수",
      confusion: "혼동 행렬",
    },
    en: {
      descentTitle: "Try it: gradient descent",
      lr: "Learning rate",
      start: "Starting W",
      step: "Step",
      play: "Play",
      pause: "Pause",
      reset: "Reset",
      stepStatus: "Step {k}: W = {W}, cost = {cost}",
      converging: "W is closing in on the minimum W = {best}.",
      diverging: "Diverging: each step lands farther from the minimum W = {best} (learning rate > {limit}).",
      stopped: "Stopped: W grew too large.",
      descentFigure: "The parabola cost(W) and the points gradient descent visits",
      stepCol: "Step",
      pathTable: "The W and cost of each step",
      costCol: "Cost",
      costAxis: "cost(W)",
      sigmoidTitle: "Try it: the sigmoid under W and b",
      trained: "Use the trained W and b",
      trainedMark: "trained",
      boundary: "Decision boundary",
      trainedBoundary: "the trained W and b's boundary",
      noBoundary: "none: with W = (0, 0), H(x) = σ(b) is the same everywhere",
      bce: "Binary cross-entropy (BCE)",
      sigmoidStatus: "w₁ = {w1}, w₂ = {w2}, b = {b}: BCE = {bce}, {right} of {n} samples right",
      planeFigure: "The six training samples in the feature plane, coloured by H(x), and the decision boundary (dashed: the trained one)",
      curveFigure: "The samples on the sigmoid σ(z), z = w₁x₁ + w₂x₂ + b",
      sample: "Sample",
      samplesTable: "Each sample's z, H(x), prediction and cost",
      prediction: "Prediction",
      cost: "Cost",
      mean: "Mean (BCE)",
      thresholdTitle: "Try it: move the threshold",
      threshold: "Threshold",
      actual: "Actual",
      predicted: "Predicted",
      spam: "spam",
      ham: "not spam",
      accuracy: "Accuracy",
      precision: "Precision",
      recall: "Recall",
      f1: "F1 score",
      undefined: "undefined (0/0)",
      thresholdStatus: "Threshold {t}: TP {TP}, FP {FP}, FN {FN}, TN {TN}; precision {P}, recall {R}",
      scoresFigure: "The 30 emails' scores and the threshold: at or above it, predicted spam",
      filled: "Filled: the score is at or above the threshold, predicted spam. Hollow: predicted not spam.",
      prFigure: "The precision-recall curve and the current threshold's point",
      score: "Score",
      confusion: "Confusion matrix",
    },
  };

  // -- small helpers -------------------------------------------------------------
  let counter = 0;
  const uid = (name) => `explorer-${name}-${++counter}`;

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function s(tag, attrs, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    if (parent) parent.append(node);
    return node;
  }

  // "w₁" -> w<sub>1</sub> (HTML) or a lowered tspan (SVG): the subscript digits of most
  // fonts are too small to read.
  const SUBSCRIPT = { "₁": "1", "₂": "2" };
  function rich(text, svg) {
    const parts = [];
    for (const piece of String(text).split(/([₁₂])/)) {
      if (!piece) continue;
      if (SUBSCRIPT[piece]) {
        parts.push(svg ? s("tspan", { "baseline-shift": "sub", "font-size": "75%", text: SUBSCRIPT[piece] })
          : h("sub", { text: SUBSCRIPT[piece] }));
      } else parts.push(svg ? document.createTextNode(piece) : piece);
    }
    return parts;
  }

  function setRich(node, text, svg) {
    node.replaceChildren(...rich(text, svg));
  }

  // The width (in SVG units) a figure gets: about the width it is shown at, so its text
  // keeps its size on a phone; never wider than the figure was drawn for.
  // ``columns``: how many figures share the row on a wide screen.
  function fit(root, width, height, columns = 1) {
    const room = (root.clientWidth || width) / columns - (columns - 1) * 16;
    const shown = Math.round(Math.max(300, Math.min(width, room)));
    return [shown, Math.round(height * Math.max(0.8, shown / width))];
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  }

  // Fixed decimals as Python's f"{x:.{d}f}" writes them (a minus zero shows as 0).
  function fmt(x, digits) {
    const text = x.toFixed(digits);
    return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
  }

  function niceTicks(lo, hi, count) {
    const span = hi - lo;
    if (!(span > 0)) return [lo];
    const raw = span / count;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((m) => m >= raw);
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(+t.toPrecision(12));
    return ticks;
  }

  // A plot area: maps data to SVG coordinates inside margins, draws axes and ticks.
  function plot(svg, width, height, margin, xDomain, yDomain, labels) {
    const [x0, x1] = xDomain;
    const [y0, y1] = yDomain;
    const left = margin.left, right = width - margin.right, top = margin.top, bottom = height - margin.bottom;
    const X = (x) => left + ((x - x0) / (x1 - x0)) * (right - left);
    const Y = (y) => bottom - ((y - y0) / (y1 - y0)) * (bottom - top);
    const axes = s("g", { class: "explorer-axes", "aria-hidden": "true" }, svg);
    s("rect", { x: left, y: top, width: right - left, height: bottom - top, class: "explorer-frame" }, axes);
    for (const t of niceTicks(x0, x1, labels.xTicks || 6)) {
      s("line", { x1: X(t), x2: X(t), y1: bottom, y2: bottom + 4 }, axes);
      s("text", { x: X(t), y: bottom + 16, "text-anchor": "middle", text: String(t) }, axes);
    }
    for (const t of niceTicks(y0, y1, labels.yTicks || 5)) {
      s("line", { x1: left - 4, x2: left, y1: Y(t), y2: Y(t) }, axes);
      s("text", { x: left - 7, y: Y(t) + 4, "text-anchor": "end", text: String(t) }, axes);
    }
    if (labels.x) s("text", { x: (left + right) / 2, y: height - 4, "text-anchor": "middle", class: "explorer-label" }, axes).append(...rich(labels.x, true));
    if (labels.y) {
      s("text", { x: 0, y: 0, transform: `translate(12 ${(top + bottom) / 2}) rotate(-90)`, "text-anchor": "middle", class: "explorer-label" }, axes).append(...rich(labels.y, true));
    }
    return { X, Y, left, right, top, bottom };
  }

  function figure(t, titleKey, width, height) {
    const id = uid("title");
    const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": id, class: "explorer-figure" });
    s("title", { id, text: t[titleKey] }, svg);
    return svg;
  }

  function field(labelText, control) {
    return h("div", { class: "explorer-field" }, h("label", { for: control.id }, ...rich(labelText)), control);
  }

  // A table in a box that scrolls on narrow screens: focusable, so the keyboard scrolls it too.
  function scroller(table, name, cls) {
    return h("div", { class: cls, tabindex: 0, role: "region", "aria-label": name }, table);
  }

  // A line of legend: [symbol class, shape, text] items, the symbols drawn as small SVGs.
  function legend(items) {
    const line = h("p", { class: "explorer-legend" });
    for (const [cls, shape, text] of items) {
      const icon = s("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true", class: "explorer-figure explorer-icon" });
      if (shape === "circle") s("circle", { cx: 8, cy: 8, r: 5.5, class: cls }, icon);
      else if (shape === "square") s("rect", { x: 2.5, y: 2.5, width: 11, height: 11, class: cls }, icon);
      else s("line", { x1: 0, x2: 16, y1: 8, y2: 8, class: cls }, icon);
      line.append(h("span", { class: "explorer-legend-item" }, icon, ...rich(text)));
    }
    return line;
  }

  // -- 1. gradient descent on cost(W) = mean((x W - y)^2) ------------------------------
  function descent(root, data, t) {
    const x = data.x_train, y = data.y_train;
    const mean = (f) => x.reduce((sum, xi, i) => sum + f(xi, y[i]), 0) / x.length;
    const cost = (W) => mean((xi, yi) => (xi * W - yi) ** 2);
    const grad = (W) => mean((xi, yi) => 2 * xi * (xi * W - yi));
    const best = mean((xi, yi) => xi * yi) / mean((xi) => xi * xi); // where the gradient is 0
    const limit = 1 / mean((xi) => xi * xi); // lr above it: |1 - 2 lr mean(x^2)| > 1
    const MAX_STEPS = 30;

    const lr = h("select", { id: uid("lr") });
    for (const value of LEARNING_RATES) lr.append(h("option", { value, text: String(value) }));
    lr.value = "0.1";
    const start = h("input", { id: uid("start"), type: "number", min: -5, max: 9, step: 0.5, value: 0, inputmode: "decimal" });
    const stepButton = h("button", { type: "button", class: "md-button", text: t.step });
    const playButton = h("button", { type: "button", class: "md-button", "aria-pressed": "false", text: t.play });
    const resetButton = h("button", { type: "button", class: "md-button", text: t.reset });
    const status = h("p", { class: "explorer-status", role: "status", "aria-live": "polite" });
    const note = h("p", { class: "explorer-note", "aria-live": "polite" });
    const [DW, DH] = fit(root, 600, 330);
    const svg = figure(t, "descentFigure", DW, DH);
    const rows = h("tbody");
    const table = h(
      "table",
      { class: "explorer-table explorer-path" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t.stepCol }), h("th", { scope: "col", text: "W" }), h("th", { scope: "col", text: t.costCol }))),
      rows,
    );
    root.append(
      h("div", { class: "explorer-controls" }, field(t.lr, lr), field(t.start, start), h("div", { class: "explorer-buttons" }, stepButton, playButton, resetButton)),
      svg,
      status,
      note,
      scroller(table, t.pathTable, "explorer-scroll explorer-tall"),
    );

    let path = [];
    let timer = null;

    function startW() {
      const value = parseFloat(start.value);
      return Number.isFinite(value) ? value : 0;
    }

    function reset() {
      const W = startW();
      path = [{ W, cost: cost(W) }];
      rows.replaceChildren();
      addRow(0);
      draw();
    }

    function addRow(k) {
      const { W, cost: c } = path[k];
      rows.append(h("tr", {}, h("td", { text: String(k) }), h("td", { text: fmt(W, 3) }), h("td", { text: fmt(c, 4) })));
    }

    function step() {
      if (path.length > MAX_STEPS) return false;
      const last = path[path.length - 1].W;
      if (Math.abs(last) > 1e6) return false;
      const W = last - parseFloat(lr.value) * grad(last);
      path.push({ W, cost: cost(W) });
      addRow(path.length - 1);
      draw();
      return path.length <= MAX_STEPS && Math.abs(W) <= 1e6;
    }

    function stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      playButton.textContent = t.play;
      playButton.setAttribute("aria-pressed", "false");
    }

    function draw() {
      svg.querySelectorAll("g").forEach((g) => g.remove());
      const Ws = path.map((p) => p.W);
      let lo = Math.min(-1, best - 3, ...Ws), hi = Math.max(5, best + 3, ...Ws);
      const pad = (hi - lo) * 0.04;
      lo -= pad; hi += pad;
      const top = Math.max(cost(lo), cost(hi), ...path.map((p) => p.cost)) * 1.05;
      const p = plot(svg, DW, DH, { left: 58, right: 12, top: 10, bottom: 42 }, [lo, hi], [0, top], { x: "W", y: t.costAxis, xTicks: Math.round(DW / 60) });
      const g = s("g", { class: "explorer-marks" }, svg);
      const curve = [];
      for (let i = 0; i <= 240; i++) {
        const W = lo + ((hi - lo) * i) / 240;
        curve.push(`${p.X(W).toFixed(1)},${p.Y(cost(W)).toFixed(1)}`);
      }
      s("polyline", { points: curve.join(" "), class: "explorer-curve" }, g);
      s("line", { x1: p.X(best), x2: p.X(best), y1: p.top, y2: p.bottom, class: "explorer-guide" }, g);
      s("polyline", { points: path.map((q) => `${p.X(q.W).toFixed(1)},${p.Y(q.cost).toFixed(1)}`).join(" "), class: "explorer-path-line" }, g);
      path.forEach((q, k) => s("circle", { cx: p.X(q.W), cy: p.Y(q.cost), r: k === path.length - 1 ? 6 : 3.5, class: k === path.length - 1 ? "explorer-current" : "explorer-point" }, g));

      const k = path.length - 1;
      const now = path[k];
      status.textContent = fill(t.stepStatus, { k, W: fmt(now.W, 3), cost: fmt(now.cost, 4) });
      const away = (i) => Math.abs(path[i].W - best);
      let message = "";
      if (k > 0 && away(k) > away(k - 1)) message = fill(t.diverging, { best: fmt(best, 3), limit: fmt(limit, 4) });
      else if (k > 0 && away(k) < away(k - 1)) message = fill(t.converging, { best: fmt(best, 3) });
      if (Math.abs(now.W) > 1e6) message = t.stopped;
      note.textContent = message;
      stepButton.disabled = k >= MAX_STEPS || Math.abs(now.W) > 1e6;
    }

    stepButton.addEventListener("click", () => { stop(); step(); });
    playButton.addEventListener("click", () => {
      if (timer !== null) return stop();
      if (path.length > MAX_STEPS) reset();
      playButton.textContent = t.pause;
      playButton.setAttribute("aria-pressed", "true");
      timer = setInterval(() => { if (!step()) stop(); }, 500);
    });
    resetButton.addEventListener("click", () => { stop(); reset(); });
    lr.addEventListener("change", () => { stop(); reset(); });
    start.addEventListener("input", () => { stop(); reset(); });
    reset();
  }

  // -- 2. logistic regression: H(x) = sigmoid(w1 x1 + w2 x2 + b) on six samples --------
  function sigmoid(root, data, t) {
    const X = data.x_data, Y = data.y_data.map((row) => (Array.isArray(row) ? row[0] : row));
    const trained = { w1: data.W[0][0], w2: data.W[0][1], b: data.b[0] };
    const sig = (z) => 1 / (1 + Math.exp(-z));
    // -log(sigmoid(z)), computed without overflow (what F.binary_cross_entropy_with_logits does)
    const softplus = (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    const ranges = { w1: [-2, 6, 0.1], w2: [-2, 6, 0.1], b: [-25, 5, 0.5] };
    const names = { w1: "w₁", w2: "w₂", b: "b" };
    const state = { w1: 0, w2: 0, b: 0 };
    const sliders = {}, numbers = {};
    const controls = h("div", { class: "explorer-controls" });
    for (const key of ["w1", "w2", "b"]) {
      const [min, max, step] = ranges[key];
      const list = uid("marks");
      const slider = h("input", { id: uid(key), type: "range", min, max, step, value: 0, list, "aria-label": names[key] });
      const number = h("input", { id: uid(key), type: "number", min, max, step: 0.01, value: 0, inputmode: "decimal", class: "explorer-number" });
      const marks = h("datalist", { id: list }, h("option", { value: trained[key], label: t.trainedMark }));
      sliders[key] = slider;
      numbers[key] = number;
      slider.addEventListener("input", () => { state[key] = parseFloat(slider.value); number.value = slider.value; update(); });
      number.addEventListener("input", () => {
        const value = parseFloat(number.value);
        if (!Number.isFinite(value)) return;
        state[key] = value;
        slider.value = String(value);
        update();
      });
      controls.append(
        h("div", { class: "explorer-field explorer-slider" }, h("label", { for: number.id }, ...rich(names[key])), slider, number, marks,
          h("span", { class: "explorer-mark", text: `${t.trainedMark}: ${fmt(trained[key], 4)}` })),
      );
    }
    const trainedButton = h("button", { type: "button", class: "md-button", text: t.trained });
    trainedButton.addEventListener("click", () => {
      for (const key of ["w1", "w2", "b"]) {
        state[key] = trained[key];
        sliders[key].value = String(trained[key]);
        numbers[key].value = String(trained[key]);
      }
      update();
    });
    controls.append(h("div", { class: "explorer-buttons" }, trainedButton));

    const [PW, PH] = fit(root, 420, 360, 2), [CW, CH] = fit(root, 420, 260, 2);
    const plane = figure(t, "planeFigure", PW, PH);
    const curve = figure(t, "curveFigure", CW, CH);
    const status = h("p", { class: "explorer-status", role: "status", "aria-live": "polite" });
    const boundary = h("p", { class: "explorer-note" });
    const rows = h("tbody");
    const foot = h("tfoot");
    const table = h(
      "table",
      { class: "explorer-table explorer-samples" },
      h("thead", {}, h("tr", {}, ...[t.sample, "x₁", "x₂", "y", "z", "H(x)", t.prediction, t.cost].map((text) => h("th", { scope: "col" }, ...rich(text))))),
      rows,
      foot,
    );
    const key = legend([["explorer-class0", "circle", "y = 0"], ["explorer-class1", "square", "y = 1"],
      ["explorer-boundary", "line", t.boundary], ["explorer-trained", "line", t.trainedBoundary]]);
    root.append(controls, key, h("div", { class: "explorer-figures" }, plane, curve), status, boundary, scroller(table, t.samplesTable, "explorer-scroll"));

    // the plane: x1 in [0, 7], x2 in [0, 6], as the page's figure
    const P = plot(plane, PW, PH, { left: 40, right: 10, top: 10, bottom: 40 }, [0, 7], [0, 6], { x: "x₁", y: "x₂", xTicks: 7, yTicks: 6 });
    const cells = s("g", { class: "explorer-cells", "aria-hidden": "true" }, plane);
    const size = 0.25, cellList = [];
    for (let a = 0; a < 7; a += size) {
      for (let c = 0; c < 6; c += size) {
        const rect = s("rect", { x: P.X(a), y: P.Y(c + size), width: P.X(size) - P.X(0) + 0.3, height: P.Y(0) - P.Y(size) + 0.3 }, cells);
        cellList.push({ rect, x1: a + size / 2, x2: c + size / 2 });
      }
    }
    plane.insertBefore(cells, plane.querySelector(".explorer-axes").nextSibling);
    const lines = s("g", {}, plane);
    const clip = uid("clip");
    s("clipPath", { id: clip }, s("defs", {}, plane)).append(s("rect", { x: P.left, y: P.top, width: P.right - P.left, height: P.bottom - P.top }));
    lines.setAttribute("clip-path", `url(#${clip})`);
    const trainedLine = s("line", { class: "explorer-trained" }, lines);
    const line = s("line", { class: "explorer-boundary" }, lines);
    const points = s("g", {}, plane);
    X.forEach(([a, c], i) => marker(points, P.X(a), P.Y(c), Y[i]));

    // the curve: sigmoid(z) for z in [-12, 12]
    const C = plot(curve, CW, CH, { left: 40, right: 10, top: 10, bottom: 40 }, [-12, 12], [0, 1], { x: "z", y: "H(x) = σ(z)", xTicks: 6, yTicks: 4 });
    const cg = s("g", {}, curve);
    const shape = [];
    for (let i = 0; i <= 120; i++) {
      const z = -12 + (24 * i) / 120;
      shape.push(`${C.X(z).toFixed(1)},${C.Y(sig(z)).toFixed(1)}`);
    }
    s("line", { x1: C.X(0), x2: C.X(0), y1: C.top, y2: C.bottom, class: "explorer-guide" }, cg);
    s("line", { x1: C.left, x2: C.right, y1: C.Y(0.5), y2: C.Y(0.5), class: "explorer-guide" }, cg);
    s("polyline", { points: shape.join(" "), class: "explorer-curve" }, cg);
    const onCurve = s("g", {}, curve);

    function marker(parent, cx, cy, label) {
      if (label === 1) return s("rect", { x: cx - 5.5, y: cy - 5.5, width: 11, height: 11, class: "explorer-class1" }, parent);
      return s("circle", { cx, cy, r: 6, class: "explorer-class0" }, parent);
    }

    function setLine(node, w1, w2, b) {
      // w1 x1 + w2 x2 + b = 0, drawn across the plane (clipped to it)
      if (Math.abs(w2) > 1e-12) {
        const at = (a) => -(w1 * a + b) / w2;
        Object.entries({ x1: P.X(-1), y1: P.Y(at(-1)), x2: P.X(8), y2: P.Y(at(8)) }).forEach(([k, v]) => node.setAttribute(k, v));
      } else if (Math.abs(w1) > 1e-12) {
        const a = -b / w1;
        Object.entries({ x1: P.X(a), y1: P.Y(-1), x2: P.X(a), y2: P.Y(7) }).forEach(([k, v]) => node.setAttribute(k, v));
      } else {
        node.setAttribute("x1", 0); node.setAttribute("x2", 0); node.setAttribute("y1", 0); node.setAttribute("y2", 0);
      }
    }
    setLine(trainedLine, trained.w1, trained.w2, trained.b);

    function update() {
      const { w1, w2, b } = state;
      for (const cell of cellList) {
        const H = sig(w1 * cell.x1 + w2 * cell.x2 + b);
        cell.rect.setAttribute("class", H >= 0.5 ? "explorer-class1" : "explorer-class0");
        cell.rect.setAttribute("fill-opacity", (Math.abs(H - 0.5) * 0.5).toFixed(3));
      }
      setLine(line, w1, w2, b);
      onCurve.replaceChildren();
      rows.replaceChildren();
      let total = 0, right = 0;
      X.forEach(([a, c], i) => {
        const z = w1 * a + w2 * c + b;
        const H = sig(z);
        const loss = Y[i] === 1 ? softplus(-z) : softplus(z);
        const predicted = H >= 0.5 ? 1 : 0;
        total += loss;
        if (predicted === Y[i]) right += 1;
        const zc = Math.max(-12, Math.min(12, z));
        marker(onCurve, C.X(zc), C.Y(sig(zc)), Y[i]);
        rows.append(h("tr", {}, ...[i + 1, a, c, Y[i], fmt(z, 3), fmt(H, 4), predicted, fmt(loss, 4)].map((text) => h("td", { text: String(text) }))));
      });
      const bce = total / X.length;
      foot.replaceChildren(h("tr", {}, h("th", { scope: "row", colspan: 7, text: t.mean }), h("td", { class: "explorer-bce", text: fmt(bce, 4) })));
      setRich(status, fill(t.sigmoidStatus, { w1: fmt(w1, 2), w2: fmt(w2, 2), b: fmt(b, 2), bce: fmt(bce, 4), right, n: X.length }));
      let text;
      if (Math.abs(w2) > 1e-12) {
        const slope = -w1 / w2, icpt = -b / w2;
        text = `x₂ = ${fmt(slope, 3)}·x₁ ${icpt < 0 ? "−" : "+"} ${fmt(Math.abs(icpt), 3)}`;
      } else if (Math.abs(w1) > 1e-12) {
        text = `x₁ = −b/w₁ = ${fmt(-b / w1, 3)}`;
      } else {
        text = t.noBoundary;
      }
      boundary.replaceChildren(h("strong", { text: `${t.boundary}: ` }), h("span", { class: "explorer-boundary-text" }, ...rich(text)),
        document.createTextNode(` · ${t.bce} = `), h("span", { class: "explorer-bce-value", text: fmt(bce, 4) }));
    }
    update();
  }

  // -- 3. the threshold: confusion matrix and metrics over the spam filter's scores ------
  function threshold(root, data, t) {
    const scores = data.scores, labels = data.labels;
    const n = scores.length;
    // The run compares float32 scores with a threshold turned into float32: do the same.
    function counts(th) {
      const f = Math.fround(th);
      let TP = 0, FP = 0, FN = 0, TN = 0;
      scores.forEach((score, i) => {
        const spam = score >= f;
        if (spam && labels[i] === 1) TP++;
        else if (spam) FP++;
        else if (labels[i] === 1) FN++;
        else TN++;
      });
      return { TP, FP, FN, TN };
    }
    const ratio = (a, b) => (b === 0 ? null : a / b);

    const slider = h("input", { id: uid("threshold"), type: "range", min: 0, max: 1, step: 0.01, value: 0.5 });
    // the value beside the slider (the slider itself announces it: aria-valuetext)
    const shown = h("span", { class: "explorer-value", "aria-hidden": "true" });
    const status = h("p", { class: "explorer-status", role: "status", "aria-live": "polite" });
    const cell = {};
    for (const key of ["TP", "FN", "FP", "TN"]) cell[key] = h("td", { class: `explorer-cell explorer-${key}` });
    const matrix = h(
      "table",
      { class: "explorer-table explorer-matrix" },
      h("caption", { text: t.confusion }),
      h("thead", {}, h("tr", {}, h("td"), h("th", { scope: "col", text: `${t.predicted}: ${t.spam}` }), h("th", { scope: "col", text: `${t.predicted}: ${t.ham}` }))),
      h("tbody", {},
        h("tr", {}, h("th", { scope: "row", text: `${t.actual}: ${t.spam}` }), cell.TP, cell.FN),
        h("tr", {}, h("th", { scope: "row", text: `${t.actual}: ${t.ham}` }), cell.FP, cell.TN)),
    );
    const metric = {};
    const metrics = h("dl", { class: "explorer-metrics" });
    for (const key of ["accuracy", "precision", "recall", "f1"]) {
      metric[key] = h("dd", { class: `explorer-${key}` });
      metrics.append(h("dt", { text: t[key] }), metric[key]);
    }
    const [SW, SH] = fit(root, 600, 130), [RW, RH] = fit(root, 420, 300, 2);
    const strip = figure(t, "scoresFigure", SW, SH);
    const pr = figure(t, "prFigure", RW, RH);
    pr.classList.add("explorer-pr");
    root.append(
      h("div", { class: "explorer-controls" }, h("div", { class: "explorer-field explorer-slider" }, h("label", { for: slider.id, text: t.threshold }), slider, shown)),
      legend([["explorer-class1 explorer-positive", "square", t.spam], ["explorer-class0 explorer-positive", "circle", t.ham], ["explorer-boundary", "line", t.threshold]]),
      h("p", { class: "explorer-note", text: t.filled }),
      strip,
      status,
      h("div", { class: "explorer-figures" }, h("div", { class: "explorer-numbers" }, matrix, metrics), pr),
    );

    // the scores: spam on the upper row, not spam on the lower
    const S = plot(strip, SW, SH, { left: 80, right: 14, top: 8, bottom: 36 }, [0, 1], [0, 2], { x: t.score, xTicks: SW < 450 ? 5 : 10, yTicks: 1 });
    strip.querySelectorAll(".explorer-axes text[text-anchor=end]").forEach((n) => n.remove());
    s("text", { x: S.left - 8, y: S.Y(1.5) + 4, "text-anchor": "end", class: "explorer-label", text: t.spam }, strip);
    s("text", { x: S.left - 8, y: S.Y(0.5) + 4, "text-anchor": "end", class: "explorer-label", text: t.ham }, strip);
    const dots = s("g", { class: "explorer-dots" }, strip);
    const seen = {};
    const dotList = scores.map((score, i) => {
      const key = `${labels[i]}:${score}`;
      seen[key] = (seen[key] || 0) + 1;
      const cy = S.Y(labels[i] === 1 ? 1.5 : 0.5) - (seen[key] - 1) * 7;
      const node = labels[i] === 1
        ? s("rect", { x: S.X(score) - 4.5, y: cy - 4.5, width: 9, height: 9 }, dots)
        : s("circle", { cx: S.X(score), cy, r: 5 }, dots);
      return { node, score, label: labels[i] };
    });
    const cut = s("line", { y1: S.top, y2: S.bottom, class: "explorer-boundary" }, strip);

    // the precision-recall curve: every distinct score as a threshold
    const P = plot(pr, RW, RH, { left: 48, right: 12, top: 10, bottom: 40 }, [0, 1], [0, 1.05], { x: t.recall, y: t.precision, xTicks: 5, yTicks: 5 });
    const distinct = [...new Set(scores)].sort((a, b) => a - b);
    const curvePoints = distinct.map((th) => {
      const c = counts(th);
      return { recall: ratio(c.TP, c.TP + c.FN), precision: ratio(c.TP, c.TP + c.FP) };
    }).filter((p) => p.precision !== null && p.recall !== null);
    const pg = s("g", {}, pr);
    s("polyline", { points: curvePoints.map((p) => `${P.X(p.recall).toFixed(1)},${P.Y(p.precision).toFixed(1)}`).join(" "), class: "explorer-curve" }, pg);
    curvePoints.forEach((p) => s("circle", { cx: P.X(p.recall), cy: P.Y(p.precision), r: 3, class: "explorer-point" }, pg));
    const current = s("circle", { r: 7, class: "explorer-current" }, pr);

    function show(value) {
      return value === null ? t.undefined : fmt(value, 4);
    }

    function update() {
      const th = parseFloat(slider.value);
      const c = counts(th);
      const precision = ratio(c.TP, c.TP + c.FP);
      const recall = ratio(c.TP, c.TP + c.FN);
      const accuracy = (c.TP + c.TN) / n;
      const f1 = ratio(2 * c.TP, 2 * c.TP + c.FP + c.FN);
      shown.textContent = fmt(th, 2);
      for (const key of ["TP", "FN", "FP", "TN"]) cell[key].textContent = `${key} ${c[key]}`;
      metric.accuracy.textContent = `(TP + TN) / N = ${c.TP + c.TN}/${n} = ${fmt(accuracy, 4)}`;
      metric.precision.textContent = `TP / (TP + FP) = ${c.TP}/${c.TP + c.FP} = ${show(precision)}`;
      metric.recall.textContent = `TP / (TP + FN) = ${c.TP}/${c.TP + c.FN} = ${show(recall)}`;
      metric.f1.textContent = `2TP / (2TP + FP + FN) = ${2 * c.TP}/${2 * c.TP + c.FP + c.FN} = ${show(f1)}`;
      const f = Math.fround(th);
      for (const d of dotList) d.node.setAttribute("class", `${d.label === 1 ? "explorer-class1" : "explorer-class0"}${d.score >= f ? " explorer-positive" : ""}`);
      cut.setAttribute("x1", S.X(th));
      cut.setAttribute("x2", S.X(th));
      if (precision === null || recall === null) current.setAttribute("visibility", "hidden");
      else {
        current.setAttribute("visibility", "visible");
        current.setAttribute("cx", P.X(recall));
        current.setAttribute("cy", P.Y(precision));
      }
      slider.setAttribute("aria-valuetext", fmt(th, 2));
      status.textContent = fill(t.thresholdStatus, { t: fmt(th, 2), ...c, P: show(precision), R: show(recall) });
    }
    slider.addEventListener("input", update);
    update();
  }

  const EXPLORERS = { descent, sigmoid, threshold };

  function start(root) {
    if (root.dataset.ready) return;
    const kind = EXPLORERS[root.dataset.explorer];
    const source = root.querySelector('script[type="application/json"]');
    if (!kind || !source) return;
    root.dataset.ready = "true";
    const t = TEXT[root.dataset.lang] || TEXT[document.documentElement.lang] || TEXT.en;
    const data = JSON.parse(source.textContent);
    const body = h("div", { class: "explorer-body", role: "group", "aria-label": t[`${root.dataset.explorer}Title`] });
    root.append(body);
    kind(body, data, t);
  }

  function startAll() {
    document.querySelectorAll(".explorer[data-explorer]").forEach(start);
  }

  // Material's document$ emits on the first load and after every instant navigation.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(startAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
