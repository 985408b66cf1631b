"""Figures that live in an ipywidgets layout and redraw only what moved.

Every view builds its figure once with `new_figure` (an ipympl canvas, which is
an ipywidget, so it works headless too) and, on a state change, updates its
artists and calls `Blitter.update()`: the static background is saved after each
full draw and only the moving artists are drawn over it, so ipympl sends just
the changed pixels.
"""
from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure

_learners_backend = matplotlib.get_backend()
from ipympl.backend_nbagg import Canvas, FigureManager  # noqa: E402 (importing ipympl switches the backend...)

matplotlib.use(_learners_backend)  # ...so put the learner's back: their plt.plot stays a picture


class HoldableCanvas(Canvas):
    """An ipympl canvas whose drawing can be put on hold, e.g. while it sits in a hidden tab.

    On hold, draw requests and blits are remembered instead of sent (a full
    redraw costs tens of ms in the kernel, for a figure nobody sees); `hold(False)`
    asks for one full draw if anything was missed. The artists' data is always
    up to date: only the pixels wait.
    """

    def __init__(self, figure, *args, **kwargs):
        super().__init__(figure, *args, **kwargs)
        self.on_hold = False
        self._missed = False

    def hold(self, on=True):
        """Hold drawing (True) or resume it (False), redrawing once if a draw was missed."""
        self.on_hold = bool(on)
        if not self.on_hold and self._missed:
            self._missed = False
            super().draw_idle()

    def draw_idle(self):
        if self.on_hold:
            self._missed = True
            return
        super().draw_idle()

    def blit(self, bbox=None):
        if self.on_hold:
            self._missed = True
            return
        super().blit(bbox)


def canvases(widget):
    """Every ipympl canvas inside a widget tree (a view, a Tab, the Explorer)."""
    if isinstance(widget, Canvas):
        return [widget]
    return [c for child in getattr(widget, "children", ()) for c in canvases(child)]


def new_figure(width=6.0, height=4.0, dpi=100):
    """A matplotlib Figure on an ipympl canvas, without pyplot (nothing global to leak)."""
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    canvas = HoldableCanvas(fig)
    FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.capture_scroll = False
    return fig


class Blitter:
    """Redraw a few animated artists over a saved background.

    The artists are marked animated, so a full draw leaves them out; the
    background is saved on every full draw, then `update()` restores it and
    draws just the artists. Until a first full draw has happened (no browser
    has asked yet), `update()` falls back to `draw_idle()`.
    """

    def __init__(self, fig, artists):
        self.fig = fig
        self.artists = list(artists)
        self.background = None
        for artist in self.artists:
            artist.set_animated(True)
        fig.canvas.mpl_connect("draw_event", self._on_draw)

    def add(self, artist):
        artist.set_animated(True)
        self.artists.append(artist)

    def _on_draw(self, event):
        canvas = self.fig.canvas
        self.background = canvas.copy_from_bbox(self.fig.bbox)
        for artist in self.artists:
            self.fig.draw_artist(artist)

    def update(self):
        """Show the artists' new data: blit when we can, else ask for a full draw."""
        canvas = self.fig.canvas
        if self.background is None:
            canvas.draw_idle()
            return
        canvas.restore_region(self.background)
        for artist in self.artists:
            self.fig.draw_artist(artist)
        canvas.blit(self.fig.bbox)

    def redraw(self):
        """A full draw (the background itself changed, e.g. a new surface)."""
        self.background = None
        self.fig.canvas.draw_idle()
