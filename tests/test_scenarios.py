"""The named scenarios keep their promises, and a state survives a round trip through plain values."""
import json

import numpy as np
import pytest

import bpwidgets as bp
from bpwidgets.state import WEIGHT_RANGE


def _run(name):
    """The scenario's network, its gradient and its 100-step descent, straight from the maths."""
    v = bp.SCENARIOS[name].values
    net = bp.ChainNetwork(v["w0"], v["w1"], v["w2"], v["s0"], v["target"])
    return net, net.gradient(), bp.gradient_descent(net, alpha=v["alpha"], steps=v["steps"])


def test_the_six_scenarios_each_with_an_explanation():
    assert list(bp.SCENARIOS)[:6] == ["first-guess", "slow", "oscillating", "diverging", "vanishing",
                                      "saturated"]
    for s in bp.SCENARIOS.values():
        assert s.explanation.endswith(".") and "\n" not in s.explanation and len(s.explanation) < 200


def test_first_guess_is_the_lecture():
    net, _, traj = _run("first-guess")
    assert (net.w0, net.w1, net.w2, net.s0, net.target) == (2.0, 1.0, 0.5, 2.0, 0.7)
    assert net.cost() == pytest.approx(0.05653, abs=5e-6)
    assert bp.SCENARIOS["first-guess"].values["alpha"] == 0.5
    assert traj.costs[-1] < 1e-12


def test_slow_is_still_above_1e_3_after_100_steps():
    _, _, traj = _run("slow")
    assert traj.steps == 100 and not traj.diverged
    assert traj.costs[-1] > 1e-3
    assert np.all(np.diff(traj.costs) < 0)   # slow, yet always downhill


def test_oscillating_w2_overshoots_back_and_forth_then_converges():
    _, _, traj = _run("oscillating")
    w2 = traj.weights[:, 2]
    final = w2[-1]
    side = np.sign(w2[1:9] - final)      # which side of its resting value w2 is on, step by step
    assert np.all(side[1:] == -side[:-1])   # it crosses over on every one of the first 8 steps
    assert abs(w2[1] - final) > 0.2         # a real overshoot, not rounding
    assert not traj.diverged and traj.costs[-1] < 1e-12


def test_diverging_blows_up_within_100_steps():
    _, _, traj = _run("diverging")
    assert traj.diverged and traj.diverged_at <= 100


def test_vanishing_dw0_is_below_one_percent_of_dw2():
    _, grad, _ = _run("vanishing")
    assert abs(grad["w0"]) < 0.01 * abs(grad["w2"])
    assert abs(grad["w2"]) > 0.1                # w2 itself learns at a normal pace


def test_saturated_every_gradient_below_1e_3_while_the_cost_is_above_0_01():
    net, grad, _ = _run("saturated")
    f = net.forward()
    assert f.s1 > 0.99 and f.s2 < 0.01          # both sigmoids on their flat tails
    assert all(abs(g) < 1e-3 for g in grad.values()), grad
    assert net.cost() > 0.01
    numeric = bp.numerical_gradient(net)       # the same tiny slopes by finite differences
    for w in grad:
        assert grad[w] == pytest.approx(numeric[w], rel=1e-4, abs=1e-10)


@pytest.mark.parametrize("name", list(bp.SCENARIOS))
def test_every_scenario_fits_the_sliders(name):
    """A scenario outside a slider's range would be clipped by the slider, and would change."""
    v = bp.SCENARIOS[name].values
    low, high = WEIGHT_RANGE
    assert all(low <= v[w] <= high for w in ("w0", "w1", "w2"))
    assert -4 <= v["s0"] <= 4 and -2 <= v["target"] <= 2 and 1e-3 <= v["alpha"] <= 99


@pytest.mark.parametrize("name", list(bp.SCENARIOS))
def test_from_scenario_sets_every_value(name):
    state = bp.NetworkState.from_scenario(name)
    for key, value in bp.SCENARIOS[name].values.items():
        assert getattr(state, key) == value


def test_unknown_scenario_lists_the_valid_names():
    with pytest.raises(ValueError) as info:
        bp.NetworkState.from_scenario("exploding")
    message = str(info.value)
    assert "'exploding'" in message
    assert all(name in message for name in bp.SCENARIOS)


@pytest.mark.parametrize("name", list(bp.SCENARIOS))
def test_to_dict_round_trips_through_json(name):
    state = bp.NetworkState.from_scenario(name)
    state.w1 += 0.123456789   # a value no slider would give: it must survive exactly
    d = json.loads(json.dumps(state.to_dict()))
    again = bp.NetworkState(**d)
    assert again.to_dict() == state.to_dict()
    assert again.network().cost() == state.network().cost()
    assert all(type(v) in (int, float, str, type(None)) for v in d.values())
