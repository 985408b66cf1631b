"""Static pictures drawn from the current numbers: the graphs a learner wants to see.

Each function returns a `StaticFigure`: a matplotlib Figure that a notebook shows
as a PNG (so a saved lesson keeps it, on GitHub and in nbviewer too) and whose
text form says what it shows, with its numbers. Nothing is typed in: every number
comes from the package's forward and backward passes.

- draw_chain_graph(net): the chain network as a computational graph, forward
  values above the edges and backward gradients (net.backward()) below.
- draw_network(model, x, y): a layered network, weights on the edges, each
  neuron's value and its error delta = dC/dz.
- draw_sigmoid_slope(net): S'(x) with the chain's x1 and x2 marked.
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from ..chain import ChainNetwork, sigmoid_slope
from ..numbers import rounded_text
from ..nn import Dense, HalfSquaredError, Network, seed002_example
from . import style

__all__ = ["StaticFigure", "draw_chain_graph", "draw_network", "draw_sigmoid_slope"]

BIG = style.FONT + 3         # a picture of its own, read from the back of the room
FORWARD = style.BLUE         # values going forward
BACKWARD = style.VERMILLION  # gradients coming back
NODE = "#F0F0F0"


class StaticFigure(Figure):
    """A Figure that shows as a PNG picture in a notebook, and as its `alt_text` in plain text."""

    alt_text = ""

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100, bbox_inches="tight", facecolor="white")
        return buffer.getvalue()

    def __repr__(self):
        return self.alt_text or super().__repr__()


def number(value):
    """A number as the figures print it: 4 significant digits, with a true minus sign, never -0."""
    return rounded_text(value)


def _blank_axes(fig, xlim, ylim):
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.86))
    ax.set(xlim=xlim, ylim=ylim)
    ax.set_axis_off()
    return ax


def _node(ax, x, y, label, radius=0.36, fontsize=BIG + 2):
    ax.add_patch(Circle((x, y), radius, facecolor=NODE, edgecolor="0.2", linewidth=1.8, zorder=3))
    ax.text(x, y, label, ha="center", va="center", fontsize=fontsize, zorder=4)


def _arrow(ax, start, end, colour="0.25", shrink=27):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, color=colour,
                                 linewidth=1.6, shrinkA=shrink, shrinkB=shrink, zorder=2))


# --- the chain as a computational graph --------------------------------------------------

_CHAIN_NODES = ("s0", "x1", "s1", "x2", "s2", "out", "C")
_CHAIN_LABELS = {"s0": "$s_0$", "x1": "$x_1$", "s1": "$s_1$", "x2": "$x_2$", "s2": "$s_2$",
                 "out": "out", "C": "$C$"}
_CHAIN_STEPS = ("$\\times\\, w_0$", "$S$", "$\\times\\, w_1$", "$S$", "$\\times\\, w_2$",
                "$\\frac{1}{2}(\\cdot - \\mathrm{target})^2$")


def draw_chain_graph(net=None, of="C"):
    """The chain network as a computational graph, drawn from `net` (default: the lecture's first guess).

    `of` names what the gradients are of: "C" (the cost, lesson 03) or "out" (the output, lesson 02,
    each dC/d· divided by dC/dout = out - target).

    Each edge carries a value forward (blue, above it) and the cost's gradient
    with respect to that value backward (vermillion, below it), from net.backward():
    dC/dx1, dC/ds1, dC/dx2, dC/ds2, dC/dout. The weights feed in from above, with
    their gradients dC/dw built from those upstream gradients.
    """
    net = ChainNetwork() if net is None else net
    if not isinstance(net, ChainNetwork):
        raise TypeError(f"net must be a bpwidgets ChainNetwork, got {type(net).__name__}")
    if of not in ("C", "out"):
        raise ValueError(f'of must be "C" (gradients of the cost) or "out" (of the output), got {of!r}')
    f, b = net.forward(), net.backward()
    values = {"s0": net.s0, "x1": f.x1, "s1": f.s1, "x2": f.x2, "s2": f.s2, "out": f.out, "C": net.cost()}
    gradients = {"x1": b.dx1, "s1": b.ds1, "x2": b.dx2, "s2": b.ds2, "out": b.dout}
    weights = {"x1": ("w0", net.w0, b.dw0), "x2": ("w1", net.w1, b.dw1), "out": ("w2", net.w2, b.dw2)}
    if of == "out":   # d out/d· = (dC/d·) / (dC/dout); the edge into C then carries d out/d out = 1
        scale = 1.0 / b.dout if b.dout != 0 else float("nan")
        gradients = {k: g * scale for k, g in gradients.items()}
        weights = {k: (name, value, g * scale) for k, (name, value, g) in weights.items()}
    d = "dC/d" if of == "C" else "dout/d"

    # 10 inches wide with 15 pt text: shown ~800 px wide in a notebook, the text stays ~12 pt.
    # Each edge's value is the number above it (its tail node names it), so the labels fit between nodes.
    fig = StaticFigure(figsize=(10, 4.6))
    ax = _blank_axes(fig, (-0.7, 17.1), (-2.75, 2.6))
    ax.set_aspect("equal")
    fig.suptitle("The chain as a computational graph: values go forward (above each edge),\n"
                 f"gradients {d}\u00b7 come back (below)", fontsize=BIG)
    ax.values, ax.gradients, ax.weight_labels = {}, {}, {}   # the texts, for readers and tests
    spots = {name: (2.6 * i, 0.0) for i, name in enumerate(_CHAIN_NODES)}
    for name, (x, y) in spots.items():
        _node(ax, x, y, _CHAIN_LABELS[name], radius=0.45)
    for i, (tail, head) in enumerate(zip(_CHAIN_NODES, _CHAIN_NODES[1:])):
        (x0, y0), (x1, y1) = spots[tail], spots[head]
        _arrow(ax, (x0, y0), (x1, y1), shrink=19)
        middle = (x0 + x1) / 2
        ax.text(middle + (0.4 if head == "C" else 0), 0.62, _CHAIN_STEPS[i], ha="center", va="bottom",
                fontsize=BIG, color="0.3")   # the cost's formula clear of w2's arrow
        # the edge leaving a node carries that node's value forward and its gradient back
        ax.values[tail] = ax.text(middle, 0.1, number(values[tail]), ha="center", va="bottom",
                                  fontsize=BIG, color=FORWARD, fontweight="bold")
        if tail in gradients:   # below the nodes: a long number may reach under them
            ax.gradients[tail] = ax.text(middle, -0.52, number(gradients[tail]), ha="center",
                                         va="top", fontsize=BIG, color=BACKWARD, fontweight="bold")
    (xc, yc) = spots["C"]
    ax.values["C"] = ax.text(xc + 0.45, -0.52, f"C = {number(values['C'])}", ha="left", va="top",
                             fontsize=BIG, color=FORWARD, fontweight="bold")
    ax.text(xc + 0.45, -1.12, f"target = {number(net.target)}", ha="left", va="top", fontsize=BIG)
    for head, (name, value, gradient) in weights.items():
        x, _ = spots[head]
        _arrow(ax, (x, 2.05), (x, 0.0), colour="0.45", shrink=19)
        ax.weight_labels[name] = (
            ax.text(x, 2.08, f"{name} = {number(value)}", ha="center", va="bottom", fontsize=BIG,
                    color=FORWARD, fontweight="bold"),
            ax.text(x, -1.12, f"{d}{name} = {number(gradient)}", ha="center", va="top",
                    fontsize=BIG, color=BACKWARD, fontweight="bold"))
    ax.text(-0.6, -2.3, f"Below each edge: {d}(the value above it), found once on the way back and\n"
            f"reused: {d}x2 gives {d}w1 and {d}s1; {d}x1 gives {d}w0.",
            ha="left", va="center", fontsize=BIG, color="0.25")
    fig.alt_text = ("Computational graph of the chain: "
                    + ", ".join(f"{n} = {number(values[n])}" for n in _CHAIN_NODES)
                    + "; backward: " + ", ".join(f"{d}{n} = {number(g)}" for n, g in gradients.items())
                    + "; " + ", ".join(f"{d}{w} = {number(g)}" for w, _, g in weights.values()))
    return fig


# --- a layered network --------------------------------------------------------------------

_SEED002_NAMES = (("$x_1$", "$x_2$"), ("$u_1$", "$u_2$", "$u_3$"), ("$\\hat y$", "$\\hat z$"))


def _default_names(sizes):
    names = [tuple(f"$x_{i + 1}$" for i in range(sizes[0]))]
    for layer, size in enumerate(sizes[1:], start=2):
        names.append(tuple(f"$a^{{({layer})}}_{j + 1}$" if size > 1 else f"$a^{{({layer})}}$"
                           for j in range(size)))
    return names


def _neuron_values(model, x):
    """(prediction, values): each layer's neuron values for one sample, after their activation."""
    prediction = model.forward(x)
    values = [x[:, 0]]
    for index, layer in enumerate(model.layers):
        if isinstance(layer, Dense):
            following = model.layers[index + 1] if index + 1 < len(model.layers) else None
            shown = following if following is not None and not isinstance(following, Dense) else layer
            values.append(shown.output[:, 0])
    return prediction, values


def _neuron_errors(model, prediction, y, loss):
    """Each layer's errors delta = dC/dz from one backward pass (dC/db is dC/dz for one sample)."""
    model.backward(loss.gradient(prediction, y))
    return [layer.dbiases[:, 0] for layer in model.dense_layers]


def draw_network(model=None, x=None, y=None, names=None, numbered=None, loss=None, title=None, errors=True):
    """A layered network from `nn`, drawn with its weights and its numbers for one sample.

    With no arguments: seed 002's 2-3-2 network of the lecture, its weights
    numbered as on the slides (w1..w6 into the hidden layer, w7..w12 out of it).
    Each neuron shows its value (blue) and, when a target y is given, its error
    delta = dC/dz (vermillion) from model.backward(); each edge its weight.

    model, x, y: an nn.Network of Dense layers (with activations or none), one
        sample x as a column (n_in, 1) and its target (n_out, 1).
    names: node labels per layer (default x1.., then a(2)..); numbered: label
        edges w1, w2, ... leaving each neuron in turn (default: for seed 002).
    loss: an nn loss (default HalfSquaredError).
    errors: False draws the values only, so a lesson can ask for the errors first.
    """
    if model is None:
        model, x, y = seed002_example()
        names = _SEED002_NAMES if names is None else names
        numbered = True if numbered is None else numbered
        title = title or "The matrix-rules lecture's 2-3-2 network for x = (3, −2), target (1, 4)"
    if not isinstance(model, Network) or not model.dense_layers:
        raise TypeError("model must be an nn.Network with Dense layers, e.g. nn.seed002_example()[0]")
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 1:
        raise ValueError(f"x must be one sample as a column of shape (n_in, 1), got shape {x.shape}")
    dense = model.dense_layers
    sizes = [dense[0].weights.shape[1]] + [layer.weights.shape[0] for layer in dense]
    names = _default_names(sizes) if names is None else [tuple(n) for n in names]
    if [len(n) for n in names] != sizes:
        raise ValueError(f"names must give {sizes} labels per layer, got {[len(n) for n in names]}")
    prediction, values = _neuron_values(model, x)
    deltas = [] if y is None or not errors else _neuron_errors(model, prediction, np.asarray(y, dtype=float),
                                                 HalfSquaredError() if loss is None else loss)

    step, gap = 4.6, 1.9   # units between layers, and between the neurons of a layer
    top = gap * (max(sizes) - 1)
    fig = StaticFigure(figsize=(1.15 * (step * (len(sizes) - 1) + 2.6), 1.15 * (top + 2.6)))
    ax = _blank_axes(fig, (-1.3, step * (len(sizes) - 1) + 1.3), (-1.3, top + 1.0))
    ax.set_aspect("equal")
    fig.suptitle(title or "The network for one sample", fontsize=BIG)
    spots = [[(step * l, top / 2 + gap * ((size - 1) / 2 - j)) for j in range(size)]
             for l, size in enumerate(sizes)]
    ax.node_values, ax.node_deltas, ax.edge_labels = {}, {}, {}
    count = 0
    for l, layer in enumerate(dense):
        for k, start in enumerate(spots[l]):      # numbered leaving each neuron in turn, as the slides do
            for j, end in enumerate(spots[l + 1]):
                count += 1
                _arrow(ax, start, end)
                where = 0.27 if len(spots[l + 1]) > 1 else 0.45
                px, py = start[0] + where * (end[0] - start[0]), start[1] + where * (end[1] - start[1])
                name = f"w{count} = " if numbered else ""
                ax.edge_labels[(l, k, j)] = ax.text(
                    px, py, f"{name}{number(layer.weights[j, k])}", ha="center", va="center",
                    fontsize=BIG - 2, zorder=5,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9))
    for l, layer_spots in enumerate(spots):
        for j, (px, py) in enumerate(layer_spots):
            _node(ax, px, py, names[l][j], radius=0.42, fontsize=BIG)
            ax.node_values[(l, j)] = ax.text(px, py + 0.47, number(values[l][j]), ha="center",
                                             va="bottom", fontsize=BIG, color=FORWARD, fontweight="bold")
            if l > 0 and deltas:
                ax.node_deltas[(l, j)] = ax.text(px, py - 0.47, f"δ = {number(deltas[l - 1][j])}",
                                                 ha="center", va="top", fontsize=BIG - 1,
                                                 color=BACKWARD, fontweight="bold")
    legend = "blue: each neuron's value"
    if deltas:
        legend += ";  vermillion: its error δ = dC/dz, from the backward pass"
    ax.text(-1.2, -1.15, legend, ha="left", va="center", fontsize=BIG - 2, color="0.25")
    fig.alt_text = (f"{title or 'A network'}: values "
                    + "; ".join(", ".join(number(v) for v in layer) for layer in values)
                    + ("; errors delta " + "; ".join(", ".join(number(d) for d in layer) for layer in deltas)
                       if deltas else ""))
    return fig


# --- the sigmoid's slope ---------------------------------------------------------------------

def draw_sigmoid_slope(net=None):
    """S'(x) = S(x)(1 - S(x)) from -6 to 6, with the chain's x1 and x2 marked (default: the first guess).

    At the first guess x1 = 4 sits far out on the flat tail (S'(4) = 0.0177)
    while x2 = 0.98 is near the top (S'(0.98) = 0.198): why dC/dw0 is small.
    """
    net = ChainNetwork() if net is None else net
    if not isinstance(net, ChainNetwork):
        raise TypeError(f"net must be a bpwidgets ChainNetwork, got {type(net).__name__}")
    f = net.forward()
    fig = StaticFigure(figsize=(10, 5.2))
    ax = fig.add_axes((0.1, 0.14, 0.86, 0.74))
    grid = np.linspace(-6, 6, 401)
    ax.plot(grid, sigmoid_slope(grid), color="0.2", linewidth=2.5, label="$S'(x) = S(x)(1 - S(x))$")
    ax.axhline(0.25, color="0.5", linestyle="--", linewidth=1.2)
    ax.text(-5.9, 0.254, "largest slope 0.25, at x = 0", fontsize=BIG - 2, color="0.35", va="bottom")
    ax.marks = {}
    # labels off the curve, with an arrow to their point
    for name, x, colour, spot in (("x1", f.x1, BACKWARD, (2.6, 0.075)), ("x2", f.x2, FORWARD, (1.9, 0.16))):
        slope = float(sigmoid_slope(x))
        ax.plot([x, x], [0, slope], color=colour, linestyle=":", linewidth=2)
        ax.plot([x], [slope], "o", color=colour, markersize=11, zorder=4)
        ax.marks[name] = ax.annotate(
            f"{name} = {number(x)}\nS'({name}) = {number(slope)}", xy=(x, slope), xytext=spot,
            ha="left", va="bottom", fontsize=BIG, color=colour, fontweight="bold",
            arrowprops=dict(arrowstyle="->", color=colour, linewidth=1.5))
    ax.set(xlim=(-6, 6), ylim=(0, 0.3))
    ax.set_xlabel("x", fontsize=BIG)
    ax.set_ylabel("slope S'(x)", fontsize=BIG)
    ax.tick_params(labelsize=BIG - 2)
    ax.set_title("The sigmoid's slope where the chain's two neurons sit", fontsize=BIG)
    fig.alt_text = (f"Sigmoid slope S'(x): at x1 = {number(f.x1)} it is {number(sigmoid_slope(f.x1))},"
                    f" at x2 = {number(f.x2)} it is {number(sigmoid_slope(f.x2))}; at most 0.25 (x = 0)")
    return fig
