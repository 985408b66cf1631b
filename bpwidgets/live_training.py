"""Training a small layered network one step at a time, with each step's numbers (numpy only).

The Playground trains with `nn`'s layers, losses and optimizers, the code the lessons
teach; this module adds what a live view needs:

    run = Run(make_data("xor"), Architecture(width=4, depth=1, activation="tanh"),
              learning_rate=0.1, optimizer="adam")
    numbers = run.step()      # numbers.train_loss, .test_loss, .grad_norms (one per layer)
    walk = sample_pass(run.network, x, y, run.loss)   # z, a, delta, dW, db of every layer

and divergence: a step whose loss or weights stop being finite (or blow up) is undone,
and run.diverged says "diverged at step k: the learning rate is too large". Saturation is
said too: run.saturated while the output sigmoid answers 0 or 1 on nearly every sample (its
slope 0 there), the gradient has vanished and the loss is worse than answering 0.5.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import nn
from .small_data import CLASSIFY, Data

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU, "none": nn.Identity}
LOSSES = {"half-squared": nn.HalfSquaredError, "cross-entropy": nn.BinaryCrossEntropy}
OPTIMIZERS = {"sgd": nn.SGD, "momentum": nn.Momentum, "adam": nn.Adam}
MAX_WIDTH, MAX_DEPTH = 8, 3
WEIGHT_LIMIT = 1e6   # a weight beyond this has left every sensible range here: the run diverged
LOSS_LIMIT = 1e8
SLOPE_FLOOR = 1e-8   # an output sigmoid with a(1 - a) below this passes (almost) no gradient back
VANISHED = 1e-6      # a step whose ||dW|| are all below this moved nothing a learner can see
MID_RUN = ("optimizer", "learning_rate", "batch_size", "l2")   # what Run.change sets between two steps


@dataclass(frozen=True)
class Architecture:
    """n_in -> width (depth times) -> n_out; `activation` in the hidden layers.

    The output is a sigmoid for classification (a probability) and has no activation
    for regression; the lecture's 2 -> 3 -> 2 has none anywhere.
    """
    n_in: int = 2
    width: int = 4
    depth: int = 1
    n_out: int = 1
    activation: str = "tanh"
    output: str = "sigmoid"

    def __post_init__(self):
        if self.activation not in ACTIVATIONS or self.output not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, "
                             f"got {self.activation!r} / {self.output!r}")
        for name, value, low, high in (("width", self.width, 1, MAX_WIDTH), ("depth", self.depth, 0, MAX_DEPTH),
                                       ("n_in", self.n_in, 1, 8), ("n_out", self.n_out, 1, 8)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
                raise ValueError(f"{name} must be a whole number between {low} and {high}, got {value!r}")

    @property
    def sizes(self):
        """Neurons per layer, inputs first: e.g. (2, 4, 4, 1)."""
        return (self.n_in, *[self.width] * self.depth, self.n_out)


def build_network(arch, seed=0):
    """An nn.Network [Dense, g, Dense, g, ..., Dense, output g] with seeded N(0, 1/n_in) weights."""
    layers = []
    sizes = arch.sizes
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        last = i == len(sizes) - 2
        layers.append(nn.Dense.random(n_in, n_out, seed=seed * 100 + i))
        layers.append(ACTIVATIONS[arch.output if last else arch.activation]())
    return nn.Network(layers)


def lecture_network():
    """The matrix-rules lecture's 2 -> 3 -> 2 with no activation and the consistent biases."""
    model, _, _ = nn.seed002_example()
    hidden, output = model.dense_layers
    return nn.Network([hidden, nn.Identity(), output, nn.Identity()])


LECTURE_ARCHITECTURE = Architecture(n_in=2, width=3, depth=1, n_out=2, activation="none", output="none")


def pairs(network):
    """[(Dense, activation), ...]: the network's layers as the lecture draws them."""
    layers = network.layers
    return list(zip(layers[0::2], layers[1::2]))


def slope(activation, z):
    """g'(z) of an nn activation class, elementwise (from nn's own backward)."""
    g = activation()
    g.forward(z)
    return g.backward(np.ones_like(z))


@dataclass(frozen=True)
class LayerNumbers:
    """One layer l of one sample's pass: z = W a_prev + b, a = g(z), delta = dC/dz,
    dW = delta a_prev^T, db = delta. Columns (n, 1)."""
    W: np.ndarray
    b: np.ndarray
    a_prev: np.ndarray
    z: np.ndarray
    a: np.ndarray
    slope: np.ndarray   # g'(z)
    delta: np.ndarray   # dC/dz
    dW: np.ndarray
    db: np.ndarray


@dataclass(frozen=True)
class SamplePass:
    """The forward and backward pass of one sample, layer by layer (first hidden layer first)."""
    x: np.ndarray
    y: np.ndarray
    loss: float
    dC_da: np.ndarray          # dC/da of the output layer: where the backward pass starts
    layers: tuple


def sample_pass(network, x, y, loss):
    """Forward and backward for one sample with the three rules, written out as in lessons 06-07:

    delta_L = dC/da_L * g'(z_L);  delta_l = W_{l+1}^T delta_{l+1} * g'(z_l);
    dW_l = delta_l a_{l-1}^T;     db_l = delta_l.
    """
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    forward = []
    a = x
    for dense, g in pairs(network):
        z = dense.weights @ a + dense.biases
        a_next = type(g)().forward(z)
        forward.append((dense, type(g), a, z, a_next))
        a = a_next
    value = loss.value(a, y)
    dC_da = loss.gradient(a, y)
    layers = []
    upstream = dC_da                      # dC/da of the layer being walked
    for dense, g, a_prev, z, a_out in reversed(forward):
        s = slope(g, z)
        delta = upstream * s
        layers.append(LayerNumbers(dense.weights.copy(), dense.biases.copy(), a_prev, z, a_out, s, delta,
                                   delta @ a_prev.T, delta.copy()))
        upstream = dense.weights.T @ delta
    return SamplePass(x, y, value, dC_da, tuple(reversed(layers)))


class History:
    """Rows of `width` floats appended one at a time, kept in one array that doubles when full.

    `values` is a read-only view of the rows so far: a view taken at step k keeps showing
    steps 0..k (rows are never changed once written).
    """

    def __init__(self, width, capacity=256):
        self._rows = np.empty((capacity, width))
        self._n = 0

    def __len__(self):
        return self._n

    def append(self, row):
        if self._n == len(self._rows):
            self._rows = np.concatenate([self._rows, np.empty_like(self._rows)])
        self._rows[self._n] = row
        self._n += 1

    @property
    def values(self):
        view = self._rows[:self._n]
        view.flags.writeable = False
        return view


@dataclass(frozen=True)
class StepNumbers:
    """What one training step did."""
    step: int                 # 1 for the first step
    train_loss: float         # on all training samples, after the step (with the L2 penalty)
    test_loss: float          # on the test samples (nan when there are none)
    grad_norms: tuple         # ||dW|| of each layer in this step, first layer first
    batch: np.ndarray         # the columns of the training set this step used


@dataclass
class Run:
    """A network learning `data`: call step() for one update."""
    data: Data
    arch: Architecture
    learning_rate: float = 0.1
    optimizer: str = "sgd"
    loss_name: str = "half-squared"
    batch_size: int = 0            # 0: all the training samples
    l2: float = 0.0
    seed: int = 0
    network: nn.Network = None     # None: built from arch and seed
    diverged: str = ""

    def __post_init__(self):
        if self.loss_name not in LOSSES:
            raise ValueError(f"loss must be one of {', '.join(LOSSES)}, got {self.loss_name!r}")
        if self.loss_name == "cross-entropy" and self.data.kind != CLASSIFY:
            raise ValueError("cross-entropy needs labels 0 or 1 and a sigmoid output: "
                             "pick a classification data set (xor, circles, moons, spiral)")
        if self.network is None:
            self.network = build_network(self.arch, self.seed)
        self.loss = LOSSES[self.loss_name]()
        self.set_optimizer(self.optimizer, self.learning_rate)
        self._rng = np.random.default_rng(self.seed)
        self._order = np.empty(0, dtype=int)
        # the history in arrays that grow in chunks: 10,000 steps of 2-8-8-1 take 400 KB, not 2 MB of tuples
        self._losses = History(2)
        self._norms = History(len(self.network.dense_layers))
        self._losses.append(self.losses())
        self.saturated_at = 0      # the step the outputs saturated at, while they stay so (0: they are not)

    @property
    def train_losses(self):
        """Training loss after k steps at index k (0 = the start), a read-only array."""
        return self._losses.values[:, 0]

    @property
    def test_losses(self):
        """Test loss after k steps at index k (nan when there is no test set)."""
        return self._losses.values[:, 1]

    @property
    def grad_norms(self):
        """(steps, layers) array: ||dW|| of each layer in step k + 1 at row k."""
        return self._norms.values

    def __repr__(self):
        return (f"Run({self.data.name}, sizes={self.arch.sizes}, {self.optimizer} {self.learning_rate:g}, "
                f"steps={self.steps})")

    def set_optimizer(self, name, learning_rate):
        """A fresh optimizer (velocities start at zero); the weights are kept."""
        if name not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}, got {name!r}")
        self.optimizer, self.learning_rate = name, float(learning_rate)
        self._optimizer = OPTIMIZERS[name](learning_rate=self.learning_rate)

    def change(self, name, value):
        """A value changed mid-run ('optimizer', 'learning_rate', 'batch_size' or 'l2'): the weights
        are kept; a new optimizer or rate starts with fresh velocities (set_optimizer)."""
        if name == "optimizer":
            self.set_optimizer(value, self.learning_rate)
        elif name == "learning_rate":
            self.set_optimizer(self.optimizer, value)
        elif name in ("batch_size", "l2"):
            setattr(self, name, value)
        else:
            raise ValueError(f"name must be one of {', '.join(MID_RUN)}, got {name!r}")

    @property
    def steps(self):
        return len(self._losses) - 1

    @property
    def saturated(self):
        """'' or 'the outputs saturated at step k: ...' while they stay saturated."""
        if not self.saturated_at:
            return ""
        return (f"the outputs saturated at step {self.saturated_at}: the output sigmoid answers 0 or 1 on "
                "nearly every sample, where its slope is 0, so the gradient vanished and the loss is stuck; "
                "the learning rate is too large: lower it and press Reset")

    def _outputs_saturated(self, norms):
        """Whether the gradient vanished because the output sigmoid is pinned at 0 or 1 on over 90% of
        the training samples, with a loss worse than answering 0.5 for each."""
        if self.arch.output != "sigmoid" or max(norms) >= VANISHED:
            return False
        a, Y = self.predict(self.data.X_train), self.data.Y_train
        return (np.mean(a * (1 - a) < SLOPE_FLOOR) > 0.9
                and self.loss.value(a, Y) > self.loss.value(np.full_like(Y, 0.5), Y))

    @property
    def n_train(self):
        return self.data.X_train.shape[1]

    def predict(self, X):
        """The network's output for the columns of X."""
        return self.network.forward(X)

    def _loss(self, X, Y):
        if X.shape[1] == 0:
            return math.nan
        return self.loss.value(self.network.forward(X), Y)

    def losses(self):
        """(train loss with the L2 penalty, test loss) of the weights as they are now."""
        penalty = self.network.l2_penalty(self.l2, self.n_train) if self.l2 else 0.0
        return (self._loss(self.data.X_train, self.data.Y_train) + penalty,
                self._loss(self.data.X_test, self.data.Y_test))

    def _next_batch(self):
        size = self.batch_size or self.n_train
        if size >= self.n_train:
            return np.arange(self.n_train)
        if self._order.size < size:   # a new epoch: a fresh shuffle, from the run's seed
            self._order = np.concatenate([self._order, self._rng.permutation(self.n_train)])
        batch, self._order = self._order[:size], self._order[size:]
        return batch

    def step(self):
        """One update on the next mini-batch; returns its StepNumbers, or None once diverged.

        A step that makes the weights or the loss non-finite or huge is undone, and
        `diverged` says at which step and why.
        """
        if self.diverged:
            return None
        before = [p.copy() for p in self.network.parameters()]
        batch = self._next_batch()
        X, Y = self.data.X_train[:, batch], self.data.Y_train[:, batch]
        k = self.steps + 1
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                self.network.backward(self.loss.gradient(self.network.forward(X), Y))
                if self.l2:
                    self.network.add_l2_gradient(self.l2, self.n_train)
                norms = tuple(float(np.linalg.norm(d.dweights)) for d in self.network.dense_layers)
                self._optimizer.update(self.network)
                ok = all(np.all(np.isfinite(p)) and np.max(np.abs(p)) < WEIGHT_LIMIT
                         for p in self.network.parameters())
                train, test = self.losses() if ok else (math.inf, math.inf)
        except (ValueError, FloatingPointError):   # nn refuses inf/NaN values on the way
            ok, train, test = False, math.inf, math.inf
        if not (ok and math.isfinite(train) and train < LOSS_LIMIT):
            for p, old in zip(self.network.parameters(), before):
                p[...] = old
            self.diverged = f"diverged at step {k}: the learning rate is too large"
            return None
        self._losses.append((train, test))
        self._norms.append(norms)
        with np.errstate(over="ignore", under="ignore"):
            saturated = self._outputs_saturated(norms)
        self.saturated_at = (self.saturated_at or k) if saturated else 0
        return StepNumbers(k, train, test, norms, batch)

    def train(self, steps):
        """Up to `steps` steps (fewer if it diverges); returns the last StepNumbers or None."""
        last = None
        for _ in range(steps):
            numbers = self.step()
            if numbers is None:
                break
            last = numbers
        return last

    def accuracy(self, X=None, Y=None):
        """Share of samples on the right side of 0.5 (classification)."""
        X = self.data.X_train if X is None else X
        Y = self.data.Y_train if Y is None else Y
        return float(np.mean((self.predict(X) > 0.5) == (Y > 0.5)))

    def weights(self):
        """[(W, b), ...] copies, first layer first: what the page needs to draw the output."""
        return [(d.weights.copy(), d.biases.copy()) for d in self.network.dense_layers]


__all__ = ["ACTIVATIONS", "LOSSES", "OPTIMIZERS", "MAX_WIDTH", "MAX_DEPTH", "Architecture",
           "build_network", "lecture_network", "LECTURE_ARCHITECTURE", "sample_pass", "SamplePass",
           "LayerNumbers", "StepNumbers", "Run", "History", "pairs", "slope", "MID_RUN"]
