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

from ..scenarios import SCENARIOS, scenario as find_scenario, scenario_held
from ..state import NetworkState
from ._canvas import canvases
from ._follow import Follower
from .diagram import NetworkDiagram
from .landscape import CostLandscape
from .probe import WiggleProbe
from .sliders import WeightSliders
from .stepper import ChainRuleStepper
from .training import TrainingView
from ._panel import Panel, use_state


# the map's values a slider holds in the page (the axis pickers sync an index, not the name)
BROWSER_LINKED = ("w0", "w1", "w2", "s0", "target", "alpha", "steps")
NO_SCENARIO = "choose a scenario..."   # the picker's placeholder


def _heading(text):
    return widgets.HTML(f"<h3 style='margin: 10px 0 2px 0'>{text}</h3>")


class Explorer(Panel):
    """Sliders, cost landscape, chain-rule stepper, network diagram, wiggle probe and training."""

    def __init__(self, state=None, scenario=None, scale=1.0, **kwargs):
        super().__init__(**kwargs)
        self.state = use_state(state)
        if scenario is not None:
            self.state.set_weights(**find_scenario(scenario).values)   # ValueError naming the valid ones
        self.sliders = WeightSliders(self.state, start=True)   # the marble starts there, Play moves it
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
        self._add_class_tools(scenario, scale)

    def _on_tab_changed(self, change=None):
        for i, view in enumerate(self.tabs.children):
            for canvas in canvases(view):
                canvas.hold(i != self.tabs.selected_index)

    @property
    def views(self):
        """Every view in the dashboard, top to bottom."""
        return [self.sliders, self.landscape, self.stepper, self.diagram, self.probe, self.training]

    def describe(self):
        """Every view's description, one per line."""
        return "Explorer:\n" + "\n".join(view.describe() for view in self.views)

    # --- for class: scenarios, sharing, projection -------------------------------------

    def _add_class_tools(self, scenario, scale):
        if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0.5 <= scale <= 3:
            raise ValueError(f"scale must be a number between 0.5 and 3 (1.5 for a projector), got {scale!r}")
        self.scale = scale
        # the placeholder's value is "" (not None: a Dropdown shows nothing at all for None)
        self.scenario_picker = widgets.Dropdown(
            options=[(NO_SCENARIO, "")] + [(name, name) for name in SCENARIOS], value="",
            description="scenario", tooltip="jump to a named situation")
        self.scenario_note = widgets.HTML()
        self.share_button = widgets.ToggleButton(description="Share", icon="share-alt",
                                                 tooltip="the one line of code that recreates this view")
        self.share_code = widgets.Text(description="code",
                                       layout=widgets.Layout(width="95%", display="none"))
        self.scenario_picker.observe(self._on_scenario_picked, names="value")
        self.share_button.observe(self._on_share, names="value")
        # once per change, like every view (slowly during a drag: the picker and the share line)
        self.followers = [*getattr(self, "followers", ()), Follower(self.state, self._on_state_changed)]
        self.children = (widgets.HBox([self.scenario_picker, self.share_button, self.scenario_note]),
                         self.share_code, *self.children)
        if scale != 1:   # crisp larger figures (dpi), and the rest zoomed by CSS
            for canvas in canvases(self):
                canvas.figure.set_dpi(canvas.figure.dpi * scale)
            name = f"bp-scale-{round(scale * 100)}"
            self.add_class(name)
            self.children = (*self.children, widgets.HTML(
                f"<style>.{name} {{ zoom: {scale}; }} .{name} .jupyter-matplotlib {{ zoom: {1 / scale:.4f}; }}</style>"))

    def _on_scenario_picked(self, change=None):
        name = self.scenario_picker.value
        if name and not SCENARIOS[name].holds_in(self.state):
            self.state.set_weights(**SCENARIOS[name].values)   # the state's change names it
        else:   # already there, or the placeholder picked (it gives way to a scenario the state holds)
            self._on_state_changed()

    def _on_state_changed(self, change=None):
        """The picker names a scenario exactly while the state holds its values (Reset, a scenario's
        values typed back, or picked): the placeholder otherwise. The explanation goes with the name."""
        name = scenario_held(self.state) or ""
        self.scenario_picker.value = name
        self.scenario_note.value = f"<i>{SCENARIOS[name].explanation}</i>" if name else ""
        self._on_share()

    def _on_share(self, change=None):
        self.share_code.value = self.share_line()
        self.share_code.layout.display = None if self.share_button.value else "none"

    def share_line(self):
        """The one line of code that recreates what is on screen, e.g. bp.Explorer(scenario="slow")."""
        values, default = self.state.to_dict(), NetworkState().to_dict()
        name = self.scenario_picker.value
        if values == default:
            args = []   # the lecture's first guess: bp.Explorer() says it shortest
        elif name and values == {**default, **SCENARIOS[name].values}:
            args = [f"scenario={name!r}"]
        else:
            changed = ", ".join(f"{key}={value!r}" for key, value in values.items() if value != default[key])
            args = [f"bp.NetworkState({changed})"] if changed else []
        if self.scale != 1:
            args.append(f"scale={self.scale!r}")
        return f"bp.Explorer({', '.join(args)})"


__all__ = ["Explorer"]
