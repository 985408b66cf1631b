"""The live 3-D surface the page draws looks like the saved picture: w1 left to right, w2 front to back.

Also: the map's ES module loads without anywidget's deprecation warning.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from mpl_toolkits.mplot3d import proj3d

import bpwidgets as bp
from bpwidgets.views.landscape import static_figure
import lab as lablib

pytestmark = pytest.mark.browser

NOTEBOOK = "tests/browser/landscape.ipynb"
MAP = ".bp-contour-map canvas"


@pytest.fixture(scope="module")
def surface_page(lab, browser):
    """landscape.ipynb run in a fresh page whose console messages are all kept from the start."""
    page = lablib.new_page(browser, lab)
    messages = []
    page.on("console", lambda m: messages.append((m.type, m.text)))
    lablib.open_notebook(page, lab, NOTEBOOK)
    lablib.run_all_cells(page)
    lablib.wait_for_cells_run(page)
    page.wait_for_selector(MAP, timeout=60_000)
    lablib.wait_until(lambda: page.evaluate("document.querySelector('.bp-landscape').bpMap.paints.surface") > 0,
                      timeout=10)
    yield page, messages
    lablib.close_notebook(page, lab)


def _saved_picture_axes():
    """{x: (dx, dy), y: (dx, dy)}: where the saved picture's floor axes run on screen (y down)."""
    fig = static_figure(bp.NetworkState())
    ax = fig.axes[0]
    fig.canvas.draw()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()

    def at(x, y):
        px, py, _ = proj3d.proj_transform(x, y, 0.0, ax.get_proj())
        return ax.transData.transform((px, py))

    origin = at(x0, y0)
    directions = {"x": at(x1, y0) - origin, "y": at(x0, y1) - origin}
    return {k: (float(d[0]), -float(d[1])) for k, d in directions.items()}   # the page's y runs down


def _page_axes(page):
    axes = page.evaluate("document.querySelector('.bp-landscape').bpMap.axes()")
    return {k: (b[0] - a[0], b[1] - a[1]) for k, (a, b) in axes.items()}


def _angle(d):
    return math.degrees(math.atan2(d[1], d[0]))


def test_the_live_surface_has_the_saved_pictures_axes(surface_page):
    """w1 runs left to right (and a little towards the viewer), w2 from front to back (up the
    screen), as in the saved matplotlib picture: each floor axis within 20 degrees of its direction."""
    page, _ = surface_page
    live, saved = _page_axes(page), _saved_picture_axes()
    print("live", live, "saved", saved)
    page.locator(".bp-landscape canvas").first.screenshot(path=str(lablib.screenshot_path("surface-live.png")))
    assert live["x"][0] > 0 and abs(live["x"][0]) > abs(live["x"][1])     # w1: mostly to the right
    assert live["y"][1] < 0                                               # w2: away from the viewer, up
    for name in ("x", "y"):
        difference = (_angle(live[name]) - _angle(saved[name]) + 180) % 360 - 180
        assert abs(difference) < 20, (name, live[name], saved[name])


def test_arrow_keys_turn_the_surface(surface_page):
    """Six ArrowLeft presses on the focused surface turn it by 30 degrees: the w1 axis on screen
    turns by 10 to 60 degrees (a projection of the floor's turn), and the aria-label says azimuth -30."""
    page, _ = surface_page
    canvas = page.locator(".bp-landscape canvas").first
    before = _angle(_page_axes(page)["x"])
    painted = page.evaluate("document.querySelector('.bp-landscape').bpMap.paints.surface")
    canvas.focus()
    for _ in range(6):
        canvas.press("ArrowLeft")
    assert lablib.wait_until(lambda: "azimuth -30" in (canvas.get_attribute("aria-label") or ""))
    assert page.evaluate("document.querySelector('.bp-landscape').bpMap.paints.surface") > painted
    after = _angle(_page_axes(page)["x"])
    assert 10 < abs((after - before + 180) % 360 - 180) < 60, (before, after)
    canvas.screenshot(path=str(lablib.screenshot_path("surface-turned.png")))
    for _ in range(6):
        canvas.press("ArrowRight")
    assert lablib.wait_until(lambda: "azimuth -60" in (canvas.get_attribute("aria-label") or ""))


def test_the_map_module_loads_without_deprecation_warnings(surface_page):
    """anywidget warns when an ES module exports `render` directly; the map exports it the current way."""
    _, messages = surface_page
    warnings = [text for kind, text in messages if "anywidget" in text.lower() or "deprecat" in text.lower()]
    assert warnings == []
    assert not [text for kind, text in messages if kind == "error"]
