"""In a real Jupyter kernel, the widgets' figures do not change how the learner's own plots show."""
import subprocess
import sys

import nbformat
from nbclient import NotebookClient


def run_in_kernel(*sources, timeout=120):
    """A notebook of these code cells, executed in a fresh python3 kernel."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(nb, kernel_name="python3", timeout=timeout).execute()
    return nb


def test_widgets_leave_the_learners_matplotlib_backend_alone():
    """Importing the widgets (and so ipympl) does not switch pyplot away from the backend in use."""
    code = ("import matplotlib.pyplot as plt, matplotlib; before = matplotlib.get_backend(); "
            "import bpwidgets as bp; bp.WeightSliders(); print(before == matplotlib.get_backend(), before)")
    env = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.split()[0] == "True" and "inline" in out


def test_plots_after_a_widget_are_still_pictures():
    """After a widget with a figure, plt.plot(); plt.show() in a kernel still gives a PNG, and nothing else is printed."""
    nb = run_in_kernel("import matplotlib.pyplot as plt",
                       "import bpwidgets as bp\nview = bp.CostLandscape()",
                       "plt.plot([1, 2]); plt.show()")
    assert nb.cells[1].outputs == []
    (shown,) = nb.cells[2].outputs
    assert "image/png" in shown["data"]


def test_selfcheck_stops_a_never_ending_function_in_a_kernel():
    """In a Jupyter kernel a learner's endless loop is stopped by the time limit, and the kernel goes on."""
    nb = run_in_kernel("from bpwidgets import selfcheck\nselfcheck.TIME_LIMIT = 0.5",
                       "def sigmoid_backward(dvalues, output):\n    while True:\n        pass",
                       "print(selfcheck.check_sigmoid_backward(sigmoid_backward).lines[0])",
                       "print(1 + 1)", timeout=60)
    assert nb.cells[2].outputs[0]["text"].strip().endswith(
        "sigmoid_backward stopped with no result within 0.5 seconds, so it was stopped"
        " (a loop that never ends?).")
    assert nb.cells[3].outputs[0]["text"] == "2\n"


def test_package_figures_are_pictures_in_a_kernel():
    """bp.draw_chain_graph() as a cell's last line is saved as a PNG with its text form, inline or with ipympl."""
    nb = run_in_kernel("import bpwidgets as bp\nbp.draw_chain_graph()",
                       "%matplotlib widget\nbp.WeightSliders()\nbp.draw_network()")
    for cell in nb.cells:
        (shown,) = cell.outputs if cell is nb.cells[0] else cell.outputs[-1:]
        assert "image/png" in shown["data"], shown["data"].keys()
        assert not shown["data"]["text/plain"].startswith("<Figure")
    assert nb.cells[0].outputs[0]["data"]["text/plain"].startswith("Computational graph of the chain")
