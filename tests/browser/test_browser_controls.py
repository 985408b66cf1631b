"""What the stepper, probe, race and exercises promise a learner, pressed in a real JupyterLab.

The diagram's labels are checked from the kernel (tests/test_views_stepper.py): their text boxes
are matplotlib's, the same headless as in the page.
"""
from __future__ import annotations

import json
import re
import time

import pytest

import lab as lablib
from bpwidgets.chain import ChainNetwork
from bpwidgets.racing import race_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def controls(lab, browser):
    """tests/browser/controls.ipynb, opened and run once: a stepper, a probe, a race, an exercise."""
    page, errors = lablib.run_notebook(browser, lab, "tests/browser/controls.ipynb", figures=1, height=2600)
    yield page
    lablib.close_notebook(page, lab)


def _text(locator):
    return " ".join((locator.text_content() or "").split())


def test_next_advances_one_step_and_all_three_keeps_the_forward_step(controls):
    """Next shows 'step 2 of 13'; picking 'all three' at step 5 (a forward step, the same for every
    weight) shows 'step 5 of 14', not step 1."""
    page = controls
    position = page.locator(".widget-label", has_text=re.compile(r"^step \d+ of \d+$")).first
    assert _text(position) == "step 1 of 13"
    page.locator("button", has_text="Next").first.click()
    page.wait_for_function("el => el.textContent.trim() === 'step 2 of 13'", arg=position.element_handle())
    for _ in range(3):
        page.locator("button", has_text="Next").first.click()
    page.wait_for_function("el => el.textContent.trim() === 'step 5 of 13'", arg=position.element_handle())
    picker = page.locator("select").filter(has=page.locator("option", has_text="all three"))
    picker.select_option(label="all three: backpropagation")
    page.wait_for_function("el => el.textContent.trim() === 'step 5 of 14'", arg=position.element_handle())


def test_a_typed_h_of_1e8_reads_1e8_and_the_plot_marks_it(controls):
    """Typing 1e-8 into the probe's h box: the box and the header say 1e-8, and the plot's marker moves."""
    page = controls
    canvas = page.locator(lablib.FIGURE_CANVAS).first
    before = lablib.canvas_pixels(canvas)["hash"]
    box = lablib.readout(page, "nudge h")
    lablib.type_into(page, box, "1e-8")
    header = page.locator("th", has_text="nudge w1 by h")
    header.filter(has_text="h = 1e\u221208").wait_for(timeout=10_000)   # the minus sign, as every readout
    assert "1 → 1.00000001" in _text(header)
    assert float(box.input_value()) == 1e-8
    lablib.wait_for_canvas_change(canvas, before, timeout=10_000)


def test_h_beyond_its_bounds_is_said_and_arrow_keys_come_back(controls):
    """h typed as 1e9 reads 1 with a message; typed 0.001, ArrowRight then ArrowLeft on the h slider
    bring the box back to 0.001 exactly (the slider steps a tenth of a decade), the message gone."""
    page = controls
    box = lablib.readout(page, "nudge h")
    lablib.type_into(page, box, "1e9")
    message = page.locator(".widget-html", has_text="h is at most 1: set to 1")
    message.wait_for(timeout=10_000)
    assert lablib.wait_until(lambda: box.input_value() == "1", timeout=10), box.input_value()
    lablib.type_into(page, box, "0.001")
    assert lablib.wait_until(lambda: message.count() == 0, timeout=10)
    assert lablib.wait_until(lambda: box.input_value() == "0.001", timeout=10), box.input_value()
    handle = lablib.slider_by_label(page, "nudge h").locator(".noUi-handle")
    handle.focus()
    handle.press("ArrowRight")
    assert lablib.wait_until(lambda: box.input_value() == "0.00125892541179", timeout=10), box.input_value()
    handle.press("ArrowLeft")
    assert lablib.wait_until(lambda: box.input_value() == "0.001", timeout=10), box.input_value()
    page.locator("th", has_text="nudge w1 by h = 0.001:").wait_for(timeout=10_000)


def _standings(page):
    return _text(page.locator(".widget-html", has_text="SGD at step").first)


def test_the_race_starts_at_the_first_guess_and_play_moves_it(controls):
    """Before Play every racer is at step 0 with the first guess's cost 0.0565; Play moves them on."""
    page = controls
    assert "SGD at step 0: C = 0.0565" in _standings(page)
    race = page.locator(".widget-play").last
    race.locator("button").first.click()
    moved = lablib.wait_until(lambda: re.search(r"SGD at step ([1-9]\d*)", _standings(page)), timeout=15)
    assert moved, _standings(page)


def _race_step(page):
    return int(re.search(r"SGD at step (\d+)", _standings(page)).group(1))


def test_the_race_stop_button_pauses_where_the_racers_are(controls):
    """▶, then ■ after 3 or more steps: the racers stay where they are (1 s later too); Reset goes
    back to step 0."""
    page = controls
    race = page.locator(".widget-play").last
    page.locator("button[title^='stop, and back to step 0']").last.click()   # Reset
    assert lablib.wait_until(lambda: _race_step(page) == 0, timeout=10), _standings(page)
    race.locator("button").first.click()
    assert lablib.wait_until(lambda: _race_step(page) >= 3, timeout=15), _standings(page)
    race.locator("button").nth(1).click()   # ■
    time.sleep(0.5)
    stopped = _race_step(page)
    time.sleep(1.0)
    assert _race_step(page) == stopped > 0
    page.locator("button[title^='stop, and back to step 0']").last.click()
    assert lablib.wait_until(lambda: _race_step(page) == 0, timeout=10), _standings(page)


def test_a_race_rate_typed_3_reads_3_and_the_race_runs_with_3(controls):
    """Typing 3 into SGD's rate box: it reads 3 (not the slider's grid point 3.15), so does what a
    screen reader hears on the handle, and SGD's path is the descent with rate 3.0. 1e9 gets a
    message in the race saying it was set to 1000000; 0.5 typed back clears it."""
    page = controls
    box = lablib.readout(page, "SGD rate")
    lablib.type_into(page, box, "3")
    assert lablib.wait_until(lambda: lablib.kernel_value(page, "race.settings.SGD") == "3.0", timeout=10)
    time.sleep(0.5)   # nothing may snap it afterwards
    assert box.input_value() == "3"
    assert lablib.kernel_value(page, "race.settings.SGD") == "3.0"
    handle = lablib.slider_by_label(page, "SGD rate").locator(".noUi-handle")
    assert lablib.wait_until(lambda: handle.get_attribute("aria-valuetext") == "3", timeout=10)
    expected = race_path(ChainNetwork(), "SGD", 3.0, 50, "w0").weights[:, 1:].tolist()
    drawn = lablib.kernel_value(page, "[p['points'] for p in race.map.paths if p['name'] == 'SGD'][0]")
    assert json.loads(drawn) == expected   # what the page's map draws: the path with rate 3.0
    lablib.type_into(page, box, "1e9")
    message = page.get_by_text("SGD rate is at most 1000000: set to 1000000")
    message.first.wait_for(timeout=10_000)
    assert lablib.wait_until(lambda: box.input_value() == "1000000", timeout=10)
    lablib.type_into(page, box, "0.5")
    message.first.wait_for(state="detached", timeout=10_000)
    assert lablib.wait_until(lambda: lablib.kernel_value(page, "race.settings.SGD") == "0.5", timeout=10)


def test_a_wrong_answer_gets_feedback_and_the_right_one_is_correct(controls):
    """0.5 for 0.5 * 0.3 says 'too large'; 0.15 says 'Correct'."""
    page = controls
    box = page.locator("input[placeholder^='type, then press Enter']").last
    box.fill("0.5")
    box.press("Enter")
    page.locator(".widget-htmlmath", has_text="0.5 is too large").first.wait_for(timeout=10_000)
    box.fill("0.15")
    box.press("Enter")
    page.locator(".widget-htmlmath", has_text="Correct: 0.15").first.wait_for(timeout=10_000)


def test_lesson_09s_race_starts_at_the_first_guess_after_run_all(lab, browser):
    """Run All in lesson 09: the race shows the race from the lecture's start played to its end, as its
    saved picture does (SGD reaches 7.78e-17), not a later cell's random start."""
    page, errors = lablib.run_notebook(browser, lab, "lessons/09_batches_and_optimizers.ipynb", figures=0)
    try:
        standings = page.locator(".widget-html", has_text="SGD at step")
        standings.first.wait_for(timeout=30_000)
        assert lablib.wait_until(lambda: "SGD at step 50: C = 7.78e-17" in _standings(page), timeout=30), _standings(page)
        assert "Adam at step 50: C = 0.000168" in _standings(page)
    finally:
        lablib.close_notebook(page, lab)
