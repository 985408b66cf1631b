"""Self-check widgets: a question, an answer box, Check, feedback, a hint, a solution.

The checking itself is in `bpwidgets.answers` (numbers and formulas, read by the
safe parser in `bpwidgets.formula`); these widgets only ask and show.

- NumberExercise: type a number (or arithmetic); after a few "too large / too
  small" the feedback stops narrowing and points to the hint.
- ExpressionExercise: type a formula; right when it equals the answer at several points.
- MultipleChoiceExercise: pick one option; options are shown in a seeded shuffled order.
- PredictionExercise: commit to a prediction, then see what really happens.
- FindTheBugExercise: name the wrong line of a short piece of code.
- CodeSolution: a button that reveals a worked solution of the selfcheck exercises.

Every exercise has "Show solution" (a default one is written when the author gives
none), and may take `reveal`: an output (text, a figure, a function that makes one)
shown only once the learner has answered, so no saved notebook shows it before the
question.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..answers import (
    NARROWING_HINTS,
    Feedback,
    check_expression,
    check_number,
    finite_number,
    format_number,
    option_order,
    variable_ranges,
)
from ..formula import parse_expression
from ..progress_file import exercise_key, record_solved
from ..selfcheck import SOLUTIONS
from ._panel import Panel

__all__ = [
    "CodeSolution",
    "ExpressionExercise",
    "FindTheBugExercise",
    "MultipleChoiceExercise",
    "NumberExercise",
    "PredictionExercise",
]

REVEAL_AFTER = 3   # wrong tries before an exercise shows its reveal by itself (Show solution shows it at once)
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


def _the_answer_is(option):
    """'The answer is: <b>option</b>.', with no second full stop when the option ends with one."""
    end = "" if option.rstrip().endswith((".", "!", "?")) else "."
    return f"The answer is: <b>{html.escape(option)}</b>{end}"


def _plain_html(text):
    """Learner text shown as text: escape HTML, and '$' so MathJax leaves it alone."""
    return html.escape(text).replace("$", "&#36;")


def _as_widget(shown):
    """What a reveal returned, as a widget: text, a picture (a figure), HTML, or a widget itself."""
    if isinstance(shown, widgets.Widget):
        return shown
    if isinstance(shown, str):
        return widgets.HTMLMath(value=shown)
    if hasattr(shown, "_repr_png_"):  # e.g. the package's figures
        return widgets.Image(value=shown._repr_png_(), format="png",
                             layout=widgets.Layout(max_width="100%", height="auto"))
    if hasattr(shown, "_repr_html_"):
        return widgets.HTML(value=shown._repr_html_())
    return widgets.HTML(value=f"<pre>{html.escape(repr(shown))}</pre>")


def _cost_has_half(value):
    if not (value is None or isinstance(value, bool)):
        raise TypeError(f"cost_has_half must be True, False or None, not {value!r}")
    return value


class _Exercise(Panel):
    """Question, answer input, Check, feedback, hint after a wrong try, solution on request."""

    def __init__(self, question, hint="", solution="", reveal=None, **kwargs):
        """hint: a string, or a list of them shown one more per wrong answer."""
        # a list of hints opens one more after each wrong answer: a real first hint, and the
        # one that leaves only substitution later
        hints = list(hint) if isinstance(hint, (list, tuple)) else [hint]
        for name, value in (("question", question), *(("hint", h) for h in hints), ("solution", solution)):
            if not isinstance(value, str):
                raise TypeError(f"{name} must be a string (HTML, maths in $...$), not {value!r}")
        if reveal is not None and not (isinstance(reveal, str) or callable(reveal)):
            raise TypeError("reveal must be a string (HTML, maths in $...$) or a function"
                            f" that returns what to show, not {type(reveal).__name__}")
        self.attempts = 0  # answers checked that could be read
        self.solved = False
        self.key = exercise_key(question)  # names it in the learner's progress file
        self.hints = [h for h in hints if h]
        self.hint = self.hints[0] if self.hints else ""  # the first hint
        self._wrong = 0  # wrong answers so far: how many hints are open
        self.solution = solution or self._default_solution()
        self.reveal = reveal
        self._feedback_text = ""
        self._last_checked = None

        self.question_box = widgets.HTMLMath(value=question)
        self.answer_box = self._make_input()
        self.check_button = widgets.Button(
            description=self._check_label, button_style="primary", tooltip="Check your answer")
        self.check_button.on_click(self._on_check)
        self.solution_button = widgets.Button(
            description="Show solution", tooltip="Reveal a worked solution")
        self.solution_button.on_click(lambda _: self.show_solution())
        self.feedback_box = widgets.HTMLMath(value="")
        self.hint_box = widgets.HTMLMath(value="", layout=widgets.Layout(display="none"))
        # the solution and the reveal are not sent to the browser until asked for
        self.solution_box = widgets.HTMLMath(value="", layout=widgets.Layout(display="none"))
        self.reveal_box = widgets.VBox([], layout=widgets.Layout(display="none"))
        buttons = [self.check_button, self.solution_button]
        if self._answer_on_own_row:  # long options need the whole width
            controls = widgets.VBox([self.answer_box, widgets.HBox(buttons)])
        else:
            controls = widgets.HBox([self.answer_box, *buttons])
        super().__init__(children=[self.question_box, controls, self.feedback_box,
                                   self.hint_box, self.solution_box, self.reveal_box], **kwargs)

    _answer_on_own_row = False
    _check_label = "Check"

    def _make_input(self):
        box = widgets.Text(
            value="", description="Your answer", placeholder="type, then press Enter or Check",
            continuous_update=False,  # the value arrives on Enter (or leaving the box)
            style={"description_width": "initial"}, layout=widgets.Layout(width="28em"))
        box.observe(self._on_value, names="value")
        return box

    def _check(self, answer):  # pragma: no cover - each exercise defines it
        raise NotImplementedError

    def _default_solution(self):  # pragma: no cover - each exercise defines it
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

    @property
    def revealed(self):
        """True once the reveal (if any) is shown: after an answer, or with the solution."""
        return self.reveal_box.layout.display != "none"

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
        """Reveal the worked solution (and the reveal, if any)."""
        self.solution_box.value = (
            '<div style="font-size:1.15em; border-left:6px solid #1565c0; padding:6px 12px">'
            f"<b>Solution.</b> {self.solution}</div>")
        self.solution_box.layout.display = ""
        self._reveal()

    def _reveal(self):
        """Show the reveal once: what the question asked about, now that it is answered."""
        if self.reveal is None or self.revealed:
            return
        try:
            shown = self.reveal() if callable(self.reveal) else self.reveal
            child = _as_widget(shown)
        except Exception as exc:  # the author's function failed: say so, do not raise
            child = widgets.HTML(value=_box("invalid", _plain_html(
                f"Could not show what comes next ({type(exc).__name__}: {exc}).")))
        self.reveal_box.children = [child]
        self.reveal_box.layout.display = ""

    def _show(self, feedback):
        self._feedback_text = feedback.message
        if not feedback.valid:
            self.feedback_box.value = _box("invalid", _plain_html(feedback.message))
            return
        self.attempts += 1
        if feedback.correct or self.attempts >= REVEAL_AFTER:   # a wrong try gets the hint, not the answer
            self._reveal()
        if feedback.correct:
            # kept for the next session; a file that cannot be written costs one line, not the lesson
            warning = None if self.solved else record_solved(self.key)
            self.solved = True
            self.hint_box.layout.display = "none"  # solved: the hint is no longer needed
            note = f"<br><small>{_plain_html(warning)}</small>" if warning else ""
            self.feedback_box.value = _box("correct", _plain_html(feedback.message) + note)
            return
        self.feedback_box.value = _box("wrong", _plain_html(feedback.message))
        self._wrong += 1
        if self.hints:
            shown = self.hints[:self._wrong]
            lines = "<br>".join(f"<b>{'Hint' if i == 0 else f'Hint {i + 1}'}:</b> {h}"
                                for i, h in enumerate(shown))
            self.hint_box.value = (
                '<div style="color:#8b0000; background:#fdecea; font-size:1.15em;'
                f' padding:4px 12px">{lines}</div>')
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

    After NARROWING_HINTS wrong answers the feedback no longer says "too large"
    or "too small", so the answer cannot be found by halving an interval.

    >>> ex = NumberExercise("What is $S(4)$?", 0.98201, hint="$S(x) = 1/(1+e^{-x})$")
    >>> ex.submit("0.982").correct
    True
    """

    def __init__(self, question, answer, hint="", solution="", rel_tol=1e-3, abs_tol=1e-9,
                 reveal=None, cost_has_half=None, **kwargs):
        """cost_has_half: True where the answer comes from the cost C = 1/2 (out - target)^2,
        False from a cost with no 1/2: an answer off by a factor of 2 then asks about that 1/2."""
        self.answer = finite_number("answer", answer)
        self.cost_has_half = _cost_has_half(cost_has_half)
        self.rel_tol = finite_number("rel_tol", rel_tol)
        self.abs_tol = finite_number("abs_tol", abs_tol)
        super().__init__(question, hint=hint, solution=solution, reveal=reveal, **kwargs)

    def _default_solution(self):
        return f"The answer is {format_number(self.answer)}."

    def _check(self, answer):
        return check_number(answer, self.answer, rel_tol=self.rel_tol, abs_tol=self.abs_tol,
                            narrow=self.attempts < NARROWING_HINTS, cost_has_half=self.cost_has_half)


class ExpressionExercise(_Exercise):
    """Type a formula in `variables`; right when it equals `expected` at several points.

    expected: a formula string, or a function of the variables (called with keywords).
    variables: a list of names or a dict name -> (low, high) sample range.
    answer: a formula that is right, as a learner would type it; needed when
        `expected` is a function (it is checked against expected now, and shown
        by "Show solution" when no solution is given).
    cost_has_half: as for NumberExercise, what a factor of 2 is asked about.
    """

    def __init__(self, question, expected, variables, hint="", solution="", point=None,
                 answer=None, reveal=None, cost_has_half=None, **kwargs):
        self.variables = variable_ranges(variables)
        self.cost_has_half = _cost_has_half(cost_has_half)
        names = tuple(self.variables)
        self.expected = parse_expression(expected, names) if isinstance(expected, str) else expected
        if not callable(self.expected):
            raise TypeError("expected must be a function of the variables or a formula string")
        self.point = point
        check_expression(" + ".join(names), self.expected, self.variables, point)  # fails now if expected is broken
        if answer is None and isinstance(expected, str):
            answer = expected
        if answer is not None:
            if not check_expression(answer, self.expected, self.variables, point).correct:
                raise ValueError(f"answer {answer!r} does not equal expected: check both")
        self.answer = answer
        super().__init__(question, hint=hint, solution=solution, reveal=reveal, **kwargs)
        self.answer_box.placeholder = f"a formula in {', '.join(names)}"

    def _default_solution(self):
        if self.answer is None:
            return "Build it one factor at a time, one for each step of the chain rule."
        return f"One way to write it: <code>{html.escape(self.answer)}</code>"

    def _check(self, answer):
        return check_expression(answer, self.expected, self.variables, self.point,
                                cost_has_half=self.cost_has_half)


class MultipleChoiceExercise(_Exercise):
    """Pick one of `options`; `explanations` (optional) says why each wrong one is wrong.

    `correct_index` counts in `options` as given. They are shown in a seeded
    shuffled order (the same on every run; set shuffle=False to keep yours);
    `.options` and `.correct_index` then describe the order shown, and
    `submit(i)` picks the i-th option shown.
    """

    def __init__(self, question, options, correct_index, hint="", solution="",
                 explanations=None, shuffle=True, seed=None, reveal=None, **kwargs):
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
        order = option_order(options, seed) if shuffle else list(range(len(options)))
        self.options = [options[i] for i in order]
        self.correct_index = order.index(correct_index)
        self.explanations = None if explanations is None else [explanations[i] for i in order]
        super().__init__(question, hint=hint, solution=solution, reveal=reveal, **kwargs)

    _answer_on_own_row = True

    def _default_solution(self):
        why = self.explanations[self.correct_index] if self.explanations else ""
        return f"{_the_answer_is(self.options[self.correct_index])} {why}".strip()

    def show_solution(self):
        """Reveal the worked solution, naming the right option first."""
        named = html.escape(self.options[self.correct_index])
        if named not in self.solution:
            self.solution = f"{_the_answer_is(self.options[self.correct_index])} {self.solution}"
        super().show_solution()

    def _make_input(self):
        # no value until the learner picks one; checking happens on Check
        return widgets.RadioButtons(options=self.options, value=None, description="Your answer",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="auto"))

    def _index(self, answer):
        if isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < len(self.options):
            return answer
        if isinstance(answer, str) and answer in self.options:
            return self.options.index(answer)
        return None

    def submit(self, answer):
        """Check a choice given as its index (in the order shown) or its text."""
        index = self._index(answer)
        if index is not None:
            self.answer_box.value = self.options[index]
        return super().submit(answer)

    def _on_check(self, _button):
        self._safe_submit(self.answer_box.value)

    def _check(self, answer):
        index = self._index(answer)
        if index is None:
            return Feedback(False, "Pick one of the options first.", valid=False)
        if index == self.correct_index:
            return Feedback(True, "Correct.")
        why = self.explanations[index] if self.explanations else ""
        return Feedback(False, f"Not this one. {why}".strip())


class PredictionExercise(MultipleChoiceExercise):
    """Predict first, then see: any pick shows `reveal`, and says whether the prediction held.

    reveal: a string, or a function returning what to show (a figure, a table,
    a number); it is made only after the learner has committed, so a saved
    lesson never shows it before the question.
    """

    def __init__(self, question, options, correct_index, reveal, **kwargs):
        if reveal is None:
            raise TypeError("a prediction needs reveal=: what to show once the learner has predicted")
        super().__init__(question, options, correct_index, reveal=reveal, **kwargs)

    _check_label = "Lock in"

    def _check(self, answer):
        feedback = super()._check(answer)
        if not feedback.valid:
            return feedback
        if feedback.correct:   # after the reveal a right pick is no prediction any more
            return Feedback(True, "Correct." if self.revealed else "Your prediction was right: see below.")
        why = self.explanations[self._index(answer)] if self.explanations else ""
        if self.revealed or self.attempts + 1 >= REVEAL_AFTER:   # this try shows what happens
            return Feedback(False, f"Not what happens: look below, then try again. {why}".strip())
        return Feedback(False, f"Not what happens. {why} Think again with the hint, then lock in"
                               " another prediction.".replace("  ", " "))


class FindTheBugExercise(MultipleChoiceExercise):
    """Show `code` with numbered lines; the learner names the line with the bug.

    wrong_line: the line number (from 1) that is wrong; explanations (optional):
    one per line, shown when that line is picked wrongly.
    """

    def __init__(self, question, code, wrong_line, hint="", solution="", explanations=None,
                 reveal=None, **kwargs):
        if not isinstance(code, str) or not code.strip():
            raise TypeError("code must be the lines of code to look at, as one string")
        self.code_lines = code.strip("\n").splitlines()
        if isinstance(wrong_line, bool) or not isinstance(wrong_line, int) \
                or not 1 <= wrong_line <= len(self.code_lines):
            raise ValueError(f"wrong_line must be a line number from 1 to {len(self.code_lines)}")
        width = len(str(len(self.code_lines)))
        numbered = "\n".join(f"{i:>{width}}  {line}" for i, line in enumerate(self.code_lines, 1))
        question = (f"{question}<pre style=\"font-size:1.1em; background:#f5f5f5; padding:8px\">"
                    f"{html.escape(numbered)}</pre>")
        options = [f"line {i}: {line.strip()}" for i, line in enumerate(self.code_lines, 1)]
        super().__init__(question, options, wrong_line - 1, hint=hint, solution=solution,
                         explanations=explanations, shuffle=False, reveal=reveal, **kwargs)


class CodeSolution(widgets.VBox):
    """A button that reveals the worked code for `name` (a key of selfcheck.SOLUTIONS).

    The code is sent to the browser only once asked for.
    """

    def __init__(self, name, **kwargs):
        if name not in SOLUTIONS:
            raise ValueError(f"no solution called {name!r}; pass one of {', '.join(sorted(SOLUTIONS))}")
        self.name = name
        self.button = widgets.ToggleButton(value=False, description="Show a worked solution",
                                           tooltip=f"Reveal a solution for {name}", icon="eye",
                                           layout=widgets.Layout(width="auto"))
        self.code = widgets.HTML(value="", layout=widgets.Layout(display="none"))
        self.button.observe(self._on_toggle, names="value")
        super().__init__([self.button, self.code], **kwargs)

    def _on_toggle(self, change):
        shown = change["new"]
        self.code.value = (f'<pre style="font-size:1.05em; background:#f5f5f5; padding:8px">'
                           f"{html.escape(SOLUTIONS[self.name])}</pre>") if shown else ""
        self.code.layout.display = "" if shown else "none"
        self.button.description = "Hide the solution" if shown else "Show a worked solution"
