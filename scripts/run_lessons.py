"""Execute lesson notebooks in place, so their stored outputs come from the current code.

    .venv/bin/python scripts/run_lessons.py                 # every lesson
    .venv/bin/python scripts/run_lessons.py lessons/03_*.ipynb

Prints each lesson's execution time. Run it after changing the package or a lesson,
then commit the notebooks: nbval compares these outputs in `make test`.
"""
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(LESSONS)}})
    start = time.perf_counter()
    # a fresh progress file for each run: the saved "n of m self-checks done" line never
    # shows the progress of whoever ran `make lessons`
    with tempfile.TemporaryDirectory() as fresh:
        os.environ["BPWIDGETS_PROGRESS_FILE"] = os.path.join(fresh, "progress.json")
        client.execute()
    seconds = time.perf_counter() - start
    for cell in nb.cells:  # timestamps would make every run a diff
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merged_streams(cell.outputs)
        for output in cell.get("outputs", []):
            # a widget lives only in a running kernel: the saved file keeps its static forms
            # (one image/png picture with its alt, or plain HTML tables; a description as
            # text/plain), not a model id that
            # changes every run
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nb.metadata.pop("widgets", None)  # widget state is rebuilt live in the browser
    nbformat.write(nb, path)
    return seconds


def merged_streams(outputs):
    """One output per run of prints: how the kernel splits stdout into messages depends on timing."""
    merged = []
    for output in outputs:
        if (output.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or [*sorted(LESSONS.glob("[0-9][0-9]_*.ipynb")),
                                               LESSONS / "explorer.ipynb", LESSONS / "playground.ipynb"]   # the apps: saved with their pictures too
    total = 0.0
    for path in paths:
        seconds = run(path)
        total += seconds
        print(f"{path.name:45s} {seconds:6.1f} s")
    print(f"{'all':45s} {total:6.1f} s")
