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

_ARM_JS = """() => {
  const canvas = document.querySelector('.bp-playground-plane-view canvas');
  const before = canvas.dataset.paints;
  window.__bpMeasurement = new Promise(resolve => {
    let start = null;
    const mark = () => { if (start === null) start = performance.now(); };
    document.addEventListener('change', mark, {capture: true, once: true});
    document.addEventListener('keydown', mark, {capture: true, once: true});
    document.addEventListener('pointerdown', mark, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      if (start !== null && canvas.dataset.paints !== before) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
    observer.observe(canvas, {attributes: true});
    setTimeout(() => resolve(null), 10000);
  });
}"""


def measure(page, action):
    page.evaluate(_ARM_JS)
    action()
    return page.evaluate("window.__bpMeasurement")


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
    page, _ = lablib.run_notebook(browser, lab, NOTEBOOK, figures=1, height=1400)
    page.wait_for_selector(".bp-playground-plane-view canvas[data-revision]", timeout=60_000)
    time.sleep(2)
    for name, (before, action) in actions(page).items():
        times = []
        for k in range(repeats):
            if before:
                before(k)
                time.sleep(0.5)
            ms = measure(page, lambda: action(k))
            if ms is not None:
                times.append(ms)
            time.sleep(0.3)
        results[name] = {"median_ms": round(statistics.median(times), 1) if times else None,
                         "max_ms": round(max(times), 1) if times else None, "measured": len(times)}
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
    print(f"Playground in the browser: control -> the plane's new picture (ms, median / max of {repeats}); "
          f"load average {table['load_average_before'][0]:.1f} -> {table['load_average_after'][0]:.1f}")
    print(f"{'control':32s} {'direct':>16s} {f'+{RELAY_MS} ms relay':>18s}")
    met = {}
    for name in table["direct"]:
        near, far = table["direct"][name], table[f"+{RELAY_MS} ms"][name]
        print(f"{name:32s} {near['median_ms']!s:>8s} {near['max_ms']!s:>7s} {far['median_ms']!s:>9s} {far['max_ms']!s:>8s}")
    for link in ("direct", f"+{RELAY_MS} ms"):
        missed = [k for k, r in table[link].items() if r["median_ms"] is None or r["median_ms"] > TARGET_MS]
        met[link] = not missed
        print(f"{'met    ' if not missed else 'MISSED '} {link}: control -> new picture <= {TARGET_MS:g} ms median "
              f"for every control (missed: {', '.join(missed) or 'none'})")
    table["met"] = met
    return table


if __name__ == "__main__":
    main()
