"""The Playground on a laptop and a desktop, as JupyterLab opens it (file browser open).

At each size: nothing in the Playground scrolls sideways or sticks out of it, every control's
label shows whole ("learning rate", not "learning r..."), and once the learner scrolls to the
Playground its controls and the plane are on screen together (a learner presses step and watches
the plane). Screenshots go to tests/artifacts/layout-playground-*.png.
"""
from __future__ import annotations

import time

import pytest

import lab as lablib

pytestmark = pytest.mark.browser

PLANE = ".bp-playground-plane-view canvas"
SIZES = [(1280, 720), (1366, 768), (1920, 1080)]

# Boxes in CSS pixels of the page.
_LAYOUT_JS = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const root = document.querySelector('.jp-OutputArea-output > .jupyter-widgets');
  const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  const visible = e => e.getClientRects().length > 0;
  const controls = [...root.querySelectorAll('.widget-slider, .widget-dropdown, .widget-text, .widget-button, .widget-play')]
    .filter(visible);
  const labels = [...root.querySelectorAll('.widget-label')].filter(visible);
  return {
    sidebarOpen: !document.querySelector('#jp-left-stack').classList.contains('lm-mod-hidden'),
    scroll: [root.scrollWidth, root.clientWidth],
    wide: [...root.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1 &&
             getComputedStyle(e).overflowX !== 'visible' || box(e).right > box(root).right + 1)
           .map(e => (e.className || e.tagName) + ''),
    clipped: labels.filter(l => l.textContent.trim() && l.scrollWidth > l.clientWidth + 1).map(l => l.textContent),
    labels: labels.map(l => l.textContent.trim()).filter(t => t),
    view: box(scroller), root: box(root),
    controls: controls.map(box), plane: box(document.querySelector('%s')),
    figure: box(root.querySelector('.bp-playground-net svg')),
  };
}""" % PLANE


def _inside(inner, outer, slack=1):
    return (inner["left"] >= outer["left"] - slack and inner["right"] <= outer["right"] + slack
            and inner["top"] >= outer["top"] - slack and inner["bottom"] <= outer["bottom"] + slack)


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_controls_and_the_plane_share_the_screen_and_nothing_is_cut(lab, browser, width, height):
    page, errors = lablib.run_notebook(browser, lab, "tests/browser/playground.ipynb", figures=0,
                                       width=width, height=height)
    try:
        page.wait_for_selector(f"{PLANE}", timeout=60_000)
        lablib.wait_for_net(page)
        lablib.wait_for_settled(page)
        # as a learner would: scroll until the Playground's top is at the top of the notebook
        page.locator(".jp-OutputArea-output > .jupyter-widgets").first.evaluate(
            "e => e.scrollIntoView({block: 'start'})")
        time.sleep(0.5)
        layout = page.evaluate(_LAYOUT_JS)
        lablib.check_fits(page, layout, f"layout-playground-{width}x{height}.png", "Playground")
        assert layout["clipped"] == [], f"labels cut short: {layout['clipped']}"
        for label in ("learning rate", "data", "noise", "width", "hidden layers", "activation", "loss",
                      "optimizer", "batch size", "L2 lambda", "sample", "scenario", "formula for"):
            assert label in layout["labels"], f"no label {label!r} in {layout['labels']}"
        assert len(layout["controls"]) >= 15
        for control in layout["controls"]:
            assert _inside(control, layout["view"]), f"a control is off screen: {control} not in {layout['view']}"
        assert _inside(layout["plane"], layout["view"]), f"the plane is off screen: {layout['plane']} not in {layout['view']}"
        # the diagram and curves: whole within the notebook's width
        assert layout["figure"]["right"] <= layout["view"]["right"] + 1, f"the figure is cut: {layout['figure']}"
        page.locator(".bp-playground-net").first.evaluate("e => e.scrollIntoView({block: 'center'})")
        time.sleep(0.5)
        page.screenshot(path=str(lablib.screenshot_path(f"layout-playground-{width}x{height}-figure.png")))
        assert [e for e in errors if "favicon" not in e] == []
    finally:
        lablib.close_notebook(page, lab)
