"""Seed 002's worked example as quantities a learner steps through (numpy only).

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
    return steps


__all__ = ["Table", "Quantity", "seed002_quantities", "number_text"]
