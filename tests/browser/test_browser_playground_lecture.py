"""Lesson 06's Playground in a real JupyterLab at 1280 x 720: the lecture's sample (3, -2) -> (1, 4)
is drawn as its two outputs beside their targets, not as a colour field over a plane, and a step
moves the bars. Screenshots: tests/artifacts/lesson06-playground-step{0,1}-1280x720.png."""
from __future__ import annotations

import pytest

import lab as lablib

pytestmark = pytest.mark.browser

CANVAS = ".bp-playground-plane-view canvas"
# share of white pixels in the page's canvas, and of the bars' blue (#0072B2) in its left half
# (the bar of y-hat) and its right half (z-hat)
_COLOURS_JS = """c => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let white = 0, left = 0, right = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) white++;
    if (d[i] === 0 && d[i + 1] === 114 && d[i + 2] === 178) {
      if ((i / 4) % c.width < c.width / 2) left++; else right++;
    }
  }
  const n = d.length / 4;
  return {white: white / n, left: left / n, right: right / n};
}"""


def test_lesson_06_shows_the_lectures_outputs_beside_their_targets(lab, browser):
    page, errors = lablib.run_notebook(browser, lab, "lessons/06_many_paths.ipynb", figures=0,
                                       width=1280, height=720)
    try:
        canvas = page.locator(CANVAS).first
        page.wait_for_selector(f"{CANVAS}[data-revision]", timeout=60_000)
        label = canvas.get_attribute("aria-label")
        assert canvas.get_attribute("data-view") == "outputs"
        assert "at step 0: ŷ = -21 (target 1), ẑ = -2 (target 4)" in label, label
        before = canvas.evaluate(_COLOURS_JS)
        # a bar chart on white, not a colour field: ŷ's bar (-21 on an axis from -25 to 5) is big and blue,
        # ẑ's (-2) small
        assert before["white"] > 0.5 and before["left"] > 0.04 and before["left"] > 5 * before["right"], before
        canvas.evaluate("c => c.scrollIntoView({block: 'center'})")
        lablib.wait_for_settled(page, quiet=0.5)
        page.screenshot(path=str(lablib.screenshot_path("lesson06-playground-step0-1280x720.png")))

        page.get_by_role("button", name="step", exact=True).first.click()
        moved = lablib.wait_until(lambda: "at step 1: ŷ = -1.474 (target 1), ẑ = 8.358 (target 4)"
                                  in canvas.get_attribute("aria-label"), timeout=10)
        assert moved, canvas.get_attribute("aria-label")
        # ŷ's bar shrinks from -21 to -1.5, ẑ's grows from -2 to 8.4 (on an axis from -2 to 10)
        after = lablib.wait_until(lambda: (lambda c: c if c["right"] > 3 * c["left"] > 0 else None)(
            canvas.evaluate(_COLOURS_JS)), timeout=5)
        assert after, canvas.evaluate(_COLOURS_JS)
        canvas.evaluate("c => c.scrollIntoView({block: 'center'})")
        lablib.wait_for_settled(page, quiet=0.5)
        page.screenshot(path=str(lablib.screenshot_path("lesson06-playground-step1-1280x720.png")))
        assert not errors, errors
    finally:
        lablib.close_notebook(page, lab)
