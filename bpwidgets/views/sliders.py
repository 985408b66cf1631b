"""The controls: one slider per weight, the learning rate, the steps, the landscape's axes.

Every control is linked to the shared NetworkState with `traitlets.link` in the
kernel (no JavaScript), so moving a slider changes the state, and changing the
state (in code, or from another view) moves the slider.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
from traitlets import link

from ..chain import WEIGHTS
from ._panel import Panel, use_state
from ..state import NETWORK_TRAITS

WEIGHT_RANGE = (-6.0, 6.0)   # down to -6: the "saturated" scenario needs w1 = -6
ALPHA_LOG_MIN = math.log10(0.5) - 54 * 0.05   # 10^min = 0.000998, about 1e-3
ALPHA_LOG_MAX = math.log10(0.5) + 46 * 0.05   # 10^max = 99.8, about 1e2
_STYLE = {"description_width": "60px"}
_WIDE = widgets.Layout(width="330px")


def _same(value):
    return value


def _clean(value):
    """A slider's value without the browser's float noise: 0.7000000000000002 -> 0.7.

    The browser snaps a slider to min + k*step in floating point, so the lecture's
    0.7 comes back as 0.7000000000000002 (and alpha 0.5 as 0.49999999999999994).
    Twelve significant digits are far more than any slider shows.
    """
    return float(f"{value:.12g}")


def _slider(description, low, high, step=0.01, tooltip=""):
    return widgets.FloatSlider(min=low, max=high, step=step, description=description,
                               tooltip=tooltip, continuous_update=True, readout_format=".2f",
                               style=_STYLE, layout=_WIDE)


class WeightSliders(Panel):
    """Sliders for w0, w1, w2, alpha, s0, target and steps; axis pickers; Reset; live out and C."""

    def __init__(self, state=None, **kwargs):
        super().__init__(**kwargs)
        self.state = use_state(state)   # TypeError for anything but a NetworkState or None
        low, high = WEIGHT_RANGE

        self.w0 = _slider("w0", low, high, tooltip="weight from the input s0 to x1")
        self.w1 = _slider("w1", low, high, tooltip="weight from s1 to x2")
        self.w2 = _slider("w2", low, high, tooltip="weight from s2 to out")
        # The slider snaps to min + k*step in log10: this grid is 0.5 * 10^(k/20), so the
        # lecture's 0.5 (and 0.05, 5, 50) lie on it and a browser does not nudge alpha to 0.501.
        self.alpha = widgets.FloatLogSlider(base=10, min=ALPHA_LOG_MIN, max=ALPHA_LOG_MAX, step=0.05,
                                            description="alpha", readout_format=".3g",
                                            tooltip="learning rate: the size of each step",
                                            style=_STYLE, layout=_WIDE)
        self.steps = widgets.IntSlider(min=0, max=300, description="steps",
                                       tooltip="how many gradient-descent steps to draw",
                                       style=_STYLE, layout=_WIDE)
        self.s0 = _slider("s0", -4.0, 4.0, tooltip="the input")
        self.target = _slider("target", -2.0, 2.0, tooltip="what out should be")
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

        floats = ("w0", "w1", "w2", "alpha", "s0", "target")
        self.links = [link((self.state, name), (getattr(self, name), "value"),
                           transform=(_same, self._from_slider(name)))
                      for name in floats]
        self.links += [link((self.state, name), (getattr(self, name), "value"))
                       for name in ("steps", "x_weight", "y_weight")]

        inputs = widgets.Accordion(children=[widgets.VBox([self.s0, self.target])],
                                   titles=("input and target",), layout=_WIDE)
        self.children = [
            widgets.HTML("<b style='font-size: 15px'>weights</b>"),
            self.w0, self.w1, self.w2,
            widgets.HTML("<b style='font-size: 15px'>gradient descent</b>"),
            self.alpha, self.steps,
            inputs,
            widgets.HBox([self.x_weight, self.y_weight]),
            widgets.HBox([self.reset_button]),
            self.readout,
        ]
        self.state.observe(self._on_state_changed, names=NETWORK_TRAITS)
        self._on_state_changed()

    def _from_slider(self, name):
        """What a slider's new value means for the state.

        A browser snaps a slider to its grid (min + k*step) and sends the snapped value back:
        state.alpha = 2 would come back as 1.99 and change every number on the page. A value
        within half a step of the state's own is that snapping, and leaves the state alone;
        anything further is the learner moving the slider.
        """
        slider = getattr(self, name)

        def transform(value):
            current = getattr(self.state, name)
            if isinstance(slider, widgets.FloatLogSlider):
                gap = abs(math.log10(value / current)) if value > 0 and current > 0 else math.inf
            else:
                gap = abs(value - current)
            return current if gap < slider.step / 2 else _clean(value)
        return transform

    def _on_state_changed(self, change=None):
        net = self.state.network()
        self.readout.value = f"out = {net.forward().out:.4f},  C = {net.cost():.4g}"

    def describe(self):
        """The values the sliders show, and the readout."""
        s = self.state
        return (f"Sliders: w0 = {s.w0:.4g}, w1 = {s.w1:.4g}, w2 = {s.w2:.4g}, alpha = {s.alpha:.3g}, "
                f"steps = {s.steps}, s0 = {s.s0:.4g}, target = {s.target:.4g}; landscape axes "
                f"{s.x_weight} and {s.y_weight}; {self.readout.value}.")


__all__ = ["WeightSliders", "WEIGHT_RANGE"]
