"""The base of every bpwidgets widget: an ipywidgets VBox with a readable stand-in text,
that follows a NetworkState once per change and shows its own errors."""
import html
import traceback

import ipywidgets as widgets

from ..state import NetworkState


class Panel(widgets.VBox):
    """A VBox whose text form (shown where no widget can be: a saved notebook not yet run,
    a terminal, a notebook viewer) says what it is and what to do, not its whole widget tree.

    `self.observe_state(state, render)` calls `render()` once per change of the state. An error
    inside `render` is shown in the view as a short message (not only in a log console
    nobody reads) and the view tries again on the next change.
    """

    def __repr__(self):
        return f"[{type(self).__name__}: run this cell to use it]"

    def observe_state(self, state, render):
        """Call render() now and after every change of `state` (one call per learner action)."""
        def on_change(change=None):
            self.render_safely(render)
        state.observe(on_change, names="revision")
        on_change()

    def render_safely(self, render):
        """Run render(); on an error show it in the view instead of raising into the kernel's log."""
        try:
            render()
        except Exception as exc:   # a view must survive anything a learner does
            self.error = exc
            self._problem().value = (
                "<div style='color: #b00020; font-size: 14px'>This view could not follow the last "
                f"change ({html.escape(type(exc).__name__)}: {html.escape(str(exc))}). "
                "It will try again on the next change.</div>")
            self._problem().layout.display = None
            self.error_details = traceback.format_exc()
        else:
            self.error = None
            if getattr(self, "_problem_box", None) is not None:
                self._problem_box.layout.display = "none"

    def _problem(self):
        if getattr(self, "_problem_box", None) is None:
            self._problem_box = widgets.HTML()
        if self._problem_box not in self.children:
            self.children = (*self.children, self._problem_box)
        return self._problem_box


def use_state(state):
    """The NetworkState a view observes: the one given, or a fresh one for None."""
    if state is None:
        return NetworkState()
    if not isinstance(state, NetworkState):
        raise TypeError(f"state must be a bpwidgets NetworkState (or None for a new one), "
                        f"got {type(state).__name__}")
    return state
