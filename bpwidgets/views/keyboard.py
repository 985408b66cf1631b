"""Keyboard access to pages with figures: Tab and Shift+Tab move on past a matplotlib figure.

ipympl's figure takes the keyboard focus and cancels every key, Tab included, which
traps a keyboard user on the first figure. `TabThroughFigures()` is an invisible
widget whose small ES module (keyboard.js, beside this file) lets Tab through;
every other key still reaches the figure.
"""
from pathlib import Path

import anywidget


class TabThroughFigures(anywidget.AnyWidget):
    """Invisible; once shown anywhere in a page, Tab leaves figures as it leaves any control."""

    _esm = Path(__file__).with_name("keyboard.js")


__all__ = ["TabThroughFigures"]
