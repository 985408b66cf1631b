"""Every test run, and every lesson nbval runs, keeps its self-check progress in a fresh
temporary file: the learner's own progress file is never read or written by the tests, and a
lesson's "n of m self-checks done" line reads the same on every run (kernels and JupyterLab
servers started by the tests inherit this environment)."""
import os
import shutil
import tempfile

import pytest

_PROGRESS_DIR = tempfile.mkdtemp(prefix="bpwidgets-progress-")
_VAR = "BPWIDGETS_PROGRESS_FILE"


def pytest_configure(config):
    os.environ[_VAR] = os.path.join(_PROGRESS_DIR, "progress.json")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # nbval starts a lesson's kernel in the setup of its first cell: give each lesson a file of
    # its own, so self-checks answered by other tests never show in its "0 of m" line
    lesson = item.parent
    if type(lesson).__name__ == "IPyNbFile" and getattr(lesson, "_progress_file", None) is None:
        lesson._progress_file = tempfile.mkdtemp(dir=_PROGRESS_DIR)
        os.environ[_VAR] = os.path.join(lesson._progress_file, "progress.json")


def pytest_unconfigure(config):
    shutil.rmtree(_PROGRESS_DIR, ignore_errors=True)
