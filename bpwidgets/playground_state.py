"""What the Playground's learner controls, in one place: the single source of truth of its views.

The same contract as NetworkState: a learner's action (a control, Step, Play's tick, Reset,
a click on a neuron) is one change of the state; the state repairs what must hold together
(the run trained to `steps`, a chosen sample that exists, the lecture's fixed network) and
then bumps `revision` once. Views observe `revision` alone and read `state.derived`, computed
once per revision, so no view depends on the order in which observers run.

`steps` is a value like the others: Step sets steps + 1, Play adds one per tick, and
PlaygroundState(**d) with d = state.to_dict() trains from the seed to the same step and weights:
a value changed while training (rate, optimizer, batch size, L2) is kept in `earlier` as
(step, name, value before), and a rebuilt run changes it again at that step.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from traitlets import Enum, Float, Int, List, TraitError, Unicode, observe, validate

from .live_training import (
    ACTIVATIONS, LECTURE_ARCHITECTURE, LOSSES, MAX_DEPTH, MAX_WIDTH, MID_RUN, OPTIMIZERS, Architecture, Run,
    lecture_network, sample_pass,
)
from .one_change import OneChangeState
from .small_data import CLASSIFY, DATASETS, KIND, MAX_NOISE, make_data

RATE_LIMIT = 1e3     # beyond this every network here diverges at once: refuse with a message
L2_LIMIT = 10.0
MAX_STEPS = 10_000   # about 3 s of training when a shared link asks for it
N_SAMPLES = 200      # 140 for training, 60 for the test
MAX_BATCH = N_SAMPLES
# a change of any of these starts the run again from the seed's weights
RESTART_TRAITS = ("dataset", "noise", "seed", "width", "depth", "activation", "loss")
# a change of these (MID_RUN) keeps the weights: the next steps use the new value
INPUT_TRAITS = (*RESTART_TRAITS, *MID_RUN, "sample", "chosen", "steps", "earlier")
# value -> (its label, lowest, highest): what a learner may type, said once for the state and its boxes
NUMBER_RANGES = {"noise": ("noise", 0, MAX_NOISE), "learning_rate": ("learning rate", 0, RATE_LIMIT),
                 "l2": ("L2 lambda", 0, L2_LIMIT)}
LECTURE_NETWORK = dict(width=3, depth=1, activation="none", loss="half-squared")
PLAYGROUND_DEFAULTS = dict(dataset="xor", noise=0.0, seed=0, width=4, depth=1, activation="tanh",
                           loss="cross-entropy", optimizer="sgd", learning_rate=1.0, batch_size=0, l2=0.0,
                           sample=0, chosen="", steps=0, earlier=[])


@dataclass(frozen=True)
class PlaygroundDerived:
    """What the views show at one revision, computed once."""
    run: Run
    sample: int
    chosen: str

    @cached_property
    def weights(self):
        """[(W, b), ...] first layer first."""
        return self.run.weights()

    @cached_property
    def sample_pass(self):
        """Forward and backward of the chosen training sample (live_training.SamplePass)."""
        data = self.run.data
        return sample_pass(self.run.network, data.X_train[:, [self.sample]], data.Y_train[:, [self.sample]],
                           self.run.loss)

    # views of the run's history as it is at this revision (no copies: 10,000 steps stay cheap)
    @cached_property
    def train_losses(self):
        return self.run.train_losses

    @cached_property
    def test_losses(self):
        return self.run.test_losses

    @cached_property
    def grad_norms(self):
        """(steps, layers) array of ||dW|| per step and layer (0 rows before the first step)."""
        return self.run.grad_norms


class PlaygroundState(OneChangeState):
    """The data, network, training settings and progress of the Playground."""

    dataset = Enum(DATASETS, default_value="xor", help="the data the network learns")
    noise = Float(0.0, help="standard deviation of the Gaussian noise added to the data")
    seed = Int(0, help="the seed of the data, the first weights and the batch order: same seed, same run")
    width = Int(4, help="neurons in each hidden layer (1-8)")
    depth = Int(1, help="number of hidden layers (0-3)")
    activation = Enum(tuple(ACTIVATIONS), default_value="tanh", help="the hidden layers' activation")
    loss = Enum(tuple(LOSSES), default_value="cross-entropy", help="half squared error or binary cross-entropy")
    optimizer = Enum(tuple(OPTIMIZERS), default_value="sgd", help="how each step uses the gradient")
    learning_rate = Float(1.0, help="the size of each step")
    batch_size = Int(0, help="samples per step; 0 = all the training samples")
    l2 = Float(0.0, help="L2 lambda: cost + lambda/2n * sum of weights squared")
    sample = Int(0, help="the training sample whose forward and backward pass the diagram shows")
    chosen = Unicode("", help="the neuron or edge whose formula is shown: 'n{layer}.{i}', "
                              "'w{layer}.{i}.{j}' (layer 1 = first hidden) or '' for none")
    steps = Int(0, help="training steps taken from the seed's weights")
    earlier = List(help="values changed while training, as (step, name, value): `name` was `value` in the "
                        "steps up to `step`, and what the state holds after; [] when nothing changed mid-run")
    note = Unicode("", help="what the state had to repair or refuse, in words ('' when nothing)")

    def __init__(self, **values):
        self._run = None
        unknown = sorted(set(values) - set(INPUT_TRAITS))
        if unknown:
            raise TypeError(f"unknown Playground value {unknown[0]!r}; pass any of {', '.join(INPUT_TRAITS)}")
        super().__init__()
        with self.one_change():
            self._changed["restart"] = True
            for name, value in values.items():
                setattr(self, name, value)

    # --- validation: what a learner can reach, and a message for the rest ------------

    @validate(*NUMBER_RANGES)
    def _valid_number(self, proposal):
        return _number_in_range(proposal["trait"].name, proposal["value"])

    @validate("width", "depth", "batch_size", "seed", "steps")
    def _valid_whole(self, proposal):
        return _whole_in_range(proposal["trait"].name, proposal["value"])

    @validate("earlier")
    def _valid_earlier(self, proposal):
        entries = [_earlier_entry(entry) for entry in proposal["value"]]
        if [k for k, _, _ in entries] != sorted(k for k, _, _ in entries):
            raise TraitError(f"earlier must list its changes in the order of their steps, got {entries!r}")
        return entries

    @validate("sample")
    def _valid_sample(self, proposal):
        if proposal["value"] < 0:
            raise TraitError(f"sample must be >= 0 (a training sample's index), got {proposal['value']}")
        return proposal["value"]

    @validate("chosen")
    def _valid_chosen(self, proposal):
        value = proposal["value"]
        if value and _parse_chosen(value) is None:
            raise TraitError(f"chosen must be '' or like 'n1.0' (a neuron) or 'w2.0.1' (an edge), got {value!r}")
        return value

    # --- one action, one revision --------------------------------------------------

    _on_input = observe(*INPUT_TRAITS)(OneChangeState._record_input)

    def _repair(self):
        """Bring the run to the values, and say in `note` what had to be repaired ('' when nothing)."""
        changed = self._changed
        notes = []
        if self.dataset == "lecture" and any(getattr(self, k) != v for k, v in LECTURE_NETWORK.items()):
            if "dataset" not in changed:
                notes.append("the lecture's sample is learnt by its 2-3-2 network with no activation; "
                             "pick another data set to change the network")
            for name, value in LECTURE_NETWORK.items():
                setattr(self, name, value)
        if self.loss == "cross-entropy" and KIND[self.dataset] != CLASSIFY:
            notes.append(f"cross-entropy needs labels 0 or 1: {self.dataset} is learnt with half squared error")
            self.loss = "half-squared"
        if self.noise and not self.noise_applies and ("noise" in changed or "dataset" in changed):
            notes.append("noise does not apply to the lecture's single sample: pick another data set to add it")
        # noise on the lecture's sample leaves the data as it is: the run goes on
        restart = "restart" in changed or any(name in changed for name in RESTART_TRAITS
                                              if name != "noise" or self.noise_applies)
        if restart and "steps" not in changed:
            self.steps = 0
        if restart and "earlier" not in changed:
            self.earlier = []
        mid_run = [name for name in MID_RUN if name in changed and changed[name] != getattr(self, name)]
        if restart or "earlier" in changed or self.steps < self._run.steps or (mid_run and not self._run.steps):
            self.earlier = _cut(self.earlier, self.steps, self.to_dict())
            self._run = self._replay()
        else:
            for name in mid_run:
                self._run.change(name, getattr(self, name))
            self.earlier = self._recorded(mid_run, changed)
            self._run.train(self.steps - self._run.steps)
        if self._run.diverged:
            self.steps = self._run.steps      # training stopped where it diverged
            self.earlier = _cut(self.earlier, self.steps, self.to_dict())
            notes.append(f"{self._run.diverged} (step {self._run.steps + 1} sent the loss or a weight "
                         "beyond any sensible size, so it was undone); press Reset to start again")
        if self._run.saturated:
            notes.append(self._run.saturated)
        n_train = self._run.n_train
        if self.sample >= n_train:
            self.sample = n_train - 1
        if self.chosen and not _chosen_exists(self.chosen, self.arch().sizes):
            self.chosen = ""
        self.note = "; ".join(notes)

    @property
    def noise_applies(self):
        """Whether the noise value changes the data (not on the lecture's single sample)."""
        return self.dataset != "lecture"

    def arch(self):
        """The network's Architecture for these values."""
        if self.dataset == "lecture":
            return LECTURE_ARCHITECTURE
        regress = KIND[self.dataset] != CLASSIFY
        return Architecture(n_in=1 if self.dataset == "curve" else 2, width=self.width, depth=self.depth,
                            activation=self.activation, output="none" if regress else "sigmoid")

    def _replay(self):
        """A run from the seed's weights to `steps`, changing each value of `earlier` at its step."""
        first = {}
        for _, name, value in self.earlier:
            first.setdefault(name, value)
        start = {name: first.get(name, getattr(self, name)) for name in MID_RUN}
        data = make_data(self.dataset, n=N_SAMPLES, noise=self.noise, seed=self.seed)
        run = Run(data, self.arch(), loss_name=self.loss, seed=self.seed,
                  network=lecture_network() if self.dataset == "lecture" else None, **start)
        for i, (step, name, _) in enumerate(self.earlier):
            run.train(step - run.steps)
            after = next((v for _, n, v in self.earlier[i + 1:] if n == name), getattr(self, name))
            run.change(name, after)
        run.train(self.steps - run.steps)
        return run

    def _recorded(self, names, changed):
        """`earlier` with the values `names` had before this change, at the run's step.

        A second change at the same step keeps the first value; one that puts it back drops it,
        unless it restarted momentum or Adam's velocities (then the rebuilt run must restart them too).
        """
        entries, step = list(self.earlier), self._run.steps
        for name in names:
            same = [i for i, (k, n, _) in enumerate(entries) if k == step and n == name]
            if not same:
                entries.append((step, name, changed[name]))
            elif entries[same[0]][2] == getattr(self, name) and (name in ("batch_size", "l2")
                                                                 or self.optimizer == "sgd"):
                del entries[same[0]]
        return entries

    @property
    def derived(self) -> PlaygroundDerived:
        """Weights, the chosen sample's pass, the loss curves and gradient norms of this revision."""
        if self._derived is None:
            self._derived = PlaygroundDerived(self._run, self.sample, self.chosen)
        return self._derived

    @property
    def run(self):
        """The live training run (live_training.Run); change it only through the state."""
        return self._run

    # --- read-only accessors: the numbers a learner compares their own code with -----------
    # (copies: changing what they return changes nothing in the Playground)

    def weights(self):
        """The current weights as [(W, b), ...], first layer first: W (n_out, n_in), b (n_out, 1)."""
        return [(W.copy(), b.copy()) for W, b in self.derived.weights]

    def training_data(self):
        """(X, Y): the training samples as columns, X (n_in, n_train) and Y (n_out, n_train)."""
        data = self._run.data
        return data.X_train.copy(), data.Y_train.copy()

    def sample_gradients(self, sample=None):
        """[(dW, db), ...] of one training sample's loss at the current weights, first layer first.

        `sample` is a column of the training data (default: the state's `sample`). The loss is the
        Playground's (half squared error or binary cross-entropy) of that sample alone, without the
        L2 penalty, so these are the numbers a backward pass written for one sample must give.
        """
        if sample is None:
            walk = self.derived.sample_pass
        else:
            n = self._run.n_train
            if isinstance(sample, bool) or not isinstance(sample, (int, np.integer)) or not 0 <= sample < n:
                raise ValueError(f"sample must be a whole number from 0 to {n - 1} (a training sample), "
                                 f"got {sample!r}")
            data = self._run.data
            walk = sample_pass(self._run.network, data.X_train[:, [sample]], data.Y_train[:, [sample]],
                               self._run.loss)
        return [(layer.dW.copy(), layer.db.copy()) for layer in walk.layers]

    @property
    def diverged(self):
        """'' or 'diverged at step k: the learning rate is too large'."""
        return self._run.diverged

    @property
    def saturated(self):
        """'' or 'the outputs saturated at step k: ...' while the output sigmoid stays pinned at 0 or 1
        and the gradient has vanished (training goes on, but nothing moves: Play may stop on it)."""
        return self._run.saturated

    # --- actions ----------------------------------------------------------------------

    def set(self, **values):
        """Set several values as one change: every view redraws once."""
        with self.one_change():
            for name, value in values.items():
                if name not in INPUT_TRAITS:
                    raise ValueError(f"unknown Playground value {name!r}; pass any of {', '.join(INPUT_TRAITS)}")
                setattr(self, name, value)

    def step(self, k=1):
        """k training steps (one revision); nothing once the run has diverged."""
        if not self.diverged:
            self.steps = min(self.steps + k, MAX_STEPS)

    def reset(self):
        """The seed's first weights again, step 0 (also after a divergence)."""
        with self.one_change():
            self._changed["restart"] = True
            self.steps = 0

    @classmethod
    def from_scenario(cls, name):
        """A state set to one of PLAYGROUND_SCENARIOS, e.g. PlaygroundState.from_scenario('dead-relus')."""
        return cls(**playground_scenario(name).values)

    def to_dict(self):
        """Every value as plain Python: PlaygroundState(**state.to_dict()) trains to the same step."""
        return {name: list(self.earlier) if name == "earlier" else getattr(self, name) for name in INPUT_TRAITS}

    def share_line(self):
        """One line a learner can paste into a cell to get this Playground back, at the same weights
        (with earlier=[...] only when a value was changed while training)."""
        values = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items() if v != PLAYGROUND_DEFAULTS[k])
        return f"bp.Playground({values})"


def typed_number(name, text):
    """The number a learner typed in the box of `name` ('learning_rate', 'l2'), as a float.

    Read with float() alone (never evaluated); a box left empty or holding words raises TraitError
    with the message the state gives a number out of range, so the learner reads one kind of sentence.
    """
    label, low, high = NUMBER_RANGES[name]
    cleaned = str(text).strip().replace("\u2212", "-")   # a typed minus sign (−) reads as "-"
    try:
        return float(cleaned)
    except ValueError:
        got = "an empty box" if not cleaned else repr(cleaned)
        raise TraitError(f"{label} must be a number between {low:g} and {high:g}, got {got}") from None


def _number_in_range(name, value):
    """A value of NUMBER_RANGES' `name` checked, or a TraitError saying the range."""
    label, low, high = NUMBER_RANGES[name]
    if not (math.isfinite(value) and low <= value <= high):
        raise TraitError(f"{label} must be a number between {low:g} and {high:g}, got {value:g}")
    return value


def _whole_in_range(name, value):
    """A whole-number value checked, or a TraitError saying the range and what it counts."""
    low, high = {"width": (1, MAX_WIDTH), "depth": (0, MAX_DEPTH), "batch_size": (0, MAX_BATCH),
                 "seed": (0, 2**31 - 1), "steps": (0, MAX_STEPS)}[name]
    if not low <= value <= high:
        what = {"width": "neurons per hidden layer", "depth": "hidden layers",
                "batch_size": "samples per step (0 = all)"}.get(name, name)
        raise TraitError(f"{name} must be between {low} and {high} ({what}), got {value}")
    return value


def _earlier_entry(entry):
    """(step, name, value) of `earlier` checked like the value itself (a JSON list of three works too)."""
    try:
        step, name, value = entry
    except (TypeError, ValueError):
        raise TraitError(f"earlier holds (step, name, value) like (100, 'batch_size', 0), got {entry!r}") from None
    if name not in MID_RUN:
        raise TraitError(f"earlier: the name must be one of {', '.join(MID_RUN)}, got {name!r}")
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 1 <= step <= MAX_STEPS:
        raise TraitError(f"earlier: the step must be a whole number from 1 to {MAX_STEPS}, got {step!r}")
    if name == "optimizer":
        if value not in OPTIMIZERS:
            raise TraitError(f"earlier: optimizer must be one of {', '.join(OPTIMIZERS)}, got {value!r}")
    elif isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TraitError(f"earlier: {name} must be a number, got {value!r}")
    elif name == "batch_size":
        if value != int(value):
            raise TraitError(f"earlier: batch_size must be a whole number, got {value!r}")
        value = _whole_in_range(name, int(value))
    else:
        value = _number_in_range(name, float(value))
    return int(step), name, value


def _cut(entries, steps, values):
    """`earlier` for a run taken to `steps`: a change after that step counts as made at it, since the
    state's `values` hold from there on (at step 0 there is nothing to keep)."""
    if steps == 0:
        return []
    kept = [entry for entry in entries if entry[0] <= steps]
    later = {}
    for step, name, value in entries:
        if step > steps:
            later.setdefault(name, value)      # the value in force after `steps`
    at_steps = {name for step, name, _ in kept if step == steps}
    return kept + [(steps, name, value) for name, value in later.items()
                   if name not in at_steps and value != values[name]]


def _parse_chosen(text):
    """'n2.1' -> ('n', 2, 1); 'w1.0.1' -> ('w', 1, 0, 1); anything else -> None."""
    try:
        kind, rest = text[0], [int(p) for p in text[1:].split(".")]
    except (ValueError, IndexError):
        return None
    if (kind, len(rest)) in (("n", 2), ("w", 3)) and min(rest) >= 0:
        return (kind, *rest)
    return None


def _chosen_exists(text, sizes):
    """Whether neuron/edge `text` is in a network of these layer sizes (layer 1 = first after the inputs)."""
    parsed = _parse_chosen(text)
    kind, layer, i, *j = parsed
    if not 1 <= layer < len(sizes) or i >= sizes[layer]:
        return False
    return kind == "n" or j[0] < sizes[layer - 1]


# --- scenarios: a named state and what it shows ------------------------------------------

@dataclass(frozen=True)
class PlaygroundScenario:
    name: str
    explanation: str
    changes: dict

    @property
    def values(self):
        return {**PLAYGROUND_DEFAULTS, **self.changes}


PLAYGROUND_SCENARIOS = {s.name: s for s in (
    PlaygroundScenario("xor-needs-a-hidden-layer",
                       "xor needs a hidden layer: with depth 0 one straight line cannot split the four "
                       "squares (the loss stalls); set depth 1 or more and it learns",
                       dict(dataset="xor", depth=0, optimizer="adam", learning_rate=0.05)),
    PlaygroundScenario("too-large-a-rate",
                       "too large a rate: every step overshoots the minimum, the loss grows and the run "
                       "diverges; lower the rate and press Reset",
                       dict(dataset="lecture", optimizer="sgd", learning_rate=0.01)),
    PlaygroundScenario("dead-relus",
                       "dead ReLUs: a big step pushes many ReLU neurons below 0 for every sample; their "
                       "slope is 0 there, so no gradient ever brings them back",
                       dict(dataset="circles", activation="relu", width=8, depth=1, learning_rate=10.0)),
    PlaygroundScenario("vanishing-with-deep-sigmoid",
                       "vanishing with deep sigmoid: each layer multiplies the delta by S'(z) <= 1/4, so "
                       "the first layer's gradient is far smaller than the last one's",
                       dict(dataset="spiral", activation="sigmoid", width=8, depth=3, loss="half-squared")),
    PlaygroundScenario("adam-vs-sgd",
                       "Adam vs SGD: at this small rate SGD crawls; switch the optimizer to Adam and the "
                       "same rate learns the moons in a few hundred steps",
                       dict(dataset="moons", width=6, depth=1, optimizer="sgd", learning_rate=0.02)),
)}


def playground_scenario(name):
    """The PlaygroundScenario called `name`, or a ValueError listing the names."""
    if name not in PLAYGROUND_SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; pick one of {', '.join(PLAYGROUND_SCENARIOS)}")
    return PLAYGROUND_SCENARIOS[name]


__all__ = ["PlaygroundState", "PlaygroundDerived", "PLAYGROUND_SCENARIOS", "PLAYGROUND_DEFAULTS",
           "playground_scenario", "typed_number", "NUMBER_RANGES", "INPUT_TRAITS", "RESTART_TRAITS",
           "RATE_LIMIT", "MAX_STEPS"]
