"""Jupyter Notebook 7 (`jupyter notebook`), not only JupyterLab: lesson 04 runs there with its
widgets, its ipympl figure and the page-drawn map, and moving a slider repaints the map."""
from __future__ import annotations


import pytest

import lab as lablib

pytestmark = pytest.mark.browser

LESSON = "lessons/04_gradient_descent.ipynb"
MAP = ".bp-contour-map canvas"


@pytest.fixture(scope="module")
def notebook7(chromium_path):
    """A private Notebook 7 server rooted at the repository (same settings as the lab's)."""
    server = lablib.start_lab(app="notebook")
    yield server
    lablib.stop_lab(server)


@pytest.fixture(scope="module")
def lesson(notebook7, browser):
    """Lesson 04 opened in Notebook 7's notebook page and run with Run -> Run All Cells."""
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_locator_handler(page.locator(".jp-Dialog .jp-mod-accept"), lambda loc: loc.click())
    page.goto(notebook7.url(f"notebooks/{LESSON}?token={notebook7.token}"), wait_until="domcontentloaded")
    try:
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
        lablib.wait_for_kernel(page)
        lablib.run_all_cells(page)
        lablib.wait_for_cells_run(page, timeout=180_000)
        lablib.wait_for_widgets(page)
        lablib.wait_for_figures(page, 1)   # the training view's ipympl figure
        page.wait_for_function(f"""() => [...document.querySelectorAll('{MAP}')].length >= 3 &&
            [...document.querySelectorAll('{MAP}')].every(c => c.width > 0)""", timeout=60_000)
    except Exception:
        page.screenshot(path=str(lablib.screenshot_path("failed-notebook7-lesson04.png")), full_page=True)
        raise
    yield page, errors
    page.context.close()
    notebook7.shutdown_kernels()


def _landscape_cell(page):
    """The lesson's first cell with both a live map and its sliders (CostLandscape + WeightSliders)."""
    return page.locator(".jp-CodeCell").filter(has=page.locator(MAP)).filter(
        has=lablib.slider_by_label(page, "w1")).first


def test_lesson_04_runs_in_notebook_7_with_every_widget_and_no_error(lesson):
    page, errors = lesson
    assert page.locator("#main-panel, .jp-NotebookPanel").count() >= 1
    assert page.locator(".jp-LabShell").count() == 0   # Notebook 7's own page, not JupyterLab's
    raised = page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
        .filter(c => c.model.type === 'code')
        .flatMap(c => c.model.outputs.toJSON()).filter(o => o.output_type === 'error').length""")
    assert raised == 0
    assert page.locator(MAP).count() >= 3   # two landscapes and the Explorer's
    assert page.locator(".widget-slider").count() >= 10
    assert page.locator(".jp-OutputArea-output .jupyter-matplotlib").count() >= 1
    assert not [e for e in errors if "bpwidgets" in e or "anywidget" in e.lower()], errors
    page.screenshot(path=str(lablib.screenshot_path("notebook7-lesson04.png")), full_page=False)


def test_typing_into_w1_readout_repaints_the_map_in_notebook_7(lesson):
    page, _ = lesson
    cell = _landscape_cell(page)
    cell.scroll_into_view_if_needed()
    map_canvas = cell.locator(MAP).first
    before = lablib.wait_for_canvas_settled(map_canvas)
    readout = lablib.readout(page, "w1").first
    lablib.type_into(page, readout, "1.5")
    after = lablib.wait_for_canvas_change(map_canvas, before["hash"], timeout=10_000)
    assert after["ink"] > 1000   # still a map, not a blank canvas
    assert readout.input_value() == "1.5"
    cell.screenshot(path=str(lablib.screenshot_path("notebook7-lesson04-landscape.png")))


def test_dragging_the_w1_handle_repaints_the_map_in_notebook_7(lesson):
    page, _ = lesson
    cell = _landscape_cell(page)
    cell.scroll_into_view_if_needed()
    map_canvas = cell.locator(MAP).first
    handle = lablib.slider_by_label(page, "w1").first.locator(".noUi-handle")
    before_value = float(handle.get_attribute("aria-valuenow"))
    before = lablib.wait_for_canvas_settled(map_canvas)
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 40, y, steps=5)   # to the left: lower w1
    page.mouse.up()
    lablib.wait_until(lambda: float(handle.get_attribute("aria-valuenow")) != before_value, timeout=5)
    assert float(handle.get_attribute("aria-valuenow")) < before_value
    lablib.wait_for_canvas_change(map_canvas, before["hash"], timeout=10_000)


# Notebook 7 takes arrow keys for its own shortcuts unless the focused element is marked
# data-lm-suppress-shortcuts (views/keyboard.js marks the handles and the map).
def test_arrow_key_on_w1_handle_moves_the_slider_and_repaints_the_map_in_notebook_7(lesson):
    """Focus the handle, press ArrowRight: w1 moves one step (0.01) and the map repaints
    (Notebook 7 takes arrow keys for its own shortcuts unless the widget keeps them)."""
    page, _ = lesson
    cell = _landscape_cell(page)
    cell.scroll_into_view_if_needed()
    map_canvas = cell.locator(MAP).first
    handle = lablib.slider_by_label(page, "w1").first.locator(".noUi-handle")
    # The readout box, not aria-valuenow: noUiSlider writes aria-valuenow with toFixed(1), so one
    # step of 0.01 (-1.3 -> -1.29) leaves it at "-1.3". The box shows the state's exact value.
    box = lablib.readout(page, "w1").first
    before_value = float(box.input_value())
    before = lablib.wait_for_canvas_settled(map_canvas)
    handle.focus()   # as a keyboard user reaches it (Tab); the notebook stays in command mode
    assert "noUi-handle" in page.evaluate("() => document.activeElement.className")   # it has the focus
    page.keyboard.press("ArrowRight")
    lablib.wait_until(lambda: float(box.input_value()) != before_value, timeout=5)
    assert float(box.input_value()) == pytest.approx(before_value + 0.01, abs=1e-9)
    lablib.wait_for_canvas_change(map_canvas, before["hash"], timeout=10_000)
