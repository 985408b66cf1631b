"""The course website in headless Chromium with the network cut.

Every request not under the site's own origin is aborted and counted. Each page must load
with none, typeset every formula (no raw $...$ left in its prose), and show every image;
the live cost landscape (the widget's own ES module on a stand-in model) must answer a
slider key within a frame or two, its pickers and scenarios must redraw it, and Tab must
reach every control. The real key-to-pixels figure is in benchmarks/site_latency.py.
"""
from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

import lab as lablib
import site_pages as sitelib

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PAGES = ["index", *sorted(p.stem for p in (REPO / "lessons").glob("[0-9][0-9]_*.ipynb")), "explorer",
         "search", "genindex"]
# a page's prose: its text without code, scripts and the typeset maths (MathJax keeps the TeX
# of typeset maths in a script, and shows it as a copy for screen readers)
_PROSE_JS = """() => {
  const copy = (document.querySelector('div.body') || document.body).cloneNode(true);
  copy.querySelectorAll('pre, code, script, .MathJax, .MathJax_Display, .MathJax_Preview, .MJX_Assistive_MathML')
      .forEach(e => e.remove());
  return copy.textContent;
}"""
RAW_MATHS = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")
# MathJax 2 probes a blank font at about:blank: refused by Chromium, not a request to anywhere
HARMLESS = ("about:blank", "net::ERR_FAILED")


@pytest.fixture(scope="module")
def site(built_site, browser):
    with sitelib.serving(built_site.path) as origin:
        page, traffic = sitelib.offline_page(browser, origin)
        yield page, traffic, origin
        page.context.close()


@pytest.fixture()
def explorer_page(site):
    page, traffic, origin = site
    traffic.clear()
    sitelib.open_page(page, origin, "explorer.html")
    return page


def _map(page):
    return page.locator(sitelib.LIVE_MAP).first


@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_from_the_site_alone_with_its_maths_typeset_and_its_images(site, name):
    page, traffic, origin = site
    traffic.clear()
    sitelib.open_page(page, origin, f"{name}.html")
    assert traffic.outside == [], f"{name} asked for {traffic.outside}"
    assert traffic.failed == []
    assert [e for e in traffic.errors if not any(h in e for h in HARMLESS)] == []
    prose = page.evaluate(_PROSE_JS)
    assert RAW_MATHS.findall(prose) == []
    images = page.evaluate("[...document.images].map(i => [i.currentSrc.slice(-60), i.naturalWidth])")
    assert [src for src, width in images if width == 0] == []
    if name in ("03_cost_and_gradient", "04_gradient_descent", "08_activations_and_losses"):
        assert page.locator(".MathJax").count() > 20     # typeset, not just hidden
        assert len(images) >= 2


def test_the_live_map_repaints_within_a_frame_of_a_slider_key(explorer_page, site):
    traffic = site[1]
    times = sitelib.key_to_pixels(explorer_page, "w1", presses=11)
    assert None not in times
    assert statistics.median(times) < 100          # measured about 17 ms: benchmarks/site_latency.py
    assert traffic.outside == []


def test_a_slider_key_moves_the_weight_the_map_shows(explorer_page):
    w1 = explorer_page.locator(".bp-live input[id^='bp-live-w1-']")
    before = _map(explorer_page).get_attribute("aria-label")
    assert "Start (star) at w1 = 1, w2 = 0.5" in before
    w1.focus()
    explorer_page.keyboard.press("ArrowRight")
    lablib.wait_until(lambda: "w1 = 1.01" in _map(explorer_page).get_attribute("aria-label"), timeout=5)
    assert "Start (star) at w1 = 1.01, w2 = 0.5" in _map(explorer_page).get_attribute("aria-label")
    assert explorer_page.locator(".bp-live output[for^='bp-live-w1-']").text_content() == "1.01"


def test_alpha_moves_on_the_widgets_log_grid_and_steps_shorten_the_path(explorer_page):
    alpha = explorer_page.locator(".bp-live input[id^='bp-live-alpha-']")
    alpha.focus()
    for _ in range(20):                    # one decade up: 0.5 -> 5
        explorer_page.keyboard.press("ArrowRight")
    lablib.wait_until(lambda: "alpha = 5:" in _map(explorer_page).get_attribute("aria-label"), timeout=5)
    assert "gradient descent with alpha = 5: 100 steps" in _map(explorer_page).get_attribute("aria-label")
    steps = explorer_page.locator(".bp-live input[id^='bp-live-steps-']")
    steps.focus()
    explorer_page.keyboard.press("Home")
    lablib.wait_until(lambda: ": 0 steps" in _map(explorer_page).get_attribute("aria-label"), timeout=5)


def test_scenarios_and_axis_pickers_redraw_the_map(explorer_page):
    box = explorer_page.locator(".bp-live")
    box.locator("select").nth(0).select_option("vanishing")
    lablib.wait_until(lambda: "over w0 (across) and w2 (up)" in _map(explorer_page).get_attribute("aria-label"), timeout=5)
    assert "dC/dw0 is below 1% of dC/dw2" in box.locator(".bp-live-explanation").text_content()
    assert box.locator("input[id^='bp-live-w0-']").input_value() == "3"
    box.locator("select").nth(1).select_option("w2")          # x axis -> w2: the axes swap
    lablib.wait_until(lambda: "over w2 (across) and w0 (up)" in _map(explorer_page).get_attribute("aria-label"), timeout=5)
    assert box.locator("select").nth(2).input_value() == "w0"
    box.locator("select").nth(0).select_option("diverging")
    lablib.wait_until(lambda: "alpha = 50" in _map(explorer_page).get_attribute("aria-label"), timeout=5)


def test_a_click_on_the_map_starts_there_and_the_sliders_follow(explorer_page):
    canvas = _map(explorer_page)
    box = canvas.bounding_box()
    canvas.click(position={"x": 60 + 0.25 * (box["width"] - 152), "y": 34 + 0.5 * (box["height"] - 82)})
    lablib.wait_until(lambda: explorer_page.locator(".bp-live input[id^='bp-live-w1-']").input_value() != "1", timeout=5)
    w1 = float(explorer_page.locator(".bp-live input[id^='bp-live-w1-']").input_value())
    assert -0.8 < w1 < 0.2          # a quarter across the map from w1 = -2 to 4
    # the map's description follows on its next paint
    said = f"w1 = {w1:g}".replace("-", "\u2212")   # the page reads negatives with the minus sign
    assert lablib.wait_until(lambda: said in canvas.get_attribute("aria-label"), timeout=5), \
        canvas.get_attribute("aria-label")


def test_tab_reaches_every_control_of_the_live_map(explorer_page):
    controls = explorer_page.evaluate("""() => [...document.querySelectorAll('.bp-live input, .bp-live select, .bp-live canvas')]
        .map((e, k) => { e.dataset.bpTab = k; return k; })""")
    explorer_page.locator(".bp-live input").first.focus()
    reached = set()
    for _ in range(len(controls) + 5):
        reached.add(explorer_page.evaluate("document.activeElement.dataset.bpTab"))
        explorer_page.keyboard.press("Tab")
    assert {str(k) for k in controls} <= reached
    assert len(controls) == 5 + 3 + 2             # five sliders, three pickers, two canvases


def test_lesson_04_has_the_live_map_at_its_landscape(site):
    page, traffic, origin = site
    traffic.clear()
    sitelib.open_page(page, origin, "04_gradient_descent.html")
    live = page.locator(".bp-live")
    assert live.count() == 1
    assert "need the full widget" in live.locator(".bp-live-note").text_content()
    before = lablib.canvas_pixels(_map(page))["hash"]
    live.locator("input[id^='bp-live-w2-']").focus()
    page.keyboard.press("ArrowLeft")
    after = lablib.wait_for_canvas_change(_map(page), before)
    assert after["ink"] > 1000 and traffic.outside == []


def test_screenshots_of_the_home_page_lesson_04_and_the_live_explorer(site):
    page, _, origin = site
    lablib.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in ("index", "04_gradient_descent", "explorer"):
        sitelib.open_page(page, origin, f"{name}.html")
        page.screenshot(path=str(lablib.ARTIFACTS / f"site_{name}.png"), full_page=name != "04_gradient_descent")
        assert (lablib.ARTIFACTS / f"site_{name}.png").stat().st_size > 20_000
    page.locator(".bp-live").screenshot(path=str(lablib.ARTIFACTS / "site_live_map.png"))
    # lesson 04 at its landscape: the saved picture, then the live map under it
    sitelib.open_page(page, origin, "04_gradient_descent.html")
    page.evaluate("document.querySelector('.bp-live').previousElementSibling.scrollIntoView()")
    page.set_viewport_size({"width": 1300, "height": 1900})
    page.screenshot(path=str(lablib.ARTIFACTS / "site_04_landscape.png"))
    page.set_viewport_size({"width": 1300, "height": 1000})
