"""Wiggle a weight: nudging by h against the chain rule.

Nudge one weight by h and measure how much out and the cost move per unit
nudge (a forward difference); set that beside the chain-rule derivatives. A
log-log plot shows how the mismatch shrinks with h, and where rounding wins.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..chain import H_GRID, WEIGHTS, difference_errors, tex_symbol, weight_name, wiggle
from ..numbers import rounded_text
from ..state import shown
from . import style
from ._canvas import SECONDARY_VIEW_INTERVAL, Blitter, new_figure
from ._panel import Panel, use_state
from ._typed import readout_box, take_typed

ANCHOR = 0.1         # the slope-1 and slope-2 guides are drawn from the curves' values here
GUIDE_OFFSET = 10.0  # ... shifted up by this factor, so they do not hide the curves
LOG_FLOOR = np.finfo(float).tiny   # an exact zero cannot sit on a log axis: draw it here
H_LOG_RANGE = (int(np.log10(H_GRID[0])), int(np.log10(H_GRID[-1])))   # h's slider spans the plot: 1e-12 to 1
H_BOUNDS = tuple(10.0 ** e for e in H_LOG_RANGE)
H_LOG_STEP = 0.1     # an arrow key moves h a tenth of a decade: 1e-3 -> 1.26e-3 -> back to 1e-3

CAPTION = (
    "<b>Why the lines slope.</b> The forward difference (f(w+h) &minus; f(w))/h misses the "
    "derivative by about &frac12;f''(w)&middot;h, so its error shrinks like h: slope 1 on this "
    "log-log plot. The central difference (f(w+h) &minus; f(w&minus;h))/2h cancels that term and "
    "misses by about f'''(w)&middot;h&sup2;/6: slope 2, much faster. At tiny h both turn back up: "
    "f(w+h) and f(w) agree in almost every digit, and a rounding error of about 10<sup>&minus;16</sup>/h "
    "takes over."
)
PARABOLA_NOTE = (
    " <i>For {w} the cost is a parabola in {w} (out = w2&middot;s2 is a straight line in w2), so the "
    "central difference is exact: what is left is rounding alone.</i>"
)


class WiggleProbe(Panel):
    """Choose a weight and a nudge h; compare Δout/Δw and ΔC/Δw with the chain rule."""

    def __init__(self, state=None, weight="w0", h=1e-3, **kwargs):
        weight_name(weight)
        low, high = H_BOUNDS
        if isinstance(h, bool) or not isinstance(h, (int, float)) or not low <= h <= high:
            raise ValueError(f"h must be a number between {low:g} and {high:g}, got {h!r}; try h=1e-3")
        self.state = use_state(state)
        self.weight_dropdown = widgets.Dropdown(options=list(WEIGHTS), value=weight,
                                                description="wiggle weight",
                                                style={"description_width": "initial"})
        # the slider's grid is a tenth of a decade (1e-3, 1e-6 on it, arrow keys come back);
        # a typed h is kept exactly (the box beside it shows it, the handle sits near it)
        self._h = float(h)
        self.h_slider = widgets.FloatLogSlider(value=h, base=10, min=H_LOG_RANGE[0], max=H_LOG_RANGE[1],
                                               step=H_LOG_STEP, description="nudge h", readout=False,
                                               continuous_update=True)
        self.h_slider.add_class("bp-log-slider")   # the page's keyboard.js: its handle's place is log10(h)
        self.h_box = readout_box("h", self.h_slider)   # the static picture shows the box, not the slider
        self.h_box.value = shown(self._h)
        self.h_box.tooltip = "h: type a value from 1e-12 to 1 and press Enter"
        self.h_box.layout = widgets.Layout(width="90px")   # its own: the boxes share one layout
        self.h_message = widgets.HTML()   # what happened to a value typed beyond the bounds
        self.table = widgets.HTMLMath()
        self.caption = widgets.HTML()
        self.fig = new_figure(6.0, 3.6)
        self._build()
        controls = widgets.HBox([self.weight_dropdown, widgets.HBox([self.h_slider, self.h_box]),
                                 self.h_message])
        super().__init__([controls, self.table, self.fig.canvas, self.caption], **kwargs)
        self.weight_dropdown.observe(self._on_weight_changed, names="value")
        self.h_slider.observe(self._on_h_slid, names="value")
        take_typed(self, "h", self.h_box, self.h_message, bounds=H_BOUNDS)
        self.observe_state(self.state, self._update_curves)

    @property
    def weight(self):
        """The weight being wiggled ('w0', 'w1' or 'w2')."""
        return self.weight_dropdown.value

    @property
    def h(self):
        """The nudge h: as typed, or the slider's grid point (without the browser's float noise:
        10**-2.9 comes back as 0.0012589254117941673, read 0.00125892541179)."""
        return self._h

    @h.setter
    def h(self, value):
        self._set_h(value)

    # --- the figure, built once ---------------------------------------------------

    def _build(self):
        ax = self.ax = self.fig.add_subplot()
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("nudge h", fontsize=12)
        ax.set_ylabel("|ΔC/Δw − dC/dw|", fontsize=12)
        ax.tick_params(labelsize=11)
        ax.grid(True, which="major", alpha=0.3)
        ax.set_xlim(H_GRID[0], H_GRID[-1])
        blue, orange = style.BLUE, style.VERMILLION
        (self.forward_line,) = ax.plot([], [], "o-", ms=3, color=blue, label="forward difference")
        (self.central_line,) = ax.plot([], [], "s-", ms=3, color=orange, label="central difference")
        (self.slope1,) = ax.plot([], [], "--", color=blue, alpha=0.7, lw=2, label="slope 1 (∝ h)")
        (self.slope2,) = ax.plot([], [], "--", color=orange, alpha=0.7, lw=2, label="slope 2 (∝ h²)")
        self.h_marker = ax.axvline(self.h, color="0.4", linewidth=1)
        (self.points,) = ax.plot([], [], "o", ms=8, mfc="none", mec="black", mew=1.5)
        ax.legend(fontsize=10, loc="upper center", ncols=2, framealpha=0.9)
        self.title = ax.set_title("", fontsize=12)
        self.blitter = Blitter(self.fig, [self.forward_line, self.central_line, self.slope1, self.slope2,
                                          self.h_marker, self.points, self.title],
                               min_interval=SECONDARY_VIEW_INTERVAL)

    # --- updates ----------------------------------------------------------------------

    def _on_weight_changed(self, change):
        self.render_safely(self._update_curves)

    def _on_h_slid(self, change):
        h = float(f"{change['new']:.12g}")
        if h != self._h:   # not the echo of a typed h set on the slider
            self._set_h(h)

    def _set_h(self, h):
        self._h = h
        self.h_slider.value = h
        self.h_box.value = shown(h)
        self.h_message.value = ""   # a message is about the last typed value only (take_typed sets it after)
        self.render_safely(self._update_h)
        self.blitter.update()

    def _update_curves(self):
        """The error curves depend on the network and the weight, not on h: recompute them here only."""
        net = self.state.derived.network
        self.forward_errors, self.central_errors = difference_errors(net, self.weight)
        self.forward_line.set_data(H_GRID, np.maximum(self.forward_errors, LOG_FLOOR))
        self.central_line.set_data(H_GRID, np.maximum(self.central_errors, LOG_FLOOR))
        guide_h = H_GRID[H_GRID >= 1e-3]
        i = int(np.argmin(abs(H_GRID - ANCHOR)))
        exact = abs(net.gradient()[self.weight])
        parabola = self.central_errors[i] <= 1e-12 * max(exact, 1e-300) + 1e-15
        # the guides run parallel to the curves, a factor GUIDE_OFFSET above them
        self.slope1.set_data(guide_h, GUIDE_OFFSET * self.forward_errors[i] * guide_h / ANCHOR)
        self.slope2.set_data(guide_h, GUIDE_OFFSET * self.central_errors[i] * (guide_h / ANCHOR) ** 2)
        self.slope2.set_visible(not parabola)
        self.caption.value = CAPTION + (PARABOLA_NOTE.format(w=self.weight) if parabola else "")
        self.title.set_text(f"wiggling {self.weight}: how far off is ΔC/Δ{self.weight}?")
        visible = np.concatenate([self.forward_errors, self.central_errors])
        visible = visible[visible > 0]
        low = max(visible.min(), 1e-20) if visible.size else 1e-20
        high = visible.max() if visible.size else 1.0
        self._update_h()
        # headroom for the legend; the axis (a full redraw) changes only when the curves
        # move by more than two decades, otherwise the lines are blitted over it
        wanted = np.log10([low / 3, high * 1e4])
        current = getattr(self, "_log_ylim", None)
        if current is None or np.any(np.abs(current - wanted) > 2):
            self._log_ylim = wanted
            self.ax.set_ylim(*10 ** wanted)
            self.blitter.redraw()
        else:
            self.blitter.update()

    def _update_h(self):
        net, w, h = self.state.derived.network, self.weight, self.h
        out_fd = wiggle(net, w, h, of="out", central=False)
        cost_fd = wiggle(net, w, h, of="cost", central=False)
        out_exact = net.output_gradient()[w]
        cost_exact = net.gradient()[w]
        self.readings = {"out": (out_fd, out_exact), "cost": (cost_fd, cost_exact)}
        central = abs(wiggle(net, w, h, central=True) - cost_exact)
        self.h_marker.set_xdata([h, h])
        self.points.set_data([h, h], [max(abs(cost_fd - cost_exact), LOG_FLOOR), max(central, LOG_FLOOR)])
        self.table.value = self._html(net, w, h)

    def _html(self, net, w, h):
        moved = net.with_weights(**{w: getattr(net, w) + h})
        wt = tex_symbol(w)
        rows = []
        for key, sym, before, after in (
                ("out", r"\mathrm{out}", net.forward().out, moved.forward().out),
                ("cost", "C", net.cost(), moved.cost())):
            fd, exact = self.readings[key]
            digits = _digits_to_tell_apart(before, after, h)
            rows.append(
                f"<tr><td>${sym}$: {rounded_text(before, f'.{digits}g')} &rarr; {rounded_text(after, f'.{digits}g')}</td>"
                rf"<td>$\frac{{\Delta {sym}}}{{\Delta {wt}}} = {fd:.6g}$</td>"
                rf"<td>$\frac{{\partial {sym}}}{{\partial {wt}}} = {exact:.6g}$</td>"
                f"<td>{rounded_text(fd - exact, '+.2e')}</td></tr>")
        # as many digits as it takes for the nudge to show: 1 -> 1.00000001 for h = 1e-8
        head = ("<tr><th style='text-align:left'>nudge "
                f"{w} by h = {rounded_text(h, '.3g')}: {rounded_text(getattr(net, w), '.6g')} &rarr; {rounded_text(getattr(net, w) + h, '.15g')}</th>"
                "<th>nudging (forward difference)</th><th>chain rule</th><th>difference</th></tr>")
        return ("<table style='border-spacing: 12px 4px; font-size: 1.05em'>"
                + head + "".join(rows) + "</table>")

    def describe(self):
        """The nudge, both readings, and what the plot shows."""
        fd, exact = self.readings["cost"]
        return (f"Wiggle probe: nudging {self.weight} by h = {rounded_text(self.h, '.3g')} gives dC/d{self.weight} about "
                f"{rounded_text(fd, '.6g')} (forward difference), the chain rule gives "
                f"{rounded_text(exact, '.6g')}, a difference of {rounded_text(fd - exact, '+.2e')}; the log-log plot shows this error against h, slope 1 for the "
                "forward difference and slope 2 for the central one, until rounding takes over.")


def _digits_to_tell_apart(before, after, h):
    """Significant digits that show a nudge by h: about -log10(h) + 3 (at least 8), more if the
    two numbers still print alike (a small derivative), at most 17 (a float's every digit)."""
    digits = min(16, max(8, int(np.ceil(-np.log10(h))) + 3))
    while digits < 17 and before != after and f"{before:.{digits}g}" == f"{after:.{digits}g}":
        digits += 1
    return digits


__all__ = ["WiggleProbe"]
