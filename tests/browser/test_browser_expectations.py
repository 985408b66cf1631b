"""What a learner expects of the Explorer's core controls, in a real JupyterLab (and Notebook 7).

Each test is one action of a learner and the visible effect it promises: Play plays to the end;
a typed number reads as typed and is the kernel's value; a value beyond the bounds gets a message
in the widget; the scenario picker names a scenario exactly while it holds; fine shows each slider's
reach and range; a screen reader hears the value the readout shows; in Notebook 7 the arrow keys move a focused slider and fold no heading.
The same logic without a browser: tests/test_explorer_controls.py.
"""
from __future__ import annotations

import json
import re
import time

import pytest

import lab as lablib
from lab import kernel_value

pytestmark = pytest.mark.browser

PLACEHOLDER = "choose a scenario..."


def run_in_kernel(page, code):
    kernel_value(page, f"exec({code!r})")


@pytest.fixture
def ex(explorer):
    """The Explorer page, back at the lecture's first guess (the picker names it), fine off, first tab."""
    page = explorer.page
    run_in_kernel(page, "ex.sliders.fine.value = False; ex.training.play.playing = False; "
                        "ex.scenario_picker.value = ''; ex.state.reset(); ex.tabs.selected_index = 0")
    first_guess = {"w0": "2", "w1": "1", "w2": "0.5", "alpha": "0.5", "steps": "100"}
    assert lablib.wait_until(lambda: all(lablib.readout(page, name).input_value() == value
                                         for name, value in first_guess.items()), timeout=10)
    return explorer


def picker_text(page):
    picker = page.locator("select").filter(has=page.locator("option", has_text="oscillating")).first
    text = picker.evaluate("s => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text")
    return text.replace("\u00a0", " ")   # ipywidgets shows an option's spaces as no-break spaces


def iteration_shown(page):
    """The training view's iteration, as its status line shows it ("iteration k of n: ...")."""
    status = page.locator(".widget-html", has_text="iteration ").filter(has_text=" of ").first
    text = status.text_content()
    return int(text.split("iteration ")[1].split(" of ")[0])


def test_the_scenario_picker_names_the_first_guess_it_starts_on(ex):
    assert lablib.wait_until(lambda: picker_text(ex.page) == "first-guess"), picker_text(ex.page)
    ex.page.get_by_text("The lecture's first guess: w0 = 2").first.wait_for(timeout=10_000)


def test_play_plays_until_the_end(ex):
    """Play in the training tab: the marble moves at least 5 steps within 3 s, then on to the
    last step, and stops there."""
    page = ex.page
    lablib.type_into(page, lablib.readout(page, "steps"), "30")
    assert lablib.wait_until(lambda: kernel_value(page, "ex.state.steps") == "30", timeout=10)
    page.locator(".lm-TabBar-tabLabel", has_text="training").first.click()
    assert lablib.wait_until(lambda: iteration_shown(page) == 0, timeout=10)
    page.locator(".widget-play button").first.click()
    start = time.monotonic()
    assert lablib.wait_until(lambda: iteration_shown(page) >= 5, timeout=3.0), \
        f"after 3 s the marble is at step {iteration_shown(page)}"
    assert lablib.wait_until(lambda: iteration_shown(page) == 30, timeout=30), iteration_shown(page)
    print(f"30 steps played in {time.monotonic() - start:.1f} s")
    time.sleep(1.0)
    assert iteration_shown(page) == 30
    assert kernel_value(page, "(ex.state.marble, ex.training.play.playing)") == "(30, False)"
    page.screenshot(path=str(lablib.screenshot_path("expectations-played.png")), full_page=True)
    assert ex.errors == []


def test_pause_stops_the_marble_where_it_is(ex):
    page = ex.page
    page.locator(".lm-TabBar-tabLabel", has_text="training").first.click()
    assert lablib.wait_until(lambda: iteration_shown(page) == 0, timeout=10)
    buttons = page.locator(".widget-play button")
    buttons.first.click()
    assert lablib.wait_until(lambda: iteration_shown(page) >= 3, timeout=5)
    buttons.first.click()   # ipywidgets 8: one play/pause button, then stop
    time.sleep(0.5)
    paused = iteration_shown(page)
    time.sleep(1.0)
    assert iteration_shown(page) == paused < 100
    assert kernel_value(page, "ex.state.marble") == str(paused)


def test_stop_pauses_the_marble_where_it_is_and_every_button_says_what_it_does(ex):
    """■ after 3 or more steps: the step shown stays, 1 s later too, and is the kernel's marble
    (ipywidgets' own ■ went back to step 0: Reset does that). Hovering Play, ■, Step or Reset
    shows a tooltip."""
    page = ex.page
    page.locator(".lm-TabBar-tabLabel", has_text="training").first.click()
    reset = page.locator("button[title^='stop, and back to iteration 0']").first
    reset.click()   # (an earlier test may have left the marble on the way)
    assert lablib.wait_until(lambda: iteration_shown(page) == 0, timeout=10)
    play = page.locator(".widget-play").filter(visible=True).first
    buttons = play.locator("button")
    buttons.first.click()
    assert lablib.wait_until(lambda: iteration_shown(page) >= 3, timeout=5)
    buttons.nth(1).click()   # ■
    time.sleep(0.5)
    stopped = iteration_shown(page)
    time.sleep(1.0)
    assert iteration_shown(page) == stopped > 0
    assert kernel_value(page, "(ex.state.marble, ex.training.play.playing)") == f"({stopped}, False)"
    buttons.first.click()   # ▶ again: on from there, not from step 1
    assert lablib.wait_until(lambda: iteration_shown(page) != stopped, timeout=5)
    assert iteration_shown(page) > stopped
    buttons.first.click()   # ⏸
    # a tooltip for each button: the Play's title covers its ▶/⏸ and ■ buttons
    titles = buttons.evaluate_all("bs => bs.slice(0, 2).map(b => b.closest('[title]')?.title || '')")
    assert all("■ stop here" in t for t in titles), titles
    training = page.locator(".jp-OutputArea-output .widget-tab-contents").first
    for name in ("Step", "Reset"):
        button = training.locator("button", has_text=re.compile(rf"^\s*{name}\s*$")).first
        assert button.get_attribute("title"), f"{name} has no tooltip"
    reset.click()
    assert lablib.wait_until(lambda: iteration_shown(page) == 0, timeout=10)
    assert ex.errors == []


def test_typed_3_reads_3_and_the_state_is_3(ex):
    page = ex.page
    box = lablib.readout(page, "alpha")
    lablib.type_into(page, box, "3")
    assert lablib.wait_until(lambda: kernel_value(page, "ex.state.alpha") == "3.0", timeout=10)
    time.sleep(0.5)   # nothing may snap it afterwards
    assert box.input_value() == "3"
    assert kernel_value(page, "ex.state.alpha") == "3.0"
    assert kernel_value(page, "ex.share_line()") == repr("bp.Explorer(bp.NetworkState(alpha=3.0))")


def test_steps_typed_beyond_the_bounds_says_what_it_did(ex):
    page = ex.page
    box = lablib.readout(page, "steps")
    lablib.type_into(page, box, "1e9")
    message = page.get_by_text("steps is at most 10000: set to 10000")
    message.first.wait_for(timeout=10_000)
    assert message.first.is_visible()
    assert lablib.wait_until(lambda: box.input_value() == "10000", timeout=10)
    assert kernel_value(page, "ex.state.steps") == "10000"


def test_a_weight_typed_beyond_its_slider_stays(ex):
    page = ex.page
    box = lablib.readout(page, "w1")
    lablib.type_into(page, box, "8")
    assert lablib.wait_until(lambda: kernel_value(page, "ex.state.w1") == "8.0", timeout=10)
    assert lablib.wait_until(lambda: box.input_value() == "8", timeout=10)
    handle = lablib.slider_by_label(page, "w1").locator(".noUi-handle")
    assert lablib.wait_until(lambda: handle.evaluate("h => getComputedStyle(h).backgroundColor")
                             == "rgb(176, 0, 32)", timeout=10)   # red: beyond the slider's range
    # the map the page draws puts the star at 8 too, not at the slider's end (6)
    label = lambda: page.locator(".bp-contour-map canvas").first.get_attribute("aria-label")
    assert lablib.wait_until(lambda: "Start (star) at w1 = 8," in label(), timeout=10), label()


def test_a_scenario_name_shows_only_while_the_state_is_that_scenario(ex):
    page = ex.page
    picker = page.locator("select").filter(has=page.locator("option", has_text="oscillating")).first
    picker.select_option(label="slow")
    note = page.get_by_text("alpha = 0.02 is too small")
    note.first.wait_for(timeout=10_000)
    assert lablib.wait_until(lambda: lablib.readout(page, "alpha").input_value() == "0.02", timeout=10)
    assert picker_text(page) == "slow"
    handle = lablib.slider_by_label(page, "w1").locator(".noUi-handle")
    handle.focus()
    handle.press("ArrowRight")
    assert lablib.wait_until(lambda: picker_text(page) == PLACEHOLDER, timeout=10), picker_text(page)
    assert lablib.wait_until(lambda: note.count() == 0, timeout=10)
    assert kernel_value(page, "(ex.state.w1, ex.state.alpha)") == "(1.01, 0.02)"


def test_reset_names_the_first_guess(ex):
    page = ex.page
    picker = page.locator("select").filter(has=page.locator("option", has_text="oscillating")).first
    picker.select_option(label="oscillating")
    assert lablib.wait_until(lambda: lablib.readout(page, "alpha").input_value() == "3", timeout=10)
    page.locator(".widget-button", has_text="Reset").first.click()
    assert lablib.wait_until(lambda: lablib.readout(page, "alpha").input_value() == "0.5", timeout=10)
    assert lablib.wait_until(lambda: picker_text(page) == "first-guess", timeout=10), picker_text(page)


def test_values_typed_back_name_the_scenario_again(ex):
    """slow, w1 moved (the placeholder), then w1 typed back to 1: the picker says "slow" again,
    with its explanation."""
    page = ex.page
    picker = page.locator("select").filter(has=page.locator("option", has_text="oscillating")).first
    picker.select_option(label="slow")
    assert lablib.wait_until(lambda: lablib.readout(page, "alpha").input_value() == "0.02", timeout=10)
    lablib.type_into(page, lablib.readout(page, "w1"), "1.2")
    assert lablib.wait_until(lambda: picker_text(page) == PLACEHOLDER, timeout=10), picker_text(page)
    note = page.get_by_text("alpha = 0.02 is too small")
    assert lablib.wait_until(lambda: note.count() == 0, timeout=10)
    lablib.type_into(page, lablib.readout(page, "w1"), "1")
    assert lablib.wait_until(lambda: picker_text(page) == "slow", timeout=10), picker_text(page)
    note.first.wait_for(timeout=10_000)
    assert kernel_value(page, "(ex.state.w1, ex.state.alpha)") == "(1.0, 0.02)"


def test_fine_narrows_the_sliders_and_shows_their_range(ex):
    page = ex.page
    page.locator(".widget-toggle-button", has_text="fine").first.click()
    page.get_by_text("0.5 to 1.5").first.wait_for(timeout=10_000)   # w1 = 1: its range, beside it
    handle = lablib.slider_by_label(page, "w1").locator(".noUi-handle")
    assert lablib.wait_until(lambda: (handle.get_attribute("aria-valuemin"),
                                      handle.get_attribute("aria-valuemax")) == ("0.5", "1.5"), timeout=10)
    reach = lambda text: page.get_by_text(text).count()
    assert lablib.wait_until(lambda: reach("\u00d7/\u00f7 3.16") == 1, timeout=10)   # alpha: half a decade each way
    assert lablib.wait_until(lambda: reach("\u00b10.5") == 5, timeout=10), reach("\u00b10.5")   # w0, w1, w2, s0, target
    assert lablib.readout(page, "w1").input_value() == "1"   # the value itself did not move
    page.screenshot(path=str(lablib.screenshot_path("expectations-fine.png")), full_page=True)


def test_a_screen_reader_hears_the_value_the_readout_shows(ex):
    """w1 = 0.75 is announced as 0.75 (noUiSlider's own aria-valuenow said 0.8), a typed 0.753 as
    0.753, alpha as 3 (not its exponent), a value beyond the slider as itself, an arrow key's move
    as the new value."""
    page = ex.page
    handle = lambda name: lablib.slider_by_label(page, name).locator(".noUi-handle")
    heard = lambda name: handle(name).get_attribute("aria-valuetext")
    run_in_kernel(page, "ex.state.w1 = 0.75")
    assert lablib.wait_until(lambda: lablib.readout(page, "w1").input_value() == "0.75", timeout=10)
    assert lablib.wait_until(lambda: heard("w1") == "0.75", timeout=5), heard("w1")
    assert handle("w1").get_attribute("aria-valuenow") == "0.75"   # noUiSlider's own: 0.8
    for name, typed in (("w1", "0.753"), ("alpha", "3"), ("w0", "8")):
        lablib.type_into(page, lablib.readout(page, name), typed)
        assert lablib.wait_until(lambda: heard(name) == typed, timeout=10), (name, heard(name))
    handle("w2").focus()
    handle("w2").press("ArrowRight")
    assert lablib.wait_until(lambda: lablib.readout(page, "w2").input_value() == "0.51", timeout=10)
    assert lablib.wait_until(lambda: heard("w2") == "0.51", timeout=5), heard("w2")
    assert heard("w1") == "0.753" and heard("alpha") == "3"   # the others kept theirs
    assert ex.errors == []


# --- Jupyter Notebook 7 ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def notebook7(chromium_path, browser):
    """tests/browser/notebook7.ipynb (a heading, then WeightSliders) run in Jupyter Notebook 7."""
    server = lablib.start_lab(app="notebook")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        page.goto(server.url(f"notebooks/tests/browser/notebook7.ipynb?token={server.token}"),
                  wait_until="domcontentloaded")
        page.add_locator_handler(page.locator(".jp-Dialog .jp-mod-accept"), lambda loc: loc.click())
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
        lablib.wait_for_kernel(page)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        lablib.slider_by_label(page, "w1").locator(".noUi-handle").wait_for(timeout=60_000)
        yield page
    finally:
        page.context.close()
        lablib.stop_lab(server)


def test_notebook7_arrow_keys_move_a_focused_slider_and_fold_no_heading(notebook7):
    page = notebook7
    handle = lablib.slider_by_label(page, "w1").locator(".noUi-handle")
    box = lablib.readout(page, "w1")
    assert lablib.wait_until(lambda: box.input_value() == "1", timeout=10)
    handle.focus()   # the notebook is in command mode, where the arrow keys are its shortcuts
    for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"):
        page.keyboard.press(key)
    assert lablib.wait_until(lambda: box.input_value() == "1.02", timeout=10), box.input_value()
    assert kernel_value(page, "sliders.state.w1") == "1.02"
    # the heading above is not folded: the sliders' cell is still shown, and no heading says folded
    assert handle.is_visible()
    assert page.locator(".jp-collapseHeadingButton[data-heading-collapsed='true']").count() == 0


def test_notebook7_a_typed_value_reaches_the_state(notebook7):
    """Digits typed into a readout box go into the box (not to Notebook 7's "3 = heading" shortcut)."""
    page = notebook7
    box = lablib.readout(page, "w2")
    headings = page.locator(".jp-MarkdownCell").count()
    lablib.type_into(page, box, "3")
    assert lablib.wait_until(lambda: kernel_value(page, "sliders.state.w2") == "3.0", timeout=10), \
        kernel_value(page, "sliders.state.w2")
    assert box.input_value() == "3"
    assert page.locator(".jp-MarkdownCell").count() == headings   # no code cell turned into a heading
