"""The backward-pass self-checks of lesson 10, and the project's invented data set."""
import threading
import time

import numpy as np
import pytest

import bpwidgets as bp
from bpwidgets import nn
from bpwidgets import projects
from bpwidgets import selfcheck as sc


# --- correct answers (what the worked solutions say) -------------------------------------

def sigmoid_backward(dvalues, output):
    return dvalues * output * (1 - output)


def dense_backward(dvalues, inputs, weights):
    return dvalues @ inputs.T, dvalues.sum(axis=1, keepdims=True), weights.T @ dvalues


def mse_gradient(pred, target):
    return 2 * (pred - target) / pred.size


class TestFiniteDifference:
    def test_matches_a_known_gradient(self):
        """d/dx sum(x^3) = 3x^2 by central differences, to 1e-6."""
        x = np.array([[1.0, -2.0], [0.5, 3.0]])
        grad = sc.finite_difference(lambda a: float(np.sum(a ** 3)), x)
        np.testing.assert_allclose(grad, 3 * x ** 2, rtol=1e-6)

    def test_leaves_the_input_unchanged(self):
        """Every wiggled entry is put back."""
        x = np.array([[0.1, 0.2, 0.3]])
        sc.finite_difference(lambda a: float(np.sum(np.sin(a))), x)
        np.testing.assert_array_equal(x, [[0.1, 0.2, 0.3]])

    def test_agrees_with_nn_dense_backward(self):
        """The finite differences of sum(G * Dense(X)) equal nn.Dense's dweights."""
        layer = nn.Dense.random(3, 2, seed=4)
        X = np.random.default_rng(1).normal(size=(3, 5))
        G = np.random.default_rng(2).normal(size=(2, 5))
        layer.forward(X)
        layer.backward(G)
        W = layer.weights.copy()
        fd = sc.finite_difference(lambda w: float(np.sum(G * (w @ X + layer.biases))), W)
        np.testing.assert_allclose(fd, layer.dweights, rtol=1e-6, atol=1e-8)


class TestCorrectAnswersPass:
    def test_sigmoid(self):
        """The solution's sigmoid_backward passes, and the report says so."""
        report = sc.check_sigmoid_backward(sigmoid_backward)
        assert report.passed and bool(report)
        assert report.text.startswith("All correct: dinputs agrees with finite differences on 3 random")

    def test_dense(self):
        """The solution's dense_backward passes for all three arrays."""
        report = sc.check_dense_backward(dense_backward)
        assert report.passed
        assert "dweights, dbiases, dinputs agree" in report.text

    def test_mse(self):
        """The solution's mse_gradient passes."""
        assert sc.check_mse_gradient(mse_gradient).passed

    def test_nn_layers_pass_the_same_checks(self):
        """nn.Dense and nn.Sigmoid wrapped as functions pass: checker and nn agree."""
        def via_nn(dvalues, inputs, weights):
            layer = nn.Dense(weights=weights)
            layer.forward(inputs)
            layer.backward(dvalues)
            return layer.dweights, layer.dbiases, layer.dinputs
        assert sc.check_dense_backward(via_nn).passed

    def test_written_solutions_pass(self):
        """Each code text in SOLUTIONS, defined as a function, passes its check."""
        checks = {"sigmoid_backward": sc.check_sigmoid_backward,
                  "dense_backward": sc.check_dense_backward,
                  "mse_gradient": sc.check_mse_gradient,
                  "chain_backward": sc.check_chain_backward}
        for name, check in checks.items():
            namespace = {"bp": bp}
            exec(sc.SOLUTIONS[name], namespace)  # our own fixed text, in a test only
            assert check(namespace[name]).passed, name


class TestFriendlyFeedback:
    def test_stub_says_not_yet(self):
        """A stub returning ... gets 'Not yet' and a hint, not an error."""
        def dense_backward(dvalues, inputs, weights):
            dweights = ...
            dbiases = ...
            dinputs = ...
            return dweights, dbiases, dinputs
        report = sc.check_dense_backward(dense_backward)
        assert not report.passed
        assert report.lines[0] == "Not yet: dweights is not filled in (it is still ...)."
        assert report.lines[1] == ("Hint: d-weights = d-values x values (rule 2 of lesson 06); "
                                   "the result has the shape of weights.")

    def test_partly_done_names_what_is_right(self):
        """With dweights right and dbiases a stub, the report says dweights is right already."""
        def partly(dvalues, inputs, weights):
            return dvalues @ inputs.T, None, weights.T @ dvalues
        report = sc.check_dense_backward(partly)
        assert report.lines[0] == "Not yet: dbiases is not filled in (it is still None)."
        assert report.lines[-1] == "Already right: dweights, dinputs."

    def test_mean_instead_of_sum_is_explained(self):
        """Averaging the biases over a batch of 4 is 0.25 times the right value, and says so."""
        def averaged(dvalues, inputs, weights):
            return dvalues @ inputs.T, dvalues.mean(axis=1, keepdims=True), weights.T @ dvalues
        report = sc.check_dense_backward(averaged)
        assert report.lines[0].startswith("On test case 2 of 3 (3 inputs, 2 outputs, a batch of 4): "
                                          "dbiases is off by up to")
        assert "Every entry is 0.25 times the right value" in report.text

    def test_transposed_shape(self):
        """inputs @ dvalues.T has the transposed shape, and the report says it looks transposed."""
        def transposed(dvalues, inputs, weights):
            return inputs @ dvalues.T, dvalues.sum(axis=1, keepdims=True), weights.T @ dvalues
        report = sc.check_dense_backward(transposed)
        assert report.lines[0].startswith("On test case 1 of 3")
        assert "dweights has shape (2, 3), but it should have shape (3, 2)" in report.lines[0]
        assert report.lines[1].startswith("It looks transposed")

    def test_flat_biases(self):
        """A 1-D dbiases is told to keep 2-D (keepdims)."""
        def flat(dvalues, inputs, weights):
            return dvalues @ inputs.T, dvalues.sum(axis=1), weights.T @ dvalues
        report = sc.check_dense_backward(flat)
        assert "dbiases has shape (3,), but it should have shape (3, 1)" in report.lines[0]
        assert "keepdims=True" in report.lines[1]

    def test_hints_do_not_give_the_code_away(self):
        """A blank stub's hint names the rule, never the numpy expression of the solution."""
        def blank(dvalues, inputs, weights):
            return ..., ..., ...
        text = sc.check_dense_backward(blank).text + sc.check_sigmoid_backward(lambda d, o: ...).text
        for giveaway in ("inputs.T", "weights.T", "sum(axis", "output * (1 - output)"):
            assert giveaway not in text

    def test_wrong_sign(self):
        """A sign slip is named."""
        report = sc.check_sigmoid_backward(lambda d, o: -d * o * (1 - o))
        assert "Every entry has the wrong sign." in report.lines

    def test_missing_factor(self):
        """Forgetting the 1/size of the mean is reported as a constant factor (3 entries -> 3x)."""
        report = sc.check_mse_gradient(lambda p, t: 2 * (p - t))
        assert "Every entry is 3 times the right value" in report.text

    def test_error_in_learner_code_is_a_sentence_not_a_traceback(self):
        """A NameError in the learner's function becomes one line naming the error and the line."""
        def broken(dvalues, output):
            return dvalues * outptu  # noqa: F821 (the typo is the test)
        report = sc.check_sigmoid_backward(broken)
        assert not report.passed
        assert "broken stopped with NameError: name 'outptu' is not defined (line" in report.lines[0]
        assert "Traceback" not in report.text

    def test_wrong_number_of_results(self):
        """Returning one array where three are due says what to return."""
        report = sc.check_dense_backward(lambda d, x, w: d @ x.T)
        assert report.lines == ["<lambda> should return 3 arrays (dweights, dbiases, dinputs); "
                                "it returned a ndarray.",
                                "End it with: return dweights, dbiases, dinputs"]

    def test_not_a_function(self):
        """Passing the result of a call instead of the function is explained."""
        report = sc.check_sigmoid_backward(3.0)
        assert report.lines[0].startswith("Pass the function itself (without brackets)")

    def test_nan_is_reported(self):
        """NaN in the result is named, never compared."""
        report = sc.check_sigmoid_backward(lambda d, o: d * np.nan)
        assert report.lines[0].endswith("dinputs contains NaN or inf.")

    def test_learner_cannot_change_the_checker_inputs(self):
        """A function that overwrites its arguments in place still gets judged on fresh copies."""
        def vandal(dvalues, output):
            result = dvalues * output * (1 - output)
            output[...] = 0.0
            dvalues[...] = 0.0
            return result
        assert sc.check_sigmoid_backward(vandal).passed

    def test_report_html_escapes(self):
        """The HTML form escapes the learner's text and keeps $ away from MathJax."""
        report = sc.Report(False, ["a <b> $x$"])
        assert "&lt;b&gt;" in report._repr_html_() and "&#36;x&#36;" in report._repr_html_()
        assert repr(report) == "a <b> $x$"


class TestShowSolution:
    def test_hidden_until_clicked(self):
        """The solution's code is not in the widget until the button is pressed, then it is."""
        box = sc.show_solution("dense_backward")
        assert box.code.value == "" and box.code.layout.display == "none"
        box.button.value = True
        assert "dvalues @ inputs.T" in box.code.value and box.code.layout.display == ""
        assert box.button.description == "Hide the solution"
        box.button.value = False
        assert box.code.value == "" and box.code.layout.display == "none"

    def test_unknown_name(self):
        """An unknown solution name raises ValueError listing the known ones."""
        with pytest.raises(ValueError, match="dense_backward, mse_gradient, network_backward, sigmoid_backward"):
            sc.show_solution("softmax_backward")


class TestBikeRentals:
    def test_shapes_and_ranges(self):
        """730 days: X (4, 730), Y (1, 730), humidity in [0.2, 1], working days 0/1, rentals >= 0."""
        data = projects.bike_rentals()
        assert data.X.shape == (4, 730) and data.Y.shape == (1, 730) and data.n == 730
        temperature, humidity, wind, working = data.X
        assert humidity.min() >= 0.2 and humidity.max() <= 1.0
        assert set(np.unique(working)) == {0.0, 1.0}
        assert wind.min() > 0 and data.Y.min() >= 0
        assert working.mean() == pytest.approx(5 / 7, abs=0.01)

    def test_seeded(self):
        """Same seed, same table; another seed, another table."""
        a, b, c = projects.bike_rentals(seed=3), projects.bike_rentals(seed=3), projects.bike_rentals(seed=4)
        np.testing.assert_array_equal(a.X, b.X)
        np.testing.assert_array_equal(a.Y, b.Y)
        assert not np.array_equal(a.Y, c.Y)

    def test_noise_free_data_follow_the_formula(self):
        """With noise=0 the rentals are exactly the hidden formula (clipped at 0)."""
        data = projects.bike_rentals(n=50, noise=0.0, seed=1)
        expected = np.maximum(projects.rentals_formula(*data.X), 0)
        np.testing.assert_allclose(data.Y[0], expected)

    def test_standardized(self):
        """Each standardised feature has mean 0 and standard deviation 1."""
        Z = projects.bike_rentals(n=100).standardized()
        np.testing.assert_allclose(Z.mean(axis=1), 0, atol=1e-12)
        np.testing.assert_allclose(Z.std(axis=1), 1, rtol=1e-12)

    def test_a_small_network_learns_it(self):
        """A 4-16-1 tanh network with Adam gets the MSE below 0.15 (noise variance 0.09)."""
        data = projects.bike_rentals()
        model = nn.Network([nn.Dense.random(4, 16, seed=1), nn.Tanh(), nn.Dense.random(16, 1, seed=2)])
        losses = nn.train(model, nn.MeanSquaredError(), data.standardized(), data.Y, nn.Adam(0.01),
                          epochs=100, batch_size=64, seed=0)
        assert losses[-1] < 0.15 < 0.5 * losses[0]

    @pytest.mark.parametrize("bad", [1, 2.5, True, "100"])
    def test_bad_n(self, bad):
        """n must be a whole number >= 2."""
        with pytest.raises(ValueError, match="n must be a whole number of days"):
            projects.bike_rentals(n=bad)


class TestLessonTenStubs:
    """The stubs shipped in lesson 10 get 'Not yet'; the solutions with the same signature pass."""

    CHECKS = {"sigmoid_backward": sc.check_sigmoid_backward,
              "dense_backward": sc.check_dense_backward,
              "mse_gradient": sc.check_mse_gradient}

    def _stub_cells(self):
        import pathlib
        import nbformat
        path = pathlib.Path(__file__).resolve().parent.parent / "lessons" / "10_implement_backprop.ipynb"
        nb = nbformat.read(path, as_version=4)
        return {name: cell.source for cell in nb.cells if cell.cell_type == "code"
                for name in self.CHECKS if cell.source.startswith(f"def {name}(")}

    def test_each_stub_is_in_the_lesson_and_says_not_yet(self):
        """All three stubs are there, and each one's check starts 'Not yet' (no error)."""
        stubs = self._stub_cells()
        assert sorted(stubs) == sorted(self.CHECKS)
        for name, source in stubs.items():
            namespace = {}
            exec(source, namespace)  # the lesson's own fixed stub text, in a test only
            report = self.CHECKS[name](namespace[name])
            assert not report.passed and report.lines[0].startswith("Not yet:"), name

    def test_solutions_match_the_stub_signatures(self):
        """Each worked solution starts with the same def line as its stub."""
        for name, source in self._stub_cells().items():
            assert sc.SOLUTIONS[name].splitlines()[0] == source.splitlines()[0], name


class TestForgottenReturn:
    def test_single_result_none_says_return(self):
        """A sigmoid_backward without `return` is told to end with `return dinputs`, not 'not filled in'."""
        def no_return(dvalues, output):
            dinputs = dvalues * output * (1 - output)  # noqa: F841 (the missing return is the test)
        report = sc.check_sigmoid_backward(no_return)
        assert report.lines == ["no_return returned nothing (None).", "End it with: return dinputs"]

    def test_three_results_none_says_return(self):
        """A dense_backward without `return` is told it returned nothing and what to return."""
        report = sc.check_dense_backward(lambda d, x, w: None)
        assert report.lines[0] == ("<lambda> should return 3 arrays (dweights, dbiases, dinputs); "
                                   "it returned nothing (None).")

    def test_wrapped_in_a_tuple(self):
        """An array returned inside a tuple is named as extra dimensions, not as a keepdims slip."""
        report = sc.check_sigmoid_backward(lambda d, o: (d * o * (1 - o),))
        assert "dinputs has shape (1, 3, 1), but it should have shape (3, 1)" in report.lines[0]
        assert report.lines[1].startswith("It has extra dimensions of size 1")
        assert "keepdims" not in report.text


def chain_backward(w0, w1, w2, s0, target):
    f = bp.ChainNetwork(w0, w1, w2, s0, target).backward()
    return f.dw0, f.dw1, f.dw2


class TestChainBackward:
    def test_the_package_backward_pass_passes(self):
        """ChainNetwork.backward() wrapped as a function agrees with finite differences."""
        report = sc.check_chain_backward(chain_backward)
        assert report.passed and "dw0, dw1, dw2 agree" in report.text

    def test_a_bug_in_one_line_is_named(self):
        """s2(1 - s2) where s1(1 - s1) belongs: dw0 is named wrong, dw1 and dw2 already right."""
        def buggy(w0, w1, w2, s0, target):
            s1 = bp.sigmoid(w0 * s0)
            s2 = bp.sigmoid(w1 * s1)
            dout = w2 * s2 - target
            dx2 = dout * w2 * s2 * (1 - s2)
            dx1 = dx2 * w1 * s2 * (1 - s2)     # the bug
            return dx1 * s0, dx2 * s1, dout * s2
        report = sc.check_chain_backward(buggy)
        assert not report.passed
        assert report.lines[0].startswith("On test case 1 of 3 (w0=") and ": dw0 is off by up to" in report.lines[0]
        assert report.lines[-2] == "Hint: dC/dw0 = dC/dx1 * s0, where dC/dx1 = dC/dx2 * w1 * s1(1 - s1)."
        assert report.lines[-1] == "Already right: dw1, dw2."


class TestNothingEscapes:
    def test_complex_results_are_refused(self):
        """A result with +1j is refused with a sentence, though its real part is right."""
        report = sc.check_sigmoid_backward(lambda d, o: d * o * (1 - o) + 1j)
        assert not report.passed
        assert report.lines[0].endswith("dinputs contains complex numbers (with j in them); "
                                        "every slope here is a real number.")

    def test_complex_scalar_in_the_chain(self):
        """A complex number from a negative base to a fractional power is refused too."""
        report = sc.check_chain_backward(lambda w0, w1, w2, s0, t: (complex(-1) ** 0.5, 0.0, 0.0))
        assert not report.passed and "complex numbers" in report.lines[0]

    def test_array_conversion_that_raises(self):
        """An object whose __array__ raises is reported, never raised."""
        class Sneaky:
            def __array__(self, *args, **kwargs):
                raise RuntimeError("no array for you")
        report = sc.check_sigmoid_backward(lambda d, o: Sneaky())
        assert not report.passed
        assert report.lines[0].endswith("dinputs could not be read as an array of numbers "
                                        "(RuntimeError: no array for you).")

    def test_an_exception_that_cannot_print_itself(self):
        """An exception whose str() raises still becomes a sentence."""
        class Mute(Exception):
            def __str__(self):
                raise ValueError("no")
        def fn(d, o):
            raise Mute()
        report = sc.check_sigmoid_backward(fn)
        assert not report.passed and "stopped with Mute" in report.lines[0]

    def test_a_result_whose_length_raises(self):
        """A tuple subclass that breaks len() is caught by the checker's safety net."""
        class Broken(tuple):
            def __len__(self):
                raise TypeError("len is broken")
        report = sc.check_dense_backward(lambda d, x, w: Broken((1, 2, 3)))
        assert not report.passed
        assert report.lines[0] == ("The check could not finish: what <lambda> returned made it stop "
                                   "(TypeError: len is broken).")


class TestTimeLimit:
    def test_a_loop_that_never_ends_is_stopped(self, monkeypatch):
        """In the main thread (as in a kernel) a never-ending function is stopped by the alarm."""
        monkeypatch.setattr(sc, "TIME_LIMIT", 0.3)
        def forever(dvalues, output):
            while True:
                pass
        start = time.monotonic()
        report = sc.check_sigmoid_backward(forever)
        assert time.monotonic() - start < 3
        assert not report.passed
        assert report.lines == [
            "On test case 1 of 3 (a batch of 1, 3 neurons), forever did not return within 0.3 seconds "
            "and was stopped (a loop that never ends?).",
            "Fix the function, run its cell again, then this check."]

    def test_outside_the_main_thread_the_check_stops_waiting(self, monkeypatch):
        """From another thread (no alarms there) the check still answers after the limit."""
        monkeypatch.setattr(sc, "TIME_LIMIT", 0.3)
        stop = threading.Event()
        def slow(dvalues, output):
            stop.wait(10)
            return dvalues
        reports = []
        worker = threading.Thread(target=lambda: reports.append(sc.check_sigmoid_backward(slow)))
        worker.start()
        worker.join(5)
        stop.set()
        assert reports and "did not return within 0.3 seconds and was stopped" in reports[0].lines[0]
        good = []
        worker = threading.Thread(target=lambda: good.append(sc.check_sigmoid_backward(sigmoid_backward)))
        worker.start()
        worker.join(10)
        assert good and good[0].passed

    def test_the_alarm_is_put_back(self):
        """After a check the previous SIGALRM handler is restored and no timer is left running."""
        import signal
        before = signal.getsignal(signal.SIGALRM)
        sc.check_sigmoid_backward(sigmoid_backward)
        assert signal.getsignal(signal.SIGALRM) is before
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

