"""The course website's live map: key press on a slider -> new map pixels, in headless
Chromium with the network cut (python benchmarks/site_latency.py; make bench runs it).

Builds the site into a temporary folder, serves it on 127.0.0.1, opens the Explorer page
and lesson 04, and presses arrow keys on the w1, w0 and alpha sliders of the live map:
timed inside the page from the keydown event to the first animation frame whose map
pixels differ (tests/browser/site_pages.py). No kernel is involved.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "tests" / "browser"))
sys.path.insert(0, str(HERE.parents[0] / "scripts"))
import build_site  # noqa: E402
import lab as lablib  # noqa: E402
import site_pages  # noqa: E402

PAGES = ("explorer.html", "04_gradient_descent.html")
SLIDERS = ("w1", "w0", "alpha")
PRESSES = 20
TARGET_MS = 33.0   # two frames at 60 Hz


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(presses=PRESSES):
    if lablib.find_chromium() is None:
        print(f"site latency: skipped. {lablib.INSTALL_HINT}")
        return {"skipped": lablib.INSTALL_HINT}
    table = {"load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "site"
        table["build_s"] = round(build_site.build(out), 1)
        table["size_mib"] = round(build_site.size_of(out) / 2**20, 2)
        with site_pages.serving(out) as origin, lablib.chromium() as browser:
            page, traffic = site_pages.offline_page(browser, origin)
            for name in PAGES:
                site_pages.open_page(page, origin, name)
                site_pages.key_to_pixels(page, "w1", presses=2)     # warm up: first surface, JIT
                for slider in SLIDERS:
                    times = site_pages.key_to_pixels(page, slider, presses=presses)
                    done = [t for t in times if t is not None]
                    table[f"{name} {slider}"] = {
                        "presses": len(times), "missed": len(times) - len(done),
                        "median_ms": round(statistics.median(done), 1), "p90_ms": round(percentile(done, 0.9), 1)}
            table["requests_outside"] = len(traffic.outside)
    print(f"course website: built in {table['build_s']} s, {table['size_mib']} MiB; "
          f"live map, key -> new pixels (target {TARGET_MS:.0f} ms), no kernel:")
    for key, row in table.items():
        if isinstance(row, dict):
            print(f"  {key:32s} median {row['median_ms']:6.1f} ms  p90 {row['p90_ms']:6.1f} ms  "
                  f"({row['presses']} presses, {row['missed']} missed)")
    print(f"  requests outside the site: {table['requests_outside']}")
    return table


if __name__ == "__main__":
    main()
