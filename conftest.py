"""Every test run, and every lesson nbval runs, keeps its self-check progress in a fresh
temporary file: the learner's own progress file is never read or written by the tests, and a
lesson's "n of m self-checks done" line reads the same on every run (kernels and JupyterLab
servers started by the tests inherit this environment)."""
import os
import shutil
import tempfile

_PROGRESS_DIR = tempfile.mkdtemp(prefix="bpwidgets-progress-")


def pytest_configure(config):
    os.environ["BPWIDGETS_PROGRESS_FILE"] = os.path.join(_PROGRESS_DIR, "progress.json")


def pytest_unconfigure(config):
    shutil.rmtree(_PROGRESS_DIR, ignore_errors=True)
