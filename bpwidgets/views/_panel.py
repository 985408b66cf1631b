"""The base of every bpwidgets widget: an ipywidgets VBox with a readable stand-in text."""
import ipywidgets as widgets

from ..state import NetworkState


class Panel(widgets.VBox):
    """A VBox whose text form (shown where no widget can be: a saved notebook not yet run,
    a terminal, a notebook viewer) says what it is and what to do, not its whole widget tree."""

    def __repr__(self):
        return f"[{type(self).__name__}: run this cell to use it]"


def use_state(state):
    """The NetworkState a view observes: the one given, or a fresh one for None."""
    if state is None:
        return NetworkState()
    if not isinstance(state, NetworkState):
        raise TypeError(f"state must be a bpwidgets NetworkState (or None for a new one), "
                        f"got {type(state).__name__}")
    return state
