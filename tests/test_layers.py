"""Dependencies point one way: maths <- state <- views <- lessons.

Only `bpwidgets/views/` may import ipywidgets, matplotlib or anywidget, and a view
imports no other view (only the Explorer composes them); shared pieces are the
underscore modules and `style`.
"""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bpwidgets"
WIDGET_LIBRARIES = ("ipywidgets", "matplotlib", "anywidget", "ipympl")
SHARED_VIEW_MODULES = {"style"}   # besides the underscore modules (_canvas, _panel, _walkthrough)


def modules_outside_views():
    """'bpwidgets.chain', 'bpwidgets.state', ...: every module of the package that is not a view."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "views" in relative.parts:
            continue
        names.append(".".join(relative.parts).removesuffix(".__init__"))
    return names


def test_there_are_modules_to_check():
    """The maths, the state and the rest are found (a test over nothing would pass for nothing)."""
    names = modules_outside_views()
    assert {"bpwidgets", "bpwidgets.chain", "bpwidgets.state", "bpwidgets.nn", "bpwidgets.slices",
            "bpwidgets.chain_rule", "bpwidgets.racing", "bpwidgets.layer_steps"} <= set(names)


@pytest.mark.parametrize("module", modules_outside_views())
def test_module_outside_views_imports_no_widget_library(module):
    """Importing it in a fresh interpreter loads neither ipywidgets nor matplotlib (nor anywidget, ipympl)."""
    code = (f"import sys, json, {module}; "
            f"print(json.dumps(sorted(m for m in {WIDGET_LIBRARIES!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [], f"{module} pulls in {out.stdout.strip()}"


def view_imports(path):
    """The sibling modules a view imports: 'from .landscape import X' -> 'landscape'."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:   # from . import style
                found.update(alias.name for alias in node.names)
    return found


VIEWS = sorted(p for p in (PACKAGE / "views").glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.stem)
def test_a_view_imports_no_other_view(path):
    """Only the Explorer composes views; the others import shared modules only."""
    siblings = {p.stem for p in VIEWS} - SHARED_VIEW_MODULES - {path.stem}
    imported = view_imports(path) & siblings
    if path.stem == "explorer":
        assert imported, "the Explorer composes the views"
    elif path.stem == "playground":   # a composition too: it shows LayerStepper's walk of its network
        assert imported == {"layers"}, f"the Playground composes only LayerStepper, not {sorted(imported)}"
    else:
        assert imported == set(), f"{path.stem} imports the views {sorted(imported)}"


def test_the_lecture_first_guess_is_written_once():
    """w0=2, w1=1, w2=0.5, s0=2, target=0.7 as one literal in chain.py; nowhere else in the package."""
    import re
    pattern = re.compile(r"w0\s*=\s*2(\.0)?\s*,\s*w1\s*=\s*1(\.0)?\s*,\s*w2\s*=\s*0?\.5\s*,\s*s0\s*=\s*2(\.0)?")
    places = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
              if pattern.search(re.sub(r'(?s)""".*?"""|#[^\n]*|"[^"\n]*"', "", p.read_text()))]
    assert places == ["chain.py"], places


def test_no_widget_library_import_hides_inside_a_function():
    """Outside views/, not even a function imports a widget library (a fresh import would not notice)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "views" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in WIDGET_LIBRARIES]
    assert offenders == []
