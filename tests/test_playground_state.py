"""The Playground's state: one change, one revision; the run follows the values; scenarios keep their promises."""
import json
import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from traitlets import TraitError

from bpwidgets.playground_state import (
    PLAYGROUND_DEFAULTS, PLAYGROUND_SCENARIOS, PlaygroundState, playground_scenario,
)


def revisions(state):
    seen = []
    state.observe(lambda change: seen.append(change["new"]), names="revision")
    return seen


class TestOneChangeOneRevision:
    def test_a_step_is_one_revision(self):
        """Step: steps 0 -> 1, one revision, one more point on the loss curve."""
        state = PlaygroundState()
        seen = revisions(state)
        state.step()
        assert seen == [state.revision] and state.steps == 1 and len(state.derived.train_losses) == 2

    def test_several_values_at_once_are_one_revision(self):
        """set(width=6, depth=2, learning_rate=0.3) redraws once, with all three."""
        state = PlaygroundState()
        seen = revisions(state)
        state.set(width=6, depth=2, learning_rate=0.3)
        assert len(seen) == 1
        assert state.run.arch.sizes == (2, 6, 6, 1) and state.run.learning_rate == 0.3

    def test_refused_value_changes_nothing(self):
        """A rate of 1e9 is refused with a message naming the range; no revision, rate kept."""
        state = PlaygroundState(learning_rate=0.5)
        seen = revisions(state)
        with pytest.raises(TraitError, match="learning rate must be a number between 0 and 1000, got 1e"):
            state.learning_rate = 1e9
        assert seen == [] and state.learning_rate == 0.5

    @pytest.mark.parametrize("name, value, words", [
        ("width", 0, "width must be between 1 and 8 \\(neurons per hidden layer\\), got 0"),
        ("depth", 5, "depth must be between 0 and 3 \\(hidden layers\\), got 5"),
        ("noise", math.nan, "noise must be a number between 0 and 0.5, got nan"),
        ("l2", -1.0, "L2 lambda must be a number between 0 and 10, got -1$"),
        ("chosen", "neuron 3", "chosen must be '' or like 'n1.0'"),
    ])
    def test_bad_values_say_what_to_pass(self, name, value, words):
        state = PlaygroundState()
        with pytest.raises(TraitError, match=words):
            setattr(state, name, value)


class TestTheRunFollowsTheValues:
    def test_changing_the_data_starts_again_at_step_0(self):
        """After 20 steps, picking moons: step 0, the seed's weights, a one-point loss curve."""
        state = PlaygroundState(steps=20)
        state.dataset = "moons"
        assert state.steps == 0 and len(state.derived.train_losses) == 1

    def test_changing_the_rate_keeps_the_weights(self):
        """The rate changes how the next step moves, not where the network is."""
        state = PlaygroundState(steps=10)
        before = state.derived.weights[0][0]
        state.learning_rate = 0.2
        np.testing.assert_array_equal(state.derived.weights[0][0], before)
        assert state.steps == 10

    def test_reset_gives_back_the_same_run(self):
        """Reset then 30 steps: the same losses as the first 30 steps (seeded)."""
        state = PlaygroundState(batch_size=16, optimizer="momentum", learning_rate=0.3)
        state.steps = 30
        first = state.derived.train_losses.copy()
        state.reset()
        assert state.steps == 0
        state.steps = 30
        np.testing.assert_array_equal(state.derived.train_losses, first)

    def test_to_dict_recreates_the_run(self):
        """PlaygroundState(**to_dict()) trains to the same step and the same weights; it is JSON."""
        state = PlaygroundState(dataset="spiral", width=6, depth=2, optimizer="adam", learning_rate=0.05,
                                steps=40, sample=7, chosen="n1.2")
        again = PlaygroundState(**json.loads(json.dumps(state.to_dict())))
        assert again.steps == 40 and again.sample == 7 and again.chosen == "n1.2"
        for (W, b), (W2, b2) in zip(state.derived.weights, again.derived.weights):
            np.testing.assert_array_equal(W, W2)

    def test_a_run_changed_mid_run_is_rebuilt_to_the_same_weights(self):
        """Batch size 16 after 30 steps, rate 0.2 after 50, Adam after 57: to_dict (through JSON) and the
        share line give back the weights to 1e-12 and the whole loss curve."""
        state = PlaygroundState(dataset="moons", optimizer="momentum", learning_rate=0.5, steps=30)
        state.batch_size = 16
        state.step(20)
        state.learning_rate = 0.2
        state.step(7)
        state.optimizer = "adam"
        state.step(10)
        line = state.share_line()
        assert line == ("bp.Playground(dataset='moons', optimizer='adam', learning_rate=0.2, batch_size=16, "
                        "steps=67, earlier=[(30, 'batch_size', 0), (50, 'learning_rate', 0.5), "
                        "(57, 'optimizer', 'momentum')])")
        shared = eval(line, {"bp": SimpleNamespace(Playground=PlaygroundState)})   # the line as a learner pastes it
        for again in (PlaygroundState(**json.loads(json.dumps(state.to_dict()))), shared):
            assert again.to_dict() == state.to_dict()
            for (W, b), (W2, b2) in zip(state.weights(), again.weights()):
                np.testing.assert_allclose(W2, W, rtol=0, atol=1e-12)
                np.testing.assert_allclose(b2, b, rtol=0, atol=1e-12)
            np.testing.assert_allclose(again.derived.train_losses, state.derived.train_losses, rtol=0, atol=1e-12)
            np.testing.assert_allclose(again.derived.test_losses, state.derived.test_losses, rtol=0, atol=1e-12)
        # without the history, the same final values from the seed end elsewhere
        plain = PlaygroundState(**{**state.to_dict(), "earlier": []})
        assert np.abs(plain.weights()[0][0] - state.weights()[0][0]).max() > 1e-3

    def test_a_value_put_back_at_the_same_step_leaves_no_trace(self):
        """Batch size 8 then back to all at step 10 (SGD): the line stays short, the weights are a plain run's."""
        state = PlaygroundState(steps=10)
        state.batch_size = 8
        state.batch_size = 0
        state.learning_rate = 0.3
        state.learning_rate = 1.0
        state.step(5)
        assert state.earlier == [] and state.share_line() == "bp.Playground(steps=15)"
        np.testing.assert_array_equal(state.weights()[0][0], PlaygroundState(steps=15).weights()[0][0])

    def test_going_back_keeps_the_changes_made_before(self):
        """Rate 0.2 at step 20, batch 16 at step 40, then steps = 30: the weights of step 30 as first seen."""
        state = PlaygroundState(dataset="circles", steps=20)
        state.learning_rate = 0.2
        state.step(10)
        seen = state.weights()[0][0]
        state.step(10)
        state.batch_size = 16
        state.step(10)
        state.steps = 30
        assert state.earlier == [(20, "learning_rate", 1.0), (30, "batch_size", 0)]
        np.testing.assert_array_equal(state.weights()[0][0], seen)

    def test_reset_forgets_the_changes(self):
        state = PlaygroundState(steps=10)
        state.l2 = 0.5
        state.reset()
        assert state.earlier == [] and state.share_line() == "bp.Playground(l2=0.5)"

    @pytest.mark.parametrize("earlier, words", [
        ([(0, "l2", 0.1)], "the step must be a whole number from 1 to 10000, got 0"),
        ([(5, "width", 3)], "the name must be one of optimizer, learning_rate, batch_size, l2, got 'width'"),
        ([(5, "learning_rate", 5000)], "learning rate must be a number between 0 and 1000, got 5000"),
        ([(5, "batch_size", 2.5)], "batch_size must be a whole number, got 2.5"),
        ([(9, "l2", 0.1), (5, "l2", 0.2)], "in the order of their steps"),
        (["lr"], r"earlier holds \(step, name, value\)"),
    ])
    def test_a_bad_earlier_says_what_to_pass(self, earlier, words):
        with pytest.raises(TraitError, match=words):
            PlaygroundState(steps=10, earlier=earlier)

    def test_share_line_names_only_what_differs(self):
        state = PlaygroundState(dataset="moons", steps=5)
        assert state.share_line() == "bp.Playground(dataset='moons', steps=5)"

    def test_divergence_stops_training_with_a_message_and_reset_recovers(self):
        """The lecture's 2-3-2 at rate 0.01 diverges at step 3: steps stays 2, the note says so; Reset runs again."""
        state = PlaygroundState(dataset="lecture", learning_rate=0.01, steps=50)
        assert state.steps == 2
        assert state.note == ("diverged at step 3: the learning rate is too large (step 3 sent the loss or a weight "
                              "beyond any sensible size, so it was undone); press Reset to start again")
        state.step()
        assert state.steps == 2
        state.set(learning_rate=0.001)
        state.reset()
        state.steps = 50
        assert state.note == "" and state.steps == 50 and state.derived.train_losses[-1] < 1

    def test_a_rate_of_1000_with_cross_entropy_says_the_outputs_saturated(self):
        """Rate 1000, cross-entropy, xor: at step 4 every gradient is 0 and the loss stuck far above ln 2;
        the note and `saturated` say so, and more steps change nothing."""
        state = PlaygroundState(learning_rate=1000, steps=3)
        assert state.saturated == "" and state.note == ""
        state.step()
        message = ("the outputs saturated at step 4: the output sigmoid answers 0 or 1 on nearly every sample, "
                   "where its slope is 0, so the gradient vanished and the loss is stuck; the learning rate "
                   "is too large: lower it and press Reset")
        assert state.saturated == message and state.note == message and not state.diverged
        state.step(20)
        assert state.note == message and state.steps == 24
        assert np.all(state.derived.grad_norms[3:] < 1e-6)
        assert np.all(state.derived.train_losses[4:] == state.derived.train_losses[4]) and \
            state.derived.train_losses[4] > 10
        state.set(learning_rate=1.0)
        state.reset()
        state.steps = 200
        assert state.saturated == "" and state.note == ""

    def test_saturation_that_passes_clears_the_note(self):
        """Adam at rate 10 on the moons pins the outputs at steps 9-10, then learns: the note goes."""
        state = PlaygroundState(dataset="moons", learning_rate=10, optimizer="adam", activation="sigmoid",
                                batch_size=10, steps=10)
        assert state.note.startswith("the outputs saturated at step 9:")
        state.step(50)
        assert state.saturated == "" and state.note == ""

    def test_the_lecture_keeps_its_network_and_says_why(self):
        """On the lecture's sample a width of 5 is put back to 3, with a note."""
        state = PlaygroundState(dataset="lecture")
        assert state.run.arch.sizes == (2, 3, 2) and state.run.train_losses[0] == 260.0
        state.width = 5
        assert state.width == 3 and "2-3-2 network with no activation" in state.note

    def test_noise_does_not_apply_to_the_lecture_and_says_so(self):
        """On the lecture's sample: noise_applies is False, a noise of 0.3 gets a note and leaves the run
        (same step, same weights); back on xor the noise applies and moves the points."""
        state = PlaygroundState(dataset="lecture", learning_rate=0.001, steps=5)
        assert not state.noise_applies and state.note == ""
        weights = state.weights()[0][0]
        state.noise = 0.3
        assert state.note == "noise does not apply to the lecture's single sample: pick another data set to add it"
        assert state.steps == 5 and state.noise == 0.3
        np.testing.assert_array_equal(state.weights()[0][0], weights)
        np.testing.assert_array_equal(state.training_data()[0], [[3.0], [-2.0]])
        state.noise = 0.0
        assert state.note == ""
        state.set(dataset="xor", noise=0.3)
        assert state.noise_applies and state.note == ""
        assert not np.array_equal(state.training_data()[0], PlaygroundState(dataset="xor").training_data()[0])

    def test_picking_the_lecture_with_noise_set_says_it_does_not_apply(self):
        state = PlaygroundState(dataset="moons", noise=0.2)
        assert state.note == "" and state.noise_applies
        state.dataset = "lecture"
        assert "noise does not apply to the lecture's single sample" in state.note

    def test_cross_entropy_on_the_curve_becomes_half_squared_with_a_note(self):
        state = PlaygroundState(loss="cross-entropy")
        state.dataset = "curve"
        assert state.loss == "half-squared" and "cross-entropy needs labels 0 or 1" in state.note

    def test_the_chosen_sample_stays_in_the_data(self):
        """Sample 100 on the lecture's single sample becomes sample 0."""
        state = PlaygroundState(sample=100)
        state.dataset = "lecture"
        assert state.sample == 0

    def test_a_chosen_neuron_that_no_longer_exists_is_cleared(self):
        state = PlaygroundState(width=6, chosen="n1.5")
        state.width = 3
        assert state.chosen == ""

    def test_sample_pass_is_the_chosen_sample(self):
        """The diagram's numbers are for the chosen training sample."""
        state = PlaygroundState(sample=3)
        np.testing.assert_array_equal(state.derived.sample_pass.x.ravel(), state.run.data.X_train[:, 3])


class TestScenarios:
    def trained(self, name, steps, **changes):
        state = PlaygroundState.from_scenario(name)
        state.set(**changes)
        state.steps = steps
        return state

    def test_every_scenario_has_a_one_line_explanation(self):
        assert len(PLAYGROUND_SCENARIOS) >= 5
        for scenario in PLAYGROUND_SCENARIOS.values():
            assert "\n" not in scenario.explanation
            assert scenario.explanation.lower().startswith(scenario.name.replace("-", " ").split(" ")[0])

    def test_xor_needs_a_hidden_layer(self):
        """Depth 0: below 80% of xor after 600 steps; depth 1: every training point right."""
        assert self.trained("xor-needs-a-hidden-layer", 600).run.accuracy() < 0.8
        assert self.trained("xor-needs-a-hidden-layer", 600, depth=1).run.accuracy() == 1.0

    def test_too_large_a_rate_diverges_and_a_smaller_one_learns(self):
        """Rate 0.01: the loss grows and the run stops; rate 0.001: the loss falls below 1."""
        big = self.trained("too-large-a-rate", 100)
        assert big.diverged and big.derived.train_losses[1] > big.derived.train_losses[0]
        small = self.trained("too-large-a-rate", 100, learning_rate=0.001)
        assert not small.diverged and small.derived.train_losses[-1] < 1

    def test_dead_relus_stop_learning(self):
        """After 100 steps at rate 10 at least 3/4 of the ReLUs output 0 for every sample; the loss is stuck."""
        state = self.trained("dead-relus", 100)
        net = state.run.network
        net.forward(state.run.data.X_train)
        dead = np.all(net.layers[1].output == 0, axis=1)
        assert dead.mean() >= 0.75 and state.derived.train_losses[-1] > 0.6

    def test_vanishing_with_deep_sigmoid(self):
        """First step: the first layer's ||dW|| is under 1/50 of the last layer's."""
        norms = self.trained("vanishing-with-deep-sigmoid", 1).derived.grad_norms[0]
        assert norms[0] < norms[-1] / 50

    def test_adam_beats_sgd_at_the_same_rate(self):
        """600 steps at rate 0.02: Adam's loss is under a tenth of SGD's."""
        sgd = self.trained("adam-vs-sgd", 600).derived.train_losses[-1]
        adam = self.trained("adam-vs-sgd", 600, optimizer="adam").derived.train_losses[-1]
        assert adam < sgd / 10

    def test_unknown_scenario_lists_the_names(self):
        with pytest.raises(ValueError, match="pick one of xor-needs-a-hidden-layer, too-large-a-rate"):
            playground_scenario("exploding")


class PlaygroundLearner(RuleBasedStateMachine):
    """A learner pressing every control in any order: the state never breaks its promises."""

    def __init__(self):
        super().__init__()
        self.state = PlaygroundState()
        self.seen = revisions(self.state)

    def _change(self, **values):
        before = (self.state.revision, self.state.to_dict())
        try:
            self.state.set(**values)
        except TraitError:
            assert self.state.revision == before[0] and self.state.to_dict() == before[1]
            return

    @rule(value=st.sampled_from(["xor", "circles", "moons", "spiral", "curve", "lecture"]))
    def pick_data(self, value):
        self._change(dataset=value)

    @rule(width=st.integers(-1, 9), depth=st.integers(-1, 4))
    def shape(self, width, depth):
        self._change(width=width, depth=depth)

    @rule(activation=st.sampled_from(["sigmoid", "tanh", "relu", "none"]))
    def activation(self, activation):
        self._change(activation=activation)

    @rule(loss=st.sampled_from(["half-squared", "cross-entropy"]),
          optimizer=st.sampled_from(["sgd", "momentum", "adam"]))
    def loss_and_optimizer(self, loss, optimizer):
        self._change(loss=loss, optimizer=optimizer)

    @rule(rate=st.sampled_from([0.0, 0.001, 0.1, 1.0, 30.0, 1e9, math.nan, -1.0]))
    def rate(self, rate):
        self._change(learning_rate=rate)

    @rule(batch=st.integers(-1, 250), l2=st.sampled_from([0.0, 0.01, 1.0, 20.0]),
          noise=st.sampled_from([0.0, 0.2, 0.6]))
    def batch_l2_noise(self, batch, l2, noise):
        self._change(batch_size=batch, l2=l2, noise=noise)

    @rule(k=st.integers(1, 20), batch=st.sampled_from([0, 1, 16, 50]), rate=st.sampled_from([0.05, 0.5, 3.0]),
          optimizer=st.sampled_from(["sgd", "momentum", "adam"]), l2=st.sampled_from([0.0, 0.1]))
    def train_then_change_a_value(self, k, batch, rate, optimizer, l2):
        self.state.step(k)
        self._change(batch_size=batch, learning_rate=rate, optimizer=optimizer, l2=l2)

    @rule(k=st.integers(1, 20))
    def step(self, k):
        before = self.state.steps
        self.state.step(k)
        assert self.state.steps == before + k or self.state.diverged

    @rule(sample=st.integers(0, 200), chosen=st.sampled_from(["", "n1.0", "n2.3", "w1.0.1", "w2.0.7"]))
    def choose(self, sample, chosen):
        self._change(sample=sample, chosen=chosen)

    @rule()
    def reset(self):
        self.state.reset()
        assert self.state.steps == 0 and not self.state.diverged

    @invariant()
    def to_dict_rebuilds_what_the_learner_sees(self):
        again = PlaygroundState(**self.state.to_dict())
        assert again.steps == self.state.steps
        for (W, b), (W2, b2) in zip(self.state.weights(), again.weights()):
            np.testing.assert_allclose(W2, W, rtol=0, atol=1e-12)
        np.testing.assert_allclose(again.derived.train_losses, self.state.derived.train_losses, rtol=0, atol=1e-12)

    @invariant()
    def every_view_reads_one_consistent_revision(self):
        s, d = self.state, self.state.derived
        assert len(d.train_losses) == s.steps + 1 == len(d.test_losses)
        assert d.grad_norms.shape == (s.steps, len(s.run.arch.sizes) - 1)
        assert s.run.arch.sizes[1:-1] == ((3,) if s.dataset == "lecture" else (s.width,) * s.depth)
        assert 0 <= s.sample < s.run.n_train
        assert all(np.all(np.isfinite(W)) for W, _ in d.weights)
        assert np.isfinite(d.sample_pass.loss)
        assert (s.note.startswith("diverged") or "; diverged" in s.note) == bool(s.diverged)
        assert self.seen == list(range(2, s.revision + 1))   # each action: at most one revision, none lost


TestPlaygroundLearner = PlaygroundLearner.TestCase
TestPlaygroundLearner.settings = settings(max_examples=10, stateful_step_count=25, deadline=None,
                                          derandomize=True)   # 250 actions
