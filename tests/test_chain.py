"""The chain network's maths against the lecture's numbers and finite differences."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bpwidgets as bp
from bpwidgets.chain import DIVERGENCE_COST, forward_pass, gradient_of_cost


class TestLectureNumbers:
    def test_forward_pass_of_first_guess(self):
        """x1 = 4, s1 = 0.982, x2 = 0.982, s2 = 0.7275, out = 0.3638, as on the slides."""
        f = bp.ChainNetwork().forward()
        assert f.x1 == 4.0
        assert f.s1 == pytest.approx(0.98201, abs=1e-5)
        assert f.x2 == pytest.approx(0.98201, abs=1e-5)
        assert f.s2 == pytest.approx(0.72751, abs=1e-5)
        assert f.out == pytest.approx(0.36375, abs=1e-5)

    def test_defaults_are_the_first_guess(self):
        """The default network is w0=2, w1=1, w2=0.5, s0=2, target=0.7."""
        net = bp.ChainNetwork()
        assert (net.w0, net.w1, net.w2, net.s0, net.target) == (2.0, 1.0, 0.5, 2.0, 0.7)

    def test_cost_of_first_guess(self):
        """C = 1/2 (0.7 - 0.3638)^2 = 0.05653."""
        assert bp.ChainNetwork().cost() == pytest.approx(0.056531, abs=1e-6)

    def test_gradient_of_first_guess(self):
        """dC/dw2 = -0.24462, dC/dw1 = -0.032729, dC/dw0 = -0.0011774."""
        g = bp.ChainNetwork().gradient()
        assert g["w2"] == pytest.approx(-0.24462, abs=1e-5)
        assert g["w1"] == pytest.approx(-0.032729, abs=1e-6)
        assert g["w0"] == pytest.approx(-0.0011774, abs=1e-7)

    def test_output_gradient(self):
        """dout/dw2 = s2, dout/dw1 = w2 s2(1-s2) s1, dout/dw0 = w2 s2(1-s2) w1 s1(1-s1) s0."""
        net = bp.ChainNetwork()
        f = net.forward()
        g = net.output_gradient()
        assert g["w2"] == pytest.approx(f.s2)
        assert g["w1"] == pytest.approx(0.5 * f.s2 * (1 - f.s2) * f.s1)
        assert g["w0"] == pytest.approx(0.5 * f.s2 * (1 - f.s2) * 1.0 * f.s1 * (1 - f.s1) * 2.0)


class TestChainFactors:
    def test_w0_has_six_factors_in_backward_order(self):
        """dC/dw0 = dC/dout * dout/ds2 * ds2/dx2 * dx2/ds1 * ds1/dx1 * dx1/dw0."""
        names = [f.name for f in bp.ChainNetwork().chain("w0")]
        assert names == ["dC/dout", "dout/ds2", "ds2/dx2", "dx2/ds1", "ds1/dx1", "dx1/dw0"]

    @pytest.mark.parametrize("name, count", [("w0", 6), ("w1", 4), ("w2", 2)])
    def test_product_of_factors_is_the_gradient(self, name, count):
        """The factors multiply to the gradient, for each weight."""
        net = bp.ChainNetwork(w0=-1.3, w1=0.7, w2=2.2, s0=0.4, target=-0.2)
        factors = net.chain(name)
        assert len(factors) == count
        assert math.prod(f.value for f in factors) == pytest.approx(net.gradient()[name], rel=1e-12)

    def test_factor_values_at_first_guess(self):
        """Each factor's value and substituted numbers, as the lecture computes them."""
        factors = {f.name: f for f in bp.ChainNetwork().chain("w0")}
        assert factors["dC/dout"].value == pytest.approx(-0.33625, abs=1e-5)
        assert factors["ds2/dx2"].value == pytest.approx(0.19824, abs=1e-5)
        assert factors["ds1/dx1"].value == pytest.approx(0.017663, abs=1e-6)
        assert factors["ds2/dx2"].formula == "s2(1 - s2)"
        assert factors["ds2/dx2"].numbers == "0.7275(1 - 0.7275)"
        assert factors["dx1/dw0"].latex == r"\frac{\partial x_1}{\partial w_0} = s_0"

    def test_chain_of_out_drops_the_cost_factor(self):
        """chain(name, of='out') is the chain for dout/dw: no dC/dout factor."""
        net = bp.ChainNetwork()
        factors = net.chain("w1", of="out")
        assert [f.name for f in factors] == ["dout/ds2", "ds2/dx2", "dx2/dw1"]
        assert math.prod(f.value for f in factors) == pytest.approx(net.output_gradient()["w1"])


weights = st.floats(min_value=-5, max_value=5, allow_nan=False)


class TestFiniteDifferences:
    @settings(max_examples=200, deadline=None)
    @given(w0=weights, w1=weights, w2=weights, s0=weights, target=weights)
    def test_gradient_matches_central_differences(self, w0, w1, w2, s0, target):
        """The analytic gradient equals the central finite difference for random weights."""
        net = bp.ChainNetwork(w0, w1, w2, s0, target)
        analytic = net.gradient()
        numeric = bp.numerical_gradient(net, h=1e-6)
        for name in ("w0", "w1", "w2"):
            assert analytic[name] == pytest.approx(numeric[name], rel=1e-5, abs=1e-8)

    def test_forward_difference_error_shrinks_like_h(self):
        """Halving h halves the forward difference's error (first order)."""
        net = bp.ChainNetwork()
        exact = net.gradient()["w1"]
        e1 = abs(bp.wiggle(net, "w1", h=1e-2, central=False) - exact)
        e2 = abs(bp.wiggle(net, "w1", h=5e-3, central=False) - exact)
        assert e1 / e2 == pytest.approx(2.0, rel=0.05)

    def test_wiggle_out(self):
        """wiggle(of='out') measures dout/dw2 = s2."""
        net = bp.ChainNetwork()
        assert bp.wiggle(net, "w2", of="out") == pytest.approx(net.forward().s2, rel=1e-8)


class TestSigmoid:
    def test_no_overflow_at_extremes(self):
        """S(+-1e4) gives 1 and 0 with no warning, and S(0) = 1/2."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            s = bp.sigmoid(np.array([-1e4, -800.0, 0.0, 800.0, 1e4]))
        np.testing.assert_array_equal(s, [0.0, 0.0, 0.5, 1.0, 1.0])

    def test_network_at_huge_weights_warns_nothing(self):
        """|w*s| up to 1e4 gives finite values and gradients, no warnings."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            net = bp.ChainNetwork(w0=5000.0, w1=-1e4, w2=1e4, s0=2.0, target=0.7)
            assert math.isfinite(net.cost())
            assert all(math.isfinite(v) for v in net.gradient().values())

    def test_slope_is_s_times_one_minus_s(self):
        """S'(x) = S(x)(1 - S(x)) matches a central difference."""
        x = np.linspace(-6, 6, 13)
        numeric = (bp.sigmoid(x + 1e-6) - bp.sigmoid(x - 1e-6)) / 2e-6
        np.testing.assert_allclose(bp.sigmoid_slope(x), numeric, rtol=1e-6)
        assert bp.sigmoid_slope(0.0) == 0.25


class TestGradientDescent:
    def test_equals_the_plain_update_rule(self):
        """Each row is the previous row minus alpha times the gradient there."""
        net = bp.ChainNetwork()
        traj = bp.gradient_descent(net, alpha=0.5, steps=20)
        w = np.array([2.0, 1.0, 0.5])
        np.testing.assert_array_equal(traj.weights[0], w)
        for k in range(1, 21):
            g = net.with_weights(w0=w[0], w1=w[1], w2=w[2]).gradient()
            w = w - 0.5 * np.array([g["w0"], g["w1"], g["w2"]])
            np.testing.assert_allclose(traj.weights[k], w, rtol=1e-13)
        assert traj.weights.shape == (21, 3) and traj.costs.shape == (21,)
        assert not traj.diverged and traj.diverged_at is None

    def test_cost_goes_down_and_out_reaches_target(self):
        """With alpha = 0.5, 100 steps bring out to the target 0.7."""
        traj = bp.gradient_descent(bp.ChainNetwork(), alpha=0.5, steps=100)
        assert np.all(np.diff(traj.costs) <= 1e-15)
        w0, w1, w2 = traj.weights[-1]
        assert bp.ChainNetwork(w0, w1, w2).forward().out == pytest.approx(0.7, abs=1e-6)

    def test_huge_alpha_diverges(self):
        """alpha = 100 blows up: diverged, stopped early, no NaN kept, and it says at which step."""
        traj = bp.gradient_descent(bp.ChainNetwork(), alpha=100.0, steps=100)
        assert traj.diverged
        assert traj.diverged_at == 3
        assert traj.steps == 2 < 100
        assert np.all(np.isfinite(traj.weights)) and np.all(traj.costs < DIVERGENCE_COST)
        assert traj.message.startswith("diverged at step 3")

    def test_zero_steps(self):
        """steps=0 gives just the start."""
        traj = bp.gradient_descent(bp.ChainNetwork(), alpha=0.5, steps=0)
        assert traj.weights.shape == (1, 3) and traj.costs[0] == pytest.approx(0.056531, abs=1e-6)

    def test_optimizer_hook(self):
        """An optimizer's step(params, grads) replaces the plain update."""
        class HalfStep:
            def step(self, params, grads):
                for p, g in zip(params, grads):
                    p -= 0.25 * g
        a = bp.gradient_descent(bp.ChainNetwork(), optimizer=HalfStep(), steps=5)
        b = bp.gradient_descent(bp.ChainNetwork(), alpha=0.25, steps=5)
        np.testing.assert_allclose(a.weights, b.weights, rtol=1e-14)


class TestCostSurface:
    def test_equals_pointwise_cost(self):
        """C[j, i] is the cost at (x[i], y[j]) with the third weight held."""
        net = bp.ChainNetwork()
        xs, ys = np.linspace(-2, 3, 7), np.linspace(-1, 2, 5)
        C = bp.cost_surface(net, "w1", "w2", xs, ys)
        assert C.shape == (5, 7)
        for j, y in enumerate(ys):
            for i, x in enumerate(xs):
                assert C[j, i] == pytest.approx(net.with_weights(w1=x, w2=y).cost(), rel=1e-12)

    def test_any_two_weights(self):
        """Over (w2, w0) the held weight is w1, and the axes follow the argument order."""
        net = bp.ChainNetwork(w1=1.7)
        C = bp.cost_surface(net, "w2", "w0", [0.1, 0.9], [-1.0, 3.0, 4.0])
        assert C.shape == (3, 2)
        assert C[2, 1] == pytest.approx(net.with_weights(w2=0.9, w0=4.0).cost())

    def test_output_surface_equals_pointwise_out(self):
        """output_surface[j, i] is out at (x[i], y[j]) with the third weight held."""
        from bpwidgets.chain import output_surface
        net = bp.ChainNetwork(w0=0.4)
        out = output_surface(net, "w0", "w2", [-1.0, 2.5], [0.3, 1.1, 2.0])
        assert out.shape == (3, 2)
        assert out[1, 0] == pytest.approx(net.with_weights(w0=-1.0, w2=1.1).forward().out, rel=1e-12)
        assert out[2, 1] == pytest.approx(net.with_weights(w0=2.5, w2=2.0).forward().out, rel=1e-12)

    def test_vectorised_forward_matches_scalar(self):
        """forward_pass on arrays equals the scalar pass element by element."""
        w = np.random.default_rng(0).normal(size=(3, 50))
        out = forward_pass(w[0], w[1], w[2], 2.0).out
        g = gradient_of_cost(w[0], w[1], w[2], 2.0, 0.7)
        for i in range(50):
            net = bp.ChainNetwork(*w[:, i])
            assert out[i] == pytest.approx(net.forward().out, rel=1e-13)
            assert g[0][i] == pytest.approx(net.gradient()["w0"], rel=1e-12)


class TestBadInput:
    @pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
    def test_non_finite_weight(self, value):
        """NaN or inf weights are refused with a message naming the weight."""
        with pytest.raises(ValueError, match="w1 must be a finite number"):
            bp.ChainNetwork(w1=value)

    def test_not_a_number(self):
        """A string weight is a TypeError that says to pass a number."""
        with pytest.raises(TypeError, match="w0 must be a number"):
            bp.ChainNetwork(w0="2")

    def test_unknown_weight_name(self):
        """chain('w3') says which names exist."""
        with pytest.raises(ValueError, match="pass one of 'w0', 'w1', 'w2'"):
            bp.ChainNetwork().chain("w3")

    def test_bad_alpha_and_steps(self):
        """NaN alpha, negative alpha, fractional steps are refused."""
        net = bp.ChainNetwork()
        with pytest.raises(ValueError, match="alpha must be a finite number"):
            bp.gradient_descent(net, alpha=float("nan"))
        with pytest.raises(ValueError, match="alpha must be >= 0"):
            bp.gradient_descent(net, alpha=-1.0)
        with pytest.raises(ValueError, match="steps must be a whole number"):
            bp.gradient_descent(net, alpha=0.1, steps=2.5)

    def test_bad_surface_arguments(self):
        """Same weight twice, unknown name, NaN grid values: clear errors."""
        net = bp.ChainNetwork()
        with pytest.raises(ValueError, match="two different weights"):
            bp.cost_surface(net, "w1", "w1", [0, 1], [0, 1])
        with pytest.raises(ValueError, match="unknown weight 'w9'"):
            bp.cost_surface(net, "w9", "w1", [0, 1], [0, 1])
        with pytest.raises(ValueError, match="finite"):
            bp.cost_surface(net, "w1", "w2", [0, float("nan")], [0, 1])
        with pytest.raises(ValueError, match="1-D"):
            bp.cost_surface(net, "w1", "w2", [[0, 1]], [0, 1])

    def test_wiggle_zero_h(self):
        """h = 0 would divide by zero: refused."""
        with pytest.raises(ValueError, match="h must not be 0"):
            bp.wiggle(bp.ChainNetwork(), "w0", h=0)


def test_message_says_zero_up_to_rounding():
    """A cost that has reached rounding level is reported as such, not as 5.547e-32."""
    traj = bp.gradient_descent(bp.ChainNetwork(), alpha=0.5, steps=100)
    assert traj.message == "100 steps, cost 0.05653 -> below 1e-12 (zero up to rounding)"
    assert bp.gradient_descent(bp.ChainNetwork(), alpha=0.5, steps=3).message.endswith(
        f"-> {bp.gradient_descent(bp.ChainNetwork(), alpha=0.5, steps=3).costs[-1]:.4g}")


def test_zero_from_is_the_step_from_which_the_cost_stays_below_rounding():
    """alpha = 0.5: below 1e-12 from step 37 on (lesson 04 prints the same); alpha = 0.02 never;
    a cost that dips below and comes back up counts only from its last rise."""
    assert bp.gradient_descent(bp.ChainNetwork(), alpha=0.5, steps=100).zero_from == 37
    assert bp.gradient_descent(bp.ChainNetwork(), alpha=0.02, steps=100).zero_from is None
    dips = bp.chain.Trajectory(np.zeros((5, 3)), np.array([1.0, 1e-13, 1e-3, 1e-20, 0.0]))
    assert dips.zero_from == 3
    assert bp.chain.Trajectory(np.zeros((2, 3)), np.array([0.0, 0.0])).zero_from == 0


class TestBackwardPass:
    def test_lecture_numbers(self):
        """At the first guess the errors of the two neurons are dC/dx2 = -0.033329, dC/dx1 = -0.00058868."""
        b = bp.ChainNetwork().backward()
        assert b.dout == pytest.approx(-0.33624619, rel=1e-7)
        assert b.dx2 == pytest.approx(-0.03332877, rel=1e-6)
        assert b.dx1 == pytest.approx(-0.00058868, rel=1e-4)
        assert b.dw0 == pytest.approx(-0.0011774, rel=1e-4)

    def test_each_gradient_reuses_the_one_above(self):
        """dC/dw1 = dC/dx2 s1 and dC/dx1 = dC/dx2 w1 s1(1 - s1): the upstream values are reused."""
        net = bp.ChainNetwork(w0=-1.3, w1=2.2, w2=0.7, s0=0.4, target=-0.2)
        b, f = net.backward(), net.forward()
        assert b.dw1 == pytest.approx(b.dx2 * f.s1, rel=1e-12)
        assert b.ds1 == pytest.approx(b.dx2 * net.w1, rel=1e-12)
        assert b.dx1 == pytest.approx(b.ds1 * f.s1 * (1 - f.s1), rel=1e-12)
        assert b.dw0 == pytest.approx(b.dx1 * net.s0, rel=1e-12)
        assert list(b.upstream()) == ["dC/dout", "dC/ds2", "dC/dx2", "dC/ds1", "dC/dx1"]

    @settings(max_examples=100, deadline=None)
    @given(w0=weights, w1=weights, w2=weights, s0=weights, target=weights)
    def test_upstream_gradients_match_finite_differences(self, w0, w1, w2, s0, target):
        """dC/dx1 and dC/dx2: nudge the node's value, run the rest forward, compare."""
        net = bp.ChainNetwork(w0, w1, w2, s0, target)
        b, f, h = net.backward(), net.forward(), 1e-6

        def cost_from_x2(x2):
            return 0.5 * (target - w2 * bp.sigmoid(x2)) ** 2

        def cost_from_x1(x1):
            return cost_from_x2(w1 * bp.sigmoid(x1))

        for value, fn, x in ((b.dx2, cost_from_x2, f.x2), (b.dx1, cost_from_x1, f.x1)):
            numeric = (fn(x + h) - fn(x - h)) / (2 * h)
            assert value == pytest.approx(numeric, rel=1e-5, abs=1e-8)
        assert b.gradient() == pytest.approx(net.gradient(), rel=1e-12)
