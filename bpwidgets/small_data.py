"""Small data sets for the Playground, generated in numpy from a fixed seed (nothing downloaded).

Columns are samples, as in `nn`: X has shape (n_inputs, n), Y shape (n_outputs, n).

    data = make_data("xor", n=200, noise=0.1, seed=0)
    data.X_train, data.Y_train, data.X_test, data.Y_test

Classification sets (xor, circles, moons, spiral) have two inputs in about [-1, 1]
and a label 0 or 1; "curve" is a 1-D regression (one input, one real target);
"lecture" is the matrix-rules lecture's single sample (3, -2) -> (1, 4).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DATASETS = ("xor", "circles", "moons", "spiral", "curve", "lecture")
CLASSIFY, REGRESS = "classify", "regress"
KIND = {"xor": CLASSIFY, "circles": CLASSIFY, "moons": CLASSIFY, "spiral": CLASSIFY,
        "curve": REGRESS, "lecture": REGRESS}
MAX_NOISE = 0.5
MAX_SAMPLES = 2000


@dataclass(frozen=True)
class Data:
    """A data set split into training and test columns."""
    name: str
    kind: str            # "classify" or "regress"
    X_train: np.ndarray  # (n_in, n_train)
    Y_train: np.ndarray  # (n_out, n_train)
    X_test: np.ndarray
    Y_test: np.ndarray

    @property
    def n_in(self):
        return self.X_train.shape[0]

    @property
    def n_out(self):
        return self.Y_train.shape[0]


def _xor(rng, n, noise):
    X = rng.uniform(-1, 1, size=(2, n))
    X += np.sign(X) * 0.05            # a small gap along the axes, so the four squares are clear
    y = (X[0] * X[1] < 0).astype(float)  # 1 where the signs differ
    return X + rng.normal(0, noise, size=X.shape), y


def _circles(rng, n, noise):
    inner = np.arange(n) % 2 == 0
    radius = np.where(inner, rng.uniform(0, 0.45, n), rng.uniform(0.65, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + rng.normal(0, noise, size=X.shape), inner.astype(float)


def _moons(rng, n, noise):
    upper = np.arange(n) % 2 == 0
    t = rng.uniform(0, np.pi, n)
    x = np.where(upper, np.cos(t), 1 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    X = np.stack([(x - 0.5) / 1.5, (y - 0.25) / 1.5])    # centred, inside about [-1, 1]
    return X + rng.normal(0, noise, size=X.shape), upper.astype(float)


def _spiral(rng, n, noise):
    arm = np.arange(n) % 2
    r = rng.uniform(0.05, 1.0, n)
    angle = 1.75 * 2 * np.pi * r + np.pi * arm
    X = np.stack([r * np.cos(angle), r * np.sin(angle)])
    return X + rng.normal(0, noise, size=X.shape), arm.astype(float)


def _curve(rng, n, noise):
    x = rng.uniform(-1, 1, size=(1, n))
    y = 0.8 * np.sin(np.pi * x[0]) + 0.3 * x[0]
    return x, y + rng.normal(0, noise, size=n)


_MAKERS = {"xor": _xor, "circles": _circles, "moons": _moons, "spiral": _spiral, "curve": _curve}


def lecture_sample():
    """The matrix-rules lecture's one sample: x = (3, -2), y = (1, 4), as columns."""
    return np.array([[3.0], [-2.0]]), np.array([[1.0], [4.0]])


def make_data(name="xor", n=200, noise=0.0, seed=0, test_fraction=0.3):
    """The data set `name` with n samples, Gaussian noise of standard deviation `noise`,
    and the last round(test_fraction * n) samples kept aside for testing.

    "lecture" is always its single sample, with no test set (n, noise and seed are ignored).
    """
    if name not in DATASETS:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}, got {name!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 4 <= n <= MAX_SAMPLES:
        raise ValueError(f"n must be a whole number between 4 and {MAX_SAMPLES}, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    for label, value, high in (("noise", noise, MAX_NOISE), ("test_fraction", test_fraction, 0.9)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= high):
            raise ValueError(f"{label} must be a number between 0 and {high}, got {value!r}")
    if name == "lecture":
        X, Y = lecture_sample()
        return Data(name, KIND[name], X, Y, np.zeros((2, 0)), np.zeros((2, 0)))
    X, y = _MAKERS[name](np.random.default_rng(seed), n, float(noise))
    Y = y.reshape(1, -1)
    n_test = int(round(test_fraction * n))
    n_train = n - n_test
    return Data(name, KIND[name], X[:, :n_train], Y[:, :n_train], X[:, n_train:], Y[:, n_train:])


__all__ = ["DATASETS", "Data", "make_data", "lecture_sample", "KIND", "CLASSIFY", "REGRESS", "MAX_NOISE"]
