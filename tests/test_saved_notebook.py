"""A notebook saved the way the lessons are (scripts/run_lessons.py) carries every widget's picture:
nbconvert's HTML shows them, nbval compares the text, and running it again changes nothing."""
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from run_lessons import WIDGET_VIEW, run  # noqa: E402

NOTEBOOK = ROOT / "tests/browser/explorer.ipynb"   # one cell: bp.Explorer()


def test_saved_explorer_shows_its_pictures_in_nbconvert_html_and_reruns_byte_for_byte(tmp_path):
    path = tmp_path / "explorer.ipynb"
    shutil.copy(NOTEBOOK, path)
    run(path)
    first = path.read_bytes()
    run(path)
    assert path.read_bytes() == first   # deterministic pictures: re-running leaves the file unchanged

    nb = nbformat.read(path, as_version=4)
    (output,) = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert WIDGET_VIEW not in output.data   # the live widget is not saved; its static forms are
    assert output.data["text/plain"].startswith("Explorer:\nSliders: w0 = 2, w1 = 1, w2 = 0.5")

    html, _ = HTMLExporter().from_notebook_node(nb)
    alts = re.findall(r'<img alt="([^"]*)"[^>]*src="data:image/png;base64,', html)
    assert len(alts) == 3, alts   # the landscape (surface and map in one picture), diagram, probe (the training tab is hidden)
    assert alts[0].startswith("Cost landscape C(w1, w2) at w0 = 2")
    assert alts[1].startswith("Network diagram") and alts[2].startswith("Wiggle probe")
    assert "run this cell to use it" not in html
