"""The figure plumbing every view shares: blitting, the 10 Hz limit, holding a hidden canvas."""
import pytest

from bpwidgets.views._canvas import Blitter, new_figure


class Counting:
    """Counts what a canvas is asked to do, and hands out timers that fire on demand."""

    def __init__(self, fig):
        self.blits = self.idle_draws = 0
        self.timers = []
        canvas = fig.canvas
        blit, draw_idle = canvas.blit, canvas.draw_idle

        def counted_blit(bbox=None):
            self.blits += 1
            blit(bbox)

        def counted_draw_idle():
            self.idle_draws += 1
            draw_idle()

        canvas.blit, canvas.draw_idle = counted_blit, counted_draw_idle
        canvas.new_timer = self._new_timer

    def _new_timer(self, interval=None):
        timer = ManualTimer(interval)
        self.timers.append(timer)
        return timer


class ManualTimer:
    def __init__(self, interval):
        self.interval, self.callbacks, self.started = interval, [], False

    def add_callback(self, callback):
        self.callbacks.append(callback)

    def start(self):
        self.started = True

    def fire(self):
        for callback in self.callbacks:
            callback()


def figure_with_line():
    fig = new_figure(3, 2)
    (line,) = fig.add_subplot().plot([0, 1], [0, 1])
    return fig, line


def test_before_the_first_draw_update_asks_for_a_draw():
    """With no background saved yet, update() asks the browser for a full draw instead of blitting."""
    fig, line = figure_with_line()
    count = Counting(fig)
    Blitter(fig, [line]).update()
    assert (count.blits, count.idle_draws) == (0, 1)


def test_after_a_draw_update_blits_the_new_data():
    """After a full draw, update() blits; the line's pixels come from its new data."""
    fig, line = figure_with_line()
    blitter = Blitter(fig, [line])
    fig.canvas.draw()
    count = Counting(fig)
    line.set_ydata([1, 0])
    blitter.update()
    assert (count.blits, count.idle_draws) == (1, 0)
    assert line.get_animated() and blitter.background is not None


def test_min_interval_gathers_quick_changes_into_one_later_blit():
    """With min_interval, the first change blits at once, the next ones wait for one timer."""
    fig, line = figure_with_line()
    blitter = Blitter(fig, [line], min_interval=10.0)
    fig.canvas.draw()
    count = Counting(fig)
    for y in (0.2, 0.4, 0.6):
        line.set_ydata([0, y])
        blitter.update()
    assert count.blits == 1 and len(count.timers) == 1
    assert count.timers[0].started and 0 < count.timers[0].interval <= 10001
    count.timers[0].fire()
    assert count.blits == 2


def test_redraw_forgets_the_background():
    """redraw() (the background itself changed) asks for a full draw and blits nothing stale."""
    fig, line = figure_with_line()
    blitter = Blitter(fig, [line])
    fig.canvas.draw()
    count = Counting(fig)
    blitter.redraw()
    blitter.update()
    assert blitter.background is None and count.blits == 0 and count.idle_draws == 2


def test_a_held_canvas_draws_once_when_released():
    """A canvas on hold (a hidden tab) sends nothing, then one full draw when shown."""
    fig, line = figure_with_line()
    blitter = Blitter(fig, [line])
    fig.canvas.draw()
    sent = []
    fig.canvas.send_event = lambda event, **kwargs: sent.append(event)
    fig.canvas.hold(True)
    line.set_ydata([1, 0])
    blitter.update()
    blitter.redraw()
    assert sent == []
    fig.canvas.hold(False)
    assert sent == ["draw"]


def test_diagram_blits_on_weight_changes_and_redraws_on_steps():
    """The diagram's numbers are blitted when a weight moves; a stepper move (new highlight) redraws."""
    from bpwidgets.views.diagram import NetworkDiagram
    from bpwidgets.views.stepper import ChainRuleStepper
    stepper = ChainRuleStepper()
    diagram = NetworkDiagram(stepper=stepper)
    diagram.fig.canvas.draw()
    diagram.blitter.min_interval = 0.0
    count = Counting(diagram.fig)
    stepper.state.w1 = 1.5
    assert (count.blits, count.idle_draws) == (1, 0)
    assert diagram.values["x2"].get_text() == f"{1.5 * stepper.state.network().forward().s1:.4g}"
    stepper.next()
    assert count.idle_draws == 1
