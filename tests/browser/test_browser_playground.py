"""bp.Playground in a real JupyterLab: what each control promises, and the page's maths against numpy."""
from __future__ import annotations

import re
import time

import numpy as np
import pytest

from bpwidgets.playground_state import PlaygroundState
from bpwidgets.views._playground_plane import layers_message
from bpwidgets.views.playground import Playground
import lab as lablib
from reference_maths import numpy_plane, random_networks

pytestmark = pytest.mark.browser

PLANE = ".bp-playground-plane-view"


@pytest.fixture(scope="module")
def playground(lab, browser):
    page, errors = lablib.run_notebook(browser, lab, "tests/browser/playground.ipynb", figures=0, height=1400)
    page.wait_for_selector(f"{PLANE} canvas[data-revision]", timeout=60_000)
    lablib.wait_for_net(page)
    yield lablib.Opened(page, errors)
    lablib.close_notebook(page, lab)


def shown_step(page):
    """The step the status line shows ('step 12: training loss ...'), or None."""
    text = page.locator(".widget-html", has_text="training loss").first.inner_text()
    match = re.search(r"step (\d+)", text)
    return int(match.group(1)) if match else None


def test_play_keeps_playing_until_paused(playground):
    """Play: the step count keeps rising over three 2-s windows; Pause: it stops rising.

    (Windows of 2 s: the machine is shared, and a busy kernel answers ticks in bursts.)"""
    page = playground.page
    buttons = page.locator(".widget-play button")
    start = shown_step(page)
    buttons.nth(0).click()                      # play
    seen = [start]
    for _ in range(3):
        time.sleep(2.0)
        seen.append(shown_step(page))
    buttons.nth(1).click()                      # pause
    assert all(b > a for a, b in zip(seen, seen[1:])), f"steps while playing: {seen}"
    time.sleep(2.0)                             # ticks already sent are still answered
    paused = shown_step(page)
    time.sleep(2.0)
    assert shown_step(page) == paused


def test_a_typed_rate_stays_that_rate(playground):
    """Typing 0.0123 in 'learning rate': the box still reads 0.0123 and the Share line says so."""
    page = playground.page
    box = page.locator(".widget-text", has=page.locator(".widget-label", has_text="learning rate")).locator("input")
    box.fill("0.0123")
    box.press("Enter")
    page.wait_for_function("() => document.body.innerText.includes('learning_rate=0.0123')", timeout=20_000)
    time.sleep(0.5)
    assert box.input_value() == "0.0123"


def test_a_clicked_neuron_shows_its_formula_with_its_numbers(playground):
    """A click on hidden neuron 1.2 of the diagram: its formula with that neuron's delta and g'(z)."""
    page = playground.page
    step = shown_step(page)
    # the same run here (played at the default rate 1; the typed rate has taken no step yet) gives
    # the neuron's numbers
    here = Playground(state=PlaygroundState(steps=step))
    lablib.click_in_net(page, "n1.2")
    # ringed in the page at its next frame (no round trip), its formula from the kernel
    page.wait_for_function("sel => document.querySelector(sel + ' circle[data-id=\"n1.2\"]')"
                           ".getAttribute('stroke') === '#E69F00'", arg=lablib.NET, timeout=5_000)
    page.wait_for_function("() => document.body.innerText.includes('neuron 1.2')", timeout=20_000)
    text = page.locator(".widget-htmlmath", has_text="neuron 1.2").first.inner_text()
    layer = here.state.derived.sample_pass.layers[0]
    assert "delta = W" in text and "g'(z)" in text
    assert f"g'(z) = {layer.slope[2, 0]:.4g}" in text and text.rstrip().endswith(f"= {layer.delta[2, 0]:.4g}")


def test_the_pages_forward_pass_equals_numpys(playground):
    """300 random networks, every activation, 40 points each: the page's outputs equal nn.Network's
    within 1e-12 (relative once an output is beyond 1 in size)."""
    nets = random_networks(300, seed=5, scales=(0.5, 2.0, 6.0))
    points = np.random.default_rng(2).uniform(-1.6, 1.6, (40, 2)).tolist()
    page_values = playground.page.evaluate(
        """([nets, points]) => {
          const el = document.querySelector('.bp-playground-plane-view');
          return nets.map(n => el.bpForward(n.layers, n.acts, points));
        }""", [[{"layers": layers_message(w), "acts": a} for w, a in nets], points])
    worst = 0.0
    for values, (weights, acts) in zip(page_values, nets):
        reference = numpy_plane(weights, acts, points)
        worst = max(worst, float(np.max(np.abs(np.array(values) - reference) / np.maximum(1, np.abs(reference)))))
    assert worst <= 1e-12


def test_no_errors_in_the_page(playground):
    assert [e for e in playground.errors if "favicon" not in e] == []


def test_the_playground_app_runs_under_voila(chromium_path, browser):
    """lessons/playground.ipynb as an app: no code, the page-drawn plane and the figure; Step moves it."""
    with lablib.running_voila("lessons/playground.ipynb") as url:
        opened = lablib.open_app(browser, url)
        page, errors = opened.page, opened.errors
        page.wait_for_selector(f"{PLANE} canvas[data-revision]", timeout=120_000)
        lablib.wait_for_net(page)
        assert page.locator(".jp-InputArea, .CodeMirror, .cm-editor").count() == 0
        page.get_by_role("button", name="step").click()
        page.wait_for_function("() => document.body.innerText.includes('step 1: training loss')", timeout=30_000)
        page.screenshot(path=str(lablib.screenshot_path("voila-playground.png")), full_page=True)
        page.close()
        assert errors == []
