"""The chain rule as a walk-through: the forward pass, then one weight's backward factors (numpy only).

Each Step is one row a learner steps through, with its formula, the numbers put
in and the value; the chain-rule stepper shows them and the network diagram
highlights the node or edge of the current one.
"""
from __future__ import annotations

from dataclasses import dataclass

from .chain import tex_partial

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


def _g(x, digits=4):
    """A number as the lecture prints it: 4 significant digits."""
    return f"{x:.{digits}g}"


def forward_steps(net):
    """The forward pass and the cost, one Step per quantity."""
    f = net.forward()
    rows = [
        ("x1", r"x_1 = w_0 s_0", rf"{_g(net.w0)} \cdot {_g(net.s0)}", f.x1),
        ("s1", r"s_1 = S(x_1) = \frac{1}{1 + e^{-x_1}}", rf"S({_g(f.x1)})", f.s1),
        ("x2", r"x_2 = w_1 s_1", rf"{_g(net.w1)} \cdot {_g(f.s1)}", f.x2),
        ("s2", r"s_2 = S(x_2)", rf"S({_g(f.x2)})", f.s2),
        ("out", r"\mathrm{out} = w_2 s_2", rf"{_g(net.w2)} \cdot {_g(f.s2)}", f.out),
        ("C", r"C = \tfrac{1}{2}(\mathrm{target} - \mathrm{out})^2",
         rf"\tfrac{{1}}{{2}}({_g(net.target)} - {_g(f.out)})^2", net.cost()),
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
    numbers = r" \cdot ".join(f"({_g(f.value)})" for f in factors)
    steps.append(Step("backward", f"dC/d{weight}", formula, numbers, product, product,
                      WEIGHT_NODE[weight], so_far=result, last=True))
    return steps



def walkthrough(net, weight):
    """Every Step for `weight`: six forward steps, then its chain-rule factors and the result."""
    return forward_steps(net) + backward_steps(net, weight)


FORWARD_STEPS = 6   # x1, s1, x2, s2, out, C

__all__ = ["Step", "forward_steps", "backward_steps", "walkthrough", "WEIGHT_NODE", "FORWARD_STEPS"]
