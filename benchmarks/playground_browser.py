"""The Playground in a real browser: a control -> the plane's new picture (python benchmarks/playground_browser.py).

Timed inside the page: from the control's change/keydown/pointerdown event (performance.now) until the
page-drawn plane has repainted for the new revision (its canvas's data-revision changes right
after the paint). The kernel is on this path: it trains or rebuilds, then sends the weights.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "tests" / "browser"))
import lab as lablib  # noqa: E402

NOTEBOOK = "tests/browser/playground.ipynb"
REPEATS = 10
TARGET_MS = 50.0

_ARM_JS = """() => {
  const canvas = document.querySelector('.bp-playground-plane-view canvas');
  const before = canvas.dataset.revision;
  window.__bpMeasurement = new Promise(resolve => {
    let start = null;
    const mark = () => { if (start === null) start = performance.now(); };
    document.addEventListener('change', mark, {capture: true, once: true});
    document.addEventListener('keydown', mark, {capture: true, once: true});
    document.addEventListener('pointerdown', mark, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      if (start !== null && canvas.dataset.revision !== before) {
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


def main():
    results = {}
    with lablib.running_lab() as lab, lablib.chromium() as browser:
        page, _ = lablib.run_notebook(browser, lab, NOTEBOOK, figures=1, height=1400)
        page.wait_for_selector(".bp-playground-plane-view canvas[data-revision]", timeout=60_000)
        time.sleep(2)
        activation = dropdown(page, "activation")
        data = dropdown(page, "data")
        rate = page.locator(".widget-text", has=page.locator(".widget-label", has_text="learning rate")).locator("input")
        width = lablib.slider_by_label(page, "width").locator(".noUi-handle")
        actions = {
            "activation": lambda k: activation.select_option(["sigmoid", "tanh", "relu"][k % 3]),
            "dataset": lambda k: data.select_option(["moons", "xor", "circles"][k % 3]),
            "learning rate (typed, Enter)": lambda k: (rate.fill(f"0.{k + 1}"), rate.press("Enter")),
            "width (arrow key)": lambda k: (width.focus(), width.press("ArrowRight" if k % 2 else "ArrowLeft")),
            "step button": lambda k: page.get_by_role("button", name="step").click(),
        }
        for name, action in actions.items():
            times = []
            for k in range(REPEATS):
                ms = measure(page, lambda: action(k))
                if ms is not None:
                    times.append(ms)
                time.sleep(0.3)
            results[name] = {"median_ms": round(statistics.median(times), 1) if times else None,
                             "max_ms": round(max(times), 1) if times else None, "measured": len(times)}
            print(f"{name:32s} control -> new plane picture: median {results[name]['median_ms']} ms, "
                  f"max {results[name]['max_ms']} ms ({len(times)}/{REPEATS})")
        lablib.close_notebook(page, lab)
    return results


if __name__ == "__main__":
    main()
