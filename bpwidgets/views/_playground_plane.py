"""The Playground's output over the input plane, drawn in the page (anywidget).

The kernel sends the weights once per revision (about 2.5 KB for 2-8-8-1) and the data
when it changes; the page computes the output on a 100 x 100 grid itself
(_playground_plane.js, forward pass written like nn.py) and repaints once per revision.

What it draws depends on the data (`view_of`): two inputs and one output, the output as a colour
over the input plane; one input, the curve through the data; several outputs (the lecture's
(3, -2) -> (1, 4)), which one colour per point cannot show, each output as a bar beside its target.
"""
from __future__ import annotations

from pathlib import Path

import anywidget
from traitlets import Dict, Int, List, Unicode

_ESM = Path(__file__).with_name("_playground_plane.js").read_text(encoding="utf-8")
EXTENT = 1.6   # as in the page: the plane shows inputs in [-EXTENT, EXTENT]
# the outputs' names where the lessons give them (lesson 06: y-hat and z-hat); else "output k"
OUTPUT_NAMES = {"lecture": ("ŷ", "ẑ")}


def view_of(data):
    """What the page draws for these data: "curve" (one input), "outputs" (several outputs) or "plane"."""
    if data.n_in == 1:
        return "curve"
    return "outputs" if data.n_out > 1 else "plane"


def output_names(data):
    return list(OUTPUT_NAMES.get(data.name, [f"output {k}" for k in range(data.n_out)]))


class PlaygroundPlane(anywidget.AnyWidget):
    """The network's output over its inputs (a colour field, or a curve for one input) with the data."""

    _esm = Unicode(_ESM).tag(sync=True)
    layers = List(Dict(), help="[{W: rows, b: values}, ...] first layer first").tag(sync=True)
    activations = List(Unicode(), help="each layer's activation: sigmoid, tanh, relu, none").tag(sync=True)
    n_in = Int(2).tag(sync=True)
    kind = Unicode("classify", help="classify: colours are probabilities; regress: scaled outputs").tag(sync=True)
    view = Unicode("plane", help="plane: the output as colour over the inputs; curve: one input; "
                                 "outputs: each output as a bar beside its target").tag(sync=True)
    targets = List(help="the outputs view: each training sample's targets, all outputs").tag(sync=True)
    output_names = List(Unicode(), help="the outputs view: each output's name").tag(sync=True)
    train_x = List(help="training inputs, one list per sample").tag(sync=True)
    train_y = List(help="training targets (first output)").tag(sync=True)
    test_x = List().tag(sync=True)
    test_y = List().tag(sync=True)
    sample = Int(0, help="the chosen training sample, drawn larger").tag(sync=True)
    caption = Unicode("").tag(sync=True)
    description = Unicode("", help="the text alternative, as the canvas's aria-label").tag(sync=True)
    size = Int(360, help="width and height in CSS pixels").tag(sync=True)
    revision = Int(0, help="the state's revision: the page repaints once per revision").tag(sync=True)


def layers_message(weights):
    """[(W, b), ...] -> what the page reads: [{W: rows, b: values}, ...] as plain floats."""
    return [{"W": W.tolist(), "b": b.ravel().tolist()} for W, b in weights]


def follow_run(plane, state, description):
    """Copy what the page needs from the state's run: weights always, data only when it changed."""
    run = state.run
    data = run.data
    with plane.hold_sync():
        plane.layers = layers_message(state.derived.weights)
        plane.activations = [run.arch.activation] * run.arch.depth + [run.arch.output]
        plane.n_in = data.n_in
        plane.kind = data.kind
        plane.view = view_of(data)
        key = (data.name, state.noise, state.seed)
        if getattr(plane, "_data_key", None) != key:   # 140 + 60 points: send them once per data set
            plane._data_key = key
            plane.train_x = data.X_train.T.tolist()
            plane.train_y = data.Y_train[0].tolist()
            plane.test_x = data.X_test.T.tolist()
            plane.test_y = data.Y_test[0].tolist() if data.Y_test.size else []
            plane.targets = data.Y_train.T.tolist() if plane.view == "outputs" else []
            plane.output_names = output_names(data)
        plane.sample = state.sample
        plane.caption = f"step {state.steps}"
        plane.description = description
        plane.revision = state.revision


__all__ = ["PlaygroundPlane", "follow_run", "layers_message", "output_names", "view_of", "EXTENT"]
