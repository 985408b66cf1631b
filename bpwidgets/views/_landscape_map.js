// The cost landscape drawn in the page: a contour map and a 3-D surface of C over two weights.
//
// The page computes the surface (80 x 80 costs, a few milliseconds) and the gradient-descent
// path (microseconds) itself from the network's numbers, so a slider bound to the map
// repaints it within a frame, without a round trip to the kernel. The maths below copies bpwidgets/chain.py and
// bpwidgets/slices.py operation for operation: a browser test checks it against numpy.

// --- the maths (pure functions, exported for the tests) ------------------------------

export const GRID = 80;               // grid points per axis (slices.GRID)
export const HALF_WIDTH = 3.0;        // a window shows each weight +- this much (slices.HALF_WIDTH)
export const DIVERGENCE_COST = 1e6;   // chain.DIVERGENCE_COST
export const FIRST_GUESS = { w0: 2.0, w1: 1.0, w2: 0.5 };   // chain.LECTURE_FIRST_GUESS
export const WEIGHT_RANGE = [-6.0, 6.0];                     // a click stays within the sliders (state.WEIGHT_RANGE)
const FLAT_TOP = 1e-6;                                       // landscape.FLAT_TOP
const WEIGHTS = ["w0", "w1", "w2"];

// e^x rounded correctly. Math.exp is one bit off the kernel's exp (glibc, which numpy uses
// too) for several arguments in a hundred, and a path that bounces on a steep slope magnifies
// that bit; this exp agrees with glibc's in all but about one case in a thousand (where glibc
// is the one off).
// e^x = 2^m * 2^(j/256) * e^r: the table holds 2^(j/256) in double-double, |r| < 0.0014,
// and the sum is kept in two doubles until the one final rounding.
const LN2_256 = [0.0027076061737716373, 2.9064910585985925e-13, -5.1268353194473654e-30];  // ln2/256 in 3 parts
const SPLIT = 134217729;   // 2^27 + 1: Dekker's splitter

function twoSum(a, b) {   // a + b = s + e exactly
  const s = a + b, bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function twoProd(a, b) {  // a * b = p + e exactly
  const p = a * b;
  const ca = SPLIT * a, ah = ca - (ca - a), al = a - ah;
  const cb = SPLIT * b, bh = cb - (cb - b), bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
function ddMul([ah, al], [bh, bl]) {
  const [p, e] = twoProd(ah, bh);
  return twoSum(p, e + ah * bl + al * bh);
}
function ddSqrt([ah, al]) {  // one Newton step from the double square root
  const y = Math.sqrt(ah);
  const [p, e] = twoProd(y, y);
  return twoSum(y, ((ah - p) - e + al) / (2 * y));
}
const POW2_TABLE = (() => {   // 2^(j/256), j = 0..255
  let root = [2, 0];
  for (let k = 0; k < 8; k++) root = ddSqrt(root);
  const table = [[1, 0]];
  for (let j = 1; j < 256; j++) table.push(ddMul(table[j - 1], root));
  return table;
})();

const TABLE_HI = Float64Array.from(POW2_TABLE, (t) => t[0]);
const TABLE_LO = Float64Array.from(POW2_TABLE, (t) => t[1]);
const [L1, L2, L3] = LN2_256;

// twoSum and twoProd written out with plain numbers: the surface calls this 12 800 times.
export function exp(x) {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.2) return 0;
  const n = Math.round(x * 369.3299304675746);   // x / (ln2/256)
  const j = n & 255, m = (n - j) / 256;
  // n * L2 = ph + pl exactly
  const ph = n * L2;
  const cn = SPLIT * n, nh = cn - (cn - n), nl = n - nh;
  const cl = SPLIT * L2, lh = cl - (cl - L2), ll = L2 - lh;
  const pl = ((nh * lh - ph) + nh * ll + nl * lh) + nl * ll;
  // r = (x - n * L1) - n * L2 - n * L3, as r0 + r1 (x - n * L1 is exact)
  const d = x - n * L1;
  const r0 = d - ph;
  const bb = r0 - d;
  const r1 = ((d - (r0 - bb)) + (-ph - bb)) - pl - n * L3;
  const r = r0 + r1, rl = r1 - (r - r0);
  const p = r * r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r / 5040)))));
  const th = TABLE_HI[j], tl = TABLE_LO[j];
  // th * r = a + ae exactly, th + a = s + se exactly
  const a = th * r;
  const ct = SPLIT * th, thh = ct - (ct - th), thl = th - thh;
  const cr = SPLIT * r, rh = cr - (cr - r), rr = r - rh;
  const ae = ((thh * rh - a) + thh * rr + thl * rh) + thl * rr;
  const s = th + a, sb = s - th;
  const se = (th - (s - sb)) + (a - sb);
  const value = s + (se + ae + tl + tl * r + th * (rl + p));
  // 2^m in two factors, so that neither overflows nor underflows on its own
  const half = Math.trunc(m / 2);
  return value * 2 ** half * 2 ** (m - half);
}

// S(x) = 1 / (1 + e^-x), written as chain.sigmoid so that e^-|x| never overflows.
export function sigmoid(x) {
  if (x >= 0) return 1.0 / (1.0 + exp(-x));
  const z = exp(x);
  return z / (1.0 + z);
}

export function forward(w0, w1, w2, s0) {
  const x1 = w0 * s0;
  const s1 = sigmoid(x1);
  const x2 = w1 * s1;
  const s2 = sigmoid(x2);
  return { x1, s1, x2, s2, out: w2 * s2 };
}

// C = 1/2 (target - out)^2 (d * d: numpy squares exactly so)
export function halfSquaredError(out, target) {
  const d = target - out;
  return 0.5 * (d * d);
}

// [dC/dw0, dC/dw1, dC/dw2]: chain.backward_pass, in the same order of operations.
export function gradient(w0, w1, w2, s0, target) {
  const f = forward(w0, w1, w2, s0);
  const dout = f.out - target;
  const ds2 = dout * w2;
  const dx2 = ds2 * f.s2 * (1.0 - f.s2);
  const ds1 = dx2 * w1;
  const dx1 = ds1 * f.s1 * (1.0 - f.s1);
  return [dx1 * s0, dx2 * f.s1, dout * f.s2];
}

// chain.gradient_descent without an optimizer: {weights: [[w0, w1, w2], ...], costs, divergedAt}.
export function gradientDescent(net, alpha, steps) {
  const { s0, target } = net;
  let w = [net.w0, net.w1, net.w2];
  const weights = [w];
  const costs = [halfSquaredError(forward(w[0], w[1], w[2], s0).out, target)];
  let divergedAt = null;
  for (let k = 1; k <= steps; k++) {
    const g = gradient(w[0], w[1], w[2], s0, target);
    w = [w[0] - alpha * g[0], w[1] - alpha * g[1], w[2] - alpha * g[2]];
    const cost = halfSquaredError(forward(w[0], w[1], w[2], s0).out, target);
    if (!(w.every(Number.isFinite) && Number.isFinite(cost) && cost < DIVERGENCE_COST)) {
      divergedAt = k;   // the first step whose cost is not finite or blew up (not kept)
      break;
    }
    weights.push(w);
    costs.push(cost);
  }
  return { weights, costs, divergedAt };
}

// numpy.linspace(lo, hi, n): i * step + lo, the last point exactly hi.
export function linspace(lo, hi, n) {
  const step = (hi - lo) / (n - 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = i * step + lo;
  values[n - 1] = hi;
  return values;
}

// slices.window: the 6 x 6 tile, aligned on the first guess, that holds (x, y).
export function mapWindow(xWeight, yWeight, x, y) {
  const tile = (centre, value) => {
    const k = Math.floor((value - centre) / (2 * HALF_WIDTH) + 0.5);
    const lo = centre + 2 * HALF_WIDTH * k - HALF_WIDTH;
    return [lo, lo + 2 * HALF_WIDTH];
  };
  return [...tile(FIRST_GUESS[xWeight], x), ...tile(FIRST_GUESS[yWeight], y)];
}

// chain.cost_surface: costs[j * xs.length + i] = C at (xs[i], ys[j]), the third weight held.
// out = w2 * s2 and s2 = S(w1 S(w0 s0)) depends on w0 and w1 only, so s2 is computed once per
// distinct (w0, w1) of the grid (80 sigmoids, not 12 800, for the default C(w1, w2)): the same
// operations on the same numbers as forward() at every point.
export function costSurface(net, xWeight, yWeight, xs, ys) {
  const costs = new Float64Array(xs.length * ys.length);
  const w = { w0: net.w0, w1: net.w1, w2: net.w2 };
  const alongX = xWeight !== "w2", alongY = yWeight !== "w2";   // does s2 change along that axis?
  const nx = alongX ? xs.length : 1, ny = alongY ? ys.length : 1;
  const s2 = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    if (alongY) w[yWeight] = ys[j];
    for (let i = 0; i < nx; i++) {
      if (alongX) w[xWeight] = xs[i];
      s2[j * nx + i] = forward(w.w0, w.w1, w.w2, net.s0).s2;
    }
  }
  for (let j = 0; j < ys.length; j++) {
    w[yWeight] = ys[j];
    for (let i = 0; i < xs.length; i++) {
      w[xWeight] = xs[i];
      const out = w.w2 * s2[(alongY ? j : 0) * nx + (alongX ? i : 0)];
      costs[j * xs.length + i] = halfSquaredError(out, net.target);
    }
  }
  return costs;
}

// Everything one picture needs, from the widget's values; the surface of `previous` is
// reused when the slice is the same (moving a plotted weight within its tile).
export function landscape(v, previous = null) {
  const net = { w0: v.w0, w1: v.w1, w2: v.w2, s0: v.s0, target: v.target };
  const [xLo, xHi, yLo, yHi] = mapWindow(v.x_weight, v.y_weight, net[v.x_weight], net[v.y_weight]);
  const held = WEIGHTS.find((w) => w !== v.x_weight && w !== v.y_weight);
  const key = JSON.stringify([v.x_weight, v.y_weight, net[held], net.s0, net.target, xLo, yLo]);
  let surface = previous && previous.surface.key === key ? previous.surface : null;
  if (!surface) {
    const xs = linspace(xLo, xHi, GRID), ys = linspace(yLo, yHi, GRID);
    const costs = costSurface(net, v.x_weight, v.y_weight, xs, ys);
    let max = 0;
    for (const c of costs) max = Math.max(max, c);
    // top: as landscape.static_figure, a little above the highest cost, and never below
    // FLAT_TOP (a nearly flat slice would have no scale)
    surface = { key, xs, ys, costs, top: Math.max(max * 1.0001, FLAT_TOP), bands: null };
  }
  const path = v.show_descent ? gradientDescent(net, v.alpha, v.steps) : null;
  return {
    net, held, surface, xs: surface.xs, ys: surface.ys, costs: surface.costs, top: surface.top,
    box: { xLo, xHi, yLo, yHi },
    path,
    start: [net[v.x_weight], net[v.y_weight]],
    startCost: halfSquaredError(forward(net.w0, net.w1, net.w2, net.s0).out, net.target),
  };
}

// --- colours: viridis on a square-root scale ----------------------------------------

// matplotlib's viridis at 33 evenly spaced points (baked in: nothing is fetched)
const VIRIDIS = ["440154", "470d60", "48186a", "482374", "472d7b", "453781", "424086", "3e4989", "3b528b", "375b8d", "33638d",
  "2f6b8e", "2c728e", "297a8e", "26828e", "23898e", "21918c", "1f988b", "1fa088", "22a785", "28ae80", "32b67a",
  "3fbc73", "4ec36b", "5ec962", "70cf57", "84d44b", "98d83e", "addc30", "c2df23", "d8e219", "ece51b", "fde725"]
  .map((hex) => [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)));

export function viridis(t) {
  const u = Math.min(Math.max(t, 0), 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(u), VIRIDIS.length - 2);
  const f = u - i;
  return VIRIDIS[i].map((c, k) => Math.round(c + f * (VIRIDIS[i + 1][k] - c)));
}

export const BANDS = 20;   // levels top * (k / 20)^2: the bands are even on a square-root scale

// Each band's colour (as matplotlib's contourf with PowerNorm(0.5)).
const BAND_COLOURS = Array.from({ length: BANDS }, (_, k) =>
  viridis(Math.sqrt(((k / BANDS) ** 2 + ((k + 1) / BANDS) ** 2) / 2)));

// About `count` round tick values from lo to hi (1, 2, 2.5 or 5 times a power of ten apart).
export function niceTicks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

// [value, text] of the ticks from lo to hi: enough digits to tell neighbours apart (a window
// at w1 = 1000000 is 1000000 to 1000006), and fewer ticks when their labels are that long.
export function tickLabels(lo, hi, count) {
  let ticks = niceTicks(lo, hi, count);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  const biggest = Math.max(Math.abs(lo), Math.abs(hi), step);
  const digits = Math.min(15, Math.max(4, Math.floor(Math.log10(biggest)) - Math.floor(Math.log10(step)) + 1));
  if (digits > 5 && count > 3) ticks = niceTicks(lo, hi, 3);
  return ticks.map((t) => [t, fmt(t, digits)]);
}

// A number as text that is read (labels, ticks, the aria-label), as bpwidgets.numbers.rounded_text:
// `digits` significant digits, never "-0" (Number(-0).toString() is "0"), negatives with "−".
function fmt(x, digits = 4) {
  return Number(x.toPrecision(digits)).toString().replaceAll("-", "\u2212");
}

// --- drawing ------------------------------------------------------------------------------

const FONT = "16px sans-serif";    // read from the back of a lecture room
const SMALL = "15px sans-serif";
const INK = "#222";
const STAR = "red";         // the landscape's star, as style.STAR, black edge
const MARBLE = "#E69F00";   // Okabe-Ito orange
const WARNING = "#B2182B";

// A canvas sized in CSS pixels and drawn at the screen's resolution.
function sizedCanvas(canvas, width, height) {
  const ratio = globalThis.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);   // a new size reallocates the canvas: only when it changes
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, ratio };
}

function star(ctx, x, y, r) {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    const rr = k % 2 ? r * 0.45 : r;
    ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
  }
  ctx.closePath();
  ctx.fillStyle = STAR;
  ctx.fill();
  ctx.lineWidth = 1.2;
  ctx.strokeStyle = "black";
  ctx.stroke();
}

function marker(ctx, shape, x, y, r, fill, edge = "white") {
  ctx.beginPath();
  if (shape === "s") ctx.rect(x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r);
  else if (shape === "^") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8); ctx.closePath(); }
  else ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = edge;
  ctx.stroke();
}

function label(ctx, text, x, y, align = "center", base = "middle", font = FONT, colour = INK) {
  ctx.font = font;
  ctx.fillStyle = colour;
  ctx.textAlign = align;
  ctx.textBaseline = base;
  ctx.fillText(text, x, y);
}

// A message in a box at the top of the plot (divergence, a path leaving the map).
function banner(ctx, text, x, y, colour) {
  ctx.font = FONT;
  const w = ctx.measureText(text).width + 12;
  ctx.fillStyle = "rgba(255, 255, 255, 0.92)";
  ctx.fillRect(x - w / 2, y, w, 22);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  ctx.strokeRect(x - w / 2, y, w, 22);
  label(ctx, text, x, y + 11, "center", "middle", FONT, colour);
}

// The plot's rectangle inside the map canvas and the two scales.
function mapFrame(width, height, box, extraBottom) {
  const plot = { left: 60, top: 34, right: width - 92, bottom: height - 48 - extraBottom };
  const sx = (x) => plot.left + ((x - box.xLo) / (box.xHi - box.xLo)) * (plot.right - plot.left);
  const sy = (y) => plot.bottom - ((y - box.yLo) / (box.yHi - box.yLo)) * (plot.bottom - plot.top);
  const dataX = (px) => box.xLo + ((px - plot.left) / (plot.right - plot.left)) * (box.xHi - box.xLo);
  const dataY = (py) => box.yLo + ((plot.bottom - py) / (plot.bottom - plot.top)) * (box.yHi - box.yLo);
  return { plot, sx, sy, dataX, dataY };
}


// Each band's colour as one 32-bit RGBA pixel (written in the platform's byte order).
const BAND_PIXELS = (() => {
  const pixels = new Uint32Array(BANDS);
  new Uint8ClampedArray(pixels.buffer).set(BAND_COLOURS.flatMap(([r, g, b]) => [r, g, b, 255]));
  return pixels;
})();

// The filled contour bands, one colour per pixel of the plot: drawn once per surface and size
// into a canvas of their own, then copied on every repaint. `rough` (during a drag that changes
// the surface): one colour per ROUGH x ROUGH pixels, stretched; the exact picture once still.
export const ROUGH = 2;
function drawBands(ctx, ratio, frame, scene, rough = false) {
  const { plot } = frame;
  const fullW = Math.round((plot.right - plot.left) * ratio), fullH = Math.round((plot.bottom - plot.top) * ratio);
  const cached = scene.surface.bands;
  const fits = cached && cached.fullW === fullW && cached.fullH === fullH && (rough || !cached.rough);
  if (!fits) {
    const w = rough ? Math.ceil(fullW / ROUGH) : fullW, h = rough ? Math.ceil(fullH / ROUGH) : fullH;
    const image = new ImageData(w, h);
    const pixels = new Uint32Array(image.data.buffer);
    // the grid's bilinear interpolation at each pixel's centre, then its band; what a column
    // and a row share is computed once
    const { costs, top } = scene;
    const is = new Int32Array(w), fus = new Float64Array(w);
    for (let px = 0; px < w; px++) {
      const u = ((px + 0.5) / w) * (GRID - 1);
      is[px] = Math.min(Math.floor(u), GRID - 2);
      fus[px] = u - is[px];
    }
    for (let py = 0; py < h; py++) {
      const v = (1 - (py + 0.5) / h) * (GRID - 1);
      const j = Math.min(Math.floor(v), GRID - 2), fv = v - j, row = j * GRID, next = row + GRID;
      for (let px = 0; px < w; px++) {
        const i = is[px], fu = fus[px];
        const cost = (costs[row + i] * (1 - fu) + costs[row + i + 1] * fu) * (1 - fv) +
          (costs[next + i] * (1 - fu) + costs[next + i + 1] * fu) * fv;
        const band = Math.floor(BANDS * Math.sqrt((cost > 0 ? cost : 0) / top));
        pixels[py * w + px] = BAND_PIXELS[band > BANDS - 1 ? BANDS - 1 : band];
      }
    }
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    canvas.getContext("2d").putImageData(image, 0, 0);
    scene.surface.bands = Object.assign(canvas, { fullW, fullH, rough });
  }
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.imageSmoothingEnabled = false;   // a rough picture's blocks keep the bands' own colours
  ctx.drawImage(scene.surface.bands, Math.round(plot.left * ratio), Math.round(plot.top * ratio), fullW, fullH);
  ctx.restore();
}

// Marching squares: line segments where `field` (on the grid) crosses `level`.
export function contourSegments(field, level) {
  const segments = [];
  const at = (i, j) => field[j * GRID + i] - level;
  for (let j = 0; j < GRID - 1; j++) {
    for (let i = 0; i < GRID - 1; i++) {
      const corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const values = corners.map(([a, b]) => at(a, b));
      const points = [];
      for (let e = 0; e < 4; e++) {
        const p = values[e], q = values[(e + 1) % 4];
        if ((p < 0) !== (q < 0)) {
          const t = p / (p - q);
          const [a1, b1] = corners[e], [a2, b2] = corners[(e + 1) % 4];
          points.push([a1 + t * (a2 - a1), b1 + t * (b2 - b1)]);
        }
      }
      if (points.length >= 2) segments.push([points[0], points[1]]);
      if (points.length === 4) segments.push([points[2], points[3]]);
    }
  }
  return segments;
}

function drawAxes(ctx, frame, scene, v) {
  const { plot, sx, sy } = frame;
  const { box } = scene;
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1;
  ctx.strokeRect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  for (const [t, text] of tickLabels(box.xLo, box.xHi, 6)) {
    const x = sx(t);
    ctx.beginPath(); ctx.moveTo(x, plot.bottom); ctx.lineTo(x, plot.bottom + 5); ctx.stroke();
    label(ctx, text, x, plot.bottom + 8, "center", "top", SMALL);
  }
  for (const [t, text] of tickLabels(box.yLo, box.yHi, 6)) {
    const y = sy(t);
    ctx.beginPath(); ctx.moveTo(plot.left - 5, y); ctx.lineTo(plot.left, y); ctx.stroke();
    label(ctx, text, plot.left - 8, y, "right", "middle", SMALL);
  }
  label(ctx, v.x_weight, (plot.left + plot.right) / 2, plot.bottom + 30, "center", "middle");
  ctx.save();
  ctx.translate(16, (plot.top + plot.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  label(ctx, v.y_weight, 0, 0);
  ctx.restore();
  const title = `C(${v.x_weight}, ${v.y_weight}) with ${scene.held} = ${fmt(scene.net[scene.held])}`;
  label(ctx, `${title}: click to start there`, (plot.left + plot.right) / 2 + 16, 16, "center", "middle", FONT);
}

// The colour bar: 20 even bands, ticks on the square-root scale.
function drawColourBar(ctx, frame, scene) {
  const { plot } = frame;
  const left = plot.right + 16, width = 16, height = plot.bottom - plot.top;
  for (let k = 0; k < BANDS; k++) {
    const [r, g, b] = BAND_COLOURS[k];
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    const y0 = plot.bottom - ((k + 1) / BANDS) * height;
    ctx.fillRect(left, Math.floor(y0), width, Math.ceil(height / BANDS) + 1);
  }
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1;
  ctx.strokeRect(left, plot.top, width, height);
  for (const t of niceTicks(0, scene.top, 6)) {
    if (t > scene.top) continue;
    const y = plot.bottom - Math.sqrt(t / scene.top) * height;
    ctx.beginPath(); ctx.moveTo(left + width, y); ctx.lineTo(left + width + 4, y); ctx.stroke();
    label(ctx, fmt(t, 3), left + width + 7, y, "left", "middle", SMALL);
  }
  label(ctx, "C", left + width / 2, plot.top - 12, "center", "middle");
}

// Where the path first leaves the map (a step index), or null.
function leavesAt(points, box) {
  const k = points.findIndex(([x, y]) => !(box.xLo <= x && x <= box.xHi && box.yLo <= y && y <= box.yHi));
  return k < 0 ? null : k;
}

function xyOf(weights, v) {
  const ix = WEIGHTS.indexOf(v.x_weight), iy = WEIGHTS.indexOf(v.y_weight);
  return weights.map((w) => [w[ix], w[iy]]);
}

function drawDescent(ctx, frame, scene, v) {
  const { sx, sy } = frame;
  const points = xyOf(scene.path.weights, v);
  ctx.beginPath();
  points.forEach(([x, y], k) => (k ? ctx.lineTo(sx(x), sy(y)) : ctx.moveTo(sx(x), sy(y))));
  ctx.strokeStyle = "white";
  ctx.lineWidth = 1.5;
  ctx.stroke();
  for (const [x, y] of points) {
    ctx.beginPath();
    ctx.arc(sx(x), sy(y), 2.6, 0, 2 * Math.PI);
    ctx.fillStyle = "white";
    ctx.fill();
    ctx.lineWidth = 0.6;
    ctx.strokeStyle = "black";
    ctx.stroke();
  }
  return points;
}

// The race's paths (from the kernel): lines with a white halo and a marker at each head.
function drawRacers(ctx, frame, v) {
  const { sx, sy } = frame;
  for (const racer of v.paths) {
    const upto = v.shown === null ? racer.points.length : Math.min(v.shown + 1, racer.points.length);
    const points = racer.points.slice(0, Math.max(upto, 1));
    for (const [width, colour] of [[5, "white"], [2.2, racer.colour]]) {
      ctx.beginPath();
      points.forEach(([x, y], k) => (k ? ctx.lineTo(sx(x), sy(y)) : ctx.moveTo(sx(x), sy(y))));
      ctx.setLineDash(width < 5 && racer.dash ? racer.dash : []);
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.stroke();
    }
    ctx.setLineDash([]);
    const [hx, hy] = points[points.length - 1];
    marker(ctx, racer.marker, sx(hx), sy(hy), 9, racer.colour);
  }
}

function drawLegend(ctx, frame, v) {
  const { plot } = frame;
  const entries = [...v.paths.map((r) => [r.name, r.colour, r.marker]), ["start", STAR, "*"]];
  if (v.valley) entries.push(["valley floor C = 0", "white", "-"]);
  ctx.font = FONT;
  const widths = entries.map(([name]) => ctx.measureText(name).width + 34);
  let x = (plot.left + plot.right) / 2 - widths.reduce((a, b) => a + b, 0) / 2;
  const y = plot.bottom + 56;
  entries.forEach(([name, colour, shape], k) => {
    if (shape === "*") star(ctx, x + 10, y, 8);
    else if (shape === "-") valleyKey(ctx, x, y);
    else marker(ctx, shape, x + 10, y, 6, colour, "black");
    label(ctx, name, x + 22, y, "left", "middle");
    x += widths[k];
  });
}

// The whole contour map; returns what the text alternative says.
function drawMap(canvas, v, scene, cursor, rough = false) {
  const legend = v.paths.length ? 30 : 0;
  const { ctx, ratio } = sizedCanvas(canvas, v.width, v.height);
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, v.width, v.height);
  const frame = mapFrame(v.width, v.height, scene.box, legend);
  const { plot, sx, sy } = frame;
  drawBands(ctx, ratio, frame, scene, rough);
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.clip();
  if (v.valley) drawValley(ctx, frame, scene, v);
  let points = null;
  if (scene.path) points = drawDescent(ctx, frame, scene, v);
  drawRacers(ctx, frame, v);
  star(ctx, sx(scene.start[0]), sy(scene.start[1]), 12);
  if (points && v.marble !== null && v.marble >= 0 && v.marble < points.length) {
    marker(ctx, "o", sx(points[v.marble][0]), sy(points[v.marble][1]), 8, MARBLE, "black");
  }
  if (cursor) drawCursor(ctx, frame, cursor);
  ctx.restore();
  drawAxes(ctx, frame, scene, v);
  drawColourBar(ctx, frame, scene);
  if (legend) drawLegend(ctx, frame, v);

  // as landscape.path_report: divergence first, else where the path leaves the map
  const messages = [];
  const off = points ? leavesAt(points, scene.box) : null;
  if (scene.path && scene.path.divergedAt !== null) messages.push([`diverged at step ${scene.path.divergedAt}`, WARNING]);
  else if (off !== null) messages.push([`the path leaves the map at step ${off}`, WARNING]);
  // at the top of the map, unless the star is up there: then at the bottom
  const starHigh = scene.start[1] - scene.box.yLo >= 0.75 * (scene.box.yHi - scene.box.yLo);
  messages.forEach(([text, colour], k) => banner(ctx, text, (plot.left + plot.right) / 2,
    starHigh ? plot.bottom - 28 - 26 * k : plot.top + 6 + 26 * k, colour));
  return { messages: messages.map(([text]) => text), off };
}

// The valley floor's line in the legend: white on a dark edge, so that it shows on white.
function valleyKey(ctx, x, y) {
  for (const [width, colour] of [[4, "#333"], [2, "white"]]) {
    ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 20, y);
    ctx.strokeStyle = colour; ctx.lineWidth = width; ctx.stroke();
  }
}

function drawValley(ctx, frame, scene, v) {
  // the valley floor: where out = target, i.e. C = 0 (traced once per surface)
  if (!scene.surface.valley) {
    const miss = scene.costs.map((c, n) => {
      const w = { ...scene.net, [v.x_weight]: scene.xs[n % GRID], [v.y_weight]: scene.ys[Math.floor(n / GRID)] };
      return forward(w.w0, w.w1, w.w2, w.s0).out - w.target;
    });
    scene.surface.valley = contourSegments(miss, 0);
  }
  const { sx, sy } = frame;
  const gx = (u) => sx(scene.box.xLo + (u / (GRID - 1)) * (scene.box.xHi - scene.box.xLo));
  const gy = (u) => sy(scene.box.yLo + (u / (GRID - 1)) * (scene.box.yHi - scene.box.yLo));
  ctx.beginPath();
  for (const [[u1, v1], [u2, v2]] of scene.surface.valley) {
    ctx.moveTo(gx(u1), gy(v1));
    ctx.lineTo(gx(u2), gy(v2));
  }
  ctx.strokeStyle = "white";   // solid: a dash pattern restarts on every little segment
  ctx.lineWidth = 2;
  ctx.stroke();
}

function drawCursor(ctx, frame, [x, y]) {
  const px = frame.sx(x), py = frame.sy(y);
  ctx.strokeStyle = "white";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(px - 10, py); ctx.lineTo(px + 10, py);
  ctx.moveTo(px, py - 10); ctx.lineTo(px, py + 10);
  ctx.stroke();
  ctx.strokeStyle = "black";
  ctx.lineWidth = 1;
  ctx.strokeRect(px - 6, py - 6, 12, 12);
}

// --- the 3-D surface: an orthographic projection, turned by dragging -----------------

const FACETS = 40;        // facets per side, drawn from the 80 x 80 grid
const ROUGH_FACETS = 20;  // ... while a drag changes the surface (a quarter of the facets to fill)

// As matplotlib's 3-D axes (azimuth -60, elevation 30 is its default view, and the saved
// picture's): the first weight runs left to right, the second from front to back.
export function projector(width, height, view) {
  const az = (view.azimuth * Math.PI) / 180, el = (view.elevation * Math.PI) / 180;
  const scale = Math.min(width, height) * 0.3;
  return ([x, y, z]) => {   // x, y, z in [-1, 1]; the C axis is drawn 0.7 as tall as the floor is wide
    const rx = -x * Math.sin(az) + y * Math.cos(az);   // to the right on screen
    const ry = -x * Math.cos(az) - y * Math.sin(az);   // larger ry: farther away, higher on screen
    const h = 0.7 * z;
    return {
      x: width / 2 + scale * rx,
      y: height * 0.55 - scale * (h * Math.cos(el) + ry * Math.sin(el)),
      depth: h * Math.sin(el) - ry * Math.cos(el),   // larger is nearer the viewer
    };
  };
}

// The floor's back edges and the surface's facets: the part of the 3-D picture that stays the
// same while only the start moves (a drag of a plotted weight), drawn once into a canvas of
// its own per surface, turn and size, then copied in one drawImage per repaint.
function meshKey(v, view, ratio) {
  return JSON.stringify([view.azimuth, view.elevation, v.surface_width, v.height, ratio]);
}

function surfaceMesh(v, scene, view, ratio, project, unit, rough = false) {
  const key = meshKey(v, view, ratio);
  const cached = scene.surface.mesh;
  if (cached && cached.key === key && (rough || !cached.rough)) return cached.canvas;
  const facets = rough ? ROUGH_FACETS : FACETS;
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(v.surface_width * ratio);
  canvas.height = Math.round(v.height * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, v.surface_width, v.height);
  const { top, costs } = scene;
  const index = Array.from({ length: facets }, (_, k) => Math.round((k * (GRID - 1)) / (facets - 1)));
  const corner = (i, j) => project(unit(scene.xs[i], scene.ys[j], costs[j * GRID + i]));
  const quads = [];
  for (let b = 0; b < facets - 1; b++) {
    for (let a = 0; a < facets - 1; a++) {
      const [i0, i1, j0, j1] = [index[a], index[a + 1], index[b], index[b + 1]];
      const p = [corner(i0, j0), corner(i1, j0), corner(i1, j1), corner(i0, j1)];
      const c = (costs[j0 * GRID + i0] + costs[j0 * GRID + i1] + costs[j1 * GRID + i1] + costs[j1 * GRID + i0]) / 4;
      quads.push({ p, depth: (p[0].depth + p[1].depth + p[2].depth + p[3].depth) / 4, colour: viridis(Math.sqrt(c / top)) });
    }
  }
  drawBox(ctx, project, scene, v, "back");
  quads.sort((q1, q2) => q1.depth - q2.depth);   // far first (the painter's algorithm)
  for (const q of quads) {
    ctx.beginPath();
    q.p.forEach((pt, k) => (k ? ctx.lineTo(pt.x, pt.y) : ctx.moveTo(pt.x, pt.y)));
    ctx.closePath();
    ctx.fillStyle = ctx.strokeStyle = `rgb(${q.colour.join(",")})`;
    ctx.lineWidth = 0.6;
    ctx.fill();
    ctx.stroke();
  }
  scene.surface.mesh = { key, canvas, rough };
  return canvas;
}

function drawSurface(canvas, v, scene, view, points, rough = false) {
  const { ctx, ratio } = sizedCanvas(canvas, v.surface_width, v.height);
  const { box, top } = scene;
  const project = projector(v.surface_width, v.height, view);
  const unit = (x, y, c) => [2 * (x - box.xLo) / (box.xHi - box.xLo) - 1, 2 * (y - box.yLo) / (box.yHi - box.yLo) - 1,
    2 * Math.min(c, top) / top - 1];
  const mesh = surfaceMesh(v, scene, view, ratio, project, unit, rough);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(mesh, 0, 0);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  // the path until it first leaves the box, the star and the marble
  if (scene.path) {
    const inside = (k) => { const [x, y] = points[k]; return box.xLo <= x && x <= box.xHi && box.yLo <= y && y <= box.yHi && scene.path.costs[k] <= top; };
    for (let k = 0; k < points.length && inside(k); k++) {
      const pt = project(unit(points[k][0], points[k][1], scene.path.costs[k]));
      ctx.beginPath(); ctx.arc(pt.x, pt.y, 2.4, 0, 2 * Math.PI);
      ctx.fillStyle = "white"; ctx.fill(); ctx.lineWidth = 0.6; ctx.strokeStyle = "black"; ctx.stroke();
    }
    if (v.marble !== null && v.marble >= 0 && v.marble < points.length) {
      const pt = project(unit(points[v.marble][0], points[v.marble][1], scene.path.costs[v.marble]));
      marker(ctx, "o", pt.x, pt.y, 8, MARBLE, "black");
    }
  }
  const s = project(unit(scene.start[0], scene.start[1], scene.startCost));
  star(ctx, s.x, s.y, 11);
  drawBox(ctx, project, scene, v, "front");
  const title = `C(${v.x_weight}, ${v.y_weight}) with ${scene.held} = ${fmt(scene.net[scene.held])}`;
  label(ctx, title, v.surface_width / 2, 16);
  label(ctx, "drag to turn", v.surface_width - 6, v.height - 10, "right", "middle", SMALL, "#555");
}

// A centred label moved just inside the canvas where it would stick out (a turned surface
// pushes the floor's labels to the edges).
function labelInside(ctx, text, x, y, width, height, font = FONT) {
  ctx.font = font;
  const half = ctx.measureText(text).width / 2 + 2;
  label(ctx, text, Math.min(Math.max(x, half), width - half), Math.min(Math.max(y, 10), height - 10), "center", "middle", font);
}

// The floor's corner drawn rightmost (the farther one of two in a tie): the C axis stands there,
// as in the saved (matplotlib) picture, so that its tick labels, right of it, clear the surface.
function rightCorner(project) {
  const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map((c) => ({ c, p: project([...c, -1]) }));
  corners.sort((a, b) => (b.p.x - a.p.x) || (a.p.depth - b.p.depth));
  return corners[0].c;
}

// The floor's edges with tick labels, and the C axis; "back" before the surface, "front" after.
function drawBox(ctx, project, scene, v, part) {
  const { box, top } = scene;
  const floor = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([x, y]) => project([x, y, -1]));
  ctx.strokeStyle = part === "back" ? "#999" : "#555";
  ctx.lineWidth = 1;
  if (part === "back") {
    ctx.beginPath();
    floor.forEach((pt, k) => (k ? ctx.lineTo(pt.x, pt.y) : ctx.moveTo(pt.x, pt.y)));
    ctx.closePath();
    ctx.stroke();
    return;
  }
  // the C axis, drawn after the surface: nothing covers its ticks
  const corner = rightCorner(project);
  const bottom = project([...corner, -1]), upper = project([...corner, 1]);
  ctx.beginPath(); ctx.moveTo(bottom.x, bottom.y); ctx.lineTo(upper.x, upper.y); ctx.stroke();
  ctx.font = SMALL;
  for (const t of niceTicks(0, top, 4)) {
    if (t > top) continue;
    const pt = project([...corner, (2 * t) / top - 1]);
    ctx.beginPath(); ctx.moveTo(pt.x, pt.y); ctx.lineTo(pt.x + 4, pt.y); ctx.stroke();
    const text = fmt(t, 3);
    label(ctx, text, Math.min(pt.x + 6, v.surface_width - ctx.measureText(text).width - 2), pt.y, "left", "middle", SMALL);
  }
  labelInside(ctx, "C", upper.x, upper.y - 14, v.surface_width, v.height);
  // the front edges of the floor carry the weights' ticks and names
  const edge = (from, to, lo, hi, name) => {
    const a = project(from), b = project(to);
    const out = { x: (a.x + b.x) / 2 - v.surface_width / 2, y: (a.y + b.y) / 2 - v.height * 0.55 };
    const n = Math.hypot(out.x, out.y) || 1;
    for (const [t, text] of tickLabels(lo, hi, 3)) {
      const f = (t - lo) / (hi - lo);
      labelInside(ctx, text, a.x + f * (b.x - a.x) + (out.x / n) * 14, a.y + f * (b.y - a.y) + (out.y / n) * 14,
        v.surface_width, v.height, SMALL);
    }
    labelInside(ctx, name, (a.x + b.x) / 2 + (out.x / n) * 34, (a.y + b.y) / 2 + (out.y / n) * 34, v.surface_width, v.height);
  };
  const nearY = project([0, -1, -1]).depth > project([0, 1, -1]).depth ? -1 : 1;
  const nearX = project([-1, 0, -1]).depth > project([1, 0, -1]).depth ? -1 : 1;
  edge([-1, nearY, -1], [1, nearY, -1], box.xLo, box.xHi, v.x_weight);
  edge([nearX, -1, -1], [nearX, 1, -1], box.yLo, box.yHi, v.y_weight);
}

// Where the floor's two weight axes run on screen (for the tests: the saved picture's orientation):
// {x: [from, to], y: [from, to]}, each from the low end to the high end, in CSS pixels.
function floorAxes(v, view) {
  const project = projector(v.surface_width, v.height, view);
  const at = (x, y) => { const p = project([x, y, -1]); return [p.x, p.y]; };
  return { x: [at(-1, -1), at(1, -1)], y: [at(-1, -1), at(-1, 1)] };
}

// --- the widget: anywidget calls render() once per view of the model -----------------

const TRAITS = ["w0", "w1", "w2", "s0", "target", "alpha", "steps", "x_weight", "y_weight",
  "marble", "paths", "shown", "show_descent", "show_surface", "valley", "width", "height", "surface_width"];
const KERNEL_WAIT_MS = 300;   // how long a change from the kernel waits for the rest of its revision
const SURFACE_GAP_MS = 60;    // the 3-D facets are drawn anew at most this often during a drag
const SETTLE_MS = 200;        // a slider still this long: the drag is over, draw the exact picture

// The values to draw: a slider's own value in the page where one is bound, else the map's.
// A slider's value without its grid's float noise (-6 + 800 * 0.01 = 1.9999999999999991 -> 2),
// as the kernel reads it (sliders._clean): twelve significant digits.
function clean(value) {
  return typeof value === "number" ? Number(value.toPrecision(12)) : value;
}

function values(model, sliders) {
  return Object.fromEntries(TRAITS.map((name) => [name, name in sliders ? fromSlider(sliders[name], model.get(name)) : model.get(name)]));
}

// A slider is ahead of the kernel while it is dragged; but a value beyond its range (typed, or set
// in code: w1 = 8) leaves it at its end, and then the kernel's value is the one to draw.
function fromSlider(slider, kernelValue) {
  const value = clean(slider.get("value"));
  const log = slider.get("_model_name") === "FloatLogSliderModel";
  const [low, high] = ["min", "max"].map((end) => (log ? slider.get("base") ** slider.get(end) : slider.get(end)));
  const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  if ((kernelValue > high && near(value, high)) || (kernelValue < low && near(value, low))) return kernelValue;
  return value;
}

// What the text alternative of each canvas says.
function describeMap(v, scene, drawn, cursor) {
  const title = `Contour map of the cost C over ${v.x_weight} (across) and ${v.y_weight} (up), ${scene.held} held at ${fmt(scene.net[scene.held])}`;
  const range = `${v.x_weight} from ${fmt(scene.box.xLo)} to ${fmt(scene.box.xHi)}, ${v.y_weight} from ${fmt(scene.box.yLo)} to ${fmt(scene.box.yHi)}, C up to ${fmt(scene.top, 3)}`;
  const start = `Start (star) at ${v.x_weight} = ${fmt(scene.start[0])}, ${v.y_weight} = ${fmt(scene.start[1])}, C = ${fmt(scene.startCost)}`;
  const parts = [title, range, start];
  if (scene.path) {
    const c = scene.path.costs;
    parts.push(`gradient descent with alpha = ${fmt(v.alpha)}: ${c.length - 1} steps, C from ${fmt(c[0])} to ${fmt(c[c.length - 1])}`);
  }
  if (v.paths.length) parts.push(v.paths.map((r) => `${r.name} path, ${Math.min(v.shown ?? Infinity, r.points.length - 1)} steps shown`).join(", "));
  parts.push(...drawn.messages);
  if (cursor) parts.push(`cursor at ${v.x_weight} = ${fmt(cursor[0])}, ${v.y_weight} = ${fmt(cursor[1])}: press Enter to start there`);
  parts.push("Arrow keys move a cursor, Enter starts gradient descent there");
  return parts.join(". ") + ".";
}

function render({ model, el }) {
  el.classList.add("bp-landscape");
  const surface = document.createElement("canvas");
  const mapBox = document.createElement("div");
  mapBox.className = "bp-contour-map";   // the name tests and CSS find the map by
  const map = document.createElement("canvas");
  mapBox.append(map);
  // side by side where there is room; where there is not, the map on top (beside the sliders, on
  // screen while they are dragged) and the surface under it
  const row = document.createElement("div");
  Object.assign(row.style, { display: "flex", flexFlow: "row wrap-reverse", gap: "4px", alignItems: "flex-end" });
  row.append(surface, mapBox);
  el.append(row);
  for (const canvas of [surface, map]) {
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "img");
    canvas.style.display = "block";
  }
  map.style.cursor = "crosshair";

  const view = { azimuth: -60, elevation: 30 };   // how the 3-D surface is turned (this page only)
  let cursor = null;                                // the keyboard's cursor on the map, or null
  let frame = null, scene = null, drawnKey = null, pending = 0;
  let sliders = {};          // trait name -> the model of a slider that drives it in the page
  let kernelWait = 0;        // a timer while a change from the kernel waits for its revision
  let rough = false, settle = 0;   // a slider is being dragged here; the timer that ends it
  let lastMove = -Infinity;        // when a slider was last moved here
  const paints = { map: 0, surface: 0 };            // the tests count repaints
  // for the browser tests: the repaint counts and the page's own maths
  // exact(): no rough picture on show (the bands and the 3-D facets at full resolution)
  const exact = () => !!scene && !(scene.surface.bands && scene.surface.bands.rough) && !(scene.surface.mesh && scene.surface.mesh.rough);
  el.bpMap = { paints, rough: () => rough, exact, values: () => values(model, sliders), axes: () => floorAxes(values(model, sliders), view), maths: { costSurface, gradientDescent, linspace, mapWindow } };

  // Repaint at most once per frame, however many values changed in between.
  function schedule() {
    if (!pending) pending = requestAnimationFrame(paint);
  }

  // A slider moved here by the learner repaints at once. One moved by the kernel (Reset, code,
  // a scenario) is part of a revision: the map's `revision`, sent after the sliders, repaints
  // once for all of them (or the timer, if no revision follows).
  // While the learner drags, a picture whose surface changes is drawn rough (drawBands, surfaceMesh);
  // SETTLE_MS after the last move it is drawn again, exactly.
  function onSliderChange(sliderModel, value, options) {
    if (options && options.updated_view) {
      // the second of two moves within SETTLE_MS is a drag (one alone: a key press); a slider
      // snapping the kernel's value to its grid while the kernel's change arrives is no move
      const now = performance.now();
      if (!kernelWait) {
        if (now - lastMove < SETTLE_MS) {
          rough = true;
          clearTimeout(settle);
          settle = setTimeout(settled, SETTLE_MS);
        }
        lastMove = now;
      }
      schedule();
      return;
    }
    clearTimeout(kernelWait);
    kernelWait = setTimeout(() => { kernelWait = 0; schedule(); }, KERNEL_WAIT_MS);
  }
  function settled() {   // the exact picture, if a rough one is on show
    settle = 0;
    rough = false;
    const drawn = scene && scene.surface;
    if (drawn && ((drawn.bands && drawn.bands.rough) || (drawn.mesh && drawn.mesh.rough))) {
      drawnKey = null;
      schedule();
    }
  }
  function onRevision() {
    clearTimeout(kernelWait);
    kernelWait = 0;
    schedule();
  }

  // The sliders bound to the map's values, found through the widget manager.
  async function bindSliders() {
    for (const m of Object.values(sliders)) m.off("change:value", onSliderChange, el);
    const bound = {};
    try {
      for (const [name, ref] of Object.entries(model.get("sliders") || {})) {
        bound[name] = await model.widget_manager.get_model(String(ref).replace(/^IPY_MODEL_/, ""));
      }
    } catch (error) {   // a front end without the widget manager: draw the kernel's values
      console.warn("bpwidgets: the map follows the kernel only:", error);
      Object.keys(bound).forEach((name) => delete bound[name]);
    }
    for (const m of Object.values(bound)) m.on("change:value", onSliderChange, el);
    sliders = bound;
    schedule();
  }

  // The contour map first (what the learner aims at), then the 3-D surface.
  function paint() {
    pending = 0;
    if (kernelWait) return;   // the rest of the kernel's change is on its way
    const v = values(model, sliders);
    const key = JSON.stringify([v, cursor]);
    if (key === drawnKey) return;   // an echo of what is already drawn
    const started = performance.now();
    drawnKey = key;
    scene = landscape(v, scene);   // the surface is reused while its slice stays the same
    const drawn = drawMap(map, v, scene, cursor, rough);
    frame = mapFrame(v.width, v.height, scene.box, v.paths.length ? 30 : 0);
    map.setAttribute("aria-label", describeMap(v, scene, drawn, cursor));
    paints.map++;
    paints.mapMs = performance.now() - started;
    el.dataset.paints = String(paints.map);
    surface.style.display = v.show_surface ? "block" : "none";
    if (v.show_surface) updateSurface(v);
  }

  // The surface in the same frame as the map (one commit of both canvases) when only its star
  // and path moved; when its facets must be drawn anew (w0, s0 or target dragged) at most once
  // per SURFACE_GAP_MS, so that the map keeps every frame of the drag.
  let surfaceTimer = 0, lastMesh = -Infinity;
  function updateSurface(v) {
    const mesh = scene.surface.mesh;
    const ready = mesh && mesh.key === meshKey(v, view, globalThis.devicePixelRatio || 1) && (rough || !mesh.rough);
    const wait = lastMesh + SURFACE_GAP_MS - performance.now();
    if (ready || wait <= 0) paintSurface();
    else if (!surfaceTimer) surfaceTimer = setTimeout(() => { surfaceTimer = 0; scheduleSurface(); }, wait);
  }

  let surfacePending = 0;
  function scheduleSurface() {
    if (!surfacePending) surfacePending = requestAnimationFrame(paintSurface);
  }
  function paintSurface() {
    surfacePending = 0;
    if (!scene) return;
    const started = performance.now();
    const v = values(model, sliders);
    const mesh = scene.surface.mesh;
    drawSurface(surface, v, scene, view, scene.path ? xyOf(scene.path.weights, v) : [], rough);
    surface.setAttribute("aria-label", `3-D surface of C over ${v.x_weight} and ${v.y_weight}, ${scene.held} held at ${fmt(scene.net[scene.held])}; ` +
      `the star is the start, C = ${fmt(scene.startCost)}; turned to azimuth ${Math.round(view.azimuth)} and elevation ${Math.round(view.elevation)} degrees: drag, or arrow keys, to turn it.`);
    paints.surface++;
    paints.surfaceMs = performance.now() - started;
    if (scene.surface.mesh !== mesh) lastMesh = started;   // the facets were drawn anew
  }

  // A click (or Enter on the cursor) starts gradient descent there: the kernel sets the state.
  function startAt(x, y) {
    const [lo, hi] = WEIGHT_RANGE;
    const clamp = (t) => Math.round(Math.min(Math.max(t, lo), hi) * 100) / 100;
    const v = values(model, sliders);
    const point = { x: clamp(x), y: clamp(y) };
    // drawn (and shown on the sliders) at once; the kernel's state follows
    for (const [name, value] of [[v.x_weight, point.x], [v.y_weight, point.y]]) {
      if (name in sliders) sliders[name].set("value", value, { updated_view: "map" });
      else model.set(name, value);
    }
    model.send({ event: "start", ...point });
    schedule();
  }

  map.addEventListener("click", (event) => {
    if (!frame) return;
    const rect = map.getBoundingClientRect();
    const px = event.clientX - rect.left, py = event.clientY - rect.top;
    const { plot } = frame;
    if (px < plot.left || px > plot.right || py < plot.top || py > plot.bottom) return;
    cursor = null;
    startAt(frame.dataX(px), frame.dataY(py));
  });

  map.addEventListener("keydown", (event) => {
    if (!scene) return;
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (event.key in moves) {
      const step = event.shiftKey ? 0.5 : 0.1;
      const [x, y] = cursor || scene.start;
      const { box } = scene;
      cursor = [Math.min(Math.max(x + moves[event.key][0] * step, box.xLo), box.xHi),
        Math.min(Math.max(y + moves[event.key][1] * step, box.yLo), box.yHi)];
      cursor = cursor.map((t) => Math.round(t * 100) / 100);
    } else if (event.key === "Enter" && cursor) {
      const [x, y] = cursor;
      cursor = null;
      startAt(x, y);
    } else if (event.key === "Escape") {
      cursor = null;
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();   // keep JupyterLab's notebook shortcuts out of it
    schedule();
  });
  map.addEventListener("blur", () => { if (cursor) { cursor = null; schedule(); } });

  // Turning the surface: drag with the mouse (or a finger), or arrow keys when it has focus.
  let dragFrom = null;
  surface.addEventListener("pointerdown", (event) => {
    dragFrom = [event.clientX, event.clientY];
    surface.setPointerCapture(event.pointerId);
  });
  surface.addEventListener("pointermove", (event) => {
    if (!dragFrom) return;
    turn(0.5 * (event.clientX - dragFrom[0]), 0.5 * (event.clientY - dragFrom[1]));
    dragFrom = [event.clientX, event.clientY];
  });
  surface.addEventListener("pointerup", () => { dragFrom = null; });
  surface.addEventListener("keydown", (event) => {
    const turns = { ArrowLeft: [-5, 0], ArrowRight: [5, 0], ArrowUp: [0, -5], ArrowDown: [0, 5] };
    if (!(event.key in turns)) return;
    turn(...turns[event.key]);
    event.preventDefault();
    event.stopPropagation();
  });
  function turn(dAzimuth, dElevation) {
    view.azimuth = ((view.azimuth - dAzimuth + 540) % 360) - 180;
    view.elevation = Math.min(90, Math.max(0, view.elevation + dElevation));
    scheduleSurface();
  }

  for (const name of TRAITS) model.on(`change:${name}`, schedule);
  model.on("change:revision", onRevision);
  model.on("change:sliders", bindSliders);
  bindSliders();
  paint();
  return () => {
    if (pending) cancelAnimationFrame(pending);
    if (surfacePending) cancelAnimationFrame(surfacePending);
    clearTimeout(kernelWait);
    clearTimeout(surfaceTimer);
    clearTimeout(settle);
    for (const m of Object.values(sliders)) m.off("change:value", onSliderChange, el);
  };
}

export default { render };
