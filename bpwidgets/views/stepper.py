"""Walk through the chain rule one quantity at a time.

First the forward pass (x1, s1, x2, s2, out, C), then the backward pass for
one weight: each factor of dC/dw with its numbers and the running product,
and last the result, which equals `net.gradient()[weight]`.
"""
from __future__ import annotations

import ipywidgets as widgets
from traitlets import Enum, Int, link

from ..chain import WEIGHTS, weight_name
from ..chain_rule import Step, backward_steps, forward_steps   # noqa: F401 (re-exported)
from .style import HIGHLIGHT
from ._panel import use_state
from ._walkthrough import Walkthrough



def _g(x, digits=4):
    """A number as the lecture prints it: 4 significant digits."""
    return f"{x:.{digits}g}"


class ChainRuleStepper(Walkthrough):
    """Previous / Next through the forward pass, then the chain rule for one weight.

    `stepper.step` is the current row (0 = x1), `stepper.weight` the weight whose
    gradient the backward pass builds; both live in the state (`chain_step`,
    `chain_weight`), so a network diagram on the same state highlights the same step.
    The table grows as you step, the current row highlighted, and follows the state:
    change a weight and the numbers update at the same step.
    """

    step = Int(0, help="the current step, 0 = the first forward quantity x1")
    weight = Enum(WEIGHTS, default_value="w0", help="the weight whose gradient the backward pass builds")

    def __init__(self, state=None, weight="w0", **kwargs):
        weight_name(weight)   # a clear ValueError for anything but 'w0', 'w1', 'w2'
        self.state = use_state(state)
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
        self.state.set_weights(chain_weight=weight, chain_step=0)
        # the position lives in the state: these links keep the stepper's own names in step with it
        self.links = [link((self.state, "chain_weight"), (self, "weight")),
                      link((self.state, "chain_step"), (self, "step")),
                      link((self.weight_dropdown, "value"), (self, "weight"))]
        self.observe_state(self.state, self._render)

    # --- public -----------------------------------------------------------

    @property
    def _items(self):
        return self.state.derived.chain_steps

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

    def _render(self):
        n = self.state.chain_step
        self._show_position(f"step {n + 1} of {self.steps_total}")
        self.table.value = self._html(n)

    def _html(self, n):
        rows = []
        for i, s in enumerate(self._items[: n + 1]):
            if i == 0:
                rows.append(_section("Forward pass: from the input s<sub>0</sub> to the cost C"))
            if s.kind == "backward" and self._items[i - 1].kind == "forward":
                rows.append(_section(f"Backward pass: the chain rule for dC/d{self.state.chain_weight}, "
                                     "one factor at a time"))
            rows.append(_row(s, current=i == n))
        weight = self.state.chain_weight
        if self._items[n].last:
            exact = self.state.derived.gradient[weight]
            rows.append(_section(f"Result: dC/d{weight} = {_g(exact, 5)}, the same number as "
                                 f"net.gradient()['{weight}'] = {exact:.6g}."))
        return ('<table style="border-collapse: collapse; font-size: 1.1em">'
                + "".join(rows) + "</table>")


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
