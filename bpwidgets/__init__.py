"""bpwidgets: learn backpropagation by moving the weights yourself.

The public API lives here; everything else is an implementation detail.
"""
from .chain import (
    ChainNetwork,
    Factor,
    Forward,
    Trajectory,
    cost_surface,
    gradient_descent,
    numerical_gradient,
    sigmoid,
    sigmoid_slope,
    wiggle,
)
from .state import NetworkState

__version__ = "0.1.0"

__all__ = [
    "ChainNetwork",
    "Factor",
    "Forward",
    "NetworkState",
    "Trajectory",
    "cost_surface",
    "gradient_descent",
    "numerical_gradient",
    "sigmoid",
    "sigmoid_slope",
    "wiggle",
]
