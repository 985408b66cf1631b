"""The plane of two weights that the landscape and the race draw (numpy only).

A slice is C over (x_weight, y_weight) with the third weight held at its value.
Its window is the 6 x 6 tile of the plane, aligned on the lecture's first guess,
that holds the current point: a pure function of the point, so the kernel and the
page (which draws the map itself) always agree on it, and a drag within a tile
never moves the axes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .chain import LECTURE_FIRST_GUESS, WEIGHTS, ChainNetwork, half_squared_error, output_surface, weight_name

GRID = 80          # grid points per axis
HALF_WIDTH = 3.0   # a window shows each weight +- this much around its centre


def window(x_weight, y_weight, x, y):
    """(x_lo, x_hi, y_lo, y_hi): the tile that holds (x, y); the first tile is centred on the first guess."""
    def tile(centre, value):
        k = math.floor((value - centre) / (2 * HALF_WIDTH) + 0.5)
        lo = centre + 2 * HALF_WIDTH * k - HALF_WIDTH
        return lo, lo + 2 * HALF_WIDTH

    x_lo, x_hi = tile(LECTURE_FIRST_GUESS[weight_name(x_weight)], x)
    y_lo, y_hi = tile(LECTURE_FIRST_GUESS[weight_name(y_weight)], y)
    return (x_lo, x_hi, y_lo, y_hi)


def held_weight(x_weight, y_weight):
    """The weight that is neither on the x nor on the y axis."""
    return next(w for w in WEIGHTS if w not in (x_weight, y_weight))


@dataclass(frozen=True)
class Slice:
    """C[j, i] and out[j, i] at (xs[i], ys[j]), the third weight held; `key` says what it depends on."""
    key: tuple
    x_weight: str
    y_weight: str
    held: str
    held_value: float
    window: tuple
    xs: np.ndarray
    ys: np.ndarray
    costs: np.ndarray
    outs: np.ndarray

    @property
    def title(self):
        """'C(w1, w2) with w0 = 2'."""
        return f"C({self.x_weight}, {self.y_weight}) with {self.held} = {self.held_value:.4g}"


def slice_key(net, x_weight, y_weight):
    """What a slice depends on: the axes, the held weight's value, s0, target and the window."""
    held = held_weight(x_weight, y_weight)
    x, y = getattr(net, x_weight), getattr(net, y_weight)
    return (x_weight, y_weight, getattr(net, held), net.s0, net.target,
            window(x_weight, y_weight, x, y))


def cost_slice(net: ChainNetwork, x_weight, y_weight, grid=GRID):
    """The Slice through net's current weights."""
    key = slice_key(net, x_weight, y_weight)
    x_lo, x_hi, y_lo, y_hi = key[-1]
    xs, ys = np.linspace(x_lo, x_hi, grid), np.linspace(y_lo, y_hi, grid)
    held = held_weight(x_weight, y_weight)
    outs = output_surface(net, x_weight, y_weight, xs, ys)
    return Slice(key, x_weight, y_weight, held, getattr(net, held), key[-1], xs, ys,
                 half_squared_error(outs, net.target), outs)


__all__ = ["GRID", "HALF_WIDTH", "Slice", "cost_slice", "held_weight", "slice_key", "window"]
