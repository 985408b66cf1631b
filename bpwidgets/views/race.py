"""SGD, momentum and Adam race downhill on the chain network's contour map.

All three start from the state's weights. Each path is computed once per
change of its inputs (the start, its learning rate, the number of steps) with
`chain.gradient_descent(net, steps=N, optimizer=...)`; pressing Play or Step
only changes how much of each path is shown, so a tick is a blit.

The map is a slice: C over (x_weight, y_weight) with the third weight held at
the state's value. So that every marble rolls on the surface drawn, the
optimizers here leave that third weight alone (`HoldWeight`); otherwise Adam,
which scales every weight's step to about the learning rate, would move it
by as much as the others and the paths would leave the slice.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D

from .. import nn
from ..chain import WEIGHTS, gradient_descent, half_squared_error, output_surface
from ._canvas import Blitter, new_figure
from .landscape import window_around
from ._panel import Panel, use_state
from ..state import NETWORK_TRAITS

GRID = 80
FONT = 12
STEPS = 50     # default number of steps in the race

# name, optimizer class, default learning rate, slider range (log10), colour (tab10), marker, linestyle
RATE_STEP = 0.05   # in log10: each step of a rate slider is x1.12
RACERS = (
    ("SGD", nn.SGD, 0.5, (-2, 1), "#1f77b4", "o", "-"),
    ("Momentum", nn.Momentum, 0.05, (-3, 0), "#ff7f0e", "s", "--"),
    ("Adam", nn.Adam, 0.1, (-3, 0), "#2ca02c", "^", ":"),
)


class HoldWeight:
    """Wrap an optimizer so one weight of the chain network keeps its value (its gradient is zeroed)."""

    def __init__(self, optimizer, held):
        if held not in WEIGHTS:
            raise ValueError(f"held must be one of 'w0', 'w1', 'w2', got {held!r}")
        self.optimizer = optimizer
        self.index = WEIGHTS.index(held)

    def step(self, params, grads):
        """The wrapped optimizer's step, with the held weight's gradient set to 0."""
        grads = [np.array(g, dtype=float) for g in grads]
        grads[0][self.index] = 0.0
        self.optimizer.step(params, grads)


def race_path(net, name, learning_rate, steps, held):
    """The Trajectory of one racer: gradient_descent with a fresh optimizer, `held` fixed."""
    optimizer = {r[0]: r[1] for r in RACERS}[name](learning_rate)
    return gradient_descent(net, steps=steps, optimizer=HoldWeight(optimizer, held))


class OptimizerRace(Panel):
    """Three optimizers start together from the state's weights; Play, Step and Reset move them on.

    `paths` maps each racer's name to its Trajectory; `shown` is how many steps are drawn.
    """

    def __init__(self, state=None, steps=STEPS, **kwargs):
        self.state = use_state(state)
        self.paths = {}
        self.surface_computations = 0
        self.window = None
        self._surface_key = None
        self._filled = self._valley = None

        self.rates = {}
        for name, _, rate, (lo, hi), *_ in RACERS:
            # the grid (min + k*step in log10) runs through the default rate, so a browser
            # shows 0.5 as 0.5, not as the nearest grid point 0.501
            lo = math.log10(rate) - round((math.log10(rate) - lo) / RATE_STEP) * RATE_STEP
            hi = math.log10(rate) + round((hi - math.log10(rate)) / RATE_STEP) * RATE_STEP
            self.rates[name] = widgets.FloatLogSlider(value=rate, base=10, min=lo, max=hi, step=RATE_STEP,
                                                      description=f"{name} rate", readout_format=".3g",
                                                      style={"description_width": "initial"})
            self.rates[name].observe(self._on_rate_changed, names="value")
        self.steps_slider = widgets.IntSlider(value=steps, min=1, max=200, description="steps")
        self.play = widgets.Play(value=0, min=0, max=steps, interval=120, description="play the race")
        self.shown_slider = widgets.IntSlider(value=0, min=0, max=steps, description="shown")
        widgets.link((self.play, "value"), (self.shown_slider, "value"))
        self.step_button = widgets.Button(description="Step", icon="step-forward", tooltip="one step for everyone")
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to the start")
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.steps_slider.observe(self._on_steps_changed, names="value")
        self.play.observe(self._on_shown_changed, names="value")

        self.status = widgets.HTML()
        self._build_figure()
        controls = widgets.HBox([self.play, self.step_button, self.reset_button, self.shown_slider,
                                 self.steps_slider])
        for slider in self.rates.values():
            slider.layout.width = "32%"
        rates = widgets.HBox(list(self.rates.values()))
        super().__init__([controls, rates, self.fig.canvas, self.status], **kwargs)

        self._recompute()
        self.state.observe(self._on_state_changed,
                           names=[*NETWORK_TRAITS, "x_weight", "y_weight"])

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
        """{name: (x, y)} where each racer's head marker is."""
        return {name: tuple(float(self.head_markers[name].get_data()[i][0]) for i in (0, 1))
                for name in self.paths}

    # --- the figure, built once -----------------------------------------------------------

    def _build_figure(self):
        self.fig = fig = new_figure(7.2, 5.6)
        self.ax = ax = fig.add_subplot(1, 1, 1)
        ax.tick_params(labelsize=FONT - 1)
        halo = [patheffects.withStroke(linewidth=4.5, foreground="white")]
        self.lines, self.head_markers = {}, {}
        for name, _, _, _, colour, marker, style in RACERS:
            (self.lines[name],) = ax.plot([], [], style, color=colour, linewidth=2.2,
                                          path_effects=halo, zorder=4)
            (self.head_markers[name],) = ax.plot([], [], marker, color=colour, markersize=11,
                                                 markeredgecolor="white", markeredgewidth=1.5,
                                                 zorder=5)
        self.start = ax.scatter([0], [0], marker="*", s=320, color="red", edgecolor="black", zorder=6)
        # the legend shows each racer's line style and head marker together
        handles = [Line2D([], [], linestyle=style, marker=marker, color=colour, linewidth=2.2, markersize=9)
                   for _, _, _, _, colour, marker, style in RACERS]
        handles.append(Line2D([], [], linestyle="", marker="*", color="red", markeredgecolor="black",
                              markersize=15))
        self.legend = fig.legend(handles, [r[0] for r in RACERS] + ["start"], loc="outside lower center",
                                 ncols=4, fontsize=FONT, frameon=False)
        moving = [self.lines[r[0]] for r in RACERS] + [self.head_markers[r[0]] for r in RACERS]
        self.blitter = Blitter(fig, moving + [self.start])

    def _draw_surface(self):
        """The contour map of this slice and the valley floor C = 0 (only when the slice changes)."""
        s = self.state
        x_lo, x_hi, y_lo, y_hi = self.window
        xs, ys = np.linspace(x_lo, x_hi, GRID), np.linspace(y_lo, y_hi, GRID)
        net = s.network()
        out = output_surface(net, s.x_weight, s.y_weight, xs, ys)
        costs = half_squared_error(out, net.target)
        self.surface_computations += 1
        miss = out - net.target   # 0 on the valley floor
        for artist in (self._filled, self._valley):
            if artist is not None:
                artist.remove()
        self._filled = self.ax.contourf(xs, ys, costs, levels=20, cmap="cividis", alpha=0.75, zorder=1)
        self._valley = None
        if miss.min() < 0 < miss.max():
            self._valley = self.ax.contour(xs, ys, miss, levels=[0.0], colors="white",
                                           linewidths=1.5, linestyles="-.", zorder=2)
        if not hasattr(self, "colorbar"):
            self.colorbar = self.fig.colorbar(self._filled, ax=self.ax, label="cost C")
            self.colorbar.ax.tick_params(labelsize=FONT - 1)
            self.colorbar.ax.yaxis.label.set_fontsize(FONT)
        else:
            self.colorbar.update_normal(self._filled)
        self.ax.set_xlim(x_lo, x_hi)
        self.ax.set_ylim(y_lo, y_hi)
        self.ax.set_xlabel(s.x_weight, fontsize=FONT)
        self.ax.set_ylabel(s.y_weight, fontsize=FONT)
        held = s.held_weight
        self.ax.set_title(f"C({s.x_weight}, {s.y_weight}) with {held} = {getattr(s, held):.3g} held;"
                          " dash-dot: the valley floor C = 0", fontsize=FONT)
        self._surface_key = self._slice_key()

    def _slice_key(self):
        s = self.state
        held = s.held_weight
        return (s.x_weight, s.y_weight, getattr(s, held), s.s0, s.target, self.window)

    # --- reacting ----------------------------------------------------------------------

    def _on_state_changed(self, change):
        self._recompute()

    def _on_rate_changed(self, change):
        name = next(n for n, slider in self.rates.items() if slider is change["owner"])
        self._recompute([name])

    def _on_steps_changed(self, change):
        self.play.max = self.shown_slider.max = change["new"]
        self._recompute()

    def _on_shown_changed(self, change):
        self._show()
        self.blitter.update()

    def _recompute(self, names=None):
        """New paths for `names` (default: all), and a new map if the slice changed."""
        s = self.state
        x, y = getattr(s, s.x_weight), getattr(s, s.y_weight)
        self.window = window_around(self.state, x, y)
        redraw = self._slice_key() != self._surface_key
        if redraw:
            self._draw_surface()
        net, held, steps = s.network(), s.held_weight, self.steps_slider.value
        for name in names or [r[0] for r in RACERS]:
            self.paths[name] = race_path(net, name, self.rates[name].value, steps, held)
        self.start.set_offsets([[x, y]])
        self._show()
        if redraw:
            self.blitter.redraw()
        else:
            self.blitter.update()

    def _show(self):
        """Draw the first `shown` steps of every path, heads at their ends, and the standings."""
        s = self.state
        ix, iy = WEIGHTS.index(s.x_weight), WEIGHTS.index(s.y_weight)
        k = self.play.value
        lines, self.messages = [], {}
        for name, _, _, _, colour, *_ in RACERS:
            path = self.paths[name]
            upto = min(k, path.steps)      # a diverged path stops at its last finite point
            w = path.weights[: upto + 1]
            self.lines[name].set_data(w[:, ix], w[:, iy])
            self.head_markers[name].set_data([w[-1, ix]], [w[-1, iy]])
            if path.diverged and k >= path.diverged_at:
                text = f"{name} diverged at step {path.diverged_at}: lower its rate"
            else:
                text = f"{name} at step {upto}: C = {path.costs[upto]:.3g}"
            self.messages[name] = text
            lines.append(f'<span style="color: {colour}; font-weight: bold">&#9632;</span> {text}')
        self.status.value = '<div style="font-size: 1.1em; line-height: 1.5">' + "<br>".join(lines) + "</div>"

    def describe(self):
        """Where each optimizer is on the contour map."""
        s = self.state
        return (f"Optimizer race on the contour map of C({s.x_weight}, {s.y_weight}): "
                + "; ".join(self.messages.values()) + ".")


__all__ = ["OptimizerRace", "HoldWeight", "race_path", "RACERS"]
