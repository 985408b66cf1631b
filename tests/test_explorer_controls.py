"""What the Explorer's core controls promise a learner, checked in the kernel (no browser).

Play plays to the end; a typed number stays what was typed (or a message says what was done);
the scenario picker names a scenario only while it holds; fine shows its narrowed range.
The same expectations in a real browser: tests/browser/test_browser_expectations.py.
"""
import numpy as np
import pytest

import bpwidgets as bp
from bpwidgets.racing import race_path
from bpwidgets.state import read_typed, shown


def play_in_the_page(play):
    """What the page's Play does: press play, then send value + 1 each tick while it plays."""
    play.set_state({"playing": True})
    shown = []
    while play.playing and play.value < play.max:
        play.set_state({"value": play.value + 1})
        shown.append(play.value)
    return shown


# --- Play -------------------------------------------------------------------------------

def test_play_plays_until_the_end():
    """Each tick moves the marble one step; playing goes on to the last step and stops there."""
    view = bp.TrainingView()
    shown = play_in_the_page(view.play)
    assert shown == list(range(1, 101))
    assert view.iteration == 100 and view.state.marble == 100
    assert not view.play.playing
    assert view.status.value.startswith("iteration 100 of 100")


def test_play_keeps_the_same_path_while_the_marble_moves():
    """A marble move is no new path: the trajectory object stays, so nothing stops playing."""
    ex = bp.Explorer()
    traj = ex.training.trajectory
    ex.training.play.set_state({"playing": True})
    for k in (1, 2, 3):
        ex.training.play.set_state({"value": k})
        assert ex.training.trajectory is traj and ex.training.play.playing
    assert ex.landscape.map.marble == 3


def test_pause_keeps_the_step_and_play_resumes_from_it():
    view = bp.TrainingView()
    view.play.set_state({"playing": True})
    for k in range(1, 8):
        view.play.set_state({"value": k})
    view.play.set_state({"playing": False})   # pause
    assert view.iteration == 7
    assert play_in_the_page(view.play) == list(range(8, 101))


def test_a_new_path_stops_playing_and_starts_over():
    """Changing alpha (a real change of the path) stops Play and puts the marble back at the start."""
    view = bp.TrainingView()
    view.play.set_state({"playing": True, "value": 5})
    view.state.alpha = 0.4
    assert not view.play.playing and view.iteration == 0 and view.state.marble is None


def test_step_pauses_and_moves_one_step():
    view = bp.TrainingView()
    view.play.set_state({"playing": True, "value": 5})
    view.step_button.click()
    assert view.iteration == 6 and not view.play.playing


def stop_in_the_page(play):
    """What the page's ■ does: pause, then send the Play's minimum."""
    play.set_state({"playing": False})
    play.set_state({"value": play.min})


def told_the_page(widget):
    """The names of the traits the kernel sends to the page from now on."""
    sent = []
    send_state = widget.send_state
    widget.send_state = lambda key=None: (sent.append(key), send_state(key))
    return sent


@pytest.mark.parametrize("make", [bp.TrainingView, bp.OptimizerRace], ids=["training", "race"])
def test_stop_pauses_where_it_is_and_reset_goes_back_to_0(make):
    """■ after 7 ticks: the step stays 7 (what the view shows and the page is told), Play resumes
    from there; Reset is what goes back to 0."""
    view = make()
    view.play.set_state({"playing": True})
    for k in range(1, 8):
        view.play.set_state({"value": k})
    sent = told_the_page(view.play)
    stop_in_the_page(view.play)
    assert not view.play.playing and view.play.value == 7 and "value" in sent
    if make is bp.TrainingView:
        assert view.iteration == view.state.marble == view.iteration_slider.value == 7
        assert view.status.value.startswith("iteration 7 of 100")
    else:
        assert view.shown == view.map.shown == view.shown_slider.value == 7
        assert "SGD at step 7:" in view.status.value
    stop_in_the_page(view.play)   # ■ again, paused: still 7
    assert view.play.value == 7
    assert play_in_the_page(view.play)[0] == 8
    view.reset_button.click()
    assert view.play.value == 0 and not view.play.playing


def test_play_at_the_end_still_starts_over():
    """At the last step ▶ restarts from 0 (the page sends the minimum while playing): that is no ■."""
    view = bp.TrainingView(bp.NetworkState(steps=5))
    play_in_the_page(view.play)
    assert view.iteration == 5
    view.play.set_state({"playing": True})
    view.play.set_state({"value": 0})
    assert view.iteration == 0 and view.play.playing


@pytest.mark.parametrize("make", [bp.TrainingView, bp.OptimizerRace], ids=["training", "race"])
def test_every_play_step_and_reset_button_has_a_tooltip(make):
    """The Play (its ▶/⏸ and ■ buttons), Step and Reset each say what they do when hovered. The page
    shows a Play's tooltip only when its description is empty."""
    view = make()
    assert view.play.description == "" and "■ stop here (the step stays)" in view.play.tooltip
    assert "Reset goes back to step 0" in view.play.tooltip
    assert view.step_button.tooltip.startswith("one ")
    assert view.reset_button.tooltip.startswith("stop, and back to ")


# --- typed numbers stay -----------------------------------------------------------------

def type_into(sliders, name, text):
    sliders.boxes[name].set_state({"value": text})   # what the page sends on Enter


@pytest.mark.parametrize("text, value", [("1", 1.0), ("2", 2.0), ("3", 3.0), ("10", 10.0),
                                         ("1000", 1000.0), ("0", 0.0), ("0.0123", 0.0123)])
def test_typed_alpha_is_taken_exactly(text, value):
    """alpha typed inside the state's bounds is the state's value and the box shows it as typed."""
    ex = bp.Explorer()
    type_into(ex.sliders, "alpha", text)
    assert ex.state.alpha == value
    assert ex.sliders.boxes["alpha"].value == text
    assert ex.sliders.message.value == ""
    assert ex.share_line() == f"bp.Explorer(bp.NetworkState(alpha={value!r}))"


def test_alpha_beyond_the_slider_keeps_its_value_with_a_red_handle():
    ex = bp.Explorer()
    type_into(ex.sliders, "alpha", "1000")
    assert ex.state.alpha == 1000.0 and ex.sliders.boxes["alpha"].value == "1000"
    assert ex.sliders.alpha.style.handle_color == "#b00020"
    assert ex.sliders.alpha.tooltip == "alpha = 1000, beyond this slider's range"


@pytest.mark.parametrize("name, text, value, message", [
    ("steps", "1e9", 10000, "steps is at most 10000: set to 10000"),
    ("steps", "2.7", 100, "steps must be a whole number: kept 100"),
    ("steps", "-5", 0, "steps is at least 0: set to 0"),
    ("alpha", "-1", 0.0, "alpha is at least 0: set to 0"),
    ("w1", "1e7", 1e6, "w1 is at most 1000000: set to 1000000"),
    ("w1", "one", 1.0, "w1 must be a number: kept 1"),
    ("target", "nan", 0.7, "target must be a number: kept 0.7"),
])
def test_a_typed_value_beyond_the_bounds_is_said_in_the_widget(name, text, value, message):
    sliders = bp.WeightSliders()
    type_into(sliders, name, text)
    assert getattr(sliders.state, name) == value
    assert sliders.boxes[name].value == shown(value)
    assert message in sliders.message.value


def test_the_message_goes_with_the_next_change():
    sliders = bp.WeightSliders()
    type_into(sliders, "steps", "1e9")
    assert "at most" in sliders.message.value
    sliders.w1.set_state({"value": 1.5})
    assert sliders.message.value == ""


def test_typed_steps_within_the_bounds_are_taken_beyond_the_slider():
    sliders = bp.WeightSliders()
    type_into(sliders, "steps", "5000")
    assert sliders.state.steps == 5000 and sliders.boxes["steps"].value == "5000"


def test_a_weight_typed_beyond_its_slider_stays():
    """w1 typed as 8 (the slider ends at 6) stays 8: a red handle says it lies beyond the slider."""
    sliders = bp.WeightSliders()
    type_into(sliders, "w1", "8")
    assert sliders.state.w1 == 8.0 and sliders.boxes["w1"].value == "8"
    assert sliders.w1.style.handle_color == "#b00020"


def test_the_oscillating_scenario_reads_alpha_3():
    ex = bp.Explorer(scenario="oscillating")
    assert ex.sliders.boxes["alpha"].value == "3"
    assert ex.share_line() == "bp.Explorer(scenario='oscillating')"


def test_the_page_snapping_the_slider_leaves_the_typed_value():
    """After typing 3, the browser may send back the slider's grid point (3.15): alpha stays 3."""
    sliders = bp.WeightSliders()
    type_into(sliders, "alpha", "3")
    sliders.alpha.set_state({"value": 0.5 * 10 ** (16 / 20)})   # 3.15, within half a grid step
    assert sliders.state.alpha == 3.0 and sliders.boxes["alpha"].value == "3"


def test_dragging_alpha_takes_the_slider_value():
    """A drag takes the slider's grid point (what the page's map also draws), to 12 digits."""
    sliders = bp.WeightSliders()
    sliders.alpha.set_state({"value": 0.5 * 10 ** (2 / 20)})   # two grid steps up: 0.6294...
    assert sliders.state.alpha == 0.629462705897 and sliders.boxes["alpha"].value == "0.629462705897"


def test_read_typed_takes_values_inside_the_bounds_exactly():
    assert read_typed("alpha", " 3 ", 0.5) == (3.0, "")
    assert read_typed("w0", "-6.5", 2.0) == (-6.5, "")
    assert read_typed("steps", "1e3", 100) == (1000, "")


def test_read_typed_takes_bounds_of_a_views_own_number():
    """A view's own number (the race's steps shown) has its own bounds; whole-number bounds take whole numbers."""
    assert read_typed("shown", "7", 0, (0, 50)) == (7, "")
    assert read_typed("shown", "2.5", 4, (0, 50)) == (4, "shown must be a whole number: kept 4")
    assert read_typed("SGD rate", "1e9", 0.5, (0.0, 1e6)) == (1e6, "SGD rate is at most 1000000: set to 1000000")


# --- the race's typed numbers stay (the same rules as the Explorer's) -------------------

RACE_DEFAULTS = {"SGD": 0.5, "Momentum": 0.05, "Adam": 0.1}


@pytest.mark.parametrize("racer", sorted(RACE_DEFAULTS))
@pytest.mark.parametrize("text, value, message", [
    ("3", 3.0, ""),
    ("0", 0.0, ""),
    ("0.0123", 0.0123, ""),
    ("-1", 0.0, "{racer} rate is at least 0: set to 0"),
    ("1e9", 1e6, "{racer} rate is at most 1000000: set to 1000000"),
    ("abc", None, "{racer} rate must be a number: kept {default}"),
])
def test_a_rate_typed_into_the_race_is_taken_exactly_or_said(racer, text, value, message):
    """A rate typed inside 0..1e6 is the racer's rate exactly (3, not the slider's 3.15; 0, not
    0.00998) and its box shows it; beyond, or not a number, a message in the race says what was done."""
    race = bp.OptimizerRace()
    default = RACE_DEFAULTS[racer]
    value = default if value is None else value
    race.boxes[racer].set_state({"value": text})   # what the page sends on Enter
    assert getattr(race.settings, racer) == value
    assert race.boxes[racer].value == shown(value)
    said = message.format(racer=racer, default=shown(default))
    assert race.message.value == (f"<span style='color: #b00020'>{said}</span>" if said else "")
    expected = race_path(race.state.network(), racer, value, 50, "w0")
    np.testing.assert_array_equal(race.paths[racer].weights, expected.weights)
    assert f"{racer} rate = {shown(value)}" in race.static_html()   # the saved picture says it too


def test_a_typed_rate_3_stays_3_when_the_page_snaps_the_slider():
    """The page puts the slider's handle on its grid (3.15) and sends that back: the rate stays 3."""
    race = bp.OptimizerRace()
    race.boxes["SGD"].set_state({"value": "3"})
    race.rates["SGD"].set_state({"value": 0.5 * 10 ** (16 / 20)})   # 3.15, within half a grid step
    assert race.settings.SGD == 3.0 and race.boxes["SGD"].value == "3"
    np.testing.assert_array_equal(race.paths["SGD"].weights,
                                  race_path(race.state.network(), "SGD", 3.0, 50, "w0").weights)


def test_dragging_a_race_rate_takes_the_slider_value():
    race = bp.OptimizerRace()
    race.rates["Adam"].set_state({"value": 0.1 * 10 ** (2 / 20)})   # two grid steps up: 0.1258...
    assert race.settings.Adam == 0.125892541179 and race.boxes["Adam"].value == "0.125892541179"


def test_a_rate_beyond_its_slider_stays_with_a_red_handle():
    """Momentum's slider ends at 1: a typed 3 is kept, the handle is red and its tooltip says 3."""
    race = bp.OptimizerRace()
    race.boxes["Momentum"].set_state({"value": "3"})
    assert race.settings.Momentum == 3.0 and race.boxes["Momentum"].value == "3"
    assert race.rates["Momentum"].style.handle_color == "#b00020"
    assert race.rates["Momentum"].tooltip == "Momentum rate = 3, beyond this slider's range"
    race.boxes["Momentum"].set_state({"value": "0.5"})
    assert race.rates["Momentum"].style.handle_color is None
    assert race.rates["Momentum"].tooltip == "Momentum's learning rate"


def test_the_race_message_goes_once_a_good_value_is_typed():
    race = bp.OptimizerRace()
    race.boxes["Adam"].set_state({"value": "abc"})
    assert "Adam rate must be a number: kept 0.1" in race.message.value
    race.boxes["Adam"].set_state({"value": "0.2"})
    assert race.message.value == "" and race.settings.Adam == 0.2


@pytest.mark.parametrize("name, text, value, message", [
    ("steps", "3", 3, ""), ("steps", "500", 500, ""),   # 500: beyond the slider (200), the handle red
    ("steps", "0", 1, "steps is at least 1: set to 1"), ("steps", "-1", 1, "steps is at least 1: set to 1"),
    ("steps", "1e9", 1000, "steps is at most 1000: set to 1000"),
    ("steps", "abc", 50, "steps must be a number: kept 50"),
    ("steps", "2.5", 50, "steps must be a whole number: kept 50"),
    ("shown", "3", 3, ""), ("shown", "0", 0, ""), ("shown", "-1", 0, "shown is at least 0: set to 0"),
    ("shown", "1e9", 50, "shown is at most 50: set to 50"), ("shown", "abc", 7, "shown must be a number: kept 7"),
])
def test_steps_and_steps_shown_typed_into_the_race_are_taken_exactly_or_said(name, text, value, message):
    """The race's length, or the steps drawn (the heads), typed: a whole number in bounds exactly;
    beyond them the nearest end, and a message."""
    race = bp.OptimizerRace()
    race.shown_slider.set_state({"value": 7})   # the learner drags the steps shown to 7
    race.boxes[name].set_state({"value": text})
    assert race.boxes[name].value == str(value)
    assert message in race.message.value and bool(message) == bool(race.message.value)
    if name == "steps":
        assert race.settings.steps == race.play.max == race.shown_slider.max == value
        assert all(path.steps == value for path in race.paths.values())
        assert (race.steps_slider.style.handle_color == "#b00020") == (value > 200)
    else:
        assert race.play.value == race.shown_slider.value == race.map.shown == value
        assert f"SGD at step {value}:" in race.status.value


# --- the scenario picker is never stale -----------------------------------------------

def test_the_picker_starts_naming_the_lectures_first_guess():
    ex = bp.Explorer()
    assert ex.scenario_picker.label == "first-guess"
    assert "The lecture's first guess" in ex.scenario_note.value
    assert ex.share_line() == "bp.Explorer()"


def test_the_picker_names_a_scenario_only_while_it_holds():
    ex = bp.Explorer()
    ex.scenario_picker.set_state({"index": ex.scenario_picker.options.index(("slow", "slow"))})
    assert ex.state.alpha == 0.02 and ex.scenario_picker.label == "slow"
    assert "too small" in ex.scenario_note.value
    ex.training.play.set_state({"value": 4})   # playing the path is still the scenario
    assert ex.scenario_picker.label == "slow"
    ex.sliders.w1.set_state({"value": 1.2})
    assert ex.scenario_picker.label == "choose a scenario..." and ex.scenario_note.value == ""
    assert ex.state.w1 == 1.2 and ex.state.alpha == 0.02   # leaving the scenario changed nothing else


def test_the_picker_names_the_scenario_again_when_its_values_come_back():
    """Moved away, then w1 typed back to 1: the state is "slow" again, and the picker says so."""
    ex = bp.Explorer(scenario="slow")
    ex.sliders.w1.set_state({"value": 1.2})
    assert ex.scenario_picker.label == "choose a scenario..."
    type_into(ex.sliders, "w1", "1")
    assert ex.scenario_picker.label == "slow"
    assert ex.scenario_note.value == f"<i>{bp.SCENARIOS['slow'].explanation}</i>"
    assert ex.share_line() == "bp.Explorer(scenario='slow')"


def test_the_placeholder_gives_way_to_the_scenario_the_state_holds():
    ex = bp.Explorer(scenario="oscillating")
    ex.scenario_picker.set_state({"index": 0})   # the learner picks "choose a scenario..."
    assert ex.scenario_picker.label == "oscillating" and ex.state.alpha == 3.0


def test_reset_names_the_first_guess():
    ex = bp.Explorer(scenario="slow")
    ex.sliders.reset_button.click()
    assert ex.state.alpha == 0.5
    assert ex.scenario_picker.label == "first-guess"
    assert ex.scenario_note.value == f"<i>{bp.SCENARIOS['first-guess'].explanation}</i>"


def test_a_typed_value_leaves_the_scenario():
    ex = bp.Explorer(scenario="oscillating")
    type_into(ex.sliders, "alpha", "2")
    assert ex.scenario_picker.value == "" and ex.share_line() == (
        "bp.Explorer(bp.NetworkState(alpha=2.0, x_weight='w2', y_weight='w1'))")


# --- fine shows its narrowed range --------------------------------------------------------

def test_fine_narrows_every_slider_and_shows_the_range():
    sliders = bp.WeightSliders()
    sliders.fine.value = True
    assert (sliders.w1.min, sliders.w1.max) == (0.5, 1.5)
    assert "0.5 to 1.5" in sliders.ranges["w1"].value and sliders.ranges["w1"].layout.display is None
    assert "0.158 to 1.58" in sliders.ranges["alpha"].value
    assert sliders.state.w1 == 1.0 and sliders.boxes["w1"].value == "1"   # the value did not move
    sliders.fine.value = False
    assert (sliders.w1.min, sliders.w1.max) == (-6.0, 6.0)
    assert sliders.ranges["w1"].layout.display == "none" and sliders.fine.description == "fine"


def test_fine_says_per_slider_how_far_it_reaches():
    """Beside each slider, its own reach: a weight +-0.5, alpha a factor of 3.16 each way (half a
    decade on its log scale), and that is what the slider's ends are."""
    sliders = bp.WeightSliders()
    sliders.fine.value = True
    assert sliders.ranges["w1"].value.count("\u00b10.5<br>0.5 to 1.5") == 1
    assert sliders.ranges["alpha"].value.count("\u00d7/\u00f7 3.16<br>0.158 to 1.58") == 1
    assert "\u00b1" not in sliders.ranges["alpha"].value
    low, high = 10 ** sliders.alpha.min, 10 ** sliders.alpha.max
    assert 0.5 / low == pytest.approx(3.16, rel=1e-3) and high / 0.5 == pytest.approx(3.16, rel=1e-3)
    assert sliders.fine.description == "fine"   # no one number on the button for all the sliders
    assert "alpha \u00d7/\u00f7 3.16" in sliders.fine.tooltip and "/3 to x3" not in sliders.fine.tooltip
    sliders.state.w1 = -5.9   # negative ends with the minus sign
    assert "\u00b10.5<br>\u22126.4 to \u22125.4" in sliders.ranges["w1"].value


def test_fine_lets_the_lesson_01_mission_be_dragged():
    """One slider step in fine is 0.01 of w2: out moves by under 0.01, so 0.7 +- 0.01 is reachable."""
    sliders = bp.WeightSliders()
    sliders.fine.value = True
    sliders.w2.set_state({"value": 0.96})   # the end of w2's fine range is 1.0
    out = sliders.state.network().forward().out
    assert abs(out - 0.7) < 0.01


def test_fine_ranges_follow_reset_so_each_contains_its_value():
    """Typed w0=3 and alpha=1e9, fine, then Reset: fine stays on, centred on w0=2 and alpha=0.5."""
    sliders = bp.WeightSliders()
    sliders.boxes["w0"].value = "3"
    sliders.boxes["alpha"].value = "1e9"   # taken as the state's limit, 1e6
    sliders.fine.value = True
    assert (sliders.w0.min, sliders.w0.max) == (2.5, 3.5)
    assert sliders.alpha.min <= 6 == sliders.alpha.max   # 1e6 is inside alpha's fine range
    assert sliders.alpha.style.handle_color is None
    sliders.reset_button.click()
    assert sliders.fine.value and "\u00b10.5" in sliders.ranges["w0"].value
    assert (sliders.state.w0, sliders.state.alpha) == (2.0, 0.5)
    assert (sliders.w0.min, sliders.w0.max) == (1.5, 2.5) and "1.5 to 2.5" in sliders.ranges["w0"].value
    assert "0.158 to 1.58" in sliders.ranges["alpha"].value
    assert sliders.w0.value == 2.0 and sliders.w0.style.handle_color is None
    assert sliders.alpha.style.handle_color is None


def test_fine_range_follows_a_value_set_in_code_and_stays_while_dragging_inside():
    sliders = bp.WeightSliders()
    sliders.fine.value = True
    sliders.w1.set_state({"value": 1.3})   # a drag inside the fine range: the range stays
    assert (sliders.w1.min, sliders.w1.max) == (0.5, 1.5)
    sliders.state.w1 = -5.9                # code (or a scenario, a map click) moves it outside
    assert (sliders.w1.min, sliders.w1.max) == pytest.approx((-6.4, -5.4))
    assert sliders.w1.value == -5.9 and sliders.state.w1 == -5.9
    sliders.state.alpha = 1e5              # beyond the wide slider: fine still centres on it
    assert (sliders.alpha.min, sliders.alpha.max) == pytest.approx((4.5, 5.5))
    assert "3.16e+04 to 3.16e+05" in sliders.ranges["alpha"].value


def test_fine_alpha_dragged_to_the_end_of_its_range_takes_that_value():
    """A case hypothesis found (test_learner_paths): with fine on around alpha = 0.112, a drag to
    the top end sends 10^-0.601; the state keeps it cleaned to 12 digits (a hair beyond the end),
    and the range stays put under the drag instead of breaking the slider's link."""
    sliders = bp.WeightSliders(bp.NetworkState(alpha=0.111936056928))
    sliders.fine.value = True
    low, high = sliders.alpha.min, sliders.alpha.max
    sliders.alpha.set_state({"value": 10 ** high})
    assert sliders.state.alpha == pytest.approx(10 ** high, rel=1e-12)
    assert (sliders.alpha.min, sliders.alpha.max) == (low, high)
    assert sliders.alpha.style.handle_color is None   # at the end, not beyond it


# --- numbers read as numbers: no "-0", one minus sign ------------------------------------

def test_out_that_rounds_to_zero_reads_0_not_minus_0():
    """w2 = -1e-6 makes out = -7.3e-7: the readout says 0.0000, not -0.0000."""
    sliders = bp.WeightSliders(bp.NetworkState(w2=-1e-6))
    assert sliders.readout.value.startswith("out = 0.0000,  C = ")
    sliders.state.w2 = -0.5
    assert sliders.readout.value.startswith("out = \u22120.3638,  C = ")   # the minus sign


def test_readouts_write_negative_numbers_with_the_minus_sign_and_boxes_with_a_hyphen():
    """Text that is read (readout, sliders' and landscape's descriptions) uses "\u2212"; a box the
    learner types into shows "-", and takes a pasted "\u2212" too."""
    ex = bp.Explorer(scenario="saturated")   # w1 = -6
    assert ex.sliders.boxes["w1"].value == "-6"
    assert "w1 = \u22126," in ex.sliders.describe() and "(\u22126, 0.5)" in ex.landscape.describe()
    assert "-" not in ex.sliders.readout.value and "-6" not in ex.landscape.describe()
    type_into(ex.sliders, "w1", "\u22125.5")
    assert ex.state.w1 == -5.5 and ex.sliders.boxes["w1"].value == "-5.5"


@pytest.mark.parametrize("make", [bp.TrainingView, bp.OptimizerRace], ids=["training", "race"])
def test_a_tick_sent_before_the_page_heard_of_reset_is_not_a_step(make):
    """Reset while playing: the page, still playing, may send one more tick before it hears of the
    pause. That tick must not move the view off step 0 (the race's browser test saw step 2)."""
    view = make()
    view.play.set_state({"playing": True})
    for k in (1, 2):
        view.play.set_state({"value": k})
    view.reset_button.click()
    view.play.set_state({"value": 3})   # in flight when Reset was pressed
    assert view.play.value == 0 and not view.play.playing
