"""Kernel work and bytes sent per change, for every control of the Explorer (make bench).

Each control is driven the way the browser drives it: `widget.set_state({...})` for a
slider or an axis picker (the message a browser sends), `click()` for Reset, the map's
"start" message for a click on the map. The clock covers the kernel's whole answer: the
state change, every view, and the full draws the ipympl figures then make the browser
ask for (benchmarks/run.py's FrontEnd). Bytes are counted by a comm installed through
`comm.create_comm` (the hook kernels use), so every message to the page is counted.
"""
from __future__ import annotations

import json
import statistics
import time

import comm
from comm.base_comm import BaseComm

CHANGES = 40
TARGET_MS = 16.0
TARGET_BYTES = 16 * 1024


class CountingComm(BaseComm):
    """A comm that sends nothing and counts the bytes it would send."""
    sent = 0

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        CountingComm.sent += len(json.dumps(data, default=str)) + sum(len(b) for b in buffers or ())


def _controls(ex):
    """name -> a function of i that makes the i-th change of that control."""
    s = ex.sliders

    def slider(widget, a, b):
        return lambda i: widget.set_state({"value": (a, b)[i % 2]})

    def picker(widget, a, b):   # a Dropdown syncs its index
        return lambda i: widget.set_state({"index": (a, b)[i % 2]})

    def reset(i):
        if i % 2:
            ex.sliders.reset_button.click()
        else:
            ex.state.set_weights(w0=-1.0, w1=2.5, w2=-0.5, alpha=2.0, s0=1.0, target=0.1)

    def map_click(i):
        ex.landscape.map._on_page_message(ex.landscape.map, {"event": "start", "x": (2.2, 0.4)[i % 2],
                                                              "y": (1.3, -0.7)[i % 2]}, [])
    return {
        "w0": slider(s.w0, 2.0, 2.1), "w1": slider(s.w1, 1.0, 1.1), "w2": slider(s.w2, 0.5, 0.6),
        "alpha": slider(s.alpha, 0.5, 0.5 * 10 ** 0.05), "steps": slider(s.steps, 100, 101),
        "s0": slider(s.s0, 2.0, 2.1), "target": slider(s.target, 0.7, 0.8),
        "x axis": picker(s.x_weight, 0, 1), "y axis": picker(s.y_weight, 1, 2),
        "Reset": reset, "map click": map_click,
    }


class SlidersAndLandscape:
    """The sliders and the landscape alone (tests/browser/landscape.ipynb): the landscape's own cost."""

    def __init__(self):
        import ipywidgets as widgets

        from bpwidgets.state import NetworkState
        from bpwidgets.views.landscape import CostLandscape
        from bpwidgets.views.sliders import WeightSliders
        self.state = NetworkState()
        self.sliders, self.landscape = WeightSliders(self.state), CostLandscape(self.state)
        self.box = widgets.HBox([self.sliders, self.landscape])


def measure(make, label, changes=CHANGES):
    from run import FrontEnd   # the stand-in for the browser's full-draw requests

    create = comm.create_comm
    comm.create_comm = CountingComm
    try:
        ex = make()
        front = FrontEnd(getattr(ex, "box", ex))
        results = {}
        for name, change in _controls(ex).items():
            for i in range(4):                 # warm up
                change(i)
                front.answer()
            times, sizes = [], []
            for i in range(changes):
                CountingComm.sent = 0
                start = time.perf_counter()
                change(i)
                front.answer()
                times.append((time.perf_counter() - start) * 1e3)
                sizes.append(CountingComm.sent)
                time.sleep(1 / 60)
            results[name] = {"median_ms": round(statistics.median(times), 2),
                             "bytes_median": int(statistics.median(sizes)), "n": changes}
    finally:
        comm.create_comm = create
    print(f"kernel work and bytes sent per change, {label}, {changes} changes each "
          f"(goal <= {TARGET_MS:g} ms and <= {TARGET_BYTES // 1024} KiB)")
    print(f"{'control':12s} {'median ms':>10s} {'bytes':>8s}")
    for name, r in results.items():
        met = r["median_ms"] <= TARGET_MS and r["bytes_median"] <= TARGET_BYTES
        r["met"] = met
        print(f"{name:12s} {r['median_ms']:10.2f} {r['bytes_median']:8d}  {'met' if met else 'MISSED'}")
    return results


def main(changes=CHANGES):
    from bpwidgets.views.explorer import Explorer
    return {"sliders + CostLandscape": measure(SlidersAndLandscape, "sliders + CostLandscape", changes),
            "Explorer": measure(Explorer, "Explorer (every view)", changes)}


if __name__ == "__main__":
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
