"""Backpropagation through layers as three matrix rules, one quantity at a time.

Without a state: seed 002's network, 2 inputs -> 3 hidden -> 2 outputs, no activation, one
sample x = (3, -2) with target (1, 4) and loss l = 1/2 ((y_hat - 1)^2 + (z_hat - 4)^2), with
the slides' weight names. With a PlaygroundState (`LayerStepper(state=pg.state)`): the
Playground's current network and chosen sample, rebuilt on every revision (a step, a width,
another sample). Previous / Next walk through the forward pass and then the three rules

    d-values  = weights^T . d-values (x slopes)   (back through a layer)
    d-weights = d-values x values                 (one outer product per layer)
    d-biases  = d-values

Every number shown is read from the network's own forward and backward pass; the
arithmetic beside it is rebuilt from the same arrays, so nothing is typed in.
"""
from __future__ import annotations

import ipywidgets as widgets
from traitlets import Bool, Int, observe, validate

from ..layer_steps import Quantity, Table, activation_names, number_text, seed002_quantities   # noqa: F401
from ..layer_steps import walk_quantities
from ..playground_state import PlaygroundState
from .style import HIGHLIGHT as CURRENT   # pale yellow: the entry being computed
from .style import USED                   # pale blue: the entries it is computed from
from ._walkthrough import Walkthrough

ENTRY_BUTTONS_UP_TO = 12   # a larger matrix (an 8-wide layer's 64 d-weights) picks its entry from a menu


class LayerStepper(Walkthrough):
    """Previous / Next through one sample's forward pass and the three backward rules.

    `LayerStepper()` walks seed 002's worked example; `LayerStepper(state=pg.state)` walks the
    Playground's current network and chosen sample and follows the state: each revision
    rebuilds the quantities and keeps the learner on the same quantity (by name) and entry
    where they still exist. `following=False` pauses that (e.g. while folded away) until it
    is True again.

    `step` is the quantity (0 = the first forward one) and `entry` the entry of its matrix
    being computed (row-major), shown highlighted with its arithmetic; the entries it comes
    from are shaded blue.
    """

    step = Int(0, help="the current quantity, 0 = the first of the forward pass")
    entry = Int(0, help="the entry of the current matrix being computed, row-major")
    following = Bool(True, help="rebuild on each revision of the state (False: wait until True)")

    def __init__(self, state=None, **kwargs):
        if state is not None and not isinstance(state, PlaygroundState):
            raise TypeError("state must be a PlaygroundState (e.g. LayerStepper(state=pg.state)) or None "
                            f"for seed 002's example, got {type(state).__name__}")
        self.state = state
        self._quiet = False
        self._stale = False
        self._items = self._build()
        self._walk_controls("the quantity before", "the next quantity")
        self.entry_buttons = widgets.ToggleButtons(description="entry", options=[("", 0)],
                                                   style={"button_width": "auto"})
        self.entry_menu = widgets.Dropdown(description="entry", options=[("", 0)])
        self.rule = widgets.HTMLMath()
        self.tables = widgets.HTMLMath()
        self.arithmetic = widgets.HTMLMath()
        self.note = widgets.HTML()
        controls = widgets.HBox([self.previous_button, self.next_button, self.position])
        super().__init__([controls, self.rule, self.tables, self.entry_buttons, self.entry_menu,
                          self.arithmetic, self.note], **kwargs)
        self.entry_buttons.observe(self._on_entry_button, names="value")
        self.entry_menu.observe(self._on_entry_button, names="value")
        self._render()
        if state is not None:
            state.observe(lambda change: self.render_safely(self._follow), names="revision")

    # --- public ------------------------------------------------------------------

    def quantities(self):
        """All the Quantity records, forward then backward."""
        return list(self._items)

    def current(self):
        """The current Quantity: .name (e.g. 'd-weights (output)') and .matrix (an ndarray)."""
        return self._items[self.step]

    # --- following the Playground's state --------------------------------------------

    def _build(self):
        if self.state is None:
            return seed002_quantities()
        run = self.state.run
        return walk_quantities(self.state.derived.sample_pass, activation_names(run.network), run.loss_name)

    def _follow(self):
        """The state's new numbers; the learner stays on the same quantity and entry if they still exist."""
        if not self.following:
            self._stale = True
            return
        self._stale = False
        name, step, entry = _same_layer(self.current().name), self.step, self.entry
        self._items = self._build()
        names = [_same_layer(q.name) for q in self._items]
        step = names.index(name) if name in names else min(step, len(names) - 1)
        self._quiet = True
        try:
            self.step = step
            self.entry = entry if entry < self._items[step].matrix.size else 0
        finally:
            self._quiet = False
        self._render()

    @observe("following")
    def _on_following(self, change):
        if change["new"] and self._stale:
            self.render_safely(self._follow)

    # --- updating --------------------------------------------------------------------

    @validate("entry")
    def _valid_entry(self, proposal):
        entry, size = proposal["value"], self.current().matrix.size
        if not 0 <= entry < size:
            raise ValueError(f"entry must be between 0 and {size - 1} for {self.current().name}, got {entry}")
        return entry

    @observe("step")
    def _on_step_changed(self, change):
        if self._quiet:
            return
        if self.entry != 0:
            self.entry = 0   # renders through _on_entry_changed
        else:
            self._render()

    @observe("entry")
    def _on_entry_changed(self, change):
        if not self._quiet:
            self._render()

    def _on_entry_button(self, change):
        if self._quiet:   # the options being replaced in _render
            return
        if change["new"] is not None and change["new"] < self.current().matrix.size:
            self.entry = change["new"]

    def _render(self):
        q, n, e = self.current(), self.step, self.entry
        kind = q.part
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
        shown = self.entry_buttons if len(options) <= ENTRY_BUTTONS_UP_TO else self.entry_menu
        was, self._quiet = self._quiet, True
        try:
            if list(shown.options) != options:
                shown.options = options
            shown.value = e
        finally:
            self._quiet = was
        for chooser in (self.entry_buttons, self.entry_menu):
            chooser.layout.display = None if chooser is shown and len(options) > 1 else "none"
        self.arithmetic.value = (f'<div style="background: {CURRENT}; padding: 4px 10px; font-size: 1.15em">'
                                 f"$${q.arithmetic[e]}$$</div>")
        self.note.value = f"<i>{q.note}</i>" if q.note else ""

    def describe(self):
        """The current quantity and entry (and, following a Playground, which network and sample)."""
        q = self.current()
        where = ""
        if self.state is not None:
            s = self.state
            where = (f" of sample {s.sample} through the {'-'.join(map(str, s.run.arch.sizes))} network "
                     f"at training step {s.steps}")
        return (f"Layer walk-through{where}: {self.position.value}; entry {self.entry + 1} of {q.matrix.size}: "
                f"{q.result.labels[self.entry]} = {q.matrix.flat[self.entry]:.4g}.")


def _same_layer(name):
    """The first hidden layer is 'hidden' alone and 'hidden 1' among others: one name to follow it by."""
    return name.replace("(hidden)", "(hidden 1)")


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
