// The cost landscape live on a static page, with no kernel.
//
// The drawing and the maths are the widget's own ES module (bpwidgets/views/_landscape_map.js,
// copied to landscape_map.js by the build): its render() is handed a small stand-in for
// anywidget's model, holding the traits _landscape_map.py syncs, and plain HTML controls
// set them as the kernel's sliders would. The starting values, the sliders' ranges and the
// scenarios are written into the page by the build, from bpwidgets itself.
import * as landscapeModule from "./landscape_map.js";

// The module's widget as anywidget finds it: a default export holding render (and maybe
// initialize), a default function returning that, or a named render export.
async function widgetOf(module) {
  const found = typeof module.default === "function" ? await module.default() : module.default;
  return found && found.render ? found : { render: module.render, initialize: module.initialize };
}

// anywidget's model, as much of it as render() uses: get, set, on, off, save_changes, send.
export function standInModel(values, onSend = () => {}) {
  const listeners = {};
  return {
    get: (name) => values[name],
    set(name, value) {
      if (values[name] === value) return;
      values[name] = value;
      for (const [callback] of listeners[`change:${name}`] || []) callback(this, value, {});
    },
    on(event, callback, context) {
      (listeners[event] ||= []).push([callback, context]);
    },
    off(event, callback) {
      if (listeners[event]) listeners[event] = listeners[event].filter(([c]) => c !== callback);
    },
    save_changes() {},               // no kernel to send the values to
    send: (content) => onSend(content),
    widget_manager: { get_model: () => Promise.reject(new Error("no kernel on this page")) },
  };
}

const WEIGHTS = ["w0", "w1", "w2"];
const round = (x) => Number(x.toPrecision(12));

// One labelled range input; alpha's moves on the log grid of the widget's FloatLogSlider.
function slider(name, range, model, grid) {
  const id = `bp-live-${name}-${grid.uid}`;
  const label = Object.assign(document.createElement("label"), { htmlFor: id, textContent: name });
  const input = Object.assign(document.createElement("input"), { type: "range", id });
  const readout = Object.assign(document.createElement("output"), { htmlFor: id });
  const log = range.base !== undefined;
  // the input's own value: the value itself, or for alpha its exponent
  const toInput = (v) => (log ? Math.log(v) / Math.log(range.base) : v);
  const fromInput = (u) => round(log ? range.base ** u : u);
  Object.assign(input, { min: range.min, max: range.max, step: range.step });
  input.title = range.tooltip || name;
  const show = () => {
    const v = model.get(name);
    input.value = String(toInput(v));
    input.setAttribute("aria-valuetext", String(v));
    readout.textContent = String(name === "steps" ? v : Number(v.toPrecision(3)));
  };
  input.addEventListener("input", () => {
    const u = Number(input.value);
    model.set(name, name === "steps" ? Math.round(u) : fromInput(u));
  });
  model.on(`change:${name}`, show);
  show();
  grid.append(label, input, readout);
}

function picker(text, options, onPick) {
  const label = document.createElement("label");
  label.textContent = `${text} `;
  const select = document.createElement("select");
  for (const [value, name] of options) select.append(new Option(name, value));
  select.addEventListener("change", () => onPick(select.value));
  label.append(select);
  return { label, select };
}

let uid = 0;
export async function mount(box) {
  const data = JSON.parse(box.querySelector("script[type='application/json']").textContent);
  const model = standInModel({ ...data.traits, ...data.scenarios[data.start].values });

  const note = Object.assign(document.createElement("p"), { className: "bp-live-note", textContent: data.note });
  const grid = Object.assign(document.createElement("div"), { className: "bp-live-controls" });
  grid.uid = ++uid;
  for (const name of [...WEIGHTS, "alpha", "steps"]) slider(name, data.ranges[name], model, grid);

  const pickers = Object.assign(document.createElement("div"), { className: "bp-live-pickers" });
  const explanation = Object.assign(document.createElement("p"), { className: "bp-live-explanation" });
  explanation.setAttribute("aria-live", "polite");
  const axis = (which, other) => picker(which === "x_weight" ? "x axis" : "y axis", WEIGHTS.map((w) => [w, w]), (w) => {
    // the two axes never show the same weight: picking the other's swaps them (as NetworkState does)
    if (w === model.get(other)) model.set(other, model.get(which));
    model.set(which, w);
  });
  const xPick = axis("x_weight", "y_weight"), yPick = axis("y_weight", "x_weight");
  const scenario = picker("scenario", Object.keys(data.scenarios).map((n) => [n, n]), (name) => {
    const s = data.scenarios[name];
    for (const [k, v] of Object.entries(s.values)) if (k in data.traits) model.set(k, v);
    explanation.textContent = s.explanation;
  });
  scenario.select.value = data.start;
  explanation.textContent = data.scenarios[data.start].explanation;
  const syncPickers = () => { xPick.select.value = model.get("x_weight"); yPick.select.value = model.get("y_weight"); };
  model.on("change:x_weight", syncPickers);
  model.on("change:y_weight", syncPickers);
  syncPickers();
  pickers.append(scenario.label, xPick.label, yPick.label);

  const canvasBox = document.createElement("div");
  box.append(note, grid, pickers, explanation, canvasBox);
  box.bpModel = model;   // for the browser tests
  const widget = await widgetOf(landscapeModule);
  if (widget.initialize) await widget.initialize({ model });
  await widget.render({ model, el: canvasBox });
}

for (const box of document.querySelectorAll(".bp-live")) mount(box);
