"""The safe formula reader: what a learner types becomes a function, never Python code.

A typed formula is never run as Python. `parse_expression` reads it with
`ast.parse(..., mode="eval")` (which only builds a syntax tree) and walks that
tree, allowing only numbers, the exercise's names, + - * / ** (or ^), unary
signs, brackets and a few named functions (exp, log, sqrt, S). Anything else
is refused with a message that says what to write instead.

As on paper, "s2(1 - s2)" means s2*(1 - s2), and implicit products bind like
explicit ones, left to right: "1/2(target - out)^2" is (1/2)*(target - out)^2.
What people type from a page is read too: "1 000" (a thousand), "s0²", "½",
"π", "√2", "×", "·" and the minus sign "−". Two numbers with only a space between them
("0.707 0.1") are refused, not multiplied: on paper that is a typo or two answers.
"""
from __future__ import annotations

import ast
import difflib
import keyword
import math
import re
import warnings

from .chain import sigmoid

__all__ = ["Expression", "ExpressionError", "parse_expression"]

MAX_LENGTH = 500  # characters a learner may type
MAX_DEPTH = 40  # nesting of the syntax tree: deeper is never a real answer


def _sigmoid(x):
    return float(sigmoid(x))


def _power(a, b):
    # floats only: math.pow raises (instead of returning complex or hanging) on bad input,
    # and a tiny result such as 0.5^200 = 6.2e-61 is just a small number
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
    ast.Tuple: "a comma (for a decimal number write 1.5, not 1,5; for a thousand write 1000)",
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


# --- from what people type to Python's spelling ------------------------------------

_SPACES = {"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " "}
_SYMBOLS = {"−": "-", "–": "-", "—": "-", "×": "*", "·": "*", "⋅": "*", "∙": "*", "÷": "/", "^": "**"}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_FRACTIONS = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅛": "1/8"}
_READABLE = set(_SPACES) | set(_SYMBOLS) | set(_FRACTIONS) | set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺π√")
# characters people paste that have no meaning here, and what to type instead
_INSTEAD = {"≈": "the number itself", "≤": "a number", "≥": "a number", "∂": "the formula itself",
            "∑": "the terms added with +", "°": "a plain number", "′": "the formula for the slope",
            "’": "the formula for the slope", "\u200b": "nothing (delete it)"}


_NUMBER_TEXT = r"(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TWO_NUMBERS = rf"(?<![\w.)])([-+]?{_NUMBER_TEXT})\s+({_NUMBER_TEXT})(?![\w.])"


def _to_python(text, names):
    """Turn what people type from the lecture into Python operator spelling.

    Implicit products get an explicit * so that they bind like * does, as on
    paper: "s2(1 - s2)^2" is s2*(1 - s2)^2, not (s2*(1 - s2))^2.
    """
    for old, new in _SPACES.items():
        text = text.replace(old, new)
    # "1 000 000" is one number (groups of three digits after a space)
    text = re.sub(r"(?<![\w.])\d{1,3}(?: \d{3})+(?:\.\d+)?(?![\w.])", lambda m: m.group(0).replace(" ", ""), text)
    # "0.707 0.1": two numbers side by side are no product to a learner (a typo, or two answers)
    two = re.search(_TWO_NUMBERS, text)
    if two:
        first, second = two.groups()
        raise ExpressionError(f"I read two numbers, {first} and {second}, with only a space between them:"
                              f" type one number (or an expression with * for a product, like {first}*{second}).")
    # "s0²" -> "s0**(2)", "e⁻³" -> "e**(-3)"
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+", lambda m: f"**({m.group(0).translate(_SUPERSCRIPTS)})", text)
    # "½" -> "(1/2)", "1½" -> "(1+1/2)"
    text = re.sub("(\\d+)?([" + "".join(_FRACTIONS) + "])",
                  lambda m: f"({m.group(1) + '+' if m.group(1) else ''}{_FRACTIONS[m.group(2)]})", text)
    text = re.sub(r"√\s*(\d+\.?\d*|[^\W\d]\w*)", r"sqrt(\1)", text).replace("√", "sqrt")
    text = text.replace("π", " pi ")
    for old, new in _SYMBOLS.items():
        text = text.replace(old, new)
    text = text.strip()

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


def _position_in(original, rewritten, index):
    """The index in `original` of the character at `index` of its rewritten form."""
    matcher = difflib.SequenceMatcher(None, original, rewritten, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        if b <= index < b + size:
            return a + index - b
        if b > index:  # inside something the rewrite added: point at what follows it
            return a
    return len(original)


def _unreadable_character(text, names):
    """An ExpressionError for the first character that means nothing here, or None."""
    for i, ch in enumerate(text):
        if ord(ch) < 128 or ch in _READABLE:
            continue
        if ch.isalpha() and any(ch in n for n in (*names, *_FUNCTIONS)):
            continue
        instead = _INSTEAD.get(ch)
        tip = f" Type {instead} instead." if instead else (
            " Use only digits, letters, + - * / ^ and brackets.")
        return ExpressionError(f"The character '{ch}' (character {i + 1} of what you typed)"
                               f" cannot be read here.{tip}")
    return None


# --- the syntax tree, node by node ----------------------------------------------------

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
        if _is_implicit_product(node, names):  # left by _to_python, e.g. "1e3(s0)"
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


def _syntax_error(text, source, exc, names):
    """The message for text Python cannot read, pointing into what the learner typed."""
    thing, example = ("a formula", "w2*s2") if names else ("a number", "0.5*0.7275")
    where = ""
    if exc.offset is not None:  # Python says 0 when the text ends too early
        i = _position_in(text, source, exc.offset - 1) if exc.offset > 0 else len(text)
        if i >= len(text.rstrip()):
            where = " (it stops too early: something is missing at the end)"
        elif "never closed" in exc.msg:
            where = f" (the '{text[i]}' at character {i + 1} is never closed)"
        else:
            where = f" (near character {i + 1}, '{text[i]}')"
    return ExpressionError(
        f"Could not read that as {thing}{where}. Check the brackets and operators,"
        f" and write * between factors, e.g. {example}.")


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
    unreadable = _unreadable_character(text, names)
    if unreadable is not None:
        raise unreadable
    if re.search(r"\d,\d", text):   # "-0,0327": a decimal comma, which Python misreads
        pointed = re.sub(r"(?<=\d),(?=\d)", ".", text.strip())
        raise ExpressionError(f"A comma is not a decimal point here: use a point for decimals: {pointed}"
                              " (write 1.5, not 1,5; and a thousand as 1000).")
    source = _to_python(text, names)
    try:
        with warnings.catch_warnings():  # "2(x)" makes Python warn "int is not callable"
            warnings.simplefilter("ignore")
            tree = ast.parse(source, mode="eval")  # a syntax tree only: nothing runs
    except SyntaxError as exc:
        raise _syntax_error(text, source, exc, names) from None
    except (ValueError, RecursionError, MemoryError):  # e.g. a null byte, absurd nesting
        raise ExpressionError(f"Could not read that as {'a formula' if names else 'a number'}.") from None
    used = set()
    try:
        root = _build(tree.body, names, used)
    except RecursionError:
        raise ExpressionError("Your expression is nested too deeply; write it more simply.") from None
    return Expression(text, names, root, used)
