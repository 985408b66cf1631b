"""The look shared by every view: one palette, one set of font sizes, the markers of the landscape.

Colours are Okabe-Ito (safe for colour-blind readers); sizes are chosen to be read
from the back of a lecture room.
"""
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
ORANGE = "#E69F00"
GREY = "#555555"
LIGHT_GREY = "#888888"
ERROR = "#b00020"
HIGHLIGHT = "#fff1a8"     # pale yellow behind the current row of a table
USED = "#d6eaf8"          # pale blue: the entries a highlighted one is computed from

WEIGHT_COLOURS = {"w0": BLUE, "w1": VERMILLION, "w2": GREEN}

FONT = 12                 # axis labels, legends, annotations
TICK_FONT = FONT - 1
TITLE_FONT = FONT + 1
COLOUR_MAP = "viridis"    # perceptually uniform and colour-blind safe

# the current weights on a landscape: a red star; the descent path: white dots; the marble: orange
STAR = dict(marker="*", color="red", markeredgecolor="black")
PATH = dict(color="white", marker="o", markeredgecolor="black", markeredgewidth=0.5)
MARBLE = dict(marker="o", markersize=12, color=ORANGE, markeredgecolor="black")


def status_html(text, problem=False):
    """A one-line status under a figure, red when it reports a problem."""
    colour = ERROR if problem else "black"
    return f'<span style="font-size: 15px; color: {colour}">{text}</span>'
