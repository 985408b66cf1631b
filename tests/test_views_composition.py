"""Views shown together in a lesson: one Reset, and no control that does nothing there."""
import json
from pathlib import Path

import ipywidgets as widgets

import bpwidgets as bp

LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def controls(*views):
    """Every widget inside the views, depth first."""
    found, todo = [], list(views)
    while todo:
        w = todo.pop()
        found.append(w)
        todo.extend(getattr(w, "children", ()))
    return found


def resets(*views):
    return [w for w in controls(*views) if isinstance(w, widgets.Button) and w.description.startswith("Reset")]


def axis_pickers(*views):
    return [w for w in controls(*views) if isinstance(w, widgets.Dropdown) and w.description.endswith("axis")]


def test_sliders_beside_the_training_view_show_one_reset_and_no_axis_pickers():
    """Lesson 04 section 5: the sliders and the training view together have one Reset and no axis pickers."""
    state = bp.NetworkState(alpha=0.5, steps=60)
    views = bp.WeightSliders(state, axes=False, reset=False), bp.TrainingView(state)
    assert len(resets(*views)) == 1 and axis_pickers(*views) == []
    state.w1 = 2.0
    resets(*views)[0].click()   # the one left rewinds the training, and the sliders still work
    assert views[1].iteration == 0 and views[0].w1.value == 2.0


def test_the_sliders_alone_keep_their_reset_and_axis_pickers():
    """Beside a landscape (the default) the axis pickers and Reset are there and work."""
    state = bp.NetworkState()
    sliders = bp.WeightSliders(state)
    assert len(resets(sliders)) == 1 and len(axis_pickers(sliders)) == 2
    state.w1 = 2.0
    resets(sliders)[0].click()
    assert state.w1 == 1.0


def lesson_cell(name, text):
    cells = json.loads((LESSONS / name).read_text())["cells"]
    return next("".join(c["source"]) for c in cells if c["cell_type"] == "code" and text in "".join(c["source"]))


def test_lessons_01_and_04_show_the_sliders_without_dead_controls():
    """Lesson 01 (sliders + diagram) and lesson 04 section 5 (sliders + training) pass axes=False."""
    assert "bp.WeightSliders(state, axes=False)" in lesson_cell("01_forward_propagation.ipynb", "bp.WeightSliders(")
    assert "bp.WeightSliders(play_state, axes=False, reset=False, start=True)" in lesson_cell(
        "04_gradient_descent.ipynb", "bp.TrainingView(play_state)")


START = "the sliders, and out and C below them, are where the marble starts; Play moves the marble, not the sliders"


def test_beside_a_training_view_the_sliders_say_they_are_the_start():
    """While the training plays, the weight sliders stay at the start: with start=True (lesson 04,
    the Explorer) their box is headed "start weights" with a caption saying so; alone they are "weights"."""
    state = bp.NetworkState(alpha=0.5, steps=60)
    sliders, training = bp.WeightSliders(state, axes=False, reset=False, start=True), bp.TrainingView(state)
    assert "<b style='font-size: 15px'>start weights</b>" in sliders.heading.value
    assert START in sliders.heading.value
    training.play.value = 30   # the marble moves; the sliders do not
    assert sliders.w1.value == 1.0 and training.current_weights["w1"] != 1.0
    # so is the readout under them (the caption says so), while the training says the marble's cost
    assert sliders.readout.value == "out = 0.3638,  C = 0.05653" and "out and C below them" in sliders.heading.value
    assert "start" not in bp.WeightSliders(bp.NetworkState()).heading.value
    assert bp.WeightSliders(bp.NetworkState()).readout.value == "out = 0.3638,  C = 0.05653"
    assert START in bp.Explorer().sliders.heading.value


def test_lesson_04_section_5_saves_the_start_caption():
    """The saved lesson shows the caption above the sliders of section 5 (its static HTML)."""
    cells = json.loads((LESSONS / "04_gradient_descent.ipynb").read_text())["cells"]
    (cell,) = [c for c in cells if c["cell_type"] == "code" and "bp.TrainingView(play_state)" in "".join(c["source"])]
    saved = "".join("".join(o.get("data", {}).get("text/html", "")) for o in cell["outputs"])
    assert "start weights" in saved and START in saved
