"""Layered networks, the way seeds 001, 002 and 004 of the lecture build them (numpy only).

Columns are samples: an input batch X has shape (n_inputs, batch), a Dense
layer's weights W have shape (n_outputs, n_inputs) and its biases b (n_outputs, 1),
so a layer computes W @ X + b.

Every layer keeps in `forward` what `backward` needs, and `backward` sits right
beside it. The three rules of seed 002 are all of backpropagation:

    d-values of the inputs = W.T @ d-values
    d-weights              = d-values @ inputs.T
    d-biases               = d-values summed over the batch (the columns)

    model = Network([Dense.random(2, 3), Sigmoid(), Dense.random(3, 1, seed=1)])
    loss = HalfSquaredError()
    pred = model.forward(X)
    model.backward(loss.gradient(pred, Y))   # fills every Dense's dweights, dbiases
    SGD(0.1).update(model)                   # one step downhill
"""
from __future__ import annotations

import math

import numpy as np

from .chain import sigmoid

__all__ = [
    "Dense", "Sigmoid", "ReLU", "Tanh", "Identity", "Network",
    "HalfSquaredError", "MeanSquaredError", "BinaryCrossEntropy", "SoftmaxCrossEntropy",
    "softmax", "one_hot", "l2_penalty",
    "SGD", "Momentum", "Adam",
    "minibatches", "train", "seed002_example", "matrix_rules_example", "delta_example",
]


# --- checking arguments ----------------------------------------------------------

def _matrix(name, a, rows=None, what="rows"):
    """A finite float64 matrix, or a TypeError/ValueError saying what to pass."""
    try:
        a = np.asarray(a, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(a).__name__}") from None
    if a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array with one column per sample, got shape {a.shape}; "
                         "for a single sample pass x.reshape(-1, 1)")
    if rows is not None and a.shape[0] != rows:
        raise ValueError(f"{name} must have {rows} {what}, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf; pass finite numbers")
    return a


def _number(name, value, low=-math.inf, high=math.inf, high_open=False):
    """A finite float in [low, high] (or [low, high)), or a clear error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    ok = math.isfinite(value) and low <= value and (value < high if high_open else value <= high)
    if not ok:
        bracket = ")" if high_open else "]"
        raise ValueError(f"{name} must be a finite number in [{low:g}, {high:g}{bracket}, got {value}")
    return value


def _whole(name, value, low):
    """A whole number >= low (an int, not a bool), or a ValueError saying so."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number >= {low}, got {value!r}")
    return value


def _dvalues(layer, dvalues):
    """Check that backward gets d-values shaped like forward's output."""
    if layer.output is None:
        raise ValueError(f"call {type(layer).__name__}.forward(X) before backward(dvalues)")
    dvalues = np.asarray(dvalues, dtype=float)
    if dvalues.shape != layer.output.shape:
        raise ValueError(f"dvalues must have the shape of the layer's output {layer.output.shape}, "
                         f"got {dvalues.shape}")
    return dvalues


# --- the dense layer: seed 002's three rules ---------------------------------------

class Dense:
    """A fully connected layer: outputs = weights @ inputs + biases.

    weights: (n_out, n_in); biases: (n_out, 1) (a 1-D array of length n_out is
    taken as a column; None means zeros).
    After backward: dweights (n_out, n_in), dbiases (n_out, 1), dinputs (n_in, batch).
    """

    def __init__(self, weights, biases=None):
        self.weights = _matrix("weights", weights).copy()
        n_out = self.weights.shape[0]
        if biases is None:
            biases = np.zeros((n_out, 1))
        biases = np.asarray(biases, dtype=float)
        if biases.ndim == 1:
            biases = biases.reshape(-1, 1)
        self.biases = _matrix("biases", biases, rows=n_out).copy()
        if self.biases.shape != (n_out, 1):
            raise ValueError(f"biases must have shape ({n_out}, 1), one per output, got {self.biases.shape}")
        self.inputs = self.output = None
        self.dweights = self.dbiases = self.dinputs = None

    @classmethod
    def random(cls, n_in, n_out, seed=0):
        """Weights drawn from N(0, 1/n_in) (so outputs start at a sensible size), zero biases."""
        _whole("n_in", n_in, 1)
        _whole("n_out", n_out, 1)
        rng = np.random.default_rng(seed)
        return cls(rng.normal(0.0, 1.0 / math.sqrt(n_in), size=(n_out, n_in)), np.zeros((n_out, 1)))

    @property
    def shape(self):
        """(n_out, n_in)."""
        return self.weights.shape

    def __repr__(self):
        n_out, n_in = self.shape
        return f"Dense({n_in} -> {n_out})"

    def forward(self, inputs):
        """inputs (n_in, batch) -> weights @ inputs + biases (n_out, batch); keeps inputs for backward."""
        self.inputs = _matrix("inputs", inputs, rows=self.shape[1], what="rows (one per input)")
        self.output = self.weights @ self.inputs + self.biases
        return self.output

    def backward(self, dvalues):
        """dvalues = dLoss/doutputs (n_out, batch) -> dLoss/dinputs; fills dweights and dbiases."""
        dvalues = _dvalues(self, dvalues)
        self.dweights = dvalues @ self.inputs.T              # d-weights = d-values x values
        self.dbiases = dvalues.sum(axis=1, keepdims=True)    # d-biases = d-values, summed over the batch
        self.dinputs = self.weights.T @ dvalues              # d-values = weights . d-values
        return self.dinputs


# --- activations: elementwise, so backward multiplies by g'(z) ------------------------

class _Activation:
    inputs = output = dinputs = None

    def __repr__(self):
        return f"{type(self).__name__}()"

    def forward(self, inputs):
        """g(inputs), elementwise; keeps inputs and output for backward."""
        self.inputs = _matrix("inputs", inputs)
        self.output = self._g(self.inputs)
        return self.output

    def backward(self, dvalues):
        """dLoss/dinputs = dvalues * g'(inputs) (the chain rule, one element at a time)."""
        self.dinputs = _dvalues(self, dvalues) * self._slope()
        return self.dinputs


class Sigmoid(_Activation):
    """g(z) = 1 / (1 + e^-z); g'(z) = g(1 - g), the derivative from its value alone."""

    def _g(self, z):
        return sigmoid(z)   # never overflows, even at |z| = 1e4

    def _slope(self):
        return self.output * (1.0 - self.output)


class ReLU(_Activation):
    """g(z) = max(0, z); g'(z) = 1 for z >= 0, else 0.

    At z = 0 the slope is taken as 1, as on the lecture's slides (any value in
    [0, 1] would be a valid choice there).
    """

    def _g(self, z):
        return np.maximum(z, 0.0)

    def _slope(self):
        return (self.inputs >= 0).astype(float)


class Tanh(_Activation):
    """g(z) = tanh(z); g'(z) = 1 - g^2."""

    def _g(self, z):
        return np.tanh(z)

    def _slope(self):
        return 1.0 - self.output ** 2


class Identity(_Activation):
    """g(z) = z; g'(z) = 1 (seed 002's network has no activation at all)."""

    def _g(self, z):
        return z.copy()

    def _slope(self):
        return 1.0


# --- the network ------------------------------------------------------------------

class Network:
    """Layers run forward in order, then backward in reverse order."""

    def __init__(self, layers):
        layers = list(layers)
        if not layers:
            raise ValueError("pass a list of layers, e.g. [Dense.random(2, 3), Sigmoid(), Dense.random(3, 1)]")
        for layer in layers:
            if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
                raise TypeError(f"every layer needs forward() and backward(), got {type(layer).__name__}; "
                                "pass Dense, Sigmoid, ReLU, Tanh or Identity layers")
        self.layers = layers

    def __repr__(self):
        return f"Network({self.layers!r})"

    @property
    def dense_layers(self):
        """The layers that have weights, in order."""
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    def forward(self, X):
        """X (n_in, batch) through every layer in order."""
        for layer in self.layers:
            X = layer.forward(X)
        return X

    __call__ = forward

    def backward(self, dvalues):
        """dLoss/doutputs back through every layer in reverse; returns dLoss/dX."""
        for layer in reversed(self.layers):
            dvalues = layer.backward(dvalues)
        return dvalues

    def parameters(self):
        """[W1, b1, W2, b2, ...]: the arrays an optimizer updates in place."""
        return [p for layer in self.dense_layers for p in (layer.weights, layer.biases)]

    def gradients(self):
        """[dW1, db1, dW2, db2, ...], matching parameters(); filled by backward()."""
        if any(layer.dweights is None for layer in self.dense_layers):
            raise ValueError("no gradients yet: call model.backward(loss.gradient(pred, Y)) first")
        return [g for layer in self.dense_layers for g in (layer.dweights, layer.dbiases)]

    # L2 regularisation (seed 001): cost + (lam / 2m) * sum of all weights squared.
    # Biases are not penalised. m is the number of samples the cost averages over.

    def l2_penalty(self, lam, m):
        """(lam / 2m) * the sum of every weight squared (biases excluded)."""
        lam, m = _number("lam", lam, low=0), _number("m", m, low=1)
        return lam / (2 * m) * sum(float(np.sum(layer.weights ** 2)) for layer in self.dense_layers)

    def add_l2_gradient(self, lam, m):
        """After backward(): add d(penalty)/dW = (lam / m) * W to every layer's dweights."""
        lam, m = _number("lam", lam, low=0), _number("m", m, low=1)
        self.gradients()  # raises a clear error if backward() has not run
        for layer in self.dense_layers:
            layer.dweights = layer.dweights + lam / m * layer.weights


def l2_penalty(model, lam, m):
    """(lam / 2m) * sum of all weights squared of `model`; add it to the loss value.

    Its gradient goes in with model.add_l2_gradient(lam, m) after model.backward(...).
    """
    return model.l2_penalty(lam, m)


# --- losses: value(pred, target) and its exact derivative gradient(pred, target) ---------

def _pair(pred, target):
    pred = _matrix("pred", pred)
    target = _matrix("target", target)
    if target.shape != pred.shape:
        raise ValueError(f"target must have the shape of pred {pred.shape} (outputs, batch), got {target.shape}")
    return pred, target


class HalfSquaredError:
    """C = 1/2 (a - y)^2 summed over the outputs, averaged over the samples.

    value = sum((a - y)^2) / (2 m), m = batch size; gradient = (a - y) / m.
    For one sample this is the lecture's 1/2 (target - out)^2, with dC/da = a - y.
    """

    def value(self, pred, target):
        pred, target = _pair(pred, target)
        return float(np.sum((pred - target) ** 2) / (2 * pred.shape[1]))

    def gradient(self, pred, target):
        pred, target = _pair(pred, target)
        return (pred - target) / pred.shape[1]


class MeanSquaredError:
    """L = mean over the n samples and t outputs of (y - a)^2 (seed 004).

    value = sum((a - y)^2) / (n t); gradient = 2 (a - y) / (n t).
    """

    def value(self, pred, target):
        pred, target = _pair(pred, target)
        return float(np.mean((pred - target) ** 2))

    def gradient(self, pred, target):
        pred, target = _pair(pred, target)
        return 2.0 * (pred - target) / pred.size


class BinaryCrossEntropy:
    """C = -[y ln a + (1 - y) ln(1 - a)], natural log, summed over outputs, averaged over samples.

    pred holds probabilities (e.g. a Sigmoid's output), target values in [0, 1].
    pred is clipped to [eps, 1 - eps] so ln never sees 0; the gradient
    (a - y) / (a (1 - a) m) is the exact derivative of the value inside that range.
    """

    def __init__(self, eps=1e-12):
        self.eps = _number("eps", eps, low=0, high=0.5, high_open=True)

    def _check(self, pred, target):
        pred, target = _pair(pred, target)
        if np.any((target < 0) | (target > 1)):
            raise ValueError("target must hold values in [0, 1] (labels or probabilities)")
        if np.any((pred < 0) | (pred > 1)):
            raise ValueError("pred must hold probabilities in [0, 1]; put a Sigmoid() last, "
                             "or use SoftmaxCrossEntropy for raw scores")
        return np.clip(pred, self.eps, 1 - self.eps), target

    def value(self, pred, target):
        a, y = self._check(pred, target)
        return float(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / a.shape[1])

    def gradient(self, pred, target):
        a, y = self._check(pred, target)
        return (a - y) / (a * (1 - a)) / a.shape[1]


def _log_softmax(logits):
    shifted = logits - logits.max(axis=0, keepdims=True)   # largest is 0: exp never overflows
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))


def softmax(logits):
    """Each column of scores turned into probabilities that sum to 1 (stable at any size)."""
    return np.exp(_log_softmax(_matrix("logits", logits)))


def one_hot(labels, k):
    """Class indices (batch,) -> a (k, batch) matrix with a single 1 per column."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be the number of classes, a whole number >= 1, got {k!r}")
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be a 1-D array of class indices, got shape {labels.shape}")
    if labels.size and not (np.all(np.isfinite(labels)) and np.all(labels == np.round(labels))
                            and labels.min() >= 0 and labels.max() < k):
        raise ValueError(f"labels must be whole numbers 0..{k - 1}, one per sample")
    Y = np.zeros((k, labels.size))
    Y[labels.astype(int), np.arange(labels.size)] = 1.0
    return Y


class SoftmaxCrossEntropy:
    """Softmax then categorical cross-entropy, fused: value takes the raw scores (logits).

    value = -sum(y * ln softmax(logits)) / m, summed over classes, averaged over samples;
    gradient = (softmax(logits) - y) / m: the joint derivative is simpler than each part.
    target: one-hot (k, batch) (or any columns of probabilities summing to 1),
    or class indices (batch,). Stable for logits of any size (e.g. +-1000).
    """

    def _check(self, logits, target):
        logits = _matrix("logits", logits)
        target = np.asarray(target)
        if target.ndim == 1:
            if target.size != logits.shape[1]:
                raise ValueError(f"pass one class index per sample ({logits.shape[1]}), got {target.size}")
            target = one_hot(target, logits.shape[0])
        _, target = _pair(logits, target)
        if np.any(target < 0) or not np.allclose(target.sum(axis=0), 1.0):
            raise ValueError("each column of target must be one-hot (or probabilities summing to 1); "
                             "or pass class indices of shape (batch,)")
        return logits, target

    def value(self, logits, target):
        logits, y = self._check(logits, target)
        return float(-np.sum(y * _log_softmax(logits)) / logits.shape[1])

    def gradient(self, logits, target):
        logits, y = self._check(logits, target)
        return (np.exp(_log_softmax(logits)) - y) / logits.shape[1]


# --- optimizers: step(params, grads) updates numpy arrays in place -----------------------

class _Optimizer:
    """State is kept per position in the params list, so pass the same list order every step."""

    def __init__(self, learning_rate):
        self.learning_rate = _number("learning_rate", learning_rate, low=0)
        self.reset()

    def reset(self):
        """Forget the velocities and step count (start a new run)."""
        self.t = 0
        self._state = {}

    def __repr__(self):
        return f"{type(self).__name__}(learning_rate={self.learning_rate:g})"

    def step(self, params, grads):
        """Move every array in params against its gradient, in place."""
        if len(params) != len(grads):
            raise ValueError(f"pass one gradient per parameter: got {len(params)} params, {len(grads)} grads")
        self.t += 1
        for i, (p, g) in enumerate(zip(params, grads)):
            if not (isinstance(p, np.ndarray) and p.dtype.kind == "f"):
                raise TypeError(f"params[{i}] must be a numpy float array (updated in place), "
                                f"got {type(p).__name__}")
            g = np.asarray(g, dtype=float)
            if g.shape != p.shape:
                raise ValueError(f"grads[{i}] must have the shape of params[{i}] {p.shape}, got {g.shape}")
            self._update(i, p, g)

    def update(self, network):
        """One step on every Dense layer's weights and biases, using their dweights and dbiases."""
        self.step(network.parameters(), network.gradients())

    def _slot(self, i, p, n):
        """n zero arrays shaped like p, remembered for position i."""
        if i not in self._state:
            self._state[i] = [np.zeros_like(p) for _ in range(n)]
        elif self._state[i][0].shape != p.shape:
            raise ValueError(f"params[{i}] changed shape; call reset() or make a new optimizer")
        return self._state[i]


class SGD(_Optimizer):
    """Plain gradient descent: w <- w - learning_rate * dC/dw."""

    def _update(self, i, p, g):
        p -= self.learning_rate * g


class Momentum(_Optimizer):
    """Gradient descent with momentum (a heavy ball rolling downhill).

    v <- beta * v - learning_rate * g;  w <- w + v   (v starts at 0)
    """

    def __init__(self, learning_rate, beta=0.9):
        self.beta = _number("beta", beta, low=0, high=1, high_open=True)
        super().__init__(learning_rate)

    def _update(self, i, p, g):
        (v,) = self._slot(i, p, 1)
        v *= self.beta
        v -= self.learning_rate * g
        p += v


class Adam(_Optimizer):
    """Adam: momentum on the gradient and on its square, with bias correction.

    m <- b1 m + (1 - b1) g;  s <- b2 s + (1 - b2) g^2;  t = step count (from 1)
    w <- w - learning_rate * (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps)
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1 = _number("beta1", beta1, low=0, high=1, high_open=True)
        self.beta2 = _number("beta2", beta2, low=0, high=1, high_open=True)
        self.eps = _number("eps", eps, low=0)
        super().__init__(learning_rate)

    def _update(self, i, p, g):
        m, s = self._slot(i, p, 2)
        m *= self.beta1
        m += (1 - self.beta1) * g
        s *= self.beta2
        s += (1 - self.beta2) * g ** 2
        m_hat = m / (1 - self.beta1 ** self.t)
        s_hat = s / (1 - self.beta2 ** self.t)
        p -= self.learning_rate * m_hat / (np.sqrt(s_hat) + self.eps)


# --- batches and training ------------------------------------------------------------

def minibatches(X, Y, batch_size=64, seed=0):
    """One epoch: yield (X_batch, Y_batch) column batches in a shuffled order.

    Every column appears exactly once; the last batch may be smaller. Y may be
    (k, n) or class indices (n,). seed: an int (same order every call) or a
    numpy Generator (a new order each epoch, reproducible from its seed).
    """
    X = _matrix("X", X)
    Y = np.asarray(Y)
    n = X.shape[1]
    if Y.ndim not in (1, 2) or Y.shape[-1] != n:
        raise ValueError(f"Y must have one column (or entry) per sample of X ({n}), got shape {Y.shape}")
    _whole("batch_size", batch_size, 1)
    order = np.random.default_rng(seed).permutation(n)
    for start in range(0, n, batch_size):
        cols = order[start:start + batch_size]
        yield X[:, cols], Y[..., cols]


def train(model, loss, X, Y, optimizer, epochs, batch_size=None, seed=0, l2=0.0):
    """Train `model` on (X, Y) and return the loss on all of X after each epoch.

    Each epoch runs through the data once in mini-batches of `batch_size`
    (None: the whole batch at once), doing forward, backward and one optimizer
    step per batch. l2 > 0 adds (l2 / 2n) * sum of weights squared to the loss,
    n = number of samples, and (l2 / n) * W to each dweights.
    """
    X = _matrix("X", X)
    n = X.shape[1]
    _whole("epochs", epochs, 0)
    l2 = _number("l2", l2, low=0)
    rng = np.random.default_rng(seed)   # one generator: a fresh shuffle every epoch
    losses = np.empty(epochs)
    # a too-large learning rate overflows; we report that below instead of warning on the way
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            for Xb, Yb in minibatches(X, Y, batch_size or n, seed=rng):
                model.backward(loss.gradient(model.forward(Xb), Yb))
                if l2:
                    model.add_l2_gradient(l2, n)
                optimizer.update(model)
                _check_finite(model, epoch)
            losses[epoch] = loss.value(model.forward(X), Y) + (model.l2_penalty(l2, n) if l2 else 0.0)
            _check_finite(model, epoch, losses[epoch])
    return losses


def _check_finite(model, epoch, value=0.0):
    if not (math.isfinite(value) and all(np.all(np.isfinite(p)) for p in model.parameters())):
        raise FloatingPointError(f"training diverged in epoch {epoch + 1}: the loss or the weights are "
                                 "no longer finite; lower the learning rate")


# --- the lecture's worked example ---------------------------------------------------

def seed002_example():
    """Seed 002's 2 -> 3 -> 2 network with no activation, and its one sample.

    Returns (model, x, y): x = (3, -2) and y = (1, 4) as columns. The forward pass
    gives u = (7, -22, -3) and outputs (-21, -2); half squared error 260.
    """
    hidden = Dense(weights=[[1, -2], [-4, 5], [1, 3]], biases=[[0], [0], [0]])
    output = Dense(weights=np.array([[2, -2], [1, -1], [4, 5]]).T, biases=[[-1], [5]])
    return Network([hidden, output]), np.array([[3.0], [-2.0]]), np.array([[1.0], [4.0]])


# the name the lessons use: learners know that lecture as "the matrix-rules lecture"
matrix_rules_example = seed002_example


def delta_example():
    """The 2 -> 3 -> 1 sigmoid network of the delta lesson, and its one sample.

    Returns (model, x, y): model = [Dense, Sigmoid, Dense, Sigmoid], x = (1, 0.5)
    and y = 1 as columns. The forward pass gives z(3) = -0.241 and a(3) = 0.44,
    the lecture's worked numbers (seed 001), so C = 0.1568 and S'(z) = 0.2464.
    """
    hidden = Dense(weights=[[0.4, -0.2], [0.3, 0.6], [-0.5, 0.1]], biases=[0.1, -0.1, 0.2])
    output = Dense(weights=[[0.5, -0.4, -0.3]], biases=[-0.16])
    return Network([hidden, Sigmoid(), output, Sigmoid()]), np.array([[1.0], [0.5]]), np.array([[1.0]])
