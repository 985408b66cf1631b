"""The base of every bpwidgets widget: an ipywidgets VBox with a readable stand-in text,
a static picture of itself and a text alternative with its numbers, that follows a
NetworkState once per change and shows its own errors.

Displayed, a Panel offers three forms at once (one display bundle); each place
shows the richest one it can:
- a running kernel (JupyterLab, Voila): the live widget;
- a saved notebook not yet run (JupyterLab, GitHub, nbviewer, `nbconvert --to html`):
  `text/html`, a static picture of the current view (each figure a PNG drawn by
  matplotlib, each table or readout as HTML, each figure with an `alt` text);
- a terminal or nbval: `text/plain`, the view's description with its numbers.

In the live page every view also carries its description for screen readers (an
element with role "img" and an aria-label that follows the state), since the
pixels of a canvas say nothing to them.
"""
import base64
import html
import io
import pickle
import re
import traceback

import ipywidgets as widgets
from traitlets import All

from ._canvas import Canvas, canvases
from .keyboard import PageAccess
from ..state import NetworkState

STATIC_NOTE = "A picture of this widget; run the cell to use it."
# visually hidden, yet read by screen readers (the usual "sr-only" rules)
_SR_ONLY = ("position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; "
            "overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0")


class Panel(widgets.VBox):
    """A VBox whose text form (shown where no widget can be: a saved notebook not yet run,
    a terminal, a notebook viewer) says what it is and what it shows, not its whole widget tree.

    A view overrides `describe()` (its text alternative, with its numbers); a view whose
    figure is not an ipympl canvas (drawn in the page) overrides `static_figures()`.

    `self.observe_state(state, render)` calls `render()` once per change of the state. An error
    inside `render` is shown in the view as a short message (not only in a log console
    nobody reads) and the view tries again on the next change.
    """

    def __repr__(self):
        return f"[{type(self).__name__}: run this cell to use it]"

    def observe_state(self, state, render):
        """Call render() now and after every change of `state` (one call per learner action)."""
        def on_change(change=None):
            self.render_safely(render)
        state.observe(on_change, names="revision")
        on_change()

    def render_safely(self, render):
        """Run render(); on an error show it in the view instead of raising into the kernel's log."""
        try:
            render()
        except Exception as exc:   # a view must survive anything a learner does
            self.error = exc
            self._problem().value = (
                "<div style='color: #b00020; font-size: 14px'>This view could not follow the last "
                f"change ({html.escape(type(exc).__name__)}: {html.escape(str(exc))}). "
                "It will try again on the next change.</div>")
            self._problem().layout.display = None
            self.error_details = traceback.format_exc()
        else:
            self.error = None
            if getattr(self, "_problem_box", None) is not None:
                self._problem_box.layout.display = "none"

    def _problem(self):
        if getattr(self, "_problem_box", None) is None:
            self._problem_box = widgets.HTML()
        if self._problem_box not in self.children:
            self.children = (*self.children, self._problem_box)
        return self._problem_box

    def describe(self):
        """What the view shows, in words and numbers (a screen reader's and a text file's view)."""
        return repr(self)

    def static_figures(self):
        """{widget: matplotlib Figure}: the picture of each figure widget of this view. By default
        its ipympl canvases; a view drawn in the page maps its widget to a Figure of the same state."""
        return {canvas: canvas.figure for canvas in _own_canvases(self)}

    def static_html(self):
        """The view as HTML: its figures as PNG images, its tables and readouts as they are."""
        figures = self.static_figures()
        return "".join(_static(child, self, figures) for child in self.children)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.describe()
        bundle["text/html"] = (f'<div class="bp-static">{self.static_html()}'
                               f'<p style="font-size: 0.85em; color: #555"><i>{STATIC_NOTE}</i></p></div>')
        self.label_figures()   # it is in a page now: name its figures there
        return bundle

    def label_figures(self):
        """Give each figure of this view (and of the views inside it) its description in the
        page, as an element with role img and an aria-label, kept up to date with the state,
        the controls and the views' own values (e.g. a stepper's step)."""
        if getattr(self, "_labelling", False):
            return
        self._labelling = True
        self.children = (*self.children, PageAccess())   # Tab passes figures; sliders get names
        figured = [p for p in panels(self) if _has_figures(p) and getattr(p, "figure_label", None) is None]
        for panel in figured:
            panel.figure_label = widgets.HTML()
            panel.children = (*panel.children, panel.figure_label)

        def refresh(change=None):
            for panel in figured:
                text = html.escape(panel.describe(), quote=True)
                panel.figure_label.value = f'<div role="img" aria-label="{text}" style="{_SR_ONLY}"></div>'

        refresh()
        states = {id(p.state): p.state for p in panels(self) if isinstance(getattr(p, "state", None), NetworkState)}
        for state in states.values():   # once per learner action where the state counts revisions
            state.observe(refresh, names="revision" if state.has_trait("revision") else All)
        for panel in panels(self):
            own = sorted(set(panel.trait_names()) - _BOX_TRAITS)   # e.g. a stepper's step
            if own:
                panel.observe(refresh, names=own)
        for control in _controls(self):
            control.observe(refresh, names="value")


_BOX_TRAITS = set(widgets.VBox().trait_names())


def panels(widget):
    """Every Panel in a widget tree, the outermost first."""
    own = [widget] if isinstance(widget, Panel) else []
    return own + [p for child in getattr(widget, "children", ()) for p in panels(child)]


def _has_figures(panel):
    return bool(_own_canvases(panel)) or type(panel).static_figures is not Panel.static_figures


def _own_canvases(panel):
    """The panel's canvases, not counting those of the panels inside it."""
    found = []
    for child in panel.children:
        if isinstance(child, Canvas):
            found.append(child)
        elif not isinstance(child, Panel):
            found += [c for c in canvases(child) if not any(c in canvases(p) for p in panels(child))]
    return found


def _controls(widget):
    """The value widgets (sliders, dropdowns, play buttons...) inside a widget tree."""
    if isinstance(widget, widgets.ValueWidget) and not isinstance(widget, (widgets.HTML, widgets.HTMLMath,
                                                                           widgets.Label)):
        return [widget]
    return [c for child in getattr(widget, "children", ()) for c in _controls(child)]


def figure_png(fig):
    """The figure as PNG bytes, as it looks now (moving artists included), the same bytes every run.

    Drawn from a copy: drawing the figure itself would fire its draw events (the
    saved backgrounds of blitting) and disturb the live view.
    """
    copy = pickle.loads(pickle.dumps(fig))
    for artist in copy.findobj(lambda a: a.get_animated()):
        # blitted artists: left out of a plain draw, and drawn over everything else when live
        artist.set_animated(False)
        artist.set_zorder(artist.get_zorder() + 100)
    for ax in copy.axes:
        if hasattr(ax, "computed_zorder"):
            ax.computed_zorder = False   # 3-D: keep that order instead of sorting by depth
    buffer = io.BytesIO()
    copy.savefig(buffer, format="png", metadata={"Software": None})   # no version stamp: same bytes
    return buffer.getvalue()


def figure_html(fig, alt):
    """An <img> of the figure with its text alternative."""
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" style="max-width: 100%">'


def _static(widget, panel, figures):
    """One widget of `panel` in static HTML ('' for what a picture cannot show, e.g. a button);
    `figures` maps the panel's figure widgets to their matplotlib Figure."""
    if getattr(getattr(widget, "layout", None), "display", None) == "none":
        return ""
    if isinstance(widget, Panel):
        return f"<div>{widget.static_html()}</div>"   # one block, also inside a row
    if widget in figures:
        return figure_html(figures[widget], panel.describe())
    if isinstance(widget, (widgets.HTML, widgets.HTMLMath)):
        if widget is getattr(panel, "figure_label", None) or not widget.value:
            return ""   # the label repeats the description: in the picture it is each image's alt
        return f"<div>{widget.value}</div>"
    if isinstance(widget, widgets.Label):
        return f"<div>{html.escape(widget.value)}</div>" if widget.value else ""
    if isinstance(widget, (widgets.FloatSlider, widgets.FloatLogSlider, widgets.IntSlider, widgets.Dropdown)):
        if widget.value in (None, ""):
            return ""   # nothing chosen yet (the scenario picker)
        value = widget.label if isinstance(widget, widgets.Dropdown) else _readout(widget)
        return f"<div><code>{html.escape(widget.description)} = {html.escape(str(value))}</code></div>"
    if isinstance(widget, widgets.Tab):
        titles = [f"<b>{html.escape(t)}</b>" if i == widget.selected_index else html.escape(t)
                  for i, t in enumerate(widget.titles)]
        shown = widget.children[widget.selected_index] if widget.selected_index is not None else None
        return f"<div>tabs: {' | '.join(titles)}</div>" + (_static(shown, panel, figures) if shown else "")
    if isinstance(widget, widgets.Accordion):
        return ""   # folded away (input and target); the description names their values
    if isinstance(widget, widgets.Box):
        inner = "".join(_static(child, panel, figures) for child in widget.children)
        if not inner:
            return ""
        row = isinstance(widget, widgets.HBox)
        style = "display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start" if row else ""
        return f'<div style="{style}">{inner}</div>'
    return ""


def _readout(slider):
    box = getattr(slider, "readout_box", None)   # a text box beside it shows the exact value
    if box is not None:
        return box.value
    try:
        return format(slider.value, slider.readout_format)
    except (TypeError, ValueError):
        return slider.value


def plain(markup):
    """HTML as plain text: tags dropped, line breaks as '; ', entities decoded."""
    text = re.sub(r"<br\s*/?>", "; ", re.sub(r"<sup>", "^", markup))
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", text).strip()


def use_state(state):
    """The NetworkState a view observes: the one given, or a fresh one for None."""
    if state is None:
        return NetworkState()
    if not isinstance(state, NetworkState):
        raise TypeError(f"state must be a bpwidgets NetworkState (or None for a new one), "
                        f"got {type(state).__name__}")
    return state
