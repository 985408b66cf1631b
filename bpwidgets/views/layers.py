"""Backpropagation through layers as three matrix rules (seed 002), one quantity at a time.

Seed 002's network: 2 inputs -> 3 hidden -> 2 outputs, no activation, one sample
x = (3, -2) with target (1, 4) and loss l = 1/2 ((y_hat - 1)^2 + (z_hat - 4)^2).
Previous / Next walk through the forward pass and then the three rules

    d-values  = weights^T . d-values      (back through a layer)
    d-weights = d-values x values         (one outer product per layer)
    d-biases  = d-values

Every number shown is read from `nn`'s own forward and backward pass; the
arithmetic beside it is rebuilt from the same arrays, so nothing is typed in.
"""
from __future__ import annotations

import ipywidgets as widgets
from traitlets import Int, observe, validate

from ..layer_steps import Quantity, Table, number_text, seed002_quantities   # noqa: F401 (re-exported)
from .style import HIGHLIGHT as CURRENT   # pale yellow: the entry being computed
from .style import USED                   # pale blue: the entries it is computed from
from ._walkthrough import Walkthrough


class LayerStepper(Walkthrough):
    """Previous / Next through seed 002's forward pass and the three backward rules.

    `step` is the quantity (0 = the hidden values u, 8 = d-weights of the hidden
    layer) and `entry` the entry of its matrix being computed (row-major), shown
    highlighted with its arithmetic; the entries it comes from are shaded blue.
    """

    step = Int(0, help="the current quantity, 0 = the hidden values u")
    entry = Int(0, help="the entry of the current matrix being computed, row-major")

    def __init__(self, **kwargs):
        self._items = seed002_quantities()
        self._walk_controls("the quantity before", "the next quantity")
        self.entry_buttons = widgets.ToggleButtons(description="entry", options=[("", 0)],
                                                   style={"button_width": "auto"})
        self.rule = widgets.HTMLMath()
        self.tables = widgets.HTMLMath()
        self.arithmetic = widgets.HTMLMath()
        self.note = widgets.HTML()
        controls = widgets.HBox([self.previous_button, self.next_button, self.position])
        super().__init__([controls, self.rule, self.tables, self.entry_buttons,
                          self.arithmetic, self.note], **kwargs)
        self.entry_buttons.observe(self._on_entry_button, names="value")
        self._render()

    # --- public ------------------------------------------------------------------

    def quantities(self):
        """All nine Quantity records, forward then backward."""
        return list(self._items)

    def current(self):
        """The current Quantity: .name (e.g. 'd-weights (output)') and .matrix (an ndarray)."""
        return self._items[self.step]

    # --- updating --------------------------------------------------------------------

    @validate("entry")
    def _valid_entry(self, proposal):
        entry, size = proposal["value"], self.current().matrix.size
        if not 0 <= entry < size:
            raise ValueError(f"entry must be between 0 and {size - 1} for {self.current().name}, got {entry}")
        return entry

    @observe("step")
    def _on_step_changed(self, change):
        if self.entry != 0:
            self.entry = 0   # renders through _on_entry_changed
        else:
            self._render()

    @observe("entry")
    def _on_entry_changed(self, change):
        self._render()

    def _on_entry_button(self, change):
        if change["new"] is not None and change["new"] < self.current().matrix.size:
            self.entry = change["new"]

    def _render(self):
        q, n, e = self.current(), self.step, self.entry
        kind = "forward" if n < 3 else "backward"
        self._show_position(f"step {n + 1} of {self.steps_total} ({kind}): {q.name}")
        self.rule.value = f"<b>{q.name}</b>: $${q.rule}$$"
        used = {(i, r, c) for i, r, c in q.uses[e]}
        parts = [_table(t, {(r, c) for i, r, c in used if i == k}, USED) for k, t in enumerate(q.operands)]
        current = {divmod(e, q.matrix.shape[1])}
        parts.append("<span style='font-size: 1.4em; padding: 0 8px'>&rarr;</span>")
        parts.append(_table(q.result, current, CURRENT))
        self.tables.value = ('<div style="display: flex; flex-wrap: wrap; align-items: center; gap: 14px">'
                             + "".join(parts) + "</div>")
        options = [(label, i) for i, label in enumerate(q.result.labels)]
        if list(self.entry_buttons.options) != options:
            self.entry_buttons.options = options
        self.entry_buttons.value = e
        self.entry_buttons.layout.display = "none" if len(options) == 1 else None
        self.arithmetic.value = (f'<div style="background: {CURRENT}; padding: 4px 10px; font-size: 1.15em">'
                                 f"$${q.arithmetic[e]}$$</div>")
        self.note.value = f"<i>{q.note}</i>" if q.note else ""


def _table(t, highlight, colour):
    """A Table as HTML, the cells in `highlight` shaded with `colour`."""
    cell = 'style="border: 1px solid #999; padding: 4px 10px; text-align: right; min-width: 2.5em{}"'
    head = 'style="padding: 2px 6px; color: #444"'
    rows = []
    if t.cols:
        rows.append("<tr>" + (f"<td {head}></td>" if t.rows else "")
                    + "".join(f"<td {head}>${c}$</td>" for c in t.cols) + "</tr>")
    for r in range(t.matrix.shape[0]):
        tds = [f"<td {head}>${t.rows[r]}$</td>"] if t.rows else []
        for c in range(t.matrix.shape[1]):
            shade = f"; background: {colour}; font-weight: bold" if (r, c) in highlight else ""
            tds.append(f"<td {cell.format(shade)}>{number_text(t.matrix[r, c])}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return (f'<div style="text-align: center"><div>${t.caption}$</div>'
            f'<table style="border-collapse: collapse; font-size: 1.1em; margin: auto">'
            + "".join(rows) + "</table></div>")


__all__ = ["LayerStepper", "Quantity", "Table", "seed002_quantities"]
