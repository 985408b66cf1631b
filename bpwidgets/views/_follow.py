"""Following a state: once per change, and at the end of a drag while a slider is dragged.

A drag sends the kernel a change every few milliseconds. The map draws each of them in
the page; every other view (diagram, stepper, probe, training, the figures' text
alternatives) costs the kernel a redraw and the page a DOM update, a MathJax typeset or a
picture per change, on the same two cores the map needs. While the state says `dragging`,
such a view follows slowly: the first change of the drag at once, then at most once per
`interval` (END_OF_DRAG: not until the drag ends), always showing the newest values; and
once more, exactly, when `dragging` turns False (the sliders rest for sliders.DRAG_QUIET).

Measured on a 2-core machine (benchmarks/browser_latency.py --drag, Explorer): with the
views beside the map redrawing every 0.15 s during a drag the map repainted 19-28 times a
second, every 0.5 s 24-29, only at the end of the drag 30-37.

Without a running event loop (a plain Python process, a test) nothing can wait, and
every change is followed at once.
"""
from __future__ import annotations

import asyncio
import math
import time

END_OF_DRAG = math.inf   # an interval: follow once, when the drag ends
FOLLOW_INTERVAL = END_OF_DRAG   # how often a view beside the map redraws during a drag


def running_loop():
    """The event loop running this code (a kernel handling a message), or None."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Follower:
    """Call render() now and once per change (`revision`) of `state`; slowly while it is `dragging`.

    The first change of a drag (a click on the track, a key press) is followed at once; later
    ones at most every `interval` (END_OF_DRAG: not until the drag ends). `slowly=False` follows
    every change at once; `slowly` may also be a function asked at each change (e.g. "is the page
    drawing this itself meanwhile?").
    """

    def __init__(self, state, render, slowly=True, interval=FOLLOW_INTERVAL):
        self.state, self.render, self.slowly, self.interval = state, render, slowly, interval
        self.renders = 0            # how many times render() ran (the tests count them)
        self.stale = False          # a change arrived that render() has not shown yet
        self._last = -math.inf
        self._timer = None
        self._in_drag = False       # render() has run since this drag began
        state.observe(self.request, names="revision")
        if state.has_trait("dragging"):
            state.observe(self._on_dragging, names="dragging")
        self.follow()

    def request(self, change=None):
        """A change to show: now, or (while dragging) when the interval since the last render is up."""
        slowly = self.slowly() if callable(self.slowly) else self.slowly
        loop = running_loop() if slowly and getattr(self.state, "dragging", False) else None
        wait = self._last + self.interval - time.perf_counter()
        if loop is None or wait <= 0 or not self._in_drag:
            self._in_drag = loop is not None
            self.follow()
            return
        self.stale = True
        if self._timer is None and wait < math.inf:   # one pending redraw shows the newest values when due
            self._timer = loop.call_later(wait, self._on_timer)

    def _on_timer(self):
        self._timer = None
        if self.stale:
            self.follow()

    def _on_dragging(self, change):
        if change["new"]:
            return
        self._in_drag = False
        if self.stale:   # the drag ended: show exactly what the state holds
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


__all__ = ["Follower", "FOLLOW_INTERVAL", "END_OF_DRAG", "running_loop"]
