"""A saved notebook in a real JupyterLab: before running it shows every widget's picture;
running it brings the live widgets, whose figures a screen reader names with their numbers,
and every control is reached with the Tab key."""
from __future__ import annotations

import re
import shutil
import sys

import pytest

import lab as lablib

pytestmark = pytest.mark.browser

SAVED = "tests/artifacts/saved-explorer.ipynb"
FIGURE_NAMES = [r"^Cost landscape C\(w1, w2\) at w0 = 2, .*the star at \(1, 0\.5\), C = 0\.05653;",
                r"^Network diagram s0 -> x1 .* out = 0\.3638, C = 0\.05653",
                r"^Wiggle probe: nudging w0 by h = 0\.001 .* the chain rule gives \u22120\.00117735",   # read as "minus"
                r"^Training: iteration 0 of 100: cost 0\.05653"]


@pytest.fixture(scope="module")
def saved_explorer():
    """tests/browser/explorer.ipynb executed and saved the way the lessons are (scripts/run_lessons.py)."""
    sys.path.insert(0, str(lablib.REPO / "scripts"))
    try:
        from run_lessons import run
    finally:
        sys.path.pop(0)
    path = lablib.screenshot_path("saved-explorer.ipynb")
    shutil.copy(lablib.REPO / "tests/browser/explorer.ipynb", path)
    run(path)
    return SAVED


def _shot(page, name):
    path = lablib.screenshot_path(name)
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def test_before_running_the_saved_picture_shows(lab, browser, saved_explorer):
    """Opened, not run: the output is one picture of the whole dashboard (an image/png output,
    its figures, tables and readouts in it), shown at its own size, with no HTML beside it."""
    import base64
    import io

    import nbformat
    from PIL import Image

    saved = nbformat.read(lablib.REPO / saved_explorer, as_version=4)
    (output,) = [o for c in saved.cells if c.cell_type == "code" for o in c.outputs]
    width, height = Image.open(io.BytesIO(base64.b64decode(output.data["image/png"]))).size
    page = lablib.new_page(browser, lab, height=2400)
    try:
        lablib.open_notebook(page, lab, saved_explorer)
        images = page.locator(".jp-OutputArea-output img")
        images.first.wait_for()
        page.wait_for_function("""() => [...document.querySelectorAll('.jp-OutputArea-output img')]
                                  .every(i => i.complete && i.naturalWidth > 100)""")
        assert images.count() == 1
        assert images.first.evaluate("i => [i.naturalWidth, i.naturalHeight]") == [width, height]
        assert images.first.bounding_box()["width"] == pytest.approx(width, abs=2)   # not shrunk: it reads
        assert page.locator('.jp-OutputArea-output[data-mime-type="image/png"]').count() == 1
        assert page.locator('.jp-OutputArea-output[data-mime-type="text/html"]').count() == 0
        assert page.locator(".jp-OutputArea-output .jupyter-widgets").count() == 0   # no live widget yet
        # JupyterLab 4.6 leaves the output metadata's alt out of its <img>; nbconvert (classic) writes it
        _shot(page, "saved-explorer-before-run.png")
    finally:
        lablib.close_notebook(page, lab)


@pytest.fixture(scope="module")
def live(lab, browser, saved_explorer):
    page, errors = lablib.run_notebook(browser, lab, saved_explorer, figures=2, height=2400)
    yield page
    lablib.close_notebook(page, lab)


def test_running_it_brings_the_live_widgets(live):
    assert live.locator(".jp-OutputArea-output .jupyter-matplotlib").count() >= 2   # diagram, probe
    assert live.locator(".jp-OutputArea-output .bp-contour-map canvas").count() >= 1   # the page's map
    assert live.locator(".jp-OutputArea-output .bp-static").count() == 0
    _shot(live, "saved-explorer-after-run.png")


def _figure_names(page):
    return page.evaluate("""() => [...document.querySelectorAll('[role=img][aria-label]')]
                                    .map(e => e.getAttribute('aria-label'))""")


def test_every_figure_is_named_with_its_numbers_and_follows_the_state(live):
    """The accessibility tree names each figure (role img) with its numbers; a key on w1 renames it."""
    for pattern in FIGURE_NAMES[:3]:
        assert live.get_by_role("img", name=re.compile(pattern)).count() == 1, (pattern, _figure_names(live))
    # the training figure sits in a hidden tab: out of the accessibility tree until its tab is chosen
    training = live.get_by_role("img", name=re.compile(FIGURE_NAMES[3]))
    assert training.count() == 0
    live.get_by_role("tab", name="training").click()
    training.wait_for(state="attached", timeout=10_000)
    live.get_by_role("tab", name="wiggle a weight").click()
    handle = lablib.slider_by_label(live, "w1").locator(".noUi-handle")
    handle.focus()
    for _ in range(10):
        handle.press("ArrowRight")
    landscape = live.get_by_role("img", name=re.compile(r"^Cost landscape .*the star at \(1\.1, 0\.5\)"))
    landscape.wait_for(state="attached", timeout=10_000)
    diagram = live.get_by_role("img", name=re.compile(r"^Network diagram .* x2 = 1\.08"))
    diagram.wait_for(state="attached", timeout=10_000)
    # what a screen reader announces for the dashboard, kept for whoever reads the test run
    snapshot = live.locator(".jp-OutputArea-output").first.aria_snapshot()
    lablib.screenshot_path("explorer-accessibility-tree.txt").write_text(snapshot)
    assert 'img "Cost landscape C(w1, w2) at w0 = 2' in snapshot
    for name in ("w0", "w1", "w2", "alpha", "steps", "nudge h"):   # every slider is named for screen readers
        assert f'slider "{name}"' in snapshot, snapshot


def test_every_control_is_reached_with_the_tab_key(live):
    """From the scenario picker, Tab visits the sliders, the axis pickers, Reset, each figure, the
    stepper's buttons and the tabs' controls, and then leaves the output: no figure keeps the focus
    (ipympl's figure swallows Tab; views/keyboard.js lets it through)."""
    live.locator(".jp-OutputArea-output select").first.focus()
    seen = []
    for _ in range(60):
        seen.append(live.evaluate("""() => {
            const e = document.activeElement;
            return [e.closest('.jp-OutputArea-output') ? 'output' : 'outside',
                    e.tagName.toLowerCase(), e.getAttribute('role') || '',
                    (e.getAttribute('aria-label') || e.textContent.trim() || e.getAttribute('title')
                     || '').trim().slice(0, 40)];
        }"""))
        live.keyboard.press("Tab")
    lablib.screenshot_path("explorer-tab-order.txt").write_text("\n".join(" | ".join(s) for s in seen))
    first_pass = seen[:next(i for i, step in enumerate(seen) if step[0] == "outside")]
    names = [name for _, _, _, name in first_pass]
    sliders = [name for _, _, role, name in first_pass if role == "slider"]   # their aria-label
    for wanted in ("w0", "w1", "w2", "alpha", "steps"):
        assert wanted in sliders, (wanted, seen)
    # Previous is disabled on the first step, so Tab rightly skips it
    for wanted in ("Share", "Reset", "Next", "Reset to start", "wiggle a weight", "nudge h"):
        assert wanted in names, (wanted, seen)
    assert sum(tag == "select" for _, tag, _, _ in first_pass) >= 5   # scenario, axes, gradient of C by, weight
    # the two ipympl figures on screen (diagram, probe) each took the focus once and passed it on;
    # the page's map takes it too (arrow keys move its cursor), named with its numbers
    assert sum(name == "" and tag == "div" for _, tag, _, name in first_pass) == 2, seen
    assert any(tag == "canvas" and name for _, tag, _, name in first_pass), seen
