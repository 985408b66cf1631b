"""Layered networks (bpwidgets.nn) against the lecture's numbers, finite differences and formulas."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bpwidgets as bp
from bpwidgets import nn
from reference_maths import numerical_gradient
from bpwidgets.chain import gradient_of_cost

# seeded and small: the whole file runs in a few seconds
fd_settings = settings(max_examples=25, deadline=None, derandomize=True)
sizes = st.integers(min_value=1, max_value=4)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def assert_close(analytic, numeric):
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


# --- seed 002: the 2 -> 3 -> 2 network, every printed number ---------------------------

class TestSeed002Example:
    def setup_method(self):
        self.model, self.x, self.y = nn.seed002_example()
        self.hidden, self.output = self.model.layers
        self.loss = nn.HalfSquaredError()
        self.pred = self.model.forward(self.x)
        self.dx = self.model.backward(self.loss.gradient(self.pred, self.y))

    def test_forward_values(self):
        """u = (7, -22, -3) and outputs (y_hat, z_hat) = (-21, -2)."""
        np.testing.assert_array_equal(self.hidden.output.ravel(), [7, -22, -3])
        np.testing.assert_array_equal(self.pred.ravel(), [-21, -2])

    def test_loss_is_260(self):
        """l = 1/2 ((-21 - 1)^2 + (-2 - 4)^2) = 260."""
        assert self.loss.value(self.pred, self.y) == 260.0

    def test_output_dvalues(self):
        """dl/dy_hat = -22, dl/dz_hat = -6."""
        np.testing.assert_array_equal(self.loss.gradient(self.pred, self.y).ravel(), [-22, -6])

    def test_output_dweights_and_dbiases(self):
        """Output d-weights [[-154, 484, 66], [-42, 132, 18]]; d-biases (-22, -6): dl/db4 = -22, not -42."""
        np.testing.assert_array_equal(self.output.dweights, [[-154, 484, 66], [-42, 132, 18]])
        np.testing.assert_array_equal(self.output.dbiases.ravel(), [-22, -6])
        assert self.output.dweights[1, 0] == -42  # the -42 on the slide is dl/dw8

    def test_hidden_dvalues_and_dbiases(self):
        """Hidden d-values = weights . d-values = (-32, -16, -118); the hidden d-biases are the same."""
        np.testing.assert_array_equal(self.output.dinputs.ravel(), [-32, -16, -118])
        np.testing.assert_array_equal(self.hidden.dbiases.ravel(), [-32, -16, -118])

    def test_hidden_dweights(self):
        """Hidden d-weights = d-values x inputs = [[-96, 64], [-48, 32], [-354, 236]]."""
        np.testing.assert_array_equal(self.hidden.dweights, [[-96, 64], [-48, 32], [-354, 236]])

    def test_output_weights_are_the_slide_matrix_transposed(self):
        """Rows u1..u3, columns (y_hat, z_hat) on the slide: [[2, -2], [1, -1], [4, 5]]."""
        np.testing.assert_array_equal(self.output.weights.T, [[2, -2], [1, -1], [4, 5]])
        np.testing.assert_array_equal(self.output.biases.ravel(), [-1, 5])


# --- seed 001: one sigmoid neuron's numbers ----------------------------------------------

class TestSeed001Numbers:
    def test_sigmoid_of_z(self):
        """a = S(-0.241) = 0.4400 to 3 decimal places."""
        a = nn.Sigmoid().forward([[-0.241]])
        assert a[0, 0] == pytest.approx(0.44, abs=5e-4)

    def test_half_squared_cost(self):
        """C = 1/2 (1 - 0.44)^2 = 0.1568."""
        assert nn.HalfSquaredError().value([[0.44]], [[1.0]]) == pytest.approx(0.1568, abs=1e-12)

    def test_sigmoid_slope(self):
        """S'(-0.241) = 0.2464, from backward with d-values 1."""
        layer = nn.Sigmoid()
        layer.forward([[-0.241]])
        assert layer.backward([[1.0]])[0, 0] == pytest.approx(0.2464, abs=5e-5)

    def test_dC_da_is_a_minus_y(self):
        """dC/da = a - y = -0.56 (the slide's +0.56 has the sign wrong)."""
        assert nn.HalfSquaredError().gradient([[0.44]], [[1.0]])[0, 0] == pytest.approx(-0.56, abs=1e-12)

    def test_output_delta(self):
        """delta = (a - y) S'(z) = -0.56 * 0.2464 = -0.138 for a sigmoid output."""
        layer = nn.Sigmoid()
        a = layer.forward([[-0.241]])
        delta = layer.backward(nn.HalfSquaredError().gradient(a, [[1.0]]))
        assert delta[0, 0] == pytest.approx(-0.13797, abs=1e-4)

    def test_cross_entropy_uses_natural_log(self):
        """-ln(0.2) = 1.609 (not log10's 0.699)."""
        assert nn.BinaryCrossEntropy().value([[0.2]], [[1.0]]) == pytest.approx(1.6094379, abs=1e-7)


# --- every layer's backward against finite differences -------------------------------------

def check_layer(layer, X, rng):
    """Check dX (and dW, db for Dense) of L = sum(R * layer(X)) by central differences."""
    R = rng.normal(size=layer.forward(X).shape)
    loss = lambda: float(np.sum(R * layer.forward(X)))  # noqa: E731
    layer.forward(X)
    dX = layer.backward(R)
    grads = [(dX, X)]
    if isinstance(layer, nn.Dense):
        grads += [(layer.dweights, layer.weights), (layer.dbiases, layer.biases)]
    for analytic, array in grads:
        analytic = analytic.copy()
        assert_close(analytic, numerical_gradient(loss, array))


class TestLayerGradients:
    @fd_settings
    @given(n_in=sizes, n_out=sizes, batch=sizes, seed=seeds)
    def test_dense(self, n_in, n_out, batch, seed):
        """Dense: dinputs, dweights and dbiases equal central differences."""
        rng = np.random.default_rng(seed)
        layer = nn.Dense(rng.normal(size=(n_out, n_in)), rng.normal(size=(n_out, 1)))
        check_layer(layer, rng.normal(size=(n_in, batch)), rng)

    @fd_settings
    @given(rows=sizes, batch=sizes, seed=seeds, kind=st.sampled_from(["Sigmoid", "ReLU", "Tanh", "Identity"]))
    def test_activation(self, rows, batch, seed, kind):
        """Sigmoid, ReLU, Tanh, Identity: dinputs equal central differences."""
        rng = np.random.default_rng(seed)
        X = rng.normal(scale=2.0, size=(rows, batch))
        X += np.where(X >= 0, 0.1, -0.1)  # keep ReLU's kink out of the finite-difference step
        check_layer(getattr(nn, kind)(), X, rng)

    def test_relu_slope_is_one_at_zero(self):
        """ReLU's derivative is 1 for x >= 0 (including 0) and 0 below, as on the slides."""
        layer = nn.ReLU()
        layer.forward([[-1.0, 0.0, 2.0]])
        np.testing.assert_array_equal(layer.backward([[1.0, 1.0, 1.0]]), [[0.0, 1.0, 1.0]])

    def test_tanh_slope(self):
        """Tanh's derivative is 1 - g^2: at z = 0.5 it is 1 - tanh(0.5)^2 = 0.786448."""
        layer = nn.Tanh()
        layer.forward([[0.5]])
        assert layer.backward([[1.0]])[0, 0] == pytest.approx(0.7864477, abs=1e-7)

    def test_sigmoid_never_overflows(self):
        """Sigmoid at +-1e4 gives 1 and 0 exactly, with no warning, and slope 0."""
        layer = nn.Sigmoid()
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            out = layer.forward([[-1e4, 1e4]])
            slope = layer.backward([[1.0, 1.0]])
        np.testing.assert_array_equal(out, [[0.0, 1.0]])
        np.testing.assert_array_equal(slope, [[0.0, 0.0]])

    def test_dense_dbiases_sum_over_batch(self):
        """With a batch, d-biases are the row sums of d-values: (1+2+3, 4+5+6) = (6, 15)."""
        layer = nn.Dense(np.ones((2, 1)))
        layer.forward([[1.0, 2.0, 3.0]])
        layer.backward([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        np.testing.assert_array_equal(layer.dbiases, [[6.0], [15.0]])

    def test_dense_random_is_seeded(self):
        """Dense.random(3, 2, seed=5) is the same twice, differs for seed 6, has zero biases."""
        a, b, c = nn.Dense.random(3, 2, seed=5), nn.Dense.random(3, 2, seed=5), nn.Dense.random(3, 2, seed=6)
        assert a.weights.shape == (2, 3)
        np.testing.assert_array_equal(a.weights, b.weights)
        assert not np.array_equal(a.weights, c.weights)
        np.testing.assert_array_equal(a.biases, np.zeros((2, 1)))

    def test_dense_random_scale(self):
        """Dense.random(100, 200) weights have standard deviation 1/sqrt(100) = 0.1 (within 3%)."""
        assert nn.Dense.random(100, 200).weights.std() == pytest.approx(0.1, rel=0.03)


# --- every loss's gradient against finite differences -----------------------------------------

def check_loss(loss, pred, target):
    analytic = loss.gradient(pred, target)
    assert_close(analytic, numerical_gradient(lambda: loss.value(pred, target), pred))


class TestLossGradients:
    @fd_settings
    @given(rows=sizes, batch=sizes, seed=seeds)
    def test_squared_errors(self, rows, batch, seed):
        """HalfSquaredError and MeanSquaredError: gradient equals central differences."""
        rng = np.random.default_rng(seed)
        pred, target = rng.normal(size=(2, rows, batch))
        check_loss(nn.HalfSquaredError(), pred, target)
        check_loss(nn.MeanSquaredError(), pred, target)

    @fd_settings
    @given(rows=sizes, batch=sizes, seed=seeds)
    def test_binary_cross_entropy(self, rows, batch, seed):
        """BinaryCrossEntropy: gradient equals central differences for probabilities in (0.05, 0.95)."""
        rng = np.random.default_rng(seed)
        pred = rng.uniform(0.05, 0.95, size=(rows, batch))
        check_loss(nn.BinaryCrossEntropy(), pred, rng.uniform(0, 1, size=(rows, batch)))

    @fd_settings
    @given(k=st.integers(2, 5), batch=sizes, seed=seeds)
    def test_softmax_cross_entropy(self, k, batch, seed):
        """SoftmaxCrossEntropy: gradient equals central differences, for one-hot and soft targets."""
        rng = np.random.default_rng(seed)
        logits = rng.normal(scale=3.0, size=(k, batch))
        check_loss(nn.SoftmaxCrossEntropy(), logits, nn.one_hot(rng.integers(0, k, batch), k))
        check_loss(nn.SoftmaxCrossEntropy(), logits, rng.dirichlet(np.ones(k), size=batch).T)


class TestLossValues:
    pred = np.array([[1.0, 2.0], [3.0, 5.0]])
    target = np.array([[0.0, 0.0], [1.0, 1.0]])   # squared errors 1, 4, 4, 16: sum 25

    def test_half_squared_error_reduction(self):
        """HalfSquaredError = sum / (2 * batch) = 25 / 4 = 6.25; gradient (a - y) / batch."""
        assert nn.HalfSquaredError().value(self.pred, self.target) == 6.25
        np.testing.assert_array_equal(nn.HalfSquaredError().gradient(self.pred, self.target),
                                      [[0.5, 1.0], [1.0, 2.0]])

    def test_mean_squared_error_reduction(self):
        """MeanSquaredError = mean over samples and outputs = 25 / 4; gradient 2 (a - y) / (n t)."""
        assert nn.MeanSquaredError().value(self.pred, self.target) == 6.25
        np.testing.assert_array_equal(nn.MeanSquaredError().gradient(self.pred, self.target),
                                      [[0.5, 1.0], [1.0, 2.0]])
        assert nn.MeanSquaredError().value([[1.0, 2.0, 4.0]], [[0.0, 0.0, 0.0]]) == 7.0

    def test_binary_cross_entropy_sums_outputs_averages_samples(self):
        """BCE of two outputs (0.2 for y=1, 0.5 for y=0) over one sample = ln 5 + ln 2 = ln 10."""
        assert nn.BinaryCrossEntropy().value([[0.2], [0.5]], [[1.0], [0.0]]) == pytest.approx(math.log(10))
        assert nn.BinaryCrossEntropy().value([[0.2, 0.5]], [[1.0, 0.0]]) == pytest.approx(math.log(10) / 2)

    def test_binary_cross_entropy_is_finite_at_0_and_1(self):
        """pred exactly 0 or 1 is clipped: the value is about -ln(1e-12) = 27.63, the gradient finite."""
        loss = nn.BinaryCrossEntropy()
        assert loss.value([[0.0]], [[1.0]]) == pytest.approx(-math.log(1e-12), rel=1e-6)
        assert np.all(np.isfinite(loss.gradient([[0.0, 1.0]], [[1.0, 0.0]])))

    def test_softmax_cross_entropy_value(self):
        """Uniform logits over 4 classes give ln 4 per sample."""
        assert nn.SoftmaxCrossEntropy().value(np.zeros((4, 3)), [0, 1, 3]) == pytest.approx(math.log(4))


class TestSoftmax:
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 0.0], [0.0, 0.0, 1000.0]])

    def test_finite_at_plus_minus_1000(self):
        """Logits of +-1000: value (2000 + 0 + 0) / 3, gradient finite, (1, -1, 0) / 3 for sample 0."""
        loss = nn.SoftmaxCrossEntropy()
        labels = [1, 1, 2]   # sample 0 is confidently wrong (ln-softmax -2000), samples 1 and 2 right
        value = loss.value(self.logits, labels)
        grad = loss.gradient(self.logits, labels)
        assert value == pytest.approx(2000 / 3)
        assert np.all(np.isfinite(grad))
        np.testing.assert_allclose(grad[:, 0], [1 / 3, -1 / 3, 0.0], atol=1e-15)

    def test_indices_and_one_hot_agree(self):
        """Class indices (batch,) give the same value and gradient as one-hot (k, batch)."""
        loss, labels = nn.SoftmaxCrossEntropy(), np.array([2, 0, 1])
        logits = np.arange(9.0).reshape(3, 3) / 4
        assert loss.value(logits, labels) == loss.value(logits, nn.one_hot(labels, 3))
        np.testing.assert_array_equal(loss.gradient(logits, labels), loss.gradient(logits, nn.one_hot(labels, 3)))

    def test_gradient_is_softmax_minus_one_hot_over_batch(self):
        """gradient = (softmax - one-hot) / batch."""
        logits, labels = np.array([[1.0, 2.0], [3.0, 0.5]]), np.array([0, 0])
        expected = (nn.softmax(logits) - nn.one_hot(labels, 2)) / 2
        np.testing.assert_allclose(nn.SoftmaxCrossEntropy().gradient(logits, labels), expected)

    def test_softmax_columns_sum_to_one(self):
        """softmax([0, ln 3]) = (0.25, 0.75), and every column sums to 1 even at +-1000."""
        np.testing.assert_allclose(nn.softmax([[0.0], [math.log(3)]]).ravel(), [0.25, 0.75])
        np.testing.assert_allclose(nn.softmax(self.logits).sum(axis=0), [1.0, 1.0, 1.0])

    def test_one_hot(self):
        """one_hot([2, 0], 3) is [[0, 1], [0, 0], [1, 0]]."""
        np.testing.assert_array_equal(nn.one_hot([2, 0], 3), [[0, 1], [0, 0], [1, 0]])


# --- whole networks and L2 ----------------------------------------------------------------

def small_network(seed):
    return nn.Network([nn.Dense.random(3, 4, seed=seed), nn.Tanh(),
                       nn.Dense.random(4, 3, seed=seed + 1), nn.Sigmoid(),
                       nn.Dense.random(3, 2, seed=seed + 2)])


class TestNetwork:
    @fd_settings
    @given(batch=sizes, seed=st.integers(0, 10_000), lam=st.sampled_from([0.0, 0.7]))
    def test_whole_network_gradient(self, batch, seed, lam):
        """Every dweights and dbiases (with L2 when lam > 0) and dX equal central differences."""
        rng = np.random.default_rng(seed)
        model, loss = small_network(seed), nn.HalfSquaredError()
        for layer in model.dense_layers:
            layer.biases[:] = rng.normal(size=layer.biases.shape)
        X, Y = rng.normal(size=(3, batch)), rng.normal(size=(2, batch))
        m = batch

        def cost():
            return loss.value(model.forward(X), Y) + model.l2_penalty(lam, m)

        dX = model.backward(loss.gradient(model.forward(X), Y))
        model.add_l2_gradient(lam, m)
        grads = [g.copy() for g in model.gradients()]
        assert_close(dX, numerical_gradient(cost, X))
        for analytic, param in zip(grads, model.parameters()):
            assert_close(analytic, numerical_gradient(cost, param))

    def test_relu_network_gradient(self):
        """A ReLU network with softmax cross-entropy: weight gradients equal central differences."""
        rng = np.random.default_rng(3)
        model = nn.Network([nn.Dense.random(2, 5, seed=1), nn.ReLU(), nn.Dense.random(5, 3, seed=2)])
        X, labels, loss = rng.normal(size=(2, 6)), rng.integers(0, 3, 6), nn.SoftmaxCrossEntropy()
        model.backward(loss.gradient(model.forward(X), labels))
        grads = [g.copy() for g in model.gradients()]
        for analytic, param in zip(grads, model.parameters()):
            assert_close(analytic, numerical_gradient(lambda: loss.value(model.forward(X), labels), param))

    def test_parameters_are_the_layer_arrays(self):
        """parameters() returns the layers' own arrays (W1, b1, W2, b2), so updates land in the model."""
        model, _, _ = nn.seed002_example()
        params = model.parameters()
        assert len(params) == 4
        assert params[0] is model.layers[0].weights and params[3] is model.layers[1].biases

    def test_l2_penalty_value(self):
        """Seed 002's weights squared sum to 56 + 51 = 107: lam=2, m=4 gives 2/8 * 107 = 26.75."""
        model, _, _ = nn.seed002_example()
        assert nn.l2_penalty(model, 2.0, 4) == 26.75
        assert model.l2_penalty(0.0, 4) == 0.0

    def test_l2_gradient_adds_lam_over_m_times_w(self):
        """add_l2_gradient(lam=2, m=4) adds W / 2 to dweights and leaves dbiases alone."""
        model, x, y = nn.seed002_example()
        model.backward(nn.HalfSquaredError().gradient(model.forward(x), y))
        before = [g.copy() for g in model.gradients()]
        model.add_l2_gradient(2.0, 4)
        after = model.gradients()
        np.testing.assert_array_equal(after[0] - before[0], model.layers[0].weights / 2)
        np.testing.assert_array_equal(after[1], before[1])

    def test_call_is_forward(self):
        """model(X) is model.forward(X)."""
        model, x, _ = nn.seed002_example()
        np.testing.assert_array_equal(model(x), [[-21.0], [-2.0]])


# --- optimizers -------------------------------------------------------------------------

LR = 0.3


def chain_gradient(w):
    net = bp.ChainNetwork()
    return np.array(gradient_of_cost(*w, net.s0, net.target))


class TestOptimizers:
    def test_sgd_gives_exactly_the_plain_trajectory(self):
        """gradient_descent with SGD(alpha) equals plain gradient descent, bit for bit."""
        net = bp.ChainNetwork()
        plain = bp.gradient_descent(net, alpha=0.5, steps=50)
        sgd = bp.gradient_descent(net, steps=50, optimizer=nn.SGD(0.5))
        np.testing.assert_array_equal(sgd.weights, plain.weights)
        np.testing.assert_array_equal(sgd.costs, plain.costs)

    def test_momentum_matches_formula(self):
        """Momentum on the chain network: v <- 0.9 v - lr g, w <- w + v, for 3 steps."""
        traj = bp.gradient_descent(bp.ChainNetwork(), steps=3, optimizer=nn.Momentum(LR, beta=0.9))
        w, v = bp.ChainNetwork().weights, np.zeros(3)
        for k in range(1, 4):
            v = 0.9 * v - LR * chain_gradient(w)
            w = w + v
            np.testing.assert_allclose(traj.weights[k], w, rtol=1e-13)

    def test_adam_matches_formula(self):
        """Adam on the chain network matches the bias-corrected update, for 3 steps."""
        b1, b2, eps = 0.9, 0.999, 1e-8
        traj = bp.gradient_descent(bp.ChainNetwork(), steps=3, optimizer=nn.Adam(LR))
        w, m, s = bp.ChainNetwork().weights, np.zeros(3), np.zeros(3)
        for t in range(1, 4):
            g = chain_gradient(w)
            m = b1 * m + (1 - b1) * g
            s = b2 * s + (1 - b2) * g * g
            w = w - LR * (m / (1 - b1 ** t)) / (np.sqrt(s / (1 - b2 ** t)) + eps)
            np.testing.assert_allclose(traj.weights[t], w, rtol=1e-13)

    def test_adam_first_step_is_learning_rate_against_the_gradient(self):
        """Adam's first step moves every weight by about lr against its gradient's sign."""
        traj = bp.gradient_descent(bp.ChainNetwork(), steps=1, optimizer=nn.Adam(0.1))
        step = traj.weights[1] - traj.weights[0]
        np.testing.assert_allclose(step, -0.1 * np.sign(chain_gradient(traj.weights[0])), rtol=1e-4)

    def test_adam_lowers_the_chain_cost(self):
        """Adam(0.1) for 200 steps brings the chain network's cost below 1e-6."""
        traj = bp.gradient_descent(bp.ChainNetwork(), steps=200, optimizer=nn.Adam(0.1))
        assert not traj.diverged
        assert traj.costs[-1] < 1e-6

    def test_step_updates_in_place_with_state_per_position(self):
        """Momentum keeps one velocity per list position: two arrays, two steps, exact values."""
        a, b = np.array([1.0, 2.0]), np.array([[3.0]])
        opt = nn.Momentum(0.5, beta=0.5)
        for _ in range(2):
            opt.step([a, b], [np.array([1.0, -1.0]), np.array([[2.0]])])
        # velocities: -0.5 g, then 0.5 * (-0.5 g) - 0.5 g = -0.75 g; total -1.25 g
        np.testing.assert_array_equal(a, [1.0 - 1.25, 2.0 + 1.25])
        np.testing.assert_array_equal(b, [[3.0 - 2.5]])

    def test_update_steps_every_dense_layer(self):
        """SGD(0.01).update on seed 002: every weight moves by -0.01 * its gradient."""
        model, x, y = nn.seed002_example()
        model.backward(nn.HalfSquaredError().gradient(model.forward(x), y))
        before = [p.copy() for p in model.parameters()]
        nn.SGD(0.01).update(model)
        for p, p0, g in zip(model.parameters(), before, model.gradients()):
            np.testing.assert_allclose(p, p0 - 0.01 * g)
        np.testing.assert_allclose(model.layers[1].biases.ravel(), [-1 + 0.22, 5 + 0.06])

    def test_step_rejects_mismatched_lists_and_shapes(self):
        """Wrong lengths or shapes raise ValueError; a list of floats raises TypeError."""
        opt = nn.SGD(0.1)
        with pytest.raises(ValueError, match="one gradient per parameter"):
            opt.step([np.zeros(2)], [])
        with pytest.raises(ValueError, match="shape"):
            opt.step([np.zeros(2)], [np.zeros(3)])
        with pytest.raises(TypeError, match="numpy float array"):
            opt.step([[1.0, 2.0]], [[1.0, 1.0]])

    def test_update_before_backward_raises(self):
        """update(model) before backward says to call backward first."""
        model, _, _ = nn.seed002_example()
        with pytest.raises(ValueError, match="backward"):
            nn.Adam().update(model)

    @pytest.mark.parametrize("make", [lambda: nn.SGD(-1), lambda: nn.Momentum(0.1, beta=1.0),
                                      lambda: nn.Adam(beta2=float("nan")), lambda: nn.SGD("fast")])
    def test_bad_hyperparameters(self, make):
        """Negative rates, beta >= 1 or NaN raise ValueError; a string raises TypeError."""
        with pytest.raises((ValueError, TypeError), match="must be"):
            make()


# --- mini-batches and training ----------------------------------------------------------

class TestMinibatches:
    X = np.arange(20.0).reshape(2, 10)
    Y = np.arange(10) * 10

    def test_every_column_once(self):
        """Batches of 4 from 10 columns: sizes 4, 4, 2, each column exactly once, X and Y aligned."""
        batches = list(nn.minibatches(self.X, self.Y, batch_size=4, seed=1))
        assert [xb.shape[1] for xb, _ in batches] == [4, 4, 2]
        cols = np.concatenate([xb[0] for xb, _ in batches])
        assert sorted(cols) == list(range(10))
        for xb, yb in batches:
            np.testing.assert_array_equal(yb, xb[0] * 10)
            np.testing.assert_array_equal(xb[1], xb[0] + 10)

    def test_reproducible_and_shuffled(self):
        """The same seed gives the same order; another seed gives another; the order is not 0..9."""
        def order(seed):
            return np.concatenate([yb for _, yb in nn.minibatches(self.X, self.Y, 3, seed=seed)])
        np.testing.assert_array_equal(order(7), order(7))
        assert not np.array_equal(order(7), order(8))
        assert not np.array_equal(order(7), self.Y)

    def test_generator_reshuffles_each_epoch(self):
        """With one Generator, each epoch has a new order, and the sequence repeats from the seed."""
        def two_epochs():
            rng = np.random.default_rng(0)
            return [np.concatenate([yb for _, yb in nn.minibatches(self.X, self.Y, 4, seed=rng)])
                    for _ in range(2)]
        first, second = two_epochs()
        assert not np.array_equal(first, second)
        np.testing.assert_array_equal(two_epochs()[1], second)

    def test_one_hot_targets(self):
        """(k, n) targets are cut by columns too."""
        Y = nn.one_hot(np.arange(10) % 3, 3)
        for xb, yb in nn.minibatches(self.X, Y, 5, seed=0):
            np.testing.assert_array_equal(yb, nn.one_hot(xb[0].astype(int) % 3, 3))

    def test_bad_batch_size_and_mismatch(self):
        """batch_size 0 or a Y of the wrong length raise ValueError saying what to pass."""
        with pytest.raises(ValueError, match="batch_size"):
            list(nn.minibatches(self.X, self.Y, batch_size=0))
        with pytest.raises(ValueError, match="one column"):
            list(nn.minibatches(self.X, self.Y[:9]))


def xor_problem():
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    model = nn.Network([nn.Dense.random(2, 4, seed=0), nn.Tanh(), nn.Dense.random(4, 1, seed=1), nn.Sigmoid()])
    return model, X, Y


class TestTrain:
    def test_learns_xor(self):
        """XOR (Minsky & Papert's problem) with a 2-4-1 network and Adam: BCE falls from 0.69 to < 0.002."""
        model, X, Y = xor_problem()
        losses = nn.train(model, nn.BinaryCrossEntropy(), X, Y, nn.Adam(0.05), epochs=500)
        assert losses.shape == (500,)
        assert losses[0] == pytest.approx(0.69, abs=0.05)
        assert losses[-1] < 0.002
        np.testing.assert_array_equal(model(X).round(), Y)

    def test_minibatch_regression_with_l2(self):
        """Noisy y = 2x - 1 (noise variance 0.01), batches of 16, L2: MSE 2.0 falls below 0.012."""
        rng = np.random.default_rng(0)
        X = rng.uniform(-1, 1, size=(1, 200))
        Y = 2 * X - 1 + rng.normal(scale=0.1, size=X.shape)
        model = nn.Network([nn.Dense.random(1, 1, seed=0)])
        start = nn.MeanSquaredError().value(model(X), Y)
        losses = nn.train(model, nn.MeanSquaredError(), X, Y, nn.Momentum(0.05), epochs=60,
                          batch_size=16, seed=0, l2=1e-3)
        assert start > 1.5
        assert losses[-1] < 0.012   # the noise alone costs 0.01
        np.testing.assert_allclose(model.layers[0].weights, [[2.0]], atol=0.1)
        np.testing.assert_allclose(model.layers[0].biases, [[-1.0]], atol=0.05)

    def test_reproducible(self):
        """The same seed gives the same losses, to the last bit."""
        runs = []
        for _ in range(2):
            model, X, Y = xor_problem()
            runs.append(nn.train(model, nn.HalfSquaredError(), X, Y, nn.SGD(0.5), epochs=5, batch_size=2, seed=3))
        np.testing.assert_array_equal(runs[0], runs[1])

    def test_divergence_is_reported(self):
        """A huge learning rate raises FloatingPointError telling the learner to lower it."""
        model = nn.Network([nn.Dense.random(1, 1)])
        X = np.array([[1.0, 2.0, 3.0]])
        with pytest.raises(FloatingPointError, match="lower the learning rate"):
            nn.train(model, nn.MeanSquaredError(), X, 3 * X, nn.SGD(1e3), epochs=200)


# --- bad input --------------------------------------------------------------------------------

class TestBadInput:
    def test_dense_wrong_input_rows(self):
        """A (3, n) input to a 2-input layer raises ValueError naming the rows it needs."""
        with pytest.raises(ValueError, match="must have 2 rows"):
            nn.Dense(np.ones((1, 2))).forward(np.ones((3, 4)))

    def test_one_dimensional_input(self):
        """A 1-D sample raises ValueError suggesting x.reshape(-1, 1)."""
        with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
            nn.Dense(np.ones((1, 2))).forward(np.ones(2))

    def test_nan_input(self):
        """NaN in the inputs, weights or targets raises ValueError asking for finite numbers."""
        with pytest.raises(ValueError, match="finite"):
            nn.Dense(np.ones((1, 2))).forward([[1.0], [np.nan]])
        with pytest.raises(ValueError, match="finite"):
            nn.Dense([[np.nan, 1.0]])
        with pytest.raises(ValueError, match="finite"):
            nn.HalfSquaredError().value([[1.0]], [[np.inf]])

    def test_bad_biases_shape(self):
        """Biases of the wrong length raise ValueError giving the shape to pass."""
        with pytest.raises(ValueError, match=r"3"):
            nn.Dense(np.ones((3, 2)), biases=np.zeros((2, 1)))

    def test_backward_before_forward_and_wrong_dvalues(self):
        """backward before forward, or with d-values of the wrong shape, raises ValueError."""
        layer = nn.Sigmoid()
        with pytest.raises(ValueError, match="forward"):
            layer.backward([[1.0]])
        layer.forward(np.zeros((2, 3)))
        with pytest.raises(ValueError, match=r"\(2, 3\)"):
            layer.backward(np.zeros((3, 2)))

    def test_loss_shape_mismatch(self):
        """pred and target of different shapes raise ValueError."""
        with pytest.raises(ValueError, match="shape of pred"):
            nn.MeanSquaredError().value(np.zeros((2, 3)), np.zeros((3, 2)))

    def test_bce_rejects_scores(self):
        """BinaryCrossEntropy given a score of 3 (not a probability) says to add a Sigmoid."""
        with pytest.raises(ValueError, match="Sigmoid"):
            nn.BinaryCrossEntropy().value([[3.0]], [[1.0]])

    def test_softmax_bad_targets(self):
        """Class index out of range, or a column not summing to 1, raise ValueError."""
        with pytest.raises(ValueError, match="0..2"):
            nn.SoftmaxCrossEntropy().value(np.zeros((3, 2)), [0, 3])
        with pytest.raises(ValueError, match="one-hot"):
            nn.SoftmaxCrossEntropy().value(np.zeros((2, 1)), [[1.0], [1.0]])

    def test_network_needs_layers(self):
        """An empty network raises ValueError; a non-layer raises TypeError."""
        with pytest.raises(ValueError, match="list of layers"):
            nn.Network([])
        with pytest.raises(TypeError, match="forward"):
            nn.Network([np.ones((2, 2))])


def test_matrix_rules_example_is_the_lecture_network_under_the_lessons_name():
    """nn.matrix_rules_example() (the name lessons 06 and 10 use) gives u = (7, -22, -3) and the loss 260."""
    model, x, y = nn.matrix_rules_example()
    pred = model.forward(x)
    np.testing.assert_array_equal(model.dense_layers[0].output.ravel(), [7.0, -22.0, -3.0])
    assert nn.HalfSquaredError().value(pred, y) == 260.0
