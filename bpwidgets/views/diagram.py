"""The chain network drawn as a graph, with its current values.

    s0 --w0--> x1 --S--> s1 --w1--> x2 --S--> s2 --w2--> out --> C

With `stepper=` (or `highlight=True`) it highlights the node or edge of the
chain-rule walk-through's current step, which lives in the state (chain_weight,
chain_step), and writes each backward factor beside its edge.
"""
from __future__ import annotations

from matplotlib.patches import Circle, FancyArrowPatch

from ..chain_rule import FORWARD_STEPS
from ..numbers import rounded_text
from . import style
from ._canvas import SECONDARY_VIEW_INTERVAL, Blitter, new_figure
from ._panel import Panel, use_state

NODES = ("s0", "x1", "s1", "x2", "s2", "out", "C")
NODE_TEX = {"s0": "$s_0$", "x1": "$x_1$", "s1": "$s_1$", "x2": "$x_2$", "s2": "$s_2$",
            "out": "out", "C": "$C$"}
# Each edge is named by the node it leads into; its label says what it does.
EDGE_WEIGHT = {"x1": "w0", "x2": "w1", "out": "w2"}
PLAIN, FORWARD, BACKWARD, VISITED = style.GREY, style.BLUE, style.VERMILLION, style.LIGHT_GREY
THIN, THICK = 1.5, 4.0
RADIUS = 0.24
WIDTH_INCHES = 8.2   # at 100 dpi, within a 1280 px laptop's notebook beside the file browser
LABEL_FONT, SMALL_LABEL_FONT = 11, 7.5   # an edge label has 1 - 2 RADIUS between its nodes: 6 digits at 11 pt,
                                        # "−1.23e+05" (3 digits, its minus as wide as a digit) at 7.5 pt


def _weight_label(weight, value):
    """'w1' over its value, so '-12.35' fits between two nodes; longer numbers to 3 digits in a smaller font."""
    number = rounded_text(value)
    if len(number) <= 6:
        return f"{weight}=\n{number}", LABEL_FONT
    return f"{weight}=\n{rounded_text(value, '.3g')}", SMALL_LABEL_FONT


class NetworkDiagram(Panel):
    """Nodes s0 -> x1 -> s1 -> x2 -> s2 -> out -> C with their values, weights on the edges.

    With `stepper=` (a ChainRuleStepper on the same state) or `highlight=True` it
    highlights the walk-through's current step: forward steps in blue, backward
    factors in orange with their value beside the edge.
    """

    def __init__(self, state=None, stepper=None, highlight=None, **kwargs):
        if stepper is not None and state is not None and stepper.state is not state:
            raise ValueError("the stepper shows a different NetworkState; "
                             "pass the same state to both (NetworkDiagram(state, stepper=...))")
        self.state = use_state(stepper.state if state is None and stepper is not None else state)
        self.highlighting = stepper is not None if highlight is None else bool(highlight)
        self.fig = new_figure(WIDTH_INCHES, 2.4)
        self._build()
        super().__init__([self.fig.canvas], **kwargs)
        self.observe_state(self.state, self._update)

    # --- building the figure once ---------------------------------------------

    def _build(self):
        ax = self.ax = self.fig.add_subplot()
        ax.set_xlim(-0.5, len(NODES) - 0.5)
        ax.set_ylim(-0.7, 0.8)
        ax.set_aspect("equal")
        ax.axis("off")
        self.nodes, self.values, self.edges, self.edge_labels, self.factor_texts = {}, {}, {}, {}, {}
        for i, name in enumerate(NODES):
            circle = Circle((i, 0), RADIUS, facecolor="white", edgecolor=PLAIN, linewidth=THIN, zorder=2)
            ax.add_patch(circle)
            self.nodes[name] = circle
            ax.text(i, 0, NODE_TEX[name], ha="center", va="center", fontsize=13, zorder=3)
            self.values[name] = ax.text(i, -RADIUS - 0.12, "", ha="center", va="top", fontsize=12)
            if i == 0:
                continue
            edge = FancyArrowPatch((i - 1 + RADIUS, 0), (i - RADIUS, 0), arrowstyle="-|>",
                                   mutation_scale=14, color=PLAIN, linewidth=THIN, zorder=1)
            ax.add_patch(edge)
            self.edges[name] = edge
            self.edge_labels[name] = ax.text(i - 0.5, 0.06, "", ha="center", va="bottom",
                                             fontsize=LABEL_FONT, linespacing=1.0)
            self.factor_texts[name] = ax.text(i - 0.5, 0.42, "", ha="center", va="bottom",
                                              fontsize=12, color=BACKWARD)
        self.caption = ax.set_title("", fontsize=12, loc="left")
        # The numbers change with every weight and are blitted over the drawing;
        # the highlight changes only when the stepper moves, which redraws it all.
        self.blitter = Blitter(self.fig, [*self.values.values(), *self.edge_labels.values(),
                                          *self.factor_texts.values(), self.caption],
                               min_interval=SECONDARY_VIEW_INTERVAL)
        self._highlight_key = None

    # --- updating in place --------------------------------------------------------

    def _update(self):
        d = self.state.derived
        net, f = d.network, d.forward
        for name, value in zip(NODES, (net.s0, f.x1, f.s1, f.x2, f.s2, f.out, d.cost)):
            self.values[name].set_text(rounded_text(value))
        for name in self.edges:
            weight = EDGE_WEIGHT.get(name)
            label, size = _weight_label(weight, getattr(net, weight)) if weight else ("S", LABEL_FONT)
            self.edge_labels[name].set_text(label if name != "C" else "cost")
            self.edge_labels[name].set_fontsize(size)
        self._highlight(d.chain_steps)
        key = (self.state.chain_step, self.state.chain_weight) if self.highlighting else None
        if key != self._highlight_key:
            self._highlight_key = key
            self.blitter.redraw()
        else:
            self.blitter.update()

    def _highlight(self, steps):
        for circle in self.nodes.values():
            circle.set_edgecolor(PLAIN)
            circle.set_linewidth(THIN)
        for name, edge in self.edges.items():
            edge.set_color(PLAIN)
            edge.set_linewidth(THIN)
            self.factor_texts[name].set_text("")
        if not self.highlighting:
            self.caption.set_text("")
            return
        at = self.state.chain_step
        current = steps[at]
        if current.kind == "forward":
            colour = FORWARD
            self.nodes[current.node].set_edgecolor(colour)
            self.nodes[current.node].set_linewidth(THICK)
            self.caption.set_text(f"forward: {current.name} = {rounded_text(current.value)}")
        else:
            colour = BACKWARD
            for step in steps[FORWARD_STEPS:at]:   # factors (or gradients) already met
                if not step.last:
                    self.factor_texts[step.node].set_text(step.label)
                    self.factor_texts[step.node].set_color(VISITED)
            if current.last and not current.uses:
                self.caption.set_text(f"backward: {current.name} = {rounded_text(current.value)}, "
                                      "the product of the factors")
            else:
                self.factor_texts[current.node].set_text(current.label)
                self.factor_texts[current.node].set_color(BACKWARD)
                how = (f"reusing {current.uses} from above" if current.uses
                       else "the start of the backward pass" if current.name == "dC/dout"
                       else f"product so far {rounded_text(current.product)}")
                self.caption.set_text(f"backward: {current.name} = {rounded_text(current.value)}, {how}")
        self.edges[current.node].set_color(colour)
        self.edges[current.node].set_linewidth(THICK)

    @property
    def highlighted(self):
        """The name of the highlighted edge (the node it leads into), or None."""
        return next((name for name, edge in self.edges.items() if edge.get_linewidth() == THICK), None)

    def describe(self):
        """The values at the nodes, and what is highlighted."""
        values = ", ".join(f"{name} = {self.values[name].get_text()}" for name in NODES)
        caption = self.caption.get_text()
        return f"Network diagram s0 -> x1 -> s1 -> x2 -> s2 -> out -> C: {values}" + (
            f"; highlighted: {caption}." if caption else ".")


__all__ = ["NetworkDiagram"]
