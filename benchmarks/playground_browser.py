"""The Playground in a real browser: a control -> the plane's new picture (python benchmarks/playground_browser.py).

Every control, directly and through benchmarks/relay.py (+100 ms round trip). Timed inside the page: from the control's change/keydown/pointerdown event (performance.now) until the
page-drawn plane has repainted (its canvas's data-paints counts paints, right after each). The
sample slider is linked to the plane in the page; every other control goes through the kernel. The kernel is on this path: it trains or rebuilds, then sends the weights.
"""
from __future__ import annotations

import copy
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "tests" / "browser"))
sys.path.insert(0, str(HERE))
import lab as lablib  # noqa: E402
from relay import Relay  # noqa: E402

NOTEBOOK = "tests/browser/playground.ipynb"
REPEATS = 6
RELAY_MS = 100
TARGET_MS = 50.0

# From the control's event to the next paint of each picture: the plane (canvas) and the diagram
# with its charts (the SVG's holder); null for a picture that did not repaint within 10 s.
_ARM_JS = """() => {
  const targets = {plane: document.querySelector('.bp-playground-plane-view canvas'),
                   diagram: document.querySelector('.bp-playground-net-view .bp-playground-net')};
  let start = null;
  const mark = () => { if (start === null) start = performance.now(); };
  document.addEventListener('change', mark, {capture: true, once: true});
  document.addEventListener('keydown', mark, {capture: true, once: true});
  document.addEventListener('pointerdown', mark, {capture: true, once: true});
  const painted = el => new Promise(resolve => {
    const before = el.dataset.paints;
    const observer = new MutationObserver(() => {
      if (start !== null && el.dataset.paints !== before) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
    observer.observe(el, {attributes: true});
    setTimeout(() => { observer.disconnect(); resolve(null); }, 10000);
  });
  window.__bpMeasurement = Promise.all([painted(targets.plane), painted(targets.diagram)])
    .then(([plane, diagram]) => ({plane, diagram}));
}"""

# Play for `seconds`: the steps the diagram's curves show at its first and last paint, and the paints.
_PLAY_JS = """async seconds => {
  const holder = document.querySelector('.bp-playground-net-view .bp-playground-net');
  const shown = () => { const m = /at step (\\d+)/.exec(document.querySelector('.bp-playground-plane-view canvas')
                          .getAttribute('aria-label')); return m ? Number(m[1]) : 0; };
  const first = shown(), paints = Number(holder.dataset.paints), t0 = performance.now();
  await new Promise(r => setTimeout(r, seconds * 1000));
  return {steps: shown() - first, seconds: (performance.now() - t0) / 1000,
          diagram_paints: Number(holder.dataset.paints) - paints};
}"""


def measure(page, action):
    page.evaluate(_ARM_JS)
    action()
    return page.evaluate("window.__bpMeasurement")


def play_rate(page, seconds=5):
    """Steps per second of visible progress while playing (and the diagram's paints per second)."""
    page.locator(".widget-play button").nth(0).click()
    time.sleep(1)
    seen = page.evaluate(_PLAY_JS, seconds)
    page.locator(".widget-play button").nth(1).click()   # pause
    time.sleep(0.5)
    return {"steps_per_second": round(seen["steps"] / seen["seconds"], 1),
            "diagram_paints_per_second": round(seen["diagram_paints"] / seen["seconds"], 1)}


def dropdown(page, label):
    return page.locator(".widget-dropdown", has=page.locator(".widget-label", has_text=label)).locator("select")


def typed(page, label):
    return page.locator(".widget-text", has=page.locator(".widget-label", has_text=label)).locator("input")


def arrow(page, label):
    """A slider's handle: focus it and press Right on even k, Left on odd k (it goes and comes back)."""
    handle = lablib.slider_by_label(page, label).locator(".noUi-handle")
    return lambda k: (handle.focus(), handle.press("ArrowLeft" if k % 2 else "ArrowRight"))


def choose(page, label, options):
    select = dropdown(page, label)
    return lambda k: select.select_option(label=options[k % len(options)])


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def actions(page):
    """Every control of the Playground: name -> (before(k) untimed or None, action(k) timed)."""
    rate, l2 = typed(page, "learning rate"), typed(page, "L2 lambda")
    return {
        "step": (None, lambda k: button(page, "step").click()),
        "learning rate (typed, Enter)": (None, lambda k: (rate.fill(f"0.{k + 1}"), rate.press("Enter"))),
        "activation": (None, choose(page, "activation", ["sigmoid", "relu", "tanh"])),
        "width (arrow key)": (None, arrow(page, "width")),
        "hidden layers (arrow key)": (None, arrow(page, "hidden layers")),
        "dataset": (None, choose(page, "data", ["moons", "circles", "xor"])),
        "noise (arrow key)": (None, arrow(page, "noise")),
        "loss": (None, choose(page, "loss", ["half squared error", "binary cross-entropy"])),
        "optimizer": (None, choose(page, "optimizer", ["adam", "momentum", "sgd"])),
        "batch size": (None, choose(page, "batch size", ["16", "all"])),
        "L2 lambda (typed, Enter)": (None, lambda k: (l2.fill(f"0.0{k % 2 + 1}"), l2.press("Enter"))),
        "sample (arrow key)": (None, arrow(page, "sample")),
        "scenario": (None, choose(page, "scenario", ["adam-vs-sgd", "xor-needs-a-hidden-layer"])),
        "reset (after a step)": (lambda k: button(page, "step").click(), lambda k: button(page, "reset").click()),
    }


def run(browser, lab, repeats=REPEATS):
    """Each control `repeats` times: control -> the plane's new picture (ms) in the page."""
    results = {}
    page, _ = lablib.run_notebook(browser, lab, NOTEBOOK, figures=0, height=1400)
    page.wait_for_selector(".bp-playground-plane-view canvas[data-revision]", timeout=60_000)
    lablib.wait_for_net(page)
    time.sleep(2)
    for name, (before, action) in actions(page).items():
        times = {"plane": [], "diagram": []}
        for k in range(repeats):
            if before:
                before(k)
                time.sleep(0.5)
            ms = measure(page, lambda: action(k))
            for picture, value in ms.items():
                if value is not None:
                    times[picture].append(value)
            time.sleep(0.3)
        results[name] = {picture: {"median_ms": round(statistics.median(t), 1) if t else None,
                                   "max_ms": round(max(t), 1) if t else None, "measured": len(t)}
                         for picture, t in times.items()}
    results["play"] = play_rate(page)
    lablib.close_notebook(page, lab)
    return results


def main(repeats=REPEATS):
    """Every control, directly and through the relay (+100 ms round trip); prints one table."""
    table = {"load_average_before": os.getloadavg()}
    with lablib.running_lab() as lab, lablib.chromium() as browser:
        table["direct"] = run(browser, lab, repeats)
        with Relay(lab.port, RELAY_MS) as relay:
            far = copy.copy(lab)
            far.base = f"http://127.0.0.1:{relay.port}"
            table[f"+{RELAY_MS} ms"] = run(browser, far, repeats)
    table["load_average_after"] = os.getloadavg()
    print(f"Playground in the browser: control -> new picture (ms, median / max of {repeats}); "
          f"load average {table['load_average_before'][0]:.1f} -> {table['load_average_after'][0]:.1f}")
    far_link = f"+{RELAY_MS} ms"
    print(f"{'control':32s} {'plane direct':>14s} {'diagram direct':>15s} {'plane relay':>13s} {'diagram relay':>14s}")
    met = {}
    controls = [k for k in table["direct"] if k != "play"]
    for name in controls:
        cells = [table[link][name][picture] for link in ("direct", far_link) for picture in ("plane", "diagram")]
        print(f"{name:32s}" + "".join(f" {c['median_ms']!s:>7s}/{c['max_ms']!s:<6s}" for c in cells))
    for link in ("direct", far_link):
        print(f"play ({link}): {table[link]['play']}")
        missed = [f"{k} ({p})" for k in controls for p in ("plane", "diagram")
                  if table[link][k][p]["median_ms"] is None or table[link][k][p]["median_ms"] > TARGET_MS]
        met[link] = not missed
        print(f"{'met    ' if not missed else 'MISSED '} {link}: control -> new pictures <= {TARGET_MS:g} ms median "
              f"(missed: {', '.join(missed) or 'none'})")
        slow = table[link]["play"]["steps_per_second"] < 30
        print(f"{'MISSED ' if slow else 'met    '} {link}: play >= 30 steps per second of visible progress")
    table["met"] = met
    return table


if __name__ == "__main__":
    main()
