"""Walk through the chain rule one quantity at a time.

First the forward pass (x1, s1, x2, s2, out, C), then the backward pass for
one weight: each factor of dC/dw with its numbers and the running product,
and last the result, which equals `net.gradient()[weight]`.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
from traitlets import Enum, Int, observe

from ..chain import WEIGHTS, tex_partial, weight_name
from ._panel import use_state
from ._walkthrough import Walkthrough
from ..state import NETWORK_TRAITS

# The node each weight feeds: the diagram highlights the edge into it.
WEIGHT_NODE = {"w0": "x1", "w1": "x2", "w2": "out"}
HIGHLIGHT = "#fff1a8"   # pale yellow behind the current row


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


class ChainRuleStepper(Walkthrough):
    """Previous / Next through the forward pass, then the chain rule for one weight.

    `stepper.step` is the current row (0 = x1), `stepper.weight` the weight whose
    gradient the backward pass builds. The table grows as you step, the current
    row highlighted, and follows the state: change a weight and the numbers update
    at the same step.
    """

    step = Int(0, help="the current step, 0 = the first forward quantity x1")
    weight = Enum(WEIGHTS, default_value="w0", help="the weight whose gradient the backward pass builds")

    def __init__(self, state=None, weight="w0", **kwargs):
        weight_name(weight)   # a clear ValueError for anything but 'w0', 'w1', 'w2'
        self.state = use_state(state)
        self._items = []
        self._walk_controls("go back one step", "one more step of the chain rule")
        self.reset_button = widgets.Button(description="Reset to start", icon="undo",
                                           tooltip="back to the first forward step")
        self.weight_dropdown = widgets.Dropdown(options=list(WEIGHTS), value=weight,
                                                description="gradient of C by",
                                                style={"description_width": "initial"})
        self.table = widgets.HTMLMath()
        self.reset_button.on_click(lambda _: self.reset())
        controls = widgets.HBox([self.previous_button, self.next_button, self.reset_button,
                                 self.weight_dropdown, self.position])
        super().__init__([controls, self.table], **kwargs)
        self.weight = weight
        widgets.link((self.weight_dropdown, "value"), (self, "weight"))
        self.state.observe(self._on_state_changed, names=NETWORK_TRAITS)
        self._recompute()

    # --- public -----------------------------------------------------------

    @property
    def steps_total(self):
        """How many steps there are for this weight: 6 forward + its factors + the result."""
        return len(self._items)

    def steps(self):
        """Every Step of the walk-through, forward then backward."""
        return list(self._items)

    def reset(self):
        """Back to the first forward step."""
        self.step = 0

    # --- updating ------------------------------------------------------------

    @observe("step")
    def _on_step_changed(self, change):
        self._render()

    @observe("weight")
    def _on_weight_changed(self, change):
        self._recompute()

    def _on_state_changed(self, change):
        self._recompute()

    def _recompute(self):
        """Rebuild the records from the state (cheap) and show them at the same step."""
        net = self.state.network()
        self._items = forward_steps(net) + backward_steps(net, self.weight)
        if self.step >= self.steps_total:   # a shorter chain: stay on its last step
            self.step = self.steps_total - 1   # renders through the observer
        else:
            self._render()

    def _render(self):
        n = self.step
        self._show_position(f"step {n + 1} of {self.steps_total}")
        self.table.value = self._html(n)

    def _html(self, n):
        rows = []
        for i, s in enumerate(self._items[: n + 1]):
            if i == 0:
                rows.append(_section("Forward pass: from the input s<sub>0</sub> to the cost C"))
            if s.kind == "backward" and self._items[i - 1].kind == "forward":
                rows.append(_section(f"Backward pass: the chain rule for dC/d{self.weight}, "
                                     "one factor at a time"))
            rows.append(_row(s, current=i == n))
        if self._items[n].last:
            exact = self.state.network().gradient()[self.weight]
            rows.append(_section(f"Result: dC/d{self.weight} = {_g(exact, 5)}, the same number as "
                                 f"net.gradient()['{self.weight}'] = {exact:.6g}."))
        return ('<table style="border-collapse: collapse; font-size: 1.1em">'
                + "".join(rows) + "</table>")

    def describe(self):
        """The current step in words, e.g. 'Chain rule, step 3 of 11 (forward pass): x2 = 0.982'."""
        s = self.current()
        text = (f"Chain rule for dC/d{self.weight}, step {self.step + 1} of {self.steps_total} "
                f"({s.kind} pass): {s.name} = {_g(s.value, 5 if s.last else 4)}")
        if s.kind == "backward" and not s.last:
            text += f", product so far {_g(s.product)}"
        return text + "."


def _section(text):
    return f'<tr><td colspan="4" style="padding: 6px 4px; font-weight: bold">{text}</td></tr>'


def _row(s, current):
    style = f"background: {HIGHLIGHT}; font-weight: bold" if current else ""
    cells = [f"${s.formula}$", f"$= {s.numbers}$", f"$= {_g(s.value, 5 if s.last else 4)}$"]
    if s.kind == "backward" and not s.last:
        cells.append(rf"so far ${s.so_far} = {_g(s.product)}$")
    else:
        cells.append("")
    tds = "".join(f'<td style="padding: 4px 10px">{c}</td>' for c in cells)
    return f'<tr style="{style}">{tds}</tr>'


__all__ = ["ChainRuleStepper", "Step", "forward_steps", "backward_steps"]
