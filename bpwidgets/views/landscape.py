"""The cost landscape: C over two weights, as a 3-D surface and as a contour map.

The current weights are a star on both, and the path gradient descent takes
from there ("place a marble: where does it roll?") is a line of dots. The page
draws it (LandscapeMap, an anywidget): the kernel sends the state's numbers, a
few hundred bytes per change, and the browser computes the surface and the path
with the same formulas as chain.py. `static_figure(state)` draws the same
landscape with matplotlib, for a notebook read where no front end runs.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..chain import WEIGHTS
from ..numbers import rounded_text as text
from ..slices import cost_slice, window
from . import style
from ._panel import Panel, use_state
from ._landscape_map import LandscapeMap, follow_state

FONT = style.FONT
FLAT_TOP = 1e-6   # the colour scale and the 3-D box reach at least this high (the page does the same)


def path_report(traj, window, x_weight, y_weight):
    """Where the descent path leaves the window (None if it stays), and the message for the map."""
    xs, ys = traj.weights[:, WEIGHTS.index(x_weight)], traj.weights[:, WEIGHTS.index(y_weight)]
    x_lo, x_hi, y_lo, y_hi = window
    inside = (x_lo <= xs) & (xs <= x_hi) & (y_lo <= ys) & (ys <= y_hi)
    left_at = None if inside.all() else int(np.argmin(inside))
    if traj.diverged:
        return left_at, f"diverged at step {traj.diverged_at}"
    if left_at is not None:
        return left_at, f"the path leaves the map at step {left_at}"
    return left_at, ""


class CostLandscape(Panel):
    """C(x_weight, y_weight) as a surface and a contour map, with the star and the descent path.

    Drawn in the page (LandscapeMap): the kernel sends the state's numbers once per
    change and the browser computes and paints the picture. Click on the contour map
    (or press Enter on its keyboard cursor) to start gradient descent from there.
    """

    def __init__(self, state=None, **kwargs):
        super().__init__(**kwargs)
        self.state = use_state(state)   # TypeError for anything but a NetworkState or None
        self.map = LandscapeMap()
        self.map.on_start(lambda point: self.state.set_weights(**point))   # one change of the state
        # the trajectory's outcome ("100 steps, cost ..." or "diverged at step k ...")
        self.status = widgets.HTML(layout=widgets.Layout(margin="0 0 0 12px"))
        self.children = [self.map, self.status]
        # where the page draws the map from sliders bound to it, the kernel's copy of the values
        # (and the status line) may follow a drag slowly; else the map follows every move
        self.observe_state(self.state, self.update, slowly=lambda: bool(self.map.sliders))

    @property
    def window(self):
        """(x_lo, x_hi, y_lo, y_hi): the part of the plane on show (the page computes the same)."""
        s = self.state
        return window(s.x_weight, s.y_weight, getattr(s, s.x_weight), getattr(s, s.y_weight))

    def update(self):
        """Send the state's numbers to the page (one message) and write the status line."""
        s, d = self.state, self.state.derived
        follow_state(self.map, s)
        self.map.marble = s.marble if s.marble else None   # at step 0 the star says it all
        self.trajectory = traj = d.trajectory
        left_at, _ = path_report(traj, self.window, s.x_weight, s.y_weight)
        message = traj.message + (f"; it leaves the map at step {left_at}"
                                  if left_at is not None and not traj.diverged else "")
        self.status.value = style.status_html(message, problem=traj.diverged or "went up" in message)

    def static_figure(self):
        """The same landscape as a matplotlib Figure (for a notebook saved without a front end)."""
        return static_figure(self.state)

    def static_figures(self):
        """The page-drawn map's picture in a saved notebook: the matplotlib landscape of the same state."""
        return {self.map: self.static_figure()}

    def describe(self):
        """E.g. 'Cost landscape C(w1, w2) at w0 = 2: the star at (1, 0.5), C = 0.05653; ...'."""
        s, traj = self.state, self.state.trajectory()
        held = s.held_weight
        start = f"the star at ({text(getattr(s, s.x_weight))}, {text(getattr(s, s.y_weight))}), C = {text(traj.costs[0])}"
        if traj.diverged:
            walk = f"gradient descent with alpha {s.alpha:g} diverges at step {traj.diverged_at}"
        else:
            end = "C < 1e-12" if traj.costs[-1] < 1e-12 else f"C = {text(traj.costs[-1])}"
            walk = f"{traj.steps} steps of gradient descent with alpha {s.alpha:g} reach {end}"
        return (f"Cost landscape C({s.x_weight}, {s.y_weight}) at {held} = {text(getattr(s, held))}, "
                f"as a surface and a contour map: {start}; {walk}.")


def static_figure(state):
    """The landscape of `state` as a matplotlib Figure: 3-D surface and contour map, the star,
    the descent path, the marble and the divergence or leaving message.

    This is the picture for places where no front end runs (a saved notebook read on a
    website, nbconvert); the page draws the live one.
    """
    d = state.derived
    sl = cost_slice(d.network, state.x_weight, state.y_weight)
    x_lo, x_hi, y_lo, y_hi = sl.window
    fig = Figure(figsize=(9.2, 3.9), layout="constrained")
    ax_3d = fig.add_subplot(1, 2, 1, projection="3d")
    ax_map = fig.add_subplot(1, 2, 2)
    X, Y = np.meshgrid(sl.xs, sl.ys)
    # a floor for the top: a nearly flat slice (C ~ 1e-14 everywhere) would make the 3-D box degenerate
    top = max(sl.costs.max() * 1.0001, FLAT_TOP)
    norm = PowerNorm(0.5, vmin=0.0, vmax=top)
    ax_3d.plot_surface(X, Y, sl.costs, cmap=style.COLOUR_MAP, rcount=40, ccount=40, linewidth=0,
                       antialiased=False, norm=norm)
    ax_map.contourf(X, Y, sl.costs, levels=top * np.linspace(0.0, 1.0, 21) ** 2,
                    cmap=style.COLOUR_MAP, norm=norm)
    colorbar = fig.colorbar(ScalarMappable(norm, cmap=style.COLOUR_MAP), ax=ax_map)
    colorbar.set_label("C", fontsize=FONT)
    colorbar.set_ticks([t for t in MaxNLocator(6).tick_values(0.0, top) if t <= top])

    traj = d.trajectory
    xs, ys = traj.weights[:, _index(state.x_weight)], traj.weights[:, _index(state.y_weight)]
    x, y = getattr(state, state.x_weight), getattr(state, state.y_weight)
    ax_map.plot(xs, ys, markersize=3.5, zorder=4, **style.PATH)
    ax_map.scatter([x], [y], marker="*", s=320, color="red", edgecolor="black", zorder=5)
    left_at, warning = path_report(traj, sl.window, state.x_weight, state.y_weight)
    n = len(xs) if left_at is None else left_at
    ax_3d.plot(xs[:n], ys[:n], np.minimum(traj.costs[:n], top), markersize=3, **style.PATH)
    ax_3d.plot([x], [y], [traj.costs[0]], markersize=17, linestyle="", **style.STAR)
    k = state.marble
    if k:
        ax_map.plot([xs[k]], [ys[k]], zorder=6, **style.MARBLE)
    if warning:
        ax_map.text(0.5, 0.96, warning, transform=ax_map.transAxes, ha="center", va="top",
                    fontsize=FONT, color="firebrick", bbox=dict(facecolor="white", edgecolor="firebrick"))
    for ax in (ax_3d, ax_map):
        ax.set_xlim(x_lo, x_hi)
        ax.set_ylim(y_lo, y_hi)
        ax.set_xlabel(sl.x_weight, fontsize=FONT)
        ax.set_ylabel(sl.y_weight, fontsize=FONT)
        ax.tick_params(labelsize=style.TICK_FONT)
    ax_3d.set_zlim(0.0, top)
    ax_3d.set_title(sl.title, fontsize=style.TITLE_FONT)
    ax_map.set_title(sl.title, fontsize=FONT)
    return fig


def _index(weight):
    """'w1' -> 1: the column of that weight in a trajectory."""
    return int(weight[1])


__all__ = ["CostLandscape", "path_report", "static_figure"]
