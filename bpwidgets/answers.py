"""Checking a learner's answer: a number, or a formula compared at several points.

Two formulas are "equal" when they give the same numbers at the lecture's
point and at a few seeded random points, so every equivalent form is accepted:
"(out - target)*w2*s2*(1 - s2)*s1" and "s1*w2*(out-target)*(s2 - s2^2)" both pass.

Nothing here raises for anything a learner types: every check returns a
`Feedback` whose message says what is wrong and what to do. No widgets here:
the exercise widgets in `views/` call these checks.
"""
from __future__ import annotations

import inspect
import math
import random
import re
import zlib
from dataclasses import dataclass

from .chain import LECTURE_FIRST_GUESS, ChainNetwork
from .formula import ExpressionError, parse_expression

__all__ = [
    "DEFAULT_RANGE",
    "Feedback",
    "LECTURE_POINT",
    "NARROWING_HINTS",
    "check_expression",
    "check_number",
    "factor_of_two",
    "finite_number",
    "format_number",
    "numbers_apart",
    "option_order",
    "variable_ranges",
]

# The lecture's first guess and its forward pass (seed digest, section A).
_f = ChainNetwork(**LECTURE_FIRST_GUESS).forward()
LECTURE_POINT = dict(LECTURE_FIRST_GUESS, x1=_f.x1, s1=_f.s1, x2=_f.x2, s2=_f.s2, out=_f.out)
del _f

DEFAULT_RANGE = (0.1, 2.0)  # sample range for a name given without one
NARROWING_HINTS = 3  # "too large / too small" this many times, then no more: no bisecting


@dataclass(frozen=True)
class Feedback:
    """The result of a check: `message` is what the learner reads.

    `valid` is False when the input could not be read at all (a typo, not a
    wrong answer); widgets do not count such input as an attempt.
    """
    correct: bool
    message: str
    valid: bool = True


def format_number(x):
    """A number as feedback shows it: five significant digits."""
    return f"{x:.5g}"


def numbers_apart(a, b, digits=5):
    """a and b as text with just enough digits to tell them apart (at least `digits`).

    >>> numbers_apart(0.097337, 0.0973366)
    ('0.097337', '0.0973366')
    """
    for d in range(digits, 18):
        text_a, text_b = f"{a:.{d}g}", f"{b:.{d}g}"
        if text_a != text_b or a == b:
            return text_a, text_b
    return repr(a), repr(b)


def finite_number(name, value):
    """float(value), or a ValueError naming `name` unless it is a finite int or float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    return float(value)


def option_order(options, seed=None):
    """A seeded shuffle of range(len(options)): the same order on every run.

    With no seed the order comes from the options' text, so a question keeps
    its order however often the lesson is run, and the right answer's place
    says nothing about which one it is.
    """
    options = list(options)
    if seed is None:
        seed = zlib.crc32("\n".join(map(str, options)).encode())
    order = list(range(len(options)))
    random.Random(seed).shuffle(order)
    return order


# --- checking a number -----------------------------------------------------------

def check_number(value, answer, rel_tol=1e-3, abs_tol=1e-9, narrow=True, cost_has_half=None):
    """Is `value` (a number, or text such as "0.0565" or "1/2*(0.7-0.3638)^2") equal to `answer`?

    Equal means within `rel_tol` (relative) or `abs_tol` (absolute). With
    narrow=False a wrong answer is no longer called "too large" or "too small"
    (after a few tries that only invites halving the interval). An answer off by
    exactly a factor of 2 is named as such; cost_has_half says why it may be
    (see `factor_of_two`). Never raises for anything the learner types; returns a Feedback.
    """
    answer = finite_number("answer", answer)
    if isinstance(value, str):
        try:
            got = parse_expression(value, ())()
        except ExpressionError as exc:
            message = str(exc)
            if not message[:1].isupper():  # an evaluation error reads "divides by zero"
                message = f"Your answer {message}."
            return Feedback(False, message, valid=False)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        got = float(value)
        if not math.isfinite(got):
            return Feedback(False, f"{got} is not a finite number.", valid=False)
    else:
        return Feedback(False, "Type a number, like 0.25.", valid=False)

    shown = format_number(got)
    if math.isclose(got, answer, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback(True, f"Correct: {shown}.")
    if answer != 0 and math.isclose(-got, answer, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback(False, f"Check the sign: {shown} has the right size but the wrong sign.")
    for ratio in (2.0, 0.5, -2.0, -0.5):
        if answer != 0 and math.isclose(got, ratio * answer, rel_tol=rel_tol, abs_tol=abs_tol):
            return Feedback(False, f"Not quite: {shown} {factor_of_two(ratio, cost_has_half)}")
    shown, _ = numbers_apart(got, answer)
    # within 5% and as close as the digits the learner wrote: probably rounded too early,
    # unless a whole-number answer is off by a whole unit or more
    near = abs(got - answer) <= min(0.05, 2 * 10.0 ** (1 - _digits_written(value))) * abs(answer)
    if answer != 0 and near and not (float(answer).is_integer() and abs(got - answer) >= 0.5):
        return Feedback(False, f"Close, but {shown} is not within {rel_tol:.2g} (relative)"
                               " of the answer: keep more digits in every step.")
    if not narrow:
        return Feedback(False, f"Not quite: {shown} is not the answer. Rather than guessing again,"
                               " work it out step by step with the hint, or open the solution.")
    return Feedback(False, f"Not quite: {shown} {_how_far(got, answer)}.")


def factor_of_two(ratio, cost_has_half=None):
    """What to say of an answer `ratio` (2, 1/2, -2 or -1/2) times the right one:
    'is off by a factor of 2 (twice the answer) - did you forget the ½ in the cost?'.

    cost_has_half: True where the cost is C = 1/2 (out - target)^2, whose 1/2 is the
    usual slip (dropped: twice the slope; kept where the square's 2 cancels it: half);
    False where the cost has no 1/2 (one brought from C = 1/2 (...)^2 halves it);
    None where no cost is involved.
    """
    size = abs(ratio)
    times = {2.0: "twice", 0.5: "half", -2.0: "-2 times", -0.5: "-1/2 times"}[ratio]
    wrong_sign = "has the wrong sign and " if ratio < 0 else ""
    if cost_has_half is True and size == 2:
        cause = "did you forget the ½ in the cost?"
    elif cost_has_half is True:
        cause = "did you keep the ½ of the cost but drop the 2 from differentiating the square?"
    elif cost_has_half is False and size == 0.5:
        cause = "this cost has no ½: did you put one in?"
    else:
        cause = "look for a 2 or a ½ that is missing or extra."
    return f"{wrong_sign}is off by a factor of 2 ({times} the answer) - {cause}"


def _digits_written(value):
    """The significant digits a learner wrote: '0.0327' -> 3; in arithmetic, those of its
    shortest decimal (integers there may be exact); a Python number, those of its repr."""
    if not isinstance(value, str):
        value = repr(float(value))
    decimals = re.findall(r"(?<![\w.])(\d*\.\d*)(?:[eE][-+]?\d+)?", value)
    digits = [len(d.replace(".", "").lstrip("0")) for d in decimals if d != "."]
    if not digits:   # only whole numbers: as written, when that is all the answer is
        plain = value.strip().lstrip("+-")
        return len(plain.rstrip("0")) or 1 if plain.isdigit() else 17
    return max(min(digits), 1)


def _how_far(got, answer):
    """'is too large', 'is too large in size, by a factor of about 50', 'has the wrong sign', ...:
    sizes compared as sizes, so -0.0333 for -0.000654 is too large, not too small."""
    if answer == 0:
        return "is too large" if got > 0 else "is too small"
    wrong_sign = got != 0 and (got < 0) != (answer < 0)
    ratio = abs(got) / abs(answer)
    side = "too large" if ratio > 1 else "too small"
    if answer < 0 or wrong_sign:
        side += " in size"   # for a negative answer "larger" would be ambiguous
    if got != 0 and not 1 / 3 < ratio < 3:
        factor = max(ratio, 1 / ratio)
        side += f", by a factor of about {float(f'{factor:.2g}'):g}"
    return f"has the wrong sign and is {side}" if wrong_sign else f"is {side}"


# --- checking a formula ----------------------------------------------------------

def variable_ranges(variables):
    """{name: (low, high)} from a dict of ranges or a list of names."""
    if isinstance(variables, str):
        raise TypeError("variables must be a list of names or a dict name -> (low, high)")
    if not isinstance(variables, dict):
        variables = {name: DEFAULT_RANGE for name in variables}
    ranges = {}
    for name, bounds in variables.items():
        if not (isinstance(name, str) and name.isidentifier()):
            raise TypeError(f"variable names must be identifiers like 's0', not {name!r}")
        try:
            low, high = (finite_number(f"range of {name}", b) for b in bounds)
        except TypeError:
            raise TypeError(f"the range of {name} must be (low, high), not {bounds!r}") from None
        if not low < high:
            raise ValueError(f"the range of {name} must have low < high, not {bounds!r}")
        ranges[name] = (low, high)
    if not ranges:
        raise ValueError("give at least one variable name")
    return ranges


def _points(ranges, point, seed, samples):
    """The lecture's point (where it names our variables), then seeded random points."""
    rng = random.Random(seed)
    base = LECTURE_POINT if point is None else point
    first = {n: float(base[n]) if n in base else rng.uniform(*r) for n, r in ranges.items()}
    return [first] + [{n: rng.uniform(*r) for n, r in ranges.items()} for _ in range(samples)]


def _taking_only_its_arguments(f):
    """Let `expected` name just the variables it uses: lambda s2, w2: w2*s2."""
    try:
        parameters = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: pass everything
        return f
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return f
    accepted = {p.name for p in parameters}
    return lambda **point: f(**{n: v for n, v in point.items() if n in accepted})


def _value(f, point):
    """f at point, or None where f is undefined (no answer to compare there)."""
    try:
        y = float(f(**point))
    except (ArithmeticError, ValueError):
        return None
    return y if math.isfinite(y) else None


def _at(point):
    return ", ".join(f"{n}={format_number(v)}" for n, v in point.items())


def _dependence(expected, yours, names, point, ranges, seed):
    """Say which variable yours ignores (or uses) unlike the answer, if any."""
    rng = random.Random(seed + 1)
    for name in names:
        moved = dict(point, **{name: rng.uniform(*ranges[name])})
        e0, e1 = _value(expected, point), _value(expected, moved)
        if e0 is None or e1 is None:
            continue
        expected_moves = not math.isclose(e0, e1, rel_tol=1e-9, abs_tol=1e-12)
        if expected_moves and name not in yours.used:
            return f"Your expression does not use {name}, but the answer depends on it. "
        y0, y1 = _value(yours, point), _value(yours, moved)
        if y0 is None or y1 is None:
            continue
        if not expected_moves and not math.isclose(y0, y1, rel_tol=1e-9, abs_tol=1e-12):
            return f"The answer does not depend on {name}, but yours does. "
    return ""


def _factor_hint(pairs, cost_has_half=None):
    """'yours is -1 / 2 times the answer everywhere', when that is so."""
    ratios = [g / w for g, w in pairs if abs(w) > 1e-12]
    if len(ratios) < 2 or len(ratios) < len(pairs):
        return ""
    r = ratios[0]
    if not all(math.isclose(q, r, rel_tol=1e-6) for q in ratios):
        return ""
    if math.isclose(r, -1.0, rel_tol=1e-6):
        return "Check the sign: yours is the negative of the answer everywhere. "
    for ratio in (2.0, 0.5, -2.0, -0.5):
        if math.isclose(r, ratio, rel_tol=1e-6):
            return f"Everywhere yours {factor_of_two(ratio, cost_has_half)} "
    return f"Yours is {format_number(r)} times the answer everywhere: a factor is missing or extra. "


def check_expression(text, expected, variables, point=None, seed=0, samples=5, rel_tol=1e-6,
                     cost_has_half=None):
    """Is the learner's formula `text` equal to `expected` as a function of `variables`?

    expected: a Python function of (some of) the variables, called with keywords,
        e.g. lambda s2, w2, out, target: (out - target) * s2 * w2 ... ,
        or a formula string read by the same safe parser.
    variables: a list of names (sampled in DEFAULT_RANGE) or a dict name -> (low, high).
    point: where to compare first; by default the lecture's first guess (LECTURE_POINT).
    Compares at `point` and `samples` seeded random points with `rel_tol`.
    cost_has_half: what a factor of 2 may come from (see `factor_of_two`).
    Never raises for anything the learner types; returns a Feedback.
    """
    ranges = variable_ranges(variables)
    names = tuple(ranges)
    if isinstance(expected, str):
        expected = parse_expression(expected, names)
    if not callable(expected):
        raise TypeError("expected must be a function of the variables or a formula string")
    expected = _taking_only_its_arguments(expected)
    if not isinstance(text, str):
        return Feedback(False, "Type a formula, like w2*s2.", valid=False)
    try:
        yours = parse_expression(text, names)
    except ExpressionError as exc:
        return Feedback(False, str(exc), valid=False)

    pairs, wrong = [], None
    for p in _points(ranges, point, seed, samples):
        want = _value(expected, p)
        if want is None:  # the answer itself is undefined here: skip this point
            continue
        try:
            got = yours(**p)
        except ExpressionError as exc:
            return Feedback(False, f"Not equal: at {_at(p)}: your expression {exc},"
                                   f" but the answer there is {format_number(want)}.")
        pairs.append((got, want))
        if wrong is None and not math.isclose(got, want, rel_tol=rel_tol, abs_tol=1e-12):
            wrong = (p, got, want)
    if not pairs:
        raise ValueError("expected is undefined at every sample point: check its ranges")
    if wrong is None:
        return Feedback(True, "Correct: your expression equals the answer.")
    answer_varies = len({round(w, 12) for _, w in pairs}) > 1
    if not yours.used and answer_varies:  # a number typed where a formula is asked for
        return Feedback(False, f"Type a formula in {', '.join(names)}, not a number: the answer"
                               " must hold for any values of them, not only at one point.",
                        valid=False)
    p, got, want = wrong
    why = _dependence(expected, yours, names, p, ranges, seed) or _factor_hint(pairs, cost_has_half)
    got_text, want_text = numbers_apart(got, want)
    return Feedback(False, f"{why}Not equal: at {_at(p)}: yours gives {got_text},"
                           f" expected {want_text}.")

