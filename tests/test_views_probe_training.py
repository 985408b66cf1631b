"""WiggleProbe and TrainingView: built headless, driven through their controls."""
import numpy as np
import pytest

from bpwidgets.chain import ChainNetwork, gradient_descent, wiggle
from bpwidgets.numbers import rounded_text
from bpwidgets.state import NetworkState, shown
from bpwidgets.chain import H_GRID, difference_errors
from bpwidgets.views.probe import WiggleProbe
from bpwidgets.views.training import TrainingView


class TestWiggleProbe:
    def test_numbers_match_chain_wiggle(self):
        """For w0 and h = 1e-3 the table shows the forward differences of chain.wiggle and the chain rule."""
        probe = WiggleProbe()
        net = ChainNetwork()
        out_fd, out_exact = probe.readings["out"]
        cost_fd, cost_exact = probe.readings["cost"]
        assert out_fd == wiggle(net, "w0", 1e-3, of="out", central=False)
        assert cost_fd == wiggle(net, "w0", 1e-3, of="cost", central=False)
        assert out_exact == pytest.approx(0.0035015, rel=1e-4)
        assert cost_exact == pytest.approx(-0.0011774, rel=1e-4)
        html = probe.table.value
        assert f"{cost_fd:.6g}" in html and f"{cost_exact:.6g}" in html
        differences = (f"{cost_fd - cost_exact:+.2e}", f"{out_fd - out_exact:+.2e}")
        assert all(d.replace("-", "\u2212") in html for d in differences)   # text: a true minus sign

    def test_h_slider_and_weight_dropdown(self):
        """Choosing w2 and h = 1e-2: ΔC/Δw2 equals chain.wiggle's forward difference and its text is shown."""
        probe = WiggleProbe()
        probe.weight_dropdown.value = "w2"
        probe.h_slider.value = 1e-2
        expected = wiggle(ChainNetwork(), "w2", 1e-2, central=False)
        assert probe.readings["cost"][0] == pytest.approx(expected, rel=1e-12)
        assert probe.readings["cost"][1] == pytest.approx(-0.24462, rel=1e-4)
        # out is a straight line in w2: nudging gives s2 exactly (to rounding)
        assert probe.readings["out"][0] == pytest.approx(ChainNetwork().forward().s2, rel=1e-9)
        assert "nudge w2 by h = 0.01: 0.5 &rarr; 0.51" in probe.table.value
        assert list(probe.h_marker.get_xdata()) == [1e-2, 1e-2]

    def test_h_reaches_as_far_as_the_plot_and_a_typed_h_stays(self):
        """The slider spans the plot's 1e-12..1 on a grid of tenths of a decade; h = 1e-8 or 3e-5 typed
        into the box stays as typed, and is marked."""
        probe = WiggleProbe(weight="w1")
        assert 10.0 ** probe.h_slider.min == H_GRID[0] and 10.0 ** probe.h_slider.max == H_GRID[-1]
        assert probe.h_slider.step == 0.1
        for typed in (1e-8, 3e-5, 1e-12):
            probe.h_box.set_state({"value": f"{typed:g}"})
            assert probe.h_box.value == f"{typed:g}"
            assert probe.h == typed
            assert list(probe.h_marker.get_xdata()) == [typed, typed]
            assert probe.readings["cost"][0] == wiggle(ChainNetwork(), "w1", typed, central=False)
        probe.h_slider.value = 10 ** np.log10(3e-5)   # what a browser sends back: 3.0000000000000004e-05
        assert probe.h == 3e-5

    def test_the_nudge_shows_in_the_header_however_small(self):
        """h = 1e-8 on w1 = 1 reads 'by h = 1e-08: 1 -> 1.00000001', not '1 -> 1'."""
        probe = WiggleProbe(weight="w1", h=1e-8)
        assert "nudge w1 by h = 1e\u221208: 1 &rarr; 1.00000001</th>" in probe.table.value
        probe.h_slider.value = 1e-12
        assert "1 &rarr; 1.000000000001</th>" in probe.table.value

    def test_state_change_updates_the_numbers(self):
        """Setting w1 = 1.5 on the state gives the new network's forward difference and gradient."""
        state = NetworkState()
        probe = WiggleProbe(state)
        state.w1 = 1.5
        net = ChainNetwork(w1=1.5)
        assert probe.readings["cost"] == (wiggle(net, "w0", 1e-3, central=False), net.gradient()["w0"])

    def test_plotted_errors_match_chain_wiggle(self):
        """The two curves are |wiggle - dC/dw| for forward and central differences at every plotted h."""
        state = NetworkState()
        probe = WiggleProbe(state, weight="w1")
        state.w0 = 1.3
        net = state.network()
        exact = net.gradient()["w1"]
        forward = [abs(wiggle(net, "w1", h, central=False) - exact) for h in H_GRID]
        central = [abs(wiggle(net, "w1", h, central=True) - exact) for h in H_GRID]
        rounding = 1e-15 / H_GRID   # the scale of rounding error: allow that, no more
        np.testing.assert_array_equal(probe.forward_line.get_xdata(), H_GRID)
        # equal to 1e-6 relative, up to rounding noise (which dominates at tiny h)
        for line, expected in ((probe.forward_line, forward), (probe.central_line, central)):
            gap = np.abs(line.get_ydata() - expected)
            assert np.all(gap <= 1e-6 * np.abs(expected) + rounding)

    def test_error_slopes_are_one_and_two(self):
        """Between h = 1e-3 and 1e-1 the forward error falls like h, the central like h^2."""
        forward, central = difference_errors(ChainNetwork(), "w0")
        big = (H_GRID >= 1e-3) & (H_GRID <= 1e-1)
        slope_f = np.polyfit(np.log10(H_GRID[big]), np.log10(forward[big]), 1)[0]
        slope_c = np.polyfit(np.log10(H_GRID[big]), np.log10(central[big]), 1)[0]
        assert slope_f == pytest.approx(1.0, abs=0.05)
        assert slope_c == pytest.approx(2.0, abs=0.05)

    def test_guides_and_caption(self):
        """The slope-1 guide is 10x the forward error at h=0.1 there; the caption explains h and h^2."""
        probe = WiggleProbe()
        i = int(np.argmin(abs(H_GRID - 0.1)))
        x, y = probe.slope1.get_data()
        j = int(np.argmin(abs(x - 0.1)))
        assert y[j] == pytest.approx(10 * probe.forward_errors[i], rel=1e-9)
        assert "shrinks like h" in probe.caption.value and "slope 2" in probe.caption.value
        assert "rounding" in probe.caption.value

    def test_w2_central_difference_is_exact(self):
        """For w2 the cost is a parabola: central errors are rounding only, the h^2 guide is hidden."""
        probe = WiggleProbe(weight="w2")
        assert probe.central_errors.max() < 1e-4        # rounding at h = 1e-12 is ~1e-5
        assert probe.central_errors[H_GRID > 1e-4].max() < 1e-11
        assert not probe.slope2.get_visible()
        assert "parabola in w2" in probe.caption.value

class TestTrainingView:
    def test_lines_are_the_gradient_descent_trajectory(self):
        """The cost and weight lines hold chain.gradient_descent(net, 0.5, 100) point for point."""
        view = TrainingView()
        traj = gradient_descent(ChainNetwork(), alpha=0.5, steps=100)
        np.testing.assert_array_equal(view.cost_line.get_xdata(), np.arange(101))
        # the cost line holds the real costs down to where they fall below 1e-12 (step 37), then ends
        assert traj.zero_from == 37
        np.testing.assert_allclose(view.cost_line.get_ydata()[:38], traj.costs[:38])
        assert np.isnan(view.cost_line.get_ydata()[38:]).all()
        for i, name in enumerate(("w0", "w1", "w2")):
            np.testing.assert_allclose(view.weight_lines[name].get_ydata(), traj.weights[:, i])
        assert view.play.max == 100 and view.play.interval == 100
        assert view.cost_ax.get_yscale() == "log"

    def test_step_button_moves_the_marker(self):
        """Three Step clicks: iteration 3, current weights = trajectory row 3, markers at x = 3."""
        view = TrainingView()
        for _ in range(3):
            view.step_button.click()
        traj = gradient_descent(ChainNetwork(), alpha=0.5, steps=100)
        assert view.iteration == 3 and view.iteration_slider.value == 3
        assert list(view.current_weights.values()) == pytest.approx(list(traj.weights[3]), rel=1e-12)
        assert list(view.markers[0].get_xdata()) == [3, 3]
        assert view.cost_point.get_ydata()[0] == pytest.approx(traj.costs[3], rel=1e-12)
        assert view.weight_points["w2"].get_ydata()[0] == pytest.approx(traj.weights[3, 2], rel=1e-12)
        assert f"iteration 3 of 100: cost {traj.costs[3]:.4g}" in view.status.value

    def test_play_tick_and_reset(self):
        """A Play tick to 40 shows row 40; Reset goes back to 0 and stops playing."""
        view = TrainingView()
        view.play.playing = True
        view.play.value = 40
        traj = view.trajectory
        assert view.current_weights["w2"] == pytest.approx(traj.weights[40, 2], rel=1e-12)
        view.reset_button.click()
        assert view.iteration == 0 and not view.play.playing
        assert view.current_weights == {"w0": 2.0, "w1": 1.0, "w2": 0.5}

    def test_playing_moves_the_marble_not_the_weights(self):
        """Playing sets the state's marble to the iteration; the weights (the landscape's star) stay."""
        view = TrainingView()
        view.play.value = 50
        assert (view.state.w0, view.state.w1, view.state.w2) == (2.0, 1.0, 0.5)
        assert view.state.marble == 50
        view.play.value = 0
        assert view.state.marble is None   # at the start the star says it all

    def test_the_marble_in_the_state_moves_the_view(self):
        """Setting state.marble = 12 (another view, or code) shows iteration 12 here."""
        view = TrainingView()
        view.state.marble = 12
        assert view.iteration == 12 and view.play.value == 12
        assert view.cost_point.get_xdata()[0] == 12

    def test_state_change_recomputes_once(self):
        """Setting alpha = 0.1 gives the new trajectory and returns to iteration 0."""
        view = TrainingView()
        view.play.value = 20
        view.state.alpha = 0.1
        traj = gradient_descent(ChainNetwork(), alpha=0.1, steps=100)
        assert view.iteration == 0
        np.testing.assert_allclose(view.weight_lines["w1"].get_ydata(), traj.weights[:, 1])
        assert "(alpha = 0.1)" in view.status.value

    def test_divergence_stops_at_the_last_finite_step(self):
        """alpha = 100 diverges at step 3 (chain.gradient_descent): Play max 2, message, no NaN plotted."""
        state = NetworkState(alpha=100.0)
        view = TrainingView(state)
        traj = gradient_descent(ChainNetwork(), alpha=100.0, steps=100)
        assert traj.diverged and traj.diverged_at == 3
        assert view.play.max == 2 and len(view.cost_line.get_ydata()) == 3
        assert np.all(np.isfinite(view.cost_line.get_ydata()))
        assert all(np.all(np.isfinite(line.get_ydata())) for line in view.weight_lines.values())
        assert "diverged at step 3" in view.status.value
        assert view.diverged_text.get_text() == "diverged at step 3"
        view.play.playing = True
        for _ in range(5):
            view.step_button.click()
        assert view.iteration == 2 and not view.play.playing

    def test_the_cost_plot_stops_at_zero_up_to_rounding_and_says_from_which_step(self):
        """alpha = 0.5: the costs fall below 1e-12 at step 37 and on to ~1e-32 by step 100. The axis
        ends just under 1e-12 (not at a floor of 1e-30 where the line would lie flat), a note says
        'from step 37 on', and the marker of a later iteration sits on the 1e-12 line."""
        view = TrainingView()
        low, high = view.cost_ax.get_ylim()
        assert 1e-13 < low < 1e-12 and high == pytest.approx(2 * view.trajectory.costs[0])
        assert view.trajectory.costs[-1] < 1e-30   # what used to lie flat on the old floor
        assert view.zero_text.get_text() == "cost below 1e-12 (zero up to rounding)\nfrom step 37 on"
        view.play.value = 80
        assert view.cost_point.get_ydata()[0] == 1e-12

    def test_a_cost_that_stays_above_rounding_keeps_its_own_limits_and_no_note(self):
        """alpha = 0.02 ends at C = 0.0061: the axis spans the data (x 2 either side), no zero note."""
        view = TrainingView(NetworkState(alpha=0.02))
        costs = view.trajectory.costs
        assert view.cost_ax.get_ylim() == pytest.approx((costs.min() / 2, costs.max() * 2))
        assert view.zero_text.get_text() == ""
        np.testing.assert_allclose(view.cost_line.get_ydata(), costs)

    def test_oscillating_w1_and_w2_both_show_and_a_note_says_they_coincide(self):
        """alpha = 3: w1 and w2 end 0.003 apart, one line's width. w1 is drawn wide underneath and w2
        dashed on top, and the weights plot says from which step they coincide."""
        view = TrainingView(NetworkState(alpha=3.0, steps=60))
        w1, w2 = view.weight_lines["w1"], view.weight_lines["w2"]
        assert abs(view.trajectory.weights[-1, 1] - view.trajectory.weights[-1, 2]) < 0.005
        assert w1.get_linewidth() >= 2 * w2.get_linewidth() and w1.get_zorder() < w2.get_zorder()
        assert w2.get_linestyle() == "--" and w1.get_linestyle() == "-"
        assert view.coincide_text.get_text().startswith("w1 and w2 coincide from step 9 on")
        view.state.alpha = 0.5   # w1 ends at 1.08, w2 at 0.94: apart, no note
        assert view.coincide_text.get_text() == ""

    def test_zero_steps(self):
        """steps = 0 shows just the start: one point, iteration 0 of 0."""
        view = TrainingView(NetworkState(steps=0))
        assert view.play.max == 0 and len(view.cost_line.get_xdata()) == 1
        view.step_button.click()
        assert view.iteration == 0 and "iteration 0 of 0" in view.status.value

@pytest.mark.parametrize("kwargs, match", [(dict(weight="w7"), "w0"), (dict(h=0.0), "between 1e-12 and 1"),
                                           (dict(h="small"), "between 1e-12 and 1")])
def test_probe_refuses_bad_arguments(kwargs, match):
    """An unknown weight or an h outside 1e-12..1 raises ValueError saying what to pass."""
    with pytest.raises(ValueError, match=match):
        WiggleProbe(**kwargs)


def test_training_view_refuses_a_non_state():
    """TrainingView(state=...) needs a NetworkState: anything else is a TypeError."""
    with pytest.raises(TypeError, match="NetworkState"):
        TrainingView(state=ChainNetwork())


def _page_after(view, lost_frames, moves=30, redraw_every=7):
    """What a page shows after Play moved the marble `moves` times (with full redraws in between,
    as the page asks for when it scrolls), when it lost the frames numbered in `lost_frames`
    (a frame's image replaced before it loaded): each frame is painted whole or, in diff mode,
    over the page's pixels where it is not transparent, as ipympl's front end does."""
    import io
    import sys
    import matplotlib.image as mimg
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from browser_stand_in import BrowserStandIn
    canvas, frames = view.fig.canvas, []
    canvas.send_binary = lambda data: frames.append((canvas._current_image_mode, bytes(data)))
    canvas.manager.web_sockets = {canvas}
    browser = BrowserStandIn(view)
    canvas.manager.handle_json({"type": "refresh"})
    browser.settle()
    view.play.set_state({"playing": True})   # ▶: the page's ticks follow
    for k in range(1, moves + 1):
        view.play.set_state({"value": k})
        if k % redraw_every == 0:
            canvas.manager.handle_json({"type": "draw"})
        browser.settle()
    page = None
    for number, (mode, data) in enumerate(frames):
        image = mimg.imread(io.BytesIO(data))
        if page is None or mode == "full":
            page = image.copy() if number not in lost_frames or page is None else page
        elif number not in lost_frames:
            painted = image[..., 3] > 0
            page[painted] = image[painted]
    return page


def test_play_leaves_exactly_one_marker_even_when_the_page_lost_a_frame():
    """The page shows what a fresh draw at the last iteration shows: no ghost markers."""
    view = TrainingView()
    page = _page_after(view, lost_frames={5, 12, 13})
    canvas = view.fig.canvas
    canvas.draw()   # a fresh draw at iteration 30: the one marker
    fresh = np.asarray(canvas.buffer_rgba()).astype(float) / 255
    assert view.iteration == 30
    assert page.shape == fresh.shape
    assert not (np.abs(page[..., :3] - fresh[..., :3]) > 0.02).any()


@pytest.mark.parametrize("h", [1.58e-8, 1e-12, 1e-3])
def test_probe_arrows_show_two_different_numbers_at_small_h(h):
    """out: a -> b and C: a -> b print differently, so the nudge is visible (1.58e-8 printed alike)."""
    import re
    probe = WiggleProbe(h=h)
    pairs = re.findall(r"\$: ([-+0-9.e]+) &rarr; ([-+0-9.e]+)</td>", probe.table.value)
    assert len(pairs) == 2
    for before, after in pairs:
        assert before != after
    if h == 1.58e-8:
        assert len(pairs[0][0].lstrip("0.")) >= 11   # about -log10(h) + 3 significant digits


# --- typed h stays, bad h says so, arrow keys come back ----------------------------------

def type_h(probe, text):
    probe.h_box.set_state({"value": text})   # what the page sends on Enter


@pytest.mark.parametrize("text, value", [("0.5", 0.5), ("1", 1.0), ("3e-05", 3e-5), ("0.0123", 0.0123),
                                         ("1e-12", 1e-12)])
def test_a_typed_h_inside_the_bounds_is_taken_exactly(text, value):
    probe = WiggleProbe(weight="w1")
    type_h(probe, text)
    assert probe.h == value and probe.h_box.value == text and probe.h_message.value == ""
    assert probe.readings["cost"][0] == wiggle(ChainNetwork(), "w1", value, central=False)
    assert list(probe.h_marker.get_xdata()) == [value, value]


@pytest.mark.parametrize("text, value, message", [
    ("3", 1.0, "h is at most 1: set to 1"),
    ("1000", 1.0, "h is at most 1: set to 1"),
    ("2.7", 1.0, "h is at most 1: set to 1"),
    ("1e9", 1.0, "h is at most 1: set to 1"),
    ("-1", 1e-12, "h is at least 1e-12: set to 1e-12"),
    ("0", 1e-12, "h is at least 1e-12: set to 1e-12"),
    ("abc", 1e-3, "h must be a number: kept 0.001"),
    ("nan", 1e-3, "h must be a number: kept 0.001"),
])
def test_a_typed_h_beyond_the_bounds_is_said_in_the_widget(text, value, message):
    probe = WiggleProbe()
    type_h(probe, text)
    assert probe.h == value
    assert probe.h_box.value == shown(value)
    assert message in probe.h_message.value
    assert f"by h = {rounded_text(value, '.3g')}:" in probe.table.value


def test_the_h_message_goes_with_the_next_good_value():
    probe = WiggleProbe()
    type_h(probe, "1e9")
    assert "at most" in probe.h_message.value
    type_h(probe, "0.01")
    assert probe.h_message.value == "" and probe.h == 0.01
    type_h(probe, "abc")
    assert "kept 0.01" in probe.h_message.value
    probe.h_slider.set_state({"value": 10 ** -2.9})
    assert probe.h_message.value == "" and probe.h_box.value == "0.00125892541179"


def test_arrow_keys_step_a_tenth_of_a_decade_and_come_back():
    """From 1e-3 one grid point right is 10^-2.9 and one left is 1e-3 again, exactly (as the browser
    sends it: 10**(-12 + 90 * 0.1)); 1e-6 lies on the grid too."""
    probe = WiggleProbe()
    assert probe.h_slider.step == 0.1
    probe.h_slider.set_state({"value": 10 ** (-12 + 91 * 0.1)})
    assert probe.h == 0.00125892541179 and probe.h_box.value == "0.00125892541179"
    probe.h_slider.set_state({"value": 10 ** (-12 + 90 * 0.1)})
    assert probe.h == 1e-3 and probe.h_box.value == "0.001"
    probe.h_slider.set_state({"value": 10 ** (-12 + 89 * 0.1)})
    assert probe.h_box.value == "0.000794328234724"
    probe.h_slider.set_state({"value": 10 ** (-12 + 60 * 0.1)})
    assert probe.h == 1e-6 and probe.h_box.value == "1e-06"
