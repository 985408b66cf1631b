"""Where no widget can be shown, every bpwidgets widget says what it is and what to do."""
import pytest

import bpwidgets as bp

PANELS = ["WeightSliders", "CostLandscape", "ChainRuleStepper", "NetworkDiagram", "WiggleProbe",
          "TrainingView", "Explorer", "LayerStepper", "OptimizerRace", "VanishingGradients"]


@pytest.mark.parametrize("name", PANELS)
def test_text_form_is_a_short_instruction(name):
    """A saved notebook not yet run shows '[Name: run this cell to use it]', not the widget tree."""
    widget = getattr(bp, name)()
    bundle = widget._repr_mimebundle_()
    assert bundle["text/plain"] == f"[{name}: run this cell to use it]"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_exercises_too():
    """The exercises' text form is the same kind of instruction."""
    assert repr(bp.NumberExercise("How much?", 1.0)) == "[NumberExercise: run this cell to use it]"
