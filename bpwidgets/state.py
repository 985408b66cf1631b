"""What the learner controls, in one place: the single source of truth for every view."""
from __future__ import annotations

import math

from traitlets import Enum, Float, HasTraits, Int, TraitError, validate

from .chain import LECTURE_FIRST_GUESS, WEIGHTS, ChainNetwork, gradient_descent

# the values a ChainNetwork is made of: w0, w1, w2, s0, target (what most views observe)
NETWORK_TRAITS = tuple(LECTURE_FIRST_GUESS)
TRAJECTORY_TRAITS = (*NETWORK_TRAITS, "alpha", "steps")   # what gradient descent depends on
LECTURE_STATE = dict(LECTURE_FIRST_GUESS, alpha=0.5, steps=100, x_weight="w1", y_weight="w2")


class NetworkState(HasTraits):
    """The weights, input, target and learning rate of the chain network.

    Views observe it and sliders are linked to it, so every view given the same
    state shows the same network.
    """

    w0 = Float(2.0, help="weight from the input s0 to x1")
    w1 = Float(1.0, help="weight from s1 to x2")
    w2 = Float(0.5, help="weight from s2 to out")
    s0 = Float(2.0, help="the input")
    target = Float(0.7, help="what out should be")
    alpha = Float(0.5, help="learning rate: the size of each gradient-descent step")
    steps = Int(100, help="how many gradient-descent steps to draw")
    x_weight = Enum(WEIGHTS, default_value="w1", help="weight on the landscape's horizontal axis")
    y_weight = Enum(WEIGHTS, default_value="w2", help="weight on the landscape's vertical axis")

    @validate(*NETWORK_TRAITS)
    def _finite(self, proposal):
        value = proposal["value"]
        if not math.isfinite(value):
            raise TraitError(f"{proposal['trait'].name} must be a finite number, got {value}")
        return value

    @validate("alpha")
    def _valid_alpha(self, proposal):
        value = proposal["value"]
        if not (math.isfinite(value) and value >= 0):
            raise TraitError(f"alpha must be a finite number >= 0, got {value}")
        return value

    @validate("steps")
    def _valid_steps(self, proposal):
        if proposal["value"] < 0:
            raise TraitError(f"steps must be >= 0, got {proposal['value']}")
        return proposal["value"]

    @validate("x_weight", "y_weight")
    def _two_different_axes(self, proposal):
        name = proposal["trait"].name
        other = "y_weight" if name == "x_weight" else "x_weight"
        value = proposal["value"]
        if value == getattr(self, other):
            # swap rather than refuse, so a dropdown never gets stuck;
            # write the other axis directly: going through its validator would loop
            old = getattr(self, name)
            with self.hold_trait_notifications():
                self._trait_values[other] = old
                self._notify_trait(other, value, old)
        return value

    @property
    def held_weight(self):
        """The weight that the landscape holds fixed."""
        return next(w for w in WEIGHTS if w not in (self.x_weight, self.y_weight))

    def network(self):
        """The ChainNetwork these values describe."""
        return ChainNetwork(self.w0, self.w1, self.w2, self.s0, self.target)

    def trajectory(self):
        """Gradient descent from the current weights with the current alpha and steps.

        Several views ask for it on the same change: it is computed once per set of values.
        """
        key = tuple(getattr(self, name) for name in TRAJECTORY_TRAITS)
        if getattr(self, "_trajectory_key", None) != key:
            self._trajectory = gradient_descent(self.network(), alpha=self.alpha, steps=self.steps)
            self._trajectory_key = key
        return self._trajectory

    def set_weights(self, **weights):
        """Set several values at once; observers run once for the whole change."""
        with self.hold_trait_notifications():
            for name, value in weights.items():
                if not self.has_trait(name):
                    raise ValueError(f"unknown state value {name!r}; pass one of {sorted(LECTURE_STATE)}")
                setattr(self, name, value)

    def reset(self):
        """Back to the lecture's first guess: w0=2, w1=1, w2=0.5, s0=2, target=0.7."""
        self.set_weights(**LECTURE_STATE)

    @classmethod
    def from_scenario(cls, name):
        """A state set to one of bp.SCENARIOS, e.g. NetworkState.from_scenario("diverging")."""
        from .scenarios import scenario   # scenarios are built on this module's LECTURE_STATE
        return cls(**scenario(name).values)

    def to_dict(self):
        """Every value as plain Python (JSON-able): NetworkState(**state.to_dict()) recreates it."""
        return {name: getattr(self, name) for name in sorted(self.trait_names()) if name != "revision"}


__all__ = ["NetworkState", "LECTURE_STATE", "NETWORK_TRAITS", "TRAJECTORY_TRAITS"]
