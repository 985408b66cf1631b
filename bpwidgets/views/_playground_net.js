// The Playground's network diagram, loss curve and per-layer gradient sizes, drawn in the page.
//
// The kernel sends numbers only (weights, the chosen sample's activations and deltas, the curves,
// a few KB per step); the page draws them as one SVG. A click on a neuron or an edge sets
// `chosen`, which the kernel answers with that neuron's or edge's formula.

export const WIDTH = 760;
export const HEIGHT = 580;
export const DIAGRAM = { left: 100, right: WIDTH - 130, top: 44, bottom: 330 };   // room for labels both sides
export const CHARTS = [
  { key: "loss", x0: 62, y0: 378, w: 290, h: 150 },
  { key: "norms", x0: 452, y0: 378, w: 290, h: 150 },
];
export const BLUE = "#0072B2";
export const VERMILLION = "#D55E00";
export const ORANGE = "#E69F00";
export const LAYER_COLOURS = [BLUE, VERMILLION, "#009E73", ORANGE];
// numbers on the edges only in small networks (the lecture's 2-3-2): at most 3 neurons a layer, 3 layers
export const EDGE_LABELS_UP_TO = 3;

export function edgeNumbers(sizes) {
  return Math.max(...sizes) <= EDGE_LABELS_UP_TO && sizes.length <= EDGE_LABELS_UP_TO;
}
export const GRAD_FLOOR = 1e-12;      // a norm of 0 (dead ReLUs) sits at the bottom of the log axis

// --- numbers and layout (pure, exported for the tests) ------------------------------------

// 3 significant digits, a true minus sign, never "-0".
export function fmt3(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return String(v);
  const r = Number(v.toPrecision(3));
  return (r === 0 ? "0" : String(r)).replace(/-/g, "\u2212");
}

// (x, y) of every neuron: layer l at an even spacing left to right, its neurons centred, first on top.
export function positions(sizes) {
  const columns = sizes.length;
  const spacing = Math.min(64, (DIAGRAM.bottom - DIAGRAM.top) / Math.max(...sizes));
  const middle = (DIAGRAM.top + DIAGRAM.bottom) / 2;
  return sizes.map((n, l) => {
    const x = DIAGRAM.left + (columns > 1 ? l * (DIAGRAM.right - DIAGRAM.left) / (columns - 1) : 0);
    return Array.from({ length: n }, (_, i) => [x, middle + (i - (n - 1) / 2) * spacing]);
  });
}

export function neuronRadius(sizes) {
  return Math.min(15, 0.36 * Math.min(64, (DIAGRAM.bottom - DIAGRAM.top) / Math.max(...sizes)));
}

// An edge's colour (blue positive, vermillion negative) and width (0.5 to 5 px, the biggest |w| widest).
export function edgeStyle(w, biggest) {
  return { colour: w >= 0 ? BLUE : VERMILLION, width: 0.5 + 4.5 * Math.abs(w) / Math.max(biggest, 1e-12) };
}

// A neuron's fill from its activation: orange at -1, white at 0, blue at +1 (as the plane's colours).
export function neuronFill(a) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(a) ? a : 0));
  const end = t < 0 ? [230, 159, 0] : [0, 114, 178];
  const w = Math.abs(t);
  const [r, g, b] = end.map((c) => Math.round(255 + (c - 255) * w));
  return `rgb(${r},${g},${b})`;
}

// The smallest of 1, 2, 5 x 10^k >= value (value > 0), as the kernel's _nice_ceil.
export function niceCeil(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => Number((m * power).toPrecision(12))).find((v) => v >= value * (1 - 1e-12));
}

// The log axis of the gradient norms: whole decades around the values, at least one decade.
export function logRange(values) {
  const shown = values.filter((v) => Number.isFinite(v)).map((v) => Math.max(v, GRAD_FLOOR));
  if (!shown.length) return { lo: -3, hi: 0 };
  const lo = Math.floor(Math.log10(Math.min(...shown)));
  return { lo, hi: Math.max(Math.ceil(Math.log10(Math.max(...shown))), lo + 1) };
}

// A decade's label: 0.001, 0.01, 0.1, 1, 10, 100, 1000; beyond, 1e-6 and 1e+6.
export function decade(k) {
  return k >= -3 && k <= 3 ? String(Number((10 ** k).toPrecision(1))) : `1e${k > 0 ? "+" : "\u2212"}${Math.abs(k)}`;
}

// Ticks of a linear axis from 0 to top (a niceCeil value): 0 and 4 or 5 round steps.
export function linearTicks(top) {
  const step = niceCeil(top / 5);
  const ticks = [];
  for (let v = 0; v <= top * (1 + 1e-9); v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function layerName(l, count) {
  return l === 0 ? "inputs" : l === count - 1 ? "output" : `hidden ${l}`;
}

// --- drawing (one SVG string per repaint) -----------------------------------------------

function esc(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function label(x, y, text, { size = 12, anchor = "start", weight = "normal", colour = "#000", cls = "" } = {}) {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" text-anchor="${anchor}" ` +
    `font-weight="${weight}" fill="${colour}" class="${cls}" pointer-events="none">${esc(text)}</text>`;
}

function diagramSvg(m) {
  const sizes = m.sizes, pos = positions(sizes), r = neuronRadius(sizes);
  const weights = m.weights, chosen = m.chosen;
  const biggest = Math.max(1e-12, ...weights.flatMap((layer) => layer.W.flat().map(Math.abs)));
  const numbers = edgeNumbers(sizes);
  const parts = [];
  sizes.forEach((n, l) => parts.push(label(pos[l][0][0], 22, layerName(l, sizes.length),
                                           { size: 13, anchor: "middle", weight: "bold" })));
  const edgeLabels = [], highlight = [];
  for (let l = 1; l < sizes.length; l++) {
    const W = weights[l - 1].W;
    for (let i = 0; i < sizes[l]; i++) {
      for (let j = 0; j < sizes[l - 1]; j++) {
        const [x0, y0] = pos[l - 1][j], [x1, y1] = pos[l][i];
        const id = `w${l}.${i}.${j}`;
        const { colour, width } = edgeStyle(W[i][j], biggest);
        const line = `x1="${x0.toFixed(1)}" y1="${y0.toFixed(1)}" x2="${x1.toFixed(1)}" y2="${y1.toFixed(1)}"`;
        // the chosen edge: orange over every edge (in a 2-8-8-8-1 it would hide among them)
        if (id === chosen) highlight.push(`<line ${line} stroke="${ORANGE}" stroke-width="7" stroke-opacity="0.85" ` +
                                          `class="bp-chosen" pointer-events="none"/>`);
        parts.push(`<line ${line} stroke="${colour}" stroke-width="${width.toFixed(2)}" class="bp-edge" data-id="${id}"/>`);
        // a wide invisible line on top: an edge is easy to click
        parts.push(`<line ${line} stroke="transparent" stroke-width="12" data-id="${id}" style="cursor:pointer"/>`);
        if (numbers) {
          // edges into different neurons get their numbers at different places along them: where
          // two edges cross (the 2-3-2's middle) their numbers do not
          const t = sizes[l] > 1 ? 0.35 + 0.35 * i / (sizes[l] - 1) : 0.5;
          const dW = m.dW[l - 1][i][j];
          edgeLabels.push(label(x0 + t * (x1 - x0), y0 + t * (y1 - y0) + 4,
                                `${fmt3(W[i][j])} (\u2202C/\u2202w ${fmt3(dW)})`,
                                { size: 11, anchor: "middle", cls: "bp-halo bp-edge-label" }));
        }
      }
    }
  }
  parts.push(...highlight, ...edgeLabels);
  sizes.forEach((n, l) => pos[l].forEach(([x, y], i) => {
    const id = l > 0 ? `n${l}.${i}` : "";
    const a = m.activations[l][i];
    const ring = id && id === chosen ? `stroke="${ORANGE}" stroke-width="5"` : `stroke="#000" stroke-width="1.2"`;
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="${neuronFill(a)}" ${ring} ` +
               `class="bp-neuron"${id ? ` data-id="${id}" style="cursor:pointer"` : ""}/>`);
    const lines = [`a=${fmt3(a)}`].concat(l > 0 ? [`\u03b4=${fmt3(m.deltas[l - 1][i])}`] : []);
    const top = y - (lines.length - 1) * 7 + 4;
    // the inputs' numbers on their left, clear of the edges leaving them
    const [lx, anchor] = l === 0 ? [x - r - 4, "end"] : [x + r + 4, "start"];
    lines.forEach((text, k) => parts.push(label(lx, top + 14 * k, text,
                                                { size: 12, anchor, cls: "bp-halo bp-neuron-label" })));
  }));
  return parts.join("");
}

// One chart: axes, ticks, a title, lines [{points: [[x, y]...], colour, dash, name}], a legend.
function chartSvg(box, { title, xmax, ymin, ymax, log, yticks, lines }) {
  const { x0, y0, w, h } = box;
  const px = (x) => x0 + (x / xmax) * w;
  const py = (y) => y0 + h - ((log ? Math.log10(y) - ymin : y - ymin) / (ymax - ymin)) * h;
  const parts = [label(x0 + w / 2, y0 - 8, title, { size: 13, anchor: "middle", weight: "bold" })];
  parts.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#000" stroke-width="1"/>`);
  for (const [value, text] of yticks) {
    const y = y0 + h - ((value - ymin) / (ymax - ymin)) * h;
    parts.push(`<line x1="${x0 - 4}" y1="${y.toFixed(1)}" x2="${x0}" y2="${y.toFixed(1)}" stroke="#000"/>`);
    parts.push(label(x0 - 6, y + 4, text, { size: 11, anchor: "end" }));
  }
  for (const x of linearTicks(xmax)) {
    parts.push(`<line x1="${px(x).toFixed(1)}" y1="${y0 + h}" x2="${px(x).toFixed(1)}" y2="${y0 + h + 4}" stroke="#000"/>`);
    parts.push(label(px(x), y0 + h + 17, String(x), { size: 11, anchor: "middle" }));
  }
  parts.push(label(x0 + w / 2, y0 + h + 34, "step", { size: 12, anchor: "middle" }));
  parts.push(`<clipPath id="${box.key}-clip"><rect x="${x0}" y="${y0}" width="${w}" height="${h}"/></clipPath>`);
  lines.forEach((line, k) => {
    const d = line.points.map(([x, y], n) => `${n ? "L" : "M"}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join("");
    // one point (after the first step) is a dot: a path of one point draws nothing
    if (line.points.length === 1) parts.push(`<circle cx="${px(line.points[0][0]).toFixed(1)}" ` +
                                             `cy="${py(line.points[0][1]).toFixed(1)}" r="3" fill="${line.colour}"/>`);
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${line.colour}" stroke-width="2" ` +
                      `${line.dash ? 'stroke-dasharray="6 4"' : ""} clip-path="url(#${box.key}-clip)" ` +
                      `class="bp-curve" data-name="${esc(line.name)}" data-points="${line.points.length}"/>`);
    const ly = y0 + 14 + 15 * k;
    parts.push(`<line x1="${x0 + w - 78}" y1="${ly - 4}" x2="${x0 + w - 58}" y2="${ly - 4}" stroke="${line.colour}" ` +
               `stroke-width="2" ${line.dash ? 'stroke-dasharray="6 4"' : ""}/>`);
    parts.push(label(x0 + w - 54, ly, line.name, { size: 11, cls: "bp-halo" }));
  });
  return parts.join("");
}

// The two charts' settings from the curves: [loss chart, norms chart].
export function charts(m) {
  const steps = m.curve_steps, last = steps.length ? steps[steps.length - 1] : 0;
  const xmax = niceCeil(Math.max(last, 10));
  const finite = (values) => values.filter((v) => v !== null && Number.isFinite(v));
  const top = niceCeil(Math.max(...finite(m.train), ...finite(m.test), 0) || 1);
  const pair = (xs, ys) => xs.map((x, n) => [x, ys[n]]).filter(([, y]) => y !== null && Number.isFinite(y));
  const loss = {
    title: "loss", xmax, ymin: 0, ymax: top, log: false,
    yticks: linearTicks(top).map((v) => [v, String(v)]),
    lines: [{ points: pair(steps, m.train), colour: BLUE, name: "train" }]
      .concat(finite(m.test).length ? [{ points: pair(steps, m.test), colour: VERMILLION, dash: true, name: "test" }] : []),
  };
  const { lo, hi } = logRange(m.norms.flat());
  const decades = [];
  const every = Math.ceil((hi - lo) / 6);   // at most about 6 labelled decades
  for (let k = lo; k <= hi; k += every) decades.push([k, decade(k)]);
  const norms = {
    title: "||dW|| per layer", xmax, ymin: lo, ymax: hi, log: true, yticks: decades,
    lines: m.norms.map((values, k) => ({
      points: m.norm_steps.map((x, n) => [x, Math.max(values[n], GRAD_FLOOR)]).filter(([, y]) => Number.isFinite(y)),
      colour: LAYER_COLOURS[k % 4], name: `layer ${k + 1}`,
    })),
  };
  return [loss, norms];
}

export function svgOf(m) {
  const [loss, norms] = charts(m);
  // as wide as the page allows, up to WIDTH: smaller, never cut, on a narrow notebook
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" style="width: 100%; height: auto; display: block" ` +
    `font-family="sans-serif" role="img" aria-label="${esc(m.description).replace(/"/g, "&quot;")}">` +
    `<style>.bp-halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }</style>` +
    diagramSvg(m) + chartSvg(CHARTS[0], loss) + chartSvg(CHARTS[1], norms) + "</svg>";
}

const FIELDS = ["sizes", "weights", "dW", "activations", "deltas", "chosen", "curve_steps", "train", "test",
                "norm_steps", "norms", "description"];

export default {
  render({ model, el }) {
    el.classList.add("bp-playground-net-view");
    const holder = document.createElement("div");
    holder.className = "bp-playground-net";
    holder.style.width = `${WIDTH}px`;
    holder.style.maxWidth = "100%";
    el.appendChild(holder);
    let pending = false;
    let paints = 0;
    const repaint = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const t0 = performance.now();
        const m = Object.fromEntries(FIELDS.map((name) => [name, model.get(name)]));
        holder.innerHTML = m.sizes.length ? svgOf(m) : "";
        holder.dataset.revision = String(model.get("revision"));
        holder.dataset.chosen = m.chosen;
        holder.dataset.drawMs = (performance.now() - t0).toFixed(2);
        holder.dataset.paints = String(++paints);
      });
    };
    // a click on a neuron or an edge chooses it: ringed at once, its formula from the kernel
    const choose = (event) => {
      const target = event.target.closest("[data-id]");
      if (!target) return;
      model.set("chosen", target.dataset.id);
      model.save_changes();
      repaint();
    };
    holder.addEventListener("click", choose);
    model.on("change:revision", repaint);
    model.on("change:chosen", repaint);
    repaint();
    return () => {
      model.off("change:revision", repaint);
      model.off("change:chosen", repaint);
      holder.removeEventListener("click", choose);
    };
  },
};
