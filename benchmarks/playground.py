"""The Playground's speed in the kernel: `python benchmarks/playground.py` (also part of `make bench`).

- kernel work per training step for 2-8-8-1 on 200 samples (140 trained on, 60 tested each step):
  the maths alone (Run.step), and with the widget's whole update (the numbers for the page's
  diagram, curves and plane, the formula, the status; the page draws them);
- steps per second during Play: a tick trains 4 steps and redraws once; Play ticks every 100 ms,
  so visible progress is min(40, 4 / tick time) steps per second;
- bytes the page gets per step; memory and figures over 10,000 play steps.
"""
from __future__ import annotations

import gc
import json
import statistics
import sys
import time

import psutil
from matplotlib.figure import Figure
from traitlets import HasTraits

from bpwidgets.live_training import Architecture, Run
from bpwidgets.playground_state import PlaygroundState
from bpwidgets.small_data import make_data
from bpwidgets.views.playground import STEPS_PER_TICK, TICK_MS, Playground

TARGET_STEP_MS = 5.0
TARGET_STEPS_PER_SECOND = 30.0
TARGET_RSS_MIB = 5.0


def median_ms(times):
    return round(statistics.median(times) * 1e3, 3)


def time_maths(n=300):
    run = Run(make_data("spiral", n=200), Architecture(width=8, depth=2, activation="tanh"),
              learning_rate=0.1, optimizer="adam")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        run.step()
        times.append(time.perf_counter() - t)
    return {"median_ms": median_ms(times), "p95_ms": round(sorted(times)[int(0.95 * n)] * 1e3, 3)}


class Messages:
    """What the kernel sends the page: every synced trait change of the Playground's widgets, as JSON bytes."""

    def __init__(self, pg):
        self.sent = 0
        for widget in _widgets(pg):
            widget.observe(self._count, names=[n for n in widget.keys if not n.startswith("_")])

    def _count(self, change):
        self.sent += len(json.dumps(change["new"], default=str))


def _widgets(widget):
    found = [widget] if isinstance(widget, HasTraits) and hasattr(widget, "keys") else []
    return found + [w for child in getattr(widget, "children", ()) for w in _widgets(child)] + \
        [w for part in (getattr(widget, "plane", None), getattr(widget, "net", None)) if part is not None
         for w in _widgets(part)]


def time_widget(steps_per_change, n=40, playing=False):
    """Each change: the steps and the widget's whole update (the page draws)."""
    state = PlaygroundState(dataset="spiral", width=8, depth=2, optimizer="adam", learning_rate=0.05)
    pg = Playground(state=state)
    pg.play.playing = playing
    times = []
    for _ in range(n):
        t = time.perf_counter()
        state.step(steps_per_change)
        times.append(time.perf_counter() - t)
    return pg, times


def control_changes(pg):
    """Every control as the page sets it: name -> change(k), alternating between two or three values."""
    def cycle(control, values):
        return lambda k: setattr(control, "value", values[k % len(values)])
    return {
        "step": lambda k: pg.step_button.click(),
        "learning rate": cycle(pg.rate, ["0.1", "0.2"]),
        "activation": cycle(pg.activation, ["sigmoid", "relu", "tanh"]),
        "width": cycle(pg.width, [5, 4]),
        "hidden layers": cycle(pg.depth, [2, 1]),
        "dataset": cycle(pg.dataset, ["moons", "circles", "xor"]),
        "noise": cycle(pg.noise, [0.1, 0.0]),
        "loss": cycle(pg.loss, ["half-squared", "cross-entropy"]),
        "optimizer": cycle(pg.optimizer, ["adam", "momentum", "sgd"]),
        "batch size": cycle(pg.batch, [16, 0]),
        "L2 lambda": cycle(pg.l2, ["0.01", "0.02"]),
        "sample": cycle(pg.sample, [3, 4]),
        "scenario": cycle(pg.scenario, ["adam-vs-sgd", "xor-needs-a-hidden-layer"]),
        "reset (after 20 steps)": lambda k: (pg.state.step(20), pg.reset()),
    }


def time_controls(n=12):
    """Kernel ms per control change and the bytes it sends the page. Reset's 20 steps before are timed too."""
    pg = Playground()
    messages = Messages(pg)
    results = {}
    for name, change in control_changes(pg).items():
        times, sent = [], []
        for k in range(n):
            before = messages.sent
            t = time.perf_counter()
            change(k)
            times.append(time.perf_counter() - t)
            sent.append(messages.sent - before)
        results[name] = {"median_ms": median_ms(times), "median_bytes": int(statistics.median(sent))}
    return results


def bytes_per_step():
    """A step of 2-8-8-1 on the spiral after 3000 steps (curves at their longest): bytes to the page."""
    pg = Playground(state=PlaygroundState(dataset="spiral", width=8, depth=2, optimizer="adam",
                                          learning_rate=0.05, steps=3000))
    messages = Messages(pg)
    pg.step_button.click()
    one = messages.sent
    pg.play.playing = True
    pg.play.value += 1
    return {"step": one, "play tick (4 steps)": messages.sent - one,
            "per step while playing": (messages.sent - one) // STEPS_PER_TICK}


def memory_check(steps=10_000):
    state = PlaygroundState(dataset="moons", width=8, depth=2, optimizer="adam", learning_rate=0.01)
    pg = Playground(state=state)
    gc.collect()
    figures = sum(isinstance(o, Figure) for o in gc.get_objects())
    rss = psutil.Process().memory_info().rss
    pg.play.playing = True
    while state.steps < steps:
        pg.play.value += 1
    gc.collect()
    return {"steps": state.steps, "rss_growth_mib": round((psutil.Process().memory_info().rss - rss) / 2**20, 2),
            "new_figures": sum(isinstance(o, Figure) for o in gc.get_objects()) - figures}


def playground_results():
    results = {"maths step 2-8-8-1, 200 samples": time_maths()}
    pg, one = time_widget(1)
    results["step with the widget's redraw"] = {"median_ms": median_ms(one)}
    _, tick = time_widget(STEPS_PER_TICK, playing=True)
    tick_s = statistics.mean(tick)   # the mean: a tick that changes the axes carries a full draw
    results["play"] = {"tick_mean_ms": round(tick_s * 1e3, 2), "tick_median_ms": median_ms(tick), "steps_per_tick": STEPS_PER_TICK,
                       "tick_interval_ms": TICK_MS,
                       "steps_per_second": round(min(1000 / TICK_MS, 1 / tick_s) * STEPS_PER_TICK, 1)}
    results["controls (kernel ms, bytes to the page)"] = time_controls()
    results["bytes_to_the_page"] = bytes_per_step()
    results["memory"] = memory_check()
    results["targets"] = {
        f"maths step <= {TARGET_STEP_MS} ms": results["maths step 2-8-8-1, 200 samples"]["median_ms"] <= TARGET_STEP_MS,
        f"step with its repaint <= {TARGET_STEP_MS} ms": results["step with the widget's redraw"]["median_ms"] <= TARGET_STEP_MS,
        f"play: kernel ms per step (tick / {STEPS_PER_TICK}) <= {TARGET_STEP_MS} ms":
            results["play"]["tick_mean_ms"] / STEPS_PER_TICK <= TARGET_STEP_MS,
        f"play >= {TARGET_STEPS_PER_SECOND} steps/s": results["play"]["steps_per_second"] >= TARGET_STEPS_PER_SECOND,
        "page message <= 16 KiB per step": results["bytes_to_the_page"]["step"] <= 16 * 1024,
        f"10,000 steps: RSS growth < {TARGET_RSS_MIB} MiB": results["memory"]["rss_growth_mib"] < TARGET_RSS_MIB,
        "10,000 steps: no new figures": results["memory"]["new_figures"] == 0,
    }
    return results


def print_results(results):
    print("Playground, kernel side:")
    for name, value in results.items():
        if name.startswith("controls"):
            print(f"  {name}:")
            for control, figures in value.items():
                print(f"    {control:24s} median {figures['median_ms']:7.1f} ms, {figures['median_bytes']} bytes")
        elif name != "targets":
            print(f"  {name}: {value}")
    for name, met in results["targets"].items():
        print(f"{'met    ' if met else 'MISSED '} {name}")


if __name__ == "__main__":
    print_results(playground_results())
    sys.exit(0)
