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
from matplotlib.colors import PowerNorm
from matplotlib.ticker import MaxNLocator

from ..chain import LECTURE_FIRST_GUESS, cost_surface
from ._canvas import Blitter, SECONDARY_VIEW_INTERVAL, new_figure
from .sliders import WEIGHT_RANGE  # a click stays within the sliders' range
from ._panel import Panel, use_state

GRID = 80                    # grid points per axis for the surface and the contour map
HALF_WIDTH = 3.0             # the window shows each plotted weight +- this much
FONT = 12


def window_around(state, x, y):
    """The plotted window: the lecture's first guess +- HALF_WIDTH if (x, y) is in it, else centred on (x, y)."""
    cx, cy = LECTURE_FIRST_GUESS[state.x_weight], LECTURE_FIRST_GUESS[state.y_weight]
    if not (abs(x - cx) <= HALF_WIDTH and abs(y - cy) <= HALF_WIDTH):
        cx, cy = x, y
    return (cx - HALF_WIDTH, cx + HALF_WIDTH, cy - HALF_WIDTH, cy + HALF_WIDTH)


class CostLandscape(Panel):
    """C(x_weight, y_weight) as a surface and a contour map, with the star and the descent path.

    Click on the contour map to start gradient descent from there.
    """

    def __init__(self, state=None, **kwargs):
        super().__init__(**kwargs)
        self.state = use_state(state)   # TypeError for anything but a NetworkState or None
        self.surface_computations = 0   # how often the surface was recomputed (tests read it)
        self.window = None              # (x_lo, x_hi, y_lo, y_hi)
        self._surface_key = None
        self._surface = self._contours = self.colorbar = None

        # left: the landscape in 3-D; right: the same seen from above, where a click starts the marble
        self.fig_3d = new_figure(4.0, 3.7)
        self.ax_3d = self.fig_3d.add_subplot(projection="3d")
        self.ax_3d.set_zlabel("C", fontsize=FONT)
        self.ax_3d.set_box_aspect(None, zoom=0.88)   # room for the C label inside the figure
        self.fig_map = new_figure(4.6, 3.7)
        self.ax_map = self.fig_map.add_subplot()
        for ax in (self.ax_3d, self.ax_map):
            ax.tick_params(labelsize=FONT - 1)

        # the moving artists, drawn over a saved background on every change
        path_style = dict(color="white", marker="o", markeredgecolor="black", markeredgewidth=0.5)
        self.star_map = self.ax_map.scatter([0], [0], marker="*", s=320, color="red",
                                            edgecolor="black", zorder=5)
        (self.path_map,) = self.ax_map.plot([], [], markersize=3.5, zorder=4, **path_style)
        (self.star_3d,) = self.ax_3d.plot([0], [0], [0], "*", markersize=17, color="red",
                                          markeredgecolor="black")
        (self.path_3d,) = self.ax_3d.plot([], [], [], markersize=3, **path_style)
        # on the map itself, only when the descent blows up (an invisible text costs nothing to blit)
        self.warning = self.ax_map.text(0.5, 0.96, "", transform=self.ax_map.transAxes,
                                        ha="center", va="top", fontsize=FONT, color="firebrick",
                                        visible=False, zorder=6,
                                        bbox=dict(facecolor="white", edgecolor="firebrick"))
        # the marble: where gradient descent is after k steps, when a training view plays it
        marble_style = dict(marker="o", markersize=12, color="#E69F00", markeredgecolor="black",
                            visible=False)
        (self.marble_map,) = self.ax_map.plot([], [], zorder=6, **marble_style)
        (self.marble_3d,) = self.ax_3d.plot([], [], [], **marble_style)
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
        self.update()
        # by name, not "all": observers of a name run in the order they came, so in the Explorer
        # the landscape (what the learner watches) hears of a change before the views below it
        self.state.observe(self._on_state_changed, names=list(self.state.trait_names()))

    # --- reacting to the state ------------------------------------------------------

    def _on_state_changed(self, change):
        self.update()

    def update(self):
        """Bring the figures in line with the state: a new surface if its slice changed, else blit."""
        s = self.state
        x, y = getattr(s, s.x_weight), getattr(s, s.y_weight)
        axes_changed = self._surface_key is None or self._surface_key[:2] != (s.x_weight, s.y_weight)
        if axes_changed or not self._inside(x, y):
            self.window = window_around(self.state, x, y)
        new_surface = self._slice_key() != self._surface_key
        if new_surface:
            self._draw_surface()

        self.trajectory = traj = s.trajectory()
        xs = traj.weights[:, _index(s.x_weight)]
        ys = traj.weights[:, _index(s.y_weight)]
        self.star_map.set_offsets([[x, y]])
        self.path_map.set_data(xs, ys)
        self.star_3d.set_data_3d([x], [y], [traj.costs[0]])
        # in 3-D nothing clips to the box: draw the path until it first leaves the window
        inside = self._inside(xs, ys) & (traj.costs <= self.ax_3d.get_zlim()[1])
        n = len(xs) if inside.all() else int(np.argmin(inside))
        self.path_3d.set_data_3d(xs[:n], ys[:n], traj.costs[:n])
        self._place_marble(None)   # a new path: no marble on it until a training view plays it
        if traj.diverged:
            self.warning.set_text(f"diverged at step {traj.diverged_at}")
        self.warning.set_visible(traj.diverged)
        colour = "firebrick" if traj.diverged else "black"
        self.status.value = f'<span style="font-size: 15px; color: {colour}">{traj.message}</span>'

        if new_surface:
            self.blit_map.redraw()
            self.blit_3d.redraw()
        else:
            self.blit_map.update()
            self.blit_3d.update()   # throttled: at most ten times a second

    def show_step(self, k):
        """Put the marble where the drawn descent path is after k steps (None hides it)."""
        self._place_marble(k)
        self.blit_map.update()
        self.blit_3d.update()

    def _place_marble(self, k):
        traj = self.trajectory
        visible = k is not None and 0 <= k <= traj.steps
        for marble in (self.marble_map, self.marble_3d):
            marble.set_visible(visible)
        if visible:
            s = self.state
            x, y = traj.weights[k, _index(s.x_weight)], traj.weights[k, _index(s.y_weight)]
            self.marble_map.set_data([x], [y])
            self.marble_3d.set_data_3d([x], [y], [traj.costs[k]])

    def _slice_key(self):
        s = self.state
        held = s.held_weight
        return (s.x_weight, s.y_weight, held, getattr(s, held), s.s0, s.target, self.window)

    def _inside(self, x, y):
        x_lo, x_hi, y_lo, y_hi = self.window
        return (x_lo <= x) & (x <= x_hi) & (y_lo <= y) & (y <= y_hi)

    # --- the surface: only when its slice changes --------------------------------------

    def _draw_surface(self):
        s = self.state
        x_lo, x_hi, y_lo, y_hi = self.window
        self.xs = np.linspace(x_lo, x_hi, GRID)
        self.ys = np.linspace(y_lo, y_hi, GRID)
        self.costs = cost_surface(s.network(), s.x_weight, s.y_weight, self.xs, self.ys)
        self.surface_computations += 1
        X, Y = np.meshgrid(self.xs, self.ys)
        # levels and colours on a square-root scale, so that the valley near C = 0 shows
        top = self.costs.max() * 1.0001 + 1e-12
        levels = top * np.linspace(0.0, 1.0, 21) ** 2
        norm = PowerNorm(0.5, vmin=0.0, vmax=top)

        if self._surface is not None:
            self._surface.remove()
            self._contours.remove()
        # drawn with 40x40 facets (computed on 80x80): drawing the facets is the slow part
        self._surface = self.ax_3d.plot_surface(X, Y, self.costs, cmap="viridis", rcount=40,
                                                ccount=40, linewidth=0, antialiased=False,
                                                norm=norm)
        self._contours = self.ax_map.contourf(X, Y, self.costs, levels=levels, cmap="viridis",
                                              norm=norm)
        if self.colorbar is None:
            self.colorbar = self.fig_map.colorbar(self._contours, ax=self.ax_map)
            self.colorbar.set_label("C", fontsize=FONT)
            self.colorbar.ax.tick_params(labelsize=FONT - 1)
        else:
            self.colorbar.update_normal(self._contours)
        self.colorbar.set_ticks([t for t in MaxNLocator(6).tick_values(0.0, top) if t <= top])

        for ax in (self.ax_3d, self.ax_map):
            ax.set_xlim(x_lo, x_hi)
            ax.set_ylim(y_lo, y_hi)
            ax.set_xlabel(s.x_weight, fontsize=FONT)
            ax.set_ylabel(s.y_weight, fontsize=FONT)
        self.ax_3d.set_zlim(0.0, top)
        held = s.held_weight
        self.title = f"C({s.x_weight}, {s.y_weight}) with {held} = {getattr(s, held):.4g}"
        self.ax_3d.set_title(self.title, fontsize=FONT + 1)
        self.ax_map.set_title(f"{self.title}: click to start there", fontsize=FONT)
        self._surface_key = self._slice_key()

    # --- clicking on the map moves the start ------------------------------------------

    def _on_click(self, event):
        """A left click on the contour map puts the start of gradient descent there."""
        if event.inaxes is not self.ax_map or event.button != 1 or event.xdata is None:
            return
        lo, hi = WEIGHT_RANGE
        x = round(min(max(float(event.xdata), lo), hi), 2)
        y = round(min(max(float(event.ydata), lo), hi), 2)
        self.state.set_weights(**{self.state.x_weight: x, self.state.y_weight: y})

    def describe(self):
        """E.g. 'Cost landscape C(w1, w2) at w0 = 2: the star at (1, 0.5), C = 0.05653; ...'."""
        s, traj = self.state, self.state.trajectory()
        held = s.held_weight
        start = f"the star at ({getattr(s, s.x_weight):.4g}, {getattr(s, s.y_weight):.4g}), C = {traj.costs[0]:.4g}"
        if traj.diverged:
            walk = f"gradient descent with alpha {s.alpha:g} diverges at step {traj.diverged_at}"
        else:
            end = "C < 1e-12" if traj.costs[-1] < 1e-12 else f"C = {traj.costs[-1]:.4g}"
            walk = f"{traj.steps} steps of gradient descent with alpha {s.alpha:g} reach {end}"
        return (f"Cost landscape C({s.x_weight}, {s.y_weight}) at {held} = {getattr(s, held):.4g}, "
                f"as a surface and a contour map: {start}; {walk}.")


def _index(weight):
    """'w1' -> 1: the column of that weight in a trajectory."""
    return int(weight[1])


__all__ = ["CostLandscape"]
