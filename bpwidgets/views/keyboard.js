// Three repairs of the page for keyboard and screen-reader users, once per page:
// 1. ipympl's figure is a focusable div that cancels every key it gets, Tab included: a keyboard
//    user who tabbed onto a figure could not tab away. Catch Tab on its way down to a figure
//    (capture phase, before the figure's own handler) so the browser moves the focus as usual.
// 2. ipywidgets' slider handle (role "slider") has no name: give it its label's text ("w1"),
//    so a screen reader says "w1, slider, 1.0" rather than "slider, 1.0".
// 3. Jupyter Notebook 7 looks up its shortcuts on the whole document before a focused element
//    hears a key (a capture listener), so an arrow key on a slider collapsed a heading instead of
//    moving it. Lumino skips its shortcuts for elements marked data-lm-suppress-shortcuts: mark
//    every control that takes arrow keys (slider handles, the page-drawn map and surface).
const TAKES_ARROW_KEYS = ".widget-slider .noUi-handle, .jupyter-widgets canvas[tabindex]";
function letTabThrough(event) {
  if (event.key === "Tab" && event.target.classList?.contains("jupyter-matplotlib-canvas-div")) {
    event.stopPropagation();
  }
}

function nameSliders() {
  for (const handle of document.querySelectorAll(".widget-slider .noUi-handle:not([aria-label])")) {
    const label = handle.closest(".widget-slider").querySelector(".widget-label")?.textContent.trim();
    if (label) handle.setAttribute("aria-label", label);
  }
  for (const control of document.querySelectorAll(`:is(${TAKES_ARROW_KEYS}):not([data-lm-suppress-shortcuts])`)) {
    control.setAttribute("data-lm-suppress-shortcuts", "true");
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
    }
    nameSlidersSoon();
  },
};
