"""In a real Jupyter kernel, the widgets' figures do not change how the learner's own plots show."""
import subprocess
import sys

import nbformat
from nbclient import NotebookClient


def test_widgets_leave_the_learners_matplotlib_backend_alone():
    """Importing the widgets (and so ipympl) does not switch pyplot away from the backend in use."""
    code = ("import matplotlib.pyplot as plt, matplotlib; before = matplotlib.get_backend(); "
            "import bpwidgets as bp; bp.WeightSliders(); print(before == matplotlib.get_backend(), before)")
    env = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.split()[0] == "True" and "inline" in out


def test_plots_after_a_widget_are_still_pictures():
    """After a widget with a figure, plt.plot(); plt.show() in a kernel still gives a PNG, and nothing else is printed."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in (
        "import matplotlib.pyplot as plt",
        "import bpwidgets as bp\nview = bp.CostLandscape()",
        "plt.plot([1, 2]); plt.show()",
    )]
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    assert nb.cells[1].outputs == []
    (shown,) = nb.cells[2].outputs
    assert "image/png" in shown["data"]
