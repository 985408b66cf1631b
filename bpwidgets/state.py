"""What the learner controls, in one place: the single source of truth for every view.

A learner's action (a slider move, an axis pick, Reset, a click on the map,
`set_weights(...)`) is one change of the state: whatever values it touches, the
state repairs what must hold together (two different axes, a marble on the
current path, a walk-through step that exists) and then bumps `revision` once.
Views observe `revision` alone and read `state.derived`, the forward pass,
gradient, backward pass, trajectory and chain-rule steps computed once per
revision, so no view depends on the order in which observers run.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from traitlets import Bool, Enum, Float, Int, TraitError, observe, validate

from .chain import LECTURE_FIRST_GUESS, WEIGHTS, ChainNetwork, Trajectory, gradient_descent
from .chain_rule import BACKPROP, walkthrough
from .one_change import OneChangeState

# the values a ChainNetwork is made of: w0, w1, w2, s0, target
NETWORK_TRAITS = tuple(LECTURE_FIRST_GUESS)
TRAJECTORY_TRAITS = (*NETWORK_TRAITS, "alpha", "steps")   # what gradient descent depends on
LECTURE_STATE = dict(LECTURE_FIRST_GUESS, alpha=0.5, steps=100, x_weight="w1", y_weight="w2")
VALUE_LIMIT = 1e6    # |w|, |s0|, |target| beyond this mean nothing here and overflow the cost
ALPHA_LIMIT = 1e6
WEIGHT_RANGE = (-6.0, 6.0)   # what the sliders and a click on the map offer for each weight
                             # (down to -6: the "saturated" scenario needs w1 = -6)
MAX_STEPS = 10_000   # about 50 ms of descent; more would hang the kernel for nothing
# what the state takes for each number a learner can type (inclusive)
BOUNDS = {**{name: (-VALUE_LIMIT, VALUE_LIMIT) for name in NETWORK_TRAITS},
          "alpha": (0.0, ALPHA_LIMIT), "steps": (0, MAX_STEPS)}
# everything a learner's action can touch: a change of any of these is one revision
INPUT_TRAITS = (*TRAJECTORY_TRAITS, "x_weight", "y_weight", "marble", "chain_weight", "chain_step")


@dataclass(frozen=True)
class Derived:
    """What the views show, computed from one set of state values (once per revision)."""
    network: ChainNetwork
    alpha: float
    steps: int
    chain_weight: str

    @property
    def inputs(self):
        """What these values are computed from: equal inputs, equal values."""
        n = self.network
        return (n.w0, n.w1, n.w2, n.s0, n.target, self.alpha, self.steps, self.chain_weight)

    @cached_property
    def forward(self):
        """The forward pass: x1, s1, x2, s2, out."""
        return self.network.forward()

    @cached_property
    def cost(self):
        """C = 1/2 (target - out)^2."""
        return self.network.cost()

    @cached_property
    def gradient(self):
        """{'w0': dC/dw0, 'w1': ..., 'w2': ...}."""
        return self.backward.gradient()

    @cached_property
    def backward(self):
        """The backward pass (chain.Backward)."""
        return self.network.backward()

    @cached_property
    def trajectory(self) -> Trajectory:
        """Gradient descent from the current weights with the state's alpha and steps."""
        return gradient_descent(self.network, alpha=self.alpha, steps=self.steps)

    @cached_property
    def chain_steps(self):
        """The chain-rule walk-through for chain_weight: forward steps, then backward ones."""
        return walkthrough(self.network, self.chain_weight)


class NetworkState(OneChangeState):
    """The weights, input, target and learning rate of the chain network.

    Views observe `revision` and read `derived`; sliders are linked to the
    values, so every view given the same state shows the same network.
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
    marble = Int(None, allow_none=True,
                 help="the descent step a training view is showing: the landscape puts a marble there")
    chain_weight = Enum((*WEIGHTS, BACKPROP), default_value="w0",
                        help="the weight whose gradient the chain-rule walk-through builds, "
                             "or 'all': backpropagation, reusing each gradient for all three")
    chain_step = Int(0, help="the walk-through's current step, 0 = the first forward quantity x1")
    dragging = Bool(False, help="a slider is being dragged: views the learner is not aiming with may "
                                "follow slowly, and follow exactly once it is False again (not a value "
                                "of the network: no revision)")
    def __init__(self, **values):
        self._last_derived = None   # the derived values of the last revision, reused while they hold
        unknown = sorted(set(values) - set(INPUT_TRAITS))
        if unknown:
            raise TypeError(f"unknown state value {unknown[0]!r}; pass any of {', '.join(INPUT_TRAITS)}")
        super().__init__()
        self.set_weights(**values)

    # --- validation: what a learner can reach, and a message for the rest ------------

    @validate(*NETWORK_TRAITS)
    def _bounded(self, proposal):
        value, name = proposal["value"], proposal["trait"].name
        if not math.isfinite(value):
            raise TraitError(f"{name} must be a finite number, got {value}")
        if abs(value) > VALUE_LIMIT:
            raise TraitError(f"{name} must be between -{VALUE_LIMIT:g} and {VALUE_LIMIT:g}, got {value:g}")
        return value

    @validate("alpha")
    def _valid_alpha(self, proposal):
        value = proposal["value"]
        if not (math.isfinite(value) and 0 <= value <= ALPHA_LIMIT):
            raise TraitError(f"alpha must be a finite number between 0 and {ALPHA_LIMIT:g}, got {value}")
        return value

    @validate("steps")
    def _valid_steps(self, proposal):
        if not 0 <= proposal["value"] <= MAX_STEPS:
            raise TraitError(f"steps must be between 0 and {MAX_STEPS}, got {proposal['value']}")
        return proposal["value"]

    @validate("marble")
    def _valid_marble(self, proposal):
        k = proposal["value"]
        if k is not None and not 0 <= k <= self.steps:
            raise TraitError(f"marble must be None or a step between 0 and {self.steps}, got {k}")
        return k

    @validate("chain_step")
    def _valid_chain_step(self, proposal):
        k = proposal["value"]
        if k < 0:
            raise TraitError(f"chain_step must be >= 0, got {k}")
        return k

    # --- one action, one revision --------------------------------------------------

    _on_input = observe(*INPUT_TRAITS)(OneChangeState._record_input)

    def _repair(self):
        changed = self._changed
        if self.x_weight == self.y_weight:
            # the learner picked for one axis the weight on the other: swap them
            picked = "y_weight" if "y_weight" in changed and (
                "x_weight" not in changed or list(changed).index("y_weight") > list(changed).index("x_weight")
            ) else "x_weight"
            other = "y_weight" if picked == "x_weight" else "x_weight"
            previous = changed[picked]
            if previous == getattr(self, picked):   # both were set to one value: take any other
                previous = next(w for w in WEIGHTS if w != getattr(self, picked))
            setattr(self, other, previous)
        if any(name in changed for name in TRAJECTORY_TRAITS) and "marble" not in changed:
            self.marble = None   # a new path: no marble on it until a training view plays it
        if self.marble is not None:
            self.marble = min(self.marble, self.derived_now().trajectory.steps)
        last = len(self.derived_now().chain_steps) - 1
        if self.chain_step > last:
            self.chain_step = last

    def derived_now(self):
        """Derived values of the values as they are this moment (used while repairing)."""
        return Derived(self.network(), self.alpha, self.steps, self.chain_weight)

    @property
    def derived(self) -> Derived:
        """Forward pass, cost, gradient, backward pass, trajectory and chain-rule steps of this revision.

        A change that leaves their inputs alone (the marble moving, an axis picked) keeps the same
        objects: a training view plays on while its trajectory is the same one.
        """
        if self._derived is None:
            now = self.derived_now()
            kept = self._last_derived
            same = kept is not None and kept.inputs == now.inputs
            self._derived = self._last_derived = kept if same else now
        return self._derived

    # --- what views and lessons ask -------------------------------------------------

    @property
    def held_weight(self):
        """The weight that the landscape holds fixed."""
        return next(w for w in WEIGHTS if w not in (self.x_weight, self.y_weight))

    def network(self):
        """The ChainNetwork these values describe."""
        return ChainNetwork(self.w0, self.w1, self.w2, self.s0, self.target)

    def trajectory(self):
        """Gradient descent from the current weights with the current alpha and steps (once per change)."""
        return self.derived.trajectory

    def set_weights(self, **values):
        """Set several values as one change: every view redraws once, after all of them are set."""
        with self.one_change():
            for name, value in values.items():
                if name not in INPUT_TRAITS:
                    raise ValueError(f"unknown state value {name!r}; pass any of {', '.join(INPUT_TRAITS)}")
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
        return {name: getattr(self, name) for name in sorted(INPUT_TRAITS)}


def shown(value):
    """A state value as a readout shows it: exactly, without float noise (3, 0.7, 1e-05)."""
    return str(value) if isinstance(value, int) else f"{value:.12g}"


def read_typed(name, text, current, bounds=None):
    """What a value typed for `name` means: (the value to set, a message saying what was done).

    Inside the state's bounds a typed value is taken exactly (message ""). Beyond them it is set
    to the nearest bound; text that is not a number (or, for steps, not a whole number) keeps
    `current`. Either way the message says so, e.g. "steps is at most 10000: set to 10000".
    `bounds` (low, high) for a value that is not the state's (a view's own, e.g. the probe's h).
    """
    low, high = BOUNDS[name] if bounds is None else bounds
    try:
        value = float(text.strip().replace("\u2212", "-"))   # a minus sign copied from a readout too
    except (AttributeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        return current, f"{name} must be a number: kept {shown(current)}"
    if name == "steps":
        if value != int(value):
            return current, f"steps must be a whole number: kept {shown(current)}"
        value = int(value)
    if value > high:
        return high, f"{name} is at most {shown(high)}: set to {shown(high)}"
    if value < low:
        return low, f"{name} is at least {shown(low)}: set to {shown(low)}"
    return value, ""


__all__ = ["NetworkState", "read_typed", "shown", "BOUNDS", "Derived", "LECTURE_STATE", "NETWORK_TRAITS", "TRAJECTORY_TRAITS",
           "INPUT_TRAITS", "WEIGHT_RANGE", "VALUE_LIMIT", "ALPHA_LIMIT", "MAX_STEPS"]
