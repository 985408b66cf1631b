"""Previous / Next through a list of steps: what the chain-rule and layer steppers share."""
from __future__ import annotations

import ipywidgets as widgets
from traitlets import Int, validate

from ._panel import Panel


class Walkthrough(Panel):
    """A Panel showing one of a list of steps, with Previous / Next buttons and a position label.

    A subclass keeps its steps in `self._items`, calls `_walk_controls` once, and
    shows the current step (calling `_show_position`) whenever `step` changes.
    """

    step = Int(0, help="the current step, 0 = the first")

    def _walk_controls(self, previous_tip, next_tip):
        """Make the Previous / Next buttons and the position label."""
        self.previous_button = widgets.Button(description="Previous", icon="arrow-left", tooltip=previous_tip)
        self.next_button = widgets.Button(description="Next", icon="arrow-right", tooltip=next_tip)
        self.position = widgets.Label()
        self.previous_button.on_click(lambda _: self.previous())
        self.next_button.on_click(lambda _: self.next())

    @property
    def steps_total(self):
        """How many steps there are."""
        return len(self._items)

    def current(self):
        """The record of the current step."""
        return self._items[self.step]

    def next(self):
        """One step on (stays on the last)."""
        self.step = min(self.step + 1, self.steps_total - 1)

    def previous(self):
        """One step back (stays on the first)."""
        self.step = max(self.step - 1, 0)

    @validate("step")
    def _valid_step(self, proposal):
        step = proposal["value"]
        if not 0 <= step < max(self.steps_total, 1):
            raise ValueError(f"step must be between 0 and {self.steps_total - 1}, got {step}")
        return step

    def _show_position(self, text):
        """The buttons that lead nowhere are disabled; the label says where we are."""
        self.previous_button.disabled = self.step == 0
        self.next_button.disabled = self.step == self.steps_total - 1
        self.position.value = text
