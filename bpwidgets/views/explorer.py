"""Every view on one shared state: the dashboard a lecturer projects.

    [ sliders ] [ cost landscape: 3-D surface | contour map ]
    [ chain-rule stepper ]
    [ network diagram ]
    [ tabs: wiggle probe | training ]   (a hidden tab's figure redraws when shown)

`ex.state` is the one NetworkState every view observes, so `ex.state.w1 = 1.5`
(or any slider) moves every view, with or without a browser attached. The views
never talk to each other: playing the training sets the state's marble, which
the landscape draws; the stepper's position is the state's chain_step, which
the diagram highlights.
"""
from __future__ import annotations

import ipywidgets as widgets

from ._canvas import canvases
from .diagram import NetworkDiagram
from .landscape import CostLandscape
from .probe import WiggleProbe
from .sliders import WeightSliders
from .stepper import ChainRuleStepper
from .training import TrainingView
from ._panel import Panel, use_state


# the map's values a slider holds in the page (the axis pickers sync an index, not the name)
BROWSER_LINKED = ("w0", "w1", "w2", "s0", "target", "alpha", "steps")


def _heading(text):
    return widgets.HTML(f"<h3 style='margin: 10px 0 2px 0'>{text}</h3>")


class Explorer(Panel):
    """Sliders, cost landscape, chain-rule stepper, network diagram, wiggle probe and training."""

    def __init__(self, state=None, **kwargs):
        super().__init__(**kwargs)
        self.state = use_state(state)
        self.sliders = WeightSliders(self.state)
        self.landscape = CostLandscape(self.state)
        self.stepper = ChainRuleStepper(self.state)
        self.diagram = NetworkDiagram(self.state, highlight=True)   # the stepper's step, from the state
        self.probe = WiggleProbe(self.state)
        self.training = TrainingView(self.state)
        # the sliders drive the map in the browser: a drag repaints it without waiting for the
        # kernel (the kernel's state still hears of every move through the sliders' own links)
        self.landscape.map.sliders = {name: getattr(self.sliders, name) for name in BROWSER_LINKED}
        self.tabs = widgets.Tab(children=[self.probe, self.training],
                                titles=("wiggle a weight", "training"))
        # a figure in a hidden tab waits with its (full, slow) redraws until its tab is shown
        self.tabs.observe(self._on_tab_changed, names="selected_index")
        self._on_tab_changed()
        self.sliders.layout.flex = "0 0 auto"   # the sliders keep their width; the landscape wraps first
        self.children = [
            widgets.HBox([self.sliders, self.landscape],
                         layout=widgets.Layout(align_items="flex-start")),
            _heading("The chain rule, one step at a time"),
            self.stepper,
            self.diagram,
            self.tabs,
        ]

    def _on_tab_changed(self, change=None):
        for i, view in enumerate(self.tabs.children):
            for canvas in canvases(view):
                canvas.hold(i != self.tabs.selected_index)

    @property
    def views(self):
        """Every view in the dashboard, top to bottom."""
        return [self.sliders, self.landscape, self.stepper, self.diagram, self.probe, self.training]


__all__ = ["Explorer"]
