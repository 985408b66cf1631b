"""The chain network drawn as a graph, with its current values.

    s0 --w0--> x1 --S--> s1 --w1--> x2 --S--> s2 --w2--> out --> C

Linked to a ChainRuleStepper, it highlights the node or edge of the current
step and writes each backward factor beside its edge.
"""
from __future__ import annotations

from matplotlib.patches import Circle, FancyArrowPatch

from ._canvas import SECONDARY_VIEW_INTERVAL, Blitter, new_figure
from .stepper import backward_steps, forward_steps
from ._panel import Panel, use_state
from ..state import NETWORK_TRAITS

NODES = ("s0", "x1", "s1", "x2", "s2", "out", "C")
NODE_TEX = {"s0": "$s_0$", "x1": "$x_1$", "s1": "$s_1$", "x2": "$x_2$", "s2": "$s_2$",
            "out": "out", "C": "$C$"}
# Each edge is named by the node it leads into; its label says what it does.
EDGE_WEIGHT = {"x1": "w0", "x2": "w1", "out": "w2"}
PLAIN, FORWARD, BACKWARD = "#555555", "#0072B2", "#D55E00"   # Okabe-Ito: colour-blind safe
VISITED = "#888888"
THIN, THICK = 1.5, 4.0
RADIUS = 0.24


def _g(x):
    return f"{x:.4g}"


class NetworkDiagram(Panel):
    """Nodes s0 -> x1 -> s1 -> x2 -> s2 -> out -> C with their values, weights on the edges.

    `diagram.follow(stepper)` (or `stepper=` here) highlights the current step:
    forward steps in blue, backward factors in orange with their value beside the edge.
    """

    def __init__(self, state=None, stepper=None, **kwargs):
        self.state = use_state(stepper.state if state is None and stepper is not None else state)
        self.stepper = None
        self.fig = new_figure(9.0, 2.4)
        self._build()
        super().__init__([self.fig.canvas], **kwargs)
        self.state.observe(self._on_state_changed, names=NETWORK_TRAITS)
        self.follow(stepper)   # also draws the first values

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
            self.edge_labels[name] = ax.text(i - 0.5, 0.06, "", ha="center", va="bottom", fontsize=12)
            self.factor_texts[name] = ax.text(i - 0.5, 0.42, "", ha="center", va="bottom",
                                              fontsize=12, color=BACKWARD)
        self.caption = ax.set_title("", fontsize=12, loc="left")
        # The numbers change with every weight and are blitted over the drawing;
        # the highlight changes only when the stepper moves, which redraws it all.
        self.blitter = Blitter(self.fig, [*self.values.values(), *self.edge_labels.values(),
                                          *self.factor_texts.values(), self.caption],
                               min_interval=SECONDARY_VIEW_INTERVAL)
        self._highlight_key = None

    # --- linking to a stepper ---------------------------------------------------

    def follow(self, stepper):
        """Highlight the current step of `stepper` (a ChainRuleStepper on the same state); None unlinks."""
        if self.stepper is not None:
            self.stepper.unobserve(self._on_stepper_changed, names=["step", "weight"])
        if stepper is not None and stepper.state is not self.state:
            raise ValueError("the stepper shows a different NetworkState; "
                             "pass the same state to both (NetworkDiagram(state, stepper=...))")
        self.stepper = stepper
        if stepper is not None:
            stepper.observe(self._on_stepper_changed, names=["step", "weight"])
        self._update()

    def _on_stepper_changed(self, change):
        self._update()

    def _on_state_changed(self, change):
        self._update()

    # --- updating in place --------------------------------------------------------

    def _update(self):
        net = self.state.network()
        f = net.forward()
        for name, value in zip(NODES, (net.s0, f.x1, f.s1, f.x2, f.s2, f.out, net.cost())):
            self.values[name].set_text(_g(value))
        for name in self.edges:
            weight = EDGE_WEIGHT.get(name)
            label = f"{weight}={_g(getattr(net, weight))}" if weight else "S"
            self.edge_labels[name].set_text(label if name != "C" else "cost")
        self._highlight(net)
        key = None if self.stepper is None else (self.stepper.step, self.stepper.weight)
        if key != self._highlight_key:
            self._highlight_key = key
            self.blitter.redraw()
        else:
            self.blitter.update()

    def _highlight(self, net):
        for circle in self.nodes.values():
            circle.set_edgecolor(PLAIN)
            circle.set_linewidth(THIN)
        for name, edge in self.edges.items():
            edge.set_color(PLAIN)
            edge.set_linewidth(THIN)
            self.factor_texts[name].set_text("")
        if self.stepper is None:
            self.caption.set_text("")
            return
        # Recompute the steps from our own state, so the order in which the
        # stepper and the diagram hear of a state change does not matter.
        steps = forward_steps(net) + backward_steps(net, self.stepper.weight)
        current = steps[min(self.stepper.step, len(steps) - 1)]
        if current.kind == "forward":
            colour = FORWARD
            self.nodes[current.node].set_edgecolor(colour)
            self.nodes[current.node].set_linewidth(THICK)
            self.caption.set_text(f"forward: {current.name} = {_g(current.value)}")
        else:
            colour = BACKWARD
            for step in steps[len(forward_steps(net)):self.stepper.step]:   # factors already met
                if not step.last:
                    self.factor_texts[step.node].set_text(f"×{_g(step.value)}")
                    self.factor_texts[step.node].set_color(VISITED)
            if current.last:
                self.caption.set_text(f"backward: {current.name} = {_g(current.value)}, "
                                      "the product of the factors")
            else:
                self.factor_texts[current.node].set_text(f"×{_g(current.value)}")
                self.factor_texts[current.node].set_color(BACKWARD)
                self.caption.set_text(f"backward: {current.name} = {_g(current.value)}, "
                                      f"product so far {_g(current.product)}")
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
