"""The Playground's speed in the kernel: `python benchmarks/playground.py` (also part of `make bench`).

- kernel work per training step for 2-8-8-1 on 200 samples (140 trained on, 60 tested each step):
  the maths alone (Run.step), and with the widget's whole redraw (diagram, curves, the plane's
  message, the full Agg draw of the figure the page asks for);
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

from bpwidgets.live_training import Architecture, Run
from bpwidgets.playground_state import PlaygroundState
from bpwidgets.small_data import make_data
from bpwidgets.views._canvas import canvases
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


def drawn(widget):
    """Every canvas of the widget drawn in full, as the page asks after draw_idle."""
    for canvas in canvases(widget):
        canvas.syncing_data_url = False   # a browser shows it: no data URL each draw
        canvas.draw()


def time_widget(steps_per_change, n=40, playing=False):
    """Each change: the steps, the widget's update and the full draws its figure asked for."""
    state = PlaygroundState(dataset="spiral", width=8, depth=2, optimizer="adam", learning_rate=0.05)
    pg = Playground(state=state)
    drawn(pg)
    pg.play.playing = playing
    asked = []
    pg.fig.canvas.draw_idle = lambda: asked.append(1)   # the page asks for a full draw
    times = []
    for _ in range(n):
        t = time.perf_counter()
        state.step(steps_per_change)
        if asked:
            asked.clear()
            drawn(pg)
        times.append(time.perf_counter() - t)
    return pg, times


def control_changes(pg):
    """Every control as the page sets it: name -> change(k), alternating between two or three values."""
    def cycle(control, values):
        return lambda k: setattr(control, "value", values[k % len(values)])
    return {
        "step": lambda k: pg.step_button.click(),
        "learning rate": cycle(pg.rate, [0.1, 0.2]),
        "activation": cycle(pg.activation, ["sigmoid", "relu", "tanh"]),
        "width": cycle(pg.width, [5, 4]),
        "hidden layers": cycle(pg.depth, [2, 1]),
        "dataset": cycle(pg.dataset, ["moons", "circles", "xor"]),
        "noise": cycle(pg.noise, [0.1, 0.0]),
        "loss": cycle(pg.loss, ["half-squared", "cross-entropy"]),
        "optimizer": cycle(pg.optimizer, ["adam", "momentum", "sgd"]),
        "batch size": cycle(pg.batch, [16, 0]),
        "L2 lambda": cycle(pg.l2, [0.01, 0.02]),
        "sample": cycle(pg.sample, [3, 4]),
        "scenario": cycle(pg.scenario, ["adam-vs-sgd", "xor-needs-a-hidden-layer"]),
        "reset (after 20 steps)": lambda k: (pg.state.step(20), pg.reset()),
    }


def time_controls(n=12):
    """Kernel ms per control change, with the blits and the full draws the page then asks for
    (a full draw when the network's shape or an axis changes). Reset's 20 steps before are timed too."""
    pg = Playground()
    drawn(pg)
    asked = []
    pg.fig.canvas.draw_idle = lambda: asked.append(1)
    results = {}
    for name, change in control_changes(pg).items():
        times, full = [], 0
        for k in range(n):
            t = time.perf_counter()
            change(k)
            if asked:
                asked.clear()
                full += 1
                drawn(pg)
            times.append(time.perf_counter() - t)
        results[name] = {"median_ms": median_ms(times), "full_draws": f"{full}/{n}"}
    return results


def bytes_per_step(pg):
    plane = pg.plane
    return len(json.dumps({"layers": plane.layers, "activations": plane.activations, "sample": plane.sample,
                           "caption": plane.caption, "description": plane.description,
                           "revision": plane.revision}))


def memory_check(steps=10_000):
    state = PlaygroundState(dataset="moons", width=8, depth=2, optimizer="adam", learning_rate=0.01)
    pg = Playground(state=state)
    drawn(pg)   # shown once, as in a page: the renderer's buffers and the blit background exist before
    gc.collect()
    figures = sum(isinstance(o, Figure) for o in gc.get_objects())
    rss = psutil.Process().memory_info().rss
    pg.play.playing = True
    for _ in range(steps // STEPS_PER_TICK // 50):   # a full draw every 50 ticks keeps this run short
        for _ in range(50):
            pg.play.value += 1
        drawn(pg)
        if state.steps >= 10_000 - STEPS_PER_TICK:
            break
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
    results["controls (kernel ms with the draws)"] = time_controls()
    results["bytes_to_the_page_per_step"] = bytes_per_step(pg)
    results["memory"] = memory_check()
    results["targets"] = {
        f"maths step <= {TARGET_STEP_MS} ms": results["maths step 2-8-8-1, 200 samples"]["median_ms"] <= TARGET_STEP_MS,
        f"step with its repaint <= {TARGET_STEP_MS} ms": results["step with the widget's redraw"]["median_ms"] <= TARGET_STEP_MS,
        f"play: kernel ms per step (tick / {STEPS_PER_TICK}) <= {TARGET_STEP_MS} ms":
            results["play"]["tick_mean_ms"] / STEPS_PER_TICK <= TARGET_STEP_MS,
        f"play >= {TARGET_STEPS_PER_SECOND} steps/s": results["play"]["steps_per_second"] >= TARGET_STEPS_PER_SECOND,
        "page message <= 16 KiB per step": results["bytes_to_the_page_per_step"] <= 16 * 1024,
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
                print(f"    {control:24s} median {figures['median_ms']:7.1f} ms, full draws {figures['full_draws']}")
        elif name != "targets":
            print(f"  {name}: {value}")
    for name, met in results["targets"].items():
        print(f"{'met    ' if met else 'MISSED '} {name}")


if __name__ == "__main__":
    print_results(playground_results())
    sys.exit(0)
