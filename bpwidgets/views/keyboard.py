"""Keyboard and screen-reader access to pages with bpwidgets.

ipympl's figure takes the keyboard focus and cancels every key, Tab included, which
traps a keyboard user on the first figure; ipywidgets' slider handles have no
accessible name. `PageAccess()` is an invisible widget whose small ES module
(keyboard.js, beside this file) lets Tab through figures (every other key still
reaches them), names each slider handle after its label, and keeps the arrow keys of a
focused slider (or map) for that control in Jupyter Notebook 7, whose shortcuts would
otherwise take them first.
"""
from pathlib import Path

import anywidget


class PageAccess(anywidget.AnyWidget):
    """Invisible; once shown anywhere in a page, Tab leaves figures and sliders have names."""

    _esm = Path(__file__).with_name("keyboard.js")


__all__ = ["PageAccess"]
