"""The base of every bpwidgets widget: an ipywidgets VBox with a readable stand-in text,
a static picture of itself and a text alternative with its numbers, that follows a
NetworkState once per change and shows its own errors.

Displayed, a Panel offers three forms at once (one display bundle); each place
shows the richest one it can:
- a running kernel (JupyterLab, Voila): the live widget;
- a saved notebook not yet run (JupyterLab, GitHub, nbviewer, `nbconvert --to html`):
  a view that holds a figure: `image/png`, one picture of the whole view as it looks (its
  figures drawn by matplotlib, its tables and readouts drawn as text), its description as
  `alt` in the output's metadata; a view of tables and controls only: `text/html`, plain
  tables that read without style attributes (sanitizing viewers strip them);
- a terminal or nbval: `text/plain`, the view's description with its numbers.

In the live page every view also carries its description for screen readers (an
element with role "img" and an aria-label that follows the state), since the
pixels of a canvas say nothing to them.
"""
import base64
import html
import html.parser
import re
import traceback

import ipywidgets as widgets

from . import _picture
from ._canvas import Canvas, canvases
from ._follow import FOLLOW_INTERVAL, Follower
from ._picture import figure_png  # noqa: F401  (tests and views draw a figure's picture with it)
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

    def observe_state(self, state, render, slowly=True, interval=FOLLOW_INTERVAL):
        """Call render() now and after every change of `state` (one call per learner action).

        While a slider is dragged (`state.dragging`) the view follows slowly (_follow.Follower):
        at most every `interval` (by default when the drag ends), and exactly once it ends.
        `slowly=False`: every change.
        """
        follower = Follower(state, lambda: self.render_safely(render), slowly=slowly, interval=interval)
        self.followers = [*getattr(self, "followers", ()), follower]
        return follower

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
        """The view as HTML (for a view of tables and controls): its tables and readouts as they are."""
        figures = self.static_figures()
        return "".join(_static(child, self, figures) for child in self.children)

    def static_picture(self):
        """The view as one RGB picture (numpy array): figures, tables and readouts as laid out on screen."""
        return _as_array(_picture_of(self, self, self.static_figures()))

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.describe()
        metadata = {}
        if any(_has_figures(p) for p in panels(self)):
            # one image/png (never an <img> in HTML, which sanitizing viewers drop), and no
            # text/html beside it: a viewer shows the richest type it knows
            bundle.pop("text/html", None)
            picture = _picture.column([self.static_picture(),
                                       _picture.text_block([_picture.Line([STATIC_NOTE], italic=True)])])
            bundle["image/png"] = base64.b64encode(_picture.png(picture)).decode("ascii")
            metadata = {"image/png": {"alt": self.describe()}}   # nbconvert writes it as the img's alt
        else:
            bundle["text/html"] = (f'<div class="bp-static">{unstyled(self.static_html())}'
                                   f'<p><i>{STATIC_NOTE}</i></p></div>')
        self.label_figures()   # it is in a page now: name its figures there
        return (bundle, metadata) if metadata else bundle

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

        states = {id(p.state): p.state for p in panels(self) if isinstance(getattr(p, "state", None), NetworkState)}
        # once per learner action, and at the end of a drag (a label nobody reads mid-drag)
        followers = [Follower(state, refresh) for state in states.values()]
        self.followers = [*getattr(self, "followers", ()), *followers]
        if not followers:
            refresh()

        def request(change=None):
            for follower in followers:
                follower.request()
            if not followers:
                refresh()

        for panel in panels(self):
            own = sorted(set(panel.trait_names()) - _BOX_TRAITS)   # e.g. a stepper's step
            if own:
                panel.observe(request, names=own)
        for control in _controls(self):
            control.observe(request, names="value")


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


def _static(widget, panel, figures):
    """One widget of `panel` in static HTML ('' for what a picture cannot show, e.g. a button);
    `figures` maps the panel's figure widgets to their matplotlib Figure."""
    if getattr(getattr(widget, "layout", None), "display", None) == "none":
        return ""
    if isinstance(widget, Panel):
        return f"<div>{widget.static_html()}</div>"   # one block, also inside a row
    if widget in figures:
        return ""   # a view with figures is shown as one picture (Panel.static_picture)
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


def _picture_of(widget, panel, figures):
    """One widget of `panel` as an RGB array, or as text Lines (None for what a picture cannot
    show, e.g. a button); the same choices as _static. Consecutive text in a column is drawn
    as one block."""
    if getattr(getattr(widget, "layout", None), "display", None) == "none":
        return None
    if isinstance(widget, Panel) and widget is not panel:
        return _picture_of(widget, widget, widget.static_figures())
    if widget in figures:
        return _picture.figure_pixels(figures[widget])
    if isinstance(widget, (widgets.HTML, widgets.HTMLMath)):
        if widget is getattr(panel, "figure_label", None) or not widget.value:
            return None
        return _picture.html_lines(widget.value)
    if isinstance(widget, widgets.Label):
        return [_picture.Line([widget.value])] if widget.value else None
    if isinstance(widget, (widgets.FloatSlider, widgets.FloatLogSlider, widgets.IntSlider, widgets.Dropdown)):
        if widget.value is None:
            return None
        value = widget.label if isinstance(widget, widgets.Dropdown) else _readout(widget)
        return [_picture.Line([f"{widget.description} = {value}"], mono=True)]
    if isinstance(widget, widgets.Tab):
        titles = [f"[{t}]" if i == widget.selected_index else t for i, t in enumerate(widget.titles)]
        shown = widget.children[widget.selected_index] if widget.selected_index is not None else None
        return _as_column([[_picture.Line(["tabs: " + " | ".join(titles)])],
                           _picture_of(shown, panel, figures) if shown else None])
    if isinstance(widget, widgets.Accordion):
        return None
    if isinstance(widget, widgets.Box):
        parts = [_picture_of(child, panel, figures) for child in widget.children]
        if isinstance(widget, widgets.HBox):
            return _picture.row([_as_array(p) for p in parts])
        return _as_column(parts)
    return None


def _as_column(parts):
    """Parts one under the other; runs of text Lines become one text block."""
    blocks, lines = [], []
    for part in parts:
        if isinstance(part, list):
            lines += part
            continue
        if lines:
            blocks.append(_picture.text_block(lines))
            lines = []
        blocks.append(part)
    if lines:
        if not any(b is not None for b in blocks):
            return lines   # all text: the caller may join it with more text
        blocks.append(_picture.text_block(lines))
    return _picture.column(blocks)


def _as_array(part):
    return _picture.text_block(part) if isinstance(part, list) else part


class _Unstyled(html.parser.HTMLParser):
    """HTML without style attributes; a row highlighted by its background is made strong instead.
    Column groups (colgroup, col) hold only column widths: they go too (GitHub drops them)."""

    LAYOUT_ONLY = ("colgroup", "col")

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out, self.strong_row, self.in_cell = [], False, False

    def handle_starttag(self, tag, attrs):
        if tag in self.LAYOUT_ONLY:
            return
        style = dict(attrs).get("style") or ""
        kept = "".join(f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs if k != "style")
        self.out.append(f"<{tag}{kept}>")
        if tag == "tr":
            self.strong_row = "background" in style
        elif tag in ("td", "th") and self.strong_row:
            self.out.append("<strong>")

    def handle_startendtag(self, tag, attrs):
        if tag in self.LAYOUT_ONLY:
            return
        kept = "".join(f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs if k != "style")
        self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag):
        if tag in self.LAYOUT_ONLY:
            return
        if tag in ("td", "th") and self.strong_row:
            self.out.append("</strong>")
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")


def unstyled(markup):
    """The static HTML of a table view, readable where style attributes are stripped (GitHub)."""
    parser = _Unstyled()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)


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
