"""The landscape drawn in the page: its maths against numpy, and keys on the sliders repaint it.

The page's cost surface and descent path (the ES module's own functions, as the widget
runs them) are compared with chain.cost_surface and chain.gradient_descent for 320 seeded
random networks, including saturated sigmoids, huge learning rates and divergence.
"""
from __future__ import annotations

import math
import re
import time

import numpy as np
import pytest

import bpwidgets as bp
from bpwidgets.chain import cost_surface, gradient_descent
from bpwidgets.numbers import rounded_text
from bpwidgets.slices import GRID, window
import lab as lablib

pytestmark = pytest.mark.browser

MAP = ".bp-contour-map canvas"
NETWORKS = 320
AXES = [("w1", "w2"), ("w0", "w1"), ("w2", "w0"), ("w0", "w2")]


def _networks(n=NETWORKS, seed=9):
    """Random networks: a quarter each of ordinary, saturated, huge-alpha and long runs."""
    rng = np.random.default_rng(seed)
    cases = []
    for k in range(n):
        w, s0, target = rng.uniform(-4, 6, 3), rng.uniform(-4, 4), rng.uniform(-2, 2)
        alpha, steps = 10 ** rng.uniform(-3, 2), int(rng.integers(0, 300))
        if k % 4 == 1:
            w, s0 = w * 40, s0 * 20                      # saturated sigmoids
        if k % 4 == 2:
            alpha = 10 ** rng.uniform(2, 6)              # huge learning rates: divergence
        if k % 4 == 3:
            steps = int(rng.integers(1000, 3000))
        cases.append(dict(net=dict(zip(("w0", "w1", "w2"), map(float, w)), s0=float(s0), target=float(target)),
                          alpha=float(alpha), steps=steps, axes=AXES[k % 4]))
    return cases


_PAGE_MATHS_JS = """([cases]) => {
  const maths = document.querySelector('.bp-landscape').bpMap.maths;
  return cases.map(c => {
    const [xw, yw] = c.axes;
    const box = maths.mapWindow(xw, yw, c.net[xw], c.net[yw]);
    const xs = maths.linspace(box[0], box[1], 80), ys = maths.linspace(box[2], box[3], 80);
    const path = maths.gradientDescent(c.net, c.alpha, c.steps);
    return {box, xs: Array.from(xs), ys: Array.from(ys),
            costs: Array.from(maths.costSurface(c.net, xw, yw, xs, ys)),
            weights: path.weights, pathCosts: path.costs, divergedAt: path.divergedAt};
  });
}"""


@pytest.fixture(scope="module")
def landscape(explorer):
    """The Explorer's page (its sliders are linked to the map in the browser), map drawn."""
    explorer.page.wait_for_selector(MAP, timeout=60_000)
    lablib.wait_until(lambda: _hash(explorer.page)["ink"] > 1000, timeout=10)
    return explorer


def _close(a, b, rel=1e-12, abs_=0.0):
    return a == b or abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


def test_the_page_computes_what_numpy_computes(landscape):
    """320 networks: the same window and grid exactly, every cost and every path point within
    1e-12 (relative), the same divergence step. Costs near 0 are compared to 1e-18 absolute:
    there C = 1/2 (target - out)^2 is rounding noise of out."""
    cases = _networks()
    page = []
    for start in range(0, len(cases), 40):     # in parts: one evaluate returns a few MB
        page += landscape.page.evaluate(_PAGE_MATHS_JS, [cases[start:start + 40]])
    counts = dict(networks=0, diverged=0, saturated=0, surface_points=0, surface_bitwise=0, path_points=0,
                  bitwise_paths=0)
    for case, got in zip(cases, page):
        net = bp.ChainNetwork(**case["net"])
        xw, yw = case["axes"]
        box = window(xw, yw, getattr(net, xw), getattr(net, yw))
        assert tuple(got["box"]) == box
        xs, ys = np.linspace(box[0], box[1], GRID), np.linspace(box[2], box[3], GRID)
        assert got["xs"] == xs.tolist() and got["ys"] == ys.tolist()
        expected = cost_surface(net, xw, yw, xs, ys).ravel()
        for a, b in zip(got["costs"], expected):
            assert _close(a, b, abs_=1e-18), (case, a, b)
        traj = gradient_descent(net, alpha=case["alpha"], steps=case["steps"])
        assert got["divergedAt"] == traj.diverged_at, case
        assert len(got["weights"]) == len(traj.weights), case
        for w_page, w_numpy in zip(got["weights"], traj.weights):
            assert all(_close(a, b, abs_=1e-300) for a, b in zip(w_page, w_numpy)), (case, w_page, w_numpy)
        for a, b in zip(got["pathCosts"], traj.costs):
            assert _close(a, b, abs_=1e-18), (case, a, b)
        counts["networks"] += 1
        counts["diverged"] += traj.diverged
        counts["saturated"] += abs(net.w0 * net.s0) > 30
        counts["surface_points"] += len(expected)
        counts["surface_bitwise"] += int(np.sum(np.array(got["costs"]) == expected))
        counts["path_points"] += len(traj.costs)
        counts["bitwise_paths"] += got["weights"] == traj.weights.tolist()
    print("parity:", counts)
    assert counts["networks"] >= 300 and counts["diverged"] >= 50 and counts["saturated"] >= 50


def _hash(page):
    return page.locator(MAP).first.evaluate(lablib._HASH_JS)


def _drawn(page):
    return page.evaluate("document.querySelector('.bp-landscape').bpMap.values()")


def _paints(page):
    return page.evaluate("document.querySelector('.bp-landscape').bpMap.paints.map")


@pytest.mark.parametrize("name, steps", [("w1", 10), ("w0", 10), ("target", 10)])
def test_keys_on_a_slider_repaint_the_map(landscape, name, steps):
    """ArrowRight presses on the slider: new pixels on the map, drawn from the slider's value."""
    page = landscape.page
    if name == "target" and not lablib.slider_by_label(page, name).is_visible():
        page.get_by_text("input and target").first.click()   # s0 and target sit in an accordion
    handle = lablib.slider_by_label(page, name).locator(".noUi-handle")
    before_value, before = float(lablib.readout(page, name).input_value()), _hash(page)
    handle.focus()
    for _ in range(steps):
        handle.press("ArrowRight")
    expected = round(before_value + steps * 0.01, 2)
    assert lablib.wait_until(lambda: abs(_drawn(page)[name] - expected) < 1e-9), _drawn(page)[name]
    after = lablib.wait_until(lambda: _hash(page)["hash"] != before["hash"] and _hash(page))
    assert after and after["ink"] > 0.5 * before["ink"]
    label = page.locator(MAP).first.get_attribute("aria-label")
    if name in ("w1", "w2"):
        assert f"{name} = {expected:g}" in label
    assert landscape.errors == []


def test_a_fast_drag_never_goes_back(landscape):
    """Thirty ArrowRight presses as fast as the keyboard sends them: the w1 the map draws only
    grows (no echo of an older value from the kernel arrives late), and it ends on the state's."""
    page = landscape.page
    page.evaluate("""() => {
      const el = document.querySelector('.bp-landscape');
      window.__bpDrawn = [];
      const canvas = el.querySelector('.bp-contour-map canvas');
      new MutationObserver(() => window.__bpDrawn.push(el.bpMap.values().w1))
        .observe(canvas, {attributes: true, attributeFilter: ['aria-label']});
    }""")
    handle = lablib.slider_by_label(page, "w1").locator(".noUi-handle")
    start = float(lablib.readout(page, "w1").input_value())
    handle.focus()
    for _ in range(30):
        page.keyboard.press("ArrowRight", delay=0)
    final = round(start + 0.30, 2)
    assert lablib.wait_until(lambda: abs(_drawn(page)["w1"] - final) < 1e-9, timeout=10)
    time.sleep(1.5)   # any late echo from the kernel would arrive by now
    drawn = page.evaluate("window.__bpDrawn")
    assert drawn and all(b >= a - 1e-12 for a, b in zip(drawn, drawn[1:])), drawn
    assert abs(drawn[-1] - final) < 1e-9
    shown = float(lablib.readout(page, "w1").input_value())
    assert shown == final


def _run_in_kernel(page, code):
    reply = page.evaluate("""async code => {
      const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      const reply = await kernel.requestExecute({code}).done;
      return reply.content.status + ' ' + (reply.content.evalue || '');
    }""", code)
    assert reply.startswith("ok"), reply


def test_reset_reaches_the_page_as_one_repaint(landscape):
    """After moving w0 and w1, Reset (in the kernel: one revision, two sliders and the map told)
    repaints the map once, with the lecture's values."""
    page = landscape.page
    for name in ("w0", "w1"):
        handle = lablib.slider_by_label(page, name).locator(".noUi-handle")
        handle.focus()
        handle.press("ArrowLeft")
    time.sleep(1.0)
    before = _paints(page)
    page.get_by_role("button", name="Reset").first.click()
    assert lablib.wait_until(lambda: _drawn(page)["w0"] == 2.0 and _drawn(page)["w1"] == 1.0, timeout=10)
    time.sleep(1.0)
    assert _paints(page) == before + 1
    assert landscape.errors == []


def test_a_change_in_code_reaches_the_page_as_one_repaint(landscape):
    """ex.state.set_weights(w0=1.5, w1=-0.5, target=0.2) run in the kernel: one repaint, those values."""
    page = landscape.page
    before = _paints(page)
    _run_in_kernel(page, "ex.state.set_weights(w0=1.5, w1=-0.5, target=0.2)")
    drawn = lambda: tuple(_drawn(page)[n] for n in ("w0", "w1", "target"))
    # a slider snaps the kernel's 0.2 to its grid, min + k * step: 0.20000000000000018
    assert lablib.wait_until(lambda: drawn() == pytest.approx((1.5, -0.5, 0.2), abs=1e-12), timeout=10), drawn()
    time.sleep(1.0)
    assert _paints(page) == before + 1
    label = page.locator(MAP).first.get_attribute("aria-label")
    assert "w1 = \u22120.5" in label and "w0 held at 1.5" in label
    _run_in_kernel(page, "ex.state.reset()")


def test_a_click_on_the_map_starts_there(landscape):
    """A click at the plot's centre sets (w1, w2) to the window's centre (1, 0.5) in the kernel,
    and the sliders show it."""
    page = landscape.page
    _run_in_kernel(page, "ex.state.set_weights(w1=2.0, w2=-1.0)")
    assert lablib.wait_until(lambda: _drawn(page)["w1"] == 2.0, timeout=10)
    canvas = page.locator(MAP).first
    box = canvas.bounding_box()
    # the plot spans x 60 .. width-92 and y 34 .. height-48 (CSS px) of the map canvas
    page.mouse.click(box["x"] + (60 + box["width"] - 92) / 2, box["y"] + (34 + box["height"] - 48) / 2)
    readout = lambda name: float(lablib.readout(page, name).input_value())
    assert lablib.wait_until(lambda: abs(readout("w1") - 1.0) <= 0.02 and abs(readout("w2") - 0.5) <= 0.02, timeout=10)
    _run_in_kernel(page, "ex.state.reset()")


def test_the_keyboard_starts_there_too(landscape):
    """Focus the map, ArrowRight three times and ArrowUp once (0.1 each), Enter: w1 += 0.3, w2 += 0.1."""
    page = landscape.page
    _run_in_kernel(page, "ex.state.reset()")
    assert lablib.wait_until(lambda: _drawn(page)["w1"] == 1.0, timeout=10)
    canvas = page.locator(MAP).first
    canvas.focus()
    for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp"):
        canvas.press(key)
    assert lablib.wait_until(lambda: "cursor at w1 = 1.3, w2 = 0.6" in canvas.get_attribute("aria-label")), \
        canvas.get_attribute("aria-label")
    canvas.press("Enter")
    readout = lambda name: lablib.readout(page, name).input_value()
    assert lablib.wait_until(lambda: (readout("w1"), readout("w2")) == ("1.3", "0.6"), timeout=10)
    _run_in_kernel(page, "ex.state.reset()")


def test_after_a_mouse_drag_the_map_is_exact_and_every_view_follows(landscape):
    """Drag w0 with the mouse: the map follows the handle (drawn rough while it moves, since each move
    changes the surface); once the mouse is released the map is drawn exactly, at the state's w0, and
    the kernel's views (the readout, the diagram's figure) show that w0 too."""
    page = landscape.page
    slider = lablib.slider_by_label(page, "w0")
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 40, y, steps=20)
    seen_rough = page.evaluate("document.querySelector('.bp-landscape').bpMap.rough()")
    page.mouse.up()
    assert seen_rough   # a drag that changes the surface is drawn rough while it lasts
    assert lablib.wait_until(lambda: page.evaluate("document.querySelector('.bp-landscape').bpMap.exact()"), timeout=5)
    w0 = _drawn(page)["w0"]
    assert w0 < 2.0
    state_w0 = lambda: float(lablib.readout(page, "w0").input_value())
    assert lablib.wait_until(lambda: state_w0() == pytest.approx(w0, abs=1e-9), timeout=5), (state_w0(), w0)
    label = page.locator(MAP).first.get_attribute("aria-label")
    assert f"w0 held at {rounded_text(w0)}" in label   # the page's numbers read as the kernel's: "\u22120.82"
    diagram = page.locator('[role=img][aria-label^="Network diagram"]').first   # its figure's text, from the kernel
    x1 = f"x1 = {rounded_text(w0 * 2.0)}"
    assert lablib.wait_until(lambda: x1 in diagram.get_attribute("aria-label"), timeout=5), diagram.get_attribute("aria-label")
    shot = lablib.screenshot_path("map-after-drag.png")
    page.locator(".bp-landscape").first.screenshot(path=str(shot))
    page.get_by_role("button", name="Reset").first.click()
    assert lablib.wait_until(lambda: _drawn(page)["w0"] == 2.0, timeout=10)
    assert landscape.errors == []


def test_nothing_is_fetched_from_the_internet(lab, browser):
    """The map's JavaScript comes from the package and the installed lab extension: every request
    the page makes goes to the local server."""
    page = lablib.new_page(browser, lab)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(lab.base) and
            not r.url.startswith(("blob:", "data:")) else None)
    lablib.open_notebook(page, lab, "tests/browser/landscape.ipynb")
    lablib.run_all_cells(page)
    page.wait_for_selector(MAP, timeout=60_000)
    lablib.wait_until(lambda: _hash(page)["ink"] > 1000, timeout=10)
    assert _hash(page)["ink"] > 1000
    assert outside == []
    lablib.close_notebook(page, lab)

