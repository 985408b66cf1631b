"""Fixtures for the browser tests: one JupyterLab and one Chromium for the whole session.

The start-up code lives in lab.py, shared with scripts/screenshot.py and
benchmarks/browser_latency.py.
"""
from __future__ import annotations

import os

import pytest

import lab as lablib


@pytest.fixture(scope="session")
def chromium_path():
    """The system Chromium; skipped without one, except in CI where that is a failure."""
    path = lablib.find_chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path, why = None, "Playwright is not installed: pip install -e '.[test]'. "
    else:
        why = ""
    if path is None:
        message = why + lablib.INSTALL_HINT
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def lab(chromium_path):
    """A private JupyterLab rooted at the repository, stopped (kernels and all) at the end."""
    server = lablib.start_lab()
    yield server
    lablib.stop_lab(server)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = lablib.launch_chromium(playwright, chromium_path)
        yield chromium
        chromium.close()


class Notebook:
    """An opened, fully run notebook: its page and the console errors seen so far."""

    def __init__(self, page, errors):
        self.page = page
        self.errors = errors


@pytest.fixture(scope="module")
def explorer(lab, browser):
    """tests/browser/explorer.ipynb (an Explorer), opened and run once per test module."""
    # a window tall enough for the whole Explorer, so the screenshots show all of it
    page, errors = lablib.run_notebook(browser, lab, "tests/browser/explorer.ipynb", figures=2,
                                       height=2400)
    yield Notebook(page, errors)
    lablib.close_notebook(page, lab)
