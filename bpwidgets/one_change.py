"""One learner action, one change of a state: the contract NetworkState and PlaygroundState share.

Every value set inside `one_change()` (or a single value set outside it) is gathered; the state
then repairs what must hold together (`_repair`, each state's own rules) and bumps `revision`
once. Views observe `revision` alone and read the state's derived values, computed once per
revision, so no view depends on the order in which observers run.
"""
from __future__ import annotations

from contextlib import contextmanager

from traitlets import HasTraits, Int


class OneChangeState(HasTraits):
    """A state whose inputs change in whole actions. A subclass registers its inputs with
    `_on_input = observe(*INPUT_TRAITS)(OneChangeState._record_input)` and writes `_repair()`."""

    revision = Int(0, help="bumped once per change of the state: what views observe")

    def __init__(self):
        self._depth = 0          # > 0 while one change is being put together
        self._changed = {}       # name -> value before this change
        self._derived = None
        super().__init__()

    @contextmanager
    def one_change(self):
        """Gather every value set inside into one change: one revision, one redraw per view.

        If a value is refused, every value set inside is put back.
        """
        self._depth += 1
        try:
            with self.hold_trait_notifications():
                yield
        except Exception:
            self._changed.clear()
            raise
        finally:
            self._depth -= 1
        if self._depth == 0:
            self._finish()

    def _record_input(self, change):
        self._changed.setdefault(change["name"], change["old"])
        if self._depth == 0:
            self._finish()

    def _finish(self):
        """Make the values fit together, then tell the views once."""
        if not self._changed:
            return
        self._derived = None
        self._depth += 1
        try:
            self._repair()
        finally:
            self._depth -= 1
            changed, self._changed = self._changed, {}
        self._derived = None
        self.last_change = frozenset(changed)
        self.revision += 1

    def _repair(self):
        """Bring the values that must hold together in line (set them: they join this change)."""
