"""Self-check exercises: the safe formula parser, the checks, and the exercise widgets."""
import ast
import builtins
import inspect
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bpwidgets.answers as answers
import bpwidgets.formula as formula
from bpwidgets.answers import LECTURE_POINT, Feedback, check_expression, check_number
from bpwidgets.chain import ChainNetwork, sigmoid
from bpwidgets.formula import Expression, ExpressionError, parse_expression
from bpwidgets.views.exercises import (
    ExpressionExercise,
    FindTheBugExercise,
    MultipleChoiceExercise,
    NumberExercise,
    PredictionExercise,
)

NAMES = ["s0", "s1", "s2", "w1", "w2", "out", "target"]
DC_DW0 = "(out - target)*w2*s2*(1 - s2)*w1*s1*(1 - s1)*s0"


def dc_dw0(s0, s1, s2, w1, w2, out, target):
    return (out - target) * w2 * s2 * (1 - s2) * w1 * s1 * (1 - s1) * s0


def dc_dw1(s1, s2, w2, out, target):
    return (out - target) * w2 * s2 * (1 - s2) * s1


NASTY = [
    "__import__('os')",
    "__import__('os').system('echo hi')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "s0.real",
    "[1]",
    "9**9**9",
    "9^9^9^9",
    "1/0",
    "",
    " ",
    "s0 +",
    "a" * 1000,
    "exec('1')",
    "eval('s0')",
    "s0; s1",
    "s0 if s1 else s2",
    "s0[0]",
    "x9",
    "open('/etc/passwd')",
    "globals()",
    "s0 = 1",
    "s0 == s1",
    "{s0: 1}",
    "s0 % 2",
    "'s0'",
    "f'{s0}'",
    "True",
    "None",
    "1j",
    "...",
    "(" * 300 + "1" + ")" * 300,
    "-" * 499 + "1",
    "\x00",
    "exp(1e6)",
    "log(-1)",
    "s0**-1e9",
    "0**-1",
    "1e400",
    "9" * 400,
    "s0(1, 2)",
    "S(x=1)",
    "S",
    "*s0",
    "[x for x in s0]",
    "s0 := 1",
    "𝓈0",
]


# --- the parser -------------------------------------------------------------------

class TestParseExpression:
    def test_lecture_gradient_at_the_lecture_point(self):
        """The lecture's dC/dw0 typed as text gives -0.0011774, like ChainNetwork.gradient()."""
        f = parse_expression(DC_DW0, NAMES)
        expected = ChainNetwork().gradient()["w0"]
        assert f(**{n: LECTURE_POINT[n] for n in NAMES}) == pytest.approx(expected, rel=1e-9)
        assert expected == pytest.approx(-0.0011774, rel=1e-4)

    def test_caret_is_power_and_right_associative(self):
        """'^' means '**', and 2^3^2 is 2^(3^2) = 512."""
        assert parse_expression("2^3^2")() == 512.0
        assert parse_expression("-s0^2", ["s0"])(s0=3) == -9.0

    @pytest.mark.parametrize("text, value", [
        ("s2(1-s2)", 0.25 * 0.75),
        ("s2 (1 - s2)", 0.25 * 0.75),
        ("2s2", 0.5),
        ("0.5(1 - s2)", 0.375),
        ("s2(1-s2)^2", 0.25 * 0.75 ** 2),  # the exponent belongs to the bracket only
        ("1/2(1 - s2)^2", 0.5 * 0.75 ** 2),  # implicit products bind like *
        ("(1 - s2)(1 + s2)", 0.75 * 1.25),
        ("2^3(s2)", 2.0),
        ("w2 s2", 0.125),
        ("2e-3s2", 0.0005),
        ("s2 × 4 − 1", 0.0),
    ])
    def test_implicit_products_read_as_on_paper(self, text, value):
        """Juxtaposition is multiplication with the precedence of '*'."""
        f = parse_expression(text, ["s2", "w2"])
        assert f(s2=0.25, w2=0.5) == pytest.approx(value, rel=1e-12)

    def test_whitelisted_functions(self):
        """S (sigmoid), exp, log, sqrt and the constant e are available."""
        f = parse_expression("S(x1) + exp(1) - e + log(e^2) + sqrt(16)", ["x1"])
        assert f(x1=4.0) == pytest.approx(sigmoid(4.0) + 2 + 4, rel=1e-12)
        assert parse_expression("S(x)(1 - S(x))", ["x"])(0.0) == pytest.approx(0.25)

    def test_used_names_and_positional_call(self):
        """.used lists the names the formula mentions; positional values follow `names`."""
        f = parse_expression("w2*s2", ["s2", "w2", "out"])
        assert f.used == {"s2", "w2"}
        assert f(0.5, 3.0, 7.0) == 1.5
        assert isinstance(f, Expression) and "w2*s2" in repr(f)

    def test_errors_are_value_errors_with_messages(self):
        """Unreadable text raises ExpressionError (a ValueError) naming the problem."""
        with pytest.raises(ValueError, match="x9, which is not one of: s0, s1"):
            parse_expression("x9 + s0", ["s0", "s1"])
        with pytest.raises(ExpressionError, match="Did you mean s0"):
            parse_expression("S0", ["s0", "s1"])
        with pytest.raises(ExpressionError, match="divides by zero"):
            parse_expression("1/(s0 - 1)", ["s0"])(s0=1.0)

    def test_bad_arguments_are_type_errors(self):
        """Non-string text, non-identifier names and missing values are TypeErrors."""
        with pytest.raises(TypeError, match="string"):
            parse_expression(1.5)
        with pytest.raises(TypeError, match="identifiers"):
            parse_expression("s0", ["s 0"])
        with pytest.raises(TypeError, match="pass a value for s1"):
            parse_expression("s0", ["s0", "s1"])(s0=1)

    @pytest.mark.parametrize("text", NASTY)
    def test_nasty_text_raises_only_expression_error(self, text):
        """Every nasty string is refused or evaluated, never with another exception."""
        try:
            f = parse_expression(text, NAMES)
            f(**{n: 0.5 for n in NAMES})
        except ExpressionError as exc:
            assert str(exc)


# --- numbers ----------------------------------------------------------------------

class TestCheckNumber:
    def test_tolerance(self):
        """Within rel_tol=1e-3 is right, 2e-3 off is not; the tolerance can be set."""
        answer = 0.0565308
        assert check_number(answer * (1 + 9e-4), answer).correct
        assert not check_number(answer * (1 + 2e-3), answer).correct
        assert check_number(answer * 1.04, answer, rel_tol=0.05).correct
        assert check_number("1e-10", 0.0).correct  # abs_tol for a zero answer
        assert not check_number("1e-6", 0.0).correct

    def test_text_and_arithmetic(self):
        """Text such as '0.05653' or '1/2*(0.7-0.3638)^2' is read as a number."""
        assert check_number("0.05653", 0.0565308) == Feedback(True, "Correct: 0.05653.")
        assert check_number("1/2 (0.7 - 0.36375)^2", 0.0565308).correct
        assert check_number(" -0.0011774 ", -0.0011774).correct

    def test_wrong_answers_say_how(self):
        """Wrong sign, too few digits, too large and too small each get their own message."""
        assert "Check the sign" in check_number("-0.05653", 0.0565308).message
        assert "keep more digits" in check_number("0.056", 0.0565308).message
        assert check_number("0.5", 0.0565308).message == "Not quite: 0.5 is too large, by a factor of about 8.8."
        assert check_number(0.01, 0.0565308).message == "Not quite: 0.01 is too small, by a factor of about 5.7."

    def test_two_numbers_with_a_space_are_not_a_product(self):
        """'0.707 0.1' is two numbers, not 0.0707: it is refused with a message, even where 0.0707 is right."""
        feedback = check_number("0.707 0.1", 0.0707)
        assert (feedback.correct, feedback.valid) == (False, False)
        assert feedback.message == ("I read two numbers, 0.707 and 0.1, with only a space between them:"
                                    " type one number (or an expression with * for a product, like 0.707*0.1).")
        assert check_number("-0.707  1e-1", -0.0707).message.startswith("I read two numbers, -0.707 and 1e-1,")
        assert check_number("0.707*0.1", 0.0707).correct and check_number("0.707 × 0.1", 0.0707).correct
        assert check_number("1 000", 1000).correct   # a thousand, as printed
        with pytest.raises(ExpressionError, match="I read two numbers, 2 and 3,"):
            parse_expression("2 3 s0", ["s0"])
        assert parse_expression("2 s0", ["s0"])(s0=3.0) == 6.0   # a number and a name: a product

    @pytest.mark.parametrize("typed, answer, cost_has_half, message", [
        # dC/dw1 = -0.0327293 from C = ½(out - target)²: without the ½ it doubles
        ("-0.06546", -0.0327293, True, "Not quite: -0.06546 is off by a factor of 2 (twice the answer)"
                                       " - did you forget the ½ in the cost?"),
        ("-0.01636", -0.0327293, True, "Not quite: -0.01636 is off by a factor of 2 (half the answer)"
                                       " - did you keep the ½ of the cost but drop the 2 from differentiating"
                                       " the square?"),
        ("0.06546", -0.0327293, True, "Not quite: 0.06546 has the wrong sign and is off by a factor of 2"
                                      " (-2 times the answer) - did you forget the ½ in the cost?"),
        # dL/da = 2(a - y) of L = (y - a)²: a ½ brought along halves it
        ("-0.2", -0.4, False, "Not quite: -0.2 is off by a factor of 2 (half the answer)"
                              " - this cost has no ½: did you put one in?"),
        ("48", 24, None, "Not quite: 48 is off by a factor of 2 (twice the answer)"
                         " - look for a 2 or a ½ that is missing or extra."),
    ])
    def test_an_answer_off_by_a_factor_of_two_asks_about_the_half(self, typed, answer, cost_has_half, message):
        """Exactly 2 times or half the answer is named, with the ½ of the cost where it matters."""
        feedback = check_number(typed, answer, cost_has_half=cost_has_half)
        assert (feedback.correct, feedback.valid, feedback.message) == (False, True, message)
        assert check_number(typed, answer, narrow=False, cost_has_half=cost_has_half).message == message

    def test_a_whole_number_answer_off_by_one_is_not_a_rounding_slip(self):
        """-22 for -21 or 96 for 97 is a wrong count, not too few digits; -21.3 for -21 may be rounding."""
        assert check_number("-22", -21).message == "Not quite: -22 is too large in size."
        assert check_number("96", 97).message == "Not quite: 96 is too small."
        assert "keep more digits" in check_number("-21.3", -21).message

    def test_sizes_are_compared_as_sizes(self):
        """-0.0333 for -0.000666 is 50 times too large in size, not 'too small'; a sign flip is named."""
        assert check_number("-0.0333", -0.000666).message == (
            "Not quite: -0.0333 is too large in size, by a factor of about 50.")
        assert check_number("-0.0005", -0.000666).message == "Not quite: -0.0005 is too small in size."
        assert check_number("0.1", -0.3).message == "Not quite: 0.1 has the wrong sign and is too small in size."
        assert check_number("-3", 0.1).message == (
            "Not quite: -3 has the wrong sign and is too large in size, by a factor of about 30.")

    def test_keep_more_digits_only_when_the_digits_written_agree(self):
        """alpha = 1 instead of 2 (1.0327 for 1.0655) is a wrong step, not rounding; 0.0578 from 0.36 is rounding."""
        for typed in ("1.0327", "1 - 1*(-0.032729)", 1.032729):
            message = check_number(typed, 1.065458).message
            assert "digits" not in message and message.endswith("is too small.")
        assert "keep more digits" in check_number("1.07", 1.065458).message
        assert "keep more digits" in check_number("0.5*(0.7-0.36)**2", 0.0565308).message

    @pytest.mark.parametrize("value, words", [
        ("", "Type an answer first."),
        ("s0", "'s0' is not a number"),
        ("1,5", "write 1.5, not 1,5"),
        ("1/0", "Your answer divides by zero."),
        ("0.5 +", "Could not read that as a number"),
        (float("nan"), "not a finite number"),
        (True, "Type a number"),
        (None, "Type a number"),
    ])
    def test_unreadable_input(self, value, words):
        """Unreadable input is not an attempt (valid=False) and says what to type."""
        feedback = check_number(value, 1.0)
        assert (feedback.correct, feedback.valid) == (False, False)
        assert words in feedback.message

    def test_answer_must_be_finite(self):
        """The author's answer must be a finite number."""
        with pytest.raises(ValueError, match="finite number"):
            check_number("1", float("inf"))


# --- formulas ---------------------------------------------------------------------

class TestCheckExpression:
    @pytest.mark.parametrize("text", [
        "(out-target)*w2*s2*(1-s2)*s1",
        "s1*w2*(out - target)*(s2 - s2**2)",
        "s1 w2 (out - target) s2(1 - s2)",
        "w2*s2(1-s2)*s1*(out-target)",
        "-(target - out)*w2*s1*(s2 - s2^2)",
        "(out*w2*s1*s2 - target*w2*s1*s2)*(1-s2)",
        "(out - target) w2 s2 (1 - s2) s1",
        "w2*s1*(out-target)/(1/(s2*(1-s2)))",
    ])
    def test_equivalent_forms_are_accepted(self, text):
        """Any form equal to dC/dw1 = (out-target) w2 s2(1-s2) s1 is right."""
        feedback = check_expression(text, dc_dw1, ["s1", "s2", "w2", "out", "target"])
        assert feedback == Feedback(True, "Correct: your expression equals the answer.")

    def test_wrong_form_shows_the_numbers_at_the_lecture_point(self):
        """A wrong formula is rejected with both values at the lecture's point."""
        feedback = check_expression("(out-target)*w2*s2*s1", dc_dw1,
                                    ["s1", "s2", "w2", "out", "target"])
        assert not feedback.correct and feedback.valid
        mine = (LECTURE_POINT["out"] - 0.7) * 0.5 * LECTURE_POINT["s2"] * LECTURE_POINT["s1"]
        assert feedback.message == (
            "Not equal: at s1=0.98201, s2=0.72751, w2=0.5, out=0.36375, target=0.7:"
            f" yours gives {mine:.5g}, expected -0.032729.")

    def test_missing_variable_is_named(self):
        """Leaving out w1 (= 1 at the lecture point) is caught at a random point and named."""
        feedback = check_expression("(out-target)*w2*s2*(1-s2)*s1*(1-s1)*s0", dc_dw0, NAMES)
        assert feedback.message.startswith(
            "Your expression does not use w1, but the answer depends on it. Not equal: at s0=")
        # the numbers shown are the two formulas at the point shown
        point = dict(re.findall(r"(\w+)=([-\d.e]+)", feedback.message))
        point = {n: float(point[n]) for n in NAMES}
        yours, expected = re.search(r"yours gives (\S+), expected (\S+)\.", feedback.message).groups()
        assert float(expected) == pytest.approx(dc_dw0(**point), rel=1e-3)
        assert float(yours) == pytest.approx(dc_dw0(**point) / point["w1"], rel=1e-3)

    def test_extra_variable_is_named(self):
        """Using a name the answer does not depend on is reported."""
        feedback = check_expression("(out-target)*s2*w1", "(out - target)*s2", NAMES)
        assert feedback.message.startswith("The answer does not depend on w1, but yours does.")

    def test_sign_and_factor_are_named(self):
        """A flipped sign and a constant factor get their own explanation."""
        sign = check_expression("(target-out)*w2*s2*(1-s2)*w1*s1*(1-s1)*s0", dc_dw0, NAMES)
        assert sign.message.startswith("Check the sign: yours is the negative of the answer")
        assert "yours gives 0.0011774, expected -0.0011774." in sign.message
        third = check_expression("1/3 " + DC_DW0, dc_dw0, NAMES)
        assert third.message.startswith("Yours is 0.33333 times the answer everywhere: a factor is missing")
        half = check_expression("1/2 " + DC_DW0, dc_dw0, NAMES)
        assert half.message.startswith("Everywhere yours is off by a factor of 2 (half the answer) -"
                                       " look for a 2 or a ½ that is missing or extra. Not equal:")

    def test_a_dropped_half_of_the_cost_is_asked_about(self):
        """dC/dout = out - target from C = ½(out - target)²: 2(out - target) asks about the ½."""
        feedback = check_expression("2*(out - target)*s2", "(out - target)*s2", NAMES, cost_has_half=True)
        assert not feedback.correct
        assert feedback.message.startswith("Everywhere yours is off by a factor of 2 (twice the answer)"
                                           " - did you forget the ½ in the cost? Not equal:")
        # a cost without the ½, L = (out - target)²: a ½ brought along halves the slope
        feedback = check_expression("(out - target)*s2", "2*(out - target)*s2", NAMES, cost_has_half=False)
        assert feedback.message.startswith("Everywhere yours is off by a factor of 2 (half the answer)"
                                           " - this cost has no ½: did you put one in?")

    def test_expected_may_take_only_some_variables(self):
        """expected may name just the variables it uses; the others are distractors."""
        assert check_expression("(out-target)*w2*s2*(1-s2)*s1", dc_dw1, NAMES).correct
        feedback = check_expression("(out-target)*w2*s2*(1-s2)*s1*w1", dc_dw1, NAMES)
        assert feedback.message.startswith("The answer does not depend on w1, but yours does.")

    def test_expected_may_be_a_formula_string_and_ranges_a_dict(self):
        """expected can be text; a dict of ranges keeps samples where the answer is defined."""
        ranges = {"x": (1.0, 4.0)}
        assert check_expression("x^0.5", "sqrt(x)", ranges, point={}).correct
        assert check_expression("log(x^2)", "2 ln(x)", ranges, point={}).correct
        assert not check_expression("log(x)", "2 ln(x)", ranges, point={}).correct

    def test_sample_points_come_from_the_ranges(self):
        """The point shown in a message lies inside the given range (seeded, repeatable)."""
        ranges = {"x": (5.0, 6.0)}
        first = check_expression("x + 1", "x", ranges, point={})
        x = float(re.search(r"at x=([\d.]+):", first.message).group(1))
        assert 5.0 <= x <= 6.0
        assert check_expression("x + 1", "x", ranges, point={}) == first

    def test_your_expression_undefined_where_the_answer_is_defined(self):
        """Dividing by zero at a sample point is a wrong answer with a clear message."""
        feedback = check_expression("s0/(s0 - 2)", "s0", ["s0"])
        assert feedback.valid and not feedback.correct
        assert feedback.message == ("Not equal: at s0=2: your expression divides by zero,"
                                    " but the answer there is 2.")

    def test_author_errors_raise(self):
        """Bad ranges and a non-callable expected are the author's errors: they raise."""
        with pytest.raises(ValueError, match="low < high"):
            check_expression("x", "x", {"x": (2.0, 1.0)})
        with pytest.raises(TypeError, match="function of the variables"):
            check_expression("x", 3.0, ["x"])
        with pytest.raises(TypeError, match="list of names"):
            check_expression("x", "x", "x")

    @pytest.mark.parametrize("text", NASTY)
    def test_nasty_text_gets_feedback(self, text):
        """Every nasty string gets a wrong-answer message, never an exception."""
        feedback = check_expression(text, dc_dw0, NAMES)
        assert feedback.correct is False
        assert len(feedback.message) > 10
        number = check_number(text, 1.0)
        assert number.correct is False and number.message

    def test_unknown_names_are_listed(self):
        """x9 and __import__ are named, with the allowed names."""
        allowed = "which is not one of: s0, s1, s2, w1, w2, out, target"
        assert f"uses x9, {allowed}" in check_expression("x9*s0", dc_dw0, NAMES).message
        assert f"uses __import__, {allowed}" in check_expression(
            "__import__('os')", dc_dw0, NAMES).message

    def test_huge_exponent_is_refused(self):
        """9**9**9 and friends are refused as 'too large' (never computed)."""
        for text in ["9**9**9", "9^9^9^9^9", "s0^(10^10)", "(s0+1)^99^99"]:
            assert "too large" in check_expression(text, dc_dw0, NAMES).message

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="s0123w+-*/^() .,eSxp_[]'=<²³⁻½π√×−·≈σ∂\u2009", max_size=40))
    def test_any_text_gets_feedback(self, text):
        """Property: random text (with what people paste: ², ½, π, thin spaces) never raises."""
        feedback = check_expression(text, dc_dw0, NAMES)
        assert isinstance(feedback, Feedback) and feedback.message
        assert check_number(text, 0.5).message


class TestNoEval:
    def test_module_never_calls_eval_exec_or_compile(self):
        """The module source contains no eval(, exec( or compile( call."""
        for module in (formula, answers):
            assert not re.search(r"\b(eval|exec|compile)\s*\(", inspect.getsource(module))
        assert "ast.parse(source, mode=\"eval\")" in inspect.getsource(formula)

    def test_checks_work_with_eval_and_exec_disabled(self, monkeypatch):
        """With eval/exec raising and compile allowed only to build syntax trees, checks still work."""
        real_compile = builtins.compile

        def forbidden(*args, **kwargs):
            raise AssertionError("eval/exec called")

        def tree_only(source, filename, mode, flags=0, *args, **kwargs):
            if not flags & ast.PyCF_ONLY_AST:
                raise AssertionError("compile called to make code")
            return real_compile(source, filename, mode, flags, *args, **kwargs)

        monkeypatch.setattr(builtins, "eval", forbidden)
        monkeypatch.setattr(builtins, "exec", forbidden)
        monkeypatch.setattr(builtins, "compile", tree_only)
        assert check_expression(DC_DW0, dc_dw0, NAMES).correct
        assert check_expression("s1 w2 (out-target) s2(1-s2)", "(out-target)*w2*s2*(1-s2)*s1",
                                NAMES).correct
        assert check_number("1/2*(0.7 - 0.36375)^2", 0.0565308).correct
        for text in NASTY:
            assert not check_expression(text, dc_dw0, NAMES).correct


# --- widgets ----------------------------------------------------------------------

def lecture_cost_exercise():
    return NumberExercise("What is the cost $C$ at the first guess?", 0.0565308,
                          hint="$C = \\tfrac12(\\text{target} - \\text{out})^2$",
                          solution="$C = \\tfrac12 (0.7 - 0.3638)^2 = 0.05653$")


class TestNumberExercise:
    def test_controls_have_descriptions(self):
        """The input and both buttons are labelled; the solution starts hidden and empty."""
        ex = lecture_cost_exercise()
        assert ex.answer_box.description == "Your answer"
        assert ex.check_button.description == "Check"
        assert ex.solution_button.description == "Show solution"
        assert ex.question_box.value.startswith("What is the cost")
        assert (ex.solution_box.value, ex.solution_shown, ex.hint_shown) == ("", False, False)
        assert (ex.attempts, ex.solved, ex.feedback_text) == (0, False, "")

    def test_wrong_answer_counts_and_shows_the_hint(self):
        """A wrong answer: attempts 1, red feedback, the hint appears."""
        ex = lecture_cost_exercise()
        feedback = ex.submit("0.5")
        assert feedback.correct is False
        assert ex.attempts == 1 and not ex.solved
        assert ex.feedback_text == "Not quite: 0.5 is too large, by a factor of about 8.8."
        assert "#8b0000" in ex.feedback_box.value and "✘" in ex.feedback_box.value
        assert ex.hint_shown and "Hint:" in ex.hint_box.value and "target" in ex.hint_box.value

    def test_right_answer_solves_in_green(self):
        """A right answer: solved, green with a check mark, hint hidden again."""
        ex = lecture_cost_exercise()
        ex.submit("0.05")
        ex.submit("0.05653")
        assert ex.solved and ex.attempts == 2
        assert ex.feedback_text == "Correct: 0.05653."
        assert "#1b5e20" in ex.feedback_box.value and "✔" in ex.feedback_box.value
        assert not ex.hint_shown

    def test_two_numbers_are_not_an_attempt_nor_right(self):
        """'0.707 0.1' where 0.0707 is right: not solved, not counted, told to type one number."""
        ex = NumberExercise("What is 0.707 times 0.1?", 0.0707)
        ex.submit("0.707 0.1")
        assert (ex.solved, ex.attempts, ex.hint_shown) == (False, 0, False)
        assert ex.feedback_text.startswith("I read two numbers, 0.707 and 0.1,")
        assert "✘" not in ex.feedback_box.value and "?" in ex.feedback_box.value

    def test_a_dropped_half_of_the_cost_is_asked_about(self):
        """An exercise on C = ½(out - target)² (cost_has_half=True): twice the answer asks about the ½."""
        ex = NumberExercise("What is dC/dout?", -0.33625, cost_has_half=True)
        ex.submit("-0.6725")
        assert ex.feedback_text == ("Not quite: -0.6725 is off by a factor of 2 (twice the answer)"
                                    " - did you forget the ½ in the cost?")
        with pytest.raises(TypeError, match="cost_has_half must be True, False or None"):
            NumberExercise("?", 1.0, cost_has_half="yes")

    def test_unreadable_input_is_not_an_attempt(self):
        """A typo gets a message but does not use up an attempt or show the hint."""
        ex = lecture_cost_exercise()
        ex.submit("0.05 +")
        assert ex.attempts == 0 and not ex.hint_shown
        assert ex.feedback_text.startswith("Could not read that as a number")

    def test_enter_submits_and_check_does_not_double_count(self):
        """Setting the value (Enter) checks; pressing Check on the same text adds nothing."""
        ex = lecture_cost_exercise()
        ex.answer_box.value = "0.1"
        assert ex.attempts == 1 and ex.feedback_text == "Not quite: 0.1 is too large."
        ex.check_button.click()
        assert ex.attempts == 1
        ex.answer_box.value = "0.0565"
        assert ex.solved and ex.attempts == 2

    def test_check_on_empty_box(self):
        """Check with nothing typed asks for an answer."""
        ex = lecture_cost_exercise()
        ex.check_button.click()
        assert ex.feedback_text == "Type an answer first." and ex.attempts == 0

    def test_show_solution_reveals_it(self):
        """The Show solution button reveals the worked solution."""
        ex = lecture_cost_exercise()
        ex.solution_button.click()
        assert ex.solution_shown
        assert "0.05653" in ex.solution_box.value and "Solution." in ex.solution_box.value

    def test_without_a_solution_the_answer_is_the_solution(self):
        """Every exercise has Show solution: without a written one it gives the answer."""
        ex = NumberExercise("What is dC/dw0 at the first guess?", ChainNetwork().gradient()["w0"])
        assert ex.solution_button.layout.display != "none"
        ex.solution_button.click()
        assert "The answer is -0.0011774." in ex.solution_box.value

    def test_too_large_too_small_stops_after_three(self):
        """Three wrong answers say too large/small; the fourth points to the hint instead."""
        ex = lecture_cost_exercise()
        said = [ex.submit(guess).message for guess in ("0.5", "0.01", "0.1", "0.03")]
        assert said[:3] == ["Not quite: 0.5 is too large, by a factor of about 8.8.",
                            "Not quite: 0.01 is too small, by a factor of about 5.7.",
                            "Not quite: 0.1 is too large."]
        assert "too" not in said[3] and "0.03 is not the answer" in said[3] and "hint" in said[3]
        assert ex.submit("0.05653").correct

    def test_reveal_appears_only_after_an_answer(self):
        """reveal= is made and shown only once an answer could be read (a typo does not count)."""
        made = []
        ex = NumberExercise("Predict dC/dx2.", -0.03332, rel_tol=1e-3,
                            reveal=lambda: made.append(1) or "<b>dC/dx2 = -0.03332</b>")
        assert not ex.revealed and ex.reveal_box.children == () and made == []
        ex.submit("0.5 +")
        assert not ex.revealed and made == []
        ex.submit("-0.1")
        assert not ex.revealed and made == []   # a wrong try: the hint, not the answer
        ex.submit("-0.03332")
        assert ex.revealed and made == [1]
        assert ex.reveal_box.children[0].value == "<b>dC/dx2 = -0.03332</b>"
        ex.submit("-0.03332")
        assert made == [1]   # made once

    def test_reveal_of_an_object_is_displayed_and_errors_are_a_message(self):
        """A figure becomes an Image widget, an HTML object an HTML widget; a failing reveal a message."""
        import bpwidgets as bp

        class Table:
            def _repr_html_(self):
                return "<i>the table</i>"
        ex = NumberExercise("q", 1.0, reveal=lambda: Table())
        ex.show_solution()
        (output,) = ex.reveal_box.children
        assert output.value == "<i>the table</i>"
        figure = NumberExercise("q", 1.0, reveal=bp.draw_sigmoid_slope)
        figure.submit("1")
        (image,) = figure.reveal_box.children
        assert image.format == "png" and bytes(image.value[:8]) == b"\x89PNG\r\n\x1a\n"
        broken = NumberExercise("q", 1.0, reveal=lambda: 1 / 0)
        broken.submit("1")
        assert "ZeroDivisionError" in broken.reveal_box.children[0].value
        with pytest.raises(TypeError, match="reveal must be"):
            NumberExercise("q", 1.0, reveal=3)

    def test_unexpected_error_becomes_a_message(self):
        """An exception inside a check is shown as a friendly message, never raised."""
        ex = lecture_cost_exercise()
        ex._check = lambda answer: 1 / 0
        feedback = ex.submit("1")
        assert feedback.valid is False and "Something went wrong" in ex.feedback_text
        ex.answer_box.value = "2"  # through the widget callback as well
        ex.check_button.click()
        assert ex.attempts == 0 and "ZeroDivisionError" in ex.feedback_text

    def test_learner_text_is_escaped(self):
        """HTML typed by the learner is never rendered as HTML."""
        ex = lecture_cost_exercise()
        ex.submit("<script>alert(1)</script>")
        assert "<script" not in ex.feedback_box.value

    def test_constructor_checks_its_arguments(self):
        """A non-finite answer or a non-string question is refused with a message."""
        with pytest.raises(ValueError, match="answer must be a finite number"):
            NumberExercise("q", float("nan"))
        with pytest.raises(TypeError, match="question must be a string"):
            NumberExercise(3, 1.0)


class TestExpressionExercise:
    def make(self):
        return ExpressionExercise(
            "Write $\\partial C/\\partial w_0$ in s0, s1, s2, w1, w2, out, target.",
            dc_dw0, NAMES, hint="Five factors, one per step back, times dC/dout.",
            solution="$(out - target)\\, w_2\\, s_2(1-s_2)\\, w_1\\, s_1(1-s_1)\\, s_0$")

    def test_flow(self):
        """Wrong (with numbers and hint), then an equivalent form is accepted."""
        ex = self.make()
        ex.submit("(out-target)*w2*s2*(1-s2)*w1*s1*(1-s1)")
        assert ex.attempts == 1 and ex.hint_shown
        assert "does not use s0" in ex.feedback_text and "expected -0.0011774" in ex.feedback_text
        ex.submit("s0 w1 s1(1 - s1) w2 s2(1 - s2)(out - target)")
        assert ex.solved and ex.attempts == 2
        assert ex.feedback_text == "Correct: your expression equals the answer."
        assert ex.answer_box.placeholder == "a formula in s0, s1, s2, w1, w2, out, target"

    def test_unknown_name_feedback(self):
        """x9 is named in the feedback and is not an attempt."""
        ex = self.make()
        ex.submit("x9 * s0")
        assert ex.attempts == 0 and "uses x9" in ex.feedback_text

    def test_expected_as_text(self):
        """expected may be a formula string."""
        ex = ExpressionExercise("dout/dw2?", "s2", ["s2", "w2"])
        assert ex.submit("s2").correct and not ex.submit("w2").correct

    def test_broken_expected_fails_at_construction(self):
        """A lambda needing a name that is not a variable is caught when the author builds it."""
        with pytest.raises(TypeError, match="a"):
            ExpressionExercise("q", lambda s0, a: a, ["s0"])


class TestMultipleChoiceExercise:
    def make(self):
        return MultipleChoiceExercise(
            "Why is dC/dw0 so small at the first guess?",
            ["w0 is large", "two sigmoid slopes multiply in", "the cost is zero"], 1,
            hint="Look at the factors s(1 - s).",
            explanations=["w0 appears only through s0 and s1.", "", "C = 0.0565, not 0."],
            solution="$s_1(1-s_1) = 0.0177$ and $s_2(1-s_2) = 0.198$ multiply.", shuffle=False)

    def test_flow(self):
        """Nothing picked, a wrong pick with its explanation, then the right one."""
        ex = self.make()
        assert ex.answer_box.description == "Your answer" and ex.answer_box.value is None
        ex.check_button.click()
        assert ex.feedback_text == "Pick one of the options first." and ex.attempts == 0
        ex.submit(2)
        assert ex.answer_box.value == "the cost is zero"
        assert ex.feedback_text == "Not this one. C = 0.0565, not 0." and ex.hint_shown
        ex.submit("two sigmoid slopes multiply in")
        assert ex.solved and ex.attempts == 2 and ex.feedback_text == "Correct."
        ex.solution_button.click()
        assert "0.0177" in ex.solution_box.value
        assert "The answer is: <b>two sigmoid slopes multiply in</b>." in ex.solution_box.value

    def test_options_are_shuffled_the_same_way_every_time(self):
        """The shown order is a seeded shuffle: stable across builds, right answer tracked."""
        options = ["w0 is large", "two sigmoid slopes multiply in", "the cost is zero", "alpha is 0.5"]
        orders = {tuple(MultipleChoiceExercise("q", options, 0).options) for _ in range(3)}
        assert len(orders) == 1
        (shown,) = orders
        assert sorted(shown) == sorted(options) and list(shown) != options
        ex = MultipleChoiceExercise("q", options, 0)
        assert ex.options[ex.correct_index] == "w0 is large"
        assert ex.submit("w0 is large").correct
        assert MultipleChoiceExercise("q", options, 0, seed=1).options != list(shown)

    def test_first_option_is_not_usually_the_answer(self):
        """Over many questions written with the answer first, it is shown first about 1/n of the time."""
        firsts = sum(MultipleChoiceExercise("q", [f"right {k}", f"b{k}", f"c{k}"], 0).correct_index == 0
                     for k in range(60))
        assert 8 <= firsts <= 32

    def test_default_solution_names_the_option_and_why(self):
        """Without a written solution, Show solution gives the right option and its explanation."""
        ex = MultipleChoiceExercise("q", ["a", "b"], 1, explanations=["no", "because b"])
        ex.show_solution()
        assert "The answer is: <b>b</b>. because b" in ex.solution_box.value

    def test_check_button_reads_the_radio_buttons(self):
        """Picking in the RadioButtons and pressing Check checks that pick."""
        ex = self.make()
        ex.answer_box.value = "w0 is large"
        assert ex.attempts == 0  # picking alone does not check
        ex.check_button.click()
        assert ex.attempts == 1 and "only through s0" in ex.feedback_text

    def test_bad_arguments(self):
        """Too few options or an out-of-range correct_index are refused."""
        with pytest.raises(TypeError, match="at least two"):
            MultipleChoiceExercise("q", ["only"], 0)
        with pytest.raises(ValueError, match="correct_index"):
            MultipleChoiceExercise("q", ["a", "b"], 2)


class TestPredictionExercise:
    def make(self, made):
        return PredictionExercise(
            "Before you run the backward pass: is dC/dx1 larger or smaller than dC/dx2?",
            ["smaller: a slope s1(1 - s1) = 0.0177 multiplies in", "larger", "the same"], 0,
            reveal=lambda: made.append(1) or "dC/dx2 = -0.03332, dC/dx1 = -0.000589",
            explanations=["", "Each step back multiplies by w1 s1(1 - s1).", "They differ by w1 s1(1-s1)."])

    def test_nothing_is_shown_before_the_prediction(self):
        """The reveal is not made until a pick is locked in; then it stays."""
        made = []
        ex = self.make(made)
        assert ex.check_button.description == "Lock in"
        assert not ex.revealed and made == []
        ex.check_button.click()   # nothing picked
        assert not ex.revealed
        ex.submit("larger")
        assert not ex.revealed and made == [] and ex.hint_shown is False   # this one has no hint
        assert ex.feedback_text == ("Not what happens. Each step back multiplies by w1 s1(1 - s1)."
                                    " Think again with the hint, then lock in another prediction.")
        ex.submit("the same")
        assert not ex.revealed
        ex.submit("larger")   # the third wrong try: now it shows what happens
        assert ex.revealed and made == [1]
        assert ex.feedback_text == ("Not what happens: look below, then try again."
                                    " Each step back multiplies by w1 s1(1 - s1).")
        assert "-0.000589" in ex.reveal_box.children[0].value
        assert ex.submit(ex.correct_index).message == "Correct."   # seen already: no prediction
        assert ex.solved and made == [1]
        fresh = self.make([])
        assert fresh.submit(fresh.correct_index).message == "Your prediction was right: see below."

    def test_a_wrong_prediction_gets_the_hint_and_show_solution_reveals(self):
        """Predict first: a wrong pick shows the hint, not the answer; Show solution shows both."""
        made = []
        ex = PredictionExercise("Where will out land?", ["above 0.7", "close to 0.7", "below 0.5"], 2,
                                hint="out = w2 s2 with w2 = 0.5.", reveal=lambda: made.append(1) or "out = 0.3147")
        ex.submit("above 0.7")
        assert ex.hint_shown and "w2 = 0.5" in ex.hint_box.value
        assert not ex.revealed and "0.3147" not in ex.feedback_text and "below 0.5" not in ex.feedback_text
        ex.solution_button.click()
        assert ex.revealed and made == [1] and "The answer is: <b>below 0.5</b>." in ex.solution_box.value

    def test_an_option_ending_in_a_full_stop_gets_no_second_one(self):
        """'The answer is: <b>Mostly towards larger w2.</b>' with one full stop, not '. .'."""
        ex = MultipleChoiceExercise("Which way?", ["Mostly towards larger w1.", "Mostly towards larger w2."], 1,
                                    solution="Downhill is mostly along +w2.")
        ex.solution_button.click()
        assert "The answer is: <b>Mostly towards larger w2.</b> Downhill" in ex.solution_box.value
        assert ".</b>." not in ex.solution_box.value

    def test_reveal_is_required(self):
        """A prediction without a reveal is an author's mistake."""
        with pytest.raises(TypeError, match="reveal"):
            PredictionExercise("q", ["a", "b"], 0, reveal=None)


class TestFindTheBugExercise:
    CODE = """\
dout = out - target
dx2 = dout * w2 * s2 * (1 - s2)
dw1 = dx2 * s1
dx1 = dx2 * w1 * s1 * (1 - s2)
dw0 = dx1 * s0"""

    def test_lines_are_numbered_in_order_and_the_wrong_one_is_right(self):
        """The code is shown numbered; options stay in line order; line 4 is the bug."""
        ex = FindTheBugExercise("Which line of this backward pass is wrong?", self.CODE, 4,
                                hint="Compare each line with 'gradient from above x local slope'.",
                                explanations=["", "", "", "", "dw0 = dC/dx1 * s0 is right."])
        assert ex.options[3] == "line 4: dx1 = dx2 * w1 * s1 * (1 - s2)"
        assert "4  dx1 = dx2 * w1 * s1 * (1 - s2)" in ex.question_box.value
        assert not ex.submit(4).correct and ex.feedback_text == "Not this one. dw0 = dC/dx1 * s0 is right."
        assert ex.hint_shown
        assert ex.submit(3).correct
        ex.show_solution()
        assert "line 4" in ex.solution_box.value

    def test_bad_line_number(self):
        """wrong_line must be one of the lines."""
        with pytest.raises(ValueError, match="from 1 to 5"):
            FindTheBugExercise("q", self.CODE, 6)


class TestWhatPeopleType:
    @pytest.mark.parametrize("text, value", [
        ("1 000", 1000.0),
        ("1\u2009000", 1000.0),
        ("12 345.5", 12345.5),
        ("2²", 4.0),
        ("(1 - 0.5)³", 0.125),
        ("½", 0.5),
        ("1½", 1.5),
        ("½(0.7 − 0.36375)²", 0.5 * 0.33625 ** 2),
        ("π", math.pi),
        ("2π", 2 * math.pi),
        ("√4", 2.0),
        ("3 × 2", 6.0),
        ("−0.5", -0.5),
        ("0.5^200", 0.5 ** 200),
    ])
    def test_numbers_as_written_on_paper(self, text, value):
        """Thousands, superscripts, fractions, pi, roots, x and the minus sign read as meant."""
        assert parse_expression(text)() == pytest.approx(value, rel=1e-12)

    def test_formulas_with_superscripts(self):
        """s0² is s0 squared; s2(1 − s2) with a typographic minus works."""
        assert parse_expression("s0² + s2(1 − s2)", ["s0", "s2"])(s0=3.0, s2=0.5) == 9.25

    def test_tiny_powers_are_numbers_not_errors(self):
        """0.5^200 is a small number; the feedback compares it instead of refusing it."""
        assert check_number("0.5^200", 0.5 ** 200).correct
        assert check_number("0.5^200", 1.0).message == "Not quite: 6.223e-61 is too small, by a factor of about 1.6e+60."

    def test_characters_with_no_meaning_say_what_to_type(self):
        """'≈' and '∂' are named with their place in what was typed."""
        message = check_number("≈0.5", 0.5).message
        assert message == ("The character '≈' (character 1 of what you typed) cannot be read here."
                           " Type the number itself instead.")
        assert "character 3" in check_expression("s2∂", "s2", ["s2"]).message

    def test_error_position_counts_what_the_learner_typed(self):
        """'2s0 + * 3': the learner's character 7 is the stray '*', though the rewrite is longer."""
        with pytest.raises(ExpressionError, match=r"near character 7, '\*'"):
            parse_expression("2s0 + * 3", ["s0"])
        with pytest.raises(ExpressionError, match="stops too early"):
            parse_expression("s2 (1 - s2) +", ["s2"])
        with pytest.raises(ExpressionError, match=r"the '\(' at character 4 is never closed"):
            parse_expression("2s0(1 - s0", ["s0"])

    def test_enough_digits_to_tell_values_apart(self):
        """Typing 0.097337 where 0.0973366 is right shows two different numbers."""
        feedback = check_expression("0.097337 + 0*s2", "0.0973366 + 0*s2", ["s2"])
        assert "yours gives 0.097337, expected 0.0973366." in feedback.message
        assert answers.numbers_apart(1.0, 1.0) == ("1", "1")
        assert answers.numbers_apart(0.0565308, 0.0565) == ("0.056531", "0.0565")

    def test_a_number_where_a_formula_is_asked(self):
        """The lecture-point value typed as a number is told to be a formula, not counted."""
        value = dc_dw1(**{n: LECTURE_POINT[n] for n in ["s1", "s2", "w2", "out", "target"]})
        feedback = check_expression(repr(value), dc_dw1, ["s1", "s2", "w2", "out", "target"])
        assert feedback.valid is False and not feedback.correct
        assert feedback.message.startswith("Type a formula in s1, s2, w2, out, target, not a number")


class TestHintLadder:
    def test_each_wrong_answer_opens_one_more_hint(self):
        """hint=[first, second]: one wrong answer shows only the first, the next shows both, then no more."""
        ex = NumberExercise("A tanh neuron outputs 0.5. Its slope?", 0.75,
                            hint=["tanh's slope comes from its value alone, like the sigmoid's.", "$1 - g^2$."])
        assert ex.hint == "tanh's slope comes from its value alone, like the sigmoid's."
        ex.submit("0.5")
        assert "like the sigmoid" in ex.hint_box.value and "1 - g^2" not in ex.hint_box.value
        ex.submit("0.25")
        assert "like the sigmoid" in ex.hint_box.value and "<b>Hint 2:</b> $1 - g^2$." in ex.hint_box.value
        ex.submit("0.3")
        assert ex.hint_box.value.count("Hint") == 2
        assert ex.submit("0.75").correct and not ex.hint_shown

    def test_a_hint_that_is_not_text_is_refused(self):
        """Every hint of the list must be a string."""
        with pytest.raises(TypeError, match="hint must be a string"):
            NumberExercise("?", 1.0, hint=["fine", 3])


@pytest.mark.parametrize("typed, pointed", [("-0,0327", "-0.0327"), ("0,5*0,7275", "0.5*0.7275")])
def test_a_decimal_comma_is_told_to_use_a_point(typed, pointed):
    """"-0,0327" says to use a point for decimals, with the answer as it should be typed."""
    feedback = check_number(typed, -0.0327)
    assert not feedback.correct and not feedback.valid
    assert f"use a point for decimals: {pointed}" in feedback.message
    assert "near character" not in feedback.message
    assert check_number(pointed, -0.0327).correct == (pointed == "-0.0327")
