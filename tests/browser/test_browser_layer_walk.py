"""The Playground's "one backward pass, layer by layer" in a real JupyterLab: unfolded, Next shows the
next quantity, and a Playground step changes its numbers."""
from __future__ import annotations

import re

import pytest

from bpwidgets.layer_steps import number_text
from bpwidgets.playground_state import PlaygroundState
from bpwidgets.views.layers import LayerStepper
import lab as lablib

pytestmark = pytest.mark.browser

TABLES = ".widget-htmlmath:has(table)"   # the walk's operand and result tables


def activations_shown(steps):
    """The numbers of a^(1) (the walk's 2nd quantity) of the default Playground after `steps` steps."""
    quantity = LayerStepper(state=PlaygroundState(steps=steps)).quantities()[1]
    return [number_text(v) for v in quantity.matrix.ravel()]


def test_next_shows_the_next_quantity_and_a_step_changes_its_numbers(lab, browser):
    page, errors = lablib.run_notebook(browser, lab, "tests/browser/playground.ipynb", figures=0, height=1800)
    lablib.wait_for_net(page)
    try:
        page.get_by_role("button", name="one backward pass, layer by layer").click()
        page.wait_for_function("() => document.body.innerText.includes('step 1 of 12 (forward): weighted sums "
                               "(hidden)')", timeout=30_000)
        page.locator("button:visible", has_text=re.compile(r"^\s*Next\s*$")).click()
        page.wait_for_function("() => document.body.innerText.includes('step 2 of 12 (forward): activations "
                               "(hidden)')", timeout=30_000)
        before, after = activations_shown(0), activations_shown(1)
        assert before != after
        cells = page.locator(f"{TABLES} td")
        assert lablib.wait_until(lambda: all(v in cells.all_inner_texts() for v in before), timeout=20)
        page.screenshot(path=str(lablib.screenshot_path("playground-walk-step-0.png")), full_page=True)
        page.get_by_role("button", name="step", exact=True).click()
        assert lablib.wait_until(lambda: all(v in cells.all_inner_texts() for v in after), timeout=30), \
            f"the walk shows {cells.all_inner_texts()}, not step 1's a = {after}"
        text = page.locator(".widget-label", has_text="step 2 of 12").first.inner_text()
        assert text == "step 2 of 12 (forward): activations (hidden)"   # the learner stays on the same quantity
        # every quantity of the walk typesets: no MathJax error box on any of the 12
        next_button = page.locator("button:visible", has_text=re.compile(r"^\s*Next\s*$"))
        for k in range(3, 13):
            next_button.click()
            page.wait_for_function(f"() => document.body.innerText.includes('step {k} of 12')", timeout=30_000)
            page.wait_for_function("() => !document.querySelector('.widget-htmlmath .MathJax_Processing')",
                                   timeout=30_000)
            assert page.locator("mjx-merror, .MathJax .merror, .mjx-merror").count() == 0, f"quantity {k}"
        assert next_button.is_disabled()
        assert [e for e in errors if "favicon" not in e] == []
    finally:
        lablib.close_notebook(page, lab)


def test_the_playground_app_unfolds_the_walk_under_voila(chromium_path, browser):
    """lessons/playground.ipynb as an app: the walk unfolds and Next goes to the next quantity."""
    with lablib.running_voila("lessons/playground.ipynb") as url:
        opened = lablib.open_app(browser, url, height=1600)
        page, errors = opened.page, opened.errors
        try:
            page.get_by_role("button", name="one backward pass, layer by layer").click(timeout=120_000)
            page.wait_for_function("() => document.body.innerText.includes('step 1 of 12 (forward)')",
                                   timeout=30_000)
            page.locator("button:visible", has_text=re.compile(r"^\s*Next\s*$")).click()
            page.wait_for_function("() => document.body.innerText.includes('step 2 of 12 (forward): "
                                   "activations (hidden)')", timeout=30_000)
            page.screenshot(path=str(lablib.screenshot_path("voila-playground-walk.png")), full_page=True)
            assert errors == []
        finally:
            page.close()
