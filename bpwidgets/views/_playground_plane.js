// The Playground's output over the input plane, drawn in the page from the network's weights.
//
// The kernel sends the weights (about 100 numbers for 2-8-8-1) and the data once; the page
// runs the forward pass on a grid itself, written operation for operation like nn.py
// (W @ a + b, then the activation), and a Node/browser test compares it with numpy.

export const EXTENT = 1.6;   // the plane shows inputs in [-EXTENT, EXTENT]
export const GRID = 100;     // grid cells per axis

// --- the maths (pure, exported for the tests) ------------------------------------------

// chain.sigmoid: e^-|z| never overflows
function sigmoid(z) {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

export const ACTIVATIONS = {
  sigmoid,
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  none: (z) => z,
};

// One column a through the layers: layers[k] = {W: rows, b: values}; activations[k] a name.
export function forwardOne(layers, activations, input) {
  let a = input;
  for (let k = 0; k < layers.length; k++) {
    const { W, b } = layers[k];
    const g = ACTIVATIONS[activations[k]];
    const next = new Array(W.length);
    for (let i = 0; i < W.length; i++) {
      const row = W[i];
      let z = 0;
      for (let j = 0; j < row.length; j++) z += row[j] * a[j];
      next[i] = g(z + b[i]);
    }
    a = next;
  }
  return a;
}

// The first output for each input point (points: arrays of n_in numbers).
export function forward(layers, activations, points) {
  return points.map((p) => forwardOne(layers, activations, p)[0]);
}

// The grid's centres, row by row from the top (y = +EXTENT) down.
export function gridPoints(n = GRID) {
  const points = [];
  for (let r = 0; r < n; r++) {
    const y = EXTENT - (r + 0.5) * (2 * EXTENT / n);
    for (let c = 0; c < n; c++) points.push([-EXTENT + (c + 0.5) * (2 * EXTENT / n), y]);
  }
  return points;
}

// Each output beside its target, for every training sample (the "outputs" view: data with several
// outputs, e.g. the lecture's (3, -2) -> (1, 4), whose one colour per point would show only one).
// -> [{sample, output, value, target}], samples first.
export function outputBars(layers, activations, xs, targets) {
  const bars = [];
  xs.forEach((x, s) => {
    const out = forwardOne(layers, activations, x);
    out.forEach((value, k) => bars.push({ sample: s, output: k, value, target: targets[s][k] }));
  });
  return bars;
}

// A value axis over `values` and 0, in round steps (1, 2 or 5 times a power of ten): {lo, hi, step}.
export function niceRange(values, ticks = 5) {
  const lo = Math.min(0, ...values), hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  const power = 10 ** Math.floor(Math.log10(span / ticks));
  const step = [1, 2, 5, 10].map((m) => m * power).find((v) => v * ticks >= span);
  return { lo: Math.floor(lo / step) * step, hi: Math.ceil(hi / step) * step, step };
}

// 4 significant digits, as the kernel's formulas show numbers; a true minus sign.
export function fmt(v) {
  return String(Number(v.toPrecision(4))).replace(/-/g, "\u2212");
}

// --- colour: label 0 orange, label 1 blue (Okabe-Ito, as style.py), white at 0.5 ----------

const ORANGE = [230, 159, 0];
const BLUE = [0, 114, 178];

function blend(p) {
  const t = Math.min(Math.max(p, 0), 1);
  const end = t < 0.5 ? ORANGE : BLUE;
  const w = Math.abs(t - 0.5) * 2 * 0.75;   // never fully saturated: the points stay visible
  return end.map((c) => Math.round(255 + (c - 255) * w));
}

// --- drawing ------------------------------------------------------------------------------

function makeCanvas(el, width, height) {
  const canvas = document.createElement("canvas");
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "img");
  canvas.className = "bp-playground-plane";
  el.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  ctx.scale(ratio, ratio);
  return { canvas, ctx };
}

function drawField(ctx, size, values, kind) {
  const image = ctx.createImageData(GRID, GRID);
  let lo = Infinity, hi = -Infinity;
  if (kind !== "classify") for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  values.forEach((v, i) => {
    const p = kind === "classify" ? v : (hi > lo ? (v - lo) / (hi - lo) : 0.5);
    const [r, g, b] = blend(p);
    image.data.set([r, g, b, 255], 4 * i);
  });
  const off = document.createElement("canvas");
  off.width = off.height = GRID;
  off.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, size, size);
}

function toPixel(x, y, size) {
  return [(x + EXTENT) / (2 * EXTENT) * size, (EXTENT - y) / (2 * EXTENT) * size];
}

function drawPoints(ctx, size, xs, ys, test, chosen) {
  xs.forEach((p, i) => {
    const [px, py] = toPixel(p[0], p[1], size);
    ctx.beginPath();
    ctx.arc(px, py, i === chosen ? 7 : 4, 0, 2 * Math.PI);
    ctx.fillStyle = ys[i] > 0.5 ? "#0072B2" : "#E69F00";
    ctx.strokeStyle = test ? "#ffffff" : "#000000";
    ctx.lineWidth = i === chosen ? 3 : 1;
    ctx.fill();
    ctx.stroke();
  });
}

// A 1-D regression: the curve y = f(x) over the data, both axes labelled.
function drawCurve(ctx, size, model) {
  const xs = [];
  for (let i = 0; i <= 200; i++) xs.push([-EXTENT + i * (2 * EXTENT / 200)]);
  const ys = forward(model.get("layers"), model.get("activations"), xs);
  const data = model.get("train_y").concat(model.get("test_y"));
  const lo = Math.min(...data, -1.2), hi = Math.max(...data, 1.2);
  const py = (y) => (hi - y) / (hi - lo) * size;
  const px = (x) => (x + EXTENT) / (2 * EXTENT) * size;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = "#bbbbbb";
  ctx.beginPath(); ctx.moveTo(0, py(0)); ctx.lineTo(size, py(0)); ctx.stroke();
  for (const [set, fill] of [["train", "#555555"], ["test", "#ffffff"]]) {
    model.get(`${set}_x`).forEach((x, i) => {
      ctx.beginPath();
      ctx.arc(px(x[0]), py(model.get(`${set}_y`)[i]), 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = fill; ctx.strokeStyle = "#000000"; ctx.lineWidth = 1;
      ctx.fill(); ctx.stroke();
    });
  }
  ctx.strokeStyle = "#D55E00";
  ctx.lineWidth = 3;
  ctx.beginPath();
  xs.forEach((x, i) => (i ? ctx.lineTo(px(x[0]), py(ys[i])) : ctx.moveTo(px(x[0]), py(ys[i]))));
  ctx.stroke();
}

// Several outputs: per sample, a bar for each output and a line at its target, numbers below.
function drawOutputs(ctx, size, model) {
  const xs = model.get("train_x");
  const names = model.get("output_names");
  const bars = outputBars(model.get("layers"), model.get("activations"), xs, model.get("targets"));
  const chosen = model.get("sample");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, size, size);
  ctx.fillStyle = "#000000";
  ctx.textAlign = "center";
  ctx.font = "bold 14px sans-serif";
  ctx.fillText("outputs and targets", size / 2, 20);
  ctx.font = "12px sans-serif";
  const point = (x) => `(${x.map(fmt).join(", ")})`;
  ctx.fillText(xs.length === 1 ? `for the sample x = ${point(xs[0])}` : `for samples 0 to ${xs.length - 1}`,
               size / 2, 37);
  const { lo, hi, step } = niceRange(bars.flatMap((b) => [b.value, b.target]));
  const left = 48, right = size - 10, top = 52, bottom = size - 80;
  const py = (v) => top + (hi - v) / (hi - lo) * (bottom - top);
  ctx.textAlign = "right";
  ctx.font = "11px sans-serif";
  for (let v = lo; v <= hi + step / 2; v += step) {
    ctx.strokeStyle = "#dddddd";
    ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(left, py(v)); ctx.lineTo(right, py(v)); ctx.stroke();
    ctx.fillStyle = "#555555";
    ctx.fillText(fmt(v), left - 4, py(v) + 4);
  }
  const slot = (right - left) / bars.length;
  ctx.textAlign = "center";
  bars.forEach((b, i) => {
    const mid = left + (i + 0.5) * slot;
    const faded = xs.length > 1 && b.sample !== chosen;
    ctx.fillStyle = faded ? "#99c6e0" : "#0072B2";
    ctx.fillRect(mid - 0.2 * slot, Math.min(py(0), py(b.value)), 0.4 * slot, Math.abs(py(b.value) - py(0)));
    ctx.strokeStyle = "#000000";
    ctx.lineWidth = 3;
    ctx.beginPath(); ctx.moveTo(mid - 0.32 * slot, py(b.target)); ctx.lineTo(mid + 0.32 * slot, py(b.target));
    ctx.stroke();
    const name = (names[b.output] || `output ${b.output}`) + (xs.length > 1 ? `, sample ${b.sample}` : "");
    ctx.fillStyle = "#000000";
    ctx.font = "bold 13px sans-serif";
    ctx.fillText(name, mid, bottom + 18);
    ctx.font = "12px sans-serif";
    ctx.fillText(`output ${fmt(b.value)}`, mid, bottom + 34);
    ctx.fillText(`target ${fmt(b.target)}`, mid, bottom + 49);
  });
  ctx.strokeStyle = "#000000";
  ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(left, py(0)); ctx.lineTo(right, py(0)); ctx.stroke();
  // the legend, bottom right (the caption "step N" sits bottom left)
  ctx.textAlign = "left";
  ctx.font = "12px sans-serif";
  ctx.fillStyle = "#0072B2";
  ctx.fillRect(size - 160, size - 16, 12, 12);
  ctx.fillStyle = "#000000";
  ctx.fillText("output", size - 144, size - 6);
  ctx.lineWidth = 3;
  ctx.beginPath(); ctx.moveTo(size - 90, size - 10); ctx.lineTo(size - 72, size - 10); ctx.stroke();
  ctx.fillText("target", size - 66, size - 6);
}

function draw(ctx, model) {
  const size = model.get("size");
  const t0 = performance.now();
  const view = model.get("view");
  if (view === "outputs") {
    drawOutputs(ctx, size, model);
  } else if (view === "curve") {
    drawCurve(ctx, size, model);
  } else {
    const values = forward(model.get("layers"), model.get("activations"), gridPoints());
    drawField(ctx, size, values, model.get("kind"));
    drawPoints(ctx, size, model.get("train_x"), model.get("train_y"), false, model.get("sample"));
    drawPoints(ctx, size, model.get("test_x"), model.get("test_y"), true, -1);
  }
  ctx.fillStyle = "#000000";
  ctx.font = "13px sans-serif";
  ctx.fillText(model.get("caption"), 6, size - 6);
  return performance.now() - t0;
}

export default {
  render({ model, el }) {
    const size = model.get("size");
    const { canvas, ctx } = makeCanvas(el, size, size);
    let pending = false;
    let paints = 0;
    const repaint = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const ms = draw(ctx, model);
        canvas.setAttribute("aria-label", model.get("description"));
        canvas.dataset.revision = String(model.get("revision"));
        canvas.dataset.view = model.get("view");
        canvas.dataset.drawMs = ms.toFixed(2);
        canvas.dataset.paints = String(++paints);   // every repaint, also one the kernel did not ask for
      });
    };
    // what the tests call: the page's own forward pass on given points
    el.bpForward = (layers, activations, points) => forward(layers, activations, points);
    el.classList.add("bp-playground-plane-view");
    model.on("change:revision", repaint);
    model.on("change:size", repaint);
    model.on("change:sample", repaint);   // linked to the sample slider in the page: no kernel round trip
    repaint();
    return () => model.off("change:revision", repaint);
  },
};
