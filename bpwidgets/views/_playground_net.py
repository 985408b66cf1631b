"""The Playground's network diagram, loss curve and per-layer ||dW||, drawn in the page (anywidget).

The kernel sends only numbers (_playground_net.js draws them as one SVG): the weights and the
chosen sample's a, delta and dC/dw to 4 significant digits (the page shows 3), and the curves
thinned to at most PAGE_POINTS points each; about 3-10 KB per revision for 2-8-8-1. A click on
a neuron or an edge in the page sets `chosen`; the Playground answers with its formula.
"""
from __future__ import annotations

import math
from pathlib import Path

import anywidget
import numpy as np
from traitlets import Int, List, Unicode

_ESM = Path(__file__).with_name("_playground_net.js").read_text(encoding="utf-8")
PAGE_POINTS = 120   # a 290 px chart: a point every 2.4 px or closer


class PlaygroundNet(anywidget.AnyWidget):
    """The network (edges by weight, neurons by the chosen sample's a and delta) and its two charts."""

    _esm = Unicode(_ESM).tag(sync=True)
    sizes = List(Int(), help="neurons per layer, inputs first").tag(sync=True)
    weights = List(help="[{W: rows}, ...] first layer first, 4 significant digits").tag(sync=True)
    dW = List(help="the chosen sample's dC/dW per layer (rows)").tag(sync=True)
    activations = List(help="the chosen sample's a per layer, the inputs first").tag(sync=True)
    deltas = List(help="the chosen sample's delta = dC/dz per layer after the inputs").tag(sync=True)
    chosen = Unicode("", help="the neuron ('n1.2') or edge ('w1.3.0') whose formula is shown; "
                              "the page sets it on a click").tag(sync=True)
    curve_steps = List(Int(), help="the steps of the loss points").tag(sync=True)
    train = List(help="training loss at curve_steps (None: not a number)").tag(sync=True)
    test = List(help="test loss at curve_steps (None: no test set)").tag(sync=True)
    norm_steps = List(Int(), help="the steps of the ||dW|| points").tag(sync=True)
    norms = List(help="per layer, ||dW|| at norm_steps").tag(sync=True)
    description = Unicode("", help="the text alternative, the SVG's aria-label").tag(sync=True)
    revision = Int(0, help="the state's revision: the page repaints once per revision").tag(sync=True)


def thinned(n, most):
    """Indices of the points of an n-point curve to draw: all up to `most`, else every k-th
    (k a power of 2, so the kept points stay the same as the curve grows) and always the last."""
    if n <= most:
        return np.arange(n)
    stride = 1 << math.ceil(math.log2(n / most))
    shown = np.arange(0, n, stride)
    return shown if shown[-1] == n - 1 else np.append(shown, n - 1)


def _short(values):
    """Numbers for the page: 4 significant digits, None for NaN or infinity (JSON has neither)."""
    return [float(f"{v:.4g}") if math.isfinite(v) else None for v in np.asarray(values, dtype=float).ravel()]


def _rows(matrix):
    return [_short(row) for row in np.atleast_2d(matrix)]


def follow_state(net, state, description):
    """Copy this revision's numbers from the state to the page, in one message."""
    d = state.derived
    walk = d.sample_pass
    n = len(d.train_losses)
    shown = thinned(n, PAGE_POINTS)
    norm_shown = thinned(n - 1, PAGE_POINTS)
    with net.hold_sync():
        net.sizes = list(state.run.arch.sizes)
        net.weights = [{"W": _rows(W)} for W, _ in d.weights]
        net.dW = [_rows(layer.dW) for layer in walk.layers]
        net.activations = [_short(walk.x)] + [_short(layer.a) for layer in walk.layers]
        net.deltas = [_short(layer.delta) for layer in walk.layers]
        net.chosen = state.chosen
        net.curve_steps = shown.tolist()
        net.train = _short(d.train_losses[shown])
        net.test = _short(d.test_losses[shown])
        net.norm_steps = (norm_shown + 1).tolist()
        net.norms = [_short(d.grad_norms[norm_shown, k]) for k in range(d.grad_norms.shape[1])]
        net.description = description
        net.revision = state.revision


__all__ = ["PlaygroundNet", "follow_state", "thinned", "PAGE_POINTS"]
