"""Part 2 (lessons 06-10) is live: each lesson has a live widget where its text explains a moving
thing, a prediction question before it, a picture per ~2 screens of text, and the lesson README
names its widgets (issue 16, "In the lessons")."""
import json
import re
from pathlib import Path

import pytest

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
PART2 = sorted(LESSONS.glob("0[6-9]_*.ipynb")) + sorted(LESSONS.glob("10_*.ipynb"))
# widgets a learner moves (self-checks are not among them)
LIVE = ("Playground", "LayerStepper", "VanishingGradients", "OptimizerRace", "CostLandscape",
        "TrainingView", "Explorer", "WeightSliders")
CHARS_PER_PICTURE = 3600        # ~2 screens of ~30 lines of ~60 characters


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"])


def live_widgets(cell):
    return [name for name in LIVE if re.search(rf"\bbp\.{name}\(", source(cell))] \
        if cell["cell_type"] == "code" else []


def is_prediction(cell):
    text = source(cell)
    return cell["cell_type"] == "code" and ("bp.PredictionExercise(" in text or "Predict first" in text)


def has_picture(cell):
    return any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def test_there_are_five_part2_lessons():
    assert [p.name[:2] for p in PART2] == ["06", "07", "08", "09", "10"]


@pytest.mark.parametrize("path", PART2, ids=lambda p: p.name[:2])
def test_every_part2_lesson_has_a_playground_after_a_prediction(path):
    nb = cells(path)
    playgrounds = [i for i, c in enumerate(nb) if "Playground" in live_widgets(c)]
    assert playgrounds, f"{path.name} has no live bp.Playground"
    first_prediction = next((i for i, c in enumerate(nb) if is_prediction(c)), None)
    assert first_prediction is not None and any(first_prediction < i for i in playgrounds), \
        f"{path.name}: no prediction question comes before a Playground"


@pytest.mark.parametrize("path", PART2, ids=lambda p: p.name[:2])
def test_every_shown_live_widget_is_saved_with_its_static_form(path):
    """A picture (image/png) or, for widgets of tables, their HTML: never only 'run this cell'."""
    for i, cell in enumerate(cells(path)):
        if live_widgets(cell) and cell["outputs"]:
            kinds = {kind for out in cell["outputs"] for kind in out.get("data", {})}
            assert kinds & {"image/png", "text/html"}, f"{path.name} cell {i}: {live_widgets(cell)} saved as {kinds}"
    playgrounds = [c for c in cells(path) if "Playground" in live_widgets(c) and c["outputs"]]
    assert playgrounds and all(has_picture(c) for c in playgrounds), f"{path.name}: no Playground picture saved"


@pytest.mark.parametrize("path", PART2, ids=lambda p: p.name[:2])
def test_a_picture_for_every_two_screens_of_text(path):
    nb = cells(path)
    text = sum(len(source(c)) for c in nb if c["cell_type"] == "markdown")
    pictures = sum(has_picture(c) for c in nb)
    assert pictures * CHARS_PER_PICTURE >= text, \
        f"{path.name}: {text} characters of text and {pictures} pictures"


@pytest.mark.parametrize("path", PART2, ids=lambda p: p.name[:2])
def test_the_lesson_readme_names_each_lessons_live_widgets(path):
    readme = (LESSONS / "README.md").read_text()
    row = next(line for line in readme.splitlines() if f"]({path.name})" in line)
    used = {name for c in cells(path) for name in live_widgets(c)}
    for name in used:
        assert f"`{name}`" in row, f"lessons/README.md's row for {path.name} does not name {name}"


def test_lesson_07_quotes_the_step_1_ratio_apart_from_the_step():
    """'at step 1 it is 589 times below': the ratio its cell prints, never glued to the step ('step 1 589')."""
    nb = cells(LESSONS / "07_layers_and_deltas.ipynb")
    printed = "".join("".join(out.get("text", "")) for c in nb if c["cell_type"] == "code" for out in c["outputs"])
    ratio = re.search(r"layer 4 / layer 1 at step 1: (\d+)", printed).group(1)
    text = " ".join(source(c) for c in nb if c["cell_type"] == "markdown")
    assert f"at step 1 it is {ratio} times below layer 4's" in text
    assert not re.search(r"step \d+ \d", text)
