"""Lesson 01's mission as its text promises it: what one pixel of a weight slider does at the
common window sizes (file browser open), the arrow keys, and "fine"."""
from __future__ import annotations

import re
import time

import nbformat
import pytest

import lab as lablib

pytestmark = pytest.mark.browser

LESSON = "lessons/01_forward_propagation.ipynb"
SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
PIXELS = 20   # a short drag, one pixel at a time


# the figures (the network diagram, its C node at the right end) wider than their output area
FIGURES_CUT = """() => [...document.querySelectorAll('.jupyter-matplotlib-canvas-div')].filter(figure => {
  const area = figure.closest('.jp-OutputArea-output').getBoundingClientRect();
  return figure.getBoundingClientRect().right > area.right + 1;
}).map(figure => Math.round(figure.getBoundingClientRect().width))"""


def mission_text():
    cells = nbformat.read(lablib.REPO / LESSON, as_version=4).cells
    return next(c.source for c in cells if c.cell_type == "markdown" and "Your mission" in c.source)


def promised(pattern):
    found = re.search(pattern, mission_text())
    assert found, f"lesson 01 no longer says {pattern!r}"
    return found.group(1)


def w1(page):
    return float(lablib.readout(page, "w1").input_value())


def drag(page, pixels):
    """Drag w1's handle `pixels` to the right (left if negative), one pixel per mouse move; return how far w1 moved."""
    handle = lablib.slider_by_label(page, "w1").locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = w1(page)
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, abs(pixels) + 1):
        page.mouse.move(x + (i if pixels > 0 else -i), y)
    page.mouse.up()
    return settled_w1(page) - before


def settled_w1(page, quiet=0.6):
    """w1 once the kernel has caught up with a drag: the same for `quiet` seconds."""
    values = [w1(page)]

    def still():
        time.sleep(quiet)
        values.append(w1(page))
        return values[-1] == values[-2]
    lablib.wait_until(still, timeout=10, interval=0)
    return values[-1]


def test_one_pixel_of_a_weight_slider_moves_it_as_lesson_01_says(lab, browser):
    """'About 0.07' a pixel (170 px for -6 to 6) at 1280x720, 1366x768 and 1920x1080 with the file
    browser open; an arrow key moves 0.01; 'fine' spans the value +- 0.5, about 0.006 a pixel."""
    per_pixel, track = promised(r"moves a weight by about \$([0-9.]+)\$"), promised(r"is (\d+) pixels long")
    page, errors = lablib.run_notebook(browser, lab, LESSON, figures=0, width=SIZES[0][0], height=SIZES[0][1])
    try:
        slider = lablib.slider_by_label(page, "w1")
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            lablib.wait_for_settled(page, quiet=0.5)
            assert page.evaluate("!document.querySelector('#jp-left-stack').classList.contains('lm-mod-hidden')")
            assert slider.locator(".noUi-target").bounding_box()["width"] == pytest.approx(float(track), abs=1)
            assert page.evaluate(FIGURES_CUT) == [], f"a figure is cut at {width}x{height}"
            moved = drag(page, PIXELS)
            assert f"{moved / PIXELS:.1g}" == per_pixel, (width, height, moved)
            assert f"{-drag(page, -PIXELS) / PIXELS:.1g}" == per_pixel   # and back
        assert promised(r"each press moves the weight by \$([0-9.]+)\$") == "0.01"
        handle = slider.locator(".noUi-handle")
        before = w1(page)
        handle.click()   # as the lesson says: click the handle, then the arrow keys
        start = settled_w1(page)
        assert start == before, "clicking the handle moved the weight"
        for _ in range(3):
            handle.press("ArrowRight")
        assert lablib.wait_until(lambda: w1(page) == pytest.approx(start + 0.03, abs=1e-9), timeout=5)

        assert promised(r"spans only its value \$\\pm ([0-9.]+)\$") == "0.5"
        page.get_by_role("button", name="fine").click()
        centre = w1(page)
        shown = lablib.wait_until(lambda: lablib.slider_by_label(page, "w1").locator(
            "xpath=following-sibling::div[contains(@class, 'widget-html')][1]").inner_text().strip(), timeout=5)
        # beside it: how far fine reaches, over the narrowed range
        assert shown.split("\n") == ["±0.5", f"{centre - 0.5:.3g} to {centre + 0.5:.3g}"]
        moved = drag(page, PIXELS)
        assert f"{moved / PIXELS:.1g}" == promised(r"one pixel is about \$([0-9.]+)\$")
        assert errors == []
    finally:
        lablib.close_notebook(page, lab)
