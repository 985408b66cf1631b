"""The cost landscape: C over two weights, as a 3-D surface and as a contour map.

The current weights are a star on both, and the path gradient descent takes
from there ("place a marble: where does it roll?") is a line of dots. Moving a
weight of the plotted plane moves only the star and the path (blitted: fast);
the surface itself is recomputed only when its slice changes: the held weight,
s0, target, the axes, or the window.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import PowerNorm
from matplotlib.ticker import MaxNLocator

from ..chain import WEIGHTS
from ..slices import cost_slice, slice_key
from ..state import WEIGHT_RANGE
from . import style
from ._canvas import Blitter, SECONDARY_VIEW_INTERVAL, new_figure
from ._panel import Panel, use_state

FONT = style.FONT


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

    Click on the contour map to start gradient descent from there.
    """

    def __init__(self, state=None, **kwargs):
        super().__init__(**kwargs)
        self.state = use_state(state)   # TypeError for anything but a NetworkState or None
        self.surface_computations = 0   # how often the surface was recomputed (tests read it)
        self.slice = None
        self._surface = self._contours = None

        # left: the landscape in 3-D; right: the same seen from above, where a click starts the marble
        self.fig_3d = new_figure(4.0, 3.7)
        self.ax_3d = self.fig_3d.add_subplot(projection="3d")
        self.ax_3d.set_zlabel("C", fontsize=FONT)
        self.ax_3d.set_box_aspect(None, zoom=0.88)   # room for the C label inside the figure
        self.fig_map = new_figure(4.6, 3.7)
        self.ax_map = self.fig_map.add_subplot()
        for ax in (self.ax_3d, self.ax_map):
            ax.tick_params(labelsize=style.TICK_FONT)
        # one colour scale for the surface, the bands and the colour bar (square root: the valley shows)
        self.colour_scale = ScalarMappable(PowerNorm(0.5, vmin=0.0, vmax=1.0), cmap=style.COLOUR_MAP)
        self.colorbar = self.fig_map.colorbar(self.colour_scale, ax=self.ax_map)
        self.colorbar.set_label("C", fontsize=FONT)
        self.colorbar.ax.tick_params(labelsize=style.TICK_FONT)

        # the moving artists, drawn over a saved background on every change
        self.star_map = self.ax_map.scatter([0], [0], marker="*", s=320, color="red",
                                            edgecolor="black", zorder=5)
        (self.path_map,) = self.ax_map.plot([], [], markersize=3.5, zorder=4, **style.PATH)
        (self.star_3d,) = self.ax_3d.plot([0], [0], [0], markersize=17, linestyle="", **style.STAR)
        (self.path_3d,) = self.ax_3d.plot([], [], [], markersize=3, **style.PATH)
        # on the map itself, when the descent blows up or leaves the map (an invisible text costs nothing)
        self.warning = self.ax_map.text(0.5, 0.96, "", transform=self.ax_map.transAxes,
                                        ha="center", va="top", fontsize=FONT, color="firebrick",
                                        visible=False, zorder=6,
                                        bbox=dict(facecolor="white", edgecolor="firebrick"))
        # the marble: where gradient descent is after state.marble steps, when a training view plays it
        (self.marble_map,) = self.ax_map.plot([], [], zorder=6, visible=False, **style.MARBLE)
        (self.marble_3d,) = self.ax_3d.plot([], [], [], visible=False, **style.MARBLE)
        self.blit_map = Blitter(self.fig_map, [self.path_map, self.star_map, self.marble_map, self.warning])
        self.blit_3d = Blitter(self.fig_3d, [self.path_3d, self.star_3d, self.marble_3d],
                               min_interval=SECONDARY_VIEW_INTERVAL)
        self.fig_map.canvas.mpl_connect("button_press_event", self._on_click)
        self.fig_map.canvas.add_class("bp-contour-map")   # a name for the map in the page (tests, CSS)

        # the trajectory's outcome ("100 steps, cost ..." or "diverged at step k ...")
        self.status = widgets.HTML(layout=widgets.Layout(margin="0 0 0 12px"))
        self.children = [widgets.HBox([self.fig_3d.canvas, self.fig_map.canvas],
                                      layout=widgets.Layout(flex_flow="row wrap")),
                         self.status]
        self.observe_state(self.state, self.update)

    @property
    def window(self):
        """(x_lo, x_hi, y_lo, y_hi): the part of the plane on show."""
        return self.slice.window

    # --- reacting to the state ------------------------------------------------------

    def update(self):
        """Bring the figures in line with the state: a new surface if its slice changed, else blit."""
        s, d = self.state, self.state.derived
        x, y = getattr(s, s.x_weight), getattr(s, s.y_weight)
        new_surface = self.slice is None or slice_key(d.network, s.x_weight, s.y_weight) != self.slice.key
        if new_surface:
            self.slice = cost_slice(d.network, s.x_weight, s.y_weight)
            self._draw_surface()

        self.trajectory = traj = d.trajectory
        xs = traj.weights[:, _index(s.x_weight)]
        ys = traj.weights[:, _index(s.y_weight)]
        self.star_map.set_offsets([[x, y]])
        self.path_map.set_data(xs, ys)
        self.star_3d.set_data_3d([x], [y], [traj.costs[0]])
        left_at, warning = path_report(traj, self.window, s.x_weight, s.y_weight)
        # in 3-D nothing clips to the box: draw the path until it first leaves the window
        below_top = traj.costs <= self.ax_3d.get_zlim()[1]
        n = len(xs) if left_at is None else left_at
        n = n if below_top[:n].all() else int(np.argmin(below_top))
        self.path_3d.set_data_3d(xs[:n], ys[:n], traj.costs[:n])
        self._place_marble(s.marble)
        self.warning.set_text(warning)
        self.warning.set_visible(bool(warning))
        message = traj.message + (f"; it leaves the map at step {left_at}"
                                  if left_at is not None and not traj.diverged else "")
        self.status.value = style.status_html(message, problem=traj.diverged or "went up" in message)

        if new_surface:
            self.blit_map.redraw()
            self.blit_3d.redraw()
        else:
            self.blit_map.update()
            self.blit_3d.update()   # throttled: at most ten times a second

    def _place_marble(self, k):
        traj = self.trajectory
        visible = k is not None and 0 < k <= traj.steps   # at step 0 the star says it all
        for marble in (self.marble_map, self.marble_3d):
            marble.set_visible(visible)
        if visible:
            s = self.state
            x, y = traj.weights[k, _index(s.x_weight)], traj.weights[k, _index(s.y_weight)]
            self.marble_map.set_data([x], [y])
            self.marble_3d.set_data_3d([x], [y], [traj.costs[k]])

    # --- the surface: only when its slice changes --------------------------------------

    def _draw_surface(self):
        sl = self.slice
        x_lo, x_hi, y_lo, y_hi = sl.window
        self.surface_computations += 1
        X, Y = np.meshgrid(sl.xs, sl.ys)
        top = sl.costs.max() * 1.0001 + 1e-12
        levels = top * np.linspace(0.0, 1.0, 21) ** 2
        norm = PowerNorm(0.5, vmin=0.0, vmax=top)

        if self._surface is not None:
            self._surface.remove()
            self._contours.remove()
        # drawn with 40x40 facets (computed on 80x80): drawing the facets is the slow part
        self._surface = self.ax_3d.plot_surface(X, Y, sl.costs, cmap=style.COLOUR_MAP, rcount=40,
                                                ccount=40, linewidth=0, antialiased=False, norm=norm)
        self._contours = self.ax_map.contourf(X, Y, sl.costs, levels=levels, cmap=style.COLOUR_MAP,
                                              norm=norm)
        # the colour bar shows the continuous scale from 0 to the top of this surface
        self.colour_scale.set_norm(norm)
        self.colorbar.update_normal(self.colour_scale)
        self.colorbar.set_ticks([t for t in MaxNLocator(6).tick_values(0.0, top) if t <= top])

        for ax in (self.ax_3d, self.ax_map):
            ax.set_xlim(x_lo, x_hi)
            ax.set_ylim(y_lo, y_hi)
            ax.set_xlabel(sl.x_weight, fontsize=FONT)
            ax.set_ylabel(sl.y_weight, fontsize=FONT)
        self.ax_3d.set_zlim(0.0, top)
        self.title = sl.title
        self.ax_3d.set_title(self.title, fontsize=style.TITLE_FONT)
        self.ax_map.set_title(f"{self.title}: click to start there", fontsize=FONT)

    # --- clicking on the map moves the start ------------------------------------------

    def _on_click(self, event):
        """A left click on the contour map puts the start of gradient descent there."""
        if event.inaxes is not self.ax_map or event.button != 1 or event.xdata is None:
            return
        lo, hi = WEIGHT_RANGE
        x = round(min(max(float(event.xdata), lo), hi), 2)
        y = round(min(max(float(event.ydata), lo), hi), 2)
        self.state.set_weights(**{self.state.x_weight: x, self.state.y_weight: y})


def _index(weight):
    """'w1' -> 1: the column of that weight in a trajectory."""
    return int(weight[1])


__all__ = ["CostLandscape", "path_report"]
