"""The shared state: validation, reset, and what it builds."""
import pytest
from traitlets import TraitError

import bpwidgets as bp


def test_defaults_are_the_lecture():
    """A new state is the lecture's first guess, landscape over (w1, w2)."""
    s = bp.NetworkState()
    assert (s.w0, s.w1, s.w2, s.s0, s.target) == (2.0, 1.0, 0.5, 2.0, 0.7)
    assert (s.x_weight, s.y_weight, s.held_weight) == ("w1", "w2", "w0")
    assert s.network().cost() == pytest.approx(0.056531, abs=1e-6)


def test_reset_restores_first_guess():
    """reset() after changes gives back the lecture's values."""
    s = bp.NetworkState()
    s.set_weights(w0=-1.0, w1=3.0, alpha=7.0, x_weight="w0")
    s.reset()
    assert (s.w0, s.w1, s.alpha, s.x_weight, s.y_weight) == (2.0, 1.0, 0.5, "w1", "w2")


def test_non_finite_values_are_refused():
    """NaN weight or negative alpha raise TraitError and leave the state unchanged."""
    s = bp.NetworkState()
    with pytest.raises(TraitError, match="w2 must be a finite number"):
        s.w2 = float("nan")
    with pytest.raises(TraitError, match="alpha must be a finite number between 0 and 1e"):
        s.alpha = -0.1
    assert s.w2 == 0.5 and s.alpha == 0.5


def test_same_axis_twice_swaps():
    """Choosing x = w2 while y = w2 swaps the axes instead of leaving a broken plane."""
    s = bp.NetworkState()
    s.x_weight = "w2"
    assert (s.x_weight, s.y_weight, s.held_weight) == ("w2", "w1", "w0")


def test_set_weights_notifies_once_per_trait():
    """set_weights changes several values with one batch of notifications."""
    s = bp.NetworkState()
    seen = []
    s.observe(lambda change: seen.append(change["name"]), names=["w0", "w1"])
    s.set_weights(w0=1.0, w1=2.0)
    assert sorted(seen) == ["w0", "w1"]
    with pytest.raises(ValueError, match="unknown state value 'w5'"):
        s.set_weights(w5=1.0)


def test_trajectory_uses_alpha_and_steps():
    """state.trajectory() is gradient_descent with the state's alpha and steps."""
    s = bp.NetworkState(alpha=0.2, steps=7)
    t = s.trajectory()
    ref = bp.gradient_descent(bp.ChainNetwork(), alpha=0.2, steps=7)
    assert t.weights.tolist() == ref.weights.tolist()


def test_trajectory_is_computed_once_per_change():
    """Two views asking on the same change get the same object; a new weight gives a new one."""
    s = bp.NetworkState()
    first = s.trajectory()
    assert s.trajectory() is first
    s.w1 = 1.2
    second = s.trajectory()
    assert second is not first and second.weights[0, 1] == 1.2


def test_one_action_is_one_revision():
    """set_weights, reset and an axis pick with its swap each bump revision exactly once."""
    s = bp.NetworkState()
    seen = []
    s.observe(lambda change: seen.append(change["new"]), names="revision")
    s.set_weights(w0=1.0, w1=2.0, s0=1.5, target=0.2, alpha=3.0, x_weight="w0")
    s.reset()
    s.x_weight = "w2"          # y is w2: the axes swap, still one change
    s.w1 = 1.25
    assert len(seen) == 4 and (s.x_weight, s.y_weight) == ("w2", "w1")
    assert s.last_change == {"w1"}


def test_derived_values_are_computed_once_per_revision():
    """Every view reading state.derived on one change gets the same objects."""
    s = bp.NetworkState()
    d = s.derived
    assert s.derived is d and d.trajectory is s.trajectory()
    assert d.backward.dx2 == pytest.approx(-0.0333288, rel=1e-5)
    s.w2 = 0.6
    assert s.derived is not d


def test_refused_values_leave_everything_as_it_was():
    """One refused value in set_weights puts back every value set with it, and tells nobody."""
    s = bp.NetworkState()
    revision = s.revision
    with pytest.raises(TraitError, match="steps must be between 0 and 10000"):
        s.set_weights(w1=3.0, steps=10**9)
    assert (s.w1, s.steps, s.revision) == (1.0, 100, revision)


def test_values_beyond_what_a_learner_can_reach_are_refused_with_a_message():
    """w2 = 1e200, target = -1e200, steps = 10**9 and alpha = 1e9 are refused, saying the bounds."""
    s = bp.NetworkState()
    with pytest.raises(TraitError, match=r"w2 must be between -1e\+06 and 1e\+06, got 1e\+200"):
        s.w2 = 1e200
    with pytest.raises(TraitError, match="target must be between"):
        s.target = -1e200
    with pytest.raises(TraitError, match="steps must be between 0 and 10000, got 1000000000"):
        s.steps = 10**9
    with pytest.raises(TraitError, match="alpha must be a finite number between 0 and 1e"):
        s.alpha = 1e9
    assert (s.w2, s.target, s.steps, s.alpha) == (0.5, 0.7, 100, 0.5)


def test_a_chain_network_whose_cost_would_overflow_is_refused():
    """ChainNetwork(w2=1e200) raises ValueError saying why; 1e150 still gives a finite cost."""
    with pytest.raises(ValueError, match="w2 must be between -1e\\+150 and 1e\\+150.*overflow"):
        bp.ChainNetwork(w2=1e200)
    assert bp.ChainNetwork(w2=1e150, target=-1e150).cost() == pytest.approx(0.5 * (1e150 * (1 + 0.7275)) ** 2,
                                                                          rel=1e-3)


def test_the_marble_leaves_with_a_new_path():
    """A marble on the path is dropped when the path changes, and kept when only the marble moves."""
    s = bp.NetworkState()
    s.marble = 30
    assert s.marble == 30
    s.w1 = 1.1
    assert s.marble is None
    with pytest.raises(TraitError, match="marble must be None or a step between 0 and 100"):
        s.marble = 101


def test_the_walkthrough_step_stays_on_a_shorter_chain():
    """At step 12 of w0's 13, choosing w2 (9 steps) puts the walk-through on its last step, in one change."""
    s = bp.NetworkState()
    s.chain_step = 12
    revision = s.revision
    s.chain_weight = "w2"
    assert (s.chain_step, s.revision) == (8, revision + 1)
