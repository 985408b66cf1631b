"""Gradient descent, played step by step.

The trajectory w <- w - alpha dC/dw is computed once per state change (the
state's derived values); the Play button only moves a marker along it. The step
shown is the state's `marble`, so a landscape on the same state puts its marble
there: the star marks the start, the marble walks away from it.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from traitlets import link

from ..chain import ROUNDING_COST, WEIGHTS
from ..numbers import rounded_text
from . import style
from ._canvas import Blitter, SECONDARY_VIEW_INTERVAL, new_figure
from ._panel import Panel, plain, use_state
from ._play import PausingPlay

COLOURS = style.WEIGHT_COLOURS
# Below ROUNDING_COST (1e-12) a cost is zero up to rounding: the cost line ends there (it would
# fall on to ~1e-32 and lie flat at rounding's floor), the axis stops just under it, and a note
# says from which step. The marker of an iteration below it sits on that line.
COST_AXIS_FLOOR = ROUNDING_COST / 3
# w1 and w2 often end within a line's width of each other: w1 is drawn wide, w2 dashed on top
# (zorder: w1 below the others, so the thin w0 and the dashed w2 show on it)
WEIGHT_LOOKS = {"w0": dict(lw=1.5), "w1": dict(lw=4.5, alpha=0.7, zorder=1.9), "w2": dict(lw=1.8, dashes=(4, 2))}
COINCIDE = 0.01   # two weight lines closer than this fraction of the axis's height look like one


class TrainingView(Panel):
    """Play gradient descent from the state's weights with the state's alpha.

    `view.iteration` is the step shown, `view.current_weights` the weights there,
    `view.trajectory` the chain.Trajectory being played.
    """

    def __init__(self, state=None, **kwargs):
        self.state = use_state(state)
        self.trajectory = None
        self.play = PausingPlay(value=0, min=0, max=1, step=1, interval=100, show_repeat=False)
        self.iteration_slider = widgets.IntSlider(value=0, min=0, max=1, description="iteration")
        # kernel-side links, so the slider is right even without a browser
        widgets.link((self.play, "value"), (self.iteration_slider, "value"))
        widgets.link((self.play, "max"), (self.iteration_slider, "max"))
        self.step_button = widgets.Button(description="Step", icon="step-forward",
                                          tooltip="one gradient-descent step")
        self.reset_button = widgets.Button(description="Reset", icon="undo",
                                           tooltip="stop, and back to iteration 0: the starting weights")
        self.status = widgets.HTML()
        self.fig = new_figure(6.5, 4.6)
        self._build()
        controls = widgets.HBox([self.play, self.iteration_slider, self.step_button,
                                 self.reset_button])
        super().__init__([controls, self.status, self.fig.canvas], **kwargs)
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        # the iteration shown is the state's marble (None at the start)
        self.marble_link = link((self.state, "marble"), (self.play, "value"),
                                transform=(lambda k: k or 0, lambda k: k or None))
        self.observe_state(self.state, self._render)

    # --- public -------------------------------------------------------------

    @property
    def iteration(self):
        """The iteration shown (0 = the starting weights): the state's marble."""
        return self.state.marble or 0

    @iteration.setter
    def iteration(self, k):
        self.state.marble = k or None

    @property
    def current_weights(self):
        """{'w0': ..., 'w1': ..., 'w2': ...} at the current iteration."""
        return dict(zip(WEIGHTS, (float(w) for w in self.trajectory.weights[self.iteration])))

    def step(self):
        """Pause, and one iteration on (stays at the last one)."""
        self.play.playing = False
        self.iteration = min(self.iteration + 1, self.state.derived.trajectory.steps)

    def reset(self):
        """Stop playing and go back to iteration 0."""
        self.play.playing = False
        self.iteration = 0

    # --- the figure, built once -----------------------------------------------

    def _build(self):
        self.cost_ax, self.weight_ax = self.fig.subplots(2, 1, sharex=True)
        ax = self.cost_ax
        ax.set_yscale("log")
        ax.set_ylabel("cost C", fontsize=12)
        (self.cost_line,) = ax.plot([], [], color="black", lw=1.5)
        (self.cost_point,) = ax.plot([], [], "o", ms=8, color="black")
        self.diverged_text = ax.text(0.98, 0.05, "", transform=ax.transAxes, ha="right",
                                     fontsize=12, color="#D55E00")
        self.zero_line = ax.axhline(ROUNDING_COST, color=style.GREY, lw=1, ls=":")
        self.zero_text = ax.text(0.98, 0.92, "", transform=ax.transAxes, ha="right", va="top",
                                 fontsize=11, color=style.GREY)
        self.weight_lines, self.weight_points = {}, {}
        ax = self.weight_ax
        for name in WEIGHTS:
            (self.weight_lines[name],) = ax.plot([], [], color=COLOURS[name], label=name, **WEIGHT_LOOKS[name])
            (self.weight_points[name],) = ax.plot([], [], "o", ms=7, color=COLOURS[name])
        self.coincide_text = ax.text(0.98, 0.5, "", transform=ax.transAxes, ha="right", va="center",
                                     fontsize=11, color=style.GREY)
        ax.set_xlabel("iteration", fontsize=12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("weights", fontsize=12)
        ax.legend(fontsize=11, loc="best", ncols=3)
        self.markers = [a.axvline(0, color="0.5", lw=1) for a in (self.cost_ax, self.weight_ax)]
        for a in (self.cost_ax, self.weight_ax):
            a.tick_params(labelsize=11)
            a.grid(True, alpha=0.3)
        # Everything that moves is blitted over the saved axes: a Play tick moves only the
        # points and markers, a state change also the lines.
        self.blitter = Blitter(self.fig, [self.cost_line, *self.weight_lines.values(), self.diverged_text,
                                          self.zero_text, self.coincide_text,
                                          self.cost_point, *self.weight_points.values(), *self.markers],
                               min_interval=SECONDARY_VIEW_INTERVAL, full_frames=True)

    # --- updates ---------------------------------------------------------------

    def _render(self):
        """A new trajectory (a new path: weights, alpha or steps changed) stops playing and redraws
        the lines; otherwise only the current iteration moves, and Play plays on to the last step."""
        traj = self.state.derived.trajectory   # the same object while the path is the same
        if traj is not self.trajectory:
            self._new_trajectory(traj)
        else:
            self._show_iteration()
            self.blitter.update()
        if self.iteration >= traj.steps:
            self.play.playing = False   # at the end (the page's Play stops there too)

    def _new_trajectory(self, traj):
        """The lines of a new trajectory; the axes change only if the lines no longer fit them."""
        self.trajectory = traj
        k = np.arange(traj.steps + 1)
        self.zero_from = traj.zero_from
        costs = traj.costs.copy()
        if self.zero_from is not None:
            costs[self.zero_from + 1:] = np.nan   # the line ends where the cost reaches zero up to rounding
        self.cost_line.set_data(k, costs)
        for i, name in enumerate(WEIGHTS):
            self.weight_lines[name].set_data(k, traj.weights[:, i])
        self.diverged_text.set_text(f"diverged at step {traj.diverged_at}" if traj.diverged else "")
        self.zero_text.set_text("" if self.zero_from is None else
                                f"cost below 1e-12 (zero up to rounding)\nfrom step {self.zero_from} on")
        self.play.playing = False
        self.play.max = traj.steps   # a diverged run stops at its last finite step
        self._show_iteration()
        changed = self._fit_limits(traj)
        self.coincide_text.set_text(coinciding(traj.weights, COINCIDE * np.ptp(self.weight_ax.get_ylim())))
        if changed:
            self.blitter.redraw()
        else:
            self.blitter.update()

    def _fit_limits(self, traj):
        """Set the axes' limits if the new lines leave them or fill them poorly; True if changed."""
        changed = False
        shown = traj.costs[traj.costs >= ROUNDING_COST]
        top = np.log10(shown.max() * 2) if shown.size else np.log10(ROUNDING_COST * 10)
        bottom = np.log10(COST_AXIS_FLOOR if self.zero_from is not None else shown.min() / 2)
        low, high = np.log10(self.cost_ax.get_ylim())
        if bottom < low - 1e-9 or top > high + 1e-9 or (high - low) > (top - bottom) + 4 or \
                (self.zero_from is not None and not np.isclose(low, bottom)):
            self.cost_ax.set_ylim(10 ** bottom, 10 ** top)
            changed = True
        w_low, w_high = traj.weights.min(), traj.weights.max()
        low, high = self.weight_ax.get_ylim()
        if w_low < low or w_high > high or (w_high - w_low) < 0.3 * (high - low):
            pad = 0.08 * (w_high - w_low) or 0.1 * max(abs(w_high), 1.0)
            self.weight_ax.set_ylim(w_low - pad, w_high + pad)
            changed = True
        if self.cost_ax.get_xlim() != (0, max(traj.steps, 1)):
            self.cost_ax.set_xlim(0, max(traj.steps, 1))
            changed = True
        return changed

    def _show_iteration(self):
        traj, k = self.trajectory, self.iteration
        for marker in self.markers:
            marker.set_xdata([k, k])
        self.cost_point.set_data([k], [max(traj.costs[k], ROUNDING_COST)])
        for i, name in enumerate(WEIGHTS):
            self.weight_points[name].set_data([k], [traj.weights[k, i]])
        w = self.current_weights
        text = (f"iteration {k} of {traj.steps}: cost {rounded_text(traj.costs[k])}; "
                + ", ".join(f"{name} = {rounded_text(w[name])}" for name in WEIGHTS)
                + f" (alpha = {self.state.alpha:g})")
        if traj.diverged:
            warning = (f"<b style='color:{style.VERMILLION}'>{traj.message}</b>: the cost blew up, "
                       "try a smaller alpha")
            text = warning + "<br>" + text
        self.status.value = text


    def describe(self):
        """The iteration shown, its cost and weights, and the run's outcome."""
        return (f"Training: {plain(self.status.value)}. The plot shows the cost (log scale) and the "
                f"weights against the iteration; {self.trajectory.message}.")

def coinciding(weights, tolerance):
    """'w1 and w2 coincide from step 9 on ...' for the weight lines (columns of `weights`) that stay
    within `tolerance` of each other from some step to the end (for at least a tenth of the run,
    and 3 steps); '' when none do."""
    steps = len(weights) - 1
    notes = []
    for i, j in ((0, 1), (0, 2), (1, 2)):
        apart = np.flatnonzero(np.abs(weights[:, i] - weights[:, j]) >= tolerance)
        start = 0 if apart.size == 0 else int(apart[-1]) + 1
        if steps - start >= max(3, steps / 10):
            notes.append(f"{WEIGHTS[i]} and {WEIGHTS[j]} coincide from step {start} on")
    if not notes:
        return ""
    return "\n".join(notes) + "\n(w1 is drawn wide, w2 dashed: both show)"


__all__ = ["TrainingView"]
