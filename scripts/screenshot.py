"""Screenshot a notebook as a learner sees it after Run All, in a private JupyterLab.

    python scripts/screenshot.py lessons/01_forward_propagation.ipynb out.png [--width 1400] [--full-page]

Without --full-page: the top of the notebook (one window, --height px).
With --full-page: the whole notebook; a notebook taller than MAX_HEIGHT px is
written in pieces while scrolling: out-1.png, out-2.png, ...
The notebook on disk is not changed (autosave is off in this JupyterLab).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
import lab as lablib  # noqa: E402  (one copy of the start-up code, shared with the tests)

MAX_HEIGHT = 12_000   # px in one image; Chromium's limit is ~16k
SCROLLER = ".jp-NotebookPanel .jp-WindowedPanel-outer"   # the notebook's scrolling element


def notebook_heights(page):
    """(content height, visible height) of the notebook's scroller."""
    return page.locator(SCROLLER).first.evaluate("e => [e.scrollHeight, e.clientHeight]")


def screenshot(notebook, out, width=1400, height=1000, full_page=False):
    """Run `notebook` (a path inside the repository) and write its screenshot(s); return their paths."""
    notebook = Path(notebook).resolve().relative_to(lablib.REPO).as_posix()
    out = Path(out)
    with lablib.running_lab() as lab, lablib.chromium() as browser:
        page, errors = lablib.run_notebook(browser, lab, notebook, figures=0, width=width, height=height)
        page.evaluate("window.jupyterapp.shell.collapseLeft()")   # the notebook gets the width
        lablib.wait_for_settled(page)
        if not full_page:
            page.locator(SCROLLER).first.evaluate("e => e.scrollTop = 0")
            lablib.wait_for_settled(page, quiet=0.5)
            page.screenshot(path=str(out))
            paths = [out]
        else:
            content, visible = notebook_heights(page)
            if content - visible + height <= MAX_HEIGHT:
                # one image: make the window as tall as the notebook (no windowing, all cells render)
                page.set_viewport_size({"width": width, "height": content - visible + height})
                page.locator(SCROLLER).first.evaluate("e => e.scrollTop = 0")   # Run All left it at the end
                lablib.wait_for_settled(page, quiet=0.5)
                page.screenshot(path=str(out))
                paths = [out]
            else:
                paths = []
                for i, top in enumerate(range(0, content, visible), start=1):
                    page.locator(SCROLLER).first.evaluate(f"e => e.scrollTop = {top}")
                    time.sleep(0.3)
                    path = out.with_name(f"{out.stem}-{i}{out.suffix}")
                    page.screenshot(path=str(path))
                    paths.append(path)
        if errors:
            print(f"console errors in the page: {errors}", file=sys.stderr)
        lablib.close_notebook(page, lab)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="path of the notebook, inside the repository")
    parser.add_argument("out", help="PNG file to write")
    parser.add_argument("--width", type=int, default=1400, help="window width in px (default 1400)")
    parser.add_argument("--height", type=int, default=1000, help="window height in px (default 1000)")
    parser.add_argument("--full-page", action="store_true", help="the whole notebook, not just its top")
    args = parser.parse_args(argv)
    if lablib.find_chromium() is None:
        parser.exit(2, lablib.INSTALL_HINT + "\n")
    for path in screenshot(args.notebook, args.out, args.width, args.height, args.full_page):
        print(path)


if __name__ == "__main__":
    main()
