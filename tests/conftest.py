"""Session fixtures shared by the unit tests and the browser tests."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parents[1]


def _build_site_module():
    spec = importlib.util.spec_from_file_location("build_site", REPO / "scripts" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course website built once per session (`make site`'s script) into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    seconds = _build_site_module().build(out)
    return SimpleNamespace(path=out, seconds=seconds)


def pytest_collection_modifyitems(items):
    """The browser tests last: Playwright's sync API leaves its event loop marked as running in
    this thread until the session ends, and kernel-side tests (test_drag_follow.py, the
    Explorer's Followers) must see no loop, or run their own."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
