"""Following a state: once per change, and slowly while a slider is dragged.

A drag sends the kernel a change every few milliseconds. The map draws each of them in
the page; every other view (diagram, stepper, probe, training, the figures' text
alternatives) costs the kernel a redraw and the page a DOM update or a picture per
change, on the same two cores the map needs. While the state says `dragging`, such a
view follows slowly: the first change of the drag at once, then at most once per
`interval`, always showing the newest values; and once more, exactly, when `dragging`
turns False (or when the last pending redraw comes due, if that is sooner).

Without a running event loop (a plain Python process, a test) nothing can wait, and
every change is followed at once.
"""
from __future__ import annotations

import asyncio
import time

FOLLOW_INTERVAL = 0.15   # s: a view that follows slowly redraws at most this often during a drag


def running_loop():
    """The event loop running this code (a kernel handling a message), or None."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Follower:
    """Call render() now and once per change (`revision`) of `state`; slowly while it is `dragging`.

    `slowly=False` follows every change at once, dragging or not; `slowly` may also be a function
    asked at each change (e.g. "is the page drawing this itself meanwhile?").
    """

    def __init__(self, state, render, slowly=True, interval=FOLLOW_INTERVAL):
        self.state, self.render, self.slowly, self.interval = state, render, slowly, interval
        self.renders = 0            # how many times render() ran (the tests count them)
        self.stale = False          # a change arrived that render() has not shown yet
        self._last = -float("inf")
        self._timer = None
        state.observe(self.request, names="revision")
        if state.has_trait("dragging"):
            state.observe(self._on_dragging, names="dragging")
        self.follow()

    def request(self, change=None):
        """A change to show: now, or (while dragging) when the interval since the last render is up."""
        slowly = self.slowly() if callable(self.slowly) else self.slowly
        loop = running_loop() if slowly and getattr(self.state, "dragging", False) else None
        wait = self._last + self.interval - time.perf_counter()
        if loop is None or wait <= 0:
            self.follow()
            return
        self.stale = True
        if self._timer is None:   # one pending redraw shows the newest values when it comes due
            self._timer = loop.call_later(wait, self._on_timer)

    def _on_timer(self):
        self._timer = None
        if self.stale:
            self.follow()

    def _on_dragging(self, change):
        if not change["new"] and self.stale:   # the drag ended: show exactly what the state holds
            self.follow()

    def follow(self):
        """render() now, with the state as it is."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.stale = False
        self._last = time.perf_counter()
        self.renders += 1
        self.render()


__all__ = ["Follower", "FOLLOW_INTERVAL", "running_loop"]
