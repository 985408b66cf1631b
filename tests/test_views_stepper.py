"""ChainRuleStepper and NetworkDiagram: built headless, driven like a learner would."""

import re

import pytest

from bpwidgets.chain import ChainNetwork, wiggle
from bpwidgets.state import NetworkState
from bpwidgets.views.diagram import NODES, BACKWARD, FORWARD, PLAIN, THICK, THIN, NetworkDiagram
from bpwidgets.views.stepper import ChainRuleStepper
from bpwidgets.views._panel import unstyled

FORWARD_LECTURE = [("x1", 4.0), ("s1", 0.982), ("x2", 0.982), ("s2", 0.7275),
                   ("out", 0.3638), ("C", 0.05653)]
W0_FACTORS = [("dC/dout", -0.3362), ("dout/ds2", 0.5), ("ds2/dx2", 0.1982),
              ("dx2/ds1", 1.0), ("ds1/dx1", 0.01766), ("dx1/dw0", 2.0)]


def walk(stepper):
    """Every record from the first step to the last, pressing Next."""
    stepper.reset()
    records = [stepper.current()]
    while stepper.step < stepper.steps_total - 1:
        stepper.next_button.click()
        records.append(stepper.current())
    return records


def walk_to(stepper, k):
    """The table's HTML at step k."""
    stepper.step = k
    return stepper.table.value


class TestChainRuleStepper:
    def test_forward_pass_has_the_lecture_numbers(self):
        """The first six steps are x1=4, s1=0.982, x2=0.982, s2=0.7275, out=0.3638, C=0.05653."""
        records = walk(ChainRuleStepper())
        assert [r.kind for r in records[:6]] == ["forward"] * 6
        for record, (name, value) in zip(records, FORWARD_LECTURE):
            assert record.name == name
            assert record.value == pytest.approx(value, abs=6e-4 * max(1, abs(value)))
        assert records[5].value == pytest.approx(0.05653, abs=1e-5)

    def test_backward_factors_for_w0(self):
        """Backward for w0: the six lecture factors, the running product and the result -0.0011774."""
        stepper = ChainRuleStepper(weight="w0")
        records = walk(stepper)
        assert stepper.steps_total == 6 + 6 + 1
        backward = records[6:12]
        product = 1.0
        for record, (name, value) in zip(backward, W0_FACTORS):
            product *= record.value
            assert (record.kind, record.name) == ("backward", name)
            assert record.value == pytest.approx(value, rel=5e-4)
            assert record.product == pytest.approx(product, rel=1e-12)
        last = records[-1]
        assert last.name == "dC/dw0" and last.value == pytest.approx(-0.0011774, rel=1e-4)
        assert last.value == pytest.approx(stepper.state.network().gradient()["w0"], rel=1e-12)

    @pytest.mark.parametrize("weight, result, n_factors", [("w1", -0.032729, 4), ("w2", -0.24462, 2)])
    def test_results_for_w1_and_w2(self, weight, result, n_factors):
        """The last step for w1 is -0.032729 and for w2 -0.24462, as in the lecture."""
        stepper = ChainRuleStepper(weight=weight)
        assert stepper.steps_total == 6 + n_factors + 1
        last = walk(stepper)[-1]
        assert last.value == pytest.approx(result, rel=1e-4)
        assert last.value == pytest.approx(wiggle(ChainNetwork(), weight, 1e-6), rel=1e-6)

    def test_table_grows_and_highlights_the_current_row(self):
        """After two Next clicks the table shows three rows, the third (x2 = 1 . 0.982) highlighted."""
        stepper = ChainRuleStepper()
        assert stepper.table.value.count("<tr style=") == 1
        stepper.next_button.click()
        stepper.next_button.click()
        html = stepper.table.value
        assert html.count("<tr style=") == 3
        current = html.split("<tr style=")[-1]
        assert "background" in current and r"x_2 = w_1 s_1" in current and r"1 \cdot 0.982" in current
        assert stepper.position.value == "step 3 of 13"

    def test_previous_and_reset_buttons(self):
        """Previous goes back one step, never below 0; Reset returns to step 0."""
        stepper = ChainRuleStepper()
        stepper.previous_button.click()
        assert stepper.step == 0 and stepper.previous_button.disabled
        for _ in range(5):
            stepper.next()
        stepper.previous_button.click()
        assert stepper.step == 4 and stepper.current().name == "out"
        stepper.reset_button.click()
        assert stepper.step == 0 and stepper.current().name == "x1"

    def test_next_stops_at_the_last_step(self):
        """Next on the last step stays there and is disabled; the result line names net.gradient()."""
        stepper = ChainRuleStepper(weight="w2")
        for _ in range(20):
            stepper.next()
        assert stepper.step == stepper.steps_total - 1 == 8
        assert stepper.next_button.disabled
        assert "net.gradient()['w2'] = -0.244622" in stepper.table.value

    def test_state_change_updates_numbers_at_the_same_step(self):
        """Setting w1 = 1.5 keeps the step and puts x2 = 1.5 * 0.982 = 1.473 in the table."""
        stepper = ChainRuleStepper()
        for _ in range(2):
            stepper.next()
        stepper.state.w1 = 1.5
        assert stepper.step == 2
        assert stepper.current().value == pytest.approx(1.5 * 0.9820137900379085, rel=1e-12)
        assert r"1.5 \cdot 0.982" in stepper.table.value and "= 1.473$" in stepper.table.value

    def test_switching_weight_from_the_result_goes_to_the_new_chains_first_backward_step(self):
        """From the last step of w0, picking w2 or 'all three' shows the new chain's first backward
        step (dC/dout, step 7), not its end, nor step 1 (the forward pass)."""
        stepper = ChainRuleStepper()
        for _ in range(12):
            stepper.next()
        stepper.weight_dropdown.value = "w2"
        assert stepper.weight == "w2" and stepper.steps_total == 9 and stepper.step == 6
        assert stepper.position.value == "step 7 of 9" and stepper.current().name == "dC/dout"
        for _ in range(2):
            stepper.next()
        assert stepper.current().value == pytest.approx(-0.24462, rel=1e-4)
        stepper.weight_dropdown.value = "all"
        assert stepper.state.chain_step == 6 and stepper.position.value == "step 7 of 14"

    def test_switching_weight_in_the_backward_pass_stays_in_it(self):
        """Lesson 03 starts at step 7 of w0 (dC/dout): picking w2 shows step 7 of 9, w2's first backward
        step, under 'the chain rule for dC/dw2'; on ds2/dx2 of w0, w1 keeps ds2/dx2, w2 (without it)
        goes to its first backward step."""
        stepper = ChainRuleStepper()
        stepper.step = 6
        stepper.weight_dropdown.value = "w2"
        assert stepper.position.value == "step 7 of 9" and stepper.current().name == "dC/dout"
        assert "the chain rule for dC/dw2" in stepper.table.value
        assert stepper.describe().startswith("Chain rule for dC/dw2, step 7 of 9 (backward pass): dC/dout")
        stepper.weight_dropdown.value = "w0"
        stepper.step = 8
        assert stepper.current().name == "ds2/dx2"
        stepper.weight_dropdown.value = "w1"
        assert stepper.position.value == "step 9 of 11" and stepper.current().name == "ds2/dx2"
        stepper.weight_dropdown.value = "w2"
        assert stepper.position.value == "step 7 of 9" and stepper.current().name == "dC/dout"

    @pytest.mark.parametrize("k", range(6))
    def test_switching_weight_in_the_forward_pass_keeps_the_step(self, k):
        """The forward pass is the same for every weight: step k stays step k."""
        stepper = ChainRuleStepper()
        stepper.step = k
        name = stepper.current().name
        for index, weight in ((2, "w2"), (3, "all"), (1, "w1")):
            stepper.weight_dropdown.set_state({"index": index})   # as the page picks it
            assert stepper.weight == weight
            assert stepper.step == k and stepper.current().name == name
            assert stepper.position.value == f"step {k + 1} of {stepper.steps_total}"

    def test_the_columns_keep_their_width_on_the_last_step(self):
        """The long result line sits under the table, not in a row spanning (and widening) its columns."""
        stepper = ChainRuleStepper()
        stepper.step = stepper.steps_total - 1
        table, after = stepper.table.value.split("</table>")
        assert "Result: dC/dw0" in after and "Result" not in table
        assert "Result" not in walk_to(stepper, stepper.steps_total - 2)

    def test_the_table_has_fixed_columns_and_the_long_product_can_wrap(self):
        """Fixed layout and column widths (the page does not widen a column for a long row), at most
        840 px (a 1280 px laptop's notebook beside the file browser); the result's product is one
        $...$ per factor, so the page may wrap it between factors (browser: test_browser_chain_table)."""
        stepper = ChainRuleStepper()
        stepper.step = stepper.steps_total - 1
        html = stepper.table.value
        assert "table-layout: fixed; width: 100%; max-width: 840px" in html
        assert html.count("<col style=") == 4
        result_row = html.split("<tr style=")[-1]
        assert r"$\frac{\partial C}{\partial w_0} =$ $\frac{\partial C}{\partial \mathrm{out}} \cdot$" in result_row
        assert r"$= (-0.3362) \cdot$ $(0.5) \cdot$" in result_row
        assert "<col" not in unstyled(stepper.static_html())   # layout only: gone where styles are stripped

    def test_unknown_weight_is_refused(self):
        """A weight that is not w0, w1 or w2 raises a ValueError naming the choices."""
        with pytest.raises(ValueError, match="w0"):
            ChainRuleStepper(weight="w3")

class TestNetworkDiagram:
    def test_node_values_and_weight_labels(self):
        """Under the nodes: 2, 4, 0.982, 0.982, 0.7275, 0.3638, 0.05653; w0=2, w1=1, w2=0.5 on edges."""
        diagram = NetworkDiagram()
        values = [diagram.values[name].get_text() for name in ("s0", "x1", "s1", "x2", "s2", "out", "C")]
        assert values == ["2", "4", "0.982", "0.982", "0.7275", "0.3638", "0.05653"]
        assert [diagram.edge_labels[n].get_text() for n in ("x1", "s1", "x2", "s2", "out")] == \
            ["w0=\n2", "S", "w1=\n1", "S", "w2=\n0.5"]
        assert diagram.highlighted is None

    @pytest.mark.parametrize("w", [-5.678, 123.4, -1234.5, -123456.0])
    def test_edge_labels_stay_between_their_nodes(self, w):
        """A weight label with 3+ digits (w1 = 123.4, -123456) overlaps neither node beside its edge."""
        diagram = NetworkDiagram(NetworkState(w0=w, w1=w, w2=w))
        renderer = diagram.fig.canvas.get_renderer()
        diagram.fig.draw(renderer)
        for name, edge_to in (("x1", "x1"), ("x2", "x2"), ("out", "out")):
            label = diagram.edge_labels[name]
            shown = f"{w:.4g}" if len(f"{w:.4g}") <= 6 else f"{w:.3g}"   # long ones to 3 digits
            assert shown.replace("-", "\u2212") in label.get_text()   # a true minus sign
            box = label.get_window_extent(renderer)
            i = NODES.index(edge_to)
            for node in (NODES[i - 1], NODES[i]):
                circle = diagram.nodes[node].get_window_extent(renderer)
                assert not box.overlaps(circle), (label.get_text(), node)

    def test_texts_follow_the_state(self):
        """Setting w0=1 and s0=3 rewrites x1 (3), s1 (0.9526), the w0 label and the cost in place."""
        state = NetworkState()
        diagram = NetworkDiagram(state)
        text_before = diagram.values["x1"]
        state.set_weights(w0=1.0, s0=3.0)
        net = state.network()
        assert diagram.values["x1"] is text_before
        assert diagram.values["x1"].get_text() == "3"
        assert diagram.values["s1"].get_text() == "0.9526"
        assert diagram.edge_labels["x1"].get_text() == "w0=\n1"
        assert diagram.values["C"].get_text() == f"{net.cost():.4g}"

    def test_forward_step_highlights_node_and_edge(self):
        """On the forward step s2 the node s2 and its incoming S edge are blue and thick."""
        stepper = ChainRuleStepper()
        diagram = NetworkDiagram(stepper=stepper)
        for _ in range(3):
            stepper.next()
        assert diagram.highlighted == "s2"
        assert diagram.nodes["s2"].get_linewidth() == THICK
        assert diagram.nodes["s2"].get_edgecolor() == pytest.approx((0.0, 0x72 / 255, 0xB2 / 255, 1.0))
        assert diagram.edges["s2"].get_edgecolor() == diagram.nodes["s2"].get_edgecolor()
        assert diagram.nodes["x2"].get_linewidth() == THIN
        assert diagram.caption.get_text() == "forward: s2 = 0.7275"
        assert FORWARD == "#0072B2"

    def test_backward_step_shows_the_factor_beside_its_edge(self):
        """At ds2/dx2 (w0 chain) the S edge into s2 is orange, labelled x0.1982, earlier factors grey."""
        stepper = ChainRuleStepper()
        diagram = NetworkDiagram(stepper=stepper)
        for _ in range(8):
            stepper.next()
        assert stepper.current().name == "ds2/dx2"
        assert diagram.highlighted == "s2"
        assert diagram.edges["s2"].get_linewidth() == THICK
        assert diagram.factor_texts["s2"].get_text() == "×0.1982"
        assert diagram.factor_texts["s2"].get_color() == BACKWARD
        assert diagram.factor_texts["out"].get_text() == "×0.5"
        assert diagram.factor_texts["C"].get_text() == "×\u22120.3362"
        assert diagram.factor_texts["x2"].get_text() == ""
        assert diagram.nodes["s2"].get_linewidth() == THIN
        assert diagram.caption.get_text() == "backward: ds2/dx2 = 0.1982, product so far \u22120.03333"

    def test_factor_follows_a_state_change_at_the_same_step(self):
        """At dx2/ds1 = w1, setting w1 = 1.5 writes x1.5 beside the w1 edge."""
        state = NetworkState()
        stepper = ChainRuleStepper(state)
        diagram = NetworkDiagram(state, highlight=True)   # the stepper's position comes from the state
        for _ in range(9):
            stepper.next()
        assert diagram.factor_texts["x2"].get_text() == "×1"
        state.w1 = 1.5
        assert diagram.factor_texts["x2"].get_text() == "×1.5"
        assert diagram.edges["x2"].get_edgecolor() == pytest.approx((0xD5 / 255, 0x5E / 255, 0.0, 1.0))

    def test_result_step_highlights_the_weight_edge(self):
        """On the last step for w1 the w1 edge (into x2) is highlighted and the caption gives -0.03273."""
        stepper = ChainRuleStepper(weight="w1")
        diagram = NetworkDiagram(stepper=stepper)
        for _ in range(stepper.steps_total):
            stepper.next()
        assert diagram.highlighted == "x2"
        assert diagram.caption.get_text().startswith("backward: dC/dw1 = \u22120.03273")

    def test_without_highlight_every_edge_is_plain(self):
        """highlight=False: stepping leaves every edge plain grey and thin."""
        stepper = ChainRuleStepper()
        diagram = NetworkDiagram(stepper.state, highlight=False)
        stepper.next()
        stepper.next()
        assert diagram.highlighted is None
        assert all(edge.get_linewidth() == THIN for edge in diagram.edges.values())
        assert diagram.edges["x1"].get_edgecolor() == pytest.approx((0x55 / 255,) * 3 + (1.0,))
        assert PLAIN == "#555555"

    def test_stepper_on_another_state_is_refused(self):
        """Following a stepper of a different NetworkState raises ValueError saying to share it."""
        with pytest.raises(ValueError, match="same state"):
            NetworkDiagram(NetworkState(), stepper=ChainRuleStepper())

def test_state_must_be_a_network_state():
    """Passing something that is not a NetworkState raises TypeError saying what to pass."""
    with pytest.raises(TypeError, match="NetworkState"):
        ChainRuleStepper(state={"w0": 2})
    with pytest.raises(TypeError, match="NetworkState"):
        NetworkDiagram(state=ChainNetwork())


from hypothesis import given, settings, strategies as st  # noqa: E402

weights = st.floats(min_value=-3, max_value=3, allow_nan=False)


@settings(max_examples=25, deadline=None)
@given(w0=weights, w1=weights, w2=weights, weight=st.sampled_from(["w0", "w1", "w2"]))
def test_last_step_is_the_central_difference(w0, w1, w2, weight):
    """For any weights the stepper's result equals a central finite difference of the cost."""
    state = NetworkState(w0=w0, w1=w1, w2=w2)
    stepper = ChainRuleStepper(state, weight=weight)
    stepper.step = stepper.steps_total - 1
    numeric = wiggle(state.network(), weight, 1e-6)
    assert stepper.current().value == pytest.approx(numeric, rel=1e-5, abs=1e-9)
    assert stepper.current().product == stepper.current().value


class TestBackpropagationMode:
    def test_each_gradient_reuses_the_one_above(self):
        """'all three': after the forward pass, dC/dout, then each gradient is the one above x a local slope."""
        stepper = ChainRuleStepper(weight="all")
        names = [s.name for s in stepper.steps()[6:]]
        assert names == ["dC/dout", "dC/dw2", "dC/ds2", "dC/dx2", "dC/dw1", "dC/ds1", "dC/dx1", "dC/dw0"]
        b = ChainNetwork().backward()
        values = {s.name: s.value for s in stepper.steps()[6:]}
        assert values["dC/dx2"] == pytest.approx(b.dx2, rel=1e-12) == pytest.approx(-0.0333288, rel=1e-5)
        assert values["dC/dx1"] == pytest.approx(-0.000588676, rel=1e-5)
        assert {s.name: s.uses for s in stepper.steps()[6:]}["dC/dw1"] == "dC/dx2"

    def test_the_row_being_reused_is_marked(self):
        """On dC/dw1 the dC/dx2 row is blue (reused) and the current row yellow; the diagram says so too."""
        stepper = ChainRuleStepper(weight="all")
        diagram = NetworkDiagram(stepper=stepper)
        stepper.state.chain_step = 10   # dC/dw1
        rows = stepper.table.value.split("<tr")
        reused = next(r for r in rows if r"\partial x_2} = \frac{\partial C}{\partial s_2}" in r)
        current = next(r for r in rows if "fff1a8" in r)
        assert "d6eaf8" in reused and r"\partial w_1} = \frac{\partial C}{\partial x_2}" in current
        assert diagram.caption.get_text() == "backward: dC/dw1 = \u22120.03273, reusing dC/dx2 from above"
        assert diagram.highlighted == "x2"

    def test_the_last_step_gives_all_three_gradients(self):
        """The result names dC/dw2, dC/dw1 and dC/dw0, equal to net.gradient()."""
        stepper = ChainRuleStepper(weight="all")
        stepper.state.chain_step = stepper.steps_total - 1
        g = ChainNetwork().gradient()
        for w in ("w0", "w1", "w2"):
            assert f"dC/d{w} = {g[w]:.5g}".replace("-", "\u2212") in stepper.table.value   # a true minus sign
        assert "no product was computed twice" in stepper.table.value


def test_a_gradient_of_minus_zero_reads_0():
    """w2 = 0 makes dC/dw0 = (negative) x 0 = -0.0: the stepper and the diagram say 0, never -0."""
    state = NetworkState(w2=0.0)
    assert str(state.network().gradient()["w0"]) == "-0.0"
    stepper, diagram = ChainRuleStepper(state), NetworkDiagram(state=state, highlight=True)
    state.chain_step = stepper.steps_total - 1   # the result: dC/dw0
    assert "Result: dC/dw0 = 0, the same number as net.gradient()['w0'] = 0." in stepper.table.value
    assert stepper.describe().endswith("dC/dw0 = 0.")
    assert diagram.caption.get_text().startswith("backward: dC/dw0 = 0,")
    minus_zero = re.compile("[-\u2212]0(?![.0-9])")   # -0 or \u22120, not -0.7
    assert not minus_zero.search(stepper.table.value) and not minus_zero.search(diagram.caption.get_text())
    assert minus_zero.search("(-0) and -0.7")   # what it would find
