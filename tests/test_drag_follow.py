"""While a slider is dragged the views beside the map wait; when it rests, each shows the state exactly.

A drag happens in a kernel, whose event loop runs while it handles the page's messages:
these tests run the Explorer inside an asyncio loop and move its sliders as a page would.
"""
import asyncio

import pytest
from traitlets import Bool, HasTraits, Int

from bpwidgets.state import NetworkState
from bpwidgets.views._follow import END_OF_DRAG, Follower
from bpwidgets.views.explorer import Explorer
from bpwidgets.views.sliders import DRAG_QUIET


class _State(HasTraits):
    revision = Int(0)
    dragging = Bool(False)


def _drag(ex, name, values, gap=0.01):
    """Move slider `name` through `values`, `gap` seconds apart, as a page's messages would."""
    async def moves():
        for value in values:
            getattr(ex.sliders, name).value = value
            await asyncio.sleep(gap)
    return moves()


def _fresh_description(state):
    """What every view says for these values, drawn from scratch."""
    return Explorer(NetworkState(**state.to_dict())).describe()


def test_views_beside_the_map_wait_for_the_end_of_a_drag():
    """During a drag of w1 the stepper, diagram, probe and training redraw once (at its first
    move), the sliders' readout every move; at the end every view shows the state exactly."""
    async def run():
        ex = Explorer()
        slow = [ex.stepper, ex.diagram, ex.probe, ex.training]
        before = {view: view.followers[0].renders for view in slow}
        readout = ex.sliders.followers[0].renders
        await _drag(ex, "w1", [1.0 + 0.05 * k for k in range(1, 21)])
        assert ex.state.dragging
        assert all(view.followers[0].renders == before[view] + 1 for view in slow)
        assert ex.sliders.followers[0].renders == readout + 20
        assert ex.diagram.edge_labels["x2"].get_text() != f"w1=\n{ex.state.w1:.4g}"   # not yet
        await asyncio.sleep(DRAG_QUIET + 0.1)
        assert not ex.state.dragging
        assert all(view.followers[0].renders == before[view] + 2 for view in slow)
        return ex
    ex = asyncio.run(run())
    assert ex.state.w1 == 2.0
    assert ex.diagram.edge_labels["x2"].get_text() == "w1=\n2"
    assert ex.describe() == _fresh_description(ex.state)


@pytest.mark.parametrize("name, values", [("w0", [2.5, 3.0, -1.25]), ("alpha", [0.7, 1.4, 2.5]),
                                          ("steps", [120, 40, 7]), ("target", [0.1, -0.3, 0.45])])
def test_after_a_drag_every_view_shows_the_state_exactly(name, values):
    """Whatever slider is dragged, once it rests every view (and every figure's text) says what a
    fresh Explorer on the same values says."""
    async def run():
        ex = Explorer()
        await _drag(ex, name, values)
        await asyncio.sleep(DRAG_QUIET + 0.1)
        return ex
    ex = asyncio.run(run())
    assert getattr(ex.state, name) == pytest.approx(values[-1], rel=0.06)   # alpha: the slider's grid
    assert ex.describe() == _fresh_description(ex.state)
    assert all(not f.stale for view in ex.views for f in view.followers)


def test_a_single_key_press_redraws_every_view_at_once():
    """One step of a slider (a key press, a click on the track) shows in every view right away."""
    async def run():
        ex = Explorer()
        ex.sliders.w2.value = 0.75
        assert ex.state.dragging   # until the slider has rested
        assert ex.diagram.values["out"].get_text() == f"{ex.state.derived.forward.out:.4g}"
        assert ex.describe() == _fresh_description(ex.state)
        await asyncio.sleep(DRAG_QUIET + 0.1)
        assert not ex.state.dragging
    asyncio.run(run())


def test_without_an_event_loop_every_change_shows_at_once():
    """In a plain Python process (a test, a script) a slider move is never a drag: views follow at once."""
    ex = Explorer()
    ex.sliders.w1.value = 1.5
    ex.sliders.w1.value = 1.75
    assert not ex.state.dragging
    assert ex.diagram.edge_labels["x2"].get_text() == "w1=\n1.75"
    assert ex.describe() == _fresh_description(ex.state)


def test_setting_the_state_in_code_is_not_a_drag():
    """state.w1 = ... in a cell (inside the kernel's loop) updates every view at once."""
    async def run():
        ex = Explorer()
        for value in (1.5, 1.6, 1.7):
            ex.state.w1 = value
        assert not ex.state.dragging
        assert ex.describe() == _fresh_description(ex.state)
    asyncio.run(run())


def test_a_follower_with_an_interval_redraws_at_most_that_often_and_last_with_the_newest():
    """Follower(interval=0.05): during a drag, the first change at once, then one render per interval
    showing the newest revision, and none left pending after the drag."""
    shown = []
    state = _State()

    async def run():
        follower = Follower(state, lambda: shown.append(state.revision), interval=0.05)
        state.dragging = True
        for _ in range(30):
            state.revision += 1
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.1)
        assert shown[-1] == 30 and not follower.stale   # the pending render came due
        state.dragging = False
        return follower
    follower = asyncio.run(run())
    assert shown[:2] == [0, 1]                       # at the start, then the drag's first change
    assert 3 <= len(shown) <= 8                      # ~0.15 s of changes, one render per 0.05 s
    assert shown == sorted(shown)


def test_a_follower_that_waits_for_the_end_shows_the_last_value_when_the_drag_ends():
    """Follower(interval=END_OF_DRAG): nothing between the first change and the end of the drag."""
    shown = []
    state = _State()

    async def run():
        Follower(state, lambda: shown.append(state.revision), interval=END_OF_DRAG)
        state.dragging = True
        for _ in range(10):
            state.revision += 1
            await asyncio.sleep(0.001)
        assert shown == [0, 1]
        state.dragging = False
    asyncio.run(run())
    assert shown == [0, 1, 10]
