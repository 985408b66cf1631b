"""One picture of a whole widget as it looks: its figures, tables, readouts and headings laid out
in one PNG. Viewers that sanitize HTML (GitHub, many course sites) drop images inside HTML
outputs but always show an `image/png` output; this is that output.

A widget's static form is a tree of blocks: a figure (its PNG as pixels), lines of text (a
readout, a heading, a table drawn row by row), a column, a row (wrapped like a flex row when
wider than WIDTH). Each block becomes an RGB array; arrays are stacked with numpy.
"""
import html.parser
import io
import pickle
import re
import textwrap

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import IdentityTransform
from PIL import Image

WIDTH = 1000      # px: the picture reads on a laptop at its own size
DPI = 100
FONT_PX = 15
LINE_PX = 23
GAP_PX = 6        # between the blocks of a column
ROW_GAP_PX = 16   # between the blocks of a row
CELL_GAP_PX = 18  # between table columns
WHITE = 255


def figure_png(fig):
    """The figure as PNG bytes, as it looks now (moving artists included), the same bytes every run.

    Drawn from a copy: drawing the figure itself would fire its draw events (the
    saved backgrounds of blitting) and disturb the live view.
    """
    copy = pickle.loads(pickle.dumps(fig))
    for artist in copy.findobj(lambda a: a.get_animated()):
        # blitted artists: left out of a plain draw, and drawn over everything else when live
        artist.set_animated(False)
        artist.set_zorder(artist.get_zorder() + 100)
    for ax in copy.axes:
        if hasattr(ax, "computed_zorder"):
            ax.computed_zorder = False   # 3-D: keep that order instead of sorting by depth
    buffer = io.BytesIO()
    copy.savefig(buffer, format="png", metadata={"Software": None})   # no version stamp: same bytes
    return buffer.getvalue()


def figure_pixels(fig):
    """The figure's picture as an RGB uint8 array on white."""
    image = Image.open(io.BytesIO(figure_png(fig))).convert("RGBA")
    flat = Image.new("RGBA", image.size, (WHITE,) * 4)
    return np.asarray(Image.alpha_composite(flat, image).convert("RGB"))


def png(pixels):
    """RGB array -> PNG bytes (no metadata: the same pixels give the same bytes)."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")   # optimize=True: 3% smaller, 6x slower
    return buffer.getvalue()


# ---- layout: stack arrays ------------------------------------------------------------------------

def column(blocks, gap=GAP_PX):
    """Blocks one under the other, left-aligned."""
    blocks = [b for b in blocks if b is not None]
    if not blocks:
        return None
    width = max(b.shape[1] for b in blocks)
    parts = []
    for i, block in enumerate(blocks):
        if i:
            parts.append(_blank(gap, width))
        parts.append(_pad_right(block, width))
    return np.vstack(parts)


def row(blocks, width=WIDTH):
    """Blocks side by side, top-aligned; a block that would pass `width` starts a new line."""
    blocks = [b for b in blocks if b is not None]
    if not blocks:
        return None
    lines, line, used = [], [], 0
    for block in blocks:
        if line and used + ROW_GAP_PX + block.shape[1] > width:
            lines.append(line)
            line, used = [], 0
        used += (ROW_GAP_PX if line else 0) + block.shape[1]
        line.append(block)
    lines.append(line)
    return column([_side_by_side(line) for line in lines], gap=ROW_GAP_PX // 2)


def _side_by_side(blocks):
    height = max(b.shape[0] for b in blocks)
    parts = []
    for i, block in enumerate(blocks):
        if i:
            parts.append(_blank(height, ROW_GAP_PX))
        parts.append(np.vstack([block, _blank(height - block.shape[0], block.shape[1])]))
    return np.hstack(parts)


def _blank(height, width):
    return np.full((height, width, 3), WHITE, dtype=np.uint8)


def _pad_right(block, width):
    return np.hstack([block, _blank(block.shape[0], width - block.shape[1])])


# ---- text: HTML readouts and tables as lines --------------------------------------------------------

class Line:
    """One line of a text block: its cells (one for a paragraph, several for a table row)."""

    def __init__(self, cells, bold=False, mono=False, italic=False, background=None, table=False):
        self.cells, self.bold, self.mono, self.italic = cells, bold, mono, italic
        self.background, self.table = background, table


# the characters Unicode (and DejaVu Sans) has as small raised or lowered forms
_SUB = dict(zip("0123456789-−+=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₋₋₊₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SUP = dict(zip("0123456789-−+=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁺⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"))


def script_form(text, forms, mark):
    """<sup>/<sub> text as small raised (lowered) characters: W<sup>T</sup> -> Wᵀ, 10<sup>−16</sup> -> 10⁻¹⁶.
    Text with a character that has no such form keeps a mark instead: ^(...) or _(...); never plain
    letters that would read as part of the word (WT)."""
    if not text.strip() or all(c in forms or c.isspace() for c in text):
        return "".join(forms.get(c, c) for c in text)
    return mark + (text if len(text) == 1 else f"({text})")
_BLOCK_TAGS = {"div", "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "hr"}


class _Lines(html.parser.HTMLParser):
    """HTML (a widget's value) -> Lines: blocks break lines, tr/td make table rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.text, self.cells = [], [], None
        self.styled = {"bold": 0, "mono": 0, "italic": 0, "sub": 0, "sup": 0}
        self.counts = {"all": 0, "bold": 0, "mono": 0}
        self.row_style = {}
        self.opened = []   # (tag, bold by its style) of the open elements

    def handle_starttag(self, tag, attrs):
        style = dict(attrs).get("style") or ""
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "tr":
            self._flush()
            self.cells = []
            background = re.search(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{3,6})", style)
            self.row_style = {"background": background.group(1) if background else None,
                              "bold": "bold" in style}
        elif tag in ("td", "th"):
            self.text = []
        if tag in ("b", "strong", "th", "h1", "h2", "h3", "h4") or "font-weight: bold" in style:
            self.styled["bold"] += 1
        if tag in ("code", "tt", "kbd"):
            self.styled["mono"] += 1
        if tag in ("i", "em"):
            self.styled["italic"] += 1
        if tag in ("sub", "sup"):
            self.styled[tag] += 1
        if tag not in ("br", "hr", "img"):
            self.opened.append((tag, "font-weight: bold" in style))

    def handle_endtag(self, tag):
        bold_style = False
        while self.opened:   # close up to the matching start tag (HTML in widgets is well-formed)
            name, bold_style = self.opened.pop()
            if name == tag:
                break
        if tag in ("b", "strong", "th", "h1", "h2", "h3", "h4") or bold_style:
            self.styled["bold"] = max(0, self.styled["bold"] - 1)
        if tag in ("code", "tt", "kbd"):
            self.styled["mono"] = max(0, self.styled["mono"] - 1)
        if tag in ("i", "em"):
            self.styled["italic"] = max(0, self.styled["italic"] - 1)
        if tag in ("sub", "sup"):
            self.styled[tag] = max(0, self.styled[tag] - 1)
        if tag in ("td", "th") and self.cells is not None:
            self.cells.append(_squash("".join(self.text)))
            self.text = []
        elif tag == "tr" and self.cells is not None:
            if any(self.cells):
                self.lines.append(Line(self.cells, bold=self.row_style["bold"] or self._mostly("bold"),
                                       background=self.row_style["background"], table=True))
            self.cells = None
            self.counts.update(all=0, bold=0, mono=0)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if self.styled["sub"]:
            data = script_form(data, _SUB, "_")
        elif self.styled["sup"]:
            data = script_form(data, _SUP, "^")
        self.text.append(data)
        visible = len(data.strip())
        self.counts["all"] += visible
        self.counts["bold"] += visible if self.styled["bold"] else 0
        self.counts["mono"] += visible if self.styled["mono"] else 0

    def _mostly(self, kind):
        return self.counts["all"] > 0 and self.counts[kind] == self.counts["all"]

    def _flush(self):
        if self.cells is not None:
            return   # inside a table row: cells collect the text
        text = _squash("".join(self.text))
        if text:
            self.lines.append(Line([text], bold=self._mostly("bold"), mono=self._mostly("mono")))
        self.text = []
        self.counts.update(all=0, bold=0, mono=0)

    def close(self):
        super().close()
        self._flush()


def _squash(text):
    return re.sub(r"\s+", " ", text).strip()


def html_lines(markup):
    """A widget's HTML value as Lines."""
    parser = _Lines()
    parser.feed(markup)
    parser.close()
    return parser.lines


def text_block(lines, width=WIDTH):
    """Lines drawn as one RGB array: paragraphs wrapped to `width`, table cells in columns."""
    if not lines:
        return None
    fig = Figure(dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()

    def make(text, line):
        artist = fig.text(0, 0, text, transform=IdentityTransform(), fontsize=FONT_PX * 72 / DPI,
                          fontweight="bold" if line.bold else "normal",
                          fontstyle="italic" if line.italic else "normal",
                          family="monospace" if line.mono else "sans-serif", va="baseline",
                          color="#555555" if line.italic else "black")
        try:
            return artist, artist.get_window_extent(renderer).width
        except ValueError:   # maths matplotlib cannot set: show it as plain text
            artist.set_text(_plain_maths(text))
            return artist, artist.get_window_extent(renderer).width

    placed = []   # (y line index, x, artist, background)
    columns = []  # widths of table columns, over consecutive table rows
    n = 0
    for line in lines:
        if line.table and len(line.cells) > 1:
            measured = [make(cell, line) for cell in line.cells]
            for i, (_, w) in enumerate(measured):
                if i >= len(columns):
                    columns.append(0)
                columns[i] = max(columns[i], w)
            placed.append((n, measured, line.background))
            n += 1
            continue
        for piece in _wrapped(line.cells[0] if len(line.cells) == 1 else " ".join(line.cells), line,
                              width, make):
            placed.append((n, [piece], line.background))
            n += 1
    height = n * LINE_PX + 6
    right = 0
    for index, cells, background in placed:
        x = 4
        y = height - (index + 1) * LINE_PX + 6   # baseline, from the bottom
        for i, (artist, w) in enumerate(cells):
            artist.set_position((x, y))
            x += (columns[i] if len(cells) > 1 else w) + CELL_GAP_PX
        right = max(right, x - CELL_GAP_PX + 4)
        if background:
            fig.patches.append(_band(fig, index, height, background))
    total = int(min(max(right, 1), max(width, right)))
    fig.set_size_inches(total / DPI, height / DPI)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def _band(fig, index, height, colour):
    from matplotlib.patches import Rectangle
    return Rectangle((0, height - (index + 1) * LINE_PX + 1), 10_000, LINE_PX, transform=IdentityTransform(),
                     facecolor=colour, edgecolor="none", zorder=-1, figure=fig)


def _wrapped(text, line, width, make):
    """The paragraph as (artist, width) pieces, each fitting `width`."""
    artist, w = make(text, line)
    if w <= width - 8:
        return [(artist, w)]
    artist.remove()
    protected = re.sub(r"\$[^$]*\$", lambda m: m.group(0).replace(" ", "\u00a0"), text)
    chars = max(20, int(len(text) * (width - 8) / w * 0.95))
    return [make(piece.replace("\u00a0", " "), line) for piece in textwrap.wrap(protected, chars)]


_MATH_SYMBOLS = {r"\tfrac12": "½", r"\partial": "∂", r"\delta": "δ", r"\sigma": "σ", r"\times": "×",
                 r"\cdot": "·", r"\odot": "⊙", r"\sum": "Σ", r"\rightarrow": "→", r"\to": "→",
                 r"\alpha": "α", r"\lambda": "λ", r"\eta": "η"}


def _plain_maths(text):
    """LaTeX as readable plain text: symbols as characters, \\frac{a}{b} as a/b, \\text{...} kept,
    \\ln or \\tanh as ln or tanh, braces and dollars removed."""
    text = re.sub(r"\\(?:begin|end)\{aligned\}|&(?=\s*[=\\])", "", text).replace("\\\\", " ")
    for command, symbol in _MATH_SYMBOLS.items():
        text = re.sub(re.escape(command) + r"(?![a-zA-Z])", symbol, text)
    text = re.sub(r"\\hat\s*(?:\{(\w)\}|(\w))", lambda m: (m.group(1) or m.group(2)) + "\u0302", text)
    text = re.sub(r"\\(?:text|mathrm)\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"([\^_])\{([^{}]*)\}", r"\1\2", text)   # b^{(3)} -> b^(3)
    for _ in range(3):   # nested fractions, innermost first
        text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\\(?:quad|[ ,;!])", " ", text)
    text = re.sub(r"\\(?:left|right|[bB]igg?[lr]?)(?![a-zA-Z])", "", text)
    text = re.sub(r"\\([a-zA-Z]+)", r"\1", text)   # ln, tanh, max: their names
    return re.sub(r"[${}]", "", text)
