"""Self-check exercises: the learner types a number or a formula, we say if it is right.

A typed formula is never run as Python. `parse_expression` reads it with
`ast.parse(..., mode="eval")` (which only builds a syntax tree) and walks that
tree, allowing only numbers, the exercise's names, + - * / ** (or ^), unary
signs, brackets and a few named functions (exp, log, sqrt, S). Anything else
is refused with a message that says what to write instead.

Two formulas are "equal" when they give the same numbers at the lecture's
point and at a few seeded random points, so every equivalent form is accepted:
"(out - target)*w2*s2*(1 - s2)*s1" and "s1*w2*(out-target)*(s2 - s2^2)" both pass.

As on paper, "s2(1 - s2)" means s2*(1 - s2), and implicit products bind like
explicit ones, left to right: "1/2(target - out)^2" is (1/2)*(target - out)^2.
"""
from __future__ import annotations

import ast
import difflib
import html
import inspect
import keyword
import math
import random
import re
import warnings
from dataclasses import dataclass

import ipywidgets as widgets

from .chain import LECTURE_FIRST_GUESS, ChainNetwork, sigmoid
from .views._panel import Panel

__all__ = [
    "Expression",
    "ExpressionError",
    "ExpressionExercise",
    "Feedback",
    "MultipleChoiceExercise",
    "NumberExercise",
    "check_expression",
    "check_number",
    "parse_expression",
]

MAX_LENGTH = 500  # characters a learner may type
MAX_DEPTH = 40  # nesting of the syntax tree: deeper is never a real answer
MAX_EXPONENT = 100.0  # |b| in a**b; bigger only overflows or hangs

# The lecture's first guess and its forward pass (seed digest, section A).
_f = ChainNetwork(**LECTURE_FIRST_GUESS).forward()
LECTURE_POINT = dict(LECTURE_FIRST_GUESS, x1=_f.x1, s1=_f.s1, x2=_f.x2, s2=_f.s2, out=_f.out)
del _f

DEFAULT_RANGE = (0.1, 2.0)  # sample range for a name given without one


def _sigmoid(x):
    return float(sigmoid(x))


def _power(a, b):
    # math.pow raises (instead of returning complex or hanging) on bad input
    if abs(b) > MAX_EXPONENT:
        raise OverflowError("exponent too large")
    return math.pow(a, b)


_FUNCTIONS = {
    "exp": math.exp,
    "log": math.log,
    "ln": math.log,
    "sqrt": math.sqrt,
    "S": _sigmoid,
    "sigmoid": _sigmoid,
    "σ": _sigmoid,
}
_CONSTANTS = {"e": math.e, "pi": math.pi}
_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: _power,
}
_UNARY = {ast.UAdd: lambda a: +a, ast.USub: lambda a: -a}

# What a refused piece of syntax looks like to a learner.
_NOT_ALLOWED = {
    ast.Attribute: "a dot after a name (like s0.real)",
    ast.Subscript: "square brackets [ ]",
    ast.List: "square brackets [ ]",
    ast.Tuple: "a comma (for a decimal number write 1.5, not 1,5)",
    ast.Compare: "a comparison (<, >, ==)",
    ast.BoolOp: "'and' / 'or'",
    ast.IfExp: "'if ... else'",
    ast.Lambda: "'lambda'",
    ast.Dict: "curly braces { }",
    ast.Set: "curly braces { }",
    ast.JoinedStr: "a string in quotes",
    ast.NamedExpr: "':='",
    ast.Starred: "a star before a name",
    ast.ListComp: "a 'for' loop",
    ast.GeneratorExp: "a 'for' loop",
    ast.SetComp: "a 'for' loop",
    ast.DictComp: "a 'for' loop",
    ast.Await: "'await'",
}
_OPERATOR_NAMES = {
    ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<",
    ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
    ast.Invert: "~", ast.Not: "not",
}


class ExpressionError(ValueError):
    """A typed formula that cannot be read or evaluated; str() is the message to show."""


@dataclass(frozen=True)
class Feedback:
    """The result of a check: `message` is what the learner reads.

    `valid` is False when the input could not be read at all (a typo, not a
    wrong answer); widgets do not count such input as an attempt.
    """
    correct: bool
    message: str
    valid: bool = True


# --- the whitelist parser ------------------------------------------------------

def _tidy(text, names):
    """Turn what people type from the lecture into Python operator spelling.

    Implicit products get an explicit * so that they bind like * does, as on
    paper: "s2(1 - s2)^2" is s2*(1 - s2)^2, not (s2*(1 - s2))^2.
    """
    for old, new in (("−", "-"), ("–", "-"), ("×", "*"), ("·", "*"), ("⋅", "*"),
                     ("÷", "/"), ("^", "**")):
        text = text.replace(old, new)
    # "w2 s2" -> "w2*s2" (a space between factors); "s0 if s1" stays and is refused later
    def spaced(match):
        before, after = match.group(1), match.group(3)
        if keyword.iskeyword(before) or keyword.iskeyword(after or ""):
            return match.group(0)
        if after is None and before in _FUNCTIONS and before not in names:  # "exp (x)"
            return before
        return f"{before}*"
    text = re.sub(r"(\w+|\))(\s+)(?=(\w+)|\()", spaced, text)
    # "2s0" -> "2*s0", "0.5(1 - s2)" -> "0.5*(1 - s2)"; "2e-3" stays a number
    text = re.sub(r"(?<![\w.])(\d+\.?\d*)(?=\s*\(|(?![eE][+-]?\d)[^\W\d])", r"\1*", text)
    # ")s2", ")2", ")(" -> ")*s2", ")*2", ")*("
    text = re.sub(r"\)\s*(?=[\w(])", ")*", text)

    # "s2(" -> "s2*(", but "exp(" stays a call
    def product(match):
        name = match.group(1)
        is_call = name in _FUNCTIONS and name not in names
        return match.group(0) if is_call else f"{name}*("
    return re.sub(r"(?<![\w.])([^\W\d]\w*)\s*\(", product, text)


def _names_list(names):
    return ", ".join(names) if names else "(none: numbers only)"


def _unknown_name(name, names):
    if not names:
        return ExpressionError(
            f"Type a number here (you may use + - * / ^ and brackets); '{name}' is not a number.")
    close = [n for n in names if n.lower() == name.lower()]  # S0 for s0
    close = close or difflib.get_close_matches(name, list(names), n=1)
    tip = f" Did you mean {close[0]}?" if close else ""
    functions = ", ".join(sorted({"exp", "log", "sqrt", "S"}))
    return ExpressionError(
        f"Your expression uses {name}, which is not one of: {_names_list(names)}"
        f" (functions: {functions}).{tip}")


def _is_implicit_product(node, names):
    """A 'call' such as s2(1 - s2) or 2(x) that really means a product."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return not (isinstance(func, ast.Name) and func.id in _FUNCTIONS and func.id not in names)


def _one_argument(node):
    if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
        raise ExpressionError(
            "Inside a pair of brackets put exactly one expression (no commas, no name=...).")
    return node.args[0]


def _build(node, names, used, depth=0):
    """Turn one syntax-tree node into a function env -> float, or refuse it."""
    if depth > MAX_DEPTH:
        raise ExpressionError("Your expression is nested too deeply; write it more simply.")
    deeper = depth + 1

    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ExpressionError(
                f"{value!r} is not allowed: use numbers, the names {_names_list(names)},"
                " + - * / ^ and brackets.")
        try:
            number = float(value)
        except OverflowError:
            raise ExpressionError("A number in your expression is too large.") from None
        return lambda env: number

    if isinstance(node, ast.Name):
        name = node.id
        if name in names:
            used.add(name)
            return lambda env: env[name]
        if name in _CONSTANTS:
            number = _CONSTANTS[name]
            return lambda env: number
        if name in _FUNCTIONS:
            raise ExpressionError(f"{name} is a function: write it with brackets, like {name}(x1).")
        raise _unknown_name(name, names)

    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        op, operand = _UNARY[type(node.op)], _build(node.operand, names, used, deeper)
        return lambda env: op(operand(env))

    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op = _BINARY[type(node.op)]
        left = _build(node.left, names, used, deeper)
        right = _build(node.right, names, used, deeper)
        return lambda env: op(left(env), right(env))

    if isinstance(node, ast.Call):
        if _is_implicit_product(node, names):  # left by _tidy, e.g. "1e3(s0)"
            factor = _build(node.func, names, used, deeper)  # first: "__import__" is the news
            argument = _build(_one_argument(node), names, used, deeper)
            return lambda env: factor(env) * argument(env)
        function = _FUNCTIONS[node.func.id]
        argument = _build(_one_argument(node), names, used, deeper)
        return lambda env: function(argument(env))

    op = getattr(node, "op", None)
    if type(op) in _OPERATOR_NAMES:
        what = f"the operator {_OPERATOR_NAMES[type(op)]}"
    else:
        what = _NOT_ALLOWED.get(type(node), f"this kind of Python ({type(node).__name__})")
    raise ExpressionError(
        f"Your expression contains {what}, which is not allowed here. Use numbers,"
        f" the names {_names_list(names)}, + - * / ^, brackets and exp, log, sqrt, S.")


class Expression:
    """A typed formula, read safely. Call it with numbers for its names.

    >>> f = parse_expression("s2(1 - s2)", ["s2"])
    >>> f(s2=0.5)
    0.25
    """

    def __init__(self, text, names, root, used):
        self.text = text
        self.names = tuple(names)
        self.used = frozenset(used)  # the names the formula really mentions
        self._root = root

    def __call__(self, *args, **values):
        if len(args) > len(self.names):
            raise TypeError(f"pass at most {len(self.names)} values: {', '.join(self.names)}")
        values.update(zip(self.names, args))
        missing = [n for n in self.names if n not in values]
        if missing:
            raise TypeError(f"pass a value for {', '.join(missing)}")
        env = {n: float(values[n]) for n in self.names}
        try:
            result = self._root(env)
        except ZeroDivisionError:
            raise ExpressionError("divides by zero") from None
        except OverflowError:
            raise ExpressionError("gives a number too large to compute") from None
        except ValueError:  # math domain errors: log(-1), (-1)**0.5, 0**-1
            raise ExpressionError(
                "is not defined there (a log or root of a negative number, or 0 to a"
                " negative power)") from None
        if not math.isfinite(result):
            raise ExpressionError("gives a number too large to compute")
        return result

    def __repr__(self):
        return f"Expression({self.text!r}, names={list(self.names)!r})"


def parse_expression(text, names=()):
    """Read `text` as a formula in `names`; return a safe callable `Expression`.

    Raises ExpressionError (a ValueError) with a message for the learner when
    the text is empty, too long, not a formula, or uses anything not allowed.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    names = tuple(names)
    for name in names:
        if not (isinstance(name, str) and name.isidentifier()):
            raise TypeError(f"names must be identifiers like 's0', not {name!r}")
    if not text.strip():
        raise ExpressionError("Type an answer first.")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"That is {len(text)} characters; an answer here needs far fewer than {MAX_LENGTH}.")
    source = _tidy(text.strip(), names)
    thing, example = ("a formula", "w2*s2") if names else ("a number", "0.5*0.7275")
    try:
        with warnings.catch_warnings():  # "2(x)" makes Python warn "int is not callable"
            warnings.simplefilter("ignore")
            tree = ast.parse(source, mode="eval")  # a syntax tree only: nothing runs
    except SyntaxError as exc:
        where = f" (near character {exc.offset})" if exc.offset else ""
        raise ExpressionError(
            f"Could not read that as {thing}{where}. Check the brackets and operators,"
            f" and write * between factors, e.g. {example}.") from None
    except (ValueError, RecursionError, MemoryError):  # e.g. a null byte, absurd nesting
        raise ExpressionError(f"Could not read that as {thing}.") from None
    used = set()
    try:
        root = _build(tree.body, names, used)
    except RecursionError:
        raise ExpressionError("Your expression is nested too deeply; write it more simply.") from None
    return Expression(text, names, root, used)


# --- checking a number -----------------------------------------------------------

def _fmt(x):
    return f"{x:.5g}"


def _finite_number(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    return float(value)


def check_number(value, answer, rel_tol=1e-3, abs_tol=1e-9):
    """Is `value` (a number, or text such as "0.0565" or "1/2*(0.7-0.3638)^2") equal to `answer`?

    Equal means within `rel_tol` (relative) or `abs_tol` (absolute). Never
    raises for anything the learner types; returns a Feedback.
    """
    answer = _finite_number("answer", answer)
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

    if math.isclose(got, answer, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback(True, f"Correct: {_fmt(got)}.")
    if answer != 0 and math.isclose(-got, answer, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback(False, f"Check the sign: {_fmt(got)} has the right size but the wrong sign.")
    # within 5%: probably rounded too early, unless a whole-number answer is off by a whole unit or more
    near = abs(got - answer) <= 0.05 * abs(answer)
    if answer != 0 and near and not (float(answer).is_integer() and abs(got - answer) >= 0.5):
        return Feedback(False, f"Close, but {_fmt(got)} is not within {rel_tol:.2g} (relative)"
                               " of the answer: keep more digits in every step.")
    side = "large" if got > answer else "small"
    return Feedback(False, f"Not quite: {_fmt(got)} is too {side}.")


# --- checking a formula ----------------------------------------------------------

def _ranges(variables):
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
            low, high = (_finite_number(f"range of {name}", b) for b in bounds)
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
    return ", ".join(f"{n}={_fmt(v)}" for n, v in point.items())


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


def _factor_hint(pairs):
    """'yours is -1 / 2 times the answer everywhere', when that is so."""
    ratios = [g / w for g, w in pairs if abs(w) > 1e-12]
    if len(ratios) < 2 or len(ratios) < len(pairs):
        return ""
    r = ratios[0]
    if not all(math.isclose(q, r, rel_tol=1e-6) for q in ratios):
        return ""
    if math.isclose(r, -1.0, rel_tol=1e-6):
        return "Check the sign: yours is the negative of the answer everywhere. "
    return f"Yours is {_fmt(r)} times the answer everywhere: a factor is missing or extra. "


def check_expression(text, expected, variables, point=None, seed=0, samples=5, rel_tol=1e-6):
    """Is the learner's formula `text` equal to `expected` as a function of `variables`?

    expected: a Python function of (some of) the variables, called with keywords,
        e.g. lambda s2, w2, out, target: (out - target) * s2 * w2 ... ,
        or a formula string read by the same safe parser.
    variables: a list of names (sampled in DEFAULT_RANGE) or a dict name -> (low, high).
    point: where to compare first; by default the lecture's first guess (LECTURE_POINT).
    Compares at `point` and `samples` seeded random points with `rel_tol`.
    Never raises for anything the learner types; returns a Feedback.
    """
    ranges = _ranges(variables)
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
                                   f" but the answer there is {_fmt(want)}.")
        pairs.append((got, want))
        if wrong is None and not math.isclose(got, want, rel_tol=rel_tol, abs_tol=1e-12):
            wrong = (p, got, want)
    if not pairs:
        raise ValueError("expected is undefined at every sample point: check its ranges")
    if wrong is None:
        return Feedback(True, "Correct: your expression equals the answer.")
    p, got, want = wrong
    why = _dependence(expected, yours, names, p, ranges, seed) or _factor_hint(pairs)
    return Feedback(False, f"{why}Not equal: at {_at(p)}: yours gives {_fmt(got)},"
                           f" expected {_fmt(want)}.")


# --- widgets ---------------------------------------------------------------------

_STYLE = {  # readable when projected: large text, dark colours on light backgrounds
    "correct": ("✔", "#1b5e20", "#e8f5e9", "#2e7d32"),
    "wrong": ("✘", "#8b0000", "#fdecea", "#b71c1c"),
    "invalid": ("?", "#5d4037", "#fff8e1", "#f9a825"),
}
_BOX = ("color:{fg}; background:{bg}; border-left:6px solid {edge}; padding:6px 12px;"
        " font-size:1.2em; line-height:1.4; margin:4px 0")


def _box(kind, content_html):
    symbol, fg, bg, edge = _STYLE[kind]
    style = _BOX.format(fg=fg, bg=bg, edge=edge)
    return f'<div style="{style}"><b>{symbol}</b> {content_html}</div>'


def _plain_html(text):
    """Learner text shown as text: escape HTML, and '$' so MathJax leaves it alone."""
    return html.escape(text).replace("$", "&#36;")


class _Exercise(Panel):
    """Question, answer input, Check, feedback, hint after a wrong try, solution on request."""

    def __init__(self, question, hint="", solution="", **kwargs):
        for name, value in (("question", question), ("hint", hint), ("solution", solution)):
            if not isinstance(value, str):
                raise TypeError(f"{name} must be a string (HTML, maths in $...$), not {value!r}")
        self.attempts = 0  # answers checked that could be read
        self.solved = False
        self.hint = hint
        self.solution = solution
        self._feedback_text = ""
        self._last_checked = None

        self.question_box = widgets.HTMLMath(value=question)
        self.answer_box = self._make_input()
        self.check_button = widgets.Button(
            description="Check", button_style="primary", tooltip="Check your answer")
        self.check_button.on_click(self._on_check)
        self.solution_button = widgets.Button(
            description="Show solution", tooltip="Reveal a worked solution",
            layout=widgets.Layout(display="" if solution else "none"))
        self.solution_button.on_click(lambda _: self.show_solution())
        self.feedback_box = widgets.HTMLMath(value="")
        self.hint_box = widgets.HTMLMath(value="", layout=widgets.Layout(display="none"))
        # the solution is not sent to the browser until asked for
        self.solution_box = widgets.HTMLMath(value="", layout=widgets.Layout(display="none"))
        buttons = [self.check_button, self.solution_button]
        if self._answer_on_own_row:  # long options need the whole width
            controls = widgets.VBox([self.answer_box, widgets.HBox(buttons)])
        else:
            controls = widgets.HBox([self.answer_box, *buttons])
        super().__init__(children=[self.question_box, controls, self.feedback_box,
                                   self.hint_box, self.solution_box], **kwargs)

    _answer_on_own_row = False

    def _make_input(self):
        box = widgets.Text(
            value="", description="Your answer", placeholder="type, then press Enter or Check",
            continuous_update=False,  # the value arrives on Enter (or leaving the box)
            style={"description_width": "initial"}, layout=widgets.Layout(width="28em"))
        box.observe(self._on_value, names="value")
        return box

    def _check(self, answer):  # pragma: no cover - each exercise defines it
        raise NotImplementedError

    @property
    def feedback_text(self):
        """The feedback shown now, as plain text ('' before the first check)."""
        return self._feedback_text

    @property
    def hint_shown(self):
        """True while the hint is open."""
        return self.hint_box.layout.display != "none"

    @property
    def solution_shown(self):
        """True while the solution is open."""
        return self.solution_box.layout.display != "none"

    def submit(self, answer):
        """Check `answer` exactly as typing it and pressing Check does; return the Feedback."""
        self._last_checked = answer
        if isinstance(answer, str) and isinstance(self.answer_box, widgets.Text):
            self.answer_box.value = answer  # _on_value sees it was just checked
        try:
            feedback = self._check(answer)
        except Exception as exc:  # an exercise author's slip must not show a traceback
            feedback = Feedback(False, "Something went wrong while checking"
                                       f" ({type(exc).__name__}); your answer was not counted."
                                       " Try again, or tell your teacher.", valid=False)
        self._show(feedback)
        return feedback

    def show_solution(self):
        """Reveal the worked solution."""
        self.solution_box.value = (
            '<div style="font-size:1.15em; border-left:6px solid #1565c0; padding:6px 12px">'
            f"<b>Solution.</b> {self.solution}</div>")
        self.solution_box.layout.display = ""

    def _show(self, feedback):
        self._feedback_text = feedback.message
        if not feedback.valid:
            self.feedback_box.value = _box("invalid", _plain_html(feedback.message))
            return
        self.attempts += 1
        if feedback.correct:
            self.solved = True
            self.hint_box.layout.display = "none"  # solved: the hint is no longer needed
            self.feedback_box.value = _box("correct", _plain_html(feedback.message))
            return
        self.feedback_box.value = _box("wrong", _plain_html(feedback.message))
        if self.hint:
            self.hint_box.value = (
                '<div style="color:#8b0000; background:#fdecea; font-size:1.15em;'
                f' padding:4px 12px">'
                f"<b>Hint:</b> {self.hint}</div>")
            self.hint_box.layout.display = ""

    # callbacks: never let an exception reach the frontend
    def _on_value(self, change):
        if change["new"] != self._last_checked and change["new"].strip():
            self._safe_submit(change["new"])

    def _on_check(self, _button):
        answer = self.answer_box.value
        if answer != self._last_checked or not self._feedback_text:
            self._safe_submit(answer)

    def _safe_submit(self, answer):
        try:
            self.submit(answer)
        except Exception:  # submit already guards the check; this guards the display
            self._feedback_text = "Something went wrong; please try again."
            self.feedback_box.value = _box("invalid", self._feedback_text)


class NumberExercise(_Exercise):
    """Type a number (or arithmetic such as 1/2*(0.7 - 0.3638)^2); right within rel_tol.

    >>> ex = NumberExercise("What is $S(4)$?", 0.98201, hint="$S(x) = 1/(1+e^{-x})$")
    >>> ex.submit("0.982").correct
    True
    """

    def __init__(self, question, answer, hint="", solution="", rel_tol=1e-3, abs_tol=1e-9, **kwargs):
        self.answer = _finite_number("answer", answer)
        self.rel_tol = _finite_number("rel_tol", rel_tol)
        self.abs_tol = _finite_number("abs_tol", abs_tol)
        super().__init__(question, hint=hint, solution=solution, **kwargs)

    def _check(self, answer):
        return check_number(answer, self.answer, rel_tol=self.rel_tol, abs_tol=self.abs_tol)


class ExpressionExercise(_Exercise):
    """Type a formula in `variables`; right when it equals `expected` at several points.

    expected: a function of the variables (called with keywords) or a formula string.
    variables: a list of names or a dict name -> (low, high) sample range.
    """

    def __init__(self, question, expected, variables, hint="", solution="", point=None, **kwargs):
        self.variables = _ranges(variables)
        names = tuple(self.variables)
        self.expected = parse_expression(expected, names) if isinstance(expected, str) else expected
        if not callable(self.expected):
            raise TypeError("expected must be a function of the variables or a formula string")
        self.point = point
        check_expression(" + ".join(names), self.expected, self.variables, point)  # fails now if expected is broken
        super().__init__(question, hint=hint, solution=solution, **kwargs)
        self.answer_box.placeholder = f"a formula in {', '.join(names)}"

    def _check(self, answer):
        return check_expression(answer, self.expected, self.variables, self.point)


class MultipleChoiceExercise(_Exercise):
    """Pick one of `options`; `explanations` (optional) says why each wrong one is wrong."""

    def __init__(self, question, options, correct_index, hint="", solution="",
                 explanations=None, **kwargs):
        options = list(options)
        if len(options) < 2 or not all(isinstance(o, str) for o in options):
            raise TypeError("options must be a list of at least two strings")
        if len(set(options)) != len(options):
            raise ValueError("options must all be different")
        if isinstance(correct_index, bool) or not isinstance(correct_index, int) \
                or not 0 <= correct_index < len(options):
            raise ValueError(f"correct_index must be an int from 0 to {len(options) - 1}")
        if explanations is not None and len(explanations) != len(options):
            raise ValueError("give one explanation per option (or none)")
        self.options = options
        self.correct_index = correct_index
        self.explanations = explanations
        super().__init__(question, hint=hint, solution=solution, **kwargs)

    _answer_on_own_row = True

    def _make_input(self):
        # no value until the learner picks one; checking happens on Check
        return widgets.RadioButtons(options=self.options, value=None, description="Your answer",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="auto"))

    def submit(self, answer):
        """Check a choice given as its index or its text."""
        if isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < len(self.options):
            self.answer_box.value = self.options[answer]
        elif answer in self.options:
            self.answer_box.value = answer
        return super().submit(answer)

    def _on_check(self, _button):
        self._safe_submit(self.answer_box.value)

    def _check(self, answer):
        if isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < len(self.options):
            index = answer
        elif answer in self.options:
            index = self.options.index(answer)
        else:
            return Feedback(False, "Pick one of the options first.", valid=False)
        if index == self.correct_index:
            return Feedback(True, "Correct.")
        why = self.explanations[index] if self.explanations else ""
        return Feedback(False, f"Not this one. {why}".strip())
