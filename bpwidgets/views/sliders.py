"""The controls: one slider per weight, the learning rate, the steps, the landscape's axes.

Every control is linked to the shared NetworkState with `traitlets.link` in the
kernel (no JavaScript), so moving a slider changes the state, and changing the
state (in code, or from another view) moves the slider. A state value beyond a
slider's range is kept: the slider sits at its end with a red handle and its
tooltip says the value. "fine" narrows every slider to a small range around its
value (shown beside it), so a drag with the mouse can aim to 0.01.

Beside each slider a text box shows the state's exact value (3, not the slider's
grid point 3.15) and takes a typed one: inside the state's bounds exactly, beyond
them at the nearest bound, with a message under the sliders saying what was done.
The slider's grid is only for dragging.

A slider moving the state marks it `dragging` until the sliders have been still for
DRAG_QUIET: the views beside the map follow slowly meanwhile, and exactly at the end
(_follow.Follower). The readout here follows every move.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
from traitlets import link

from ..chain import WEIGHTS
from ._follow import running_loop
from ._panel import Panel, use_state
from ._typed import link_slider, mark_beyond, on_the_slider, readout_box, slider_position, take_typed
from ..numbers import rounded_text
from ..state import BOUNDS, WEIGHT_RANGE, shown


ALPHA_LOG_MIN = math.log10(0.5) - 54 * 0.05   # 10^min = 0.000998, about 1e-3
ALPHA_LOG_MAX = math.log10(0.5) + 46 * 0.05   # 10^max = 99.8, about 1e2
FINE_HALF_WIDTH = 0.5                          # "fine": each weight slider spans value +- this
FINE_LOG_HALF_WIDTH = 0.5                      # ... and alpha's spans half a decade each way
DRAG_QUIET = 0.3                               # s without a slider move: the drag has ended
_STYLE = {"description_width": "60px"}
_WIDE = widgets.Layout(width="330px")
_SLIDER_WIDTH, _INNER_SLIDER_WIDTH = "250px", "216px"   # inside the accordion's padding: narrower
_RANGE = widgets.Layout(width="104px", display="none")


FLOATS = ("w0", "w1", "w2", "alpha", "s0", "target")
START_CAPTION = ("the sliders, and out and C below them, are where the marble starts; "
                 "Play moves the marble, not the sliders")
START_HEADING = (f"<b style='font-size: 15px'>start weights</b>"
                 f"<div style='font-size: 13px; line-height: 1.3; color: #555'>{START_CAPTION}</div>")


def _slider(description, low, high, step=0.01, tooltip=""):
    return widgets.FloatSlider(min=low, max=high, step=step, description=description,
                               tooltip=tooltip, continuous_update=True, readout=False,
                               style=_STYLE, layout=widgets.Layout(width=_SLIDER_WIDTH))


class WeightSliders(Panel):
    """Sliders for w0, w1, w2, alpha, s0, target and steps; axis pickers; Reset; live out and C.

    axes=False leaves out the landscape's axis pickers (they do nothing without a landscape);
    reset=False leaves out Reset (beside a view that has its own Reset, two would confuse);
    start=True heads the weights "start weights" with a caption saying that they set where the
    marble starts (beside a landscape or a training view: playing moves the marble, not them).
    """

    def __init__(self, state=None, axes=True, reset=True, start=False, **kwargs):
        super().__init__(**kwargs)
        self.state = use_state(state)   # TypeError for anything but a NetworkState or None
        low, high = WEIGHT_RANGE

        self.tooltips = dict(w0="weight from the input s0 to x1", w1="weight from s1 to x2",
                             w2="weight from s2 to out", alpha="learning rate: the size of each step",
                             s0="the input", target="what out should be",
                             steps="how many gradient-descent steps to draw")
        self.w0 = _slider("w0", low, high, tooltip=self.tooltips["w0"])
        self.w1 = _slider("w1", low, high, tooltip=self.tooltips["w1"])
        self.w2 = _slider("w2", low, high, tooltip=self.tooltips["w2"])
        # The slider snaps to min + k*step in log10: this grid is 0.5 * 10^(k/20), so the
        # lecture's 0.5 (and 0.05, 5, 50) lie on it and a browser does not nudge alpha to 0.501.
        self.alpha = widgets.FloatLogSlider(base=10, min=ALPHA_LOG_MIN, max=ALPHA_LOG_MAX, step=0.05,
                                            description="alpha", readout=False,
                                            tooltip=self.tooltips["alpha"],
                                            style=_STYLE, layout=widgets.Layout(width=_SLIDER_WIDTH))
        self.alpha.add_class("bp-log-slider")   # the page's keyboard.js: its handle's place is log10(alpha)
        self.steps = widgets.IntSlider(min=0, max=300, description="steps", readout=False,
                                       tooltip=self.tooltips["steps"],
                                       style=_STYLE, layout=widgets.Layout(width=_SLIDER_WIDTH))
        self.s0 = _slider("s0", -4.0, 4.0, tooltip=self.tooltips["s0"])
        self.target = _slider("target", -2.0, 2.0, tooltip=self.tooltips["target"])
        self.x_weight = widgets.Dropdown(options=WEIGHTS, description="x axis",
                                         style=_STYLE, layout=widgets.Layout(width="160px"))
        self.y_weight = widgets.Dropdown(options=WEIGHTS, description="y axis",
                                         style=_STYLE, layout=widgets.Layout(width="160px"))
        self.reset_button = widgets.Button(description="Reset", icon="undo",
                                           tooltip="back to the lecture's first guess: "
                                                   "w0=2, w1=1, w2=0.5, s0=2, target=0.7")
        self.reset_button.on_click(lambda _: self.state.reset())
        self.readout = widgets.Label(style={"font_size": "16px", "font_family": "monospace"},
                                     layout=widgets.Layout(margin="4px 0 4px 8px"))

        self.fine = widgets.ToggleButton(value=False, description="fine", icon="crosshairs",
                                         tooltip="narrow every slider to a small range around its value "
                                                 f"({fine_reach('w0')}, alpha {fine_reach('alpha')}), "
                                                 "to aim with the mouse")
        # the readouts: the state's exact values, and what a learner types
        self.boxes, self.ranges = {}, {}
        self.message = widgets.HTML()   # what happened to a value typed beyond the bounds
        for name in (*FLOATS, "steps"):
            self.boxes[name] = readout_box(name, getattr(self, name))   # the static picture shows it
            take_typed(self.state, name, self.boxes[name], self.message)
            self.ranges[name] = widgets.HTML(layout=_RANGE)   # "fine"'s narrowed range, while on
        self.fine.observe(self._on_fine_changed, names="value")

        self._drag_end = None   # the timer that ends a drag
        self.links = [link_slider(self.state, name, getattr(self, name), moved=self._moved)
                      for name in (*FLOATS, "steps")]
        self.links += [link((self.state, name), (getattr(self, name), "value"))
                       for name in ("x_weight", "y_weight")]

        for slider in (self.s0, self.target):
            slider.layout = widgets.Layout(width=_INNER_SLIDER_WIDTH)
        row = lambda name: widgets.HBox([getattr(self, name), self.boxes[name], self.ranges[name]],
                                        layout=widgets.Layout(align_items="center"))
        inputs = widgets.Accordion(children=[widgets.VBox([row("s0"), row("target")])],
                                   titles=("input and target",), layout=_WIDE)
        self.heading = widgets.HTML(START_HEADING if start else "<b style='font-size: 15px'>weights</b>",
                                    layout=widgets.Layout(width=_WIDE.width))
        self.children = [
            self.heading,
            row("w0"), row("w1"), row("w2"),
            widgets.HTML("<b style='font-size: 15px'>gradient descent</b>"),
            row("alpha"), row("steps"),
            inputs,
            self.message,
            *([widgets.HBox([self.x_weight, self.y_weight])] if axes else []),
            widgets.HBox([self.reset_button, self.fine] if reset else [self.fine]),
            self.readout,
        ]
        self.wide_ranges = {name: (getattr(self, name).min, getattr(self, name).max) for name in FLOATS}
        self.observe_state(self.state, self._render, slowly=False)   # the readout: every move

    def _moved(self):
        """A slider moves the state: the state is `dragging` until the sliders are still for DRAG_QUIET.
        (Without a running event loop nothing could end the drag: then it is not marked.)"""
        loop = running_loop()
        if loop is None:
            return
        if self._drag_end is not None:
            self._drag_end.cancel()
        self.state.dragging = True
        self._drag_end = loop.call_later(DRAG_QUIET, self._drag_ended)

    def _drag_ended(self):
        self._drag_end = None
        self.state.dragging = False

    def _render(self):
        d = self.state.derived
        self.readout.value = f"out = {rounded_text(d.forward.out, '.4f')},  C = {rounded_text(d.cost)}"
        self.message.value = ""   # a message is about the last typed value only
        for name in (*FLOATS, "steps"):
            self.boxes[name].value = shown(getattr(self.state, name))
        if self.fine.value:   # Reset, a typed value, a scenario or a click moved a value out of its range
            moved = [name for name in FLOATS if not self._within(name)]
            if moved:
                self._with_links_off(lambda: self._set_ranges(True, moved))
        for name in (*FLOATS, "steps"):
            self._mark_beyond(name)

    def _within(self, name):
        """Is the state's value on the slider? (Else "fine" moves the range under it.)"""
        return on_the_slider(getattr(self, name), getattr(self.state, name))

    def _mark_beyond(self, name):
        """A red handle and a tooltip when the state's value lies beyond the slider's range."""
        mark_beyond(getattr(self, name), name, getattr(self.state, name), self.tooltips[name])

    def _on_fine_changed(self, change):
        """Fine: each slider spans a small range around its value; off: the full ranges again.

        """
        self._with_links_off(lambda: self._set_ranges(fine=change["new"]))

    def _with_links_off(self, action):
        """Run action() unlinked: a slider clamped by its new range must not move the state."""
        for slider_link in self.links:
            slider_link.unlink()
        try:
            action()
        finally:
            for slider_link in self.links:
                slider_link.link()

    def _set_ranges(self, fine, names=FLOATS):
        """Fine: each slider in `names` spans value +- a half width (even beyond its wide range,
        within what the state takes); off: the wide ranges."""
        for name in names:
            slider = getattr(self, name)
            low, high = self.wide_ranges[name]
            centre = slider_position(slider, getattr(self.state, name))
            if fine and math.isfinite(centre):   # alpha = 0 has no place on a log scale: wide range
                half = FINE_LOG_HALF_WIDTH if name == "alpha" else FINE_HALF_WIDTH
                bound_low, bound_high = (slider_position(slider, b) for b in BOUNDS[name])
                low, high = max(bound_low, centre - half), min(bound_high, centre + half)
            # widen first, so the value never has to be clamped on the way
            slider.min, slider.max = min(slider.min, low), max(slider.max, high)
            slider.min, slider.max = low, high
            slider.value = getattr(self.state, name)   # the range moved under it: put it back
            self._mark_beyond(name)
            ends = (10 ** low, 10 ** high) if name == "alpha" else (low, high)
            self.ranges[name].value = (f"<div style='font-size: 12px; line-height: 1.25; color: #555'>"
                                       f"{fine_reach(name)}<br>{rounded_text(ends[0], '.3g')} to "
                                       f"{rounded_text(ends[1], '.3g')}</div>")
            self.ranges[name].layout.display = None if fine else "none"

    def describe(self):
        """The values the sliders show, and the readout."""
        s = self.state
        w0, w1, w2, s0, target = (rounded_text(getattr(s, name)) for name in ("w0", "w1", "w2", "s0", "target"))
        return (f"Sliders: w0 = {w0}, w1 = {w1}, w2 = {w2}, alpha = {rounded_text(s.alpha, '.3g')}, "
                f"steps = {s.steps}, s0 = {s0}, target = {target}; landscape axes "
                f"{s.x_weight} and {s.y_weight}; {self.readout.value}.")


def fine_reach(name):
    """How far "fine" lets a slider reach each way from its value: "±0.5", for alpha "×/÷ 3.16"."""
    if name == "alpha":
        return f"\u00d7/\u00f7 {10 ** FINE_LOG_HALF_WIDTH:.3g}"   # half a decade: a factor of 3.16
    return f"\u00b1{FINE_HALF_WIDTH:g}"


__all__ = ["WeightSliders", "WEIGHT_RANGE"]
