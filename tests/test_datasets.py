"""The hidden-network data of lesson 05: seeded, exact, and checked arguments."""
import math

import numpy as np
import pytest

from bpwidgets.chain import sigmoid
from bpwidgets.datasets import HIDDEN_RANGES, hidden_network_samples, mean_cost


class TestHiddenNetworkSamples:
    def test_seed_0_hidden_weights(self):
        """seed=0 hides w0 = 1.46, w1 = 1.54, w2 = 0.56 (the numbers lesson 05 reveals)."""
        _, _, hidden = hidden_network_samples(n=200, seed=0)
        assert hidden == {"w0": 1.46, "w1": 1.54, "w2": 0.56}

    def test_targets_are_the_hidden_network_outputs(self):
        """Each target is w2 S(w1 S(w0 s0)) of its input, computed here by hand."""
        inputs, targets, h = hidden_network_samples(n=5, seed=3)
        for s0, t in zip(inputs, targets):
            s1 = 1 / (1 + math.exp(-h["w0"] * s0))
            s2 = 1 / (1 + math.exp(-h["w1"] * s1))
            assert t == pytest.approx(h["w2"] * s2, rel=1e-12)

    def test_same_seed_same_data(self):
        """Two calls with the same seed give identical arrays; another seed differs."""
        a = hidden_network_samples(n=50, seed=7)
        b = hidden_network_samples(n=50, seed=7)
        c = hidden_network_samples(n=50, seed=8)
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
        assert not np.allclose(a[0], c[0])

    def test_inputs_in_range_and_shapes(self):
        """n inputs, uniform in [low, high]; targets the same shape."""
        inputs, targets, _ = hidden_network_samples(n=300, seed=1, low=-1.0, high=2.0)
        assert inputs.shape == targets.shape == (300,)
        assert inputs.min() >= -1.0 and inputs.max() <= 2.0
        assert inputs.min() < -0.9 and inputs.max() > 1.9   # they really spread out

    def test_drawn_weights_in_their_ranges(self):
        """Drawn hidden weights lie in HIDDEN_RANGES and have two decimals."""
        for seed in range(20):
            _, _, hidden = hidden_network_samples(n=1, seed=seed)
            for name, (lo, hi) in HIDDEN_RANGES.items():
                assert lo <= hidden[name] <= hi
                assert hidden[name] == round(hidden[name], 2)

    def test_given_weights_keep_the_same_inputs(self):
        """Passing weights (tuple or dict) changes the targets but not the inputs."""
        x0, _, _ = hidden_network_samples(n=10, seed=0)
        x1, t1, h1 = hidden_network_samples(n=10, seed=0, weights=(-1.0, 2.0, 0.5))
        x2, t2, h2 = hidden_network_samples(n=10, seed=0, weights={"w0": -1.0, "w1": 2.0, "w2": 0.5})
        np.testing.assert_array_equal(x0, x1)
        np.testing.assert_array_equal(t1, t2)
        assert h1 == h2 == {"w0": -1.0, "w1": 2.0, "w2": 0.5}
        assert t1[0] == pytest.approx(0.5 * sigmoid(2.0 * sigmoid(-1.0 * x1[0])))

    def test_noise_has_the_requested_size(self):
        """noise=0.1 adds deviations with standard deviation close to 0.1."""
        _, exact, _ = hidden_network_samples(n=4000, seed=2)
        _, noisy, _ = hidden_network_samples(n=4000, seed=2, noise=0.1)
        assert np.std(noisy - exact) == pytest.approx(0.1, rel=0.05)

    @pytest.mark.parametrize("kwargs, error", [
        (dict(n=0), ValueError), (dict(n=2.5), ValueError), (dict(seed=-1), ValueError),
        (dict(low=1.0, high=1.0), ValueError), (dict(noise=-0.1), ValueError),
        (dict(low=float("nan")), ValueError), (dict(weights=(1.0, 2.0)), ValueError),
        (dict(weights={"w0": 1.0}), ValueError), (dict(weights=3.0), TypeError),
        (dict(weights=("a", 1.0, 1.0)), TypeError),
    ])
    def test_bad_arguments(self, kwargs, error):
        """Bad arguments raise an error that says what to pass."""
        with pytest.raises(error):
            hidden_network_samples(**kwargs)


class TestMeanCost:
    def test_zero_at_the_hidden_weights(self):
        """The hidden weights fit their own data exactly: mean cost 0."""
        inputs, targets, h = hidden_network_samples(n=100, seed=0)
        assert mean_cost(h["w0"], h["w1"], h["w2"], inputs, targets) == pytest.approx(0.0, abs=1e-30)

    def test_value_by_hand(self):
        """Two pairs: the mean of 1/2 (target - out)^2, computed by hand."""
        out = [0.5 * sigmoid(1.0 * sigmoid(2.0 * s0)) for s0 in (1.0, -1.0)]
        expected = (0.5 * (0.3 - out[0]) ** 2 + 0.5 * (0.1 - out[1]) ** 2) / 2
        assert mean_cost(2.0, 1.0, 0.5, [1.0, -1.0], [0.3, 0.1]) == pytest.approx(expected, rel=1e-12)

    def test_shape_mismatch(self):
        """Inputs and targets of different lengths are refused."""
        with pytest.raises(ValueError, match="same shape"):
            mean_cost(1.0, 1.0, 1.0, [1.0, 2.0], [1.0])
