"""Check a backward pass you wrote yourself against finite differences, kindly.

You write an ordinary function in a notebook cell and run it; the checker calls
it on seeded random inputs and compares what it returns with the slopes found
by wiggling every input entry (central finite differences). It never raises and
never runs text as code: it returns a `Report` that says which array is off, by
how much, and gives a hint.

    def sigmoid_backward(dvalues, output):
        return dvalues * output * (1 - output)

    check_sigmoid_backward(sigmoid_backward)     # Report: "All correct ..."

The functions to write (signatures the checkers call):

    sigmoid_backward(dvalues, output) -> dinputs
    dense_backward(dvalues, inputs, weights) -> (dweights, dbiases, dinputs)
    mse_gradient(pred, target) -> dL/dpred, for L = mean of (pred - target)^2
    chain_backward(w0, w1, w2, s0, target) -> (dw0, dw1, dw2) of the lecture's chain
    network_backward(weights, x, y) -> [(dW, db), ...] of one sample on a Playground's network,
        checked by check_playground_backward(pg, network_backward) against the Playground's numbers

A learner's function that runs longer than TIME_LIMIT seconds is stopped (a loop
that never ends is the usual reason) and reported; complex results are refused.
"""
from __future__ import annotations

import html
import math
import signal
import threading
import traceback

import numpy as np

from .chain import ChainNetwork, numerical_gradient, sigmoid

__all__ = [
    "Report",
    "finite_difference",
    "check_sigmoid_backward",
    "check_dense_backward",
    "check_mse_gradient",
    "check_chain_backward",
    "check_playground_backward",
    "show_solution",
    "SOLUTIONS",
]

H = 1e-6          # the wiggle size for central differences
RTOL = 1e-5       # relative agreement we ask for
ATOL = 1e-7       # absolute agreement (for entries that should be 0)
TIME_LIMIT = 5.0  # seconds a learner's function may take on one small test case

# (n_in, n_out, batch) of the random cases: one sample first, then batches
_CASES = ((2, 3, 1), (3, 2, 4), (4, 3, 5))


class Report:
    """What a check found: `passed` (bool) and `lines` (text for the learner)."""

    def __init__(self, passed, lines):
        self.passed = bool(passed)
        self.lines = list(lines)

    @property
    def text(self):
        """The lines as one string, one per line."""
        return "\n".join(self.lines)

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.text

    def _repr_html_(self):
        colour, edge = ("#e8f5e9", "#2e7d32") if self.passed else ("#fff8e1", "#f9a825")
        body = "<br>".join(html.escape(line).replace("$", "&#36;") for line in self.lines)
        return (f'<div style="background:{colour}; border-left:6px solid {edge}; '
                f'padding:6px 12px; font-size:1.1em; line-height:1.5">{body}</div>')


def finite_difference(f, x, h=H):
    """d f / d x for a scalar function f of an array x, by wiggling each entry of x.

    Entry by entry: (f(x + h) - f(x - h)) / 2h, with x restored afterwards.
    """
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        keep = x[index]
        x[index] = keep + h
        up = f(x)
        x[index] = keep - h
        down = f(x)
        x[index] = keep
        grad[index] = (up - down) / (2 * h)
    return grad


# --- calling the learner's function safely ------------------------------------------

class _TimeUp(BaseException):
    """Raised inside the learner's function when TIME_LIMIT has passed (not an Exception,
    so their own `except Exception:` cannot swallow it)."""


def _run_with_time_limit(fn, args, seconds):
    """fn(*args), or _TimeUp after `seconds`."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        # a notebook cell runs in the kernel's main thread: an alarm interrupts the learner's
        # loop there (it repeats, in case an `except:` outside their loop catches the first)
        def time_up(signum, frame):
            raise _TimeUp()
        previous = signal.signal(signal.SIGALRM, time_up)
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.2)
        try:
            return fn(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    # elsewhere (another thread, or no alarms on this system): run it in a helper thread and
    # stop waiting for it; a runaway thread keeps running, but the check answers
    outcome = {}

    def run():
        try:
            outcome["value"] = fn(*args)
        except BaseException as err:  # handed to the caller below
            outcome["error"] = err
    worker = threading.Thread(target=run, name="selfcheck-learner-function", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _TimeUp()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _call(fn, *args):
    """(result, None) or (None, (what went wrong, what to do about it))."""
    try:
        copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
        return _run_with_time_limit(fn, copies, TIME_LIMIT), None
    except _TimeUp:
        return None, (f"did not return within {TIME_LIMIT:g} seconds and was stopped"
                      " (a loop that never ends?)",
                      "Fix the function, run its cell again, then this check.")
    except Exception as err:  # the learner's code: any error becomes feedback
        return None, (f"stopped with {_where(fn, err)}",
                      "Fix that line, run its cell again, then run this check again.")


def _where(fn, err):
    """'NameError: name 'x' is not defined (line 3 of your cell)'."""
    line = ""
    code = getattr(fn, "__code__", None)
    if code is not None:
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == code.co_filename]
        if frames:
            line = f" (line {frames[-1].lineno} of the cell that defines {fn.__name__})"
    try:
        message = str(err).strip()
    except Exception:  # an exception that cannot even say what it is
        message = ""
    return f"{type(err).__name__}: {message}{line}" if message else f"{type(err).__name__}{line}"


def _name(fn):
    return getattr(fn, "__name__", "your function")


# --- comparing one array ---------------------------------------------------------------

def _compare(label, yours, expected, like, hint, reference="the finite differences give"):
    """None if `yours` matches `expected`, else a list of lines saying how it does not."""
    if yours is None or yours is Ellipsis:
        return [f"Not yet: {label} is not filled in (it is still {'...' if yours is Ellipsis else 'None'}).",
                f"Hint: {hint}"]
    try:
        got = np.asarray(yours)
    except Exception as err:  # e.g. an __array__ that raises: say so, never raise
        return [f"{label} could not be read as an array of numbers ({_where(None, err)}).",
                f"Hint: {hint}"]
    if np.iscomplexobj(got):
        return [f"{label} contains complex numbers (with j in them); every slope here is a real number.",
                "Look for a square root or power of a negative number, or a 1j typed by mistake.",
                f"Hint: {hint}"]
    try:
        got = got.astype(float)
    except (TypeError, ValueError):
        return [f"{label} should be a numpy array of numbers, but it is a {type(yours).__name__}.",
                f"Hint: {hint}"]
    if got.shape != expected.shape:
        lines = [f"{label} has shape {got.shape}, but it should have shape {expected.shape}, "
                 f"the shape of {like}."]
        if got.shape == expected.shape[::-1]:
            lines.append("It looks transposed: check the order of the product and where the .T goes.")
        elif got.ndim == 1 and got.size == expected.shape[0]:
            lines.append("Keep the result 2-D: sum with keepdims=True, or reshape(-1, 1).")
        elif got.ndim > expected.ndim and np.squeeze(got).shape == np.squeeze(expected).shape:
            lines.append("It has extra dimensions of size 1: return the array itself, "
                         "not the array inside a list or tuple.")
        return lines + [f"Hint: {hint}"]
    if not np.all(np.isfinite(got)):
        return [f"{label} contains NaN or inf.", f"Hint: {hint}"]
    diff = np.abs(got - expected)
    if np.all(diff <= ATOL + RTOL * np.abs(expected)):
        return None
    where = np.unravel_index(np.argmax(diff), diff.shape)
    at = ", ".join(str(int(i)) for i in where)
    lines = [f"{label} is off by up to {diff[where]:.4g}: at [{at}] yours is {got[where]:.6g}, "
             f"{reference} {expected[where]:.6g}."]
    ratio = _constant_ratio(got, expected)
    if ratio is not None and math.isclose(ratio, -1.0, rel_tol=1e-6):
        lines.append("Every entry has the wrong sign.")
    elif ratio is not None:
        lines.append(f"Every entry is {ratio:.4g} times the right value: a factor is missing or extra.")
    return lines + [f"Hint: {hint}"]


def _constant_ratio(got, expected):
    """r if got == r * expected everywhere (and expected is not all 0), else None."""
    mask = np.abs(expected) > 1e-9
    if not mask.any() or np.any(np.abs(got[~mask]) > 1e-9):
        return None
    ratios = got[mask] / expected[mask]
    return float(ratios[0]) if np.allclose(ratios, ratios[0], rtol=1e-6) else None


def _check(fn, title, names, make_case, hints, likes):
    """Run fn on each random case; return a Report for the first case it gets wrong. Never raises."""
    try:
        return _check_cases(fn, title, names, make_case, hints, likes)
    except Exception as err:  # whatever odd object the learner returned: a sentence, not a traceback
        return Report(False, [f"The check could not finish: what {_name(fn)} returned made it stop "
                              f"({_where(None, err)}).",
                              f"Return {', '.join(names)} as numpy arrays of numbers."])


def _check_cases(fn, title, names, make_case, hints, likes):
    if not callable(fn):
        return Report(False, [f"Pass the function itself (without brackets), e.g. {title}(my_function); "
                              f"got a {type(fn).__name__}."])
    for number, case in enumerate(_CASES, start=1):
        args, expected, shapes = make_case(*case, seed=number)
        result, error = _call(fn, *args)
        where = f"On test case {number} of {len(_CASES)} ({shapes})"
        if error is not None:
            problem, advice = error
            return Report(False, [f"{where}, {_name(fn)} {problem}.", advice])
        if len(names) > 1:
            if not isinstance(result, (tuple, list)) or len(result) != len(names):
                got = (f"{len(result)} values" if isinstance(result, (tuple, list))
                       else "nothing (None)" if result is None else f"a {type(result).__name__}")
                return Report(False, [f"{_name(fn)} should return {len(names)} arrays ({', '.join(names)}); "
                                      f"it returned {got}.",
                                      f"End it with: return {', '.join(names)}"])
        elif result is None:   # a forgotten `return` (the stub itself returns ...)
            return Report(False, [f"{_name(fn)} returned nothing (None).",
                                  f"End it with: return {names[0]}"])
        else:
            result = (result,)
        for label, yours, want in zip(names, result, expected):
            trouble = _compare(label, yours, want, likes[label], hints[label])
            if trouble is not None:
                first = trouble[0]
                if not first.startswith("Not yet"):
                    first = f"{where}: {first}"
                ok = [n for n, y, w in zip(names, result, expected)
                      if n != label and _compare(n, y, w, likes[n], hints[n]) is None]
                tail = [f"Already right: {', '.join(ok)}."] if ok and len(names) > 1 else []
                return Report(False, [first, *trouble[1:], *tail])
    checked = ", ".join(names)
    verb = "agree" if len(names) > 1 else "agrees"
    return Report(True, [f"All correct: {checked} {verb} with finite differences "
                         f"on {len(_CASES)} random test cases (single sample and batches). Well done!"])


# --- the three checks --------------------------------------------------------------------

def _sigmoid_case(n_in, n_out, batch, seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, size=(n_out, batch))
    dvalues = rng.normal(size=(n_out, batch))
    # the scalar L = sum(dvalues * S(z)) has dL/dz = the d-inputs a backward pass returns
    expected = finite_difference(lambda zz: float(np.sum(dvalues * sigmoid(zz))), z)
    return (dvalues, sigmoid(z)), (expected,), f"a batch of {batch}, {n_out} neurons"


def check_sigmoid_backward(fn):
    """Check fn(dvalues, output) -> dinputs of a Sigmoid layer, output = S(z)."""
    return _check(fn, "check_sigmoid_backward", ("dinputs",), _sigmoid_case,
                  hints={"dinputs": "multiply the incoming d-values by the sigmoid's slope S'(z), "
                                    "which you can compute from output alone (lesson 08)."},
                  likes={"dinputs": "dvalues"})


def _dense_case(n_in, n_out, batch, seed):
    rng = np.random.default_rng(seed)
    inputs = rng.normal(size=(n_in, batch))
    weights = rng.normal(size=(n_out, n_in))
    biases = rng.normal(size=(n_out, 1))
    dvalues = rng.normal(size=(n_out, batch))

    def loss(W, b, X):  # L = sum(dvalues * (W X + b)): its slopes are what backward returns
        return float(np.sum(dvalues * (W @ X + b)))

    expected = (finite_difference(lambda W: loss(W, biases, inputs), weights.copy()),
                finite_difference(lambda b: loss(weights, b, inputs), biases.copy()),
                finite_difference(lambda X: loss(weights, biases, X), inputs.copy()))
    return (dvalues, inputs, weights), expected, f"{n_in} inputs, {n_out} outputs, a batch of {batch}"


def check_dense_backward(fn):
    """Check fn(dvalues, inputs, weights) -> (dweights, dbiases, dinputs) of a Dense layer.

    Shapes (columns are samples): inputs (n_in, batch), weights (n_out, n_in),
    dvalues (n_out, batch); dweights like weights, dbiases (n_out, 1), dinputs like inputs.
    """
    return _check(fn, "check_dense_backward", ("dweights", "dbiases", "dinputs"), _dense_case,
                  hints={"dweights": "d-weights = d-values x values (rule 2 of lesson 06); "
                                     "the result has the shape of weights.",
                         "dbiases": "d-biases = d-values, summed over the samples (the columns); "
                                    "keep it a column of shape (n_out, 1).",
                         "dinputs": "d-values of the inputs = weights (transposed) times d-values "
                                    "(rule 1); the result has the shape of inputs."},
                  likes={"dweights": "weights", "dbiases": "the biases (n_out, 1)",
                         "dinputs": "inputs"})


def _mse_case(n_in, n_out, batch, seed):
    rng = np.random.default_rng(seed)
    pred = rng.normal(size=(n_out, batch))
    target = rng.normal(size=(n_out, batch))
    expected = finite_difference(lambda a: float(np.mean((a - target) ** 2)), pred.copy())
    return (pred, target), (expected,), f"{n_out} outputs, a batch of {batch}"


def check_mse_gradient(fn):
    """Check fn(pred, target) -> dL/dpred for L = the mean over all entries of (pred - target)^2."""
    return _check(fn, "check_mse_gradient", ("gradient",), _mse_case,
                  hints={"gradient": "for one entry dL/da = 2 (a - y); the mean divides every "
                                     "entry's share by the number of entries."},
                  likes={"gradient": "pred"})


def _chain_case(n_in, n_out, batch, seed):
    rng = np.random.default_rng(seed)   # the sizes do not apply: one random chain per case
    w0, w1, w2 = (float(w) for w in rng.uniform(-2, 2, size=3))
    s0, target = float(rng.uniform(0.5, 2.0)), float(rng.uniform(0.1, 0.9))
    slopes = numerical_gradient(ChainNetwork(w0, w1, w2, s0, target))
    expected = tuple(np.array(slopes[name]) for name in ("w0", "w1", "w2"))
    return (w0, w1, w2, s0, target), expected, f"w0={w0:.3g}, w1={w1:.3g}, w2={w2:.3g}, s0={s0:.3g}"


def check_chain_backward(fn):
    """Check fn(w0, w1, w2, s0, target) -> (dw0, dw1, dw2), the lecture chain's backward pass.

    The chain: x1 = w0 s0, s1 = S(x1), x2 = w1 s1, s2 = S(x2), out = w2 s2,
    C = 1/2 (out - target)^2. Compared with finite differences of C.
    """
    return _check(fn, "check_chain_backward", ("dw0", "dw1", "dw2"), _chain_case,
                  hints={"dw2": "dC/dw2 = dC/dout * s2, with dC/dout = out - target.",
                         "dw1": "dC/dw1 = dC/dx2 * s1, where dC/dx2 = dC/dout * w2 * s2(1 - s2).",
                         "dw0": "dC/dw0 = dC/dx1 * s0, where dC/dx1 = dC/dx2 * w1 * s1(1 - s1)."},
                  likes={"dw0": "a number", "dw1": "a number", "dw2": "a number"})


# --- a whole network's backward pass, against a live Playground ------------------------------

_ACTIVATION_WORDS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "none": "no activation"}
_LOSS_WORDS = {"half-squared": "half squared error C = 1/2 (a - y)^2",
               "cross-entropy": "binary cross-entropy C = -(y log a + (1 - y) log(1 - a))"}


def _playground_state(playground):
    """The PlaygroundState of a bp.Playground, or the state itself; None for anything else."""
    from .playground_state import PlaygroundState   # the state layer, loaded only when asked
    state = getattr(playground, "state", playground)
    return state if isinstance(state, PlaygroundState) else None


def _describe_network(state, sizes):
    arch = state.arch()
    hidden = (f"{_ACTIVATION_WORDS[arch.activation]} in the hidden layers, " if arch.depth else "")
    return (f"{' -> '.join(str(n) for n in sizes)}, {hidden}"
            f"{_ACTIVATION_WORDS[arch.output]} at the output, {_LOSS_WORDS[state.loss]}")


def _a(word):
    """'an int', 'a list'."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _pairs_problem(result, n_layers, name):
    """None if result is a list of n_layers (dW, db) pairs, else what to say."""
    end = "End it with: return grads (a list of (dW, db), first layer first)."
    if result is None:
        return [f"{name} returned nothing (None).", end]
    if not isinstance(result, (list, tuple)):
        return [f"{name} should return a list of {n_layers} (dW, db) pairs, one per layer; "
                f"it returned {_a(type(result).__name__)}.", end]
    if len(result) != n_layers:
        return [f"{name} returned {len(result)} item{'s' if len(result) != 1 else ''}, but this network has "
                f"{n_layers} layer{'s' if n_layers != 1 else ''} of weights: return one (dW, db) pair per layer.",
                end]
    for number, pair in enumerate(result, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            got = f"{len(pair)} values" if isinstance(pair, (list, tuple)) else _a(type(pair).__name__)
            return [f"Item {number} of what {name} returned should be a pair (dW, db); it is {got}.",
                    "Append (dW, db) for each layer: grads.append((dW, db))."]
    return None


def check_playground_backward(playground, fn):
    """Check fn(weights, x, y) -> [(dW, db), ...] against the Playground's backward pass.

    `playground` is a bp.Playground (or its PlaygroundState). fn gets copies of the Playground's
    current weights [(W, b), ...] (first layer first), its chosen training sample x (n_in, 1) and
    target y (n_out, 1), and returns each layer's dW (shape of W) and db (shape of b), first layer
    first, for the loss of that one sample (no L2). Never raises: the Report says which layer and
    which array is off, and how.
    """
    try:
        return _check_playground(playground, fn)
    except Exception as err:  # whatever odd object came back: a sentence, not a traceback
        return Report(False, [f"The check could not finish: what {_name(fn)} returned made it stop "
                              f"({_where(None, err)}).",
                              "Return a list of (dW, db) pairs of numpy arrays, first layer first."])


def _check_playground(playground, fn):
    state = _playground_state(playground)
    if state is None:
        return Report(False, ["Pass the Playground first and your function second, e.g. "
                              f"check_playground_backward(pg, network_backward); got {_a(type(playground).__name__)}."])
    if not callable(fn):
        return Report(False, ["Pass the function itself (without brackets) as the second argument, e.g. "
                              f"check_playground_backward(pg, network_backward); got {_a(type(fn).__name__)}."])
    weights = state.weights()
    X, Y = state.training_data()
    sample = state.sample
    x, y = X[:, [sample]], Y[:, [sample]]
    expected = state.sample_gradients()
    sizes = state.arch().sizes
    where = (f"Checked on the Playground's network ({_describe_network(state, sizes)}), "
             f"training sample {sample} at step {state.steps}.")
    result, error = _call(fn, weights, x, y)
    if error is not None:
        problem, advice = error
        return Report(False, [f"{_name(fn)} {problem}.", advice, where])
    trouble = _pairs_problem(result, len(weights), _name(fn))
    if trouble is not None:
        return Report(False, [*trouble, where])
    n = len(weights)
    good = []
    # the order of the backward pass: the output layer first, where a mistake would spread from
    for layer in range(n, 0, -1):
        (W, b), (dW, db), yours = weights[layer - 1], expected[layer - 1], result[layer - 1]
        part = f"layer {layer}" + (" (the output layer)" if layer == n else "")
        for label, mine, want, like in ((f"dW of {part}", yours[0], dW, "its W"),
                                        (f"db of {part}", yours[1], db, "its b")):
            hint = _playground_hint(label, layer, n, sizes)
            lines = _compare(label, mine, want, like, hint, reference="the Playground's is")
            if lines is not None:
                differs = _not_the_lessons_network(state)
                if differs and _same_gradients(result, _lesson_network_gradients(weights, x, y)):
                    return Report(False, [*_other_network_lines(fn, differs), where])
                lines = _layer_order_note(lines, result, expected, label)
                tail = [f"Already right: {', '.join(good)}."] if good else []
                note = [f"Note: this Playground has {'; '.join(differs)}."] if differs else []
                return Report(False, [*lines, *tail, *note, where])
            good.append(label.split(" (")[0])
    return Report(True, [f"All correct: your {_name(fn)} gives the Playground's dW and db of "
                         f"{'every layer' if n > 1 else 'its one layer'} ({n} of {n}) for training sample "
                         f"{sample} at step {state.steps} ({' -> '.join(str(s) for s in sizes)}). Well done!"])


_SLOPE_WORDS = {"tanh": "its slope is 1 - a² (forward: a = np.tanh(z))",
                "relu": "its slope is 1 where z > 0, else 0 (forward: a = np.maximum(z, 0))",
                "none": "a = z, so its slope is 1"}


def _not_the_lessons_network(state):
    """How the Playground differs from lesson 10's network (a sigmoid after every layer, half squared
    error), in words; [] when it is that network."""
    arch = state.arch()
    found = []
    if arch.depth and arch.activation != "sigmoid":
        found.append(f"{_ACTIVATION_WORDS[arch.activation]} in the hidden layers: {_SLOPE_WORDS[arch.activation]}")
    if arch.output != "sigmoid":
        found.append(f"{_ACTIVATION_WORDS[arch.output]} at the output: {_SLOPE_WORDS[arch.output]}")
    if state.loss != "half-squared":
        found.append("binary cross-entropy as its loss: with the sigmoid output the output's delta is a - y "
                     "itself (the sigmoid's slope cancels)")
    return found


def _lesson_network_gradients(weights, x, y):
    """[(dW, db), ...] of one sample with these weights, a sigmoid after every layer and half squared error."""
    from . import nn
    from .live_training import sample_pass
    layers = []
    for W, b in weights:
        layers += [nn.Dense(weights=W, biases=b), nn.Sigmoid()]
    walk = sample_pass(nn.Network(layers), x, y, nn.HalfSquaredError())
    return [(layer.dW, layer.db) for layer in walk.layers]


def _same_gradients(result, expected):
    try:
        return all(_compare("", mine, want, "", "") is None
                   for pair, wanted in zip(result, expected) for mine, want in zip(pair, wanted))
    except Exception:  # whatever the learner returned: not the same
        return False


def _other_network_lines(fn, differs):
    """A backward pass right for the lesson's all-sigmoid network, checked on another Playground."""
    return [f"{_name(fn)} is right for the lesson's network, a sigmoid in every layer with half squared error: "
            "the given forward pass uses bp.sigmoid and the backward pass S'(z) = a(1 - a), the sigmoid's slope. "
            f"This Playground has {'; '.join(differs)}.",
            "Set the Playground back to the lesson's network (xor data, sigmoid, half squared error), or change "
            "your forward pass and slopes to match this one."]


def _playground_hint(label, layer, n, sizes):
    if label.startswith("db"):
        return "db = delta of the layer, dC/dz, for one sample: a column like b."
    if layer == n:
        return ("dW = delta a_prev^T, with delta = dC/da * g'(z) at the output and a_prev the input of the "
                "layer (the last hidden layer's output).")
    return ("carry delta back first: delta_l = (W_{l+1}^T delta_{l+1}) * g'(z_l); then dW = delta a_prev^T, "
            f"with a_prev the input of layer {layer}" + (" (x itself)." if layer == 1 else "."))


def _layer_order_note(lines, result, expected, label):
    """Add a line when the pairs come last layer first (a common slip after walking backwards)."""
    try:
        shapes = [tuple(np.shape(pair[0])) for pair in result]
    except Exception:
        return lines
    wanted = [dW.shape for dW, _ in expected]
    if shapes != wanted and shapes == wanted[::-1] and "shape" in lines[0]:
        return [lines[0], "Your pairs come last layer first: reverse the list before returning it "
                          "(grads[::-1]).", *lines[1:]]
    return lines


# --- worked solutions, shown only on request ------------------------------------------------

SOLUTIONS = {
    "sigmoid_backward": '''\
def sigmoid_backward(dvalues, output):
    # S'(z) = S(z) (1 - S(z)): the slope from the output alone
    return dvalues * output * (1 - output)''',
    "dense_backward": '''\
def dense_backward(dvalues, inputs, weights):
    dweights = dvalues @ inputs.T                     # d-values x values
    dbiases = dvalues.sum(axis=1, keepdims=True)      # d-values, summed over the batch
    dinputs = weights.T @ dvalues                     # weights . d-values
    return dweights, dbiases, dinputs''',
    "chain_backward": '''\
def chain_backward(w0, w1, w2, s0, target):
    s1 = bp.sigmoid(w0 * s0)              # forward pass, keeping what the backward pass needs
    s2 = bp.sigmoid(w1 * s1)
    out = w2 * s2
    dout = out - target                   # dC/dout
    dx2 = dout * w2 * s2 * (1 - s2)       # dC/dx2: the error of neuron 2, reused below
    dx1 = dx2 * w1 * s1 * (1 - s1)        # dC/dx1: the error of neuron 1
    return dx1 * s0, dx2 * s1, dout * s2  # dw0, dw1, dw2''',
    "network_backward": '''\
def network_backward(weights, x, y):
    a, kept = x, []                           # forward pass: keep each layer's input and output
    for W, b in weights:
        a_prev = a
        a = bp.sigmoid(W @ a_prev + b)
        kept.append((W, a_prev, a))
    dvalues = a - y                           # dC/da of C = 1/2 (a - y)^2
    grads = []
    for W, a_prev, a in reversed(kept):       # the output layer first
        delta = sigmoid_backward(dvalues, a)  # dC/dz = dC/da * S'(z)
        dW, db, dvalues = dense_backward(delta, a_prev, W)   # the three rules
        grads.append((dW, db))
    return grads[::-1]                        # first layer first''',
    "mse_gradient": '''\
def mse_gradient(pred, target):
    # L = mean of (a - y)^2 over all pred.size entries, so dL/da = 2 (a - y) / pred.size
    return 2 * (pred - target) / pred.size''',
}


def show_solution(name):
    """A button that reveals the worked solution for `name` (a key of SOLUTIONS).

    The widget is `bpwidgets.CodeSolution` (widgets live in views/); this name stays
    for notebooks that call selfcheck.show_solution.
    """
    from .views.exercises import CodeSolution
    return CodeSolution(name)
