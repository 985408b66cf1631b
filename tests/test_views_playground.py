"""bp.Playground headless: set the state or press a control, read the artists, the page's traits and the text."""
import base64
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import bpwidgets as bp
from bpwidgets.playground_state import PLAYGROUND_SCENARIOS
from bpwidgets.views._playground_plane import layers_message
from reference_maths import numpy_plane, random_networks

NODE = shutil.which("node")
MODULE = Path(bp.__file__).parent / "views" / "_playground_plane.js"


@pytest.fixture
def pg():
    return bp.Playground()


def short(x):
    """A number as the kernel sends it to the page's diagram: 4 significant digits."""
    return float(f"{x:.4g}")


def test_step_adds_a_point_to_the_loss_curve(pg):
    """Pressing step: step 1, the page's train line has 2 points, the second its loss."""
    pg.step_button.click()
    assert pg.net.curve_steps == [0, 1] and pg.net.train[1] == short(pg.state.derived.train_losses[1])
    assert pg.net.norm_steps == [1] and pg.net.revision == pg.state.revision
    assert "step 1: training loss" in pg.status.value


def test_play_tick_trains_and_divergence_stops_play(pg):
    """A Play tick trains 4 steps; on the lecture's sample at rate 0.01 a tick diverges and Play stops."""
    pg.play.value = 1
    assert pg.state.steps == 4
    pg.state.set(dataset="lecture", learning_rate=0.01)
    pg.play.playing = True
    pg.play.value = 2
    assert pg.play.playing is False and "diverged at step 3" in pg.status.value


def test_a_typed_rate_is_kept_exactly(pg):
    """Typing 0.0123 sets the state's rate to 0.0123, not a rounded value."""
    pg.rate.value = "0.0123"
    assert pg.rate.value == "0.0123" and pg.state.learning_rate == 0.0123 and pg.state.run.learning_rate == 0.0123


def test_a_refused_rate_says_why_and_keeps_the_old_one(pg):
    pg.rate.value = "1e9"
    assert pg.rate.value == "1" and pg.state.learning_rate == 1.0
    assert "learning rate must be a number between 0 and 1000, got 1e+09; it stays 1" in pg.status.value


@pytest.mark.parametrize("box, name", [("rate", "learning rate"), ("l2", "L2 lambda")])
def test_the_message_describes_the_latest_typed_text(pg, box, name):
    """1e9, then "abc", then an empty box, then a good value: each message names what was typed last
    (never the 1e+09 of before), and a good value clears it, even one equal to the value kept."""
    widget = getattr(pg, box)
    kept = widget.value
    widget.value = "1e9"
    assert "got 1e+09" in pg.status.value
    widget.value = "abc"
    assert f"{name} must be a number between 0 and" in pg.status.value
    assert "got 'abc'" in pg.status.value and "1e+09" not in pg.status.value
    assert widget.value == kept
    widget.value = ""
    assert "got an empty box" in pg.status.value and "'abc'" not in pg.status.value
    widget.value = " 0.5 "   # a good value: the message goes, the step line is back
    assert "must be" not in pg.status.value and "step 0: training loss" in pg.status.value
    widget.value = "1e9"
    widget.value = "0.50"    # the same value as kept (no change of the state): the refusal goes all the same
    assert "must be" not in pg.status.value and "step 0: training loss" in pg.status.value


def test_a_typed_minus_sign_and_words_are_read_without_eval(pg):
    """"−1" (a typed minus sign) is refused as -1; "2*3" is text, not a product."""
    pg.rate.value = "−1"
    assert "got -1;" in pg.status.value
    pg.rate.value = "2*3"
    assert "got '2*3'" in pg.status.value and pg.state.learning_rate == 1.0


def test_divergence_says_which_step_failed_and_which_is_shown(pg):
    """The lecture's 2-3-2 at rate 0.01: step 3 blew up and was undone; the loss shown is step 2's."""
    pg.state.set(dataset="lecture", learning_rate=0.01, steps=50)
    first, *_, second = pg.status.value.split("<br>")   # between them: "too large a rate", the scenario it is
    assert "diverged at step 3: the learning rate is too large (step 3 sent the loss or a weight beyond any " \
           "sensible size, so it was undone); press Reset to start again" in first
    assert pg.state.steps == 2
    assert second.startswith(f"step 2, the last before it diverged: training loss "
                             f"{pg.state.derived.train_losses[-1]:.4g}")


def test_width_and_depth_redraw_the_diagram(pg):
    """Width 6, 2 hidden layers: the page draws 2 + 6 + 6 + 1 neurons, 2*6 + 6*6 + 6 weights, three ||dW|| lines."""
    pg.width.value = 6
    pg.depth.value = 2
    assert pg.net.sizes == [2, 6, 6, 1]
    assert [np.shape(layer["W"]) for layer in pg.net.weights] == [(6, 2), (6, 6), (1, 6)]
    assert len(pg.net.norms) == 3 and [len(a) for a in pg.net.activations] == [2, 6, 6, 1]
    assert [o for _, o in pg.chosen.options][-1] == "w3.0.5"


def test_the_page_gets_the_weights_to_four_digits(pg):
    """The diagram's edges are drawn from the state's weights (4 significant digits: the page shows 3)."""
    for layer, (W, _) in zip(pg.net.weights, pg.state.derived.weights):
        np.testing.assert_array_equal(layer["W"], [[short(w) for w in row] for row in W])


def test_neurons_show_the_chosen_samples_activations_and_deltas(pg):
    """Sample 5: the page's neurons get its inputs, activations and deltas."""
    pg.sample.value = 5
    walk = pg.state.derived.sample_pass
    assert pg.net.activations[0] == [short(v) for v in pg.state.run.data.X_train[:, 5]]
    assert pg.net.activations[-1] == [short(walk.layers[-1].a[0, 0])]
    assert pg.net.deltas[0] == [short(v) for v in walk.layers[0].delta[:, 0]]
    assert pg.net.dW[0][3][1] == short(walk.layers[0].dW[3, 1])


def test_clicking_a_hidden_neuron_shows_its_formula_with_its_numbers(pg):
    """A click on hidden neuron 1.2 in the page: delta = W^T delta * g'(z) with that neuron's g'(z) and delta."""
    pg.net.set_state({"chosen": "n1.2"})   # as the page sends it
    assert pg.state.chosen == "n1.2" and pg.chosen.value == "n1.2"
    layer = pg.state.derived.sample_pass.layers[0]
    assert "neuron 1.2" in pg.formula.value and "W<sup>T</sup> delta * g'(z)" in pg.formula.value
    assert f"<b>{layer.delta[2, 0]:.4g}</b>" in pg.formula.value and f"{layer.slope[2, 0]:.4g}" in pg.formula.value


def test_clicking_an_edge_shows_dw_equals_delta_times_a(pg):
    """A click on the edge input 0 -> hidden 3: dC/dw = delta_3 a_0 with their numbers."""
    pg.net.set_state({"chosen": "w1.3.0"})
    layer = pg.state.derived.sample_pass.layers[0]
    assert f"{layer.delta[3, 0]:.4g} × {layer.a_prev[0, 0]:.4g} = <b>{layer.dW[3, 0]:.4g}</b>" in pg.formula.value


def test_a_stale_click_is_ignored_and_the_page_follows_the_state(pg):
    """A click the page sent for a neuron the network no longer has (width 4 -> 1 meanwhile): no error,
    nothing chosen, and the page is told so."""
    pg.width.value = 1
    pg.net.set_state({"chosen": "n1.3"})
    assert pg.error is None and pg.state.chosen == "" and pg.net.chosen == ""


def test_the_lecture_shows_its_printed_numbers(pg):
    """On the lecture's sample the page's edges carry d-weights like -154 and 484, the output deltas -22, -6."""
    pg.dataset.value = "lecture"
    assert pg.net.sizes == [2, 3, 2]
    assert pg.net.dW[1] == [[-154, 484, 66], [-42, 132, 18]] and pg.net.dW[0][2] == [-354, 236]
    assert pg.net.deltas[-1] == [-22, -6]


def test_the_page_gets_the_weights_and_the_data(pg):
    """The plane's traits hold the state's weights, each layer's activation and the 140 + 60 points."""
    W, b = pg.state.derived.weights[0]
    assert pg.plane.layers[0] == {"W": W.tolist(), "b": b.ravel().tolist()}
    assert pg.plane.activations == ["tanh", "sigmoid"]
    assert len(pg.plane.train_x) == 140 and len(pg.plane.test_x) == 60
    assert pg.plane.revision == pg.state.revision


def test_a_step_sends_the_page_under_16_kib(pg):
    """2-8-8-1: the weights a step changes are a few KB of JSON."""
    pg.state.set(width=8, depth=2)
    assert len(json.dumps(pg.plane.layers)) < 16 * 1024


def test_scenario_sets_everything_and_explains(pg):
    pg.scenario.value = "dead-relus"
    assert pg.state.activation == "relu" and pg.state.learning_rate == 10.0
    assert "dead ReLUs" in pg.status.value


def test_after_a_scenario_the_status_still_counts_steps(pg):
    """The scenario's explanation stays while it plays, and the step and loss show under it."""
    pg.scenario.value = "dead-relus"
    pg.step_button.click()
    assert "dead ReLUs" in pg.status.value
    assert f"step 1: training loss {pg.state.derived.train_losses[-1]:.4g}" in pg.status.value


def test_the_picker_names_a_scenario_only_while_the_state_is_that_scenario(pg):
    pg.scenario.value = "too-large-a-rate"   # the state repairs the lecture's network: it still holds
    pg.step_button.click()
    assert pg.scenario.value == "too-large-a-rate" and "too large a rate" in pg.status.value
    pg.rate.value = "0.001"
    assert pg.scenario.value == "" and "too large a rate" not in pg.status.value
    pg.scenario.value = "dead-relus"
    pg.scenario.value = ""   # the learner picks "(none)": the values stay, the explanation goes
    assert pg.state.activation == "relu" and "dead ReLUs" not in pg.status.value
    assert bp.Playground(scenario="adam-vs-sgd").scenario.value == "adam-vs-sgd"


def test_the_picker_names_a_scenario_again_when_its_values_come_back(pg):
    """Dead ReLUs, then rate 0.5 (no longer the scenario), then rate 10 typed back: named and explained
    again, as the Explorer's picker does; values set by hand to a scenario's are named too."""
    pg.scenario.value = "dead-relus"
    pg.rate.value = "0.5"
    assert pg.scenario.value == "" and "dead ReLUs" not in pg.status.value
    pg.rate.value = "10"
    assert pg.scenario.value == "dead-relus" and "dead ReLUs" in pg.status.value
    fresh = bp.Playground()
    fresh.state.set(**bp.PLAYGROUND_SCENARIOS["adam-vs-sgd"].changes)
    assert fresh.scenario.value == "adam-vs-sgd"


def test_static_form_has_two_pictures_and_the_numbers():
    """The saved form: one picture of the whole widget (plane and diagram) as image/png with the
    description as its alt, no HTML beside it, and the text with the step and the loss."""
    pg = bp.Playground(steps=3)
    bundle, metadata = pg._repr_mimebundle_()
    assert "text/html" not in bundle
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Step 3: training loss" in bundle["text/plain"]
    assert metadata["image/png"]["alt"] == bundle["text/plain"]


def run_page_module(tmp_path, data, names, expression):
    """Node: import `names` from the page's module, evaluate `expression` on the JSON `data` (as d)."""
    (tmp_path / "plane.mjs").write_text(MODULE.read_text())
    (tmp_path / "data.json").write_text(json.dumps(data))
    (tmp_path / "run.mjs").write_text(
        f"import {{{names}}} from './plane.mjs'; import fs from 'fs';\n"
        "const d = JSON.parse(fs.readFileSync(new URL('./data.json', import.meta.url)));\n"
        f"console.log(JSON.stringify({expression}));\n")
    out = subprocess.run([NODE, str(tmp_path / "run.mjs")], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed (the browser test covers the page's maths)")
def test_the_pages_forward_pass_equals_numpys(tmp_path):
    """400 random networks (every activation, weights up to N(0, 8)) on 50 points: within 1e-12
    (relative to the output's size once it is beyond 1: a ReLU net's output reaches 1e5 here)."""
    nets = random_networks(400)
    points = np.random.default_rng(1).uniform(-1.6, 1.6, (50, 2)).tolist()
    payload = [{"layers": layers_message(w), "acts": a} for w, a in nets]
    page = run_page_module(tmp_path, {"nets": payload, "points": points}, "forward",
                           "d.nets.map((n) => forward(n.layers, n.acts, d.points))")
    worst = 0.0
    for p, (w, a) in zip(page, nets):
        reference = numpy_plane(w, a, points)
        worst = max(worst, float(np.max(np.abs(np.array(p) - reference) / np.maximum(1.0, np.abs(reference)))))
    assert worst <= 1e-12


class PlaygroundWidgetLearner(RuleBasedStateMachine):
    """A learner pressing the widget's controls in any order: every part shows the state's revision."""

    def __init__(self):
        super().__init__()
        self.pg = bp.Playground()

    @rule(control=st.sampled_from(["dataset", "width", "depth", "activation", "optimizer", "loss", "batch"]),
          pick=st.integers(0, 7))
    def pick(self, control, pick):
        widget = getattr(self.pg, control)
        if hasattr(widget, "options"):
            options = [v if not isinstance(v, tuple) else v[1] for v in widget.options]
            widget.value = options[pick % len(options)]
        else:
            widget.value = min(max(pick, widget.min), widget.max)

    @rule(rate=st.sampled_from([0.001, 0.05, 1.0, 50.0, 1e9, -1.0]))
    def type_rate(self, rate):
        self.pg.rate.value = repr(rate)
        assert float(self.pg.rate.value) == self.pg.state.learning_rate

    @rule(ticks=st.integers(1, 3))
    def play(self, ticks):
        for _ in range(ticks):
            self.pg.play.value += 1

    @rule()
    def step(self):
        self.pg.step_button.click()

    @rule()
    def reset(self):
        self.pg.reset_button.click()
        assert self.pg.state.steps == 0

    @rule(name=st.sampled_from(["", *bp.PLAYGROUND_SCENARIOS]))
    def pick_scenario(self, name):
        self.pg.scenario.value = name

    @rule(layer=st.integers(1, 4), i=st.integers(0, 8), j=st.integers(0, 8), edge=st.booleans())
    def click(self, layer, i, j, edge):
        """A click in the page on a neuron or an edge, which may be gone by the time the kernel hears it."""
        chosen = f"w{layer}.{i}.{j}" if edge else f"n{layer}.{i}"
        self.pg.net.set_state({"chosen": chosen})
        assert self.pg.state.chosen in (chosen, "")
        assert self.pg.state.chosen in self.pg.formula.value.replace("neuron ", "n").replace("weight ", "w") \
            or self.pg.state.chosen == ""

    @invariant()
    def views_agree(self):
        pg, s = self.pg, self.pg.state
        assert pg.error is None
        assert pg.plane.revision == s.revision
        assert pg.net.revision == s.revision and pg.net.curve_steps[-1] == s.steps
        assert pg.net.sizes == list(s.run.arch.sizes) and pg.net.chosen == s.chosen
        assert pg.width.value == s.width and pg.dataset.value == s.dataset
        if pg.scenario.value:   # named only while the state is that scenario, and explained
            refused = "must be" in pg.status.value   # a refused value: its message shows, nothing changed
            assert refused or PLAYGROUND_SCENARIOS[pg.scenario.value].explanation in pg.status.value
            assert all(s.to_dict()[k] == v for k, v in PLAYGROUND_SCENARIOS[pg.scenario.value].changes.items()
                       if k not in ("width", "depth", "activation", "loss") or s.dataset != "lecture")


TestPlaygroundWidgetLearner = PlaygroundWidgetLearner.TestCase
TestPlaygroundWidgetLearner.settings = settings(max_examples=8, stateful_step_count=25, deadline=None,
                                                derandomize=True)   # 200 actions


def page_numbers(pg):
    state = pg.net.get_state()
    return {k: v for k, v in state.items() if not k.startswith("_") and k not in ("revision", "layout")}


def test_a_play_tick_sends_the_page_one_message_of_numbers(pg):
    """10 ticks of Play on 2-8-8-1: each tick one revision for the page (4 steps), under 16 KiB of
    numbers, and no figure drawn in the kernel."""
    pg.state.set(width=8, depth=2)
    revisions = []
    pg.net.observe(lambda change: revisions.append(change["new"]), names="revision")
    pg.play.set_state({"playing": True})
    for tick in range(1, 11):
        pg.play.set_state({"value": tick})
        changed = {k: v for k, v in pg.net.get_state().items() if not k.startswith("_")}
        assert len(json.dumps(changed)) < 16 * 1024
    assert len(revisions) == 10 and pg.net.curve_steps[-1] == 40 and pg.plane.caption == "step 40"
    assert not hasattr(pg, "fig")


def test_a_stepped_playground_sends_what_a_new_one_at_that_step_sends(pg):
    """Four presses of step leave the page with the numbers of a fresh Playground at step 4."""
    for _ in range(4):
        pg.step_button.click()
    assert page_numbers(pg) == page_numbers(bp.Playground(steps=4))


def test_a_long_curve_is_thinned_but_keeps_its_first_and_last_loss():
    """3000 steps: at most 121 points per line for the page, from step 0 to step 3000 with the last loss."""
    pg = bp.Playground(dataset="moons", optimizer="adam", learning_rate=0.01, steps=3000)
    losses, norms = pg.state.derived.train_losses, pg.state.derived.grad_norms
    x, y = pg.net.curve_steps, pg.net.train
    assert len(x) <= 121 and x[0] == 0 and y[0] == short(losses[0]) and x[-1] == 3000 and y[-1] == short(losses[-1])
    assert y == [short(v) for v in losses[x]]
    gx, gy = pg.net.norm_steps, pg.net.norms[0]
    assert gx[0] == 1 and gx[-1] == 3000 and gy[-1] == short(norms[-1, 0]) and len(gx) <= 121
    saved = pg.static_network().axes[1].lines[0]   # the saved picture keeps up to 1001 points
    assert 500 < len(saved.get_xdata()) <= 1001 and saved.get_ydata()[-1] == losses[-1]
    assert "step 3000: training loss" in pg.status.value


def test_the_gradient_norms_stay_on_their_axes_after_the_optimizer_or_batch_size_changes():
    """Lesson 09's moves (SGD, then Adam from the same weights, batch 16, reset, momentum): every
    ||dW|| point drawn lies inside the axes' limits, however far the norms fall."""
    pg = bp.Playground(scenario="adam-vs-sgd", steps=300)
    for action in (lambda: setattr(pg.optimizer, "value", "adam"), lambda: pg.state.step(300),
                   lambda: setattr(pg.batch, "value", 16), lambda: pg.state.step(300),
                   pg.reset_button.click, lambda: pg.state.step(200),
                   lambda: setattr(pg.optimizer, "value", "momentum"), lambda: pg.state.step(300)):
        action()
        ax_grad = pg.static_network().axes[2]
        low, high = ax_grad.get_ylim()
        right = ax_grad.get_xlim()[1]
        for line in ax_grad.lines:
            x, y = line.get_data()
            assert len(y) == pg.state.steps     # none just after reset
            inside = not len(y) or (low <= y.min() and y.max() <= high and x.max() <= right)
            assert inside, (pg.state.to_dict(), (low, high), (y.min(), y.max()))
    assert pg.state.optimizer == "momentum" and pg.state.batch_size == 16 and pg.state.steps == 500


def test_thinned_keeps_every_point_up_to_the_limit_then_every_kth_and_the_last():
    from bpwidgets.views.playground import thinned
    np.testing.assert_array_equal(thinned(5, most=10), [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(thinned(25, most=10), [0, 4, 8, 12, 16, 20, 24])
    np.testing.assert_array_equal(thinned(26, most=10), [0, 4, 8, 12, 16, 20, 24, 25])
    # the kept points stay the same as the curve grows (a power-of-2 stride): no flicker
    assert set(thinned(3000)[:-1]) <= set(thinned(3001))


# --- the lecture's sample: its outputs beside their targets, not a plane -------------------------

def test_the_lecture_shows_each_output_beside_its_target_not_a_plane():
    """dataset="lecture" (one sample, two outputs): the page is told to draw the outputs view with the
    targets (1, 4) and the names y-hat, z-hat; the saved picture has two bars at -21 and -2, black
    lines at 1 and 4, no colour field; the text says the same numbers."""
    pg = bp.Playground(dataset="lecture", learning_rate=0.001)
    assert pg.plane.view == "outputs"
    assert pg.plane.targets == [[1.0, 4.0]] and pg.plane.output_names == ["ŷ", "ẑ"]
    fig = pg.static_plane()
    ax = fig.axes[0]
    assert not ax.images   # no decision-plane shading
    assert [bar.get_height() for bar in ax.patches] == [-21.0, -2.0]
    (targets,) = ax.collections
    assert [segment[0][1] for segment in targets.get_segments()] == [1.0, 4.0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["ŷ\noutput -21\ntarget 1", "ẑ\noutput -2\ntarget 4"]
    assert "outputs and targets at step 0" in ax.get_title()
    assert "The chart beside the diagram shows each output of the network beside its target for the sample " \
           "x = (3, -2) at step 0: ŷ = -21 (target 1), ẑ = -2 (target 4)" in pg.describe()
    pg.step_button.click()   # the bars follow the training
    y_hat, z_hat = pg.state.run.predict(pg.state.run.data.X_train)[:, 0]
    assert [bar.get_height() for bar in pg.static_plane().axes[0].patches] == [y_hat, z_hat]
    assert f"ŷ = {y_hat:.4g} (target 1)" in pg.plane.description


def test_the_lecture_at_too_large_a_rate_shows_how_far_the_outputs_overshot():
    """Rate 0.01 diverges at step 3: the chart keeps the last outputs, thousands where 1 and 4 are wanted."""
    pg = bp.Playground(dataset="lecture", learning_rate=0.01, steps=20)
    heights = [bar.get_height() for bar in pg.static_plane().axes[0].patches]
    assert pg.state.diverged and min(heights) > 1000
    assert f"ŷ = {heights[0]:.4g} (target 1)" in pg.describe()


@pytest.mark.parametrize("dataset, view", [("xor", "plane"), ("circles", "plane"), ("moons", "plane"),
                                           ("spiral", "plane"), ("curve", "curve")])
def test_the_other_datasets_still_show_the_plane_or_the_curve(dataset, view):
    """Switching from the lecture to another data set brings back the colour field (or the curve)."""
    pg = bp.Playground(dataset="lecture")
    pg.dataset.value = dataset
    assert pg.plane.view == view and pg.plane.targets == []
    ax = pg.static_plane().axes[0]
    assert bool(ax.images) == (view == "plane") and not ax.patches
    assert "The plane shows" in pg.describe()


@pytest.mark.skipif(NODE is None, reason="node is not installed (the browser test covers the page's drawing)")
def test_the_pages_output_bars_equal_numpys(tmp_path):
    """The page's outputBars for the lecture's network, at step 0 and after 3 steps, equal numpy's
    outputs; its value axis covers the bars and 0 in round steps."""
    states = [bp.PlaygroundState(dataset="lecture", learning_rate=0.001, steps=n) for n in (0, 3)]
    payload = [{"layers": layers_message(s.derived.weights), "acts": ["none", "none"],
                "xs": s.run.data.X_train.T.tolist(), "targets": s.run.data.Y_train.T.tolist()} for s in states]
    page = run_page_module(tmp_path, payload, "outputBars, niceRange",
                           "{bars: d.map((n) => outputBars(n.layers, n.acts, n.xs, n.targets)), "
                           "range: niceRange([-21, -2, 1, 4])}")
    for bars, s in zip(page["bars"], states):
        expected = s.run.predict(s.run.data.X_train)[:, 0]
        np.testing.assert_allclose([b["value"] for b in bars], expected, rtol=1e-12)
        assert [(b["sample"], b["output"], b["target"]) for b in bars] == [(0, 0, 1.0), (0, 1, 4.0)]
    assert page["range"] == {"lo": -25, "hi": 5, "step": 5}


def test_the_saved_picture_writes_w_transpose_as_w_with_a_raised_t():
    """The formula's W<sup>T</sup> delta reads 'Wᵀ delta' in the saved picture (not 'WT delta'), and
    the text alternative keeps the superscript as W^T."""
    from bpwidgets.views._panel import _picture_of
    pg = bp.Playground(dataset="lecture", learning_rate=0.001, chosen="n1.0")
    lines = [cell for line in _picture_of(pg.formula, pg, {}) for cell in line.cells]
    assert any("delta = Wᵀ delta * g'(z) = (2·-22 + -2·-6) × 1 = -32" in cell for cell in lines), lines
    assert not any("WT" in cell for cell in lines)
    assert "delta = W^T delta * g'(z)" in pg.describe()


def test_stop_pauses_the_playground_where_it_is_and_says_so(pg):
    """The Play's ■ (the page: pause, then the Play's minimum) keeps the step and the weights; ▶
    trains on from there; reset is what goes back to step 0. The Play says so when hovered."""
    assert pg.play.description == "" and "■ stop here (the step stays)" in pg.play.tooltip
    pg.play.set_state({"playing": True})
    for tick in (1, 2, 3):
        pg.play.set_state({"value": tick})
    trained = pg.state.steps
    assert trained == 12
    pg.play.set_state({"playing": False})
    pg.play.set_state({"value": 0})   # ■
    assert pg.play.value == 3 and pg.state.steps == trained
    assert f"step {trained}: training loss" in pg.status.value
    pg.play.set_state({"playing": True})
    pg.play.set_state({"value": 4})
    assert pg.state.steps == trained + 4
    pg.reset_button.click()
    assert pg.state.steps == 0 and not pg.play.playing


@pytest.mark.parametrize("steps, right", [(1000, None), (0, 10_000)])
def test_every_step_tick_label_fits_inside_the_figure(pg, steps, right):
    """After 1000 steps (lesson 09) the last tick reads "1000", not "100(": every x tick label and the
    x label of the loss and ||dW|| panels lie inside the figure; also at MAX_STEPS' "10000"."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    pg.state.set(steps=steps)
    fig = pg.static_network()
    ax_loss, ax_grad = fig.axes[1:]
    if right:
        for ax in (ax_loss, ax_grad):
            ax.set_xlim(0, right)
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    shown = []
    for ax in (ax_loss, ax_grad):
        labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()
                  and ax.get_xlim()[0] <= t.get_position()[0] <= ax.get_xlim()[1]]
        for text in labels + [ax.xaxis.label]:
            extent = text.get_window_extent(renderer)
            shown.append(text.get_text())
            assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0, \
                (text.get_text(), extent, box)
    assert f"{right or steps:,}".replace(",", "") in [s.replace("−", "-") for s in shown], shown


def test_the_noise_slider_is_greyed_out_on_the_lectures_sample(pg):
    """The lecture's single sample takes no noise: the slider is disabled there and back on other data."""
    pg.dataset.value = "lecture"
    assert pg.noise.disabled and not pg.state.noise_applies
    pg.dataset.value = "moons"
    assert not pg.noise.disabled


def test_play_stops_when_the_outputs_saturate(pg):
    """Rate 1000 with cross-entropy on xor: the outputs saturate within a few ticks; Play stops and says so."""
    pg.rate.value = "1000"
    pg.play.set_state({"playing": True})
    for tick in range(1, 6):
        if not pg.play.playing:
            break
        pg.play.set_state({"value": tick})
    assert pg.state.saturated and not pg.play.playing
    assert "the outputs saturated at step" in pg.status.value
