"""SGD, momentum and Adam racing on the chain network's cost (numpy only).

The landscape is a slice: C over two weights with the third held at its value.
So that every racer rolls on the surface drawn, the optimizers here leave that
third weight alone (`HoldWeight`); otherwise Adam, which scales every weight's
step to about the learning rate, would move it as much as the others and the
paths would leave the slice.
"""
from __future__ import annotations

import numpy as np

from . import nn
from .chain import WEIGHTS, gradient_descent

# name, optimizer class, default learning rate, the range of rates offered (log10)
RACERS = (
    ("SGD", nn.SGD, 0.5, (-2, 1)),
    ("Momentum", nn.Momentum, 0.05, (-3, 0)),
    ("Adam", nn.Adam, 0.1, (-3, 0)),
)


class HoldWeight:
    """Wrap an optimizer so one weight of the chain network keeps its value (its gradient is zeroed)."""

    def __init__(self, optimizer, held):
        if held not in WEIGHTS:
            raise ValueError(f"held must be one of 'w0', 'w1', 'w2', got {held!r}")
        self.optimizer = optimizer
        self.index = WEIGHTS.index(held)

    def step(self, params, grads):
        """The wrapped optimizer's step, with the held weight's gradient set to 0."""
        grads = [np.array(g, dtype=float) for g in grads]
        grads[0][self.index] = 0.0
        self.optimizer.step(params, grads)


def race_path(net, name, learning_rate, steps, held):
    """The Trajectory of one racer: gradient_descent with a fresh optimizer, `held` fixed."""
    racers = {r[0]: r[1] for r in RACERS}
    if name not in racers:
        raise ValueError(f"unknown racer {name!r}; pass one of {', '.join(racers)}")
    return gradient_descent(net, steps=steps, optimizer=HoldWeight(racers[name](learning_rate), held))


__all__ = ["RACERS", "HoldWeight", "race_path"]
