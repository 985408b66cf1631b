"""A stand-in for the browser side of ipympl canvases, for headless tests.

A real front end answers a canvas's "draw" message by asking the kernel for a full
draw, and fires the kernel's timers (the trailing blit of a throttled figure) a
moment later. `BrowserStandIn` does both on demand and counts, per canvas, the full
draws one learner action caused, so a test can assert "at most one per figure".
"""
from __future__ import annotations

import warnings

from bpwidgets.views._canvas import canvases


class ManualTimer:
    """A canvas timer that fires when the stand-in says so."""

    def __init__(self, interval=None):
        self.interval, self.callbacks, self.started = interval, [], False
        self.single_shot = True

    def add_callback(self, callback):
        self.callbacks.append(callback)

    def start(self):
        self.started = True

    def stop(self):
        self.started = False

    def fire(self):
        if self.started:
            self.started = False
            for callback in self.callbacks:
                callback()


class BrowserStandIn:
    """Watches every ipympl canvas in some widget trees; `settle()` plays the front end's part."""

    def __init__(self, *widgets):
        self.canvases = [c for w in widgets for c in canvases(w)]
        self.draw_requests = {id(c): 0 for c in self.canvases}
        self.timers = []
        for canvas in self.canvases:
            self._watch(canvas)

    def _watch(self, canvas):
        send_json = canvas.send_json

        def counted(content):
            if content.get("type") == "draw":
                self.draw_requests[id(canvas)] += 1
            send_json(content)

        canvas.send_json = counted
        canvas.new_timer = self._new_timer

    def _new_timer(self, interval=None, callbacks=None):
        timer = ManualTimer(interval)
        self.timers.append(timer)
        return timer

    def settle(self):
        """Fire pending timers, answer every draw request with one full draw; {canvas: draws requested}."""
        while any(t.started for t in self.timers):
            for timer in list(self.timers):
                timer.fire()
        requests, self.warnings = {}, []
        for canvas in self.canvases:
            n = self.draw_requests[id(canvas)]
            if n:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    canvas.manager.handle_json({"type": "draw"})   # what the page asks for in reply
                self.warnings += [(figure_name(canvas.figure), str(w.message)) for w in caught]
            requests[canvas] = n
            self.draw_requests[id(canvas)] = 0
        self.timers = [t for t in self.timers if t.started]
        return requests


def figure_name(fig):
    """The titles of a figure's axes: enough to tell which view it belongs to."""
    return " | ".join(ax.get_title() or ax.get_xlabel() for ax in fig.axes)
