"""A learner presses every control of the Explorer and the OptimizerRace, in any order, with any value.

Hypothesis drives the widgets the way a browser does (`set_state` for sliders, pickers,
Play and tabs; `click()` for buttons; the map's "start" message for a click) and, after every action,
a stand-in for the page performs the full draws the kernel asked for. After each action:
nothing raised and no view shows an error; the two axes differ and the pickers show them;
the star, path, readouts, stepper, diagram, training and race show the state's values;
and no figure was asked for more than one full redraw.
"""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from bpwidgets.chain import WEIGHTS, ChainNetwork, gradient_descent
from bpwidgets.numbers import rounded_text
from bpwidgets.scenarios import SCENARIOS
from bpwidgets.state import BOUNDS, shown
from bpwidgets.racing import race_path
from bpwidgets.views.explorer import Explorer
from bpwidgets.views.race import MAX_STEPS, RATE_BOUNDS, OptimizerRace
from browser_stand_in import BrowserStandIn, figure_name

FLOAT_SLIDERS = ("w0", "w1", "w2", "s0", "target")
TYPED = (*FLOAT_SLIDERS, "alpha", "steps")
# what a learner types into a readout: numbers in and beyond the bounds, whole or not, and words
TYPED_TEXT = st.one_of(
    st.floats(-20, 20).map(lambda v: f"{v:.3g}"), st.integers(-20, 20000).map(str),
    st.sampled_from(["1e9", "-1e9", "1e-3", "0", "2.7", "abc", "", "nan", "inf", " 3 "]))
MAX_FULL_DRAWS = 1   # per figure, per learner action


def slider_values(slider):
    """Values a browser can send for a slider: its grid points, ends included."""
    n = int(round((slider.max - slider.min) / slider.step))
    return st.integers(0, n).map(lambda k: round(slider.min + k * slider.step, 10))


class LearnerAtTheExplorer(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.ex = Explorer()
        self.race = OptimizerRace(self.ex.state)   # a race on the same state, below the Explorer
        self.page = BrowserStandIn(self.ex, self.race)
        self.page.settle()   # the page shows everything once
        self.page.warnings = []
        self.actions = []
        self.typed = None   # (name, value the state must now hold) after a value typed in its bounds
        self.race_typed = None   # (box, value the race must now hold) after one typed into the race

    def act(self, name, action):
        self.actions.append(name)
        self.typed = self.race_typed = None
        action()
        self.requests = self.page.settle()

    # --- what a learner does ---------------------------------------------------------

    @rule(name=st.sampled_from(FLOAT_SLIDERS), data=st.data())
    def drag_a_slider(self, name, data):
        slider = getattr(self.ex.sliders, name)
        value = data.draw(slider_values(slider))
        self.act(f"{name} slider -> {value}", lambda: slider.set_state({"value": value}))

    @rule(k=st.integers(0, 100))
    def drag_alpha(self, k):
        a = self.ex.sliders.alpha
        exponent = a.min + k * (a.max - a.min) / 100
        self.act(f"alpha slider -> 10^{exponent:.3f}", lambda: a.set_state({"value": 10 ** exponent}))

    @rule(steps=st.integers(0, 300))
    def drag_steps(self, steps):
        self.act(f"steps -> {steps}", lambda: self.ex.sliders.steps.set_state({"value": steps}))

    @rule(name=st.sampled_from(TYPED), text=TYPED_TEXT)
    def type_a_value(self, name, text):
        box = self.ex.sliders.boxes[name]
        self.act(f"{name} typed {text!r}", lambda: box.set_state({"value": text}))
        try:
            value = float(text)
        except ValueError:
            return
        low, high = BOUNDS[name]
        if low <= value <= high and (name != "steps" or value == int(value)):
            self.typed = (name, value)

    @rule(name=st.sampled_from(list(SCENARIOS)))
    def pick_a_scenario(self, name):
        picker = self.ex.scenario_picker
        index = picker.options.index((name, name))
        self.act(f"scenario -> {name}", lambda: picker.set_state({"index": index}))

    @rule(name=st.sampled_from(list(SCENARIOS)), leave_out=st.sampled_from([None, "w1", "alpha", "y_weight"]))
    def put_a_scenarios_values_back(self, name, leave_out):
        """A scenario's values set in code, not picked (all of them, or all but one)."""
        values = {k: v for k, v in SCENARIOS[name].values.items() if k != leave_out}
        self.act(f"set_weights(scenario {name} but {leave_out})", lambda: self.ex.state.set_weights(**values))

    @rule(axis=st.sampled_from(["x_weight", "y_weight"]), index=st.integers(0, 2))
    def pick_an_axis(self, axis, index):
        picker = getattr(self.ex.sliders, axis)
        self.act(f"{axis} picker -> {WEIGHTS[index]}", lambda: picker.set_state({"index": index}))

    @rule()
    def press_reset(self):
        self.act("Reset", self.ex.sliders.reset_button.click)

    @rule()
    def toggle_fine(self):
        fine = self.ex.sliders.fine
        self.act("fine", lambda: fine.set_state({"value": not fine.value}))

    @rule(fx=st.floats(0.0, 1.0), fy=st.floats(0.0, 1.0))
    def click_the_map(self, fx, fy):
        view = self.ex.landscape
        x_lo, x_hi, y_lo, y_hi = view.window
        message = {"event": "start", "x": x_lo + fx * (x_hi - x_lo), "y": y_lo + fy * (y_hi - y_lo)}
        self.act(f"map click ({fx:.2f}, {fy:.2f})",   # what the page sends for a click there
                 lambda: view.map._on_page_message(view.map, message, []))

    @rule(button=st.sampled_from(["next_button", "previous_button", "reset_button"]))
    def press_a_stepper_button(self, button):
        self.act(f"stepper {button}", getattr(self.ex.stepper, button).click)

    @rule(index=st.integers(0, 3))
    def pick_the_stepper_weight(self, index):
        picker = self.ex.stepper.weight_dropdown   # w0, w1, w2 or all three by backpropagation
        self.act(f"stepper weight -> {picker.options[index]}", lambda: picker.set_state({"index": index}))

    @rule(data=st.data())
    def play_the_training_to(self, data):
        play = self.ex.training.play
        k = data.draw(st.integers(0, play.max))
        self.act(f"training play -> {k}", lambda: play.set_state({"value": k}))

    @rule(button=st.sampled_from(["step_button", "reset_button"]))
    def press_a_training_button(self, button):
        self.act(f"training {button}", getattr(self.ex.training, button).click)

    @rule(index=st.integers(0, 1))
    def open_a_tab(self, index):
        self.act(f"tab {index}", lambda: self.ex.tabs.set_state({"selected_index": index}))

    @rule(index=st.integers(0, 2))
    def pick_the_wiggled_weight(self, index):
        picker = self.ex.probe.weight_dropdown
        self.act(f"probe weight -> {WEIGHTS[index]}", lambda: picker.set_state({"index": index}))

    @rule(k=st.integers(0, 24))
    def nudge_h(self, k):
        slider = self.ex.probe.h_slider
        self.act(f"probe h -> 10^{-6 + k / 4}", lambda: slider.set_state({"value": 10 ** (-6 + k / 4)}))

    @rule(data=st.data())
    def race(self, data):
        race = self.race
        choice = data.draw(st.sampled_from(["play", "step", "reset", "rate", "steps", "type"]))
        if choice == "play":
            k = data.draw(st.integers(0, race.play.max))
            self.act(f"race play -> {k}", lambda: race.play.set_state({"value": k}))
        elif choice in ("step", "reset"):
            self.act(f"race {choice}", getattr(race, f"{choice}_button").click)
        elif choice == "rate":
            name = data.draw(st.sampled_from(sorted(race.rates)))
            slider = race.rates[name]
            exponent = data.draw(st.floats(slider.min, slider.max))
            self.act(f"race {name} rate -> 10^{exponent:.2f}",
                     lambda: slider.set_state({"value": 10 ** exponent}))
        elif choice == "steps":
            n = data.draw(st.integers(1, 200))
            self.act(f"race steps -> {n}", lambda: race.steps_slider.set_state({"value": n}))
        else:
            name, text = data.draw(st.sampled_from(sorted(race.boxes))), data.draw(TYPED_TEXT)
            low, high = RATE_BOUNDS if name in race.rates else (1, MAX_STEPS) if name == "steps" else (0, race.play.max)
            self.act(f"race {name} typed {text!r}", lambda: race.boxes[name].set_state({"value": text}))
            try:
                value = float(text)
            except ValueError:
                return
            if low <= value <= high and (name in race.rates or value == int(value)):
                self.race_typed = (name, value)

    @rule(values=st.fixed_dictionaries({}, optional={
        "w0": st.floats(-50, 50), "w1": st.floats(-50, 50), "w2": st.floats(-50, 50),
        "s0": st.floats(-10, 10), "target": st.floats(-5, 5), "alpha": st.floats(0, 200),
        "x_weight": st.sampled_from(WEIGHTS), "y_weight": st.sampled_from(WEIGHTS)}))
    def change_the_state_in_code(self, values):
        self.act(f"set_weights({values})", lambda: self.ex.state.set_weights(**values))

    # --- what must hold after every action --------------------------------------------

    @invariant()
    def no_view_shows_an_error(self):
        for view in [*self.ex.views, self.race]:
            assert getattr(view, "error", None) is None, (type(view).__name__, view.error, self.actions)

    @invariant()
    def a_typed_value_is_taken_exactly_and_every_box_shows_the_state(self):
        s, sliders = self.ex.state, self.ex.sliders
        if self.typed is not None:
            name, value = self.typed
            assert getattr(s, name) == value, (name, value, self.actions)
        for name in TYPED:
            assert sliders.boxes[name].value == shown(getattr(s, name)), (name, self.actions)

    @invariant()
    def the_picker_names_a_scenario_if_and_only_if_it_holds(self):
        picker, s = self.ex.scenario_picker, self.ex.state
        held = [name for name, scenario in SCENARIOS.items() if scenario.holds_in(s)]
        assert len(held) <= 1, held
        if held:
            assert picker.label == held[0], (picker.label, held, self.actions)
            assert SCENARIOS[held[0]].explanation in self.ex.scenario_note.value
        else:
            assert picker.label == "choose a scenario..." and self.ex.scenario_note.value == "", (
                picker.label, self.actions)

    @invariant()
    def two_different_axes_shown_by_the_pickers(self):
        s, sliders = self.ex.state, self.ex.sliders
        assert s.x_weight != s.y_weight
        assert (sliders.x_weight.value, sliders.y_weight.value) == (s.x_weight, s.y_weight)
        assert (self.ex.landscape.map.x_weight, self.ex.landscape.map.y_weight) == (s.x_weight, s.y_weight)
        assert (self.race.map.x_weight, self.race.map.y_weight) == (s.x_weight, s.y_weight)

    @invariant()
    def the_landscape_shows_the_state(self):
        # the page draws the star and the path from these numbers (its maths: the browser tests)
        s, view = self.ex.state, self.ex.landscape
        x, y = getattr(s, s.x_weight), getattr(s, s.y_weight)
        for name in ("w0", "w1", "w2", "s0", "target", "alpha", "steps"):
            assert getattr(view.map, name) == getattr(s, name), name
        assert view.map.revision == s.revision
        traj = gradient_descent(s.network(), alpha=s.alpha, steps=s.steps)
        x_lo, x_hi, y_lo, y_hi = view.window
        assert x_lo <= x <= x_hi and y_lo <= y <= y_hi   # the star is always on the map
        assert (f"diverged at step {traj.diverged_at}" in view.status.value) == traj.diverged

    @invariant()
    def the_numbers_show_the_state(self):
        s = self.ex.state
        net = ChainNetwork(s.w0, s.w1, s.w2, s.s0, s.target)
        assert self.ex.sliders.readout.value == (f"out = {rounded_text(net.forward().out, '.4f')},  "
                                                  f"C = {rounded_text(net.cost())}")
        stepper = self.ex.stepper
        assert (stepper.weight, stepper.step) == (s.chain_weight, s.chain_step)
        assert stepper.position.value == f"step {s.chain_step + 1} of {stepper.steps_total}"
        if stepper.current().last:
            weights = WEIGHTS if s.chain_weight == "all" else [s.chain_weight]
            for w in weights:
                assert rounded_text(net.gradient()[w], ".5g") in stepper.table.value
        assert self.ex.diagram.highlighted is not None

    @invariant()
    def the_training_and_the_marble_show_the_state(self):
        s, view = self.ex.state, self.ex.training
        traj = s.trajectory()
        assert view.cost_line.get_xdata()[-1] == traj.steps
        k = s.marble or 0
        assert view.iteration == k and view.play.value == k
        assert self.ex.landscape.map.marble == (k if k > 0 else None)   # the page draws it on row k

    @invariant()
    def the_race_starts_at_the_state(self):
        s, race = self.ex.state, self.race
        start = [getattr(s, s.x_weight), getattr(s, s.y_weight)]
        assert all(p["points"][0] == pytest.approx(start, rel=1e-12, abs=1e-12) for p in race.map.paths)
        assert race.map.shown == race.play.value
        expected = race_path(s.network(), "Adam", race.settings.Adam, race.settings.steps, s.held_weight)
        assert np.array_equal(race.paths["Adam"].weights, expected.weights)
        assert all(math.isfinite(v) for v in race.heads()["SGD"])

    @invariant()
    def a_value_typed_into_the_race_is_taken_exactly_and_every_box_shows_it(self):
        race = self.race
        values = {**{name: getattr(race.settings, name) for name in race.rates},
                  "steps": race.settings.steps, "shown": race.play.value}
        if self.race_typed is not None:
            name, value = self.race_typed
            assert values[name] == value and race.message.value == "", (name, value, self.actions)
        for name, value in values.items():
            assert race.boxes[name].value == shown(value), (name, self.actions)
        assert race.play.max == race.shown_slider.max == race.settings.steps, self.actions

    def teardown(self):
        import matplotlib.pyplot as plt
        plt.close("all")


# About 200 actions in a few minutes. No shrinking: it would replay hundreds of full draws,
# and a failure already lists every action that led to it (self.actions).
EXAMPLES, ACTIONS_EACH = 10, 20
LearnerAtTheExplorer.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=ACTIONS_EACH, deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TestLearnerAtTheExplorer = LearnerAtTheExplorer.TestCase
