"""The Explorer on a laptop, a desktop and a projector, as JupyterLab opens it (file browser open).

At each size: nothing in the Explorer scrolls sideways, the network diagram (whose right end
is the C node and its value) shows whole, and the weight sliders and the contour map are on screen together, so a learner
watches the map while dragging. Screenshots go to tests/artifacts/layout-*.png.
"""
from __future__ import annotations

import time

import pytest

import lab as lablib

pytestmark = pytest.mark.browser

MAP = ".bp-contour-map canvas"
SIZES = [  # (name, notebook, width, height)
    ("laptop-1280x720", "tests/browser/explorer.ipynb", 1280, 720),
    ("laptop-1366x768", "tests/browser/explorer.ipynb", 1366, 768),
    ("desktop-1920x1080", "tests/browser/explorer.ipynb", 1920, 1080),
    ("projector-scale-1.5-1920x1080", "tests/browser/explorer_scale.ipynb", 1920, 1080),
]

# Boxes in CSS pixels of the page (zoom included: getBoundingClientRect is in the page's pixels).
_LAYOUT_JS = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const explorer = document.querySelector('.jp-OutputArea-output > .jupyter-widgets');
  const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  const sliders = [...document.querySelectorAll('.widget-slider')].filter(s => /^\\s*w[012]\\s*$/.test(
    s.querySelector('.widget-label').textContent)).map(box);
  return {
    sidebarOpen: !document.querySelector('#jp-left-stack').classList.contains('lm-mod-hidden'),
    scroll: [explorer.scrollWidth, explorer.clientWidth],
    // every box inside the Explorer that scrolls sideways, or sticks out of it
    wide: [...explorer.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1 &&
             getComputedStyle(e).overflowX !== 'visible' || box(e).right > box(explorer).right + 1)
           .map(e => (e.className || e.tagName) + ''),
    view: box(scroller), sliders, map: box(document.querySelector('%s')),
    diagram: box(document.querySelectorAll('.jupyter-matplotlib-canvas-div')[0]),
  };
}""" % MAP


def _inside(inner, outer, slack=1):
    return (inner["left"] >= outer["left"] - slack and inner["right"] <= outer["right"] + slack
            and inner["top"] >= outer["top"] - slack and inner["bottom"] <= outer["bottom"] + slack)


@pytest.mark.parametrize("name, notebook, width, height", SIZES, ids=[s[0] for s in SIZES])
def test_the_sliders_and_the_map_share_the_screen_and_nothing_is_cut(lab, browser, name, notebook, width, height):
    """With the file browser open: no sideways scrolling in the Explorer, the diagram within the
    notebook's visible area, and after scrolling the weight sliders into view, the three
    sliders and the whole contour map canvas inside the notebook's visible area."""
    page, errors = lablib.run_notebook(browser, lab, notebook, figures=1, width=width, height=height)
    try:
        page.wait_for_selector(MAP, timeout=60_000)
        lablib.wait_for_settled(page)
        first = lablib.slider_by_label(page, "w0")
        first.evaluate("e => e.scrollIntoView({block: 'start'})")
        time.sleep(0.5)
        # then as a learner would: up to the top of whichever comes first, the sliders or the map
        layout = page.evaluate(_LAYOUT_JS)
        top = min(layout["map"]["top"], *(box["top"] for box in layout["sliders"]))
        page.evaluate("dy => document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer').scrollBy(0, dy)",
                      top - layout["view"]["top"] - 4)
        time.sleep(0.5)
        layout = page.evaluate(_LAYOUT_JS)
        lablib.check_fits(page, layout, f"layout-{name}.png", "Explorer")
        assert len(layout["sliders"]) == 3
        for box in layout["sliders"]:
            assert _inside(box, layout["view"]), f"a weight slider is off screen: {box} not in {layout['view']}"
        assert _inside(layout["map"], layout["view"]), f"the contour map is off screen: {layout['map']} not in {layout['view']}"
        page.locator(".jupyter-matplotlib").first.evaluate("e => e.scrollIntoView({block: 'center'})")
        time.sleep(0.3)
        after = page.evaluate(_LAYOUT_JS)
        # the diagram's canvas (its right end holds the C node and its value) inside the notebook
        assert _inside(after["diagram"], after["view"]), f"the diagram is cut: {after['diagram']} not in {after['view']}"
        page.screenshot(path=str(lablib.screenshot_path(f"layout-{name}-diagram.png")))
        assert errors == []
    finally:
        lablib.close_notebook(page, lab)
