"""SGD, momentum and Adam race downhill on the chain network's contour map.

All three start from the state's weights. Each path is computed once per
change of its inputs (the start, its learning rate, the number of steps) with
`chain.gradient_descent(net, steps=N, optimizer=...)` and sent to the page's
contour map (LandscapeMap, the same map as the landscape's); pressing Play or
Step only changes how many steps the page draws (one number sent).

Each number control (a rate, the steps, the steps shown) is a slider to drag and a text box
beside it (views/_typed.py, as the Explorer's sliders): a typed value inside its bounds is taken
exactly (3 stays 3, not the slider's grid point 3.15), one beyond them is set to the nearest
bound, text that is not a number keeps the value, and a message under the rates says so.

The map is a slice (bpwidgets.slices): C over (x_weight, y_weight) with the
third weight held at the state's value, which the racers leave alone
(bpwidgets.racing.HoldWeight), so every marble rolls on the surface drawn.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from traitlets import Float, HasTraits, Int
from matplotlib.cm import ScalarMappable
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..chain import WEIGHTS
from ..racing import RACERS, race_path
from ..slices import cost_slice, window
from ..state import BOUNDS, shown
from . import style
from ._landscape_map import LandscapeMap, follow_state
from ._panel import Panel, use_state
from ._play import PausingPlay
from ._typed import link_slider, mark_beyond, readout_box, take_typed

FONT = style.FONT
STEPS = 50         # default number of steps in the race
MAX_STEPS = 1000   # typed steps up to this: 0.1 s for the three paths, 125 kB sent to the page
                   # (10,000 took 0.5 s and 1.3 MB, and a Play of 20 minutes)
STEPS_SLIDER_MAX = 200
RATE_STEP = 0.05   # in log10: each step of a rate slider is x1.12
RATE_BOUNDS = BOUNDS["alpha"]   # a rate typed as the Explorer's alpha: 0 to 1e6
# how each racer looks: colour (Okabe-Ito), head marker, dashes (canvas setLineDash; [] is solid)
LOOKS = {"SGD": (style.BLUE, "o", []), "Momentum": (style.ORANGE, "s", [9, 4]),
         "Adam": (style.GREEN, "^", [2, 3])}


class RaceSettings(HasTraits):
    """The race's own numbers, exactly as typed or dragged (the sliders' grids are for dragging)."""

    SGD = Float(help="SGD's learning rate")
    Momentum = Float(help="Momentum's learning rate")
    Adam = Float(help="Adam's learning rate")
    steps = Int(STEPS, help="how many steps each racer takes")


class OptimizerRace(Panel):
    """Three optimizers start together from the state's weights; Play, Step and Reset move them on.

    `paths` maps each racer's name to its Trajectory; `shown` is how many steps are drawn;
    `settings` holds each racer's learning rate and the steps, as typed (`rates` are their sliders).
    """

    def __init__(self, state=None, steps=STEPS, **kwargs):
        self.state = use_state(state)
        self.paths = {}
        self.settings = RaceSettings(steps=steps, **{name: rate for name, _, rate, _ in RACERS})
        self.message = widgets.HTML()   # what was done with a value typed beyond its bounds
        self.boxes = {}                 # the text box beside each slider: "SGD", ..., "steps", "shown"

        self.rates = {}
        for name, _, rate, (lo, hi) in RACERS:
            # the grid (min + k*step in log10) runs through the default rate, so a browser
            # shows 0.5 as 0.5, not as the nearest grid point 0.501
            lo = math.log10(rate) - round((math.log10(rate) - lo) / RATE_STEP) * RATE_STEP
            hi = math.log10(rate) + round((hi - math.log10(rate)) / RATE_STEP) * RATE_STEP
            self.rates[name] = widgets.FloatLogSlider(value=rate, base=10, min=lo, max=hi, step=RATE_STEP,
                                                      description=f"{name} rate", readout=False,
                                                      style={"description_width": "initial"},
                                                      layout=widgets.Layout(flex="1 1 0%", min_width="0"))
            self.rates[name].add_class("bp-log-slider")   # keyboard.js: the handle's place is log10(rate)
        self.steps_slider = widgets.IntSlider(value=steps, min=1, max=STEPS_SLIDER_MAX, description="steps",
                                              readout=False, layout=widgets.Layout(width="200px"))
        self.play = PausingPlay(value=0, min=0, max=steps, interval=120)
        self.shown_slider = widgets.IntSlider(value=0, min=0, max=steps, description="shown",
                                              readout=False, layout=widgets.Layout(width="200px"))
        widgets.link((self.play, "value"), (self.shown_slider, "value"))
        self.tooltips = {name: f"{name}'s learning rate" for name in self.rates}
        self.tooltips.update(steps="how many steps each racer takes", shown="how many steps are drawn")
        for name, slider in self.rates.items():
            link_slider(self.settings, name, slider)
            self.boxes[name] = readout_box(f"{name} rate", slider)
            take_typed(self.settings, name, self.boxes[name], self.message, f"{name} rate", RATE_BOUNDS)
        link_slider(self.settings, "steps", self.steps_slider)
        self.boxes["steps"] = readout_box("steps", self.steps_slider)
        take_typed(self.settings, "steps", self.boxes["steps"], self.message, "steps", (1, MAX_STEPS))
        self.boxes["shown"] = readout_box("shown", self.shown_slider)
        take_typed(self.play, "value", self.boxes["shown"], self.message, "shown", lambda: (0, self.play.max))
        self.settings.observe(self._on_rate_changed, names=list(self.rates))
        self.settings.observe(self._on_steps_changed, names="steps")
        self.step_button = widgets.Button(description="Step", icon="step-forward", tooltip="one step for everyone")
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="stop, and back to step 0: every racer at the start")
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.play.observe(self._on_shown_changed, names="value")

        self.status = widgets.HTML()
        # the contour map, drawn in the page: the start, the racers' paths and the valley floor
        self.map = LandscapeMap(show_descent=False, show_surface=False, valley=True, shown=0,
                                width=720, height=540)
        self.map.on_start(lambda point: self.state.set_weights(**point))
        row = lambda name, slider, width: widgets.HBox([slider, self.boxes[name]], layout=widgets.Layout(
            width=width, align_items="center"))
        controls = widgets.HBox([self.play, self.step_button, self.reset_button,
                                 row("shown", self.shown_slider, None), row("steps", self.steps_slider, None)],
                                layout=widgets.Layout(flex_flow="row wrap"))
        rates = widgets.HBox([row(name, slider, "32%") for name, slider in self.rates.items()])
        super().__init__([controls, rates, self.message, self.map, self.status], **kwargs)

        self.observe_state(self.state, self._recompute)

    # --- public ---------------------------------------------------------------------

    @property
    def shown(self):
        """How many steps of each path are drawn."""
        return self.play.value

    def step(self):
        """Everyone takes one more step (up to the last)."""
        self.play.value = min(self.play.value + 1, self.play.max)

    def reset(self):
        """Stop and go back to the start."""
        self.play.playing = False
        self.play.value = 0

    def heads(self):
        """{name: (x, y)} where each racer's head is drawn."""
        return {name: tuple(racer["points"][min(self.shown, len(racer["points"]) - 1)])
                for name, racer in zip(self.paths, self.map.paths)}

    # --- reacting ----------------------------------------------------------------------

    def _on_rate_changed(self, change):
        self.render_safely(lambda: self._recompute([change["name"]]))

    def _on_steps_changed(self, change):
        # the longer range first, so that neither clamps the other's value on the way
        self.play.max = self.shown_slider.max = change["new"]
        self.render_safely(self._recompute)

    def _on_shown_changed(self, change):
        self._show()

    def _recompute(self, names=None):
        """New paths for `names` (default: all), sent to the page with the state's numbers."""
        s = self.state
        net = s.derived.network
        held, steps = s.held_weight, self.settings.steps
        for name in names or [r[0] for r in RACERS]:
            self.paths[name] = race_path(net, name, getattr(self.settings, name), steps, held)
        ix, iy = WEIGHTS.index(s.x_weight), WEIGHTS.index(s.y_weight)
        with self.map.hold_sync():
            follow_state(self.map, s)
            self.map.paths = [
                dict(name=name, colour=colour, marker=marker, dash=dash,
                     points=[[float(w[ix]), float(w[iy])] for w in self.paths[name].weights])
                for name, (colour, marker, dash) in LOOKS.items()]
            self._show()

    def _show(self):
        """Draw the first `shown` steps of every path, heads at their ends, the standings and the
        controls' exact values (a message is about the last typed value only: it goes)."""
        k = self.play.value
        self.map.shown = k
        self.message.value = ""
        values = {**{name: getattr(self.settings, name) for name in self.rates},
                  "steps": self.settings.steps, "shown": k}
        sliders = {**self.rates, "steps": self.steps_slider, "shown": self.shown_slider}
        for name, value in values.items():
            self.boxes[name].value = shown(value)
            label = f"{name} rate" if name in self.rates else name
            mark_beyond(sliders[name], label, value, self.tooltips[name])
        lines, self.messages = [], {}
        for name, (colour, *_) in LOOKS.items():
            path = self.paths[name]
            upto = min(k, path.steps)      # a diverged path stops at its last finite point
            if path.diverged and k >= path.diverged_at:
                text = f"{name} diverged at step {path.diverged_at}: lower its rate"
            else:
                text = f"{name} at step {upto}: C = {path.costs[upto]:.3g}"
            self.messages[name] = text
            lines.append(f'<span style="color: {colour}; font-weight: bold">&#9632;</span> {text}')
        self.status.value = '<div style="font-size: 1.1em; line-height: 1.5">' + "<br>".join(lines) + "</div>"

    @property
    def window(self):
        """(x_lo, x_hi, y_lo, y_hi): the part of the plane on show (the page computes the same)."""
        s = self.state
        return window(s.x_weight, s.y_weight, getattr(s, s.x_weight), getattr(s, s.y_weight))

    def describe(self):
        """Where each optimizer is on the contour map."""
        s = self.state
        return (f"Optimizer race on the contour map of C({s.x_weight}, {s.y_weight}): "
                + "; ".join(self.messages.values()) + ".")

    def static_figures(self):
        """The page-drawn map's picture in a saved notebook: the race so far, drawn by matplotlib."""
        return {self.map: self.static_figure()}

    def static_figure(self):
        """The contour map with the valley floor, the start and each racer's first `shown` steps."""
        s = self.state
        sl = cost_slice(s.derived.network, s.x_weight, s.y_weight)
        fig = Figure(figsize=(7.2, 5.4), layout="constrained")
        ax = fig.add_subplot()
        top = max(sl.costs.max(), 1e-6)
        norm = PowerNorm(0.5, vmin=0.0, vmax=top)
        ax.contourf(sl.xs, sl.ys, sl.costs, levels=top * np.linspace(0, 1, 21) ** 2,
                            cmap=style.COLOUR_MAP, norm=norm)
        colorbar = fig.colorbar(ScalarMappable(norm, cmap=style.COLOUR_MAP), ax=ax, label="C")
        colorbar.set_ticks([t for t in MaxNLocator(6).tick_values(0.0, top) if t <= top])
        miss = sl.outs - s.target
        if miss.min() < 0 < miss.max():
            ax.contour(sl.xs, sl.ys, miss, levels=[0.0], colors="white", linewidths=2)
        ix, iy = WEIGHTS.index(s.x_weight), WEIGHTS.index(s.y_weight)
        for name, (colour, marker, dash) in LOOKS.items():
            w = self.paths[name].weights[: min(self.shown, self.paths[name].steps) + 1]
            ax.plot(w[:, ix], w[:, iy], color=colour, linewidth=2.2, dashes=dash or (None, None), label=name)
            ax.plot(w[-1:, ix], w[-1:, iy], marker, color=colour, markersize=11, markeredgecolor="white")
        ax.plot([getattr(s, s.x_weight)], [getattr(s, s.y_weight)], markersize=17, linestyle="", **style.STAR)
        ax.set_xlim(*sl.window[:2])
        ax.set_ylim(*sl.window[2:])
        ax.set_xlabel(s.x_weight, fontsize=FONT)
        ax.set_ylabel(s.y_weight, fontsize=FONT)
        ax.set_title(f"{sl.title} held; white: the valley floor C = 0", fontsize=FONT)
        ax.legend(fontsize=FONT - 1, loc="lower left")
        return fig



__all__ = ["OptimizerRace"]
