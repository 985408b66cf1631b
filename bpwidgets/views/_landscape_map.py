"""The cost landscape drawn in the page (anywidget): a contour map and a 3-D surface.

The kernel sends only the network's numbers (a few hundred bytes); the page
computes the cost surface and the gradient-descent path itself with the same
formulas as chain.py and slices.py (_landscape_map.js, a plain ES module shipped
in the package: nothing is built or fetched), and repaints at most once per
frame. Sliders bound to the map (`sliders`) drive it in the page: a drag repaints
the map without waiting for the kernel, and a change the kernel makes (Reset,
code, a scenario) repaints it once, when the map's `revision` arrives.

A click on the map (or Enter on its keyboard cursor) asks the kernel to start
gradient descent there: `on_start(callback)` hears of it.
"""
from __future__ import annotations

from pathlib import Path

import anywidget
from ipywidgets import Widget, widget_serialization
from traitlets import Bool, Dict, Enum, Float, Instance, Int, List, Unicode

from ..chain import WEIGHTS
from ..state import WEIGHT_RANGE   # a click starts within the sliders' range

# what the page needs from the state to draw the landscape
MAP_TRAITS = ("w0", "w1", "w2", "s0", "target", "alpha", "steps", "x_weight", "y_weight")
_ESM = (Path(__file__).with_name("_landscape_map.js")).read_text(encoding="utf-8")


class LandscapeMap(anywidget.AnyWidget):
    """C over (x_weight, y_weight), the third weight held, drawn by the browser.

    `marble` is the step of the descent path drawn as the marble (None: none);
    `paths` are extra paths from the kernel ({name, colour, marker, dash, points}),
    of which the first `shown` steps are drawn (None: all of them).
    """

    _esm = Unicode(_ESM).tag(sync=True)

    w0 = Float(2.0).tag(sync=True)
    w1 = Float(1.0).tag(sync=True)
    w2 = Float(0.5).tag(sync=True)
    s0 = Float(2.0).tag(sync=True)
    target = Float(0.7).tag(sync=True)
    alpha = Float(0.5).tag(sync=True)
    steps = Int(100).tag(sync=True)
    x_weight = Enum(WEIGHTS, default_value="w1").tag(sync=True)
    y_weight = Enum(WEIGHTS, default_value="w2").tag(sync=True)
    marble = Int(None, allow_none=True).tag(sync=True)
    show_descent = Bool(True, help="draw the state's gradient-descent path").tag(sync=True)
    paths = List(Dict(), help="extra paths drawn on the map (the optimizer race)").tag(sync=True)
    shown = Int(None, allow_none=True, help="steps of each extra path drawn (None: all)").tag(sync=True)
    valley = Bool(False, help="draw the valley floor C = 0 (out = target)").tag(sync=True)
    show_surface = Bool(True, help="draw the 3-D surface beside the map").tag(sync=True)
    width = Int(470, help="the map's width in CSS pixels").tag(sync=True)
    height = Int(380, help="both canvases' height in CSS pixels").tag(sync=True)
    surface_width = Int(400, help="the 3-D surface's width in CSS pixels").tag(sync=True)
    revision = Int(0, help="the state's revision: the page repaints once per revision").tag(sync=True)
    sliders = Dict(value_trait=Instance(Widget), default_value={},
                   help="{trait name: slider}: the page draws these values from the sliders themselves"
                   ).tag(sync=True, **widget_serialization)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._start_callbacks = []
        self.on_msg(self._on_page_message)

    def on_start(self, callback):
        """Call callback({x_weight: x, y_weight: y}) when the learner picks a start on the map."""
        self._start_callbacks.append(callback)

    def start_at(self, x, y):
        """What a click at (x, y) does: clamp to the sliders' range, round to 0.01, tell the listeners."""
        lo, hi = WEIGHT_RANGE
        point = {self.x_weight: round(min(max(float(x), lo), hi), 2),
                 self.y_weight: round(min(max(float(y), lo), hi), 2)}
        for callback in self._start_callbacks:
            callback(point)
        return point

    def _on_page_message(self, widget, content, buffers):
        if isinstance(content, dict) and content.get("event") == "start":
            x, y = content.get("x"), content.get("y")
            if all(isinstance(v, (int, float)) and v == v for v in (x, y)):   # numbers, not NaN
                self.start_at(x, y)


def follow_state(landscape_map, state):
    """Copy the state's values and revision to the map: one message per change of the state.

    Where a slider is bound to a value the page draws the slider's own value (always the
    newest), so a copy from here that arrives during a drag changes nothing on the map.
    """
    with landscape_map.hold_sync():
        for name in MAP_TRAITS:
            setattr(landscape_map, name, getattr(state, name))
        landscape_map.revision = state.revision


__all__ = ["LandscapeMap", "MAP_TRAITS", "follow_state"]
