"""The composed Explorer, headless: one state, every view follows it."""
import ipywidgets as widgets
import numpy as np
import pytest

from bpwidgets.chain import ChainNetwork, gradient_descent
from bpwidgets.state import NetworkState
from bpwidgets.views.explorer import Explorer
from bpwidgets.chain import difference_errors


@pytest.fixture(scope="module")
def ex():
    return Explorer()


@pytest.fixture(autouse=True)
def lecture_values(ex):
    ex.state.reset()
    yield


def test_every_view_shares_the_one_state(ex):
    """sliders, landscape, stepper, diagram, probe and training all observe ex.state."""
    views = [ex.sliders, ex.landscape, ex.stepper, ex.diagram, ex.probe, ex.training]
    assert ex.views == views
    assert all(view.state is ex.state for view in views)
    assert isinstance(ex.state, NetworkState)


def test_setting_w1_updates_every_view(ex):
    """ex.state.w1 = 1.5 moves the slider, the star, the stepper, the diagram, the probe and training."""
    ex.state.w1 = 1.5
    net = ChainNetwork(w1=1.5)
    f = net.forward()
    assert ex.sliders.w1.value == 1.5
    assert ex.sliders.readout.value == f"out = {f.out:.4f},  C = {net.cost():.4g}"
    assert (ex.landscape.map.w1, ex.landscape.map.w2) == (1.5, 0.5)   # the page draws the star there
    assert ex.stepper.current().value == pytest.approx(f.x1)
    assert ex.diagram.values["out"].get_text() == f"{f.out:.4g}"
    forward, _ = difference_errors(net, ex.probe.weight)
    assert np.allclose(ex.probe.forward_errors, forward)
    traj = gradient_descent(net, alpha=0.5, steps=100)
    assert np.allclose(ex.training.trajectory.weights, traj.weights)


def test_a_slider_moves_the_landscape_and_training(ex):
    """Dragging the w2 slider (kernel side) moves the star and restarts the training view there."""
    ex.sliders.w2.value = 1.25
    assert ex.state.w2 == 1.25
    assert ex.training.trajectory.weights[0] == pytest.approx([2.0, 1.0, 1.25])


def test_a_click_on_the_map_moves_every_slider(ex):
    """Clicking the contour map at (3, -1) sets the w1 and w2 sliders to 3 and -1."""
    ex.landscape.map.start_at(3.0, -1.0)   # what the page asks for on a click there
    assert (ex.sliders.w1.value, ex.sliders.w2.value) == pytest.approx((3.0, -1.0), abs=0.006)
    assert ex.diagram.edge_labels["x2"].get_text() == f"w1=\n{ex.state.w1:.4g}"


def test_reset_button_restores_every_view(ex):
    """The sliders' Reset puts the lecture's numbers back in every view."""
    ex.state.set_weights(w0=-1.0, w1=2.0, alpha=7.0)
    ex.sliders.reset_button.click()
    assert (ex.sliders.w0.value, ex.sliders.w1.value, ex.sliders.alpha.value) == (2.0, 1.0, 0.5)
    assert ex.diagram.values["C"].get_text() == "0.05653"
    assert "diverged" not in ex.landscape.status.value


def test_the_layout_puts_sliders_beside_the_landscape(ex):
    """Row one is sliders | landscape; then the stepper and the diagram; probe and training in tabs."""
    first = ex.children[2]   # after the scenario picker and the share line
    assert isinstance(first, widgets.HBox) and list(first.children) == [ex.sliders, ex.landscape]
    assert ex.stepper in ex.children and ex.diagram in ex.children
    assert list(ex.tabs.children) == [ex.probe, ex.training]
    assert ex.tabs.titles == ("wiggle a weight", "training")


def test_the_diagram_follows_the_stepper(ex):
    """The diagram highlights the Explorer's stepper's step (the state's chain_step): stepping changes it."""
    assert ex.diagram.highlighting
    ex.stepper.reset()
    assert ex.diagram.highlighted == "x1"
    ex.stepper.next()
    assert ex.diagram.highlighted == "s1"


def test_explorer_on_a_given_state():
    """Explorer(state) uses that state; two explorers on it stay in step."""
    state = NetworkState()
    a, b = Explorer(state), Explorer(state)
    state.w2 = 0.8
    assert a.state is state and b.state is state
    assert a.sliders.w2.value == b.sliders.w2.value == 0.8
    assert a.sliders.w2.value == b.sliders.w2.value == 0.8   # each page's map follows its sliders


def test_not_a_state_is_a_type_error():
    """Explorer(state=...) with something else says to pass a NetworkState."""
    with pytest.raises(TypeError, match="NetworkState"):
        Explorer(state=0.5)


def test_a_hidden_tab_holds_its_figure_until_shown(ex):
    """Training's figure (hidden tab) sends no draw while hidden; showing its tab asks for one draw."""
    sent = []
    canvas = ex.training.fig.canvas
    canvas.send_event = lambda event_type, **kw: sent.append(event_type)
    try:
        assert ex.tabs.selected_index == 0 and canvas.on_hold and not ex.probe.fig.canvas.on_hold
        ex.state.w1 = 1.7
        ex.state.w1 = 1.8
        assert sent == []
        assert ex.training.trajectory.weights[0, 1] == 1.8   # the data is up to date all the same
        ex.tabs.selected_index = 1
        assert sent == ["draw"] and not canvas.on_hold and ex.probe.fig.canvas.on_hold
        ex.tabs.selected_index = 0
        assert sent == ["draw"]   # nothing was missed meanwhile: no extra draw
    finally:
        del canvas.send_event
        ex.tabs.selected_index = 0


def test_playing_the_training_moves_a_marble_along_the_landscape():
    """Training iteration k puts the landscape's marble at row k of the descent path; a new start hides it."""
    ex = Explorer()
    assert ex.landscape.map.marble is None
    ex.training.play.value = 7
    assert ex.landscape.map.marble == 7   # the page draws it at row 7 of its own descent path
    ex.state.w1 = 1.5
    assert ex.landscape.map.marble is None


def test_the_sliders_drive_the_map_in_the_browser(ex):
    """The number sliders are bound to the map, so the page draws their values without a kernel
    round trip; the axis pickers reach the map through the kernel, as does every value."""
    assert ex.landscape.map.sliders == {name: getattr(ex.sliders, name)
                                        for name in ("w0", "w1", "w2", "s0", "target", "alpha", "steps")}
    ex.sliders.x_weight.value = "w0"
    assert (ex.landscape.map.x_weight, ex.landscape.map.y_weight) == ("w0", "w2")
    revision = ex.landscape.map.revision
    ex.state.w1 = 2.5
    assert ex.landscape.map.w1 == 2.5 and ex.landscape.map.revision == revision + 1
