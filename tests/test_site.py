"""The course website (`make site`): built from the saved lessons, every page self-contained.

The browser side (nothing fetched from outside, maths typeset, the live map) is in
tests/browser/test_browser_site.py; these read the built files.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

import bpwidgets as bp

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.stem for p in (REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))
PAGES = LESSONS + ["explorer"]
REPO_NAME = os.environ.get("BP_SITE_REPO", "ORG/bpwidgets")   # what the workflow sets


def _soup(site, name):
    return BeautifulSoup((site.path / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def test_the_site_builds_in_under_two_minutes(built_site):
    assert built_site.seconds < 120, f"make site took {built_site.seconds:.0f} s"
    assert (built_site.path / "index.html").is_file()


def test_the_home_page_is_the_lessons_readme_with_a_link_to_every_lesson(built_site):
    home = _soup(built_site, "index")
    assert home.h1.get_text(strip=True).startswith("Lessons")
    assert "Ten self-study notebooks on backpropagation" in home.get_text()
    links = {a["href"] for a in home.select("div.body a[href]")}
    assert {f"{name}.html" for name in LESSONS} <= links


@pytest.mark.parametrize("name", PAGES)
def test_every_lesson_page_has_a_run_box_with_binder_make_lab_and_the_hub_link(built_site, name):
    box = _soup(built_site, name).select_one("aside.bp-run")
    assert box is not None
    binder = box.select_one("a.bp-binder")["href"]
    assert binder == f"https://mybinder.org/v2/gh/{REPO_NAME}/main?urlpath=lab/tree/lessons/{name}.ipynb"
    assert "make lab" in box.get_text() and f"{name}.ipynb" in box.get_text()
    hub = box.select_one(".bp-hub").get_text()
    assert unquote(hub) == (f"https://HUB/hub/user-redirect/git-pull?repo=https://github.com/{REPO_NAME}&branch=main"
                            f"&urlpath=lab/tree/{REPO_NAME.split('/')[1]}/lessons/{name}.ipynb")
    assert "%2F" in hub                      # the repository and the path are URL-encoded


def test_lessons_follow_each_other_with_previous_and_next_links(built_site):
    order = ["index"] + PAGES
    for k, name in enumerate(order):
        nav = _soup(built_site, name).select_one("nav#rellinks")
        titles = {a["title"]: a["href"] for a in nav.select("a")}
        if k > 0:
            assert titles["Previous document"] == f"{order[k - 1]}.html", name
        if k < len(order) - 1:
            assert titles["Next document"] == f"{order[k + 1]}.html", name


def _referenced(soup):
    """Every address a page loads by itself (not the links a reader may follow)."""
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                           ("source", "src"), ("video", "src"), ("audio", "src")):
        for element in soup.find_all(tag):
            if element.get(attribute):
                yield element[attribute]


@pytest.mark.parametrize("name", ["index", "search", "genindex", *PAGES])
def test_a_page_loads_only_files_of_the_site(built_site, name):
    soup = _soup(built_site, name)
    for address in _referenced(soup):
        if address.startswith("data:") or address.startswith("#"):
            continue   # in the page itself
        parts = urlsplit(address)
        assert not parts.scheme and not parts.netloc, f"{name} loads {address} from outside the site"
        assert (built_site.path / unquote(parts.path)).is_file(), f"{name}: {address} is missing"


def test_stylesheets_fetch_no_fonts_or_files_from_elsewhere(built_site):
    for css in (built_site.path / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), css.name


def test_maths_comes_from_the_copied_mathjax_with_its_fonts(built_site):
    mathjax = built_site.path / "_static" / "mathjax"
    assert (mathjax / "MathJax.js").is_file()
    assert (mathjax / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()
    assert len(list((mathjax / "fonts" / "HTML-CSS" / "STIX-Web" / "woff").glob("*.woff"))) > 20
    lesson = _soup(built_site, "03_cost_and_gradient")
    assert [s["src"] for s in lesson.find_all("script", src=re.compile("MathJax"))] == \
        ["_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"]
    assert len(lesson.select("span.math, div.math")) > 20


def test_every_saved_picture_of_a_lesson_is_on_its_page(built_site):
    """Each figure the saved notebook holds (an image/png output, or an <img> in a widget's
    HTML picture) is an image on the page."""
    for name in PAGES:
        notebook = json.loads((REPO / "lessons" / f"{name}.ipynb").read_text(encoding="utf-8"))
        saved = 0
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/html" in data:
                    saved += "".join(data["text/html"]).count("<img")
                elif "image/png" in data:
                    saved += 1
        images = _soup(built_site, name).select("div.body img")
        assert saved > 0 and len(images) == saved, name


def _live_data(built_site, name):
    box = _soup(built_site, name).select_one("div.bp-live")
    return box, json.loads(box.find("script", type="application/json").string)


@pytest.mark.parametrize("name", ["explorer", "04_gradient_descent"])
def test_the_live_map_starts_from_the_package_own_values_and_scenarios(built_site, name):
    box, data = _live_data(built_site, name)
    assert {s: d["values"] for s, d in data["scenarios"].items()} == {s: sc.values for s, sc in bp.SCENARIOS.items()}
    assert data["scenarios"]["diverging"]["explanation"] == bp.SCENARIOS["diverging"].explanation
    sliders = bp.WeightSliders()
    assert data["ranges"]["w1"]["min"] == sliders.w1.min and data["ranges"]["steps"]["max"] == sliders.steps.max
    assert data["ranges"]["alpha"]["base"] == 10
    assert {"w0", "w1", "w2", "s0", "target", "alpha", "steps", "x_weight", "y_weight", "width"} <= set(data["traits"])
    assert "need the full widget" in data["note"] and "Binder" in data["note"]
    module = box.find_next("script", type="module")
    assert module["src"] == "_static/bp_live_map.js"


def test_the_live_map_is_drawn_by_the_widgets_own_module(built_site):
    """No second implementation: the page imports a byte-for-byte copy of the widget's ES module."""
    copied = (built_site.path / "_static" / "landscape_map.js").read_bytes()
    assert copied == (REPO / "bpwidgets" / "views" / "_landscape_map.js").read_bytes()
    wrapper = (built_site.path / "_static" / "bp_live_map.js").read_text(encoding="utf-8")
    assert 'import * as landscapeModule from "./landscape_map.js";' in wrapper
    assert "costSurface" not in wrapper and "sigmoid" not in wrapper


def test_lesson_04_shows_the_live_map_right_after_its_landscape(built_site):
    page = _soup(built_site, "04_gradient_descent")
    live = page.select_one("div.bp-live")
    cell = live.find_previous("div", class_="cell")
    assert "bp.CostLandscape(state), bp.WeightSliders(state)" in cell.get_text()
