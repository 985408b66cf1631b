"""Data for training the chain network: (input, target) pairs from a hidden network.

A "hidden" chain network with weights the learner does not see turns random
inputs s0 into targets out = w2 S(w1 S(w0 s0)). The learner's job is to find
those weights again from the pairs alone (lesson 05). Everything is seeded, so
a lesson shows the same numbers on every machine.
"""
from __future__ import annotations

import math

import numpy as np

from .chain import WEIGHTS, _number, forward_pass, half_squared_error

# Where the hidden weights are drawn from when none are given: positive and
# moderate, so the sigmoids are neither flat nor saturated over the inputs.
HIDDEN_RANGES = {"w0": (0.5, 2.0), "w1": (1.0, 3.0), "w2": (0.5, 2.0)}


def hidden_network_samples(n=200, seed=0, weights=None, low=-3.0, high=3.0, noise=0.0):
    """n (input, target) pairs produced by a hidden chain network.

    Returns (inputs, targets, hidden): two float arrays of length n and a dict
    {'w0': ..., 'w1': ..., 'w2': ...} of the hidden weights (keep it for the reveal).
    weights: the hidden weights as a dict or (w0, w1, w2); by default drawn from
        the seed in HIDDEN_RANGES and rounded to two decimals.
    low, high: the inputs are uniform in [low, high].
    noise: standard deviation of Gaussian noise added to the targets (0: exact).
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number >= 1, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    low, high, noise = _number("low", low), _number("high", high), _number("noise", noise)
    if not low < high:
        raise ValueError(f"low must be smaller than high, got low={low}, high={high}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0 (a standard deviation), got {noise}")

    rng = np.random.default_rng(seed)
    # draw the weights first, always, so the same seed gives the same inputs either way
    drawn = {name: round(float(rng.uniform(*HIDDEN_RANGES[name])), 2) for name in WEIGHTS}
    hidden = drawn if weights is None else _weights(weights)
    inputs = rng.uniform(low, high, size=n)
    targets = forward_pass(hidden["w0"], hidden["w1"], hidden["w2"], inputs).out
    if noise > 0:
        targets = targets + rng.normal(0.0, noise, size=n)
    return inputs, np.asarray(targets, dtype=float), hidden


def _weights(weights):
    """{'w0', 'w1', 'w2'} from a dict or a sequence of three numbers."""
    if isinstance(weights, dict):
        if set(weights) != set(WEIGHTS):
            raise ValueError(f"weights must have exactly the keys w0, w1, w2, got {sorted(weights)}")
        values = [weights[name] for name in WEIGHTS]
    else:
        try:
            values = list(weights)
        except TypeError:
            raise TypeError("weights must be a dict {'w0':..., 'w1':..., 'w2':...} "
                            f"or three numbers (w0, w1, w2), got {weights!r}") from None
        if len(values) != 3:
            raise ValueError(f"weights must be three numbers (w0, w1, w2), got {len(values)}")
    return {name: _number(name, value) for name, value in zip(WEIGHTS, values)}


def mean_cost(w0, w1, w2, inputs, targets):
    """The cost averaged over all pairs: mean of 1/2 (target - out)^2."""
    inputs = np.asarray(inputs, dtype=float)
    targets = np.asarray(targets, dtype=float)
    if inputs.shape != targets.shape:
        raise ValueError(f"inputs and targets must have the same shape, got {inputs.shape} and {targets.shape}")
    out = forward_pass(w0, w1, w2, inputs).out
    value = float(np.mean(half_squared_error(out, targets)))
    return value if math.isfinite(value) else math.inf


__all__ = ["hidden_network_samples", "mean_cost", "HIDDEN_RANGES"]
