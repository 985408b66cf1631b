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
