"""A self-check asks something the learner has not just been told.

- No answer can be read above its question: not in the lesson's text, code or printed
  outputs above it, not in its own question, and not in lessons/README.md (read first).
- Multiple choice: the right option sits at every position, first included, and at none
  more than 40% of the time; it is not the uniquely longest option, nor the only
  compound ("... or ...") or the only hedged one ("can", "mostly").
- A hint that leaves only substitution comes after a real first hint.
- The first hint (and what a wrong prediction says beside it) points to the method: it gives
  neither the answer nor a decimal that the solution works out and nothing above shows.

The lessons' exercises are built by running their cells in this process
(`scripts/lesson_checks.py`), so computed answers are the lesson's own numbers.
"""
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import lesson_checks  # noqa: E402

from bpwidgets.views.exercises import (  # noqa: E402
    ExpressionExercise,
    FindTheBugExercise,
    MultipleChoiceExercise,
    NumberExercise,
    PredictionExercise,
)

README = ROOT / "lessons" / "README.md"

# (lesson, cell, what is found) -> why it may stay. Keep it short: each entry is a giveaway
# that cannot be avoided without teaching less.
ALLOWED = {}


@lru_cache(maxsize=None)
def exercises(path):
    return tuple(lesson_checks.exercises_by_cell(path))


def all_exercises():
    return [(path, cell, ex) for path in lesson_checks.LESSONS for cell, ex in exercises(path)]


# --- what the learner can read --------------------------------------------------------

def cell_text(cell):
    """A cell as the learner reads it: its source (unless hidden, as exercise cells are) and its printed outputs."""
    hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)
    parts = [] if hidden else [cell.source]
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts += [data.get("text/plain", ""), data.get("text/markdown", "")]
    return "\n".join(parts)


def text_above(path, index, question):
    cells = nbformat.read(path, as_version=4).cells
    return "\n".join([cell_text(c) for c in cells[:index]] + [question])


_LATEX = [r"\\mathrm\{(\w+)\}", r"\\text\{(\w+)\}"]
_DROP = re.compile(r"\\[,;!: ]|\\cdot|\\times|\\left|\\right|\\[bB]ig[lr]?|\$|[{}_*\s]")


def plain_formula(text):
    """'w_2\\, s_2(1 - s_2)\\, s_1' and 'w2*s2*(1 - s2)*s1' both read 'w2s2(1-s2)s1'."""
    for pattern in _LATEX:
        text = re.sub(pattern, r"\1", text)
    text = text.replace("**", "^").replace("\\\\", "\\")
    return _DROP.sub("", text)


_NUMBER = re.compile(r"(?<![\w.])-?(\d+(?:\.\d+)?)(?:e([-+]?\d+))?(?!\w|\.\d)")   # "0.73." ends a sentence


def significant_digits(token):
    digits = token.replace(".", "").lstrip("0")
    return len(digits)


def numbers_shown(text):
    """(value, decimals, significant digits) of every number written in text."""
    found = []
    for match in _NUMBER.finditer(text):
        mantissa, exponent = match.group(1), match.group(2)
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        value = float(mantissa) * (10 ** int(exponent) if exponent else 1)
        found.append((value, decimals - (int(exponent) if exponent else 0), significant_digits(mantissa),
                      match.group(0)))
    return found


def number_found(answer, text):
    """The shown number that gives `answer` away, at its shown precision, or None.

    A number of three or more significant digits gives it away when it is the answer rounded
    to that many decimals; a short answer (12, 0.75) only when written exactly.
    """
    size = abs(answer)
    short = size == float(f"{size:.2g}")
    for value, decimals, digits, token in numbers_shown(text):
        if short:
            if value == size and digits >= 1 and size not in (0.0, 1.0):
                return token
        elif digits >= 3 and decimals >= 0 and round(size, decimals) == value != 0:
            return token
    return None


def answer_found(ex, text):
    """What in `text` gives this exercise's answer away, or None."""
    if isinstance(ex, NumberExercise):
        return number_found(ex.answer, text)
    if isinstance(ex, ExpressionExercise):
        formula = plain_formula(ex.answer)
        return ex.answer if formula in plain_formula(text) else None
    if isinstance(ex, MultipleChoiceExercise) and not isinstance(ex, FindTheBugExercise):
        right = ex.options[ex.correct_index].rstrip(".").lower()
        if len(right.split()) >= 3 and right in " ".join(text.lower().split()):
            return right
    return None


def giveaways():
    found = []
    for path, cell, ex in all_exercises():
        lesson = path.name[:2]
        what = answer_found(ex, text_above(path, cell, ex.question_box.value))
        if what is not None and (lesson, cell, what) not in ALLOWED:
            found.append(f"lesson {lesson} cell {cell}: {what!r} is above the question")
        what = answer_found(ex, README.read_text())
        if what is not None:
            found.append(f"lesson {lesson} cell {cell}: {what!r} is in lessons/README.md")
    return found


def test_no_answer_can_be_read_above_its_question():
    """Every self-check's answer (number at its shown precision, formula, right option) is absent above it and in the README."""
    assert giveaways() == []


def test_the_search_finds_an_answer_where_it_is_written():
    """The search itself: a number at any shown precision, a formula in LaTeX, an option's words."""
    ex = NumberExercise("?", -0.0327293)
    assert number_found(ex.answer, "dC/dw1 = -0.032729") == "-0.032729"
    assert number_found(ex.answer, "about -0.0327") == "-0.0327"
    assert number_found(ex.answer, "w = 0.0328 or 3.27") is None
    assert number_found(12.0, "12 mini-batches") == "12" and number_found(12.0, "120 samples") is None
    formula = ExpressionExercise("?", "w2*s2*(1 - s2)*s1", ["w2", "s2", "s1"])
    assert answer_found(formula, r"$$\frac{d\,\mathrm{out}}{dw_1} = w_2\, s_2(1 - s_2)\, s_1$$")
    assert not answer_found(formula, r"$w_2\, s_2(1 - s_2)\, w_1$")
    choice = MultipleChoiceExercise("?", ["The gradient points uphill.", "no"], 0)
    assert answer_found(choice, "The gradient points\nuphill (the direction ...)")


# --- multiple choice ---------------------------------------------------------------------

def choices():
    return [(path, cell, ex) for path, cell, ex in all_exercises()
            if isinstance(ex, MultipleChoiceExercise) and not isinstance(ex, FindTheBugExercise)]


def test_the_right_option_sits_at_every_position_and_at_none_too_often():
    """Positions of the right option over all multiple-choice questions: first and last used, none above 40%."""
    positions = Counter(ex.correct_index for _, _, ex in choices())
    total = sum(positions.values())
    assert total >= 10
    assert positions[0] >= 1, "the right option is never first"
    assert any(positions[len(ex.options) - 1] for _, _, ex in choices()), "the right option is never last"
    for position, count in positions.items():
        assert count / total <= 0.40, f"position {position + 1} holds {count} of {total} right options"


HEDGES = re.compile(r"\b(can|could|may|might|mostly|usually|often|likely|probably|some|sometimes)\b", re.I)
COMPOUND = re.compile(r"\b(or|and|both)\b", re.I)


@pytest.mark.parametrize("pattern,name", [(HEDGES, "hedged"), (COMPOUND, "compound")])
def test_the_right_option_is_not_the_only_hedged_or_compound_one(pattern, name):
    """If the right option hedges ("can") or joins two answers ("... or ..."), another option does too."""
    alone = []
    for path, cell, ex in choices():
        right = ex.options[ex.correct_index]
        others = [o for i, o in enumerate(ex.options) if i != ex.correct_index]
        if pattern.search(right) and not any(pattern.search(o) for o in others):
            alone.append(f"lesson {path.name[:2]} cell {cell}: {right!r}")
    assert alone == [], f"the only {name} option is the right one"


def test_the_right_option_is_not_the_uniquely_longest():
    """The longest option is not a tell: another option is at least as long."""
    tells = []
    for path, cell, ex in choices():
        right = len(ex.options[ex.correct_index])
        if all(len(o) < right for i, o in enumerate(ex.options) if i != ex.correct_index):
            tells.append(f"lesson {path.name[:2]} cell {cell}: {ex.options[ex.correct_index]!r}")
    assert tells == []


# --- hints ---------------------------------------------------------------------------------

# hints that hand over the formula, so substitution is all that is left (issue 15)
SUBSTITUTION_HINTS = {("06", 17), ("04", 28), ("07", 13), ("08", 13), ("09", 37)}


def test_a_hint_that_leaves_only_substitution_comes_second():
    """These self-checks open a real first hint; the formula to substitute into comes only after another wrong answer."""
    found = {(path.name[:2], cell): ex for path, cell, ex in all_exercises()}
    assert SUBSTITUTION_HINTS <= set(found)
    for key in sorted(SUBSTITUTION_HINTS):
        ex = found[key]
        assert len(ex.hints) >= 2, f"lesson {key[0]} cell {key[1]} has one hint: {ex.hints}"
        first, last = plain_formula(ex.hints[0]), plain_formula(ex.hints[-1])
        # the formulas and arithmetic of the last hint (not lone symbols like $\hat y$)
        maths = [plain_formula(m) for m in re.findall(r"\$([^$]+)\$", ex.hints[-1])
                 if re.search(r"[=+\-0-9]", m)]
        assert maths and not any(m in first for m in maths), (key, ex.hints)
        assert first != last


# (lesson, cell) -> why its first hint may state a worked-out decimal. Keep it short.
FIRST_HINT_ALLOWED = {
    ("02", 13): "0.017663 is one of five factors to multiply, a check on the way, not the product",
}


def decimals(text):
    return {token.lstrip("-") for _, _, _, token in numbers_shown(text) if "." in token}


def worked_out(ex, above=""):
    """The decimals the solution works out that neither the question nor the text above gives
    ('0.73' for s2)."""
    return decimals(ex.solution) - decimals(ex.question_box.value) - decimals(above)


def first_words(ex):
    """What a learner reads after the first wrong try, before trying again: the first hint, and for a
    prediction, what a wrong pick says (it asks for another prediction, so it must not compute the result)."""
    said = [ex.hints[0]] if ex.hints else []
    if isinstance(ex, PredictionExercise):
        said += [e for i, e in enumerate(ex.explanations or []) if i != ex.correct_index]
    return said


def results_in_first_hints():
    found = []
    for path, cell, ex in all_exercises():
        key = (path.name[:2], cell)
        new = worked_out(ex, text_above(path, cell, ""))
        for text in first_words(ex):
            given = answer_found(ex, text)
            stated = sorted(new & decimals(text))
            if given is not None:
                found.append(f"lesson {key[0]} cell {key[1]}: the answer {given!r} in {text!r}")
            elif stated and key not in FIRST_HINT_ALLOWED:
                found.append(f"lesson {key[0]} cell {key[1]}: the solution's {stated} in {text!r}")
    return found


def test_the_first_hint_points_to_the_method_not_the_result():
    """No first hint (nor a wrong prediction's explanation) holds the answer or a decimal the solution works out."""
    assert results_in_first_hints() == []


def test_the_first_hint_search_finds_a_worked_out_value():
    """The search itself: s2 = 0.73 in a first hint is found, the method without numbers is not."""
    ex = PredictionExercise("With $w_2 = 0.5$: where will out land?", ["above 0.7", "below 0.5"], 1,
                            reveal="out = 0.36",
                            hint="$S(1)$ is about 0.73. What does the last step make of it?",
                            solution="$s_2 \\approx 0.73$, and $0.5 \\times 0.73 \\approx 0.36$.")
    assert worked_out(ex) == {"0.73", "0.36"}
    assert worked_out(ex) & decimals(ex.hints[0]) == {"0.73"}
    assert worked_out(ex, above="S(+1) = 0.73") == {"0.36"}   # shown above: not news
    assert number_found(-0.0327293, "the answer is -0.0327.") == "-0.0327"   # at a sentence's end too


def test_options_are_plain_text_not_latex():
    """A multiple-choice option is a radio button's plain label (never rendered as maths): no "$", no
    LaTeX command; u₂ and −22 are written in Unicode."""
    latex = [f"lesson {path.name[:2]} cell {cell}: {option!r}"
             for path, cell, ex in all_exercises() if isinstance(ex, MultipleChoiceExercise)
             for option in ex.options if "$" in option or re.search(r"\\[a-zA-Z]+", option)]
    assert latex == []
