"""Why gradients vanish or explode: each sigmoid layer multiplies the gradient by w S'(x), at most |w|/4.

The chain and its maths are in `bpwidgets.depth`: x_(k+1) = w S(x_k) + b, and
going back through layer k multiplies the gradient by the factor w S'(x_k).
The left panel shows each layer's factor against 1 (above 1 the gradient grows,
below it shrinks) and its ceiling |w|/4; the right panel their running product
from the output back, on a log axis. Two buttons set a vanishing and an
exploding example.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from ..numbers import rounded_text
from ..depth import EXAMPLES, MAX_DEPTH, layer_factors, running_product
from ._canvas import Blitter, new_figure
from . import style
from ._panel import Panel, plain

FONT = style.FONT
BAR = style.BLUE
PRODUCT = style.VERMILLION
MAX_WEIGHT = 8.0
TINY = 1e-300         # a product of exactly 0 (w = 0) is drawn here on the log axis


class VanishingGradients(Panel):
    """Bars of each layer's factor w S'(x_k), and their product from the output back on a log axis."""

    def __init__(self, depth=5, weight=1.0, s0=2.0, bias=0.0, **kwargs):
        layer_factors(depth, weight, s0, bias)   # a clear ValueError for bad arguments
        self.depth_slider = widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="layers n")
        self.weight_slider = widgets.FloatSlider(value=weight, min=-MAX_WEIGHT, max=MAX_WEIGHT, step=0.1,
                                                 description="weight w")
        self.bias_slider = widgets.FloatSlider(value=bias, min=-MAX_WEIGHT, max=MAX_WEIGHT, step=0.1,
                                               description="bias b")
        self.input_slider = widgets.FloatSlider(value=s0, min=-6.0, max=6.0, step=0.1,
                                                description="input s0")
        self.example_buttons = {
            name: widgets.Button(description=f"{name} example",
                                 tooltip=", ".join(f"{k} = {v:g}" for k, v in settings.items()))
            for name, settings in EXAMPLES.items()}
        for name, button in self.example_buttons.items():
            button.on_click(lambda _, name=name: self.show_example(name))
        self.summary = widgets.HTMLMath()
        self._holding = False
        for slider in self._sliders:
            slider.observe(self._on_slider_changed, names="value")
        self._build_figure()
        controls = widgets.VBox([
            widgets.HBox([self.depth_slider, self.weight_slider]),
            widgets.HBox([self.bias_slider, self.input_slider]),
            widgets.HBox(list(self.example_buttons.values()))])
        super().__init__([controls, self.fig.canvas, self.summary], **kwargs)
        self.update()

    @property
    def _sliders(self):
        return (self.depth_slider, self.weight_slider, self.bias_slider, self.input_slider)

    @property
    def depth(self):
        """The number of sigmoid layers n."""
        return self.depth_slider.value

    def show_example(self, name):
        """Set the weight, bias and input of EXAMPLES[name] ('vanishing' or 'exploding'); one redraw."""
        settings = EXAMPLES[name]
        self._holding = True
        try:
            self.weight_slider.value = settings["weight"]
            self.bias_slider.value = settings["bias"]
            self.input_slider.value = settings["s0"]
        finally:
            self._holding = False
        self.update()

    def _build_figure(self):
        self.fig = fig = new_figure(8.6, 3.9)
        self.ax_bars, self.ax_product = fig.subplots(1, 2)
        layers = np.arange(1, MAX_DEPTH + 1)
        ax = self.ax_bars
        self.bars = ax.bar(layers, np.zeros(MAX_DEPTH), color=BAR, width=0.7)
        self.bar_labels = [ax.text(k, 0.0, "", ha="center", va="bottom", rotation=90, fontsize=FONT - 1)
                           for k in layers]
        ax.axhline(1.0, color="0.2", linewidth=1.2)
        (self.ceiling_line,) = ax.plot([0.5, MAX_DEPTH + 0.5], [0.25, 0.25], "--", color="0.35",
                                       linewidth=1.2, label="ceiling |w|/4")
        ax.set(xlim=(0.5, MAX_DEPTH + 0.5), ylim=(0, MAX_WEIGHT / 4 * 1.3), xticks=layers)
        ax.set_xlabel("layer k", fontsize=FONT)
        ax.set_ylabel("|w S'(x_k)|", fontsize=FONT)
        ax.set_title("each layer's factor\n(above the line at 1 the gradient grows)", fontsize=FONT)
        ax.legend(loc="upper right", fontsize=FONT - 1)

        ax = self.ax_product
        ax.set_yscale("log")
        ax.axhline(1.0, color="0.2", linewidth=1.2)
        (self.bound_line,) = ax.plot([], [], "--", color="0.35", linewidth=1.5,
                                     label="bound $(|w|/4)^{n-k+1}$")
        (self.product_line,) = ax.plot([], [], "o-", color=PRODUCT, linewidth=2, markersize=7,
                                       label="|product of factors|")
        ax.set(xlim=(0.5, MAX_DEPTH + 0.5), xticks=layers)
        ax.set_xlabel("layer k (output on the right)", fontsize=FONT)
        ax.set_ylabel("|d out / d x_k|", fontsize=FONT)
        ax.set_title("the gradient on its way\nback to layer 1", fontsize=FONT)
        ax.legend(loc="lower right", fontsize=FONT - 1)
        for a in (self.ax_bars, self.ax_product):
            a.tick_params(labelsize=FONT - 1)
        self.blitter = Blitter(fig, list(self.bars) + self.bar_labels
                               + [self.ceiling_line, self.bound_line, self.product_line])

    def _on_slider_changed(self, change):
        if not self._holding:
            self.update()

    def update(self):
        """Recompute the chain and move the bars and lines; redraw fully only if the log axis must change."""
        n, w = self.depth, self.weight_slider.value
        self.x, self.factors = layer_factors(n, w, self.input_slider.value, self.bias_slider.value)
        self.slopes = self.factors / w if w != 0 else np.zeros(n)
        self.product = running_product(self.factors)
        ceiling = abs(w) / 4
        self.bound = ceiling ** np.arange(n, 0, -1)      # layers passed from layer k to the output: n - k + 1
        for k, bar in enumerate(self.bars):
            bar.set_height(abs(self.factors[k]) if k < n else 0.0)
            bar.set_visible(k < n)
            label = self.bar_labels[k]
            label.set_text(rounded_text(self.factors[k], ".3g") if k < n else "")
            label.set_y(abs(self.factors[k]) + 0.03 if k < n else 0.0)
        self.ceiling_line.set_ydata([ceiling, ceiling])
        layers = np.arange(1, n + 1)
        shown = np.maximum(np.abs(self.product), TINY)
        self.product_line.set_data(layers, shown)
        self.bound_line.set_data(layers, np.maximum(self.bound, TINY))
        self.summary.value = self._summary(n, w, self.product[0])

        # the log axis: a decade beyond the smallest and largest values, and always 1
        low = min(shown.min(), max(self.bound[0], TINY), 1.0)
        high = max(shown.max(), self.bound[0], 1.0)
        limits = (10.0 ** (math.floor(math.log10(low)) - 1), 10.0 ** (math.ceil(math.log10(high)) + 1))
        if self.ax_product.get_ylim() != limits:
            self.ax_product.set_ylim(*limits)
            self.blitter.redraw()
        else:
            self.blitter.update()

    @staticmethod
    def _summary(n, w, first):
        factors = f"the {n} factor{'s' if n > 1 else ''} w S'(x<sub>k</sub>)"
        text = (f"At the first layer {factors} multiply to <b>{rounded_text(first, '.3g')}</b>. "
                f"Each is at most |w|/4 = {abs(w) / 4:.3g}, so the product is at most "
                f"(|w|/4)<sup>{n}</sup> = {(abs(w) / 4) ** n:.3g} in size. ")
        if abs(first) < 1:
            return text + "The gradient <b>shrinks</b> on its way back: it vanishes in a deep stack."
        return text + ("The gradient <b>grows</b> on its way back: it explodes"
                       " (|w| > 4 with neurons near x = 0).")


    def describe(self):
        """Each layer's factor and their product."""
        factors = ", ".join(rounded_text(v, ".3g") for v in self.factors[: self.depth])
        return (f"Vanishing gradients through {self.depth} sigmoid layers: each layer's factor "
                f"w S'(x) ({factors}) in a bar chart, and their running product on a log scale. "
                f"{plain(self.summary.value)}")

__all__ = ["VanishingGradients"]
