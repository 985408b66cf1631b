"""numpy references the tests compare against: central differences, and the layered networks
whose forward pass the Playground's page computes (shared by the unit and the browser tests)."""
from __future__ import annotations

import numpy as np

from bpwidgets import nn
from bpwidgets.live_training import ACTIVATIONS


def numerical_gradient(f, A, h=1e-6):
    """dF/dA by central differences, nudging A's entries in place (and putting them back)."""
    grad = np.zeros_like(A)
    for idx in np.ndindex(A.shape):
        old = A[idx]
        A[idx] = old + h
        up = f()
        A[idx] = old - h
        down = f()
        A[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad


def random_networks(count, seed=0, scales=(0.5, 2.0, 8.0)):
    """`count` random 2 -> (width x depth) -> 1 networks, as [(weights, activations)]: every
    activation in the hidden layers and at the output, weights drawn N(0, scale)."""
    rng = np.random.default_rng(seed)
    names = list(ACTIVATIONS)
    nets = []
    for k in range(count):
        depth, width = int(rng.integers(0, 4)), int(rng.integers(1, 9))
        sizes = (2, *[width] * depth, 1)
        scale = float(rng.choice(scales))
        weights = [(rng.normal(0, scale, (n_out, n_in)), rng.normal(0, scale, (n_out, 1)))
                   for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        nets.append((weights, [names[k % 4]] * depth + [names[(k // 4) % 4]]))
    return nets


def numpy_plane(weights, activations, points):
    """numpy's forward pass (nn.Network) on the points, the reference for the page."""
    layers = []
    for (W, b), name in zip(weights, activations):
        layers += [nn.Dense(W, b), ACTIVATIONS[name]()]
    return nn.Network(layers).forward(np.asarray(points).T)[0]
