"""bp.Playground: a small layered network trained live on small data, with its backward pass visible.

One PlaygroundState holds every value; the controls set it (one change, one revision) and
every part redraws once per revision from `state.derived`:
- the output over the input plane, drawn in the page from the weights (_playground_plane); for
  data with several outputs (the lecture's sample) each output as a bar beside its target instead;
- the network diagram (ipympl): edges coloured by sign and sized by weight, each neuron's
  activation a and delta dC/dz for the chosen sample; a click on a neuron or an edge shows
  its formula with the live numbers (delta = W^T delta * g'(z); dW = delta a^T; db = delta);
- the loss curve (train and test) and each layer's ||dW|| per step on a log scale.
"""
from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from traitlets import TraitError

from ..live_training import ACTIVATIONS, OPTIMIZERS
from ..playground_state import PLAYGROUND_SCENARIOS, PlaygroundState, playground_scenario, typed_number
from ..numbers import rounded_text
from ..small_data import DATASETS
from . import style
from ._panel import Panel, plain
from ._playground_net import PlaygroundNet, follow_state, thinned as _thinned
from ._playground_plane import EXTENT, PlaygroundPlane, follow_run, output_names, view_of
from ._play import PausingPlay
from .layers import LayerStepper   # the Playground composes views, like the Explorer

FONT = style.FONT
STEPS_PER_TICK = 4        # Play: 4 steps every 100 ms, 40 steps per second of visible progress
TICK_MS = 100
MAX_CURVE_POINTS = 1000   # longer curves are drawn from every 2nd, 4th, ... point (first and last kept)
GRAD_FLOOR = 1e-12        # a gradient norm of 0 (dead ReLUs) sits at the bottom of the log axis
LOSS_NAMES = {"half-squared": "half squared error", "cross-entropy": "binary cross-entropy"}
LAYER_COLOURS = (style.BLUE, style.VERMILLION, style.GREEN, style.ORANGE)
EDGE_LABELS_UP_TO = 3     # numbers on the edges only in nets this small: 3 layers of 3 at most (the 2-3-2)


def _f(x):
    """A number as the formulas show it: 4 significant digits."""
    return f"{x:.4g}"


def _box_text(x):
    """A number as a text box shows it: 0.0123, 1, 1e-07 (15 digits, so a typed number reads back as typed)."""
    return f"{x:.15g}"


def _scenario_key(state):
    """What a scenario sets: every value but the step, the sample and the chosen formula."""
    return {k: v for k, v in state.to_dict().items() if k not in ("steps", "sample", "chosen", "history")}


_SCENARIO_KEYS = {}


def scenario_held(state):
    """The name of the Playground scenario whose values `state` holds (as the state repairs them), or None."""
    if not _SCENARIO_KEYS:   # once: each scenario's values as a state holds them (the lecture's are repaired)
        _SCENARIO_KEYS.update({name: _scenario_key(PlaygroundState(**playground_scenario(name).values))
                               for name in PLAYGROUND_SCENARIOS})
    key = _scenario_key(state)
    return next((name for name, held in _SCENARIO_KEYS.items() if held == key), None)


class Playground(Panel):
    """A layered network learning xor, circles, moons, a spiral, a curve or the lecture's sample."""

    TYPED = ("learning_rate", "l2")   # values typed in a text box, read by typed_number

    def __init__(self, state=None, scenario=None, **values):
        if state is not None and not isinstance(state, PlaygroundState):
            raise TypeError(f"state must be a PlaygroundState (or None for a new one), got {type(state).__name__}")
        if scenario is not None:
            values = {**playground_scenario(scenario).values, **values}
        self.state = state if state is not None else PlaygroundState(**values)
        if state is not None and values:
            self.state.set(**values)
        self._following = False
        self._refused = ""     # the message of the last refused typed value, until a value is taken
        self._dismissed = None   # the values of a scenario the learner un-named with "(none)"
        self._build_controls()
        self.plane = PlaygroundPlane()
        self.net = PlaygroundNet()
        self.net.observe(self._on_page_choice, names="chosen")
        # the chosen sample is ringed on the plane at once, in the page (the kernel's numbers follow)
        widgets.jsdlink((self.sample, "value"), (self.plane, "sample"))
        self._sizes = None
        self.formula = widgets.HTMLMath(layout=widgets.Layout(min_height="4em"))
        self.status = widgets.HTML()
        self.share = widgets.HTML()
        # wraps: on a laptop with the file browser open the figure goes under the plane, not off screen
        figures = widgets.HBox([self.plane, self.net], layout=widgets.Layout(flex_flow="row wrap"))
        # one backward pass, layer by layer (the "step by step"; a label without "step", which
        # the step button's locators match): folded until asked for (it rebuilds only while shown)
        self.walk = LayerStepper(state=self.state, following=False, layout=widgets.Layout(display="none"))
        self.walk_toggle = widgets.ToggleButton(description="one backward pass, layer by layer", icon="chevron-right",
                                                tooltip="the layer-by-layer walk of this network and sample",
                                                layout=widgets.Layout(width="auto"))
        self.walk_toggle.observe(self._on_walk_toggle, names="value")
        super().__init__([self.controls, self.status, figures, self.formula, self.walk_toggle, self.walk,
                          self.share])
        self.observe_state(self.state, self.render)

    # --- controls ----------------------------------------------------------------------

    def _build_controls(self):
        s = self.state
        W = widgets
        self.step_button = W.Button(description="step", tooltip="one training step")
        self.play = PausingPlay(value=0, min=0, max=10**8, interval=TICK_MS,
                                tooltip="▶ train / ⏸ pause; ■ stop here (the step stays); reset goes back to step 0")
        self.reset_button = W.Button(description="reset", tooltip="the seed's first weights, step 0")
        # text boxes, not FloatText: the kernel hears every typed text ("abc", an empty box) and answers it,
        # where FloatText's page quietly puts the old number back and the last message would stay
        self.rate = W.Text(value=_box_text(s.learning_rate), description="learning rate", continuous_update=False)
        self.dataset = W.Dropdown(options=DATASETS, value=s.dataset, description="data")
        self.noise = W.FloatSlider(value=s.noise, min=0, max=0.5, step=0.05, description="noise")
        self.width = W.IntSlider(value=s.width, min=1, max=8, description="width")
        self.depth = W.IntSlider(value=s.depth, min=0, max=3, description="hidden layers")
        self.activation = W.Dropdown(options=list(ACTIVATIONS), value=s.activation, description="activation")
        self.loss = W.Dropdown(options=[(name, k) for k, name in LOSS_NAMES.items()],
                               value=s.loss, description="loss")
        self.optimizer = W.Dropdown(options=list(OPTIMIZERS), value=s.optimizer, description="optimizer")
        self.batch = W.Dropdown(options=[("all", 0), ("1", 1), ("4", 4), ("16", 16), ("32", 32), ("64", 64)],
                                value=s.batch_size if s.batch_size in (0, 1, 4, 16, 32, 64) else 0,
                                description="batch size")
        self.l2 = W.Text(value=_box_text(s.l2), description="L2 lambda", continuous_update=False)
        self.sample = W.IntSlider(value=s.sample, min=0, max=max(s.run.n_train - 1, 0),
                                  description="sample")
        # "" not None: a Dropdown shows a blank box, not "(none)", for the value None
        self.scenario = W.Dropdown(options=[("(none)", "")] + [(n, n) for n in PLAYGROUND_SCENARIOS],
                                   value="", description="scenario")
        self.chosen = W.Dropdown(options=[("(none)", "")], value="", description="formula for")
        # control -> the state value it sets
        self.bindings = {self.rate: "learning_rate", self.dataset: "dataset", self.noise: "noise",
                         self.width: "width", self.depth: "depth", self.activation: "activation",
                         self.loss: "loss", self.optimizer: "optimizer", self.batch: "batch_size",
                         self.l2: "l2", self.sample: "sample", self.chosen: "chosen"}
        for control in self.bindings:
            control.observe(self._on_control, names="value")
            control.style.description_width = "initial"   # whole labels: "learning rate", not "learning r..."
        self.step_button.on_click(lambda _: self.state.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.play.observe(self._on_tick, names="value")
        self.play.observe(self._on_play_pause, names="playing")
        self.scenario.observe(self._on_scenario, names="value")
        self.controls = W.VBox([
            W.HBox([self.step_button, self.play, self.reset_button, self.scenario]),
            W.HBox([self.dataset, self.noise, self.rate]),
            W.HBox([self.width, self.depth, self.activation]),
            W.HBox([self.loss, self.optimizer, self.batch, self.l2]),
            W.HBox([self.sample, self.chosen]),
        ])

    def _on_control(self, change):
        if self._following:
            return
        name = self.bindings[change["owner"]]
        try:
            value = typed_number(name, change["new"]) if name in self.TYPED else change["new"]
            setattr(self.state, name, value)
        except TraitError as exc:   # say why, and show the value the state kept
            kept = getattr(self.state, name)
            self._refused = f"{exc}; it stays {_box_text(kept) if isinstance(kept, float) else kept}"
            self._show_status(self._refused, problem=True)
            self._follow_controls()
            return
        if self._refused:   # a good value after a refused one: the refusal goes even if nothing changed
            self._refused = ""
            self._show_status(*self._status())

    def _on_tick(self, change):
        if self._following or change["new"] == 0:
            return
        self.state.step(STEPS_PER_TICK)
        if self.state.diverged or self.state.saturated:   # nothing more to watch: the note says why
            self.play.playing = False

    def _on_play_pause(self, change):
        self.walk.following = self.walk_toggle.value and not change["new"]   # the walk catches up at the pause

    def _on_walk_toggle(self, change):
        self.walk.following = change["new"] and not self.play.playing
        self.walk.layout.display = None if change["new"] else "none"
        self.walk_toggle.icon = "chevron-down" if change["new"] else "chevron-right"

    def _on_scenario(self, change):
        if self._following:
            return
        if change["new"]:
            self.show_scenario(change["new"])
        else:   # "(none)": the values stay, the explanation goes (until the values change)
            self._dismissed = _scenario_key(self.state)
            self.render()

    def show_scenario(self, name):
        """Set every value of PLAYGROUND_SCENARIOS[name] (one change) and say what it shows."""
        scenario = playground_scenario(name)
        self.play.playing = False
        self._dismissed = None
        self.state.set(**scenario.values)
        self.state.reset()

    def reset(self):
        """Stop playing; the seed's first weights, step 0."""
        self.play.playing = False
        self.state.reset()

    # --- the chosen neuron or edge's formula -------------------------------------------

    def _on_page_choice(self, change):
        """A click on a neuron or an edge in the page: the state chooses it (one change)."""
        if self._following or change["new"] == self.state.chosen:
            return
        try:
            self.state.chosen = change["new"]
        except TraitError:   # a stale click (the network changed meanwhile): the page follows the state
            self.net.chosen = self.state.chosen

    def _chosen_options(self, sizes):
        edges = [(l, i, j) for l in range(1, len(sizes)) for i in range(sizes[l]) for j in range(sizes[l - 1])]
        return [("(none)", "")] + [(f"neuron {l}.{i}", f"n{l}.{i}") for l in range(1, len(sizes))
                                   for i in range(sizes[l])] + \
            [(f"weight {l}.{i}.{j}", f"w{l}.{i}.{j}") for l, i, j in edges]

    # --- one redraw per revision -------------------------------------------------------

    def render(self):
        s = self.state
        # the page draws; the kernel sends this revision's numbers (the plane first: its repaint starts first)
        follow_run(self.plane, s, self.describe_plane())
        follow_state(self.net, s, self.describe_network())
        self._following = True
        try:
            self._follow_controls()
            sizes = tuple(s.run.arch.sizes)
            if sizes != self._sizes:
                self._sizes = sizes
                self.chosen.options = self._chosen_options(sizes)
            self.chosen.value = s.chosen
            self.scenario.value = self._current_scenario() or ""
        finally:
            self._following = False
        self.formula.value = self.formula_html()
        self._refused = ""
        self._show_status(*self._status())
        self.share.value = f"<code style='font-size: 12px'>{s.share_line()}</code>"

    def _status(self):
        """(text, problem): the step and its loss always; above them what the state repaired or the scenario shows."""
        s = self.state
        scenario = self._current_scenario()
        step = f"step {s.steps}" + (", the last before it diverged" if s.diverged else "")
        lines = [s.note, PLAYGROUND_SCENARIOS[scenario].explanation if scenario else "",
                 f"{step}: training loss {_f(s.derived.train_losses[-1])}"]
        return "<br>".join(line for line in lines if line), bool(s.note)

    def _current_scenario(self):
        """The scenario whose values the state holds (also when the learner set them back by hand),
        else None; None too while the learner has un-named it and nothing changed since."""
        if self._dismissed is not None:
            if self._dismissed == _scenario_key(self.state):
                return None
            self._dismissed = None
        return scenario_held(self.state)

    def _follow_controls(self):
        s = self.state
        was, self._following = self._following, True
        try:
            for control, name in self.bindings.items():
                if name in ("chosen",):
                    continue
                if control is self.sample:
                    control.max = max(s.run.n_train - 1, 0)
                value = getattr(s, name)
                if name in self.TYPED:
                    value = _box_text(value)
                if control is self.batch and value not in dict(self.batch.options).values():
                    self.batch.options = [*self.batch.options, (str(value), value)]
                if control.value != value:
                    control.value = value
            self.noise.disabled = not s.noise_applies   # the lecture's single sample has no noise to add
        finally:
            self._following = was

    # --- formulas with the live numbers -------------------------------------------------

    def formula_html(self):
        """The chosen neuron's or edge's formula with this revision's numbers ('' hint when none)."""
        chosen, walk = self.state.chosen, self.state.derived.sample_pass
        if not chosen:
            return ("<i>Click a neuron or an edge in the diagram (or pick one under 'formula for') "
                    "to see its formula with the numbers of sample "
                    f"{self.state.sample}.</i>")
        parts = list(map(int, chosen[1:].split(".")))
        l, i = parts[0], parts[1]
        layer = walk.layers[l - 1]
        z, a, g1, delta = (layer.z[i, 0], layer.a[i, 0], layer.slope[i, 0], layer.delta[i, 0])
        if chosen[0] == "w":
            j = parts[2]
            a_prev = layer.a_prev[j, 0]
            return (f"<b>weight {l}.{i}.{j}</b> (from neuron {j} of layer {l - 1} to neuron {i} of layer {l}), "
                    f"w = {_f(layer.W[i, j])}<br>"
                    f"dW = delta a<sup>T</sup>: &nbsp; ∂C/∂w = δ<sub>{i}</sub> · a<sub>{j}</sub> = "
                    f"{_f(delta)} × {_f(a_prev)} = <b>{_f(layer.dW[i, 0 + j])}</b>; &nbsp; "
                    f"db = delta: ∂C/∂b<sub>{i}</sub> = {_f(layer.db[i, 0])}")
        forward = (f"z = Σ w a + b = {_f(z)}, a = g(z) = {_f(a)}, g'(z) = {_f(g1)}")
        if l == len(walk.layers):
            backward = (f"delta = dC/da · g'(z) = {_f(walk.dC_da[i, 0])} × {_f(g1)} = <b>{_f(delta)}</b>")
        else:
            above = walk.layers[l]
            terms = " + ".join(f"{_f(above.W[k, i])}·{_f(above.delta[k, 0])}" for k in range(above.W.shape[0]))
            upstream = float(above.W[:, i] @ above.delta[:, 0])
            backward = (f"delta = W<sup>T</sup> delta * g'(z) = ({terms}) × {_f(g1)} = "
                        f"{_f(upstream)} × {_f(g1)} = <b>{_f(delta)}</b>")
        return f"<b>neuron {l}.{i}</b> for sample {self.state.sample}: {forward}<br>{backward}"

    # --- text and static forms ----------------------------------------------------------

    def _show_status(self, text, problem=False):
        self.status.value = style.status_html(text, problem)

    def describe_plane(self):
        s = self.state
        run = s.run
        if view_of(run.data) == "outputs":
            values = run.predict(run.data.X_train)
            pairs = ", ".join(f"{name} = {_f(v)} (target {_f(t)})" for name, v, t in
                              zip(output_names(run.data), values[:, s.sample], run.data.Y_train[:, s.sample]))
            return (f"each output of the network beside its target for the sample x = "
                    f"{_point(run.data.X_train[:, s.sample])} at step {s.steps}: {pairs}")
        what = "the curve the network draws through the data" if run.data.n_in == 1 else \
            "the network's output over the input plane (orange: 0, blue: 1)"
        acc = (f"; {run.accuracy():.0%} of the training points and "
               f"{run.accuracy(run.data.X_test, run.data.Y_test):.0%} of the test points on the right side"
               if run.data.kind == "classify" else "")
        return f"{what} at step {s.steps}{acc}"

    def describe(self):
        s, d = self.state, self.state.derived
        test = d.test_losses[-1]
        norms = ", ".join(_f(v) for v in d.grad_norms[-1]) if len(d.grad_norms) else "none yet"
        return (f"Playground: a {'-'.join(map(str, s.run.arch.sizes))} network "
                f"({s.activation if s.dataset != 'lecture' else 'no'} activation) learning {s.dataset} with "
                f"{s.optimizer} at rate {s.learning_rate:g}, {LOSS_NAMES[s.loss]}. Step {s.steps}: training loss "
                f"{_f(d.train_losses[-1])}" + ("" if math.isnan(test) else f", test loss {_f(test)}")
                + f"; ||dW|| per layer {norms}. {self._plane_name()} shows {self.describe_plane()}."
                + (f" {s.note}." if s.note else "") + f" {plain(self.formula.value)}"
                + (f" {self.walk.describe()}" if self.walk_toggle.value else
                   " (One backward pass, layer by layer: folded away.)"))

    def _plane_name(self):
        return "The chart beside the diagram" if view_of(self.state.run.data) == "outputs" else "The plane"

    def static_figures(self):
        """The page-drawn plane as a matplotlib picture of the same network, and the diagram figure."""
        return {self.plane: self.static_plane(), self.net: self.static_network()}

    def describe_network(self):
        """The diagram and charts in words: the network, the chosen sample's output, the losses, ||dW||."""
        s, d = self.state, self.state.derived
        walk = d.sample_pass
        out = ", ".join(f"a={_f(a)} δ={_f(delta)}" for a, delta in zip(walk.layers[-1].a[:, 0], walk.layers[-1].delta[:, 0]))
        norms = ", ".join(_f(v) for v in d.grad_norms[-1]) if len(d.grad_norms) else "none yet"
        test = d.test_losses[-1]
        return (f"The {'-'.join(map(str, s.run.arch.sizes))} network for sample {s.sample} (output {out}); "
                f"loss at step {s.steps}: train {_f(d.train_losses[-1])}"
                + ("" if math.isnan(test) else f", test {_f(test)}") + f"; ||dW|| per layer {norms}")

    def static_network(self):
        """The page's diagram and charts as a matplotlib picture of the same numbers (the saved form)."""
        return network_figure(self.state)

    def static_plane(self):
        """The plane (or curve) drawn by matplotlib from numpy's forward pass."""
        from matplotlib.figure import Figure
        from matplotlib.colors import LinearSegmentedColormap
        run = self.state.run
        fig = Figure(figsize=(3.6, 3.6), dpi=100, layout="constrained")
        ax = fig.add_subplot()
        data = run.data
        if view_of(data) == "outputs":
            self._static_outputs(ax)
            return fig
        if data.n_in == 1:
            x = np.linspace(-EXTENT, EXTENT, 201).reshape(1, -1)
            ax.plot(data.X_train[0], data.Y_train[0], "o", color=style.GREY, markersize=4)
            ax.plot(x[0], run.predict(x)[0], color=style.VERMILLION, linewidth=3)
        else:
            g = np.linspace(-EXTENT, EXTENT, 100)
            xx, yy = np.meshgrid(g, g[::-1])
            values = run.predict(np.stack([xx.ravel(), yy.ravel()]))[0].reshape(xx.shape)
            cmap = LinearSegmentedColormap.from_list("bp", ["#E69F00", "#ffffff", "#0072B2"])
            ax.imshow(values, extent=(-EXTENT, EXTENT, -EXTENT, EXTENT), cmap=cmap,
                      vmin=0 if data.kind == "classify" else None, vmax=1 if data.kind == "classify" else None)
            for X, Y, edge in ((data.X_train, data.Y_train, "black"), (data.X_test, data.Y_test, "white")):
                if X.shape[1]:
                    ax.scatter(X[0], X[1], c=np.where(Y[0] > 0.5, "#0072B2", "#E69F00"), edgecolors=edge, s=18)
            ax.set(xlim=(-EXTENT, EXTENT), ylim=(-EXTENT, EXTENT))
        ax.set_title(f"step {self.state.steps}", fontsize=FONT)
        return fig

    def _static_outputs(self, ax):
        """As the page draws it: for each output a bar at its value and a black line at its target."""
        s, data = self.state, self.state.run.data
        values = s.run.predict(data.X_train)
        names = output_names(data)
        several = data.X_train.shape[1] > 1
        bars = [(k, n) for n in range(data.X_train.shape[1]) for k in range(data.n_out)]
        x = np.arange(len(bars))
        heights = [values[k, n] for k, n in bars]
        colours = [style.BLUE if not several or n == s.sample else "#99c6e0" for _, n in bars]
        ax.bar(x, heights, width=0.4, color=colours, label="output")
        ax.hlines([data.Y_train[k, n] for k, n in bars], x - 0.32, x + 0.32, colors="black", linewidth=3,
                  label="target")
        ax.axhline(0, color="black", linewidth=1)
        ax.set_xticks(x, [f"{names[k]}{f', sample {n}' if several else ''}\noutput {_f(values[k, n])}"
                          f"\ntarget {_f(data.Y_train[k, n])}" for k, n in bars], fontsize=FONT - 3)
        ax.tick_params(axis="y", labelsize=FONT - 4)
        ax.grid(axis="y", alpha=0.3)
        ax.set_xlim(-0.6, len(bars) - 0.4)
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.2 * (high - low))   # room for the legend above the bars and lines
        ax.legend(fontsize=FONT - 4, loc="upper center", ncol=2)
        sample = f"samples 0 to {data.X_train.shape[1] - 1}" if several else \
            f"the sample x = {_point(data.X_train[:, 0])}"
        ax.set_title(f"outputs and targets at step {s.steps}\nfor {sample}", fontsize=FONT - 2)


def network_figure(state):
    """The diagram (edges by weight, each neuron's a and delta for the chosen sample, the chosen one
    ringed), the loss curves and ||dW|| per layer, laid out as the page draws them."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.figure import Figure
    d, walk = state.derived, state.derived.sample_pass
    sizes = state.run.arch.sizes
    fig = Figure(figsize=(7.6, 5.8), dpi=100)
    grid = fig.add_gridspec(2, 2, height_ratios=(1.5, 1), left=0.09, right=0.955, top=0.95, bottom=0.09,
                            hspace=0.3, wspace=0.3)
    ax, ax_loss, ax_grad = fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
    ax.set_axis_off()
    pos = [[(l, (n - 1) / 2 - i) for i in range(n)] for l, n in enumerate(sizes)]
    edges = [(l, i, j) for l in range(1, len(sizes)) for i in range(sizes[l]) for j in range(sizes[l - 1])]
    weights = [W for W, _ in d.weights]
    w = np.array([weights[l - 1][i, j] for l, i, j in edges])
    biggest = max(np.max(np.abs(w)), 1e-12)
    segments = [(pos[l - 1][j], pos[l][i]) for l, i, j in edges]
    ax.add_collection(LineCollection(segments, colors=[style.BLUE if v >= 0 else style.VERMILLION for v in w],
                                     linewidths=0.5 + 4.5 * np.abs(w) / biggest, zorder=1))
    values = [walk.x.ravel()] + [layer.a.ravel() for layer in walk.layers]
    xy = np.array([p for layer in pos for p in layer])
    cmap = LinearSegmentedColormap.from_list("bp", [style.ORANGE, "#ffffff", style.BLUE])
    ax.scatter(xy[:, 0], xy[:, 1], s=480, c=np.concatenate(values), cmap=cmap, vmin=-1, vmax=1,
               edgecolors="black", zorder=2)
    for l, layer in enumerate(values):
        for i, a in enumerate(layer):
            text = f"a={rounded_text(a, '.3g')}" + (f"\nδ={rounded_text(walk.layers[l - 1].delta[i, 0], '.3g')}" if l else "")
            ax.text(pos[l][i][0] + 0.12, pos[l][i][1], text, fontsize=FONT - 2, va="center", zorder=3,
                    bbox=dict(facecolor="white", alpha=0.75, edgecolor="none", pad=0.3))
    if max(sizes) <= EDGE_LABELS_UP_TO and len(sizes) <= EDGE_LABELS_UP_TO:   # as the page: the 2-3-2
        for (a, b), (l, i, j) in zip(segments, edges):
            ax.text(a[0] + 0.62 * (b[0] - a[0]), a[1] + 0.62 * (b[1] - a[1]),
                    f"{rounded_text(weights[l - 1][i, j], '.3g')} (∂C/∂w {rounded_text(walk.layers[l - 1].dW[i, j], '.3g')})",
                    fontsize=FONT - 3, ha="center", va="center", zorder=3,
                    bbox=dict(facecolor="white", alpha=0.8, edgecolor="none", pad=0.2))
    if state.chosen:
        parts = list(map(int, state.chosen[1:].split(".")))
        if state.chosen[0] == "n":
            x, y = pos[parts[0]][parts[1]]
            ax.plot([x], [y], "o", markersize=24, markerfacecolor="none", markeredgecolor=style.ORANGE,
                    markeredgewidth=4, zorder=2.5)
        else:
            (x0, y0), (x1, y1) = pos[parts[0] - 1][parts[2]], pos[parts[0]][parts[1]]
            ax.plot([x0, x1], [y0, y1], color=style.ORANGE, linewidth=8, alpha=0.7, zorder=0.5)
    top = max(sizes) / 2
    ax.set(xlim=(-0.3, len(sizes) - 0.35), ylim=(-top - 0.1, top + 0.45))
    for l in range(len(sizes)):
        name = "inputs" if l == 0 else ("output" if l == len(sizes) - 1 else f"hidden {l}")
        ax.text(l, top + 0.05, name, ha="center", va="bottom", fontsize=FONT, fontweight="bold")
    n = len(d.train_losses)
    shown = thinned(n)
    ax_loss.plot(shown, d.train_losses[shown], color=style.BLUE, linewidth=2, label="train")
    if np.any(np.isfinite(d.test_losses)):
        ax_loss.plot(shown, d.test_losses[shown], color=style.VERMILLION, linewidth=2, linestyle="--", label="test")
    finite = d.train_losses[np.isfinite(d.train_losses)]
    right = _nice_ceil(max(n - 1, 10))
    ax_loss.set(xlim=(0, right), ylim=(0, _nice_ceil(max(finite.max(initial=0),
                                                           np.nanmax(d.test_losses, initial=0)))))
    ax_grad.set_yscale("log")
    grad_shown = thinned(n - 1)
    norms = np.maximum(d.grad_norms[grad_shown], GRAD_FLOOR)
    for k in range(len(sizes) - 1):
        ax_grad.plot(grad_shown + 1, norms[:, k] if len(norms) else [], color=LAYER_COLOURS[k % 4], linewidth=2,
                     label=f"layer {k + 1}")
    if norms.size:
        low = math.floor(math.log10(norms.min()))
        ax_grad.set_ylim(10.0 ** low, 10.0 ** max(math.ceil(math.log10(norms.max())), low + 1))
    ax_grad.set_xlim(0, right)
    for axis, title in ((ax_loss, "loss"), (ax_grad, "||dW|| per layer")):
        axis.set_title(title, fontsize=FONT)
        axis.set_xlabel("step", fontsize=FONT)
        axis.legend(fontsize=FONT - 3, loc="upper right")
    return fig


def _point(x):
    """A sample's inputs as the page writes them: (3, -2)."""
    return "(" + ", ".join(_f(v) for v in x) + ")"


def thinned(n, most=MAX_CURVE_POINTS):
    """Indices of an n-point curve's points to draw (_playground_net.thinned; the saved picture keeps 1000)."""
    return _thinned(n, most)


def _nice_ceil(value):
    """The smallest of 1, 2, 5, 10, 20, 50, ... times a power of ten that is >= value (> 0)."""
    if not value > 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value * (1 - 1e-12))


__all__ = ["Playground"]
