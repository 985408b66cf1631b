// Four repairs of the page for keyboard and screen-reader users, once per page:
// 1. ipympl's figure is a focusable div that cancels every key it gets, Tab included: a keyboard
//    user who tabbed onto a figure could not tab away. Catch Tab on its way down to a figure
//    (capture phase, before the figure's own handler) so the browser moves the focus as usual.
// 2. ipywidgets' slider handle (role "slider") has no name: give it its label's text ("w1"),
//    so a screen reader says "w1, slider, 1.0" rather than "slider, 1.0".
// 3. Jupyter Notebook 7 looks up its shortcuts on the whole document before a focused element
//    hears a key (a capture listener), so an arrow key on a slider collapsed a heading instead of
//    moving it. Lumino skips its shortcuts for elements marked data-lm-suppress-shortcuts: mark
//    every control that takes arrow keys (slider handles, the page-drawn map and surface).
// 4. noUiSlider writes aria-valuenow rounded to 0.1 (w1 = 0.75 as 0.8) and aria-valuetext as its
//    own position (its grid point; alpha's as an exponent, -0.3 for 0.5). Make aria-valuetext (what
//    a screen reader says) the number shown beside the slider, our readout box (the state's exact
//    value) or ipywidgets' own readout, and aria-valuenow that number too where it is the handle's
//    place (a linear slider, inside its range). The box hears from the kernel a moment after the
//    handle moved: until then (its number is not where the handle is) the handle's own place, to
//    12 digits as the box will show it.
const HANDLE = ".widget-slider .noUi-handle";
const TAKES_ARROW_KEYS = `${HANDLE}, .jupyter-widgets canvas[tabindex]`;
function letTabThrough(event) {
  if (event.key === "Tab" && event.target.classList?.contains("jupyter-matplotlib-canvas-div")) {
    event.stopPropagation();
  }
}

function nameSliders() {
  for (const handle of document.querySelectorAll(`${HANDLE}:not([aria-label])`)) {
    const label = handle.closest(".widget-slider").querySelector(".widget-label")?.textContent.trim();
    if (label) handle.setAttribute("aria-label", label);
  }
  for (const handle of document.querySelectorAll(HANDLE)) {
    const box = boxBeside(handle);
    if (box) followBox(box, handle);
    announce(handle);
  }
  for (const control of document.querySelectorAll(`:is(${TAKES_ARROW_KEYS}):not([data-lm-suppress-shortcuts])`)) {
    control.setAttribute("data-lm-suppress-shortcuts", "true");
  }
}

function boxBeside(handle) {   // our readout box, in the same row as the slider
  return handle.closest(".widget-slider")?.parentElement?.querySelector(":scope > .bp-readout input");
}

function valueNow(handle) {
  // [aria-valuetext, aria-valuenow]: the number shown beside the slider, and (on a linear
  // slider, inside its range) the same number as its place; null: leave noUiSlider's
  const slider = handle.closest(".widget-slider");
  const box = boxBeside(handle);
  if (!box) {   // another view's slider: its own readout, while it shows one
    const readout = slider.querySelector(".widget-readout");
    return readout && readout.offsetParent !== null ? [readout.textContent.trim(), null] : null;
  }
  const noUi = handle.closest(".noUi-target")?.noUiSlider;
  if (!noUi) return null;
  const log = slider.classList.contains("bp-log-slider");   // alpha: the handle's place is log10(value)
  const position = Number(noUi.get(true)), half = (noUi.options.step || 0) / 2 + 1e-9;
  const shown = box.value.trim(), place = log ? Math.log10(Number(shown)) : Number(shown);
  const { min: low, max: high } = noUi.options.range;
  // the box shows where the handle is (within half a step: its grid point), or a value beyond
  // the end the handle sits at
  const agrees = shown !== "" && (Math.abs(place - position) <= half || (place < low && position <= low + half)
    || (place > high && position >= high - half));
  const value = log ? 10 ** position : position;   // the kernel's box will say this, to 12 digits
  const text = agrees ? shown : Number.isFinite(value) ? String(Number(value.toPrecision(12))) : null;
  if (text === null) return null;
  return [text, !log && low <= Number(text) && Number(text) <= high ? text : null];
}

function announce(handle) {
  const said = valueNow(handle);
  if (said === null) return;
  const [text, now] = said;
  if (handle.getAttribute("aria-valuetext") !== text) handle.setAttribute("aria-valuetext", text);
  if (now !== null && handle.getAttribute("aria-valuenow") !== now) handle.setAttribute("aria-valuenow", now);
}

// the box's value is set by its widget view, not typed: hear of it to say the new value at once
const INPUT_VALUE = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");
function followBox(box, handle) {
  if (box.bpFollowed) return;
  box.bpFollowed = true;
  Object.defineProperty(box, "value", {
    configurable: true,
    get() { return INPUT_VALUE.get.call(this); },
    set(text) { INPUT_VALUE.set.call(this, text); announce(handle); },
  });
}

function onAriaChanged(records) {
  for (const record of records) {
    if (record.target.matches?.(HANDLE)) announce(record.target);
  }
}

let pending = false;
function nameSlidersSoon() {   // at most once per frame, however much the page changes
  if (!pending) {
    pending = true;
    requestAnimationFrame(() => { pending = false; nameSliders(); });
  }
}

export default {
  render({ el }) {
    el.style.display = "none";
    if (!window.bpwidgetsPageAccess) {
      window.bpwidgetsPageAccess = true;
      window.addEventListener("keydown", letTabThrough, true);
      new MutationObserver(nameSlidersSoon).observe(document.body, { childList: true, subtree: true });
      new MutationObserver(onAriaChanged).observe(document.body,
        { attributes: true, attributeFilter: ["aria-valuetext"], subtree: true });
    }
    nameSlidersSoon();
  },
};
