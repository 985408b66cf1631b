"""The chain rule as a walk-through: the forward pass, then the backward pass (numpy only).

Each Step is one row a learner steps through, with its formula, the numbers put
in and the value; the chain-rule stepper shows them and the network diagram
highlights the node or edge of the current one. The backward pass comes two ways:
for one weight, its chain of factors multiplied out (`backward_steps`), or for all
three at once as backpropagation does it (`backprop_steps`): each node's gradient is
the one above it times a local slope, and each is reused by everything below it.
"""
from __future__ import annotations

from dataclasses import dataclass

from .chain import tex_partial
from .numbers import latex_number, rounded_text

# The node each weight feeds: the diagram highlights the edge into it.
WEIGHT_NODE = {"w0": "x1", "w1": "x2", "w2": "out"}


@dataclass(frozen=True)
class Step:
    """One row of the walk-through, e.g. s2 = S(x2) = S(0.982) = 0.7275."""
    kind: str              # "forward" or "backward"
    name: str              # "s2", "ds2/dx2" or, on the last step, "dC/dw0"
    formula: str           # LaTeX, e.g. r"s_2 = S(x_2)"
    numbers: str           # LaTeX with the numbers put in, e.g. "S(0.982)"
    value: float
    product: float | None  # backward only: the product of the factors so far
    node: str              # the node whose incoming edge this step is about
    so_far: str = ""       # backward only: what the product so far is, e.g. r"\partial C/\partial s_2"
    last: bool = False     # the result step
    uses: str = ""         # backprop only: the gradient from above that this step reuses, e.g. "dC/dx2"

    @property
    def label(self):
        """What the network diagram writes beside this step's edge (text: with the minus sign "−")."""
        if self.so_far:                    # a factor of one weight's chain
            return f"×{rounded_text(self.value)}"
        return rounded_text(self.value)     # backprop: the gradient itself


def forward_steps(net):
    """The forward pass and the cost, one Step per quantity."""
    f = net.forward()
    rows = [
        ("x1", r"x_1 = w_0 s_0", rf"{latex_number(net.w0)} \cdot {latex_number(net.s0)}", f.x1),
        ("s1", r"s_1 = S(x_1) = \frac{1}{1 + e^{-x_1}}", rf"S({latex_number(f.x1)})", f.s1),
        ("x2", r"x_2 = w_1 s_1", rf"{latex_number(net.w1)} \cdot {latex_number(f.s1)}", f.x2),
        ("s2", r"s_2 = S(x_2)", rf"S({latex_number(f.x2)})", f.s2),
        ("out", r"\mathrm{out} = w_2 s_2", rf"{latex_number(net.w2)} \cdot {latex_number(f.s2)}", f.out),
        ("C", r"C = \tfrac{1}{2}(\mathrm{target} - \mathrm{out})^2",
         rf"\tfrac{{1}}{{2}}({latex_number(net.target)} - {latex_number(f.out)})^2", net.cost()),
    ]
    return [Step("forward", name, tex, numbers, float(value), None, name)
            for name, tex, numbers, value in rows]


def backward_steps(net, weight):
    """Each factor of dC/dweight with the running product, then the result."""
    steps, product = [], 1.0
    factors = net.chain(weight)
    for factor in factors:
        product *= factor.value   # after ds2/dx2 the product so far is dC/dx2
        top, bottom = factor.name[1:].split("/d")
        steps.append(Step("backward", factor.name, factor.latex, factor.numbers.replace("(", r"\,("),
                          factor.value, product, top, so_far=tex_partial(f"dC/d{bottom}")))
    result = tex_partial(f"dC/d{weight}")
    formula = result + " = " + r" \cdot ".join(tex_partial(f.name) for f in factors)
    numbers = r" \cdot ".join(f"({latex_number(f.value)})" for f in factors)
    steps.append(Step("backward", f"dC/d{weight}", formula, numbers, product, product,
                      WEIGHT_NODE[weight], so_far=result, last=True))
    return steps


# backpropagation, one node at a time: (gradient, the one above it it reuses, the local slope's
# name, LaTeX and value from the forward pass, the edge it is about: the node that edge leads into)
_BACKPROP = (
    ("dC/dout", "", r"\mathrm{out} - \mathrm{target}", "C"),
    ("dC/dw2", "dC/dout", "s_2", "out"),
    ("dC/ds2", "dC/dout", "w_2", "out"),
    ("dC/dx2", "dC/ds2", r"s_2(1 - s_2)", "s2"),
    ("dC/dw1", "dC/dx2", "s_1", "x2"),
    ("dC/ds1", "dC/dx2", "w_1", "x2"),
    ("dC/dx1", "dC/ds1", r"s_1(1 - s_1)", "s1"),
    ("dC/dw0", "dC/dx1", "s_0", "x1"),
)
BACKPROP = "all"   # the walk-through's name for "all three weights by backpropagation"


def backprop_steps(net):
    """Backpropagation as a walk-through: dC/dout, then each gradient = the one above x a local slope."""
    f, b = net.forward(), net.backward()
    values = {"dC/dout": b.dout, "dC/dw2": b.dw2, "dC/ds2": b.ds2, "dC/dx2": b.dx2, "dC/dw1": b.dw1,
              "dC/ds1": b.ds1, "dC/dx1": b.dx1, "dC/dw0": b.dw0}
    slopes = {"s_2": f.s2, "w_2": net.w2, r"s_2(1 - s_2)": f.s2 * (1 - f.s2), "s_1": f.s1, "w_1": net.w1,
              r"s_1(1 - s_1)": f.s1 * (1 - f.s1), "s_0": net.s0}
    steps = []
    for name, uses, slope, node in _BACKPROP:
        if uses:
            formula = f"{tex_partial(name)} = {tex_partial(uses)} \\cdot {slope}"
            numbers = f"({latex_number(values[uses])}) \\cdot ({latex_number(slopes[slope])})"
        else:
            formula = f"{tex_partial(name)} = {slope}"
            numbers = f"{latex_number(f.out)} - {latex_number(net.target)}"
        steps.append(Step("backward", name, formula, numbers, float(values[name]), float(values[name]),
                          node, uses=uses, last=name == "dC/dw0"))
    return steps


def walkthrough(net, weight):
    """Every Step: six forward steps, then the chain of factors for `weight`, or with weight="all"
    backpropagation's reuse of each gradient for all three weights."""
    if weight == BACKPROP:
        return forward_steps(net) + backprop_steps(net)
    return forward_steps(net) + backward_steps(net, weight)


FORWARD_STEPS = 6   # x1, s1, x2, s2, out, C

__all__ = ["Step", "forward_steps", "backward_steps", "backprop_steps", "walkthrough", "WEIGHT_NODE",
           "FORWARD_STEPS", "BACKPROP"]
