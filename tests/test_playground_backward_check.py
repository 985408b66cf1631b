"""Lesson 10's check of a learner's whole backward pass against the Playground's numbers.

The Playground's read-only accessors (weights, training data, one sample's gradients) agree
with finite differences of that sample's loss; check_playground_backward passes a right
function and answers every wrong one with a sentence naming the layer and the array.
"""
import pathlib

import nbformat
import numpy as np
import pytest

import bpwidgets as bp
from bpwidgets import selfcheck as sc
from bpwidgets.playground_state import PlaygroundState

LESSON = pathlib.Path(__file__).resolve().parent.parent / "lessons" / "10_implement_backprop.ipynb"


def sigmoid_backward(dvalues, output):
    return dvalues * output * (1 - output)


def dense_backward(dvalues, inputs, weights):
    return dvalues @ inputs.T, dvalues.sum(axis=1, keepdims=True), weights.T @ dvalues


def network_backward(weights, x, y):
    """A learner's right answer for sigmoid layers and half squared error, written out."""
    a, kept = x, []
    for W, b in weights:
        a_prev, a = a, bp.sigmoid(W @ a + b)
        kept.append((W, a_prev, a))
    dvalues, grads = a - y, []
    for W, a_prev, a in reversed(kept):
        dW, db, dvalues = dense_backward(sigmoid_backward(dvalues, a), a_prev, W)
        grads.append((dW, db))
    return grads[::-1]


def sigmoid_state(**values):
    return PlaygroundState(**{"activation": "sigmoid", "loss": "half-squared", **values})


def sample_loss(state, sample, weights):
    """The Playground's loss of one training sample with these weights (an nn.Network forward)."""
    network = state.run.network
    kept = [(d.weights.copy(), d.biases.copy()) for d in network.dense_layers]
    try:
        for dense, (W, b) in zip(network.dense_layers, weights):
            dense.weights[...], dense.biases[...] = W, b
        X, Y = state.training_data()
        return state.run.loss.value(network.forward(X[:, [sample]]), Y[:, [sample]])
    finally:
        for dense, (W, b) in zip(network.dense_layers, kept):
            dense.weights[...], dense.biases[...] = W, b


def finite_difference_gradients(state, sample):
    weights = state.weights()
    grads = []
    for layer, (W, b) in enumerate(weights):
        def loss_of(value, which):
            changed = [list(p) for p in weights]
            changed[layer][which] = value
            return sample_loss(state, sample, changed)
        grads.append((sc.finite_difference(lambda Wn: loss_of(Wn, 0), W.copy()),
                      sc.finite_difference(lambda bn: loss_of(bn, 1), b.copy())))
    return grads


class TestAccessors:
    @pytest.mark.parametrize("values", [
        dict(activation="sigmoid", loss="half-squared", steps=20),
        dict(activation="tanh", loss="cross-entropy", depth=2, width=3, steps=5, sample=7),
        dict(activation="relu", dataset="moons", depth=3, width=5, steps=10, sample=33),
        dict(dataset="curve", activation="tanh", depth=1, steps=3, sample=2),
        dict(dataset="lecture"),
        dict(depth=0, dataset="circles", steps=4, sample=1),
    ], ids=["sigmoid", "tanh-xent-deep", "relu-3-layers", "curve", "lecture", "no-hidden-layer"])
    def test_sample_gradients_agree_with_finite_differences(self, values):
        """Each layer's dW and db for one sample equal the slopes of that sample's loss, wiggle by wiggle."""
        state = PlaygroundState(**values)
        for sample in (None, min(11, state.run.n_train - 1)):
            at = state.sample if sample is None else sample
            for (dW, db), (fW, fb) in zip(state.sample_gradients(sample), finite_difference_gradients(state, at)):
                np.testing.assert_allclose(dW, fW, rtol=1e-5, atol=1e-7)
                np.testing.assert_allclose(db, fb, rtol=1e-5, atol=1e-7)

    def test_the_lecture_sample_gives_the_slides_gradients(self):
        """On the lecture's 2-3-2 the output layer's dW is the slide's [[-154, 484, 66], [-42, 132, 18]]."""
        (dW1, db1), (dW2, db2) = PlaygroundState(dataset="lecture").sample_gradients()
        np.testing.assert_allclose(dW2, [[-154, 484, 66], [-42, 132, 18]])
        np.testing.assert_allclose(db1.ravel(), [-32, -16, -118])

    def test_shapes_follow_the_network(self):
        """weights() and sample_gradients() have one (W, b) per layer with the layer's shapes; data are columns."""
        state = sigmoid_state(width=5, depth=2)
        shapes = [(W.shape, b.shape) for W, b in state.weights()]
        assert shapes == [((5, 2), (5, 1)), ((5, 5), (5, 1)), ((1, 5), (1, 1))]
        assert [(dW.shape, db.shape) for dW, db in state.sample_gradients()] == shapes
        X, Y = state.training_data()
        assert X.shape == (2, state.run.n_train) and Y.shape == (1, state.run.n_train)

    def test_changing_what_they_return_changes_nothing(self):
        """The accessors hand out copies: scribbling on them leaves the Playground's weights, data and gradients."""
        state = sigmoid_state(steps=3)
        before = (state.weights(), state.training_data(), state.sample_gradients(), state.revision)
        for W, b in state.weights():
            W[...] = 0
        state.training_data()[0][...] = 0
        state.sample_gradients()[0][0][...] = 0
        after = (state.weights(), state.training_data(), state.sample_gradients(), state.revision)
        for one, two in zip(before[0] + before[2], after[0] + after[2]):
            np.testing.assert_array_equal(one[0], two[0])
        np.testing.assert_array_equal(before[1][0], after[1][0])
        assert before[3] == after[3]

    def test_they_follow_training(self):
        """After a step the weights and gradients are the new ones."""
        state = sigmoid_state()
        W0, g0 = state.weights()[0][0], state.sample_gradients()[0][0]
        state.step()
        assert not np.array_equal(W0, state.weights()[0][0])
        assert not np.array_equal(g0, state.sample_gradients()[0][0])

    @pytest.mark.parametrize("sample", [-1, 140, 2.5, True, "3"])
    def test_a_sample_that_does_not_exist_is_refused(self, sample):
        """sample_gradients(140) on 140 training samples: a ValueError naming the range."""
        with pytest.raises(ValueError, match="from 0 to 139"):
            sigmoid_state().sample_gradients(sample)


class TestCheckPasses:
    def test_a_right_backward_pass_passes(self):
        """The learner's sigmoid network backward, on the Playground itself and on its state."""
        pg = bp.Playground(activation="sigmoid", loss="half-squared", sample=4, steps=25)
        for target in (pg, pg.state):
            report = bp.check_playground_backward(target, network_backward)
            assert report.passed, report.text
            assert report.lines[0] == ("All correct: your network_backward gives the Playground's dW and db "
                                       "of every layer (2 of 2) for training sample 4 at step 25 (2 -> 4 -> 1). "
                                       "Well done!")

    @pytest.mark.parametrize("depth", [0, 1, 2, 3])
    def test_every_depth(self, depth):
        """The same function passes with 0 to 3 hidden layers (sigmoid everywhere)."""
        assert bp.check_playground_backward(sigmoid_state(depth=depth, width=3, steps=2), network_backward)

    def test_the_worked_solution_passes(self):
        """SOLUTIONS['network_backward'], with the lesson's two helpers in its namespace, passes."""
        namespace = {"bp": bp, "sigmoid_backward": sigmoid_backward, "dense_backward": dense_backward}
        exec(sc.SOLUTIONS["network_backward"], namespace)  # the package's fixed text, in a test only
        assert bp.check_playground_backward(sigmoid_state(steps=7), namespace["network_backward"])

    def test_the_playground_is_left_as_it_was(self):
        """A function that scribbles on its arguments changes neither the weights nor the revision."""
        state = sigmoid_state(steps=3)
        before, revision = state.weights(), state.revision

        def scribbler(weights, x, y):
            for W, b in weights:
                W[...] = 0
            x[...] = 0
            return network_backward(state.weights(), *[a[:, [state.sample]] for a in state.training_data()])
        assert bp.check_playground_backward(state, scribbler)
        assert all(np.array_equal(W, W2) for (W, _), (W2, _) in zip(before, state.weights()))
        assert state.revision == revision


class TestFeedback:
    """Every wrong answer is a Report with sentences: which layer, which array, what to do."""

    @pytest.fixture
    def state(self):
        return sigmoid_state(steps=10, sample=3)

    def check(self, state, fn):
        report = bp.check_playground_backward(state, fn)
        assert not report.passed and isinstance(report, sc.Report)
        assert "Traceback" not in report.text
        return report.lines

    def test_context_line(self, state):
        """The last line names the network, the sample and the step the check used."""
        lines = self.check(state, lambda w, x, y: None)
        assert lines[-1] == ("Checked on the Playground's network (2 -> 4 -> 1, sigmoid in the hidden layers, "
                             "sigmoid at the output, half squared error C = 1/2 (a - y)^2), "
                             "training sample 3 at step 10.")

    def test_the_lessons_skeleton_says_not_yet(self, state):
        """(..., ...) per layer: 'Not yet', starting with the output layer's dW."""
        lines = self.check(state, lambda w, x, y: [(..., ...) for _ in w])
        assert lines[0] == "Not yet: dW of layer 2 (the output layer) is not filled in (it is still ...)."

    def test_a_transposed_dW(self, state):
        """The output layer's dW as (4, 1): its shape, the shape wanted, and 'transposed'."""
        lines = self.check(state, lambda w, x, y: [(dW.T, db) for dW, db in network_backward(w, x, y)])
        assert lines[0] == ("dW of layer 2 (the output layer) has shape (4, 1), but it should have shape (1, 4), "
                            "the shape of its W.")
        assert lines[1].startswith("It looks transposed")

    def test_layers_in_backward_order(self, state):
        """Forgetting grads[::-1] is named as such."""
        lines = self.check(state, lambda w, x, y: network_backward(w, x, y)[::-1])
        assert lines[1] == "Your pairs come last layer first: reverse the list before returning it (grads[::-1])."

    def test_a_flat_db(self, state):
        """db of shape (4,) instead of (4, 1): keep it 2-D."""
        def flat(w, x, y):
            (dW1, db1), second = network_backward(w, x, y)
            return [(dW1, db1.ravel()), second]
        lines = self.check(state, flat)
        assert lines[0] == "db of layer 1 has shape (4,), but it should have shape (4, 1), the shape of its b."
        assert "Already right: dW of layer 2, db of layer 2, dW of layer 1." in lines

    def test_nan(self, state):
        """NaN in a dW is said as NaN, in that layer."""
        lines = self.check(state, lambda w, x, y: [(dW * np.nan, db) for dW, db in network_backward(w, x, y)])
        assert lines[0] == "dW of layer 2 (the output layer) contains NaN or inf."

    def test_a_wrong_hidden_layer_names_the_layer_and_what_is_right(self, state):
        """A missing S'(z) in the hidden layer: layer 1 is off, the output layer is already right."""
        def no_slope(weights, x, y):
            right = network_backward(weights, x, y)
            (W1, b1), (W2, b2) = weights
            a1 = bp.sigmoid(W1 @ x + b1)
            a2 = bp.sigmoid(W2 @ a1 + b2)
            delta1 = W2.T @ ((a2 - y) * a2 * (1 - a2))     # the slope of layer 1 forgotten
            return [(delta1 @ x.T, delta1), right[1]]
        lines = self.check(state, no_slope)
        assert lines[0].startswith("dW of layer 1 is off by up to ")
        assert "the Playground's is" in lines[0]
        assert lines[-3].startswith("Hint: carry delta back first")
        assert lines[-2] == "Already right: dW of layer 2, db of layer 2."

    def test_a_wrong_sign(self, state):
        """y - a instead of a - y: every entry has the wrong sign."""
        lines = self.check(state, lambda w, x, y: [(-dW, -db) for dW, db in network_backward(w, x, y)])
        assert lines[1] == "Every entry has the wrong sign."

    def test_a_function_that_raises(self, state):
        """An error in the learner's code: its name and line, never a traceback."""
        def network_backward_broken(weights, x, y):
            return weights[5]
        lines = self.check(state, network_backward_broken)
        assert lines[0].startswith("network_backward_broken stopped with IndexError: list index out of range "
                                   "(line ")
        assert lines[1] == "Fix that line, run its cell again, then run this check again."

    @pytest.mark.parametrize("result,first", [
        (None, "<lambda> returned nothing (None)."),
        (3.0, "<lambda> should return a list of 2 (dW, db) pairs, one per layer; it returned a float."),
        ([1], "<lambda> returned 1 item, but this network has 2 layers of weights: "
              "return one (dW, db) pair per layer."),
        ([1, 2], "Item 1 of what <lambda> returned should be a pair (dW, db); it is an int."),
        ([(1, 2, 3), (1, 2)], "Item 1 of what <lambda> returned should be a pair (dW, db); it is 3 values."),
        ([("a", "b"), ("c", "d")], "dW of layer 2 (the output layer) should be a numpy array of numbers, "
                                   "but it is a str."),
    ])
    def test_wrong_kinds_of_result(self, state, result, first):
        """None, a number, too few layers, not pairs, strings: each a sentence."""
        assert self.check(state, lambda w, x, y: result)[0] == first

    def test_wrong_arguments(self, state):
        """Arguments swapped or not a function: a sentence saying what to pass."""
        assert self.check(network_backward, state)[0].startswith("Pass the Playground first")
        assert self.check(state, network_backward(state.weights(), np.zeros((2, 1)), np.zeros((1, 1))))[0] \
            .startswith("Pass the function itself")

    def test_a_changed_activation_is_named(self, state):
        """After the learner switches the Playground to tanh, a sigmoid backward fails and the tanh is named."""
        state.activation = "tanh"
        lines = self.check(state, network_backward)
        assert "tanh in the hidden layers" in lines[-1]

    @pytest.mark.parametrize("change,cause", [
        (dict(activation="tanh"), "This Playground has tanh in the hidden layers: its slope is 1 - a² "
                                  "(forward: a = np.tanh(z))."),
        (dict(activation="relu"), "This Playground has ReLU in the hidden layers: its slope is 1 where z > 0, "
                                  "else 0 (forward: a = np.maximum(z, 0))."),
        (dict(loss="cross-entropy"), "This Playground has binary cross-entropy as its loss: with the sigmoid "
                                     "output the output's delta is a - y itself (the sigmoid's slope cancels)."),
    ])
    def test_a_right_sigmoid_pass_on_another_network_is_told_the_real_cause(self, state, change, cause):
        """A correct all-sigmoid network_backward on a tanh/ReLU/cross-entropy Playground: not 'dW of layer 2
        is off' with a hint about the output's delta, but the given sigmoid forward pass and the slope."""
        state.set(**change)
        lines = self.check(state, network_backward)
        assert lines[0] == ("network_backward is right for the lesson's network, a sigmoid in every layer with "
                            "half squared error: the given forward pass uses bp.sigmoid and the backward pass "
                            f"S'(z) = a(1 - a), the sigmoid's slope. {cause}")
        assert not any("is off" in line or line.startswith("Hint") for line in lines)

    def test_a_wrong_pass_on_a_tanh_playground_is_told_both(self, state):
        """A pass that is wrong for either network: what is off, and a note that the hidden layers are tanh."""
        state.activation = "tanh"
        lines = self.check(state, lambda w, x, y: [(2 * dW, db) for dW, db in network_backward(w, x, y)])
        assert lines[0].startswith("dW of layer 2 (the output layer) is off by up to")
        assert lines[-2] == "Note: this Playground has tanh in the hidden layers: its slope is 1 - a² " \
                            "(forward: a = np.tanh(z))."

    def test_a_result_whose_length_raises(self, state):
        """A list that breaks len() is caught by the safety net."""
        class Broken(list):
            def __len__(self):
                raise TypeError("len is broken")
        assert self.check(state, lambda w, x, y: Broken())[0] == (
            "The check could not finish: what <lambda> returned made it stop (TypeError: len is broken).")


class TestLessonTen:
    def _cells(self):
        return [c.source for c in nbformat.read(LESSON, as_version=4).cells if c.cell_type == "code"]

    def test_the_stub_says_not_yet_and_the_solution_keeps_its_signature(self):
        """The lesson's network_backward stub gets 'Not yet'; the worked solution starts with the same def line."""
        (stub,) = [s for s in self._cells() if s.startswith("def network_backward(")]
        namespace = {"bp": bp, "np": np, "sigmoid_backward": sigmoid_backward, "dense_backward": dense_backward}
        exec(stub, namespace)  # the lesson's own fixed stub text, in a test only
        report = bp.check_playground_backward(sigmoid_state(), namespace["network_backward"])
        assert report.lines[0].startswith("Not yet:"), report.text
        assert sc.SOLUTIONS["network_backward"].splitlines()[0] == stub.splitlines()[0]

    @pytest.mark.parametrize("depth", [0, 1, 2, 3])
    def test_the_gradient_cells_follow_any_depth_of_the_playground(self, depth):
        """After the learner sets 0-3 hidden layers and re-runs the cells that show one sample's dW, db
        and the step's ||dW||: one row and one printed line per layer, the last named the output, no IndexError."""
        import contextlib
        import io

        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        cells = self._cells()
        (figure,) = [s for s in cells if s.startswith("grads = pg.state.sample_gradients()")]
        (sizes,) = [s for s in cells if s.startswith("twin = bp.PlaygroundState(")]
        pg = bp.Playground(activation="sigmoid", loss="half-squared", optimizer="adam", learning_rate=0.1,
                           depth=depth, width=3, steps=2)
        namespace = {"bp": bp, "np": np, "plt": plt, "pg": pg}
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                exec(figure, namespace)  # the lesson's own fixed cells, in a test only
                exec(sizes, namespace)
            fig = namespace["fig"]
            titles = [ax.get_title() for ax in fig.axes]
        finally:
            plt.close("all")
        n = depth + 1
        shapes = [(dW.shape, db.shape) for dW, db in pg.state.sample_gradients()]
        expected = []
        for layer, (w_shape, b_shape) in enumerate(shapes, start=1):
            which = "output layer" if layer == n else "hidden layer"
            expected += [f"dW{layer}  {w_shape}  ({which})", f"db{layer}  {b_shape}"]
        assert titles == expected
        lines = printed.getvalue().splitlines()
        assert [line.split(":")[0] for line in lines] == [f"layer {k}" for k in range(1, n)] + [f"layer {n} (output)"]
