"""The page's maths (bpwidgets/views/_landscape_map.js) run under Node, against Python.

The browser test (tests/browser/test_browser_landscape_map.py) checks the same functions as
the page runs them; this one is quick and needs only `node`.
"""
from __future__ import annotations

import math
from decimal import Decimal, getcontext
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from node_module import NODE, run_module

from bpwidgets.slices import window

MODULE = Path(__file__).resolve().parents[1] / "bpwidgets" / "views" / "_landscape_map.js"
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed (the browser test covers the maths)")


def run_js(tmp_path, body, data):
    return run_module(MODULE, tmp_path, body, data)


def correctly_rounded_exp(x):
    getcontext().prec = 60
    return float(Decimal(x).exp())


def test_exp_is_correctly_rounded(tmp_path):
    """The page's exp equals e^x rounded once (50-digit decimal) for 3000 arguments the sigmoid
    meets (x <= 0, down to underflow), and its edge cases are those of libm."""
    rng = np.random.default_rng(5)
    xs = np.concatenate([rng.uniform(-700, 0, 1000), -(10 ** rng.uniform(-12, 2.5, 1000)),
                         rng.uniform(-1, 0, 1000)]).tolist()
    got = run_js(tmp_path, "return data.map(m.exp);", xs)
    wrong = [(x, g) for x, g in zip(xs, got) if g != correctly_rounded_exp(x)]
    assert wrong == []
    edges = run_js(tmp_path, "return [m.exp(0), m.exp(-0), m.exp(-800), m.exp(-Infinity), m.exp(1), "
                             "Number.isNaN(m.exp(NaN))];", None)
    assert edges == [1.0, 1.0, 0.0, 0.0, math.e, True]


def test_window_and_grid_are_the_kernels(tmp_path):
    """mapWindow is slices.window and linspace is numpy.linspace, bit for bit."""
    rng = np.random.default_rng(6)
    cases = [("w1", "w2", *rng.uniform(-30, 30, 2)) for _ in range(200)] + [("w0", "w1", 5.0, -2.5), ("w2", "w0", 3.5, 2.0)]
    got = run_js(tmp_path, "return data.map(([xw, yw, x, y]) => { const b = m.mapWindow(xw, yw, x, y);"
                           " return [b, Array.from(m.linspace(b[0], b[1], 80))]; });", cases)
    for (xw, yw, x, y), (box, xs) in zip(cases, got):
        expected = window(xw, yw, x, y)
        assert tuple(box) == expected
        assert xs == np.linspace(expected[0], expected[1], 80).tolist()


def test_viridis_and_the_bands(tmp_path):
    """The baked viridis matches matplotlib's within 3/255 at 41 points (33 baked, linear between; matplotlib itself steps in 256); band colours are even
    on the square-root scale; nice ticks are round."""
    ts = np.linspace(0, 1, 41).tolist()
    got = run_js(tmp_path, "return [data.map(m.viridis), m.niceTicks(0, 4.97, 6), m.niceTicks(-2, 4, 6),"
                           " m.niceTicks(0, 0.0123, 6)];", ts)
    cmap = matplotlib.colormaps["viridis"]
    for t, rgb in zip(ts, got[0]):
        assert np.abs(np.array(cmap(t)[:3]) * 255 - rgb).max() <= 3.0, t
    assert got[1] == [0, 1, 2, 3, 4]
    assert got[2] == [-2, -1, 0, 1, 2, 3, 4]
    assert got[3] == pytest.approx([0, 0.0025, 0.005, 0.0075, 0.01])


def test_tick_labels_tell_neighbours_apart(tmp_path):
    """The lecture's window: six ticks as before. A window far out (w1 typed as 1000000, the map at
    1000000 to 1000006) has distinct labels, three of them, so they do not run into each other."""
    got = run_js(tmp_path, "return [m.tickLabels(-2, 4, 6), m.tickLabels(1e6, 1e6 + 6, 6),"
                           " m.tickLabels(-0.0123, 0, 6)];", [])
    assert got[0] == [[-2, "\u22122"], [-1, "\u22121"], [0, "0"], [1, "1"], [2, "2"], [3, "3"], [4, "4"]]
    assert [text for _, text in got[1]] == ["1000000", "1000002", "1000004", "1000006"]
    assert [text for _, text in got[2]] == ["\u22120.01", "\u22120.0075", "\u22120.005", "\u22120.0025", "0"]


def test_contour_segments_trace_a_level(tmp_path):
    """Marching squares on f = i + j (80 x 80 grid) at level 40.5: every segment lies on i + j = 40.5."""
    got = run_js(tmp_path, "const f = new Float64Array(6400); for (let j = 0; j < 80; j++) for (let i = 0; i < 80; i++)"
                           " f[j * 80 + i] = i + j; return m.contourSegments(f, 40.5);", None)
    assert len(got) > 70
    for segment in got:
        for u, v in segment:
            assert u + v == pytest.approx(40.5)
