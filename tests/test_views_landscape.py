"""The weight sliders and the cost landscape, headless: construct, change the state, read the artists."""
import numpy as np
import pytest

from bpwidgets.chain import ChainNetwork, gradient_descent
from bpwidgets.state import WEIGHT_RANGE, NetworkState
from bpwidgets.slices import HALF_WIDTH, cost_slice
from bpwidgets.views._landscape_map import MAP_TRAITS, LandscapeMap
from bpwidgets.views.landscape import CostLandscape, path_report
from bpwidgets.views.sliders import WeightSliders


@pytest.fixture
def landscape():
    return CostLandscape()


class TestWeightSliders:
    def test_sliders_start_at_the_lecture_values(self):
        """A new panel shows w0=2, w1=1, w2=0.5, s0=2, target=0.7, alpha=0.5, 100 steps, axes w1/w2."""
        s = WeightSliders()
        values = [s.w0.value, s.w1.value, s.w2.value, s.s0.value, s.target.value, s.alpha.value]
        assert values == pytest.approx([2.0, 1.0, 0.5, 2.0, 0.7, 0.5])
        assert (s.steps.value, s.x_weight.value, s.y_weight.value) == (100, "w1", "w2")

    def test_slider_follows_state(self):
        """Setting the state moves the sliders."""
        s = WeightSliders()
        s.state.set_weights(w1=1.5, alpha=0.02, steps=30, target=0.4)
        assert (s.w1.value, s.alpha.value, s.steps.value, s.target.value) == (1.5, 0.02, 30, 0.4)

    def test_state_follows_slider(self):
        """Moving a slider or a dropdown sets the state."""
        s = WeightSliders()
        s.w2.value = 0.9
        s.alpha.value = 3.0
        s.s0.value = -1.25
        s.steps.value = 7
        assert (s.state.w2, s.state.alpha, s.state.s0, s.state.steps) == (0.9, 3.0, -1.25, 7)

    def test_browser_float_noise_does_not_reach_the_state(self):
        """A browser's 0.7000000000000002 and 0.49999999999999994 arrive in the state as 0.7 and 0.5."""
        s = WeightSliders()
        s.target.value = 0.7000000000000002
        s.alpha.value = 0.49999999999999994
        s.w1.value = 1.2345
        assert (s.state.target, s.state.alpha, s.state.w1) == (0.7, 0.5, 1.2345)

    def test_a_browser_snapping_the_slider_leaves_the_state_alone(self):
        """state.alpha = 2 and w1 = 1.234: the browser sends back grid values 1.99 and 1.23; the state keeps 2 and 1.234."""
        s = WeightSliders()
        s.state.set_weights(alpha=2.0, w1=1.234)
        s.alpha.value = 0.5 * 10 ** (12 * s.alpha.step)   # 1.9905..., the grid point nearest 2
        s.w1.value = 1.23
        assert (s.state.alpha, s.state.w1) == (2.0, 1.234)
        s.alpha.value = 2.2                                # a real move: more than half a step
        s.w1.value = 1.25
        assert (s.state.alpha, s.state.w1) == (2.2, 1.25)

    def test_a_state_beyond_the_slider_range_is_kept(self):
        """state.w1 = 10 (the slider ends at 6) and alpha = 500 stay as set; the sliders sit at their ends."""
        s = WeightSliders()
        s.state.set_weights(w1=10.0, alpha=500.0)
        assert (s.state.w1, s.state.alpha) == (10.0, 500.0)
        assert s.w1.value == s.w1.max
        s.w1.value = s.w1.max                 # what a browser sends back for a slider at its end
        s.alpha.value = 10 ** s.alpha.max
        assert (s.state.w1, s.state.alpha) == (10.0, 500.0)
        s.w1.value = 5.0                      # the learner drags it back into range
        assert s.state.w1 == 5.0

    def test_choosing_the_other_axis_swaps_the_axes(self):
        """Picking w2 for the x axis while y shows w2 swaps them, in the state and both dropdowns."""
        s = WeightSliders()
        s.x_weight.value = "w2"
        assert (s.state.x_weight, s.state.y_weight) == ("w2", "w1")
        assert s.y_weight.value == "w1"

    def test_readout_shows_out_and_cost(self):
        """The readout shows the lecture's out = 0.3638 and C = 0.05653, then follows w2."""
        s = WeightSliders()
        assert s.readout.value == "out = 0.3638,  C = 0.05653"
        s.w2.value = 1.0
        net = ChainNetwork(w2=1.0)
        assert s.readout.value == f"out = {net.forward().out:.4f},  C = {net.cost():.4g}"
        assert s.readout.value.startswith("out = 0.7275")

    def test_reset_restores_the_lecture_values(self):
        """Reset brings every control and the state back to the lecture's first guess."""
        s = WeightSliders()
        s.state.set_weights(w0=-1.0, w1=3.0, w2=2.0, s0=1.0, target=0.1, alpha=5.0, steps=3,
                            x_weight="w0")
        s.reset_button.click()
        st = s.state
        assert (st.w0, st.w1, st.w2, st.s0, st.target, st.alpha, st.steps) == (2.0, 1.0, 0.5, 2.0, 0.7, 0.5, 100)
        assert (s.w0.value, s.x_weight.value, s.y_weight.value) == (2.0, "w1", "w2")
        assert s.readout.value == "out = 0.3638,  C = 0.05653"

    def test_every_control_has_a_description(self):
        """Each slider, dropdown and button carries a label (keyboard and screen-reader access)."""
        s = WeightSliders()
        controls = [s.w0, s.w1, s.w2, s.alpha, s.steps, s.s0, s.target, s.x_weight, s.y_weight,
                    s.reset_button]
        assert [c.description for c in controls] == [
            "w0", "w1", "w2", "alpha", "steps", "s0", "target", "x axis", "y axis", "Reset"]

    def test_alpha_is_a_log_slider_from_1e_3_to_1e2_with_0_5_on_its_grid(self):
        """alpha spans about 0.001 .. 100 on a log scale, and 0.5, 0.05, 5, 50 are steps of its grid."""
        a = WeightSliders().alpha
        assert (a.base, 10 ** a.min, 10 ** a.max) == pytest.approx((10, 0.001, 100), rel=0.01)
        for value in (0.5, 0.05, 5.0, 50.0):
            k = (np.log10(value) - a.min) / a.step
            assert k == pytest.approx(round(k), abs=1e-9)

    def test_not_a_state_is_a_type_error(self):
        """Passing something other than a NetworkState says what to pass."""
        with pytest.raises(TypeError, match="NetworkState"):
            WeightSliders(state={"w1": 1.0})


class TestCostLandscape:
    """The landscape is drawn in the page (LandscapeMap): the kernel's part is sending the state's
    numbers, the click, the status line and the static picture. The page's own maths is checked
    against chain.py in tests/browser/test_browser_landscape_map.py."""

    def test_the_map_follows_the_state(self, landscape):
        """Every value the page draws from is the state's, after a change in code."""
        landscape.state.set_weights(w0=-1.5, w1=2.5, s0=1.25, target=-0.5, alpha=0.05, steps=7)
        m, s = landscape.map, landscape.state
        for name in MAP_TRAITS:
            assert getattr(m, name) == getattr(s, name), name
        s.x_weight = "w0"
        assert (m.x_weight, m.y_weight) == ("w0", "w2")
        s.x_weight = "w2"                   # the swap: one change, both axes
        assert (m.x_weight, m.y_weight) == ("w2", "w0")

    def test_one_change_is_one_message(self, landscape):
        """Reset after many changes sends the page one message with every changed value."""
        sent = []
        landscape.map.comm.send = lambda data=None, **kw: sent.append(data)
        landscape.state.set_weights(w0=-1.0, w1=2.0, alpha=7.0, steps=30)
        landscape.state.reset()
        states = [d["state"] for d in sent if d and d.get("method") == "update"]
        assert len(states) == 2
        revision = landscape.state.revision
        assert states[1] == {"w0": 2.0, "w1": 1.0, "alpha": 0.5, "steps": 100, "revision": revision}

    def test_the_status_reports_the_descent(self, landscape):
        """The status line under the map is the trajectory's message from gradient_descent."""
        landscape.state.w1 = 1.5
        traj = gradient_descent(ChainNetwork(w1=1.5), alpha=0.5, steps=100)
        assert landscape.status.value.endswith(f"{traj.message}</span>")

    def test_divergence_and_leaving_the_map_are_reported(self, landscape):
        """alpha = 100 diverges at the step gradient_descent says; alpha = 20 leaves the map."""
        landscape.state.alpha = 100.0
        traj = gradient_descent(ChainNetwork(), alpha=100.0, steps=100)
        assert traj.diverged
        assert f"diverged at step {traj.diverged_at}" in landscape.status.value
        assert "#b00020" in landscape.status.value   # the problem colour
        landscape.state.set_weights(alpha=20.0, steps=50)
        left_at, message = path_report(landscape.trajectory, landscape.window, "w1", "w2")
        assert left_at is not None and message == f"the path leaves the map at step {left_at}"
        assert f"it leaves the map at step {left_at}" in landscape.status.value

    def test_the_window_is_the_tile_of_the_point(self, landscape):
        """The window is slices.window: the lecture tile, then the next 6-wide tile for w1 = 5.5."""
        assert landscape.window == (1.0 - HALF_WIDTH, 1.0 + HALF_WIDTH, 0.5 - HALF_WIDTH, 0.5 + HALF_WIDTH)
        landscape.state.w1 = 5.5
        assert landscape.window == pytest.approx((4.0, 10.0, -2.5, 3.5))

    def test_the_marble_is_the_states(self, landscape):
        """state.marble = 7 puts the page's marble at step 7; step 0 (the star) and a new path hide it."""
        landscape.state.marble = 7
        assert landscape.map.marble == 7
        landscape.state.marble = 0
        assert landscape.map.marble is None
        landscape.state.marble = 3
        landscape.state.w1 = 1.5
        assert landscape.map.marble is None

    def test_a_click_on_the_map_moves_the_start(self, landscape):
        """The page's click message at (2.234, 1.3) sets w1 = 2.23, w2 = 1.3 as one change."""
        revision = landscape.state.revision
        landscape.map._on_page_message(landscape.map, {"event": "start", "x": 2.234, "y": 1.3}, [])
        assert (landscape.state.w1, landscape.state.w2) == (2.23, 1.3)
        assert landscape.state.revision == revision + 1
        assert (landscape.map.w1, landscape.map.w2) == (2.23, 1.3)

    def test_a_click_is_clamped_to_the_sliders_range(self, landscape):
        """A click beyond the sliders' range (-6..6) starts at the range's end."""
        landscape.state.set_weights(x_weight="w0", y_weight="w1")
        assert landscape.map.start_at(9.0, -7.777) == {"w0": 6.0, "w1": -6.0}
        assert (landscape.state.w0, landscape.state.w1) == (6.0, -6.0)

    def test_the_page_uses_the_kernels_constants(self):
        """The map's ES module writes the grid, window, first guess, divergence cost and click range
        as the maths modules do (the page needs its own copy; this keeps the two equal)."""
        import re
        from pathlib import Path

        from bpwidgets import chain, slices
        from bpwidgets.views import landscape
        js = (Path(landscape.__file__).parent / "_landscape_map.js").read_text()

        def constant(name):
            return re.search(rf"export const {name} = ([^;]+);", js).group(1)
        assert int(constant("GRID")) == slices.GRID
        assert float(constant("HALF_WIDTH")) == slices.HALF_WIDTH
        assert float(constant("DIVERGENCE_COST")) == chain.DIVERGENCE_COST
        assert [float(v) for v in re.findall(r"[-\d.]+", constant("WEIGHT_RANGE"))] == list(WEIGHT_RANGE)
        guess = dict(re.findall(r"(w\d): ([-\d.]+)", constant("FIRST_GUESS")))
        assert {k: float(v) for k, v in guess.items()} == {w: chain.LECTURE_FIRST_GUESS[w] for w in chain.WEIGHTS}

    def test_other_page_messages_do_nothing(self, landscape):
        """A message that is not a start, or carries no numbers, leaves the weights alone."""
        for content in ({"event": "other", "x": 1, "y": 2}, {"event": "start", "x": "1", "y": 2},
                        {"event": "start", "x": float("nan"), "y": 2}, "start"):
            landscape.map._on_page_message(landscape.map, content, [])
        assert (landscape.state.w1, landscape.state.w2) == (1.0, 0.5)

    def test_two_views_on_one_state_stay_in_step(self):
        """Two landscapes given the same state send the same numbers to the page."""
        state = NetworkState()
        a, b = CostLandscape(state), CostLandscape(state)
        a.map.start_at(-1.0, 2.0)
        assert (b.map.w1, b.map.w2) == (-1.0, 2.0)

    def test_the_static_figure_is_the_same_landscape(self, landscape):
        """static_figure: the contour bands over cost_slice, the star, the path and the divergence text."""
        landscape.state.set_weights(w1=1.5, alpha=100.0)
        fig = landscape.static_figure()
        ax_3d, ax_map = fig.axes[:2]
        sl = cost_slice(landscape.state.network(), "w1", "w2")
        assert ax_map.get_xlim() == pytest.approx(sl.window[:2])
        assert ax_map.collections[-1].get_offsets()[0].tolist() == [1.5, 0.5]   # the star
        traj = landscape.trajectory
        assert ax_map.lines[0].get_xydata()[:, 0] == pytest.approx(traj.weights[:, 1])
        assert ax_map.texts[0].get_text() == f"diverged at step {traj.diverged_at}"
        assert ax_3d.get_title() == "C(w1, w2) with w0 = 2"
        assert (ax_map.get_xlabel(), ax_map.get_ylabel()) == ("w1", "w2")

    def test_not_a_state_is_a_type_error(self):
        """Passing something other than a NetworkState says what to pass."""
        with pytest.raises(TypeError, match="NetworkState"):
            CostLandscape(state="w1")


def test_the_page_module_ships_in_the_widget():
    """The map's ES module is the file in the package, names the map bp-contour-map, and imports nothing."""
    from pathlib import Path

    import bpwidgets.views._landscape_map as module
    source = (Path(module.__file__).with_name("_landscape_map.js")).read_text()
    assert LandscapeMap()._esm == source
    assert '"bp-contour-map"' in source
    assert "import " not in source and "http" not in source


class TestWhatLearnersFound:
    def test_picking_the_other_axis_from_either_picker_never_breaks_a_view(self):
        """x := w2 while y = w2 (and y := w1 while x = w1) swap the axes; landscape and race follow."""
        from bpwidgets.views.race import OptimizerRace
        s = NetworkState()
        landscape, race, sliders = CostLandscape(s), OptimizerRace(s), WeightSliders(s)
        sliders.x_weight.value = "w2"
        assert (s.x_weight, s.y_weight, sliders.y_weight.value) == ("w2", "w1", "w1")
        assert (landscape.map.x_weight, race.map.x_weight) == ("w2", "w2")
        assert (landscape.map.y_weight, race.map.y_weight) == ("w1", "w1")
        sliders.y_weight.value = "w2"
        assert (s.x_weight, s.y_weight, sliders.x_weight.value) == ("w1", "w2", "w1")
        s.w1 = 1.7   # every later move still works
        assert landscape.error is None and race.error is None
        assert landscape.map.w1 == race.map.w1 == 1.7

    def test_reset_redraws_each_figure_at_most_once(self):
        """One Reset after many changes asks each figure for at most one full redraw, and sends the
        landscape's page one message."""
        from browser_stand_in import BrowserStandIn
        from bpwidgets.views.explorer import Explorer
        ex = Explorer()
        page = BrowserStandIn(ex)
        ex.state.set_weights(w0=-1.0, w1=2.5, w2=1.5, s0=1.0, target=0.3, alpha=2.0, steps=40, x_weight="w0")
        page.settle()
        sent = []
        ex.landscape.map.comm.send = lambda data=None, **kw: sent.append(data)
        ex.sliders.reset_button.click()
        requests = page.settle()
        assert max(requests.values()) <= 1   # the figures left in the kernel: stepper, diagram, probe, training
        m = ex.landscape.map
        assert (m.x_weight, m.y_weight, m.w0) == ("w1", "w2", 2.0)
        assert len([d for d in sent if d and d.get("method") == "update"]) == 1

    def test_the_colour_bar_shows_the_whole_scale_of_a_new_surface(self, landscape):
        """The static picture's colour bar spans 0..top of its surface and its top tick is on the scale."""
        landscape.state.set_weights(w0=0.5, s0=-1.3, target=1.6)
        top = cost_slice(landscape.state.network(), "w1", "w2").costs.max()
        colorbar_ax = landscape.static_figure().axes[2]
        assert colorbar_ax.get_ylim() == pytest.approx((0.0, top), rel=1e-3)
        ticks = colorbar_ax.get_yticks()
        assert ticks.max() <= top * 1.0001 and ticks.max() >= 0.6 * top

    def test_a_nearly_flat_surface_still_has_a_scale(self, landscape):
        """Where C is ~1e-14 everywhere, the static picture's scale reaches FLAT_TOP (no degenerate box)."""
        from bpwidgets.views.landscape import FLAT_TOP
        landscape.state.set_weights(w0=0.0, s0=0.0, target=0.0, w1=0.0, w2=0.0)
        fig = landscape.static_figure()
        assert fig.axes[0].get_zlim()[1] >= FLAT_TOP

    def test_a_path_that_leaves_the_map_says_so(self, landscape):
        """From (3.5, 3) with alpha = 3 the path leaves at step 1: the status and the static picture say so."""
        landscape.state.set_weights(w1=3.5, w2=3.0, alpha=3.0)
        assert "it leaves the map at step 1" in landscape.status.value
        texts = [t.get_text() for t in landscape.static_figure().axes[1].texts]
        assert texts == ["the path leaves the map at step 1"]

    def test_a_rising_cost_is_reported(self):
        """A trajectory that ends higher than it started says the learning rate is too large."""
        traj = gradient_descent(ChainNetwork(w1=3.5, w2=3.0), alpha=3.0, steps=1)
        assert traj.costs[1] > traj.costs[0]
        assert traj.message.endswith("the cost went up, the learning rate is too large")

    def test_a_finished_descent_does_not_repeat_below_1e_12_twice(self):
        """Starting at the bottom, the message says so once."""
        bottom = gradient_descent(ChainNetwork(), alpha=0.5, steps=100).weights[-1]
        traj = gradient_descent(ChainNetwork(*bottom), alpha=0.5, steps=10)
        assert traj.message == "10 steps; the cost stays below 1e-12 (zero up to rounding): already at the bottom"

    def test_a_value_beyond_a_slider_is_marked_on_it(self):
        """state.w0 = 50 leaves the slider at its end with a red handle and the value in its tooltip."""
        s = WeightSliders()
        s.state.w0 = 50.0
        assert s.w0.value == s.w0.max and s.w0.style.handle_color == "#b00020"
        assert s.w0.tooltip == "w0 = 50, beyond this slider's range"
        s.state.w0 = 1.0
        assert s.w0.style.handle_color is None

    def test_fine_lets_a_drag_aim_to_a_hundredth(self):
        """'fine' narrows w1 to 1 +- 0.5 (a tenth of its range: ten times finer per pixel); off restores it."""
        s = WeightSliders()
        s.fine.value = True
        assert (s.w1.min, s.w1.max, s.w1.value) == (0.5, 1.5, 1.0)
        assert 10 ** s.alpha.min == pytest.approx(0.5 / 10 ** 0.5) and 10 ** s.alpha.max == pytest.approx(0.5 * 10 ** 0.5)
        s.w1.value = 1.13
        assert s.state.w1 == 1.13
        s.fine.value = False
        assert (s.w1.min, s.w1.max, s.state.w1) == (*WEIGHT_RANGE, 1.13)

    def test_an_error_inside_a_view_is_shown_in_it_and_the_view_recovers(self, landscape, monkeypatch):
        """A failure while updating shows a short message in the view; the next change clears it."""
        def broken(*args):
            raise RuntimeError("out of paint")
        monkeypatch.setattr(landscape.map, "hold_sync", broken)
        landscape.state.w1 = 1.5
        assert isinstance(landscape.error, RuntimeError)
        problem = landscape.children[-1]
        assert "out of paint" in problem.value and problem.layout.display is None
        monkeypatch.undo()
        landscape.state.w1 = 1.6
        assert landscape.error is None and problem.layout.display == "none"
        assert landscape.map.w1 == 1.6
