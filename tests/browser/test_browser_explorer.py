"""The Explorer in a real JupyterLab: keys on a slider reach the kernel and come back as pixels."""
from __future__ import annotations

import math
import re

import pytest

import bpwidgets as bp
import lab as lablib

pytestmark = pytest.mark.browser

CONTOUR_MAP = ".bp-contour-map canvas"   # the map the page draws (LandscapeMap)
READOUT = re.compile(r"out = (?P<out>\S+?),\s+C = (?P<cost>\S+)")


def _slider_value(page, label):
    """The value a slider's readout box shows (its aria-valuenow is rounded to 1 decimal by noUiSlider)."""
    return float(lablib.readout(page, label).input_value())


def _aria_value(page, label):
    return float(lablib.slider_by_label(page, label).locator(".noUi-handle").get_attribute("aria-valuenow"))


def _out_and_cost(page):
    """(out, C) as the Explorer's readout shows them, or None before it shows any."""
    label = page.locator(".widget-label", has_text=re.compile(r"out = .*C = ")).first
    match = READOUT.search(label.text_content() or "")
    return (float(match["out"]), float(match["cost"])) if match else None


def _screenshot(page, name):
    path = lablib.screenshot_path(name)
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


# widget boxes that clip their content: narrower than what they hold, and not overflow: visible
_CLIPPED_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets')].filter(e => {
  const overflow = getComputedStyle(e).overflowX;
  return overflow !== 'visible' && e.scrollWidth > e.clientWidth + 1;
}).map(e => `${e.textContent.trim().slice(0, 40)}...: ${e.clientWidth} px wide, holds ${e.scrollWidth} px`)"""


def test_no_widget_box_clips_its_content(explorer):
    """In a 1400 px window with the file browser open, no box of the Explorer is narrower than its content."""
    clipped = explorer.page.evaluate(_CLIPPED_JS)
    if clipped:
        _screenshot(explorer.page, "explorer-clipped.png")
    assert clipped == [], "clipped (readouts or labels cut off, sideways scrolling): " + "; ".join(clipped)


def test_w1_arrow_keys_update_readout_and_contour_map(explorer):
    """Ten ArrowRight presses on w1: slider +0.10, out and C as bpwidgets computes them, new map pixels."""
    page = explorer.page
    slider = lablib.slider_by_label(page, "w1")
    handle = slider.locator(".noUi-handle")
    canvas = page.locator(CONTOUR_MAP).first
    lablib.wait_for_figures(page, selector=CONTOUR_MAP)

    w1, aria_before = _slider_value(page, "w1"), _aria_value(page, "w1")
    expected_w1 = round(w1 + 10 * 0.01, 2)    # the slider's step is 0.01
    net = bp.ChainNetwork(w1=expected_w1)
    before = lablib.canvas_pixels(canvas)
    shown_before = _out_and_cost(page)

    handle.focus()
    for _ in range(10):
        handle.press("ArrowRight")

    assert lablib.wait_until(lambda: abs(_slider_value(page, "w1") - expected_w1) < 1e-9), \
        f"w1 readout shows {_slider_value(page, 'w1')}, expected {expected_w1}"
    assert lablib.readout(page, "w1").input_value() == f"{expected_w1:g}"
    assert _aria_value(page, "w1") == pytest.approx(aria_before + 0.1, abs=0.051)
    want = (net.forward().out, net.cost())

    def readout_matches():
        shown = _out_and_cost(page)
        return shown and abs(shown[0] - want[0]) < 1e-4 and abs(shown[1] - want[1]) < 1e-3 * want[1]

    assert lablib.wait_until(readout_matches), f"readout {_out_and_cost(page)} != {want} (was {shown_before})"
    lablib.wait_for_canvas_change(canvas, before["hash"], timeout=5_000)
    after = lablib.wait_for_canvas_settled(canvas)
    assert after["hash"] != before["hash"] and after["ink"] > 0.5 * before["ink"]
    _screenshot(page, "explorer-w1.png")
    assert explorer.errors == []


def test_large_alpha_reports_divergence(explorer):
    """Typing alpha = 50 in its readout shows 'diverged at step k' (k from bpwidgets) and no console error."""
    page = explorer.page
    errors_before = len(explorer.errors)
    net = bp.ChainNetwork(**{name: _slider_value(page, name) for name in ("w0", "w1", "w2", "s0", "target")})
    steps = int(_slider_value(page, "steps"))

    readout = lablib.readout(page, "alpha")
    assert readout.input_value() != "50"
    lablib.type_into(page, readout, "50")

    # a log slider's handle sits at the exponent, snapped to the step (0.05), shown to 1 decimal
    assert lablib.wait_until(lambda: abs(_aria_value(page, "alpha") - math.log10(50)) <= 0.051), \
        f"alpha handle at exponent {_aria_value(page, 'alpha')}, expected about {math.log10(50):.2f}"
    assert lablib.wait_until(lambda: readout.input_value() == "50"), readout.input_value()
    shown = float(readout.input_value())   # exactly what was typed
    expected = bp.gradient_descent(net, alpha=shown, steps=steps)
    assert expected.diverged
    page.get_by_text(f"diverged at step {expected.diverged_at}").first.wait_for(timeout=5_000)
    assert "nan" not in page.locator(".jp-NotebookPanel .jp-OutputArea").first.text_content().lower()
    _screenshot(page, "explorer-diverged.png")
    assert explorer.errors[errors_before:] == []
