"""The Explorer as an app: lessons/explorer.ipynb under Voila shows the dashboard alone (no code),
and a key on a slider changes the numbers on the page."""
from __future__ import annotations

import re

import pytest

import bpwidgets as bp
import lab as lablib

pytestmark = pytest.mark.browser

READOUT = re.compile(r"out = (?P<out>\S+?),\s+C = (?P<cost>\S+)")


@pytest.fixture(scope="module")
def app(chromium_path, browser):
    with lablib.running_voila("lessons/explorer.ipynb") as url:
        opened = lablib.open_app(browser, url, height=2000)
        page, errors = opened.page, opened.errors
        lablib.wait_for_widgets(page, count=10, timeout=120_000)
        lablib.wait_for_figures(page, 2, timeout=60_000)   # diagram, probe (ipympl)
        page.wait_for_selector(".bp-contour-map canvas", timeout=60_000)   # the map drawn in the page
        lablib.wait_for_settled(page)
        page.errors = errors
        yield page
        page.close()


def _readout(page):
    text = page.locator(".widget-label", has_text=re.compile(r"out = .*C = ")).first.text_content()
    match = READOUT.search(text)
    return float(match["out"]), float(match["cost"])


def test_the_app_shows_the_explorer_and_no_code(app):
    assert app.locator(".jp-InputArea, .CodeMirror, .cm-editor").count() == 0   # no code cells
    assert app.locator(".widget-slider").count() >= 5
    assert app.get_by_role("combobox", name="scenario").count() == 1
    assert _readout(app) == (0.3638, 0.05653)
    path = lablib.screenshot_path("voila-explorer.png")
    app.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert app.errors == []


def test_a_key_on_the_w1_slider_changes_the_page(app):
    handle = lablib.slider_by_label(app, "w1").locator(".noUi-handle")
    handle.focus()
    for _ in range(5):
        handle.press("ArrowRight")   # w1: 1.00 -> 1.05
    net = bp.ChainNetwork(w1=1.05)
    expected = (round(net.forward().out, 4), float(f"{net.cost():.4g}"))
    assert lablib.wait_until(lambda: _readout(app) == expected, timeout=10), (_readout(app), expected)
    landscape = app.get_by_role("img", name=re.compile(r"^Cost landscape .*the star at \(1\.05, 0\.5\)"))
    landscape.wait_for(state="attached", timeout=10_000)


def test_a_scenario_from_the_picker(app):
    app.get_by_role("combobox", name="scenario").select_option("diverging")
    note = app.get_by_text("diverges within 100 steps")
    note.wait_for(timeout=10_000)
    landscape = app.get_by_role("img", name=re.compile(r"gradient descent with alpha 50 diverges at step 3"))
    landscape.wait_for(state="attached", timeout=10_000)
    app.get_by_role("button", name="Share").click()
    code = app.get_by_role("textbox", name="code")
    code.wait_for(timeout=10_000)
    assert code.input_value() == "bp.Explorer(scenario='diverging')"
