"""Why gradients vanish: every sigmoid on the way back multiplies in a slope of at most 1/4.

A chain of n sigmoid layers with one weight w everywhere:

    x_1 = w s_0,  s_k = S(x_k),  x_(k+1) = w s_k

The gradient reaching layer k carries the product of the slopes S'(x_i) of
every layer from k to the output, and each S'(x) = S(x)(1 - S(x)) <= 0.25
(the top of the bell, at x = 0). So the product at the first layer is at most
0.25^n, and in practice far less.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from ..chain import sigmoid
from ._canvas import Blitter, new_figure
from ._panel import Panel, plain

MAX_DEPTH = 10
FONT = 12
BAR = "#0072B2"       # Okabe-Ito blue
PRODUCT = "#D55E00"   # Okabe-Ito vermillion


def chain_slopes(depth, weight, s0):
    """(x, slopes): x_k and S'(x_k) for k = 1..depth of the sigmoid chain."""
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be a whole number from 1 to {MAX_DEPTH}, got {depth!r}")
    for name, value in (("weight", weight), ("s0", s0)):
        if not (isinstance(value, (int, float, np.integer, np.floating)) and math.isfinite(value)):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    x, s = np.empty(depth), float(s0)
    for k in range(depth):
        x[k] = weight * s
        s = sigmoid(x[k])
    # S'(x) = S(x)(1 - S(x)) = S(x) S(-x): the second form keeps its digits for large |x|
    return x, sigmoid(x) * sigmoid(-x)


def running_product(slopes):
    """P_k = S'(x_k) S'(x_(k+1)) ... S'(x_n): what the gradient reaching layer k has been multiplied by."""
    return np.cumprod(np.asarray(slopes)[::-1])[::-1]


class VanishingGradients(Panel):
    """Bars of each layer's sigmoid slope, and their product from the output back on a log axis."""

    def __init__(self, depth=5, weight=1.0, s0=2.0, **kwargs):
        chain_slopes(depth, weight, s0)   # a clear ValueError for bad arguments
        self.depth_slider = widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="layers n")
        self.weight_slider = widgets.FloatSlider(value=weight, min=-6.0, max=6.0, step=0.1,
                                                 description="weight w")
        self.input_slider = widgets.FloatSlider(value=s0, min=-6.0, max=6.0, step=0.1,
                                                description="input s0")
        self.summary = widgets.HTMLMath()
        for slider in (self.depth_slider, self.weight_slider, self.input_slider):
            slider.observe(self._on_slider_changed, names="value")
        self._build_figure()
        controls = widgets.HBox([self.depth_slider, self.weight_slider, self.input_slider])
        super().__init__([controls, self.fig.canvas, self.summary], **kwargs)
        self.update()

    @property
    def depth(self):
        """The number of sigmoid layers n."""
        return self.depth_slider.value

    def _build_figure(self):
        self.fig = fig = new_figure(8.6, 3.9)
        self.ax_bars, self.ax_product = fig.subplots(1, 2)
        layers = np.arange(1, MAX_DEPTH + 1)
        ax = self.ax_bars
        self.bars = ax.bar(layers, np.zeros(MAX_DEPTH), color=BAR, width=0.7)
        self.bar_labels = [ax.text(k, 0.0, "", ha="center", va="bottom", rotation=90, fontsize=FONT - 1)
                           for k in layers]
        ax.axhline(0.25, color="0.3", linestyle="--", linewidth=1.2)
        ax.set(xlim=(0.5, MAX_DEPTH + 0.5), ylim=(0, 0.33), xticks=layers)
        ax.set_xlabel("layer k", fontsize=FONT)
        ax.set_ylabel("sigmoid slope S'(x_k)", fontsize=FONT)
        ax.set_title("each layer's slope\n(dashed: the largest, 0.25, at x = 0)", fontsize=FONT)

        ax = self.ax_product
        ax.set_yscale("log")
        (self.bound_line,) = ax.plot([], [], "--", color="0.35", linewidth=1.5,
                                     label="bound $0.25^{n-k+1}$")
        (self.product_line,) = ax.plot([], [], "o-", color=PRODUCT, linewidth=2, markersize=7,
                                       label="product of slopes")
        ax.set(xlim=(0.5, MAX_DEPTH + 0.5), xticks=layers)
        ax.set_xlabel("layer k (output on the right)", fontsize=FONT)
        ax.set_ylabel("product S'(x_k) ... S'(x_n)", fontsize=FONT)
        ax.set_title("the gradient shrinks\non its way back to layer 1", fontsize=FONT)
        ax.legend(loc="lower right", fontsize=FONT - 1)
        for a in (self.ax_bars, self.ax_product):
            a.tick_params(labelsize=FONT - 1)
        self.blitter = Blitter(fig, list(self.bars) + self.bar_labels + [self.bound_line, self.product_line])

    def _on_slider_changed(self, change):
        self.update()

    def update(self):
        """Recompute the chain and move the bars and lines; redraw fully only if the log axis must grow."""
        n = self.depth
        self.x, self.slopes = chain_slopes(n, self.weight_slider.value, self.input_slider.value)
        self.product = running_product(self.slopes)
        self.bound = 0.25 ** np.arange(n, 0, -1)      # layers passed from layer k to the output: n - k + 1
        for k, bar in enumerate(self.bars):
            bar.set_height(self.slopes[k] if k < n else 0.0)
            bar.set_visible(k < n)
            label = self.bar_labels[k]
            label.set_text(f"{self.slopes[k]:.3g}" if k < n else "")
            label.set_y(self.slopes[k] + 0.004 if k < n else 0.0)
        layers = np.arange(1, n + 1)
        self.product_line.set_data(layers, self.product)
        self.bound_line.set_data(layers, self.bound)

        w, first = self.weight_slider.value, self.product[0]
        self.summary.value = (
            f"At the first layer the {n} slope{'s' if n > 1 else ''} multiply to "
            f"<b>{first:.3g}</b>, at most 0.25<sup>{n}</sup> = {0.25 ** n:.3g}. "
            f"With the weight w = {w:.3g} between the layers the gradient there is scaled by "
            f"w<sup>{n - 1}</sup> &times; {first:.3g} = {w ** (n - 1) * first:.3g}.")

        # the log axis: from a decade below the smallest value to 1
        low = 10.0 ** (math.floor(math.log10(max(min(first, self.bound[0]), 1e-300))) - 1)
        if self.ax_product.get_ylim() != (low, 1.5):
            self.ax_product.set_ylim(low, 1.5)
            self.blitter.redraw()
        else:
            self.blitter.update()

    def describe(self):
        """The slopes per layer and their product."""
        slopes = ", ".join(f"{v:.3g}" for v in self.slopes[: self.depth])
        return (f"Vanishing gradients through {self.depth} sigmoid layers: each layer's slope ({slopes}) "
                f"in a bar chart, and their running product on a log scale. {plain(self.summary.value)}")


__all__ = ["VanishingGradients", "chain_slopes", "running_product"]
