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

function draw(ctx, model) {
  const size = model.get("size");
  const t0 = performance.now();
  if (model.get("n_in") === 1) {
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
