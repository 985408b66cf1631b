"""Named situations a lecturer can jump to: the values of the state, and what they show.

    bp.SCENARIOS["diverging"].values    # {'w0': 2.0, ..., 'alpha': 50.0}
    bp.NetworkState.from_scenario("diverging")
    bp.Explorer(scenario="diverging")

Each scenario sets every value of the state (weights, input, target, alpha, steps,
the landscape's axes), so picking one after another never mixes two of them.
Every promise in an explanation is checked by the tests against the maths.
"""
from __future__ import annotations

from dataclasses import dataclass

from .state import LECTURE_STATE


@dataclass(frozen=True)
class Scenario:
    """A named set of state values with a one-line explanation."""
    name: str
    explanation: str
    changes: dict   # what differs from the lecture's first guess

    @property
    def values(self):
        """Every state value of this scenario (the lecture's, with the changes)."""
        return {**LECTURE_STATE, **self.changes}

    def holds_in(self, state):
        """True while every value of `state` is this scenario's (the marble and the walk-through aside)."""
        return all(getattr(state, name) == value for name, value in self.values.items())


SCENARIOS = {s.name: s for s in [
    Scenario("first-guess", "The lecture's first guess: w0 = 2, w1 = 1, w2 = 0.5, s0 = 2, target = 0.7, "
             "alpha = 0.5; 100 steps bring the cost from 0.05653 to almost zero.", {}),
    Scenario("slow", "alpha = 0.02 is too small: after 100 steps the cost is still above 1e-3.",
             {"alpha": 0.02}),
    Scenario("oscillating", "alpha = 3 is large: w2 overshoots, back and forth around its best value, "
             "then settles.", {"alpha": 3.0, "x_weight": "w2", "y_weight": "w1"}),
    Scenario("diverging", "alpha = 50 is far too large: the steps grow and gradient descent "
             "diverges within 100 steps.", {"alpha": 50.0}),
    Scenario("vanishing", "w0 = 3 pushes x1 = 6 onto the sigmoid's flat tail: dC/dw0 is below 1% of "
             "dC/dw2, so w0 hardly learns.", {"w0": 3.0, "x_weight": "w0", "y_weight": "w2"}),
    Scenario("saturated", "w0 = 4 and w1 = -6 saturate both sigmoids (s1 near 1, s2 near 0): every "
             "gradient is below 1e-3 although the cost is above 0.01.",
             {"w0": 4.0, "w1": -6.0, "target": 0.3}),
]}


def scenario_held(state):
    """The name of the scenario whose values `state` holds, or None.

    Every scenario sets every value, and no two set the same ones, so at most one holds.
    """
    return next((s.name for s in SCENARIOS.values() if s.holds_in(state)), None)


def scenario(name):
    """The Scenario called `name`; a ValueError listing the valid names for anything else."""
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; pick one of {', '.join(SCENARIOS)}")
    return SCENARIOS[name]


__all__ = ["SCENARIOS", "Scenario", "scenario", "scenario_held"]
