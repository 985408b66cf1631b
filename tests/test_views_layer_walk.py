"""LayerStepper on the Playground's network: one backward pass, step by step, following the state."""
import numpy as np
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import bpwidgets as bp
from bpwidgets import nn
from bpwidgets.layer_steps import number_text, pass_quantities, seed002_quantities
from bpwidgets.live_training import ACTIVATIONS, LOSSES, sample_pass
from bpwidgets.playground_state import PlaygroundState
from bpwidgets.state import NetworkState
from bpwidgets.views.layers import ENTRY_BUTTONS_UP_TO, LayerStepper
from reference_maths import numerical_gradient, random_networks


def network_of(weights, activations):
    layers = []
    for (W, b), name in zip(weights, activations):
        layers += [nn.Dense(W.copy(), b.copy()), ACTIVATIONS[name]()]
    return nn.Network(layers)


def by_name(quantities):
    return {q.name: q for q in quantities}


def fresh_walk(state):
    """The walk built anew from the state's network and chosen sample (the reference)."""
    data = state.run.data
    return pass_quantities(state.run.network, data.X_train[:, [state.sample]], data.Y_train[:, [state.sample]],
                           state.run.loss)


def go_to(stepper, name):
    while stepper.current().name != name:
        stepper.next_button.click()


# --- the maths of the walk ---------------------------------------------------------------

@pytest.mark.parametrize("k, weights, activations", [(k, *net) for k, net in
                                                     enumerate(random_networks(32, seed=5, scales=(0.5, 1.5)))])
def test_the_walks_gradients_equal_central_differences_and_the_playgrounds_numbers(k, weights, activations):
    """Every d-weights and d-biases of the walk equals central differences of the one-sample loss
    and live_training.sample_pass's numbers; for every activation, hidden and at the output."""
    network = network_of(weights, activations)
    loss = LOSSES["cross-entropy" if activations[-1] == "sigmoid" and k % 2 else "half-squared"]()
    rng = np.random.default_rng(k)
    x, y = rng.normal(0, 1.5, (2, 1)), np.array([[float(k % 2)]])
    walk = by_name(pass_quantities(network, x, y, loss))
    numbers = sample_pass(network, x, y, loss)
    n_layers = len(network.dense_layers)
    for l, dense in enumerate(network.dense_layers, start=1):
        name = "output" if l == n_layers else ("hidden" if n_layers == 2 else f"hidden {l}")
        cost = lambda: loss.value(network.forward(x), y)   # noqa: E731
        dW, db = walk[f"d-weights ({name})"].matrix, walk[f"d-biases ({name})"].matrix
        np.testing.assert_allclose(dW, numerical_gradient(cost, dense.weights), rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(db, numerical_gradient(cost, dense.biases), rtol=1e-5, atol=1e-7)
        np.testing.assert_array_equal(dW, numbers.layers[l - 1].dW)
        np.testing.assert_array_equal(walk[f"d-values ({name})"].matrix, numbers.layers[l - 1].delta)
    assert walk["loss"].matrix[0, 0] == pytest.approx(loss.value(network.forward(x), y), rel=1e-12)


def test_the_lecture_network_gives_seed_002s_numbers():
    """The Playground's lecture data set: u = (7, -22, -3), loss 260 and every gradient as seed 002 prints."""
    stepper = LayerStepper(state=PlaygroundState(dataset="lecture"))
    walk = by_name(stepper.quantities())
    renamed = {"hidden values": "values (hidden)", "outputs": "values (output)"}
    for q in seed002_quantities():
        np.testing.assert_array_equal(walk[renamed.get(q.name, q.name)].matrix, q.matrix)
    np.testing.assert_array_equal(walk["values (hidden)"].matrix.ravel(), [7, -22, -3])
    assert walk["loss"].matrix[0, 0] == 260
    assert len(walk) == 9   # no activation: z and a are one step per layer


def test_sigmoid_and_cross_entropy_say_delta_is_a_minus_y():
    """At the output of a classifier the walk multiplies dC/da by S'(z) and says it simplifies to a - y."""
    state = PlaygroundState(dataset="xor", sample=3)
    stepper = LayerStepper(state=state)
    go_to(stepper, "d-values (output)")
    a, y = state.derived.sample_pass.layers[-1].a[0, 0], state.derived.sample_pass.y[0, 0]
    assert stepper.current().matrix[0, 0] == pytest.approx(a - y, abs=1e-12)
    assert f"&delta; = a &minus; y = {number_text(a - y)}" in stepper.note.value


# --- following the Playground ------------------------------------------------------------

@pytest.fixture
def pg():
    playground = bp.Playground()
    playground.walk_toggle.value = True
    return playground


def test_a_playground_step_shows_the_new_numbers_on_the_same_entry(pg):
    """On d-weights (output), entry 2: a Step keeps that entry and shows the step-1 numbers."""
    walk = pg.walk
    go_to(walk, "d-weights (output)")
    walk.entry = 2
    before = walk.current().matrix.copy()
    pg.step_button.click()
    after = pg.state.derived.sample_pass.layers[-1].dW
    assert walk.current().name == "d-weights (output)" and walk.entry == 2
    np.testing.assert_array_equal(walk.current().matrix, after)
    assert not np.allclose(before, after)
    assert f"= {number_text(after[0, 2])}$$" in walk.arithmetic.value
    assert "at training step 1" in walk.describe()


def test_a_width_change_changes_the_shapes_in_the_captions(pg):
    """Width 4 -> 7: W^(1) is 7x2 and z^(1) 7x1 in the tables; the rows are neurons 1.0 .. 1.6."""
    walk = pg.walk
    assert r"W^{(1)}\ \ (4\times2)" in walk.tables.value and r"z^{(1)}\ \ (4\times1)" in walk.tables.value
    pg.width.value = 7
    assert r"W^{(1)}\ \ (7\times2)" in walk.tables.value and r"z^{(1)}\ \ (7\times1)" in walk.tables.value
    assert "$1.6$" in walk.tables.value and "$1.7$" not in walk.tables.value
    go_to(walk, "d-weights (output)")
    assert r"\partial C / \partial W^{(2)}\ \ (1\times7)" in walk.tables.value


def test_a_second_hidden_layer_keeps_the_learner_on_the_first_ones_quantity(pg):
    """On d-weights (hidden) with one hidden layer: two hidden layers bring d-weights (hidden 1), same entry."""
    walk = pg.walk
    go_to(walk, "d-weights (hidden)")
    walk.entry = 5
    pg.depth.value = 2
    assert walk.current().name == "d-weights (hidden 1)" and walk.entry == 5
    pg.depth.value = 1
    assert walk.current().name == "d-weights (hidden)" and walk.entry == 5


def test_another_sample_is_walked_with_its_inputs(pg):
    """Sample 5: the x table holds sample 5's two inputs, and z = W x + b uses them."""
    pg.sample.value = 5
    x = pg.state.run.data.X_train[:, 5]
    walk = pg.walk
    assert walk.current().operands[1].matrix.ravel().tolist() == x.tolist()
    assert f"\\cdot {number_text(x[0])}" in walk.arithmetic.value.replace("(", "").replace(")", "")
    assert "of sample 5" in walk.describe()


def test_an_eight_wide_layer_picks_its_64_entries_from_a_menu(pg):
    """d-weights between two 8-wide layers: a menu of 64 entries (not 64 buttons); picking the last works."""
    pg.state.set(width=8, depth=2)
    walk = pg.walk
    go_to(walk, "d-weights (hidden 2)")
    assert walk.current().matrix.shape == (8, 8) and 64 > ENTRY_BUTTONS_UP_TO
    assert walk.entry_menu.layout.display is None and walk.entry_buttons.layout.display == "none"
    walk.entry_menu.value = 63
    assert walk.entry == 63
    dW = pg.state.derived.sample_pass.layers[1].dW
    assert f"= {number_text(dW[7, 7])}$$" in walk.arithmetic.value
    assert r"\begin{aligned}" not in walk.arithmetic.value   # one product per entry: one line
    go_to(walk, "d-values (hidden 1)")   # 8 paths summed: written over aligned lines of 4 terms
    assert r"\begin{aligned}" in walk.arithmetic.value and walk.arithmetic.value.count(r"\\") == 2
    assert walk.entry_buttons.layout.display is None and walk.entry_menu.layout.display == "none"


def test_folded_away_it_waits_and_catches_up_when_unfolded():
    """Folded (the default), the walk is not rebuilt on a Step; unfolded, it shows the current numbers."""
    playground = bp.Playground()
    assert playground.walk.layout.display == "none" and not playground.walk.following
    assert "folded away" in playground.describe()
    before = playground.walk.quantities()
    playground.state.step(3)
    assert playground.walk.quantities() == before   # not rebuilt while folded
    playground.walk_toggle.value = True
    assert playground.walk.layout.display is None
    np.testing.assert_array_equal(playground.walk.current().matrix, fresh_walk(playground.state)[0].matrix)
    assert "at training step 3" in playground.describe()


def test_while_playing_the_walk_waits_and_shows_the_last_step_at_the_pause(pg):
    """Play's ticks do not retypeset the walk's tables 10 times a second; the pause brings the numbers."""
    walk = pg.walk
    before = walk.quantities()
    pg.play.playing = True
    for _ in range(3):
        pg.play.value += 1
    assert pg.state.steps == 12 and walk.quantities() == before
    pg.play.playing = False
    np.testing.assert_array_equal(walk.current().matrix, fresh_walk(pg.state)[0].matrix)
    assert "at training step 12" in walk.describe()


def test_the_static_picture_shows_the_walk_when_unfolded(pg):
    """The saved picture of the Playground grows by the walk's tables when it is unfolded."""
    unfolded = pg.static_picture()
    pg.walk_toggle.value = False
    folded = pg.static_picture()
    assert unfolded.shape[0] > folded.shape[0] + 100


def test_a_stepper_refuses_a_network_state():
    """LayerStepper(state=...) takes the Playground's state; anything else is refused with the call to use."""
    with pytest.raises(TypeError, match=r"LayerStepper\(state=pg.state\)"):
        LayerStepper(state=NetworkState())


class LearnerAtTheWalk(RuleBasedStateMachine):
    """Step, width, depth, sample, activation, Next/Previous, an entry, fold/unfold, in any order:
    nothing raises, and the unfolded walk always shows the state's current numbers."""

    def __init__(self):
        super().__init__()
        self.pg = bp.Playground()
        self.pg.walk_toggle.value = True

    @rule(k=st.integers(1, 3))
    def step(self, k):
        for _ in range(k):
            self.pg.step_button.click()

    @rule(width=st.integers(1, 8))
    def width(self, width):
        self.pg.width.value = width

    @rule(depth=st.integers(0, 3))
    def depth(self, depth):
        self.pg.depth.value = depth

    @rule(sample=st.integers(0, 139))
    def sample(self, sample):
        self.pg.sample.value = sample

    @rule(pick=st.integers(0, 6))
    def data_or_activation(self, pick):
        if pick < 3:
            self.pg.dataset.value = ["lecture", "moons", "curve"][pick]
        else:
            self.pg.activation.value = list(ACTIVATIONS)[pick - 3]

    @rule(n=st.integers(1, 6), forward=st.booleans())
    def walk(self, n, forward):
        for _ in range(n):
            (self.pg.walk.next_button if forward else self.pg.walk.previous_button).click()

    @rule(entry=st.integers(0, 63))
    def entry(self, entry):
        walk = self.pg.walk
        chooser = walk.entry_buttons if walk.entry_buttons.layout.display is None else walk.entry_menu
        chooser.value = entry % walk.current().matrix.size

    @rule()
    def fold_and_unfold(self):
        self.pg.walk_toggle.value = False
        self.pg.step_button.click()
        self.pg.walk_toggle.value = True

    @invariant()
    def shows_the_states_numbers(self):
        pg, walk = self.pg, self.pg.walk
        assert pg.error is None and getattr(walk, "error", None) is None
        reference = fresh_walk(pg.state)
        assert [q.name for q in walk.quantities()] == [q.name for q in reference]
        for shown, fresh in zip(walk.quantities(), reference):
            np.testing.assert_array_equal(shown.matrix, fresh.matrix)
        q = reference[walk.step]
        assert f"= {number_text(q.matrix.flat[walk.entry])}" in walk.arithmetic.value
        assert walk.position.value.endswith(q.name) and q.name in pg.describe()


TestLearnerAtTheWalk = LearnerAtTheWalk.TestCase
TestLearnerAtTheWalk.settings = settings(max_examples=6, stateful_step_count=20, deadline=None,
                                         derandomize=True)   # 120 actions


def test_the_saved_picture_writes_the_rules_it_cannot_typeset_as_readable_text():
    """Maths matplotlib cannot set (\\text, aligned lines) is written with symbols, not dropped."""
    from bpwidgets.views._picture import _plain_maths
    rule = (r"$$\frac{\partial C}{\partial b^{(3)}} = \delta^{(3)}\quad\text{(d-biases = d-values)}$$")
    assert _plain_maths(rule) == "∂ C/∂ b^(3) = δ^(3) (d-biases = d-values)"
    assert _plain_maths(r"\frac{\partial l}{\partial \hat y} = \tfrac12 \ln 2") == "∂ l/∂ y\u0302 = ½ ln 2"
