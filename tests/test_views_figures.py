"""The static figures: drawn from the package's numbers, readable, and shown as PNG pictures."""
import math

import matplotlib
import matplotlib.text
import numpy as np
import pytest

import bpwidgets as bp
from bpwidgets import nn
from bpwidgets.views.figures import StaticFigure, draw_chain_graph, draw_network, draw_sigmoid_slope, number


def S(x):
    return 1.0 / (1.0 + math.exp(-x))


class TestChainGraph:
    def test_forward_values_above_and_gradients_below_each_edge(self):
        """Each edge shows its tail's value above and dC/d(that value) below, from net.backward()."""
        net = bp.ChainNetwork()
        f, b = net.forward(), net.backward()
        fig = draw_chain_graph(net)
        ax = fig.axes[0]
        for name, value in (("s0", 2.0), ("x1", f.x1), ("s1", f.s1), ("x2", f.x2), ("s2", f.s2), ("out", f.out)):
            assert ax.values[name].get_text() == number(value)   # the node on its left names it
        assert ax.values["C"].get_text() == f"C = {number(net.cost())}"
        expected = {"x1": b.dx1, "s1": b.ds1, "x2": b.dx2, "s2": b.ds2, "out": b.dout}
        assert {n: t.get_text() for n, t in ax.gradients.items()} == {n: number(v) for n, v in expected.items()}
        assert ax.gradients["x2"].get_text() == "\u22120.03333" and ax.gradients["x1"].get_text() == "\u22120.0005887"
        for name in expected:
            above, below = ax.values[name].get_position(), ax.gradients[name].get_position()
            assert above[1] > 0 > below[1] and above[0] == below[0]   # the edge runs along y = 0

    def test_weight_gradients_agree_with_finite_differences(self):
        """dC/dw0, dC/dw1, dC/dw2 printed under the weights match wiggling each weight (4 digits)."""
        net = bp.ChainNetwork(w0=0.5, w1=-1.2, w2=2.0, s0=1.5, target=0.3)
        ax = draw_chain_graph(net).axes[0]
        wiggled = bp.numerical_gradient(net)
        for name in ("w0", "w1", "w2"):
            value_text, gradient_text = (t.get_text() for t in ax.weight_labels[name])
            assert value_text == f"{name} = {number(getattr(net, name))}"
            printed = float(gradient_text.split(" = ")[1].replace("\u2212", "-"))
            assert printed == pytest.approx(wiggled[name], rel=5e-4)

    def test_other_numbers_other_picture_and_bad_input(self):
        """A different network changes the texts; anything but a ChainNetwork is refused."""
        ax = draw_chain_graph(bp.ChainNetwork(w0=0.5)).axes[0]
        assert ax.values["x1"].get_text() == "1"
        with pytest.raises(TypeError, match="ChainNetwork"):
            draw_chain_graph({"w0": 1})

    @pytest.mark.parametrize("of", ["C", "out"])
    def test_readable_when_shown_800_px_wide(self, of):
        """Shown in a notebook ~800 px wide, every text is >= 11 pt (PNG at 100 dpi scaled down) and
        no two texts overlap; the figure is 10 inches wide, not 16."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        fig = draw_chain_graph(of=of)
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        assert tuple(fig.get_size_inches()) == (10, 4.6)
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text() and t.get_visible()]
        png_width = fig.get_tightbbox(renderer).width * 100   # inches -> pixels at the PNG's 100 dpi
        shown = 800 / png_width
        assert all(t.get_fontsize() * shown >= 11 for t in texts), min(t.get_fontsize() for t in texts)
        boxes = [t.get_window_extent(renderer) for t in texts]
        for i, a in enumerate(boxes):
            for j in range(i):
                assert not a.overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())

    def test_text_form_lists_the_numbers(self):
        """The text alternative names the upstream gradients of the backward pass."""
        text = repr(draw_chain_graph())
        assert text.startswith("Computational graph of the chain: s0 = 2, x1 = 4,")
        assert "dC/dx2 = \u22120.03333" in text and "dC/dw0 = \u22120.001177" in text

    def test_gradients_of_out_for_lesson_02(self):
        """of="out" shows d out/d· (lesson 02's derivatives): dout/dw0 = 0.003501, dout/dw2 = s2; other `of` refused."""
        net = bp.ChainNetwork()
        ax = draw_chain_graph(net, of="out").axes[0]
        assert ax.gradients["out"].get_text() == "1" and ax.gradients["s2"].get_text() == number(net.w2)
        assert ax.weight_labels["w0"][1].get_text() == "dout/dw0 = 0.003501"
        assert ax.weight_labels["w2"][1].get_text() == f"dout/dw2 = {number(net.forward().s2)}"
        with pytest.raises(ValueError, match='"C"'):
            draw_chain_graph(net, of="cost")


class TestNetworkDrawing:
    def test_seed002_output_weights_w7_to_w12_sit_on_their_edges(self):
        """w7..w12 label the u -> (y_hat, z_hat) edges as on the slides: w8 joins u1 to z_hat, w9 u2 to y_hat."""
        model, x, y = nn.seed002_example()
        output = model.dense_layers[1]
        ax = draw_network().axes[0]
        for k in range(3):
            for j in range(2):
                label = ax.edge_labels[(1, k, j)]
                assert label.get_text() == f"w{7 + 2 * k + j} = {number(output.weights[j, k])}"
        assert ax.edge_labels[(1, 0, 1)].get_text() == "w8 = \u22122"
        assert ax.edge_labels[(1, 1, 0)].get_text() == "w9 = 1"
        # w8's label lies on the segment from u1 to z_hat
        u1 = ax.node_values[(1, 0)].get_position()[0], ax.node_values[(1, 0)].get_position()[1] - 0.47
        z_hat = ax.node_values[(2, 1)].get_position()[0], ax.node_values[(2, 1)].get_position()[1] - 0.47
        px, py = ax.edge_labels[(1, 0, 1)].get_position()
        t = (px - u1[0]) / (z_hat[0] - u1[0])
        assert 0 < t < 1 and py == pytest.approx(u1[1] + t * (z_hat[1] - u1[1]))

    def test_seed002_values_and_errors_are_the_lectures(self):
        """Values u = (7, -22, -3), outputs (-21, -2); errors dl/dy = -22, dl/dz = -6, dl/du1 = -32."""
        ax = draw_network().axes[0]
        values = {key: text.get_text() for key, text in ax.node_values.items()}
        assert [values[(1, j)] for j in range(3)] == ["7", "\u221222", "\u22123"]
        assert [values[(2, j)] for j in range(2)] == ["\u221221", "\u22122"]
        deltas = {key: text.get_text() for key, text in ax.node_deltas.items()}
        assert deltas[(2, 0)] == "δ = \u221222" and deltas[(2, 1)] == "δ = \u22126"
        assert deltas[(1, 0)] == "δ = \u221232"
        assert (1, 0) in ax.node_deltas and (0, 0) not in ax.node_deltas   # inputs have no error

    def test_lesson07_network_errors_match_finite_differences(self):
        """The 2-3-1 sigmoid network: a(3) = 0.44, delta(3) = -0.138; each delta equals dC/db by wiggling."""
        model, x, y = nn.delta_example()
        ax = draw_network(model, x, y).axes[0]
        assert ax.node_values[(2, 0)].get_text() == "0.44"
        assert ax.node_deltas[(2, 0)].get_text() == "δ = \u22120.138"
        loss = nn.HalfSquaredError()
        for layer_index, layer in enumerate(model.dense_layers, start=1):
            for j in range(layer.biases.shape[0]):
                def cost(b):
                    keep = layer.biases.copy()
                    layer.biases[:] = b
                    value = loss.value(model.forward(x), y)
                    layer.biases[:] = keep
                    return value
                wiggled = bp.selfcheck.finite_difference(cost, layer.biases.copy())[j, 0]
                shown = ax.node_deltas[(layer_index, j)].get_text().split(" = ")[1].replace("\u2212", "-")
                assert float(shown) == pytest.approx(wiggled, rel=1e-3)
        assert ax.edge_labels[(1, 0, 0)].get_text() == "0.5"     # unnumbered: the weight alone

    def test_errors_false_hides_the_errors_until_asked(self):
        """errors=False on the lecture's network: the values u = (7, -22, -3) are shown, no delta and no delta legend."""
        ax = draw_network(errors=False).axes[0]
        assert ax.node_deltas == {}
        assert [ax.node_values[(1, j)].get_text() for j in range(3)] == ["7", "\u221222", "\u22123"]
        assert not any("δ" in text.get_text() for text in ax.texts)

    def test_without_a_target_only_values(self):
        """With y=None the errors are left out; bad shapes and names are refused."""
        model, x, _ = nn.delta_example()
        ax = draw_network(model, x).axes[0]
        assert ax.node_deltas == {} and ax.node_values[(2, 0)].get_text() == "0.44"
        with pytest.raises(ValueError, match="one sample as a column"):
            draw_network(model, np.ones((2, 3)))
        with pytest.raises(ValueError, match="labels per layer"):
            draw_network(model, x, names=[["a"], ["b"], ["c"]])
        with pytest.raises(TypeError, match="nn.Network"):
            draw_network("model", x)


class TestSigmoidSlope:
    def test_x1_and_x2_marked_at_their_slopes(self):
        """x1 = 4 (S' = 0.01766) and x2 = 0.982 (S' = 0.1982) are marked at (x, S'(x))."""
        ax = draw_sigmoid_slope().axes[0]
        f = bp.ChainNetwork().forward()
        for name, x in (("x1", f.x1), ("x2", f.x2)):
            mark = ax.marks[name]
            slope = S(x) * (1 - S(x))
            assert mark.xy == pytest.approx((x, slope), rel=1e-12)
            assert mark.get_text() == f"{name} = {number(x)}\nS'({name}) = {number(slope)}"
        assert ax.marks["x1"].get_text().endswith("0.01766") and ax.marks["x2"].get_text().endswith("0.1982")
        xs, ys = ax.lines[0].get_data()
        assert ys.max() == pytest.approx(0.25) and xs[np.argmax(ys)] == pytest.approx(0.0)


class TestStaticPictures:
    @pytest.mark.parametrize("draw", [draw_chain_graph, draw_network, draw_sigmoid_slope])
    def test_each_is_a_png_with_a_text_form(self, draw):
        """Every figure renders to a PNG (no widget, no pyplot) and has a text alternative."""
        fig = draw()
        assert isinstance(fig, StaticFigure) and fig.canvas.manager is None
        png = fig._repr_png_()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
        assert not repr(fig).startswith("<Figure")

    def test_public_names(self):
        """bp.draw_chain_graph, bp.draw_network and bp.draw_sigmoid_slope are the package's."""
        assert bp.draw_chain_graph is draw_chain_graph and bp.draw_network is draw_network
        assert bp.draw_sigmoid_slope is draw_sigmoid_slope


class TestRoundedText:
    """The one formatter of numbers that are read: rounded, never -0, the minus sign."""

    def test_a_value_that_rounds_to_zero_has_no_sign(self):
        from bpwidgets.numbers import rounded_text
        assert rounded_text(-1e-17, ".4f") == "0.0000" and rounded_text(-0.0) == "0"
        assert rounded_text(-0.00004, ".4f") == "0.0000" and rounded_text(-0.00005, ".4f") == "\u22120.0001"

    def test_negatives_read_with_the_minus_sign_and_latex_keeps_the_hyphen(self):
        from bpwidgets.numbers import rounded_text
        assert rounded_text(-0.0333333) == "\u22120.03333" and rounded_text(-2.5e-7) == "\u22122.5e\u221207"
        assert rounded_text(-2.5, minus="-") == "-2.5" and rounded_text(3.0) == "3"
