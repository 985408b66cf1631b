"""Figures that live in an ipywidgets layout and redraw only what moved.

Every view builds its figure once with `new_figure` (an ipympl canvas, which is
an ipywidget, so it works headless too) and, on a state change, updates its
artists and calls `Blitter.update()`: the static background is saved after each
full draw and only the moving artists are drawn over it, so ipympl sends just
the changed pixels.
"""
from __future__ import annotations

import time

import matplotlib
import numpy as np
from matplotlib.figure import Figure

_learners_backend = matplotlib.get_backend()
from ipympl.backend_nbagg import Canvas, FigureManager  # noqa: E402 (importing ipympl switches the backend...)

matplotlib.use(_learners_backend)  # ...so put the learner's back: their plt.plot stays a picture


def _restore_inline_figures():
    """The switch also unregisters IPython's PNG printer of the inline backend: register it again."""
    from IPython import get_ipython
    shell = get_ipython()
    if shell is not None and "inline" in _learners_backend:
        shell.enable_matplotlib("inline")


_restore_inline_figures()


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

    def draw(self):
        # mplot3d projects the padding of a surface's facets (about 1e308) along with the facets
        # and overflows on a flat surface; that padding is masked before anything is drawn
        with np.errstate(over="ignore", invalid="ignore"):
            super().draw()

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


# s: the figures beside the one a learner drags on (diagram, probe, training,
# the 3-D surface) repaint at most ten times a second during a drag
SECONDARY_VIEW_INTERVAL = 0.1


def new_figure(width=6.0, height=4.0, dpi=100, layout="constrained"):
    """A matplotlib Figure on an ipympl canvas, without pyplot (nothing global to leak)."""
    fig = Figure(figsize=(width, height), dpi=dpi, layout=layout)
    canvas = HoldableCanvas(fig)
    FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.capture_scroll = False
    return fig


def _moving(artist):
    """Left out of full draws (it is blitted) and out of the layout: wherever its data goes
    (a path far off the axes), the axes keep their place and size."""
    artist.set_animated(True)
    artist.set_in_layout(False)


class Blitter:
    """Redraw a few animated artists over a saved background.

    The artists are marked animated, so a full draw leaves them out; the
    background is saved on every full draw, then `update()` restores it and
    draws just the artists. Until a first full draw has happened (no browser
    has asked yet), `update()` falls back to `draw_idle()`.

    ipympl sends each frame as a diff against the one before, and a page that loses a
    frame (the image of one frame is replaced before it loaded, e.g. while the page
    scrolls) keeps that frame's old pixels for good: a ghost marker. So a full draw
    always sends a whole image (any redraw heals the page), and with `full_frames` so
    does every blit (for an animation that plays on its own, like Play).

    With `min_interval` (seconds) the blits of a figure are spaced at least that
    far apart: the first change of a drag shows at once, the ones right after it
    are gathered into one blit a moment later (a timer on the kernel's event
    loop), so a secondary figure never holds up the one the learner watches.
    """

    def __init__(self, fig, artists, min_interval=0.0, full_frames=False):
        self.fig = fig
        self.full_frames = full_frames
        self.artists = list(artists)
        self.background = None
        self.min_interval = min_interval
        self._last_blit = -float("inf")
        self._timer = None
        for artist in self.artists:
            _moving(artist)
        fig.canvas.mpl_connect("draw_event", self._on_draw)

    def add(self, artist):
        """Animate one more artist: it is drawn on every update from now on."""
        _moving(artist)
        self.artists.append(artist)

    def _on_draw(self, event):
        canvas = self.fig.canvas
        self.background = canvas.copy_from_bbox(self.fig.bbox)
        canvas._force_full = True   # the page gets this draw whole, not as a diff (see above)
        for artist in self.artists:
            self.fig.draw_artist(artist)

    def update(self):
        """Show the artists' new data: blit when we can, else ask for a full draw."""
        if self.background is None:
            self.fig.canvas.draw_idle()
            return
        wait = self.min_interval - (time.perf_counter() - self._last_blit)
        if wait <= 0:
            self._blit()
        elif self._timer is None:   # one pending blit shows the latest data when it fires
            self._timer = self.fig.canvas.new_timer(interval=int(1000 * wait) + 1)
            self._timer.single_shot = True
            self._timer.add_callback(self._on_timer)
            self._timer.start()

    def _on_timer(self):
        self._timer = None
        if self.background is not None:
            self._blit()

    def _blit(self):
        self._last_blit = time.perf_counter()
        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        for artist in self.artists:
            self.fig.draw_artist(artist)
        if self.full_frames:
            canvas._force_full = True
        canvas.blit(self.fig.bbox)

    def redraw(self):
        """A full draw (the background itself changed, e.g. a new surface)."""
        self.background = None
        self.fig.canvas.draw_idle()
