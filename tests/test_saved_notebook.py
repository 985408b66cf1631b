"""A notebook saved the way the lessons are (scripts/run_lessons.py) carries every widget's picture:
nbconvert's HTML shows them, nbval compares the text, and running it again changes nothing."""
import html as html_lib
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
    # one picture of the whole dashboard, and no text/html that a viewer would show instead
    assert sorted(output.data) == ["image/png", "text/plain"]
    assert output.metadata["image/png"]["alt"] == output.data["text/plain"]

    # nbconvert's classic template writes the alt text (its lab template, 7.17, leaves it out)
    html, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    imgs = [html_lib.unescape(re.search(r'alt="([^"]*)"', tag).group(1))
            for tag in re.findall(r"<img\b[^>]*>", html) if "data:image/png;base64," in tag]
    assert len(imgs) == 1, imgs
    assert imgs[0].startswith("Explorer:\nSliders: w0 = 2") and "Cost landscape C(w1, w2) at w0 = 2" in imgs[0]
    assert "run this cell to use it" not in html
