"""The Playground's maths: small data sets, networks built from a few choices, one step at a time."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpwidgets import nn
from reference_maths import numerical_gradient
from bpwidgets.live_training import (
    ACTIVATIONS, LECTURE_ARCHITECTURE, OPTIMIZERS, Architecture, Run, build_network, lecture_network,
    sample_pass,
)
from bpwidgets.small_data import DATASETS, make_data

fd_settings = settings(max_examples=30, deadline=None, derandomize=True)


class TestData:
    @pytest.mark.parametrize("name", DATASETS)
    def test_same_seed_gives_the_same_data(self, name):
        """A data set is a function of its seed: nothing random leaks in."""
        a, b = make_data(name, seed=3, noise=0.1), make_data(name, seed=3, noise=0.1)
        np.testing.assert_array_equal(a.X_train, b.X_train)
        np.testing.assert_array_equal(a.Y_test, b.Y_test)

    @pytest.mark.parametrize("name", ["xor", "circles", "moons", "spiral"])
    def test_classification_sets_have_two_inputs_and_both_labels(self, name):
        """200 samples split 140 / 60, labels 0 and 1 in about equal numbers."""
        d = make_data(name, n=200)
        assert d.X_train.shape == (2, 140) and d.X_test.shape == (2, 60)
        assert set(np.unique(d.Y_train)) == {0.0, 1.0}
        assert 0.35 < d.Y_train.mean() < 0.65

    def test_xor_labels_one_where_the_signs_differ(self):
        """Without noise every xor label is 1 exactly where x1 * x2 < 0."""
        d = make_data("xor", noise=0.0)
        np.testing.assert_array_equal(d.Y_train[0], (d.X_train[0] * d.X_train[1] < 0).astype(float))

    def test_noise_moves_the_points(self):
        """noise = 0.2 moves points by about 0.2 (the standard deviation) from the noiseless set."""
        clean, noisy = make_data("circles", noise=0.0), make_data("circles", noise=0.2)
        assert 0.15 < np.std(noisy.X_train - clean.X_train) < 0.25

    def test_curve_is_a_one_input_regression(self):
        """The regression curve has one input and real targets."""
        d = make_data("curve")
        assert d.n_in == 1 and d.kind == "regress" and len(np.unique(d.Y_train)) == d.Y_train.size

    def test_lecture_is_the_single_sample(self):
        """(3, -2) -> (1, 4), no test set."""
        d = make_data("lecture")
        np.testing.assert_array_equal(d.X_train, [[3], [-2]])
        np.testing.assert_array_equal(d.Y_train, [[1], [4]])
        assert d.X_test.shape[1] == 0

    @pytest.mark.parametrize("kwargs, words", [
        (dict(name="mnist"), "dataset must be one of"),
        (dict(noise=math.nan), "noise must be a number between 0 and 0.5"),
        (dict(noise=2.0), "noise must be a number between 0 and 0.5"),
        (dict(n=1), "n must be a whole number between 4"),
    ])
    def test_bad_arguments_say_what_to_pass(self, kwargs, words):
        with pytest.raises(ValueError, match=words):
            make_data(**kwargs)


class TestLectureNetwork:
    """The matrix-rules lecture's 2 -> 3 -> 2, every printed number."""

    def setup_method(self):
        self.run = Run(make_data("lecture"), LECTURE_ARCHITECTURE, network=lecture_network())
        self.walk = sample_pass(self.run.network, [3, -2], [1, 4], self.run.loss)

    def test_loss_is_260(self):
        """u = (7, -22, -3), outputs (-21, -2): loss 1/2 (22^2 + 6^2) = 260."""
        assert self.run.train_losses[0] == 260.0
        hidden, output = self.walk.layers
        np.testing.assert_array_equal(hidden.z.ravel(), [7, -22, -3])
        np.testing.assert_array_equal(output.a.ravel(), [-21, -2])

    def test_output_layer_gradients(self):
        """d-values (-22, -6); d-weights [[-154, 484, 66], [-42, 132, 18]]; d-biases (-22, -6)."""
        output = self.walk.layers[1]
        np.testing.assert_array_equal(output.delta.ravel(), [-22, -6])
        np.testing.assert_array_equal(output.dW, [[-154, 484, 66], [-42, 132, 18]])
        np.testing.assert_array_equal(output.db.ravel(), [-22, -6])

    def test_hidden_layer_gradients(self):
        """d-values (-32, -16, -118) = W^T delta; d-weights [[-96, 64], [-48, 32], [-354, 236]]."""
        hidden = self.walk.layers[0]
        np.testing.assert_array_equal(hidden.delta.ravel(), [-32, -16, -118])
        np.testing.assert_array_equal(hidden.dW, [[-96, 64], [-48, 32], [-354, 236]])

    def test_a_training_step_lowers_the_loss(self):
        """One SGD step of 0.001 on the single sample: the loss falls below 260."""
        self.run.set_optimizer("sgd", 0.001)
        numbers = self.run.step()
        assert numbers.step == 1 and numbers.train_loss < 260


class TestGradients:
    @fd_settings
    @given(width=st.integers(1, 5), depth=st.integers(0, 3), activation=st.sampled_from(sorted(ACTIVATIONS)),
           cross_entropy=st.booleans(), seed=st.integers(0, 10_000))
    def test_sample_pass_matches_finite_differences(self, width, depth, activation, cross_entropy, seed):
        """dW and db of every layer for one sample equal central differences of its loss."""
        arch = Architecture(width=width, depth=depth, activation=activation)
        run = Run(make_data("moons", n=20, seed=seed % 7), arch, seed=seed,
                  loss_name="cross-entropy" if cross_entropy else "half-squared")
        x, y = run.data.X_train[:, [seed % 14]], run.data.Y_train[:, [seed % 14]]
        walk = sample_pass(run.network, x, y, run.loss)

        def loss():
            return run.loss.value(run.network.forward(x), y)
        if any(np.any(np.abs(layer.z) < 1e-5) for layer in walk.layers):
            return   # at ReLU's kink a difference straddles two slopes (never met with these seeds)
        for dense, numbers in zip(run.network.dense_layers, walk.layers):
            np.testing.assert_allclose(numbers.dW, numerical_gradient(loss, dense.weights), rtol=1e-5, atol=1e-7)
            np.testing.assert_allclose(numbers.db, numerical_gradient(loss, dense.biases), rtol=1e-5, atol=1e-7)

    @fd_settings
    @given(width=st.integers(1, 4), depth=st.integers(1, 2), l2=st.sampled_from([0.0, 0.1]),
           seed=st.integers(0, 10_000))
    def test_step_gradient_norms_match_finite_differences(self, width, depth, l2, seed):
        """The ||dW|| a full-batch step reports are the norms of the loss's (with L2) finite differences."""
        run = Run(make_data("circles", n=30, seed=seed % 5), Architecture(width=width, depth=depth,
                  activation="tanh"), l2=l2, seed=seed)
        expected = [np.linalg.norm(numerical_gradient(lambda: run.losses()[0], d.weights))
                    for d in run.network.dense_layers]
        numbers = run.step()
        np.testing.assert_allclose(numbers.grad_norms, expected, rtol=1e-5, atol=1e-8)

    def test_sample_pass_agrees_with_nn_backward(self):
        """The written-out three rules give nn.Network.backward's dweights for a one-column batch."""
        net = build_network(Architecture(width=5, depth=3, activation="sigmoid"), seed=4)
        x, y = np.array([[0.3], [-0.7]]), np.array([[1.0]])
        loss = nn.BinaryCrossEntropy()
        walk = sample_pass(net, x, y, loss)
        net.backward(loss.gradient(net.forward(x), y))
        for dense, numbers in zip(net.dense_layers, walk.layers):
            np.testing.assert_allclose(numbers.dW, dense.dweights, rtol=1e-13, atol=1e-15)


class TestTraining:
    def train_xor(self, depth):
        run = Run(make_data("xor", noise=0.0), Architecture(width=4, depth=depth, activation="tanh"),
                  learning_rate=0.05, optimizer="adam", loss_name="cross-entropy")
        run.train(600)
        return run

    def test_xor_is_learnt_with_a_hidden_layer(self):
        """2 -> 4 -> 1 with tanh gets every training point and 90%+ of the test points right (600 Adam steps)."""
        run = self.train_xor(depth=1)
        assert run.accuracy() == 1.0 and run.accuracy(run.data.X_test, run.data.Y_test) > 0.9

    def test_xor_is_not_learnt_without_a_hidden_layer(self):
        """2 -> 1 (a single sigmoid: one straight boundary) stays below 80% on xor."""
        run = self.train_xor(depth=0)
        assert run.accuracy() < 0.8 and run.train_losses[-1] > 0.5

    def test_same_seed_same_run(self):
        """Two runs from one seed with mini-batches give identical losses (reset is reproducible)."""
        a, b = (Run(make_data("spiral"), Architecture(width=6, depth=2), batch_size=10, seed=2,
                    optimizer="momentum") for _ in range(2))
        a.train(50)
        b.train(50)
        np.testing.assert_array_equal(a.train_losses, b.train_losses)

    def test_mini_batches_visit_every_sample_once_per_epoch(self):
        """Batch size 40 on 140 samples: after 7 batches every sample was used twice (one per epoch)."""
        run = Run(make_data("xor"), Architecture(), batch_size=40)
        used = np.concatenate([run.step().batch for _ in range(7)])
        assert np.array_equal(np.bincount(used, minlength=140), np.full(140, 2))

    @pytest.mark.parametrize("optimizer, rate", [("sgd", 2.0), ("momentum", 0.3), ("adam", 0.05)])
    def test_every_optimizer_lowers_the_loss(self, optimizer, rate):
        """100 steps of each optimizer on moons: the training loss falls by a fifth or more."""
        assert set(OPTIMIZERS) == {"sgd", "momentum", "adam"}
        run = Run(make_data("moons"), Architecture(width=4, depth=1), optimizer=optimizer, learning_rate=rate)
        run.train(100)
        assert run.train_losses[-1] < 0.8 * run.train_losses[0]

    def test_a_huge_rate_diverges_with_a_message_and_keeps_finite_weights(self):
        """Rate 1e9: 'diverged at step 1: the learning rate is too large', weights left finite, no more steps."""
        run = Run(make_data("curve"), Architecture(n_in=1, width=8, depth=2, output="none"), learning_rate=1e9)
        assert run.step() is None
        assert run.diverged == "diverged at step 1: the learning rate is too large"
        assert all(np.all(np.isfinite(p)) for p in run.network.parameters())
        assert run.train(5) is None and run.steps == 0

    def test_regression_with_a_big_rate_diverges_later(self):
        """Rate 3 on the lecture's 2-3-2: the loss grows each step until the run stops with a message."""
        run = Run(make_data("lecture"), LECTURE_ARCHITECTURE, network=lecture_network(), learning_rate=0.05)
        run.train(100)
        assert run.diverged.startswith("diverged at step ") and run.steps < 100
        assert run.train_losses[1] > run.train_losses[0]

    def test_cross_entropy_on_a_regression_set_is_refused(self):
        with pytest.raises(ValueError, match="cross-entropy needs labels 0 or 1"):
            Run(make_data("curve"), Architecture(n_in=1, output="none"), loss_name="cross-entropy")

    @pytest.mark.parametrize("kwargs, words", [
        (dict(width=0), "width must be a whole number between 1 and 8"),
        (dict(depth=4), "depth must be a whole number between 0 and 3"),
        (dict(activation="gelu"), "activation must be one of"),
    ])
    def test_bad_architecture_says_what_to_pass(self, kwargs, words):
        with pytest.raises(ValueError, match=words):
            Architecture(**kwargs)


class TestChangesMidRun:
    def test_a_new_rate_keeps_the_weights_and_restarts_the_velocities(self):
        """change('learning_rate', 0.1) after 5 momentum steps: same weights, rate 0.1, velocities at zero."""
        run = Run(make_data("moons"), Architecture(), optimizer="momentum", learning_rate=0.5)
        run.train(5)
        weights = run.weights()
        run.change("learning_rate", 0.1)
        assert run.learning_rate == 0.1 and run.optimizer == "momentum" and run._optimizer.t == 0
        np.testing.assert_array_equal(run.weights()[0][0], weights[0][0])

    def test_batch_size_and_l2_take_effect_at_the_next_step(self):
        run = Run(make_data("xor"), Architecture())
        run.train(2)
        run.change("batch_size", 10)
        run.change("l2", 0.5)
        assert len(run.step().batch) == 10 and run.l2 == 0.5

    def test_a_value_that_restarts_the_run_is_refused(self):
        with pytest.raises(ValueError, match="name must be one of optimizer, learning_rate, batch_size, l2, "
                                             "got 'width'"):
            Run(make_data("xor"), Architecture()).change("width", 3)
