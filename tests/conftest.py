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
