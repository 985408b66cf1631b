"""Walk through the chain rule one quantity at a time.

First the forward pass (x1, s1, x2, s2, out, C), then the backward pass for
one weight: each factor of dC/dw with its numbers and the running product,
and last the result, which equals `net.gradient()[weight]`.
"""
from __future__ import annotations

import ipywidgets as widgets
from traitlets import Enum, Int, dlink, link

from ..chain import WEIGHTS, tex_partial, weight_name
from ..numbers import latex_number, rounded_text
from ..chain_rule import BACKPROP, Step, backward_steps, forward_steps, walkthrough   # noqa: F401 (re-exported)
from .style import HIGHLIGHT, USED
from ._panel import use_state
from ._walkthrough import Walkthrough



class ChainRuleStepper(Walkthrough):
    """Previous / Next through the forward pass, then the chain rule for one weight.

    `stepper.step` is the current row (0 = x1), `stepper.weight` the weight whose
    gradient the backward pass builds; both live in the state (`chain_step`,
    `chain_weight`), so a network diagram on the same state highlights the same step.
    The table grows as you step, the current row highlighted, and follows the state:
    change a weight and the numbers update at the same step.
    """

    step = Int(0, help="the current step, 0 = the first forward quantity x1")
    weight = Enum((*WEIGHTS, BACKPROP), default_value="w0",
                  help="the weight whose gradient the backward pass builds, or 'all' for backpropagation")

    def __init__(self, state=None, weight="w0", **kwargs):
        if weight != BACKPROP:
            weight_name(weight)   # a clear ValueError for anything but 'w0', 'w1', 'w2', 'all'
        self.state = use_state(state)
        self._walk_controls("go back one step", "one more step of the chain rule")
        self.reset_button = widgets.Button(description="Reset to start", icon="undo",
                                           tooltip="back to the first forward step")
        self.weight_dropdown = widgets.Dropdown(options=[*((w, w) for w in WEIGHTS), ("all three: backpropagation", BACKPROP)],
                                                value=weight,
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
                      dlink((self, "weight"), (self.weight_dropdown, "value"))]
        # another weight is another chain of factors: the learner stays in the same pass (_step_after_switch)
        self.weight_dropdown.observe(self._on_weight_picked, names="value")
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

    def _on_weight_picked(self, change):
        if change["new"] != self.state.chain_weight:
            step = self._step_after_switch(change["new"])
            self.render_safely(lambda: self.state.set_weights(chain_weight=change["new"], chain_step=step))

    def _step_after_switch(self, weight):
        """Where picking `weight` puts the learner: the same forward step (the forward pass is the same
        for every weight); from a backward step the same factor if the new chain has it (dC/dout,
        ds2/dx2), otherwise the new chain's first backward step."""
        items, n = self._items, self.state.chain_step
        if items[n].kind == "forward":
            return n
        new = walkthrough(self.state.derived.network, weight)
        first = next(i for i, s in enumerate(new) if s.kind == "backward")
        same = (i for i, s in enumerate(new)
                if s.kind == "backward" and not s.last and not items[n].last and s.name == items[n].name)
        return next(same, first)

    def _render(self):
        n = self.state.chain_step
        self._show_position(f"step {n + 1} of {self.steps_total}")
        self.table.value = self._html(n)

    def _html(self, n):
        weight, items = self.state.chain_weight, self._items
        backprop = weight == BACKPROP
        current = items[n]
        used = next((i for i, s in enumerate(items[:n]) if current.uses and s.name == current.uses), None)
        rows = []
        for i, s in enumerate(items[: n + 1]):
            if i == 0:
                rows.append(_section("Forward pass: from the input s<sub>0</sub> to the cost C"))
            if s.kind == "backward" and items[i - 1].kind == "forward":
                rows.append(_section(
                    "Backward pass: backpropagation, each gradient = the one above it &times; a local slope"
                    if backprop else f"Backward pass: the chain rule for dC/d{weight}, one factor at a time"))
            rows.append(_row(s, current=i == n, used=i == used))
        table = TABLE_START + "".join(rows) + "</table>"
        # the result goes under the table: inside, its long line would widen every column
        if current.last:
            table += f'<p style="font-weight: bold; margin: 6px 4px">{self._result(weight)}</p>'
        return table

    def _result(self, weight):
        gradient = self.state.derived.gradient
        if weight == BACKPROP:
            found = ", ".join(f"dC/d{w} = {rounded_text(gradient[w], '.5g')}" for w in reversed(WEIGHTS))
            return (f"Result: one backward pass gave all three, {found}: the same numbers as "
                    "net.gradient(), and no product was computed twice.")
        exact = gradient[weight]
        return (f"Result: dC/d{weight} = {rounded_text(exact, '.5g')}, the same number as "
                f"net.gradient()['{weight}'] = {rounded_text(exact, '.6g', minus='-')}.")   # as code: "-"

    def describe(self):
        """The current step in words, e.g. 'Chain rule for dC/dw0, step 3 of 13 (forward pass): s1 = 0.982'."""
        s = self.current()
        what = "backpropagation (all three gradients)" if self.weight == BACKPROP else f"dC/d{self.weight}"
        text = (f"Chain rule for {what}, step {self.step + 1} of {self.steps_total} "
                f"({s.kind} pass): {s.name} = {rounded_text(s.value, '.5g' if s.last else '.4g')}")
        if s.uses:
            text += f", reusing {s.uses}"
        elif s.kind == "backward" and not s.last and s.product is not None:
            text += f", product so far {rounded_text(s.product)}"
        return text + "."


# The table keeps its width and its columns from step to step (table-layout: fixed; the widths
# below), fits a 1280 px laptop's notebook beside the file browser (the box is ~840 px there),
# and a long product wraps at its dots (_wrappable) instead of widening its column.
COLUMN_WIDTHS = ("29%", "27%", "16%", "28%")   # formula, numbers, value, so far
TABLE_START = ('<table style="border-collapse: collapse; font-size: 1.1em; table-layout: fixed; '
               'width: 100%; max-width: 840px"><colgroup>'
               + "".join(f'<col style="width: {w}">' for w in COLUMN_WIDTHS) + "</colgroup>")


def _wrappable(tex):
    """Inline maths for `tex` that may wrap after each top-level ' = ' and ' \\cdot ': one $...$
    per piece (MathJax does not break a line inside one)."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(tex):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        for op in (" = ", r" \cdot "):
            if depth == 0 and tex.startswith(op, i) and i > start:
                pieces.append(tex[start:i + len(op)].strip())
                start = i + len(op)
    pieces.append(tex[start:].strip())
    return " ".join(f"${p}$" for p in pieces if p)


def _section(text):
    return f'<tr><td colspan="4" style="padding: 6px 4px; font-weight: bold">{text}</td></tr>'


def _row(s, current, used=False):
    """One step; the current one yellow, the row whose gradient it reuses blue."""
    style = (f"background: {HIGHLIGHT}; font-weight: bold" if current
             else f"background: {USED}" if used else "")
    maths = _wrappable if s.last else (lambda tex: f"${tex}$")   # the result's product is the long one
    cells = [maths(s.formula), maths(f"= {s.numbers}"), f"$= {latex_number(s.value, 5 if s.last else 4)}$"]
    if s.uses:
        cells.append(rf"reuses ${tex_partial(s.uses)}$ (blue)" if current else "")
    elif s.kind == "backward" and not s.last:
        cells.append(rf"so far ${s.so_far} = {latex_number(s.product)}$")
    else:
        cells.append("")
    tds = "".join(f'<td style="padding: 4px 8px; overflow-wrap: anywhere">{c}</td>' for c in cells)
    return f'<tr style="{style}">{tds}</tr>'


__all__ = ["ChainRuleStepper", "Step", "forward_steps", "backward_steps"]
