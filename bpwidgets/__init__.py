"""bpwidgets: learn backpropagation by moving the weights yourself.

The public API lives here; everything else is an implementation detail.
The maths (numpy only) is imported at once; the widgets, exercises and `nn`
load on first use, so `import bpwidgets` stays light for scripts and tests.
"""
import importlib

from .chain import (
    Backward,
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
from .scenarios import SCENARIOS

__version__ = "0.1.0"

# name -> module that defines it, loaded on first access (PEP 562)
_LAZY = {
    "nn": "bpwidgets.nn",
    "selfcheck": "bpwidgets.selfcheck",
    "projects": "bpwidgets.projects",
    "datasets": "bpwidgets.datasets",
    "WeightSliders": "bpwidgets.views.sliders",
    "CostLandscape": "bpwidgets.views.landscape",
    "ChainRuleStepper": "bpwidgets.views.stepper",
    "NetworkDiagram": "bpwidgets.views.diagram",
    "WiggleProbe": "bpwidgets.views.probe",
    "TrainingView": "bpwidgets.views.training",
    "Explorer": "bpwidgets.views.explorer",
    "LayerStepper": "bpwidgets.views.layers",
    "OptimizerRace": "bpwidgets.views.race",
    "VanishingGradients": "bpwidgets.views.vanishing",
    "NumberExercise": "bpwidgets.views.exercises",
    "ExpressionExercise": "bpwidgets.views.exercises",
    "MultipleChoiceExercise": "bpwidgets.views.exercises",
    "PredictionExercise": "bpwidgets.views.exercises",
    "FindTheBugExercise": "bpwidgets.views.exercises",
    "CodeSolution": "bpwidgets.views.exercises",
    "progress": "bpwidgets.views.progress_table",
    "check_number": "bpwidgets.answers",
    "check_expression": "bpwidgets.answers",
    "Feedback": "bpwidgets.answers",
    "parse_expression": "bpwidgets.formula",
    "ExpressionError": "bpwidgets.formula",
    "draw_chain_graph": "bpwidgets.views.figures",
    "draw_network": "bpwidgets.views.figures",
    "draw_sigmoid_slope": "bpwidgets.views.figures",
    "check_playground_backward": "bpwidgets.selfcheck",
    "Playground": "bpwidgets.views.playground",
    "PlaygroundState": "bpwidgets.playground_state",
    "PLAYGROUND_SCENARIOS": "bpwidgets.playground_state",
    "hidden_network_samples": "bpwidgets.datasets", "mean_cost": "bpwidgets.datasets",
}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'bpwidgets' has no attribute {name!r}")
    module = importlib.import_module(_LAZY[name])
    value = module if _LAZY[name].endswith("." + name) else getattr(module, name)  # a submodule itself
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_LAZY))


__all__ = [
    "Backward",
    "ChainNetwork",
    "Factor",
    "Forward",
    "NetworkState",
    "SCENARIOS",
    "Trajectory",
    "cost_surface",
    "gradient_descent",
    "numerical_gradient",
    "sigmoid",
    "sigmoid_slope",
    "wiggle",
    *_LAZY,
]
