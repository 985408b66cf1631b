"""The three-weight chain network of the lecture (numpy only).

    s0 --w0--> x1 = w0*s0 --S--> s1 --w1--> x2 = w1*s1 --S--> s2 --w2--> out = w2*s2

    cost C = 1/2 (target - out)^2

Every function below `ChainNetwork` works on numbers or on whole numpy arrays
of weights at once, so a grid of a hundred thousand weight pairs is one call.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .numbers import latex_number

WEIGHTS = ("w0", "w1", "w2")
LECTURE_FIRST_GUESS = dict(w0=2.0, w1=1.0, w2=0.5, s0=2.0, target=0.7)
DIVERGENCE_COST = 1e6  # a cost this big means the steps are running away
MAX_MAGNITUDE = 1e150  # |w|, |s0|, |target| up to this keep (target - out)^2 below float's 1.8e308


# --- the sigmoid -----------------------------------------------------------

def sigmoid(x):
    """S(x) = 1 / (1 + e^-x), for any float x, with no overflow warning."""
    if isinstance(x, float):  # plain floats skip numpy: a descent step is then ~20x faster
        if x >= 0:
            return 1.0 / (1.0 + math.exp(-x))
        z = math.exp(x)
        return z / (1.0 + z)
    x = np.asarray(x, dtype=float)
    z = np.exp(-np.abs(x))  # e^-|x| is at most 1: it never overflows
    s = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return float(s) if s.ndim == 0 else s


def sigmoid_slope(x):
    """S'(x) = S(x) (1 - S(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


# --- the network, vectorised -------------------------------------------------

@dataclass(frozen=True)
class Forward:
    """The values of a forward pass, node by node (floats or arrays)."""
    x1: float
    s1: float
    x2: float
    s2: float
    out: float


def forward_pass(w0, w1, w2, s0):
    """Forward propagation: x1 = w0 s0, s1 = S(x1), x2 = w1 s1, s2 = S(x2), out = w2 s2."""
    x1 = w0 * s0
    s1 = sigmoid(x1)
    x2 = w1 * s1
    s2 = sigmoid(x2)
    out = w2 * s2
    return Forward(x1, s1, x2, s2, out)


def half_squared_error(out, target):
    """C = 1/2 (target - out)^2."""
    return 0.5 * (target - out) ** 2


@dataclass(frozen=True)
class Backward:
    """The backward pass: each node's gradient from the one above it times a local slope.

    Each upstream gradient is computed once and reused by everything below it:
    dC/dx2 (the error of neuron 2) gives dC/dw1 and, through dC/ds1, dC/dx1
    (the error of neuron 1), which gives dC/dw0.
    """
    dout: float   # dC/dout = out - target
    ds2: float    # dC/ds2  = dC/dout * w2
    dx2: float    # dC/dx2  = dC/ds2 * s2(1 - s2)
    ds1: float    # dC/ds1  = dC/dx2 * w1
    dx1: float    # dC/dx1  = dC/ds1 * s1(1 - s1)
    dw2: float    # dC/dw2  = dC/dout * s2
    dw1: float    # dC/dw1  = dC/dx2 * s1
    dw0: float    # dC/dw0  = dC/dx1 * s0

    def upstream(self):
        """{'dC/dout': ..., 'dC/ds2': ..., 'dC/dx2': ..., 'dC/ds1': ..., 'dC/dx1': ...}."""
        return {"dC/dout": self.dout, "dC/ds2": self.ds2, "dC/dx2": self.dx2,
                "dC/ds1": self.ds1, "dC/dx1": self.dx1}

    def gradient(self):
        """{'w0': dC/dw0, 'w1': dC/dw1, 'w2': dC/dw2}."""
        return {"w0": self.dw0, "w1": self.dw1, "w2": self.dw2}


def backward_pass(w0, w1, w2, s0, target):
    """Backpropagation through the chain: one pass from the cost down to s0, reusing each step."""
    f = forward_pass(w0, w1, w2, s0)
    dout = f.out - target
    ds2 = dout * w2                       # back through out = w2 s2
    dx2 = ds2 * f.s2 * (1.0 - f.s2)       # back through s2 = S(x2)
    ds1 = dx2 * w1                        # back through x2 = w1 s1
    dx1 = ds1 * f.s1 * (1.0 - f.s1)       # back through s1 = S(x1)
    return Backward(dout, ds2, dx2, ds1, dx1, dw2=dout * f.s2, dw1=dx2 * f.s1, dw0=dx1 * s0)


def gradient_of_cost(w0, w1, w2, s0, target):
    """(dC/dw0, dC/dw1, dC/dw2) from one backward pass."""
    b = backward_pass(w0, w1, w2, s0, target)
    return b.dw0, b.dw1, b.dw2


# --- checking arguments --------------------------------------------------------

def _number(name, value):
    """A finite float, or a clear error saying what to pass."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number (int or float), got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}; pass a value such as 0.5")
    return value


def _network_value(name, value):
    """A weight, s0 or target: finite, and small enough that the cost cannot overflow."""
    value = _number(name, value)
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{name} must be between -{MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g}, got {value:g}: "
                         "a larger value makes the cost overflow")
    return value


def _cost_or_out(of):
    """Check that `of` is 'cost' or 'out': what a derivative is taken of."""
    if of not in ("cost", "out"):
        raise ValueError(f"of must be 'cost' or 'out', got {of!r}")
    return of


def weight_name(name):
    """Check that `name` is one of 'w0', 'w1', 'w2'."""
    if name not in WEIGHTS:
        raise ValueError(f"unknown weight {name!r}; pass one of 'w0', 'w1', 'w2'")
    return name


# --- the chain rule, factor by factor --------------------------------------------

@dataclass(frozen=True)
class Factor:
    """One factor of a chain-rule product, e.g. ds2/dx2 = s2(1 - s2) = 0.1982."""
    name: str        # "ds2/dx2"
    formula: str     # "s2(1 - s2)"
    latex: str       # r"\frac{\partial s_2}{\partial x_2} = s_2(1 - s_2)"
    value: float
    numbers: str     # the formula with the numbers put in: "0.7275(1 - 0.7275)"


def _factors(net, f):
    """Every factor that any chain uses, keyed by its name."""
    def factor(name, formula, latex, value, numbers):
        return Factor(name, formula, f"{tex_partial(name)} = {latex}", float(value), numbers)

    return {
        "dC/dout": factor("dC/dout", "out - target", r"\mathrm{out} - \mathrm{target}",
                          f.out - net.target, f"{latex_number(f.out)} - {latex_number(net.target)}"),
        "dout/ds2": factor("dout/ds2", "w2", "w_2", net.w2, latex_number(net.w2)),
        "dout/dw2": factor("dout/dw2", "s2", "s_2", f.s2, latex_number(f.s2)),
        "ds2/dx2": factor("ds2/dx2", "s2(1 - s2)", "s_2(1 - s_2)",
                          f.s2 * (1 - f.s2), f"{latex_number(f.s2)}(1 - {latex_number(f.s2)})"),
        "dx2/ds1": factor("dx2/ds1", "w1", "w_1", net.w1, latex_number(net.w1)),
        "dx2/dw1": factor("dx2/dw1", "s1", "s_1", f.s1, latex_number(f.s1)),
        "ds1/dx1": factor("ds1/dx1", "s1(1 - s1)", "s_1(1 - s_1)",
                          f.s1 * (1 - f.s1), f"{latex_number(f.s1)}(1 - {latex_number(f.s1)})"),
        "dx1/dw0": factor("dx1/dw0", "s0", "s_0", net.s0, latex_number(net.s0)),
    }


def tex_symbol(symbol):
    """'s2' -> 's_2', 'out' -> '\\mathrm{out}', 'C' -> 'C'."""
    if symbol in ("out", "target"):
        return rf"\mathrm{{{symbol}}}"
    if len(symbol) == 2 and symbol[1].isdigit():
        return f"{symbol[0]}_{symbol[1]}"
    return symbol


def tex_partial(name):
    """'ds2/dx2' -> '\\frac{\\partial s_2}{\\partial x_2}'."""
    top, bottom = name[1:].split("/d")
    return rf"\frac{{\partial {tex_symbol(top)}}}{{\partial {tex_symbol(bottom)}}}"


_CHAINS = {  # backward order: from the cost down to the weight
    "w2": ("dC/dout", "dout/dw2"),
    "w1": ("dC/dout", "dout/ds2", "ds2/dx2", "dx2/dw1"),
    "w0": ("dC/dout", "dout/ds2", "ds2/dx2", "dx2/ds1", "ds1/dx1", "dx1/dw0"),
}


# --- the network as the learner meets it ------------------------------------------

class ChainNetwork:
    """s0 -> w0 -> S -> w1 -> S -> w2 -> out, with a target for out.

    The defaults are the lecture's first guess: w0=2, w1=1, w2=0.5, input s0=2, target 0.7.
    """

    def __init__(self, w0=2.0, w1=1.0, w2=0.5, s0=2.0, target=0.7):
        self.w0 = _network_value("w0", w0)
        self.w1 = _network_value("w1", w1)
        self.w2 = _network_value("w2", w2)
        self.s0 = _network_value("s0", s0)
        self.target = _network_value("target", target)

    def __repr__(self):
        return (f"ChainNetwork(w0={self.w0:g}, w1={self.w1:g}, w2={self.w2:g}, "
                f"s0={self.s0:g}, target={self.target:g})")

    @property
    def weights(self):
        """The weights as an array [w0, w1, w2]."""
        return np.array([self.w0, self.w1, self.w2])

    def with_weights(self, **changes):
        """A copy with some weights (or s0, target) changed: net.with_weights(w1=1.5)."""
        values = dict(w0=self.w0, w1=self.w1, w2=self.w2, s0=self.s0, target=self.target)
        for name in changes:
            if name not in values:
                raise ValueError(f"unknown parameter {name!r}; pass w0, w1, w2, s0 or target")
        values.update(changes)
        return ChainNetwork(**values)

    def forward(self):
        """Forward propagation: x1, s1, x2, s2 and out as floats."""
        f = forward_pass(self.w0, self.w1, self.w2, self.s0)
        return Forward(*(float(v) for v in (f.x1, f.s1, f.x2, f.s2, f.out)))

    def cost(self):
        """C = 1/2 (target - out)^2."""
        return float(half_squared_error(self.forward().out, self.target))

    def gradient(self):
        """{'w0': dC/dw0, 'w1': dC/dw1, 'w2': dC/dw2}."""
        g = gradient_of_cost(self.w0, self.w1, self.w2, self.s0, self.target)
        return dict(zip(WEIGHTS, (float(v) for v in g)))

    def backward(self):
        """The backward pass: upstream gradients dC/dout, dC/ds2, dC/dx2, dC/ds1, dC/dx1 and the
        weight gradients built from them (floats)."""
        b = backward_pass(self.w0, self.w1, self.w2, self.s0, self.target)
        return Backward(*(float(getattr(b, name)) for name in Backward.__dataclass_fields__))

    def output_gradient(self):
        """{'w0': dout/dw0, ...}: how out (not the cost) changes with each weight."""
        return {name: float(np.prod([f.value for f in self.chain(name, of="out")]))
                for name in WEIGHTS}

    def chain(self, name, of="cost"):
        """The factors whose product is dC/d(name) (or dout/d(name) with of='out'), backward order."""
        weight_name(name)
        _cost_or_out(of)
        factors = _factors(self, self.forward())
        names = _CHAINS[name] if of == "cost" else _CHAINS[name][1:]
        return [factors[n] for n in names]


# --- gradient descent -----------------------------------------------------------

@dataclass(frozen=True)
class Trajectory:
    """Where gradient descent went: one row per step, row 0 the start."""
    weights: np.ndarray          # (k+1, 3): columns w0, w1, w2
    costs: np.ndarray            # (k+1,)
    diverged: bool = False
    diverged_at: int | None = None   # the step whose cost was no longer finite (or blew up)

    @property
    def steps(self):
        """How many steps were taken (k)."""
        return len(self.costs) - 1

    @property
    def zero_from(self):
        """The step from which on every cost is below ROUNDING_COST (zero up to rounding), or None."""
        below = self.costs < ROUNDING_COST
        if not below[-1]:
            return None
        above = np.flatnonzero(~below)
        return int(above[-1]) + 1 if above.size else 0

    @property
    def message(self):
        """A one-line account for the learner."""
        if self.diverged:
            return f"diverged at step {self.diverged_at}: the learning rate is too large"
        start, end = self.costs[0], self.costs[-1]
        if start < ROUNDING_COST and end < ROUNDING_COST:
            return f"{self.steps} steps; the cost stays {_cost_text(end)}: already at the bottom"
        text = f"{self.steps} steps, cost {_cost_text(start)} -> {_cost_text(end)}"
        if end > start:
            text += ": the cost went up, the learning rate is too large"
        return text


ROUNDING_COST = 1e-12   # below this a cost's digits are rounding noise, not information for a learner


def _cost_text(cost):
    return "below 1e-12 (zero up to rounding)" if cost < ROUNDING_COST else f"{cost:.4g}"


def gradient_descent(net, alpha=0.5, steps=100, optimizer=None):
    """Repeat w <- w - alpha dC/dw for `steps` steps, starting from net's weights.

    `optimizer` (e.g. nn.Momentum) replaces the plain update when given; it must
    have `step(params, grads)` updating the arrays in place.
    Stops early, with `diverged=True`, when the cost stops being finite or blows up.
    """
    if not isinstance(net, ChainNetwork):
        raise TypeError(f"net must be a ChainNetwork, got {type(net).__name__}")
    if optimizer is None:
        alpha = _number("alpha", alpha)
        if alpha < 0:
            raise ValueError(f"alpha must be >= 0, got {alpha}; a negative rate climbs uphill")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")

    s0, target = net.s0, net.target
    w = [net.w0, net.w1, net.w2]      # plain floats: the same formulas, without numpy's overhead
    weights, costs = [w], [net.cost()]
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            grad = gradient_of_cost(*w, s0, target)
            if optimizer is None:
                w = [wi - alpha * gi for wi, gi in zip(w, grad)]
            else:
                params = np.array(w)
                optimizer.step([params], [np.array(grad)])
                w = [float(v) for v in params]
            try:
                cost = half_squared_error(forward_pass(*w, s0).out, target)
            except OverflowError:  # float arithmetic raises where numpy would give inf
                cost = math.inf
            if not (all(map(math.isfinite, w)) and math.isfinite(cost) and cost < DIVERGENCE_COST):
                diverged_at = k
                break
            weights.append(w)
            costs.append(cost)
    return Trajectory(np.array(weights), np.array(costs), diverged_at is not None, diverged_at)


# --- the cost over a plane of two weights ---------------------------------------

def output_surface(net, x_weight, y_weight, x_values, y_values):
    """out[j, i] = out at (x_values[i], y_values[j]), the third weight held at net's value."""
    weight_name(x_weight)
    weight_name(y_weight)
    if x_weight == y_weight:
        raise ValueError(f"pick two different weights, got {x_weight!r} twice")
    xs = _values(x_weight + " values", x_values)
    ys = _values(y_weight + " values", y_values)
    grid = dict(w0=net.w0, w1=net.w1, w2=net.w2)
    grid[x_weight], grid[y_weight] = np.meshgrid(xs, ys)   # shape (len(ys), len(xs))
    return forward_pass(grid["w0"], grid["w1"], grid["w2"], net.s0).out


def cost_surface(net, x_weight, y_weight, x_values, y_values):
    """C[j, i] = cost at (x_values[i], y_values[j]), the third weight held at net's value."""
    out = output_surface(net, x_weight, y_weight, x_values, y_values)
    return half_squared_error(out, net.target)


def _values(name, values):
    a = np.asarray(values, dtype=float)
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must all be finite numbers")
    return a


# --- wiggling a weight: the finite-difference check ---------------------------------

def wiggle(net, name, h=1e-4, of="cost", central=True):
    """How much the cost (or out) changes per unit change of one weight, by nudging it by h.

    central=True gives (f(w+h) - f(w-h)) / 2h, otherwise (f(w+h) - f(w)) / h.
    """
    weight_name(name)
    h = _number("h", h)
    if h == 0:
        raise ValueError("h must not be 0; pass a small step such as 1e-4")
    _cost_or_out(of)

    def measure(w):
        moved = net.with_weights(**{name: w})
        return moved.cost() if of == "cost" else moved.forward().out

    w = getattr(net, name)
    if central:
        return (measure(w + h) - measure(w - h)) / (2 * h)
    return (measure(w + h) - measure(w)) / h


def numerical_gradient(net, h=1e-6):
    """{'w0': ..., 'w1': ..., 'w2': ...} by central differences."""
    return {name: wiggle(net, name, h) for name in WEIGHTS}


H_GRID = np.logspace(-12, 0, 49)   # 4 nudges per decade: wide enough that rounding shows


def difference_errors(net, weight, hs=H_GRID):
    """|forward difference - dC/dw| and |central difference - dC/dw| for each h in hs.

    The same arithmetic as chain.wiggle (cost at w+h, w, w-h), done for all h in
    one vectorised call so that a state change stays fast.
    """
    hs = np.asarray(hs, dtype=float)
    w = getattr(net, weight)

    def cost(values):
        weights = dict(w0=net.w0, w1=net.w1, w2=net.w2)
        weights[weight] = values
        return half_squared_error(forward_pass(weights["w0"], weights["w1"], weights["w2"], net.s0).out,
                                  net.target)

    exact = net.gradient()[weight]
    forward = (cost(w + hs) - cost(np.full_like(hs, w))) / hs
    central = (cost(w + hs) - cost(w - hs)) / (2 * hs)
    return np.abs(forward - exact), np.abs(central - exact)
