"""Numbers as the widgets print them: rounded, never "-0", with one minus sign.

Text a learner reads (readouts, labels and numbers in figures, status lines, text
alternatives) writes a negative number with the minus sign "−" (U+2212, which a screen
reader says as "minus"). Text a learner may type or copy back (the sliders' boxes, share
lines, code) keeps the ASCII "-" that Python reads; so does LaTeX, which sets "-" as a minus.

    >>> rounded_text(-0.03333333)
    '−0.03333'
    >>> rounded_text(-1e-17, ".4f")     # rounds to zero: no sign
    '0.0000'
    >>> rounded_text(-2.5, minus="-")   # for LaTeX
    '-2.5'
"""
from __future__ import annotations

MINUS = "\u2212"


def rounded_text(x, spec=".4g", minus=MINUS):
    """x formatted with `spec` (4 significant digits by default); a value that rounds to zero
    is shown as zero without a sign, and a negative one with `minus`."""
    text = f"{x:{spec}}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", minus)


def latex_number(x, digits=4):
    """x in LaTeX, as the lecture prints it: `digits` significant digits, "-" (LaTeX sets it as a
    minus), never -0."""
    return rounded_text(x, f".{digits}g", minus="-")


__all__ = ["MINUS", "latex_number", "rounded_text"]
