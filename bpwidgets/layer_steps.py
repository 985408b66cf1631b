"""One backward pass as quantities a learner steps through (numpy only).

`pass_quantities(network, x, y, loss)` walks any layered network the Playground trains,
one sample: forward layer by layer, the loss, then the three rules back through the layers.
`seed002_quantities()` is the lecture's fixed example with the slides' weight names.

Seed 002's network: 2 inputs -> 3 hidden -> 2 outputs, no activation, one sample
x = (3, -2) with target (1, 4). Each Quantity is one matrix of the forward pass or
of the three rules of backpropagation, with the arithmetic of every entry; every
number is read from `nn`'s own forward and backward pass, so nothing is typed in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import nn


@dataclass
class Table:
    """A matrix as the learner sees it: a caption, row and column headers, one label per entry."""
    caption: str                 # LaTeX, e.g. r"\partial l / \partial W^{(2)}"
    matrix: np.ndarray
    rows: list = field(default_factory=list)     # LaTeX header per row ([] for none)
    cols: list = field(default_factory=list)     # LaTeX header per column
    labels: list = field(default_factory=list)   # plain-text name per entry, row-major ("dl/dw7")


@dataclass
class Quantity:
    """One step of the walk: a named matrix, the rule that makes it, and each entry's arithmetic."""
    name: str                    # "d-weights (output)"
    rule: str                    # LaTeX of the rule, e.g. r"\frac{...} = \delta\, u^T"
    result: Table
    operands: list               # Tables the result is computed from
    arithmetic: list             # per entry (row-major): LaTeX "-154 = -22 \times 7"
    uses: list                   # per entry: [(operand index, row, col), ...] to highlight
    note: str = ""               # HTML shown under the tables (e.g. the erratum)
    part: str = ""               # "forward" or "backward"

    @property
    def matrix(self):
        """The result's matrix (an ndarray)."""
        return self.result.matrix


# --- numbers as the slides print them ----------------------------------------------------

def number_text(x):
    """An integer without '.0', anything else to 4 significant digits."""
    x = float(x)
    return str(int(round(x))) if abs(x - round(x)) < 1e-9 else f"{x:.4g}"


def _p(x):
    """A number in an arithmetic line: negatives in parentheses."""
    s = number_text(x)
    return f"({s})" if s.startswith("-") else s


# Weight labels, numbered as on the slides: the output layer's matrix printed with rows
# u1..u3 and columns (y_hat, z_hat) is [[w7, w8], [w9, w10], [w11, w12]], so in nn's layout
# (rows = outputs) entry [j, k] is w_(7 + 2k + j). The hidden layer is numbered the same
# way (the slides do not print it): entry [j, k] is w_(1 + 3k + j).
def _weight_names(first, n_out, n_in):
    return [[f"w{first + n_out * k + j}" for k in range(n_in)] for j in range(n_out)]


def seed002_quantities():
    """The nine quantities of seed 002's worked example, computed by nn's forward and backward pass."""
    model, x, y = nn.seed002_example()
    hidden, output = model.dense_layers
    loss = nn.HalfSquaredError()
    pred = model.forward(x)
    dpred = loss.gradient(pred, y)
    model.backward(dpred)
    u = hidden.output
    W1, b1, W2, b2 = hidden.weights, hidden.biases, output.weights, output.biases
    w1_names, w2_names = _weight_names(1, 3, 2), _weight_names(7, 2, 3)
    X, U, Y = [r"x_1", r"x_2"], [r"u_1", r"u_2", r"u_3"], [r"\hat y", r"\hat z"]
    plain_u, plain_y = ["u1", "u2", "u3"], ["y_hat", "z_hat"]

    def column(caption, values, rows, labels):
        return Table(caption, values, rows, [], labels)

    tx = column(r"x", x, X, ["x1", "x2"])
    tW1 = Table(r"W^{(1)}", W1, U, X, [n for row in w1_names for n in row])
    tb1 = column(r"b^{(1)}", b1, U, ["b1", "b2", "b3"])
    tu = column(r"u", u, U, plain_u)
    tW2 = Table(r"W^{(2)}", W2, Y, U, [n for row in w2_names for n in row])
    tb2 = column(r"b^{(2)}", b2, Y, ["b4", "b5"])
    tpred = column(r"(\hat y, \hat z)", pred, Y, plain_y)
    ttarget = column(r"\text{target}", y, Y, ["y", "z"])
    tdpred = column(r"\delta^{(2)} = \partial l / \partial (\hat y, \hat z)", dpred, Y,
                    ["dl/dy_hat", "dl/dz_hat"])
    tdu = column(r"\delta^{(1)} = \partial l / \partial u", output.dinputs, U, ["dl/du1", "dl/du2", "dl/du3"])
    tuT = Table(r"u^T", u.T, [], U, plain_u)
    txT = Table(r"x^T", x.T, [], X, ["x1", "x2"])
    tW2T = Table(r"{W^{(2)}}^T", W2.T, U, Y, [w2_names[j][k] for k in range(3) for j in range(2)])
    tdelta2 = column(r"\delta^{(2)}", dpred, Y, ["dl/dy_hat", "dl/dz_hat"])
    tdelta1 = column(r"\delta^{(1)}", output.dinputs, U, ["dl/du1", "dl/du2", "dl/du3"])

    def weighted_sum(W, v, b, j):
        terms = " + ".join(rf"{_p(W[j, k])} \cdot {_p(v[k, 0])}" for k in range(W.shape[1]))
        return terms + (rf" + {_p(b[j, 0])}" if b is not None else "")

    steps = []
    # forward: u = W1 x + b1
    steps.append(Quantity(
        "hidden values", r"u = W^{(1)} x + b^{(1)}", tu, [tW1, tx, tb1],
        [rf"u_{j + 1} = {weighted_sum(W1, x, b1, j)} = {number_text(u[j, 0])}" for j in range(3)],
        [[(0, j, 0), (0, j, 1), (1, 0, 0), (1, 1, 0), (2, j, 0)] for j in range(3)],
        note="The slides print u but not W<sup>(1)</sup>: any weights that give u = (7, -22, -3) "
             "lead to the same gradients. These are one such choice."))
    # forward: outputs = W2 u + b2
    steps.append(Quantity(
        "outputs", r"(\hat y, \hat z) = W^{(2)} u + b^{(2)}", tpred, [tW2, tu, tb2],
        [rf"{Y[j]} = {weighted_sum(W2, u, b2, j)} = {number_text(pred[j, 0])}" for j in range(2)],
        [[(0, j, 0), (0, j, 1), (0, j, 2), (1, 0, 0), (1, 1, 0), (1, 2, 0), (2, j, 0)]
         for j in range(2)]))
    # forward: the loss
    value = loss.value(pred, y)
    steps.append(Quantity(
        "loss", r"l = \tfrac12 \left((\hat y - 1)^2 + (\hat z - 4)^2\right)",
        Table(r"l", np.array([[value]]), [], [], ["l"]), [tpred, ttarget],
        [rf"l = \tfrac12 \left(({number_text(pred[0, 0])} - {number_text(y[0, 0])})^2 + ({number_text(pred[1, 0])} - {number_text(y[1, 0])})^2\right)"
         rf" = {number_text(value)}"],
        [[(0, 0, 0), (0, 1, 0), (1, 0, 0), (1, 1, 0)]]))
    # backward: d-values at the outputs
    steps.append(Quantity(
        "d-values (output)", r"\delta^{(2)} = \frac{\partial l}{\partial (\hat y, \hat z)} "
                             r"= (\hat y - 1,\ \hat z - 4)", tdpred, [tpred, ttarget],
        [rf"\frac{{\partial l}}{{\partial {Y[j]}}} = {_p(pred[j, 0])} - {_p(y[j, 0])} = {number_text(dpred[j, 0])}"
         for j in range(2)],
        [[(0, j, 0), (1, j, 0)] for j in range(2)]))
    # rule 2 on the output layer: d-weights = d-values x values
    dW2 = output.dweights
    steps.append(Quantity(
        "d-weights (output)", r"\frac{\partial l}{\partial W^{(2)}} = \delta^{(2)}\, u^T"
                              r"\quad\text{(d-weights = d-values} \times \text{values)}",
        Table(r"\partial l / \partial W^{(2)}", dW2, Y, U, [f"dl/d{n}" for row in w2_names for n in row]),
        [tdelta2, tuT],
        [rf"\frac{{\partial l}}{{\partial {w2_names[j][k][0]}_{{{w2_names[j][k][1:]}}}}} = "
         rf"{_p(dpred[j, 0])} \times {_p(u[k, 0])} = {number_text(dW2[j, k])}"
         for j in range(2) for k in range(3)],
        [[(0, j, 0), (1, 0, k)] for j in range(2) for k in range(3)]))
    # rule 3 on the output layer: d-biases = d-values
    db2 = output.dbiases
    steps.append(Quantity(
        "d-biases (output)", r"\frac{\partial l}{\partial b^{(2)}} = \delta^{(2)}"
                             r"\quad\text{(d-biases = d-values)}",
        column(r"\partial l / \partial b^{(2)}", db2, Y, ["dl/db4", "dl/db5"]), [tdelta2],
        [rf"\frac{{\partial l}}{{\partial b_{j + 4}}} = \frac{{\partial l}}{{\partial {Y[j]}}} = {number_text(db2[j, 0])}"
         for j in range(2)],
        [[(0, j, 0)] for j in range(2)],
        note=f"A note on the slides: one slide labels dl/db4 as {number_text(dW2[1, 0])}. "
             f"It is {number_text(db2[0, 0])}, the d-value of y_hat, because b4 adds straight into y_hat. "
             f"The {number_text(dW2[1, 0])} is dl/dw8 = {number_text(dpred[1, 0])} &times; {number_text(u[0, 0])}, "
             "from the step before."))
    # rule 1: d-values of the hidden layer = weights^T . d-values
    du = output.dinputs
    steps.append(Quantity(
        "d-values (hidden)", r"\delta^{(1)} = {W^{(2)}}^T \delta^{(2)}"
                             r"\quad\text{(d-values = weights}^T \cdot \text{d-values)}",
        tdu, [tW2T, tdelta2],
        [rf"\frac{{\partial l}}{{\partial u_{k + 1}}} = "
         + " + ".join(rf"{_p(W2[j, k])} \cdot {_p(dpred[j, 0])}" for j in range(2))
         + rf" = {number_text(du[k, 0])}" for k in range(3)],
        [[(0, k, 0), (0, k, 1), (1, 0, 0), (1, 1, 0)] for k in range(3)],
        note="Each u reaches the loss along two paths (through y_hat and through z_hat): "
             "the two terms add."))
    # rule 3 on the hidden layer
    db1 = hidden.dbiases
    steps.append(Quantity(
        "d-biases (hidden)", r"\frac{\partial l}{\partial b^{(1)}} = \delta^{(1)}",
        column(r"\partial l / \partial b^{(1)}", db1, U, ["dl/db1", "dl/db2", "dl/db3"]), [tdelta1],
        [rf"\frac{{\partial l}}{{\partial b_{j + 1}}} = \frac{{\partial l}}{{\partial u_{j + 1}}} = {number_text(db1[j, 0])}"
         for j in range(3)],
        [[(0, j, 0)] for j in range(3)]))
    # rule 2 on the hidden layer
    dW1 = hidden.dweights
    steps.append(Quantity(
        "d-weights (hidden)", r"\frac{\partial l}{\partial W^{(1)}} = \delta^{(1)}\, x^T",
        Table(r"\partial l / \partial W^{(1)}", dW1, U, X, [f"dl/d{n}" for row in w1_names for n in row]),
        [tdelta1, txT],
        [rf"\frac{{\partial l}}{{\partial w_{{{w1_names[j][k][1:]}}}}} = "
         rf"{_p(du[j, 0])} \times {_p(x[k, 0])} = {number_text(dW1[j, k])}"
         for j in range(3) for k in range(2)],
        [[(0, j, 0), (1, 0, k)] for j in range(3) for k in range(2)]))
    for i, q in enumerate(steps):
        q.part = "forward" if i < 3 else "backward"
    return steps


# --- any network the Playground trains ----------------------------------------------------

ACTIVATION_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}"}
SLOPE_NOTES = {   # how g'(z) is read off a = g(z)
    "sigmoid": "The slope of the sigmoid: &sigma;'(z) = a (1 &minus; a).",
    "tanh": "The slope of tanh: tanh'(z) = 1 &minus; a&sup2;.",
    "relu": "The slope of ReLU: 1 where z &gt; 0, 0 elsewhere (a neuron at 0 passes no gradient back).",
}


def _shape(M):
    return rf"\ \ ({M.shape[0]}\times{M.shape[1]})"


def _sum_text(lhs, terms, value, open_="", close=""):
    """'lhs = (t1 + t2 + ...) close = value', over aligned lines of 4 terms when there are more
    (MathJax does not wrap a long line: an 8-wide layer's sums would run off the page)."""
    if len(terms) <= 4:
        return f"{lhs} = {open_}{' + '.join(terms)}{close} = {value}"
    chunks = r" \\ &\quad + ".join(" + ".join(terms[i:i + 4]) for i in range(0, len(terms), 4))
    return rf"\begin{{aligned}} {lhs} &= {open_}{chunks}{close} \\ &= {value} \end{{aligned}}"


def _layer_name(l, n_layers):
    """'output', 'hidden' (one hidden layer) or 'hidden 2'."""
    if l == n_layers:
        return "output"
    return "hidden" if n_layers == 2 else f"hidden {l}"


def activation_names(network):
    """The activation after each Dense layer of an nn.Network [Dense, g, Dense, g, ...]: 'tanh', 'none'..."""
    from .live_training import ACTIVATIONS, pairs
    by_class = {cls: name for name, cls in ACTIVATIONS.items()}
    names = []
    for dense, g in pairs(network):
        if not isinstance(dense, nn.Dense) or type(g) not in by_class:
            raise ValueError("the walk needs a network of Dense layers each followed by one of "
                             f"{', '.join(ACTIVATIONS)}, got {type(dense).__name__}, {type(g).__name__}")
        names.append(by_class[type(g)])
    return names


def loss_name(loss):
    """'half-squared' or 'cross-entropy' for an nn loss object."""
    if isinstance(loss, nn.HalfSquaredError):
        return "half-squared"
    if isinstance(loss, nn.BinaryCrossEntropy):
        return "cross-entropy"
    raise ValueError(f"the walk knows half squared error and binary cross-entropy, got {type(loss).__name__}")


def pass_quantities(network, x, y, loss):
    """The walk of one sample (x, y) through an nn.Network [Dense, g, ..., Dense, g] with an nn loss:
    forward layer by layer (z = W a + b, a = g(z)), the loss, then back through the layers with
    the three rules (d-values, d-weights, d-biases). Numbers from live_training.sample_pass."""
    from .live_training import sample_pass
    return walk_quantities(sample_pass(network, x, y, loss), activation_names(network), loss_name(loss))


def walk_quantities(walk, activations, loss):
    """The Quantity list of a live_training.SamplePass whose layers have these activation names
    ('sigmoid', 'tanh', 'relu', 'none'), for loss 'half-squared' or 'cross-entropy'."""
    layers, L = walk.layers, len(walk.layers)
    if len(activations) != L:
        raise ValueError(f"{L} layers need {L} activation names, got {len(activations)}")
    sizes = [walk.x.shape[0]] + [layer.z.shape[0] for layer in layers]
    heads = [[f"x_{{{i}}}" for i in range(sizes[0])]] + \
        [[f"{l}.{i}" for i in range(n)] for l, n in enumerate(sizes) if l > 0]
    plain = [[f"x{i}" for i in range(sizes[0])]] + \
        [[f"{l}.{i}" for i in range(n)] for l, n in enumerate(sizes) if l > 0]

    def column(tex, values, l, prefix):
        return Table(tex + _shape(values), values, heads[l], [], [f"{prefix}{n}" for n in plain[l]])

    def a_tex(l):
        return "x" if l == 0 else f"a^{{({l})}}"

    def a_table(l):
        return column("x", walk.x, 0, "") if l == 0 else column(a_tex(l), layers[l - 1].a, l, "a")

    def W_table(l, transposed=False):
        W = layers[l - 1].W
        names = [[f"w{l}.{i}.{j}" for j in range(W.shape[1])] for i in range(W.shape[0])]
        if transposed:
            return Table(f"{{W^{{({l})}}}}^T" + _shape(W.T), W.T, heads[l - 1], heads[l],
                         [names[i][j] for j in range(W.shape[1]) for i in range(W.shape[0])])
        return Table(f"W^{{({l})}}" + _shape(W), W, heads[l], heads[l - 1], [n for row in names for n in row])

    def slope_table(l):
        g = activations[l - 1]
        return column(rf"{ACTIVATION_TEX[g]}'(z^{{({l})}})", layers[l - 1].slope, l, "g'")

    def delta_table(l):
        return column(rf"\delta^{{({l})}}", layers[l - 1].delta, l, "δ")

    steps = []

    def add(part, *args, **kwargs):
        steps.append(Quantity(*args, **kwargs, part=part))

    # forward: z = W a + b, then a = g(z) (one step when there is no activation)
    for l in range(1, L + 1):
        layer, g, name = layers[l - 1], activations[l - 1], _layer_name(l, L)
        W, b, a_prev = layer.W, layer.b, layer.a_prev
        rows = range(W.shape[0])
        sums = [[rf"{_p(W[i, k])} \cdot {_p(a_prev[k, 0])}" for k in range(W.shape[1])] + [_p(b[i, 0])]
                for i in rows]
        uses = [[(0, i, k) for k in range(W.shape[1])] + [(1, k, 0) for k in range(W.shape[1])] + [(2, i, 0)]
                for i in rows]
        operands = [W_table(l), a_table(l - 1), column(f"b^{{({l})}}", b, l, "b")]
        if g == "none":
            add("forward", f"values ({name})",
                rf"a^{{({l})}} = z^{{({l})}} = W^{{({l})}} {a_tex(l - 1)} + b^{{({l})}}\quad\text{{(no activation)}}",
                column(a_tex(l), layer.a, l, "a"), operands,
                [_sum_text(f"a_{{{l}.{i}}}", sums[i], number_text(layer.a[i, 0])) for i in rows], uses)
            continue
        tz = column(f"z^{{({l})}}", layer.z, l, "z")
        add("forward", f"weighted sums ({name})", rf"z^{{({l})}} = W^{{({l})}} {a_tex(l - 1)} + b^{{({l})}}",
            tz, operands, [_sum_text(f"z_{{{l}.{i}}}", sums[i], number_text(layer.z[i, 0])) for i in rows], uses)
        f = ACTIVATION_TEX[g]
        add("forward", f"activations ({name})", rf"a^{{({l})}} = {f}(z^{{({l})}})\quad\text{{({g})}}",
            column(a_tex(l), layer.a, l, "a"), [tz],
            [rf"a_{{{l}.{i}}} = {f}({number_text(layer.z[i, 0])}) = {number_text(layer.a[i, 0])}" for i in rows],
            [[(0, i, 0)] for i in rows])

    # the loss
    out, y = layers[-1].a, walk.y
    ta, ty = a_table(L), column(r"y\ \text{(target)}", y, L, "y")
    both = [[(0, j, 0), (1, j, 0)] for j in range(out.shape[0])]
    every = [[(0, j, 0) for j in range(out.shape[0])] + [(1, j, 0) for j in range(out.shape[0])]]
    if loss == "half-squared":
        rule = rf"C = \tfrac12 \sum_j (a^{{({L})}}_j - y_j)^2"
        terms = " + ".join(rf"({number_text(out[j, 0])} - {_p(y[j, 0])})^2" for j in range(out.shape[0]))
        line = rf"C = \tfrac12 \left({terms}\right) = {number_text(walk.loss)}"
        dC_rule, dC_lines = rf"\frac{{\partial C}}{{\partial a^{{({L})}}}} = a^{{({L})}} - y", [
            rf"\frac{{\partial C}}{{\partial a_{{{L}.{j}}}}} = {_p(out[j, 0])} - {_p(y[j, 0])} = "
            rf"{number_text(walk.dC_da[j, 0])}" for j in range(out.shape[0])]
    elif loss == "cross-entropy":
        rule = r"C = -\sum_j \left(y_j \ln a_j + (1 - y_j) \ln (1 - a_j)\right)"
        terms = " + ".join(rf"{_p(y[j, 0])} \ln {number_text(out[j, 0])} + (1 - {_p(y[j, 0])}) \ln (1 - {number_text(out[j, 0])})"
                           for j in range(out.shape[0]))
        line = rf"C = -\left({terms}\right) = {number_text(walk.loss)}"
        dC_rule, dC_lines = r"\frac{\partial C}{\partial a} = \frac{a - y}{a\,(1 - a)}", [
            rf"\frac{{\partial C}}{{\partial a_{{{L}.{j}}}}} = \frac{{{number_text(out[j, 0])} - {_p(y[j, 0])}}}"
            rf"{{{number_text(out[j, 0])} \cdot (1 - {number_text(out[j, 0])})}} = {number_text(walk.dC_da[j, 0])}"
            for j in range(out.shape[0])]
    else:
        raise ValueError(f"loss must be 'half-squared' or 'cross-entropy', got {loss!r}")
    add("forward", "loss", rule, Table("C", np.array([[walk.loss]]), [], [], ["C"]), [ta, ty], [line], every)

    # backward: the output layer's d-values start the pass
    g = activations[-1]
    t_dC = column(rf"\partial C / \partial a^{{({L})}}", walk.dC_da, L, "dC/da")
    if g == "none":
        add("backward", "d-values (output)", rf"\delta^{{({L})}} = " + dC_rule + r"\quad\text{(no activation)}",
            delta_table(L), [ta, ty], [rf"\delta_{{{L}.{j}}} = " + line for j, line in enumerate(dC_lines)], both)
    else:
        add("backward", "loss slope (output)", dC_rule, t_dC, [ta, ty], dC_lines, both)
        delta, s = layers[-1].delta, layers[-1].slope
        note = SLOPE_NOTES[g]
        if g == "sigmoid" and loss == "cross-entropy":
            note += (" With a sigmoid output and cross-entropy the two factors simplify: "
                     f"&delta; = a &minus; y = {number_text(out[0, 0] - y[0, 0])}"
                     + (" (first output)." if out.shape[0] > 1 else "."))
        add("backward", "d-values (output)",
            rf"\delta^{{({L})}} = \frac{{\partial C}}{{\partial a^{{({L})}}}} \odot {ACTIVATION_TEX[g]}'(z^{{({L})}})",
            delta_table(L), [t_dC, slope_table(L)],
            [rf"\delta_{{{L}.{j}}} = {_p(walk.dC_da[j, 0])} \times {_p(s[j, 0])} = {number_text(delta[j, 0])}"
             for j in range(delta.shape[0])],
            [[(0, j, 0), (1, j, 0)] for j in range(delta.shape[0])], note=note)

    for l in range(L, 0, -1):
        layer, name = layers[l - 1], _layer_name(l, L)
        if l < L:   # rule 1: d-values = weights^T . d-values (times the slopes)
            above, g = layers[l], activations[l - 1]
            W, d_above = above.W, above.delta
            sums = [[rf"{_p(W[j, k])} \cdot {_p(d_above[j, 0])}" for j in range(W.shape[0])]
                    for k in range(W.shape[1])]
            operands = [W_table(l + 1, transposed=True), delta_table(l + 1)]
            uses = [[(0, k, j) for j in range(W.shape[0])] + [(1, j, 0) for j in range(W.shape[0])]
                    for k in range(W.shape[1])]
            paths = (f"Each neuron of layer {l} reaches the loss along {W.shape[0]} paths (one through each "
                     f"neuron of layer {l + 1}): the terms add." if W.shape[0] > 1 else "")
            if g == "none":
                add("backward", f"d-values ({name})",
                    rf"\delta^{{({l})}} = {{W^{{({l + 1})}}}}^T \delta^{{({l + 1})}}"
                    r"\quad\text{(d-values = weights}^T \cdot \text{d-values)}",
                    delta_table(l), operands,
                    [_sum_text(rf"\delta_{{{l}.{k}}}", sums[k], number_text(layer.delta[k, 0]))
                     for k in range(W.shape[1])],
                    uses, note=paths)
            else:
                upstream = W.T @ d_above
                add("backward", f"d-values ({name})",
                    rf"\delta^{{({l})}} = \left({{W^{{({l + 1})}}}}^T \delta^{{({l + 1})}}\right) \odot "
                    rf"{ACTIVATION_TEX[g]}'(z^{{({l})}})"
                    r"\quad\text{(d-values = weights}^T \cdot \text{d-values} \times \text{slopes)}",
                    delta_table(l), operands + [slope_table(l)],
                    [_sum_text(rf"\delta_{{{l}.{k}}}", sums[k],
                               rf"{number_text(upstream[k, 0])} \times {_p(layer.slope[k, 0])} = "
                               rf"{number_text(layer.delta[k, 0])}", "(", rf") \times {_p(layer.slope[k, 0])}")
                     for k in range(W.shape[1])],
                    [u + [(2, k, 0)] for k, u in enumerate(uses)], note=" ".join(filter(None, [paths, SLOPE_NOTES[g]])))
        # rule 2: d-weights = d-values x values
        dW, a_prev = layer.dW, layer.a_prev
        values_T = a_table(l - 1)
        values_T = Table(f"{{{a_tex(l - 1)}}}^T" + _shape(a_prev.T), a_prev.T, [], values_T.rows, values_T.labels)
        add("backward", f"d-weights ({name})",
            rf"\frac{{\partial C}}{{\partial W^{{({l})}}}} = \delta^{{({l})}}\, {{{a_tex(l - 1)}}}^T"
            r"\quad\text{(d-weights = d-values} \times \text{values)}",
            Table(rf"\partial C / \partial W^{{({l})}}" + _shape(dW), dW, heads[l], heads[l - 1],
                  [f"dC/dw{l}.{i}.{j}" for i in range(dW.shape[0]) for j in range(dW.shape[1])]),
            [delta_table(l), values_T],
            [rf"\frac{{\partial C}}{{\partial w_{{{l}.{i}.{j}}}}} = {_p(layer.delta[i, 0])} \times {_p(a_prev[j, 0])}"
             rf" = {number_text(dW[i, j])}" for i in range(dW.shape[0]) for j in range(dW.shape[1])],
            [[(0, i, 0), (1, 0, j)] for i in range(dW.shape[0]) for j in range(dW.shape[1])])
        # rule 3: d-biases = d-values
        add("backward", f"d-biases ({name})",
            rf"\frac{{\partial C}}{{\partial b^{{({l})}}}} = \delta^{{({l})}}\quad\text{{(d-biases = d-values)}}",
            column(rf"\partial C / \partial b^{{({l})}}", layer.db, l, "dC/db"), [delta_table(l)],
            [rf"\frac{{\partial C}}{{\partial b_{{{l}.{i}}}}} = \delta_{{{l}.{i}}} = {number_text(layer.db[i, 0])}"
             for i in range(layer.db.shape[0])],
            [[(0, i, 0)] for i in range(layer.db.shape[0])])
    return steps


__all__ = ["Table", "Quantity", "seed002_quantities", "pass_quantities", "walk_quantities",
           "activation_names", "loss_name", "number_text"]
