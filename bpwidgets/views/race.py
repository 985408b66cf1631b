"""SGD, momentum and Adam race downhill on the chain network's contour map.

All three start from the state's weights. Each path is computed once per
change of its inputs (the start, its learning rate, the number of steps) with
`chain.gradient_descent(net, steps=N, optimizer=...)`; pressing Play or Step
only changes how much of each path is shown, so a tick is a blit.

The map is a slice (bpwidgets.slices): C over (x_weight, y_weight) with the
third weight held at the state's value, which the racers leave alone
(bpwidgets.racing.HoldWeight), so every marble rolls on the surface drawn.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D

from ..chain import WEIGHTS
from ..racing import RACERS, race_path
from ..slices import cost_slice, slice_key
from . import style
from ._canvas import Blitter, new_figure
from ._panel import Panel, use_state

FONT = style.FONT
STEPS = 50         # default number of steps in the race
RATE_STEP = 0.05   # in log10: each step of a rate slider is x1.12
# how each racer looks: colour (Okabe-Ito), head marker, line style
LOOKS = {"SGD": (style.BLUE, "o", "-"), "Momentum": (style.ORANGE, "s", "--"),
         "Adam": (style.GREEN, "^", ":")}


class OptimizerRace(Panel):
    """Three optimizers start together from the state's weights; Play, Step and Reset move them on.

    `paths` maps each racer's name to its Trajectory; `shown` is how many steps are drawn.
    """

    def __init__(self, state=None, steps=STEPS, **kwargs):
        self.state = use_state(state)
        self.paths = {}
        self.surface_computations = 0
        self.slice = None
        self._filled = self._valley = None

        self.rates = {}
        for name, _, rate, (lo, hi) in RACERS:
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
        for name, (colour, marker, line) in LOOKS.items():
            (self.lines[name],) = ax.plot([], [], line, color=colour, linewidth=2.2,
                                          path_effects=halo, zorder=4)
            (self.head_markers[name],) = ax.plot([], [], marker, color=colour, markersize=11,
                                                 markeredgecolor="white", markeredgewidth=1.5,
                                                 zorder=5)
        self.start = ax.scatter([0], [0], marker="*", s=320, color="red", edgecolor="black", zorder=6)
        # the legend shows each racer's line style and head marker together
        handles = [Line2D([], [], linestyle=line, marker=marker, color=colour, linewidth=2.2, markersize=9)
                   for colour, marker, line in LOOKS.values()]
        handles.append(Line2D([], [], linestyle="", marker="*", color="red", markeredgecolor="black",
                              markersize=15))
        self.legend = fig.legend(handles, [r[0] for r in RACERS] + ["start"], loc="outside lower center",
                                 ncols=4, fontsize=FONT, frameon=False)
        moving = [self.lines[r[0]] for r in RACERS] + [self.head_markers[r[0]] for r in RACERS]
        self.blitter = Blitter(fig, moving + [self.start])

    def _draw_surface(self):
        """The contour map of this slice and the valley floor C = 0 (only when the slice changes)."""
        sl = self.slice
        x_lo, x_hi, y_lo, y_hi = sl.window
        self.surface_computations += 1
        miss = sl.outs - self.state.target   # 0 on the valley floor
        for artist in (self._filled, self._valley):
            if artist is not None:
                artist.remove()
        self._filled = self.ax.contourf(sl.xs, sl.ys, sl.costs, levels=20, cmap="cividis", alpha=0.75,
                                        zorder=1)
        self._valley = None
        if miss.min() < 0 < miss.max():
            self._valley = self.ax.contour(sl.xs, sl.ys, miss, levels=[0.0], colors="white",
                                           linewidths=1.5, linestyles="-.", zorder=2)
        if not hasattr(self, "colorbar"):
            self.colorbar = self.fig.colorbar(self._filled, ax=self.ax, label="cost C")
            self.colorbar.ax.tick_params(labelsize=style.TICK_FONT)
            self.colorbar.ax.yaxis.label.set_fontsize(FONT)
        else:
            self.colorbar.update_normal(self._filled)
        self.ax.set_xlim(x_lo, x_hi)
        self.ax.set_ylim(y_lo, y_hi)
        self.ax.set_xlabel(sl.x_weight, fontsize=FONT)
        self.ax.set_ylabel(sl.y_weight, fontsize=FONT)
        self.ax.set_title(f"{sl.title} held; dash-dot: the valley floor C = 0", fontsize=FONT)

    # --- reacting ----------------------------------------------------------------------

    def _on_rate_changed(self, change):
        name = next(n for n, slider in self.rates.items() if slider is change["owner"])
        self.render_safely(lambda: self._recompute([name]))

    def _on_steps_changed(self, change):
        self.play.max = self.shown_slider.max = change["new"]
        self.render_safely(self._recompute)

    def _on_shown_changed(self, change):
        self._show()
        self.blitter.update()

    def _recompute(self, names=None):
        """New paths for `names` (default: all), and a new map if the slice changed."""
        s = self.state
        net = s.derived.network
        x, y = getattr(s, s.x_weight), getattr(s, s.y_weight)
        redraw = self.slice is None or slice_key(net, s.x_weight, s.y_weight) != self.slice.key
        if redraw:
            self.slice = cost_slice(net, s.x_weight, s.y_weight)
            self._draw_surface()
        held, steps = s.held_weight, self.steps_slider.value
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
        for name, (colour, *_) in LOOKS.items():
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

    @property
    def window(self):
        """(x_lo, x_hi, y_lo, y_hi): the part of the plane on show."""
        return self.slice.window


__all__ = ["OptimizerRace"]
