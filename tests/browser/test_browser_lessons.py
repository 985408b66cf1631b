"""Every lesson as a learner meets it: Run All in a real JupyterLab, then answer a self-check."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import bpwidgets as bp
from bpwidgets.progress_file import LESSON_CHECKS, read_solved
import lab as lablib

pytestmark = pytest.mark.browser

LESSONS = sorted(p.relative_to(lablib.REPO).as_posix() for p in (lablib.REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))

# what the notebook model holds after Run All: errors, stderr, and how many widget views it shows
_OUTPUTS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const outputs = panel.content.widgets.filter(c => c.model.type === 'code')
                       .flatMap(c => c.model.outputs.toJSON());
  return {
    errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
    stderr: outputs.filter(o => o.output_type === 'stream' && o.name === 'stderr').map(o => o.text),
    widgets: outputs.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length,
  };
}"""


@pytest.mark.parametrize("path", LESSONS, ids=[Path(p).stem for p in LESSONS])
def test_lesson_runs_all_cells_in_jupyterlab(lab, browser, path):
    """Run All: no cell raises or writes to stderr, every widget renders, maths is typeset, no console error."""
    page, console_errors = lablib.run_notebook(browser, lab, path, figures=0)
    try:
        outputs = page.evaluate(_OUTPUTS_JS)
        assert outputs["errors"] == [] and outputs["stderr"] == []
        assert outputs["widgets"] >= 3   # at least the lesson's self-checks
        assert lablib.wait_until(lambda: page.locator(".jp-OutputArea-output .jupyter-widgets.widget-vbox").count()
                          >= outputs["widgets"], timeout=30)
        assert page.locator("mjx-container").count() > 0, "no maths typeset"
        assert console_errors == []
    finally:
        lablib.close_notebook(page, lab)


def test_a_learner_answers_lesson_01(lab, browser):
    """Lesson 01, its first typed self-check (out for all weights 1): a wrong answer gets a hint, the right one a check mark."""
    page, console_errors = lablib.run_notebook(browser, lab, LESSONS[0], figures=0)
    try:
        typing = page.get_by_placeholder("type, then press Enter or Check")
        exercise = page.locator(".widget-vbox", has=typing).first   # the first self-check
        box = exercise.get_by_placeholder("type, then press Enter or Check")
        assert "What is out" in exercise.text_content()
        box.fill("0.5")
        box.press("Enter")
        assert lablib.wait_until(lambda: "✘" in (exercise.text_content() or ""), timeout=10)
        assert "Hint" in exercise.text_content()
        right = bp.ChainNetwork(w0=1, w1=1, w2=1).forward().out
        saved = Path(os.environ["BPWIDGETS_PROGRESS_FILE"])   # the kernel's (set by conftest.py)
        key = LESSON_CHECKS["01"][1]
        assert key not in read_solved(saved)[0].get("01", {})
        box.fill(f"{right:.4f}")
        exercise.get_by_role("button", name="Check").click()
        assert lablib.wait_until(lambda: "✔" in (exercise.text_content() or ""), timeout=10)
        assert key in read_solved(saved)[0]["01"]             # kept for the next session
        assert console_errors == []
    finally:
        lablib.close_notebook(page, lab)
