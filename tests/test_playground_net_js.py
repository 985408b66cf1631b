"""The Playground's page-drawn diagram and charts (bpwidgets/views/_playground_net.js) under Node,
against what the kernel sends: the SVG holds every neuron and edge with its id, colour and width,
the numbers the kernel sent, and both curves on their axes."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from node_module import NODE, run_module

import bpwidgets as bp
from bpwidgets.views.playground import _nice_ceil

MODULE = Path(bp.__file__).parent / "views" / "_playground_net.js"
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (the browser tests draw the same SVG)")


def run_js(tmp_path, body, data):
    return run_module(MODULE, tmp_path, body, data)


def page_model(pg):
    return {k: v for k, v in pg.net.get_state().items() if not k.startswith("_")}


def test_the_svg_has_every_neuron_and_edge_coloured_and_sized_by_its_weight(tmp_path):
    """2-6-6-1 after 5 steps: 15 neurons, 54 edges; the widest edge (5 px) is the biggest |w|, negative
    weights vermillion; the chosen neuron ringed orange."""
    pg = bp.Playground(width=6, depth=2, steps=5, chosen="n2.4")
    svg = run_js(tmp_path, "return m.svgOf(data);", page_model(pg))
    assert len(re.findall(r'<circle [^>]*class="bp-neuron"', svg)) == 15
    edges = re.findall(r'<line [^>]*stroke="(#[0-9A-F]+)" stroke-width="([\d.]+)" class="bp-edge" data-id="w(\d)\.(\d)\.(\d)"', svg)
    assert len(edges) == 54
    weights = [W for W, _ in pg.state.derived.weights]
    biggest = max(np.abs(W).max() for W in weights)
    for colour, width, l, i, j in edges:
        w = weights[int(l) - 1][int(i), int(j)]
        assert colour == ("#0072B2" if w >= 0 else "#D55E00")
        assert float(width) == pytest.approx(0.5 + 4.5 * abs(w) / biggest, abs=0.011)   # to 4 digits, 2 decimals
    assert re.search(r'<circle [^>]*stroke="#E69F00" stroke-width="5" class="bp-neuron" data-id="n2.4"', svg)


def test_the_svg_shows_the_numbers_the_kernel_sent(tmp_path):
    """The lecture's 2-3-2: each neuron's a and delta, each edge's w and dC/dw, to 3 digits."""
    pg = bp.Playground(dataset="lecture", learning_rate=0.001)
    svg = run_js(tmp_path, "return m.svgOf(data);", page_model(pg))
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert "δ=−22" in texts and "δ=−6" in texts and "a=−21" in texts
    assert "2 (∂C/∂w −154)" in texts
    assert texts[:3] == ["inputs", "hidden 1", "output"]


def test_a_wide_or_deep_net_has_no_numbers_on_its_edges(tmp_path):
    """Beyond 3 layers of 3 the edges' numbers would overlap: they are in the formula of a clicked edge."""
    for values in ({"width": 4}, {"width": 3, "depth": 2}):
        svg = run_js(tmp_path, "return m.svgOf(data);", page_model(bp.Playground(**values)))
        assert "bp-edge-label" not in svg and "bp-neuron-label" in svg


def test_the_charts_axes_hold_every_point(tmp_path):
    """After 300 steps of Adam vs SGD: the loss axis tops at the kernel's round ceiling, every norm lies
    inside its whole-decade log axis, the step axis ends at a round number past the last step."""
    pg = bp.Playground(scenario="adam-vs-sgd", steps=300)
    loss, norms = run_js(tmp_path, "return m.charts(data);", page_model(pg))
    d = pg.state.derived
    assert loss["ymax"] == _nice_ceil(d.train_losses.max()) and loss["xmax"] == 500
    assert [line["name"] for line in loss["lines"]] == ["train", "test"]
    values = np.maximum(d.grad_norms, 1e-12)
    assert 10 ** norms["ymin"] <= values.min() and values.max() <= 10 ** norms["ymax"]
    assert all(len(line["points"]) == len(pg.net.norm_steps) for line in norms["lines"])


def test_numbers_and_ticks(tmp_path):
    out = run_js(tmp_path, """return {
        fmt: [m.fmt3(-0.0004), m.fmt3(-0.00001234), m.fmt3(1234.5), m.fmt3(-1e-20 * 0)],
        ceil: [0.3, 1, 7, 12, 4999, 1e-5].map(m.niceCeil),
        decades: [-6, -3, -1, 0, 2, 4].map(m.decade),
        ticks: [1, 5, 10, 50, 0.2].map(m.linearTicks),
        empty: m.logRange([]), zero: m.logRange([0, 0.5]),
        fills: [m.neuronFill(-1), m.neuronFill(0), m.neuronFill(1), m.neuronFill(NaN)],
    };""", {})
    assert out["fmt"] == ["−0.0004", "−0.0000123", "1230", "0"]
    assert out["ceil"] == [_nice_ceil(v) for v in (0.3, 1, 7, 12, 4999, 1e-5)]
    assert out["decades"] == ["1e−6", "0.001", "0.1", "1", "100", "1e+4"]
    assert out["ticks"] == [[0, 0.2, 0.4, 0.6, 0.8, 1], [0, 1, 2, 3, 4, 5], [0, 2, 4, 6, 8, 10],
                            [0, 10, 20, 30, 40, 50], [0, 0.05, 0.1, 0.15, 0.2]]
    assert out["empty"] == {"lo": -3, "hi": 0} and out["zero"] == {"lo": -12, "hi": 0}
    assert out["fills"] == ["rgb(230,159,0)", "rgb(255,255,255)", "rgb(0,114,178)", "rgb(255,255,255)"]


def test_positions_put_the_first_neuron_on_top_and_layers_left_to_right(tmp_path):
    pos = run_js(tmp_path, "return m.positions([2, 8, 1]);", {})
    assert [len(layer) for layer in pos] == [2, 8, 1]
    assert pos[0][0][0] < pos[1][0][0] < pos[2][0][0]
    ys = [y for _, y in pos[1]]
    assert ys == sorted(ys) and ys[0] >= 44 and ys[-1] <= 330   # inside the diagram's band
    assert pos[2][0][1] == pytest.approx((ys[0] + ys[-1]) / 2)


def test_labels_let_clicks_through_and_one_point_is_a_dot(tmp_path):
    """A neuron's numbers lying over an edge do not catch its click (pointer-events none); after one step
    each ||dW|| line is a single point, drawn as a dot, not an empty path."""
    pg = bp.Playground(steps=1)
    svg = run_js(tmp_path, "return m.svgOf(data);", page_model(pg))
    texts = re.findall(r"<text [^>]*>", svg)
    assert texts and all('pointer-events="none"' in t for t in texts)
    assert len(re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="3" fill="(#[0-9A-F]+)"/>', svg)) == 2
