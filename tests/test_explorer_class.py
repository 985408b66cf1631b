"""The Explorer in class: a scenario picker, a Share line that recreates the view, a projector scale."""
import ast

import pytest

import bpwidgets as bp
from bpwidgets.views._canvas import canvases


def _recreate(line):
    """Rebuild the Explorer a share line describes, reading its literals only (never eval)."""
    call = ast.parse(line, mode="eval").body
    assert ast.unparse(call.func) == "bp.Explorer"
    state = None
    for arg in call.args:
        assert ast.unparse(arg.func) == "bp.NetworkState" and not arg.args
        state = bp.NetworkState(**{k.arg: ast.literal_eval(k.value) for k in arg.keywords})
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    return bp.Explorer(state, **kwargs)


def test_explorer_starts_on_a_scenario():
    ex = bp.Explorer(scenario="diverging")
    assert ex.state.alpha == 50.0 and ex.scenario_picker.value == "diverging"
    assert ex.training.trajectory.diverged
    assert "diverges within 100 steps" in ex.scenario_note.value


def test_unknown_scenario_names_the_valid_ones():
    with pytest.raises(ValueError, match="pick one of first-guess, slow, oscillating"):
        bp.Explorer(scenario="exploding")


def test_picking_a_scenario_is_one_state_change_every_view_follows():
    ex = bp.Explorer()
    changes = []
    ex.state.observe(lambda c: changes.append(c["name"]), names="w0")
    ex.scenario_picker.value = "saturated"
    assert (ex.state.w0, ex.state.w1, ex.state.target) == (4.0, -6.0, 0.3)
    assert changes == ["w0"]                      # w0 changed once, not once per view
    assert ex.sliders.w1.value == -6.0            # the slider reaches it (not clipped)
    assert "the star at (\u22126, 0.5)" in ex.landscape.describe()
    assert all(abs(g) < 1e-3 for g in ex.state.network().gradient().values())


def test_picking_another_scenario_replaces_every_value():
    ex = bp.Explorer(scenario="vanishing")          # w0 = 3, axes w0 and w2
    ex.scenario_picker.value = "slow"
    assert ex.state.to_dict() == bp.NetworkState.from_scenario("slow").to_dict()


@pytest.mark.parametrize("name", list(bp.SCENARIOS))
def test_share_line_of_a_scenario(name):
    ex = bp.Explorer(scenario=name)
    assert ex.share_line() == ("bp.Explorer()" if name == "first-guess" else f"bp.Explorer(scenario={name!r})")
    assert _recreate(ex.share_line()).state.to_dict() == ex.state.to_dict()


def test_share_line_recreates_a_changed_state_exactly():
    ex = bp.Explorer(scenario="oscillating", scale=1.5)
    ex.state.set_weights(w1=1.2345678901234, target=-0.25, steps=37)
    line = ex.share_line()
    assert line.startswith("bp.Explorer(bp.NetworkState(") and line.endswith("scale=1.5)")
    again = _recreate(line)
    assert again.state.to_dict() == ex.state.to_dict()
    assert again.landscape.describe() == ex.landscape.describe()
    assert again.scale == 1.5


def test_share_button_shows_the_line_and_keeps_it_current():
    ex = bp.Explorer()
    assert ex.share_code.layout.display == "none"
    ex.share_button.value = True
    assert ex.share_code.layout.display is None and ex.share_code.value == "bp.Explorer()"
    ex.state.w2 = 0.75
    assert ex.share_code.value == "bp.Explorer(bp.NetworkState(w2=0.75))"


def test_scale_makes_figures_larger_and_zooms_the_rest():
    plain, big = bp.Explorer(), bp.Explorer(scale=1.5)
    for small, large in zip(canvases(plain), canvases(big)):
        assert large.figure.dpi == pytest.approx(1.5 * small.figure.dpi)
        w, h = small.figure.canvas.get_width_height()
        W, H = large.figure.canvas.get_width_height()
        assert (W, H) == (round(1.5 * w), round(1.5 * h))
    assert "bp-scale-150" in big._dom_classes
    style = big.children[-1].value
    assert ".bp-scale-150 { zoom: 1.5; }" in style and ".jupyter-matplotlib { zoom: 0.6667; }" in style


@pytest.mark.parametrize("scale", [0, 0.2, 5, "big", True, float("nan")])
def test_a_bad_scale_gets_a_message(scale):
    with pytest.raises(ValueError, match="scale must be a number between 0.5 and 3"):
        bp.Explorer(scale=scale)


def test_every_control_has_a_label_for_keyboard_and_screen_reader_users():
    """ipywidgets makes a control reachable and named when it has a description."""
    from bpwidgets.views._panel import _controls
    ex = bp.Explorer()
    controls = _controls(ex) + _buttons(ex)
    assert len(controls) > 15
    for control in controls:
        assert control.description or control.tooltip, control


def _buttons(widget):
    import ipywidgets as widgets
    if isinstance(widget, widgets.Button):
        return [widget]
    return [b for child in getattr(widget, "children", ()) for b in _buttons(child)]
