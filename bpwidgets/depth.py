"""Why gradients vanish, or explode, on their way back through many sigmoid layers (numpy only).

A chain of n sigmoid layers with one weight w and one bias b everywhere:

    x_1 = w s_0 + b,   s_k = S(x_k),   x_(k+1) = w s_k + b,   out = x_(n+1)

Going back through layer k multiplies the gradient by

    dx_(k+1)/dx_k = w S'(x_k),

the layer's factor. S'(x) = S(x)(1 - S(x)) is at most 1/4 (at x = 0), so each
factor is at most |w|/4. With |w| < 4 every factor is below 1 and the gradient
reaching the first layer shrinks geometrically (it vanishes). With |w| > 4 and
neurons kept near x = 0 (e.g. w = 6, b = -3, s_0 = 0.5 gives x_k = 0 in every
layer) each factor is 1.5 and the gradient grows geometrically (it explodes).
"""
from __future__ import annotations

import math

import numpy as np

from .chain import sigmoid

__all__ = ["MAX_DEPTH", "EXAMPLES", "chain_slopes", "layer_factors", "running_product"]

MAX_DEPTH = 10

# settings (weight, bias, s0) that show each case
EXAMPLES = {
    "vanishing": dict(weight=1.0, bias=0.0, s0=2.0),
    "exploding": dict(weight=6.0, bias=-3.0, s0=0.5),
}


def _check(depth, **numbers):
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be a whole number from 1 to {MAX_DEPTH}, got {depth!r}")
    for name, value in numbers.items():
        if not (isinstance(value, (int, float, np.integer, np.floating)) and math.isfinite(value)):
            raise ValueError(f"{name} must be a finite number, got {value!r}")


def chain_slopes(depth, weight, s0, bias=0.0):
    """(x, slopes): x_k and S'(x_k) for k = 1..depth of the sigmoid chain."""
    _check(depth, weight=weight, s0=s0, bias=bias)
    x, s = np.empty(depth), float(s0)
    for k in range(depth):
        x[k] = weight * s + bias
        s = sigmoid(x[k])
    # S'(x) = S(x)(1 - S(x)) = S(x) S(-x): the second form keeps its digits for large |x|
    return x, sigmoid(x) * sigmoid(-x)


def layer_factors(depth, weight, s0, bias=0.0):
    """(x, factors): x_k and each layer's factor w S'(x_k) = dx_(k+1)/dx_k, at most |w|/4."""
    x, slopes = chain_slopes(depth, weight, s0, bias)
    return x, weight * slopes


def running_product(factors):
    """P_k = f_k f_(k+1) ... f_n = d out / d x_k: what the gradient reaching layer k has been multiplied by."""
    return np.cumprod(np.asarray(factors, dtype=float)[::-1])[::-1]
