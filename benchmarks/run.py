"""Kernel-side latency and memory of the views: `make bench` (or python benchmarks/run.py).

For each view, and for the whole Explorer, it times a state change (w1
alternating between two values, as when a slider is dragged) including the
drawing the kernel really does: the Agg blit and the PNG diff ipympl sends, or,
for a view that asks for a full redraw (draw_idle), the full draw the front end
then requests. That round trip is simulated here: a canvas's draw_idle marks it
"asked", and the canvases that asked are drawn before the clock stops, as the
browser would ask. Every canvas gets one full draw first, so blitting has its
background, and stops syncing its data URL, as it does once a browser shows it.

Baseline in the same run: the naive way, a new figure built, drawn and sent on
every change. Then memory over 2000 Explorer changes, kernel work and bytes per
change for every control (controls.py), and key press -> contour-map repaint in a
real browser, directly and through a relay adding 100 ms of round trip
(browser_latency.py). Results are printed and written to benchmarks/results/latest.json.
"""
from __future__ import annotations

import gc
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import psutil
from matplotlib import __version__ as mpl_version
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure

from bpwidgets.chain import cost_surface
from bpwidgets.state import NetworkState
from bpwidgets.views._canvas import Blitter, canvases, new_figure
from bpwidgets.views.diagram import NetworkDiagram
from bpwidgets.views.explorer import Explorer
from bpwidgets.slices import GRID
from bpwidgets.views.landscape import CostLandscape
from bpwidgets.views.probe import WiggleProbe
from bpwidgets.views.sliders import WeightSliders
from bpwidgets.views.stepper import ChainRuleStepper
from bpwidgets.views.training import TrainingView

HERE = Path(__file__).resolve().parent
CHANGES = 200          # timed state changes per view
MEMORY_CHANGES = 2000  # Explorer changes for the memory check
TARGET_MS = 16.0       # one frame at 60 Hz
TARGET_SPEEDUP = 5.0
TARGET_RSS_MIB = 30.0


# --- a stand-in for the browser -------------------------------------------------

class FrontEnd:
    """What a connected browser makes the kernel do: full draws when asked, after a first one.

    A canvas's draw_idle sends the browser a "draw" event, and the browser asks
    back for a full draw: here the event is caught and `answer()` does that draw.
    """

    def __init__(self, widget):
        self.canvases = canvases(widget)
        self.asked = {}   # canvas -> how many draws it asked for since the last answer
        self.timers = []
        for canvas in self.canvases:
            canvas.syncing_data_url = False          # a browser is showing it: diffs only
            canvas.send_event = self._catcher(canvas)
            canvas.new_timer = self._new_timer       # the kernel's event loop, stood in for here
            canvas.draw()                            # the first full draw saves blit backgrounds

    def _new_timer(self, interval=None, **kwargs):
        timer = PendingTimer(interval)
        self.timers.append(timer)
        return timer

    def _catcher(self, canvas):
        send = canvas.send_event

        def send_event(event_type, **kwargs):
            if event_type == "draw":
                self.asked[canvas] = self.asked.get(canvas, 0) + 1
            else:
                send(event_type, **kwargs)
        return send_event

    def answer(self):
        """Run the timers that are due, then draw every canvas that asked (each once: the
        browser coalesces its requests). Returns {canvas: draw requests}."""
        now = time.perf_counter()
        for timer in [t for t in self.timers if t.due is not None and t.due <= now]:
            self.timers.remove(timer)
            timer.fire()
        asked = dict(self.asked)
        for canvas in asked:
            canvas.draw()
        self.asked.clear()
        return asked


class PendingTimer:
    """A single-shot timer that FrontEnd.answer() fires once it is due."""

    def __init__(self, interval):
        self.interval, self.single_shot, self.callbacks, self.due = interval, True, [], None

    def add_callback(self, callback):
        self.callbacks.append(callback)

    def start(self):
        self.due = time.perf_counter() + self.interval / 1000

    def fire(self):
        for callback in self.callbacks:
            callback()


def unthrottled(explorer):
    """The Explorer with every figure blitted on every change (no 10 Hz limit on any view)."""
    for view in explorer.views:
        for value in vars(view).values():
            if isinstance(value, Blitter):
                value.min_interval = 0.0
    return explorer


FRAME = 1 / 60   # s: a slider being dragged sends about one value per frame


def time_changes(widget, state, n=CHANGES, values=(1.0, 1.1)):
    """Median and p95 (ms) of state.w1 = ..., one change per 60 Hz frame as in a drag: the
    change itself (observers, blits), and with the timers then due and the full draws it
    makes the browser ask for: all the kernel's work in that frame."""
    front = FrontEnd(widget)
    for i in range(10):   # warm up caches (fonts, paths)
        state.w1 = values[i % 2]
        front.answer()
    change, total = [], []
    for i in range(n):
        start = time.perf_counter()
        state.w1 = values[i % 2]
        change.append(time.perf_counter() - start)
        front.answer()
        total.append(time.perf_counter() - start)
        time.sleep(max(0.0, FRAME - (time.perf_counter() - start)))
    return {**summary(total), "change": summary(change),
            "mean_ms": round(float(np.mean(total)) * 1e3, 2)}


def summary(times):
    ms = np.array(times) * 1e3
    return {"median_ms": round(float(np.median(ms)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2),
            "n": len(ms)}


def row(name, result):
    change = result.get("change", {"median_ms": float("nan"), "p95_ms": float("nan")})
    print(f"{name:28s} {change['median_ms']:10.2f} {change['p95_ms']:8.2f}"
          f" {result['median_ms']:12.2f} {result['p95_ms']:8.2f} {result.get('mean_ms', float('nan')):8.2f}")


# --- one learner action: Reset, a click on the map ---------------------------------

def figure_name(canvas):
    return canvas.figure.axes[0].get_title()[:40] or type(canvas.figure.axes[0]).__name__


def time_actions(n=20):
    """Kernel ms for Reset and for a click on the map, including the full draws the page then
    asks for, and the most full draws any one figure asked for in one action (the goal: 1)."""
    ex = Explorer()
    front = FrontEnd(ex)
    landscape = ex.landscape

    def click(x, y):   # what the page sends for a click on the map at (x, y)
        landscape.map._on_page_message(landscape.map, {"event": "start", "x": x, "y": y}, [])

    away = dict(w0=-1.0, w1=2.5, w2=1.5, s0=1.0, target=0.3, alpha=2.0, steps=40, x_weight="w0")
    actions = {
        "Reset (from a changed state)": (lambda: ex.state.set_weights(**away), ex.sliders.reset_button.click),
        "map click": (lambda: None, lambda: click(*(((-1.0, 2.0), (2.0, -1.0))[len(times) % 2]))),
    }
    results = {}
    for name, (prepare, act) in actions.items():
        times, most = [], {}
        for i in range(n + 2):
            prepare()
            front.answer()
            start = time.perf_counter()
            act()
            asked = front.answer()
            if i >= 2:   # the first two warm up caches
                times.append(time.perf_counter() - start)
            for canvas, k in asked.items():
                most[figure_name(canvas)] = max(most.get(figure_name(canvas), 0), k)
        results[name] = {**summary(times), "most_full_draws_per_figure": max(most.values(), default=0),
                         "full_draws": most}
    return results


# --- the naive way: rebuild everything on every change ----------------------------

def rebuild_landscape(state):
    """A new figure per change: surface and contour of C, star, descent path; drawn and sent."""
    fig = new_figure(10.0, 4.2)
    ax3, ax = fig.add_subplot(1, 2, 1, projection="3d"), fig.add_subplot(1, 2, 2)
    xs, ys = np.linspace(-2, 4, GRID), np.linspace(-2.5, 3.5, GRID)
    costs = cost_surface(state.network(), "w1", "w2", xs, ys)
    X, Y = np.meshgrid(xs, ys)
    norm = PowerNorm(0.5, vmin=0, vmax=costs.max())
    ax3.plot_surface(X, Y, costs, cmap="viridis", rcount=40, ccount=40, linewidth=0, norm=norm)
    cs = ax.contourf(X, Y, costs, levels=20, cmap="viridis", norm=norm)
    fig.colorbar(cs, ax=ax, label="C")
    traj = state.trajectory()
    ax.plot(traj.weights[:, 1], traj.weights[:, 2], "-o", color="white", markersize=3)
    ax.scatter([state.w1], [state.w2], marker="*", s=320, color="red")
    ax3.plot(traj.weights[:, 1], traj.weights[:, 2], traj.costs, "-o", color="white", markersize=3)
    fig.canvas.syncing_data_url = False
    fig.canvas.draw()    # the full frame goes out (a new canvas has no previous frame to diff)
    fig.canvas.close()


def time_rebuild(n=30):
    state = NetworkState()
    rebuild_landscape(state)
    times = []
    for i in range(n):
        start = time.perf_counter()
        state.w1 = (1.0, 1.1)[i % 2]
        rebuild_landscape(state)
        times.append(time.perf_counter() - start)
    return summary(times)


# --- memory ---------------------------------------------------------------------

def live_figures():
    gc.collect()
    return sum(isinstance(o, Figure) for o in gc.get_objects())


def memory_check(n=MEMORY_CHANGES):
    """RSS growth and new Figure objects over n Explorer changes (the browser answering every 20th)."""
    ex = Explorer()
    front = FrontEnd(ex)
    process = psutil.Process()
    for i in range(50):
        ex.state.w1 = 1.0 + 0.01 * (i % 7)
        front.answer()
    figures_before, rss_before = live_figures(), process.memory_info().rss
    for i in range(n):
        ex.state.w1 = 1.0 + 0.01 * (i % 7)   # many different values, not just two
        if i % 20 == 19:
            front.answer()
    front.answer()
    figures_after, rss_after = live_figures(), process.memory_info().rss
    return {"changes": n, "rss_growth_mib": round((rss_after - rss_before) / 2**20, 2),
            "new_figures": figures_after - figures_before, "figures": figures_after}


# --- the browser end-to-end benchmark (another module, when it exists) ---------------

def browser_results():
    path = HERE / "browser_latency.py"
    if not path.exists():
        print("browser benchmark: benchmarks/browser_latency.py is missing, skipped")
        return None
    spec = importlib.util.spec_from_file_location("browser_latency", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main()


def site_results():
    """Key -> pixels of the course website's live map (benchmarks/site_latency.py)."""
    sys.path.insert(0, str(HERE))
    import site_latency
    return site_latency.main()


def controls_results():
    """Kernel ms and bytes per change for every control (benchmarks/controls.py)."""
    sys.path.insert(0, str(HERE))
    import controls
    return controls.main()


# --- the report -------------------------------------------------------------------

VIEWS = {
    "WeightSliders": WeightSliders,
    "CostLandscape": CostLandscape,
    "ChainRuleStepper": ChainRuleStepper,
    "NetworkDiagram": NetworkDiagram,
    "WiggleProbe": WiggleProbe,
    "TrainingView": TrainingView,
    "Explorer": Explorer,
    "Explorer, no 10 Hz limit": lambda state: unthrottled(Explorer(state)),
}


def main():
    results = {"machine": {"python": platform.python_version(), "matplotlib": mpl_version,
                           "cpus": psutil.cpu_count(), "load_average": os.getloadavg()},
               "latency": {}}
    print(f"load average {os.getloadavg()[0]:.1f} on {psutil.cpu_count()} CPUs (other work slows every number)")
    print("state.w1 changes, in the kernel (ms). 'change': observers, blits and the diffs sent;")
    print("one change per 60 Hz frame, as in a drag; 'frame total': also the throttled blits then due")
    print("and the full redraws the views' draw_idle makes the browser ask for (the 3-D surface,")
    print("diagram, probe and training repaint at most 10 times a second; the last line lifts that).")
    print(f"{'':28s} {'change':>10s} {'':8s} {'frame total':>12s}")
    print(f"{'view':28s} {'median':>10s} {'p95':>8s} {'median':>12s} {'p95':>8s} {'mean':>8s}")
    for name, view_class in VIEWS.items():
        state = NetworkState()
        results["latency"][name] = time_changes(view_class(state), state)
        row(name, results["latency"][name])
    naive = results["latency"]["naive rebuild (landscape)"] = time_rebuild()
    row("naive rebuild (landscape)", naive)
    lat = results["latency"]
    results["speedup"] = {
        "CostLandscape vs rebuild": round(naive["median_ms"] / lat["CostLandscape"]["median_ms"], 1),
        "Explorer vs rebuild": round(naive["median_ms"] / lat["Explorer"]["median_ms"], 1),
        "Explorer (no 10 Hz limit) vs rebuild":
            round(naive["median_ms"] / lat["Explorer, no 10 Hz limit"]["median_ms"], 1),
    }
    for name, ratio in results["speedup"].items():
        print(f"speed-up {name}: {ratio}x")

    actions = results["actions"] = time_actions()
    print("one learner action in the Explorer, kernel ms with the full draws the page asks for:")
    for name, result in actions.items():
        print(f"  {name:30s} median {result['median_ms']:7.1f} ms, p95 {result['p95_ms']:7.1f} ms; "
              f"full redraws per figure at most {result['most_full_draws_per_figure']} "
              f"({', '.join(f'{k}: {v}' for k, v in result['full_draws'].items())})")

    mem = results["memory"] = memory_check()
    print(f"memory over {mem['changes']} Explorer changes: RSS +{mem['rss_growth_mib']} MiB, "
          f"{mem['new_figures']} new Figure objects ({mem['figures']} live)")

    results["controls"] = controls_results()
    from playground import playground_results, print_results   # benchmarks/playground.py
    results["playground"] = playground_results()
    print_results(results["playground"])
    results["browser"] = None if "--no-browser" in sys.argv else browser_results()
    results["site"] = None if "--no-browser" in sys.argv else site_results()
    if "--no-browser" not in sys.argv:   # every Playground control -> picture, direct and through the relay
        import playground_browser
        results["playground_browser"] = playground_browser.main()

    explorer = lat["Explorer"]["median_ms"]
    results["targets"] = {
        f"Explorer median <= {TARGET_MS} ms": explorer <= TARGET_MS,
        f"Explorer >= {TARGET_SPEEDUP}x faster than rebuild": results["speedup"]["Explorer vs rebuild"] >= TARGET_SPEEDUP,
        f"CostLandscape >= {TARGET_SPEEDUP}x faster than rebuild": results["speedup"]["CostLandscape vs rebuild"] >= TARGET_SPEEDUP,
        f"RSS growth < {TARGET_RSS_MIB} MiB": mem["rss_growth_mib"] < TARGET_RSS_MIB,
        "no new figures": mem["new_figures"] == 0,
        "Reset and a map click: at most one full redraw per figure":
            all(a["most_full_draws_per_figure"] <= 1 for a in actions.values()),
    }
    for name, met in results["targets"].items():
        print(f"{'met    ' if met else 'MISSED '} {name}")

    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(HERE.parent)}")
    return results


if __name__ == "__main__":
    main()
    sys.exit(0)
