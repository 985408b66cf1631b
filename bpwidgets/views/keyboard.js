// ipympl's figure is a focusable div that cancels every key it gets, Tab included: a keyboard
// user who tabbed onto a figure could not tab away. Catch Tab on its way down to a figure
// (capture phase, before the figure's own handler) so the browser moves the focus as usual.
function letTabThrough(event) {
  if (event.key === "Tab" && event.target.classList?.contains("jupyter-matplotlib-canvas-div")) {
    event.stopPropagation();
  }
}

export default {
  render({ el }) {
    el.style.display = "none";
    if (!window.bpwidgetsTabThroughFigures) {   // once per page, however many views
      window.addEventListener("keydown", letTabThrough, true);
      window.bpwidgetsTabThroughFigures = true;
    }
  },
};
