"""The weight sliders and the cost landscape, headless: construct, change the state, read the artists."""
import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

from bpwidgets.chain import ChainNetwork, cost_surface, gradient_descent
from bpwidgets.state import NetworkState
from bpwidgets.slices import GRID, HALF_WIDTH
from bpwidgets.views.landscape import CostLandscape
from bpwidgets.views.sliders import WeightSliders


@pytest.fixture
def landscape():
    return CostLandscape()


def click(view, x, y, ax=None, button=1):
    """Send a real button_press_event at data point (x, y) of `ax` (the contour map by default)."""
    ax = ax or view.ax_map
    px, py = ax.transData.transform((x, y))
    event = MouseEvent("button_press_event", view.fig_map.canvas, px, py, button=button)
    view.fig_map.canvas.callbacks.process("button_press_event", event)


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
    def test_star_follows_the_weights(self, landscape):
        """After state.w1 = 1.5 the star sits at (1.5, 0.5) on the map and at C there in 3-D."""
        landscape.state.w1 = 1.5
        assert landscape.star_map.get_offsets()[0] == pytest.approx([1.5, 0.5])
        xs, ys, zs = landscape.star_3d.get_data_3d()
        assert (xs[0], ys[0], zs[0]) == pytest.approx((1.5, 0.5, ChainNetwork(w1=1.5).cost()))

    def test_path_is_gradient_descent_from_the_star(self, landscape):
        """The path starts at the new (w1, w2) and its next point is gradient_descent's second row."""
        landscape.state.w1 = 1.5
        traj = gradient_descent(ChainNetwork(w1=1.5), alpha=0.5, steps=100)
        xs, ys = landscape.path_map.get_data()
        assert (xs[0], ys[0]) == (1.5, 0.5)
        assert (xs[1], ys[1]) == pytest.approx((traj.weights[1, 1], traj.weights[1, 2]))
        assert len(xs) == 101
        zs = landscape.path_3d.get_data_3d()[2]
        assert zs[:3] == pytest.approx(traj.costs[:3])
        assert landscape.status.value.endswith(f"{traj.message}</span>")

    def test_alpha_and_steps_change_the_path(self, landscape):
        """steps=5 draws six points; a smaller alpha makes the first step proportionally shorter."""
        st = landscape.state
        st.set_weights(steps=5, alpha=0.05)
        xs, ys = landscape.path_map.get_data()
        assert len(xs) == 6
        g = ChainNetwork().gradient()
        assert (xs[1], ys[1]) == pytest.approx((1.0 - 0.05 * g["w1"], 0.5 - 0.05 * g["w2"]))

    def test_divergence_is_shown_and_only_the_finite_part_drawn(self, landscape):
        """alpha = 100 shows 'diverged at step k' (k from gradient_descent) and plots no NaN."""
        landscape.state.alpha = 100.0
        traj = gradient_descent(ChainNetwork(), alpha=100.0, steps=100)
        assert traj.diverged
        assert f"diverged at step {traj.diverged_at}" in landscape.status.value
        assert "#b00020" in landscape.status.value   # the problem colour
        assert landscape.warning.get_visible()
        assert landscape.warning.get_text() == f"diverged at step {traj.diverged_at}"
        for line in (landscape.path_map,):
            data = np.asarray(line.get_data(), dtype=float)
            assert np.isfinite(data).all() and data.shape[1] == traj.diverged_at
        assert np.isfinite(np.asarray(landscape.path_3d.get_data_3d(), dtype=float)).all()
        landscape.state.alpha = 0.5
        assert "diverged" not in landscape.status.value
        assert not landscape.warning.get_visible()

    def test_3d_path_stops_where_it_leaves_the_window(self, landscape):
        """In 3-D nothing clips, so the path is cut at its first point outside the window."""
        landscape.state.set_weights(alpha=20.0, steps=50)   # runs far out of the window
        x_lo, x_hi, y_lo, y_hi = landscape.window
        xs, ys, _ = landscape.path_3d.get_data_3d()
        assert 1 <= len(xs) < len(landscape.path_map.get_data()[0])
        assert ((x_lo <= xs) & (xs <= x_hi) & (y_lo <= ys) & (ys <= y_hi)).all()

    def test_surface_is_the_cost_over_the_window(self, landscape):
        """The map's grid values are cost_surface over the lecture window (first guess +- 3)."""
        assert landscape.window == (1.0 - HALF_WIDTH, 1.0 + HALF_WIDTH, 0.5 - HALF_WIDTH, 0.5 + HALF_WIDTH)
        assert landscape.slice.costs.shape == (GRID, GRID)
        for i, j in [(0, 0), (10, 70), (79, 40)]:
            w1, w2 = landscape.slice.xs[i], landscape.slice.ys[j]
            assert landscape.slice.costs[j, i] == pytest.approx(ChainNetwork(w1=w1, w2=w2).cost(), rel=1e-12)
        assert landscape.ax_3d.get_title() == "C(w1, w2) with w0 = 2"
        assert (landscape.ax_map.get_xlabel(), landscape.ax_map.get_ylabel()) == ("w1", "w2")

    def test_moving_plotted_weights_keeps_the_surface(self, landscape):
        """w1, w2, alpha and steps move only the star and path: the surface is not recomputed."""
        surface, contours = landscape._surface, landscape._contours
        st = landscape.state
        for value in (1.5, 0.2, 2.5):
            st.w1 = value
        st.set_weights(w2=1.2, alpha=0.1, steps=40)
        assert landscape.surface_computations == 1
        assert landscape._surface is surface and landscape._contours is contours

    def test_held_weight_recomputes_the_surface(self, landscape):
        """Changing w0 (held), s0 or target recomputes the surface and retitles it."""
        landscape.state.w0 = 2.5
        assert landscape.surface_computations == 2
        assert landscape.ax_3d.get_title() == "C(w1, w2) with w0 = 2.5"
        w1, w2 = landscape.slice.xs[5], landscape.slice.ys[60]
        assert landscape.slice.costs[60, 5] == pytest.approx(ChainNetwork(w0=2.5, w1=w1, w2=w2).cost())
        landscape.state.target = 0.3
        assert landscape.surface_computations == 3

    def test_switching_axes_relabels_and_recomputes(self, landscape):
        """Axes (w0, w2) relabel both plots and give cost_surface over (w0, w2) with w1 held."""
        st = landscape.state
        st.set_weights(w1=1.5)
        st.set_weights(x_weight="w0", y_weight="w2")
        assert (landscape.ax_map.get_xlabel(), landscape.ax_map.get_ylabel()) == ("w0", "w2")
        assert (landscape.ax_3d.get_xlabel(), landscape.ax_3d.get_ylabel()) == ("w0", "w2")
        assert landscape.ax_3d.get_title() == "C(w0, w2) with w1 = 1.5"
        expected = cost_surface(ChainNetwork(w1=1.5), "w0", "w2", landscape.slice.xs, landscape.slice.ys)
        for i, j in [(0, 0), (33, 12), (79, 79)]:
            assert landscape.slice.costs[j, i] == pytest.approx(expected[j, i], rel=1e-12)
        assert landscape.slice.xs[0] == pytest.approx(2.0 - HALF_WIDTH)
        assert landscape.star_map.get_offsets()[0] == pytest.approx([2.0, 0.5])

    def test_star_leaving_the_window_moves_to_the_next_tile(self, landscape):
        """w1 = 5.5 lies outside [-2, 4]: the map shows the next 6-wide tile, [4, 10], and the surface follows."""
        landscape.state.w1 = 5.5
        assert landscape.window == pytest.approx((4.0, 10.0, -2.5, 3.5))
        assert landscape.ax_map.get_xlim() == pytest.approx((4.0, 10.0))
        assert landscape.surface_computations == 2
        landscape.state.w1 = 6.0                     # within the same tile: the axes stay
        assert landscape.surface_computations == 2

    def test_click_on_the_map_moves_the_start(self, landscape):
        """A left click at (2.2, 1.3) on the contour map sets w1 = 2.2, w2 = 1.3."""
        click(landscape, 2.2, 1.3)
        assert (landscape.state.w1, landscape.state.w2) == pytest.approx((2.2, 1.3), abs=0.006)
        assert landscape.star_map.get_offsets()[0] == pytest.approx([2.2, 1.3], abs=0.006)

    def test_other_clicks_do_nothing(self, landscape):
        """A right click, or a click outside the map, leaves the weights alone."""
        click(landscape, 2.2, 1.3, button=3)
        event = MouseEvent("button_press_event", landscape.fig_map.canvas, 1, 1, button=1)
        landscape._on_click(event)
        assert (landscape.state.w1, landscape.state.w2) == (1.0, 0.5)

    def test_two_views_on_one_state_stay_in_step(self):
        """Two landscapes given the same state show the same star and path."""
        state = NetworkState()
        a, b = CostLandscape(state), CostLandscape(state)
        click(a, -1.0, 2.0)
        assert b.star_map.get_offsets()[0] == pytest.approx([-1.0, 2.0])
        assert np.array_equal(a.path_map.get_xydata(), b.path_map.get_xydata())

    def test_blitting_repaints_the_star(self, landscape):
        """After a full draw, moving w1 blits: the saved background stays and the pixels change."""
        canvas = landscape.fig_map.canvas
        canvas.draw()
        background = landscape.blit_map.background
        before = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
        landscape.state.w1 = 2.5
        after = np.asarray(canvas.get_renderer().buffer_rgba())
        assert landscape.blit_map.background is background
        changed = np.argwhere((before != after).any(axis=2))
        # the changed pixels lie around the old and the new star only
        px_old = landscape.ax_map.transData.transform((1.0, 0.5))
        px_new = landscape.ax_map.transData.transform((2.5, 0.5))
        assert len(changed) > 100
        cols = changed[:, 1]
        assert cols.min() >= px_old[0] - 30 and cols.max() <= px_new[0] + 30

    def test_not_a_state_is_a_type_error(self):
        """Passing something other than a NetworkState says what to pass."""
        with pytest.raises(TypeError, match="NetworkState"):
            CostLandscape(state="w1")


def test_the_contour_map_carries_a_class_name_for_the_page():
    """The map's canvas has the CSS class bp-contour-map (browser tests and lecturers' CSS find it by it)."""
    from bpwidgets.views.landscape import CostLandscape
    assert "bp-contour-map" in CostLandscape().fig_map.canvas._dom_classes
