"""LayerStepper, OptimizerRace and VanishingGradients: built headless, driven like a learner would."""
import math

import numpy as np
import pytest

from bpwidgets import nn
from bpwidgets.chain import ChainNetwork, gradient_descent
from bpwidgets.state import NetworkState
from bpwidgets.views.layers import CURRENT, USED, LayerStepper
from bpwidgets.depth import EXAMPLES, chain_slopes, layer_factors, running_product
from bpwidgets.racing import RACERS, HoldWeight
from bpwidgets.views.race import OptimizerRace
from bpwidgets.views.vanishing import VanishingGradients

# --- LayerStepper: seed 002 -------------------------------------------------------------

SEED002 = [  # (step, name, the matrix the slides print)
    (0, "hidden values", [[7], [-22], [-3]]),
    (1, "outputs", [[-21], [-2]]),
    (2, "loss", [[260]]),
    (3, "d-values (output)", [[-22], [-6]]),
    (4, "d-weights (output)", [[-154, 484, 66], [-42, 132, 18]]),
    (5, "d-biases (output)", [[-22], [-6]]),
    (6, "d-values (hidden)", [[-32], [-16], [-118]]),
    (7, "d-biases (hidden)", [[-32], [-16], [-118]]),
    (8, "d-weights (hidden)", [[-96, 64], [-48, 32], [-354, 236]]),
]


def _seed002_loss(W1, b1, W2, b2):
    """Seed 002's loss written out with plain numpy, independently of nn."""
    x, y = np.array([[3.0], [-2.0]]), np.array([[1.0], [4.0]])
    out = W2 @ (W1 @ x + b1) + b2
    return 0.5 * float(np.sum((out - y) ** 2))


def _central_difference(f, params, which, h=1e-6):
    """d f / d params[which], entry by entry, by central differences."""
    grad = np.zeros_like(params[which])
    for idx in np.ndindex(grad.shape):
        up = [p.copy() for p in params]
        down = [p.copy() for p in params]
        up[which][idx] += h
        down[which][idx] -= h
        grad[idx] = (f(*up) - f(*down)) / (2 * h)
    return grad


class TestLayerStepper:
    @pytest.mark.parametrize("step, name, printed", SEED002)
    def test_current_has_the_printed_numbers(self, step, name, printed):
        """Next brings each quantity with the number seed 002 prints (u, outputs, loss, the three rules)."""
        stepper = LayerStepper()
        for _ in range(step):
            stepper.next_button.click()
        assert stepper.step == step
        assert stepper.current().name == name
        np.testing.assert_allclose(stepper.current().matrix, printed, atol=1e-9)

    def test_gradients_match_central_differences(self):
        """The d-weights and d-biases shown equal central differences of the loss written in plain numpy."""
        model, _, _ = nn.seed002_example()
        hidden, output = model.dense_layers
        params = [hidden.weights, hidden.biases, output.weights, output.biases]
        shown = {q.name: q.matrix for q in LayerStepper().quantities()}
        for which, name in enumerate(["d-weights (hidden)", "d-biases (hidden)",
                                      "d-weights (output)", "d-biases (output)"]):
            numeric = _central_difference(_seed002_loss, params, which)
            np.testing.assert_allclose(shown[name], numeric, atol=1e-4)
        assert _seed002_loss(*params) == pytest.approx(260.0)

    def test_entry_arithmetic_and_highlight(self):
        """On d-weights (output) entry 0 reads -154 = -22 x 7: result cell yellow, -22 and 7 shaded blue."""
        stepper = LayerStepper()
        stepper.step = 4
        assert r"= (-22) \times 7 = -154" in stepper.arithmetic.value
        html = stepper.tables.value
        assert f"background: {CURRENT}; font-weight: bold\">-154<" in html
        assert f"background: {USED}; font-weight: bold\">-22<" in html
        assert f"background: {USED}; font-weight: bold\">7<" in html
        assert html.count(f"background: {USED}") == 2 and html.count(f"background: {CURRENT}") == 1

    def test_entry_buttons_pick_the_entry(self):
        """Choosing dl/dw8 shows -42 = -6 x 7; moving to the next quantity goes back to entry 0."""
        stepper = LayerStepper()
        stepper.step = 4
        assert [label for label, _ in stepper.entry_buttons.options] == \
            ["dl/dw7", "dl/dw9", "dl/dw11", "dl/dw8", "dl/dw10", "dl/dw12"]
        stepper.entry_buttons.value = 3
        assert stepper.entry == 3
        assert r"w_{8}} = (-6) \times 7 = -42" in stepper.arithmetic.value
        stepper.next()
        assert stepper.entry == 0 and stepper.entry_buttons.value == 0
        assert r"\frac{\partial l}{\partial b_4} = \frac{\partial l}{\partial \hat y} = -22" in stepper.arithmetic.value

    def test_hidden_d_values_sum_two_paths(self):
        """d-values (hidden) for u3: 4 (-22) + 5 (-6) = -118, the two paths adding."""
        stepper = LayerStepper()
        stepper.step = 6
        stepper.entry = 2
        assert r"4 \cdot (-22) + 5 \cdot (-6) = -118" in stepper.arithmetic.value
        assert "two paths" in stepper.note.value

    def test_erratum_is_mentioned(self):
        """At d-biases (output) the note says the slide's -42 for dl/db4 is really dl/dw8; it is -22."""
        stepper = LayerStepper()
        stepper.step = 5
        note = stepper.note.value
        assert "dl/db4 as -42" in note and "It is -22" in note and "dl/dw8 = -6 &times; 7" in note

    def test_previous_and_next_stop_at_the_ends(self):
        """Previous at 0 and Next at 8 change nothing and are disabled; the label counts the steps."""
        stepper = LayerStepper()
        stepper.previous()
        assert stepper.step == 0 and stepper.previous_button.disabled
        for _ in range(20):
            stepper.next()
        assert stepper.step == 8 and stepper.next_button.disabled
        assert stepper.position.value == "step 9 of 9 (backward): d-weights (hidden)"
        stepper.previous_button.click()
        assert stepper.current().name == "d-biases (hidden)"

    def test_bad_step_and_entry_are_refused(self):
        """step 9 and entry 6 of a 2x3 matrix raise errors naming the valid range."""
        stepper = LayerStepper()
        with pytest.raises(ValueError, match="between 0 and 8"):
            stepper.step = 9
        stepper.step = 4
        with pytest.raises(ValueError, match="between 0 and 5"):
            stepper.entry = 6


# --- OptimizerRace ---------------------------------------------------------------------


def _plain_descent(net, rate, steps):
    """SGD on (w1, w2) with w0 fixed, written as a plain loop over net.gradient()."""
    w = [net.w1, net.w2]
    path = [tuple(w)]
    for _ in range(steps):
        g = net.with_weights(w1=w[0], w2=w[1]).gradient()
        w = [w[0] - rate * g["w1"], w[1] - rate * g["w2"]]
        path.append(tuple(w))
    return np.array(path)


class TestOptimizerRace:
    @pytest.mark.parametrize("name, cls", [(r[0], r[1]) for r in RACERS])
    def test_paths_equal_gradient_descent(self, name, cls):
        """Each path is gradient_descent with that optimizer (held weight w0 kept) from the state's weights."""
        race = OptimizerRace()
        rate = race.rates[name].value
        expected = gradient_descent(ChainNetwork(), steps=50, optimizer=HoldWeight(cls(rate), "w0"))
        np.testing.assert_array_equal(race.paths[name].weights, expected.weights)
        np.testing.assert_allclose(race.paths[name].weights[:, 0], 2.0)   # w0 held: the map's slice

    def test_sgd_path_equals_a_plain_loop(self):
        """The SGD path on (w1, w2) equals a hand-written w <- w - rate dC/dw loop; all reach C < 1e-4."""
        race = OptimizerRace()
        np.testing.assert_allclose(race.paths["SGD"].weights[:, 1:],
                                   _plain_descent(ChainNetwork(), 0.5, 50), rtol=1e-12, atol=1e-12)
        for name in race.paths:
            assert race.paths[name].costs[-1] < 1e-3, name

    def test_step_moves_the_heads(self):
        """After three Step clicks each head sits at row 3 of its path, and the page is told to draw 3 steps."""
        race = OptimizerRace()
        for _ in range(3):
            race.step_button.click()
        assert race.shown == 3 and race.map.shown == 3
        for name, (x, y) in race.heads().items():
            assert (x, y) == pytest.approx(tuple(race.paths[name].weights[3, 1:]))
        assert race.heads()["SGD"] == pytest.approx((1.0432616, 0.7771303), abs=1e-6)
        assert race.messages["SGD"] == f"SGD at step 3: C = {race.paths['SGD'].costs[3]:.3g}"

    def test_reset_goes_back_to_the_start(self):
        """Reset puts every head on the start (w1, w2) = (1, 0.5) and stops the Play widget."""
        race = OptimizerRace()
        race.play.value = 30
        race.play.playing = True
        race.reset_button.click()
        assert race.shown == 0 and not race.play.playing
        for head in race.heads().values():
            assert head == pytest.approx((1.0, 0.5))

    def test_rate_slider_recomputes_only_its_path(self):
        """Moving the Adam slider to 0.02 gives Adam's new path; SGD's and Momentum's stay the same objects."""
        race = OptimizerRace()
        before = dict(race.paths)
        race.rates["Adam"].value = 0.02
        assert race.paths["SGD"] is before["SGD"] and race.paths["Momentum"] is before["Momentum"]
        expected = gradient_descent(ChainNetwork(), steps=50, optimizer=HoldWeight(nn.Adam(0.02), "w0"))
        np.testing.assert_array_equal(race.paths["Adam"].weights, expected.weights)

    def test_state_change_moves_the_start_and_keeps_the_map(self):
        """w1 = 3.5, w2 = -2 moves the start and the paths the page draws; w0 (held) reaches the page too."""
        state = NetworkState()
        race = OptimizerRace(state)
        state.set_weights(w1=3.5, w2=-2.0)
        assert (race.map.w1, race.map.w2) == (3.5, -2.0)   # the page draws the start there
        assert race.paths["SGD"].weights[0].tolist() == [2.0, 3.5, -2.0]
        assert all(p["points"][0] == [3.5, -2.0] for p in race.map.paths)
        state.w0 = 1.5                      # the held weight: the page computes a new slice
        assert race.map.w0 == 1.5
        assert race.paths["Adam"].weights[0, 0] == 1.5

    def test_divergence_is_reported(self):
        """With target 50 and SGD rate 10 the standings say 'SGD diverged at step 2' once shown."""
        race = OptimizerRace(NetworkState(target=50.0))
        race.rates["SGD"].value = 10.0
        assert race.paths["SGD"].diverged and race.paths["SGD"].diverged_at == 2
        race.play.value = 10
        assert race.messages["SGD"].startswith("SGD diverged at step 2")
        assert "SGD diverged at step 2" in race.status.value
        sgd = next(p for p in race.map.paths if p["name"] == "SGD")
        assert len(sgd["points"]) == 2 and np.all(np.isfinite(sgd["points"]))   # the finite part only

    def test_steps_slider_sets_the_length(self):
        """steps = 20 gives paths of 21 rows and a Play widget that ends at 20."""
        race = OptimizerRace()
        race.steps_slider.value = 20
        assert race.play.max == 20 and all(p.steps == 20 for p in race.paths.values())

    def test_other_axes_hold_the_third_weight(self):
        """On the (w0, w2) map w1 is held at 1; heads after two Steps are (w0, w2) of row 2."""
        state = NetworkState()
        race = OptimizerRace(state)
        state.x_weight, state.y_weight = "w0", "w2"
        assert state.held_weight == "w1"
        race.step()
        race.step()
        for name, path in race.paths.items():
            np.testing.assert_allclose(path.weights[:, 1], 1.0)
            assert race.heads()[name] == pytest.approx((path.weights[2, 0], path.weights[2, 2]))
        assert (race.map.x_weight, race.map.y_weight) == ("w0", "w2")

    def test_fewer_steps_than_shown(self):
        """Shown at 50, then steps = 20: Play stops at 20 and the heads sit on each path's last row."""
        race = OptimizerRace()
        race.play.value = 50
        race.steps_slider.value = 20
        assert race.shown == 20
        for name, path in race.paths.items():
            assert race.heads()[name] == pytest.approx(tuple(path.weights[20, 1:]))

    def test_bad_state_is_refused(self):
        """Passing something that is not a NetworkState raises a TypeError saying what to pass."""
        with pytest.raises(TypeError, match="NetworkState"):
            OptimizerRace(state={"w1": 1})


# --- VanishingGradients ------------------------------------------------------------------


def _independent_factors(n, w, s0, b=0.0):
    """w S'(x_k) of the chain x_1 = w s0 + b, x_(k+1) = w S(x_k) + b, with S written out here."""
    S = lambda x: 1.0 / (1.0 + math.exp(-x))   # noqa: E731
    xs, s = [], s0
    for _ in range(n):
        xs.append(w * s + b)
        s = S(xs[-1])
    return [w * S(x) * (1 - S(x)) for x in xs]


def _chain_output(x1, n, w, b):
    """out = x_(n+1) of the chain started from x_1, for a finite-difference check."""
    x = x1
    for _ in range(n):
        x = w / (1.0 + math.exp(-x)) + b
    return x


class TestDepthMaths:
    def test_slopes_match_finite_differences_and_bound(self):
        """Each slope equals a central difference of S at x_k and is at most 0.25."""
        x, slopes = chain_slopes(8, -2.5, 1.3, bias=0.4)
        h = 1e-6
        S = lambda v: 1.0 / (1.0 + np.exp(-v))   # noqa: E731
        np.testing.assert_allclose(slopes, (S(x + h) - S(x - h)) / (2 * h), rtol=1e-6)
        assert np.all(slopes <= 0.25)

    @pytest.mark.parametrize("w, b, s0", [(1.0, 0.0, 2.0), (6.0, -3.0, 0.5), (-5.0, 2.0, 0.3)])
    def test_running_product_is_d_out_d_x1(self, w, b, s0):
        """The product of the factors from layer 1 equals d out / d x_1 by wiggling x_1."""
        n = 6
        x, factors = layer_factors(n, w, s0, bias=b)
        assert factors == pytest.approx(_independent_factors(n, w, s0, b), rel=1e-12)
        assert np.all(np.abs(factors) <= abs(w) / 4 + 1e-15)
        h = 1e-6
        wiggled = (_chain_output(x[0] + h, n, w, b) - _chain_output(x[0] - h, n, w, b)) / (2 * h)
        assert running_product(factors)[0] == pytest.approx(wiggled, rel=1e-6)

    def test_the_exploding_example_grows(self):
        """w = 6, b = -3, s0 = 0.5 keeps every x_k at 0: each factor is 6/4 = 1.5."""
        x, factors = layer_factors(10, **EXAMPLES["exploding"])
        assert np.all(x == 0.0) and factors == pytest.approx([1.5] * 10)
        assert running_product(factors)[0] == pytest.approx(1.5 ** 10)


class TestVanishingGradients:
    def test_bars_are_the_layer_factors(self):
        """With n=5, w=1, s0=2 the bars are w S'(x_k) (first 0.105) and bars 6..10 are hidden."""
        view = VanishingGradients(depth=5, weight=1.0, s0=2.0)
        expected = _independent_factors(5, 1.0, 2.0)
        heights = [bar.get_height() for bar in view.bars[:5]]
        assert heights == pytest.approx(expected, rel=1e-12)
        assert heights[0] == pytest.approx(0.104994, rel=1e-5)
        assert all(not bar.get_visible() for bar in view.bars[5:])
        assert [label.get_text() for label in view.bar_labels[:2]] == ["0.105", f"{expected[1]:.3g}"]
        assert list(view.ceiling_line.get_ydata()) == [0.25, 0.25]

    def test_the_weight_is_in_every_factor(self):
        """w = -2: each bar is |w S'(x_k)|, its label signed, the ceiling |w|/4 = 0.5."""
        view = VanishingGradients(depth=4, weight=-2.0, s0=1.0)
        expected = _independent_factors(4, -2.0, 1.0)
        assert [bar.get_height() for bar in view.bars[:4]] == pytest.approx(np.abs(expected), rel=1e-12)
        assert view.bar_labels[0].get_text() == f"{expected[0]:.3g}".replace("-", "\u2212") and expected[0] < 0
        assert list(view.ceiling_line.get_ydata()) == [0.5, 0.5]

    def test_product_line_bound_and_text(self):
        """The product line runs back from the output; at layer 1 it is 2.419e-4 <= 0.25^5, said in the text."""
        view = VanishingGradients(depth=5, weight=1.0, s0=2.0)
        factors = _independent_factors(5, 1.0, 2.0)
        xs, ys = view.product_line.get_data()
        assert list(xs) == [1, 2, 3, 4, 5]
        assert ys == pytest.approx([abs(np.prod(factors[k:])) for k in range(5)], rel=1e-12)
        assert list(view.bound_line.get_data()[1]) == pytest.approx([0.25 ** 5, 0.25 ** 4, 0.25 ** 3, 0.25 ** 2, 0.25])
        assert np.all(ys <= view.bound_line.get_data()[1])
        assert ys[0] == pytest.approx(2.419e-4, rel=1e-3)
        assert "the 5 factors w S'(x<sub>k</sub>) multiply to <b>0.000242</b>" in view.summary.value
        assert "(|w|/4)<sup>5</sup> = 0.000977" in view.summary.value and "<b>shrinks</b>" in view.summary.value

    def test_exploding_example_button(self):
        """The exploding button sets w = 6, b = -3, s0 = 0.5 in one redraw: factors 1.5, product 1.5^n, text says grows."""
        view = VanishingGradients(depth=8)
        calls = []
        original = view.update
        view.update = lambda: calls.append(1) or original()
        view.example_buttons["exploding"].click()
        assert calls == [1]
        assert (view.weight_slider.value, view.bias_slider.value, view.input_slider.value) == (6.0, -3.0, 0.5)
        assert [bar.get_height() for bar in view.bars[:8]] == pytest.approx([1.5] * 8)
        assert view.product_line.get_data()[1][0] == pytest.approx(1.5 ** 8)
        assert "<b>grows</b>" in view.summary.value and "<b>25.6</b>" in view.summary.value
        assert view.ax_product.get_ylim()[1] >= 1.5 ** 8   # the log axis grew upwards
        view.example_buttons["vanishing"].click()
        assert view.weight_slider.value == 1.0 and "<b>shrinks</b>" in view.summary.value

    def test_sliders_update_in_place(self):
        """Depth 10 and w = 4: same artists, 10 bars, first-layer product 4^10 * prod S' in the text."""
        view = VanishingGradients()
        line = view.product_line
        view.depth_slider.value = 10
        view.weight_slider.value = 4.0
        assert view.product_line is line and all(bar.get_visible() for bar in view.bars)
        expected = np.prod(_independent_factors(10, 4.0, 2.0))
        assert view.product[0] == pytest.approx(expected, rel=1e-9)
        assert f"<b>{expected:.3g}</b>".replace("-", "\u2212") in view.summary.value   # "1.06e\u221213"
        assert view.ax_product.get_ylim()[0] <= expected   # the log axis grew to show it

    def test_slider_change_blits_after_a_draw(self):
        """Once drawn, a small weight change blits (background kept); a much smaller product grows the axis."""
        view = VanishingGradients()
        view.fig.canvas.draw()
        background = view.blitter.background
        assert background is not None
        view.weight_slider.value = 1.05
        assert view.blitter.background is background
        view.weight_slider.value = 5.0
        assert view.blitter.background is None          # a full redraw was asked for
        assert view.ax_product.get_ylim()[0] <= view.product[0]

    def test_large_inputs_and_zero_weight_stay_drawable(self):
        """w = 6, s0 = 6: tiny positive products; w = 0: a product of 0, drawn at the floor, no NaN."""
        view = VanishingGradients(depth=10, weight=6.0, s0=6.0)
        assert np.all(np.isfinite(view.product)) and np.all(view.product > 0)
        view.weight_slider.value = 0.0
        assert view.product[0] == 0.0 and np.all(np.isfinite(view.product_line.get_data()[1]))
        assert np.all(np.isfinite(view.ax_product.get_ylim()))

    @pytest.mark.parametrize("kwargs", [dict(depth=0), dict(depth=11), dict(depth=2.5), dict(weight=float("nan"))])
    def test_bad_arguments_are_refused(self, kwargs):
        """depth outside 1..10, or a NaN weight, raises a ValueError saying what to pass."""
        with pytest.raises(ValueError, match="depth|weight"):
            VanishingGradients(**kwargs)


def test_race_rate_sliders_have_their_defaults_on_the_grid():
    """Each rate slider's grid (min + k*step in log10) runs through its default, so a browser shows it unchanged."""
    race = OptimizerRace()
    for name, slider in race.rates.items():
        k = (math.log10(slider.value) - slider.min) / slider.step
        assert k == pytest.approx(round(k), abs=1e-9), name
        assert slider.min <= math.log10(slider.value) <= slider.max


def test_the_race_has_a_saved_picture_of_the_race_so_far():
    """Where no page draws the map, the race's static form is matplotlib's: each racer's first
    `shown` steps, ending where the page's heads are."""
    from bpwidgets.views.race import OptimizerRace
    race = OptimizerRace()
    race.play.value = 20
    fig = race.static_figure()
    ax = fig.axes[0]
    ends = {line.get_label(): tuple(line.get_xydata()[-1]) for line in ax.get_lines()
            if line.get_label() in race.paths}
    for name, head in race.heads().items():
        assert ends[name] == pytest.approx(head)
    data, metadata = race._repr_mimebundle_()   # one picture of the race, named by its description
    assert "image/png" in data and "text/html" not in data
    assert metadata["image/png"]["alt"] == race.describe()
