"""The self-checks of every lesson, found by running the lesson's cells in this process.

    .venv/bin/python scripts/lesson_checks.py      # rewrites bpwidgets/lesson_checks.json

Each exercise is keyed by its question (bpwidgets.progress_file.exercise_key), so the
learner's progress file knows which lesson a right answer belongs to and how many
self-checks each lesson has. Run it after adding, removing or rewording a self-check
(a test fails until then). Tests also use `exercises_by_cell` to look at each exercise
beside the cells above it.
"""
import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
CATALOGUE = ROOT / "bpwidgets" / "lesson_checks.json"


def exercises_by_cell(path):
    """[(cell index, exercise widget), ...] in the order the lesson builds them."""
    import matplotlib
    matplotlib.use("Agg")
    import nbformat
    from IPython.display import display
    from bpwidgets.views import exercises

    built = []
    original = exercises._Exercise.__init__

    def noting(self, *args, **kwargs):
        original(self, *args, **kwargs)
        built.append(self)

    found = []
    namespace = {"__name__": "__main__", "display": display}
    cwd = os.getcwd()
    exercises._Exercise.__init__ = noting
    try:
        os.chdir(path.parent)
        with tempfile.TemporaryDirectory() as fresh:  # a lesson's exercises must not touch real progress
            os.environ["BPWIDGETS_PROGRESS_FILE"] = os.path.join(fresh, "progress.json")
            for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
                if cell.cell_type != "code":
                    continue
                before = len(built)
                with contextlib.redirect_stdout(io.StringIO()):  # the lesson's prints are not ours
                    exec(compile(cell.source, f"{path.name} cell {index}", "exec"), namespace)
                found += [(index, ex) for ex in built[before:]]
    finally:
        exercises._Exercise.__init__ = original
        os.chdir(cwd)
        import matplotlib.pyplot as plt
        plt.close("all")
    return found


def catalogue():
    """{"01": [key, ...], ...} for every lesson."""
    return {path.name[:2]: [ex.key for _, ex in exercises_by_cell(path)] for path in LESSONS}


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    found = catalogue()
    CATALOGUE.write_text(json.dumps(found, indent=1) + "\n")
    for lesson, keys in found.items():
        print(f"lesson {lesson}: {len(keys)} self-checks")
