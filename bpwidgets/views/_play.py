"""The Play control of the training view and the optimizer race: ■ pauses where it is.

ipywidgets' Play has a play/pause button and a stop button (■) that pauses and then puts
the value back to its minimum. A learner expects ■ to stop where the marble is; going back
to step 0 is what Reset (beside it) is for. In the page ■ sends `playing = False`, then
`value = min`; nothing else in the page sends the minimum while not playing (a tick adds
one step; Play pressed at the end restarts from the minimum while playing), so here that
value is refused and the page is told the step it keeps.
"""
from __future__ import annotations

import ipywidgets as widgets

TOOLTIP = ("▶ play / ⏸ pause; ■ stop here (the step stays); Reset goes back to step 0")


class PausingPlay(widgets.Play):
    """widgets.Play whose ■ (stop) pauses at the current step instead of going back to the start."""

    def __init__(self, **kwargs):
        # the page shows a Play's tooltip only when it has no description (it shows none anyway)
        kwargs.setdefault("tooltip", TOOLTIP)
        super().__init__(description="", **kwargs)

    def set_state(self, sync_data):
        """The page's update; its ■ (value = min while not playing) keeps the current step, and a
        tick the page sent before it heard of a pause (Reset, Step, the end) is not a step."""
        # paused, the page sends a value only by ■ (the minimum) or by a late tick: neither moves it
        stopped = ("value" in sync_data and not sync_data.get("playing", self.playing)
                   and sync_data["value"] != self.value)
        if not stopped:
            super().set_state(sync_data)
            return
        super().set_state({key: value for key, value in sync_data.items() if key != "value"})
        self.send_state("value")   # the page's Play goes back to the step shown


__all__ = ["PausingPlay", "TOOLTIP"]
