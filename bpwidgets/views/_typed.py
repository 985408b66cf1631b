"""Number controls that take a typed value exactly: a slider to drag, a text box to type into.

A value lives in a trait of some owner (the NetworkState, or a view's own settings). Its slider
is linked to it (`link_slider`) and its text box beside the slider shows it exactly and takes a
typed value (`take_typed`): inside the bounds exactly (3 stays 3, not the slider's grid point
3.15), beyond them at the nearest bound, and text that is not a number keeps the value; a
message says what was done. The slider's grid is only for dragging; a value beyond the slider's
range is kept, its handle red and its tooltip saying so (`mark_beyond`).
"""
from __future__ import annotations

import math

import ipywidgets as widgets
from traitlets import link

from ..numbers import rounded_text
from ..state import read_typed, shown
from . import style

OUT_OF_RANGE = style.ERROR   # the handle of a slider whose value lies beyond it; a message's colour
ON_THE_SLIDER = 1e-9       # a value this close beyond a slider's end is at its end
_BOX = widgets.Layout(width="72px")


def clean(value):
    """A slider's value without the browser's float noise: 0.7000000000000002 -> 0.7.

    The browser snaps a slider to min + k*step in floating point, so the lecture's
    0.7 comes back as 0.7000000000000002 (and alpha 0.5 as 0.49999999999999994).
    Twelve significant digits are far more than any slider shows.
    """
    return float(f"{value:.12g}")


def slider_position(slider, value):
    """Where `value` sits on the slider's own scale (log10 on a log slider)."""
    if isinstance(slider, widgets.FloatLogSlider):
        return math.log10(value) if value > 0 else -math.inf
    return value


def on_the_slider(slider, value):
    """Is `value` on the slider? (A slider's end, cleaned to 12 digits, may lie 1e-13 beyond it:
    still on it, or a drag to the end would count as beyond.)"""
    position = slider_position(slider, value)
    return slider.min - ON_THE_SLIDER <= position <= slider.max + ON_THE_SLIDER


def mark_beyond(slider, label, value, tooltip):
    """A red handle, and a tooltip saying the value, when `value` lies beyond the slider's range."""
    beyond = not on_the_slider(slider, value)
    slider.style.handle_color = OUT_OF_RANGE if beyond else None
    slider.tooltip = f"{label} = {rounded_text(value, 'g')}, beyond this slider's range" if beyond else tooltip


def link_slider(owner, name, slider, moved=None):
    """Link `owner.name` to `slider.value`; the traitlets link, to unlink and link again.

    A browser snaps a slider to its grid (min + k*step) and sends the snapped value back:
    a typed 2 would come back as 1.99 and change every number on the page. A value within
    half a step of the owner's own is that snapping, and leaves the value alone; anything
    further is the learner moving the slider (then `moved()` is called first).
    """
    def from_slider(value):
        current = getattr(owner, name)
        if isinstance(slider, widgets.FloatLogSlider):
            gap = abs(math.log10(value / current)) if value > 0 and current > 0 else math.inf
        else:
            gap = abs(value - current)
        if gap < slider.step / 2:
            return current
        if moved is not None:
            moved()
        return value if isinstance(slider, widgets.IntSlider) else clean(value)
    return link((owner, name), (slider, "value"), transform=(lambda value: value, from_slider))


def readout_box(name, slider=None):
    """The text box beside a slider: it shows the exact value and takes a typed one on Enter.
    With `slider`, a static picture of the slider shows the box's text."""
    box = widgets.Text(continuous_update=False, layout=_BOX,
                       tooltip=f"{name}: type a value and press Enter")
    box.add_class("bp-readout")   # the page's keyboard.js announces the slider's value as this box's
    if slider is not None:
        slider.readout_box = box
    return box


def message_html(text):
    """A message under the controls ('' clears it)."""
    return f"<span style='color: {OUT_OF_RANGE}'>{text}</span>" if text else ""


def take_typed(owner, name, box, message, label=None, bounds=None):
    """What is typed into `box` sets `owner.name` (read_typed, with `label` in its message and
    `bounds`: (low, high), a function giving them, or by default the state's); the box then shows
    the value and `message` says the rest.

    Whatever re-renders on the owner's change may clear `message` first: it is set afterwards.
    """
    def on_typed(change):
        current = getattr(owner, name)
        if change["new"] == shown(current):
            return   # the box showing the value (or the same typed again)
        value, text = read_typed(label or name, change["new"], current,
                                 bounds() if callable(bounds) else bounds)
        setattr(owner, name, value)   # one change: the box shows it after the redraw
        box.value = shown(getattr(owner, name))   # also when nothing changed
        message.value = message_html(text)
    box.observe(on_typed, names="value")
