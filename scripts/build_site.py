"""Build the course website into site/ from the saved lessons (`make site`).

Lays the pages out in build/site_src: the home page from lessons/README.md (with the
lessons as its table of contents, which gives every page its previous/next links), the
saved notebooks as they are, and, after the landscape of lesson 04 and on the Explorer
page, the live map: a box the page fills with the widget's own ES module, its starting
values, ranges and scenarios written in as JSON from bpwidgets. Then Sphinx with myst-nb
(site_src/conf.py) writes site/; no notebook is executed.

    python scripts/build_site.py [--out site]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
STAGE = ROOT / "build" / "site_src"
EXPLORER_PAGE = "explorer"
LIVE_NOTE = ("Live in this page, computed by your browser with no kernel: the cost map and the 3-D surface "
             "(drag it to turn it), the sliders for w0, w1, w2, alpha and steps, the axis pickers and the "
             "scenarios; a click on the map starts gradient descent there. The chain-rule stepper, the "
             "training plots, s0 and target, the self-checks and Share need the full widget: run the lesson "
             "on Binder or with make lab (the box at the top of this page).")


def live_data():
    """What the page's map starts from, all taken from bpwidgets (the widget's traits and sliders)."""
    import bpwidgets as bp
    from bpwidgets.views._landscape_map import LandscapeMap

    landscape = LandscapeMap()
    skip = {"_esm", "sliders", "revision", "layout", "tabbable", "tooltip"}
    traits = {name: getattr(landscape, name) for name in landscape.trait_names(sync=True)
              if not name.startswith("_") and name not in skip}
    sliders = bp.WeightSliders()
    ranges = {name: {"min": getattr(sliders, name).min, "max": getattr(sliders, name).max,
                     "step": getattr(sliders, name).step, "tooltip": sliders.tooltips[name]}
              for name in ("w0", "w1", "w2", "alpha", "steps")}
    ranges["alpha"]["base"] = sliders.alpha.base
    scenarios = {name: {"explanation": s.explanation, "values": s.values} for name, s in bp.SCENARIOS.items()}
    return {"traits": traits, "ranges": ranges, "scenarios": scenarios, "start": "first-guess", "note": LIVE_NOTE}


def live_cell(data):
    """A markdown cell holding the live map's box, its data as JSON, and its module."""
    text = json.dumps(data).replace("</", "<\\/")
    source = (f'<div class="bp-live" role="group" aria-label="The cost landscape, live in this page">\n'
              f'<script type="application/json">{text}</script>\n</div>\n'
              f'<script type="module" src="_static/bp_live_map.js"></script>\n')
    return {"cell_type": "markdown", "id": "bp-live-map", "metadata": {}, "source": source}


def markdown_cell(text):
    return {"cell_type": "markdown", "id": "bp-page-title", "metadata": {}, "source": text}


def is_landscape_cell(cell):
    """Lesson 04's landscape with its sliders (the cell a learner would drag)."""
    source = "".join(cell.get("source", ""))
    return cell["cell_type"] == "code" and "CostLandscape" in source and "WeightSliders" in source


def stage(data):
    """build/site_src: index.md and the lessons, with the live map inserted where it belongs."""
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)
    lessons = sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))
    pages = [p.stem for p in lessons] + [EXPLORER_PAGE]
    readme = (LESSONS / "README.md").read_text(encoding="utf-8")
    toc = "\n\n```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(pages) + "\n```\n"
    (STAGE / "index.md").write_text(readme + toc, encoding="utf-8")
    for path in lessons + [LESSONS / f"{EXPLORER_PAGE}.ipynb"]:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
        if path.stem.startswith("04_"):
            found = [i for i, c in enumerate(cells) if is_landscape_cell(c)]
            if not found:
                raise SystemExit(f"{path.name}: no cell shows CostLandscape with WeightSliders; "
                                 "scripts/build_site.py puts the live map after it")
            cells.insert(found[0] + 1, live_cell(data))
        if path.stem == EXPLORER_PAGE:
            cells.insert(0, markdown_cell("# The Explorer\n\nEvery view of the course on one shared state "
                                          "(`bp.Explorer()`), as saved, and below it the cost landscape, "
                                          "live in this page.\n"))
            cells.insert(2, live_cell(data))
        # lessons/README.md is the site's home page
        text = json.dumps(notebook).replace("](README.md)", "](index.md)")
        (STAGE / path.name).write_text(text, encoding="utf-8")


def size_of(folder):
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(out):
    started = time.perf_counter()
    stage(live_data())
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", "-c", str(ROOT / "site_src"),
                    str(STAGE), str(out)], check=True)
    shutil.rmtree(out / ".doctrees", ignore_errors=True)
    (out / ".nojekyll").touch()    # GitHub Pages serves _static/ as it is
    seconds = time.perf_counter() - started
    print(f"site: {out} ({size_of(out) / 2**20:.1f} MiB) built in {seconds:.0f} s")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    build(parser.parse_args().out.resolve())


if __name__ == "__main__":
    main()
