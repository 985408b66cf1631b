"""Where no widget can be shown, every bpwidgets widget says what it is and shows a picture of itself."""
import base64
import io
import re

import numpy as np
import pytest
from matplotlib.image import imread
from PIL import Image

import bpwidgets as bp
from bpwidgets.views._canvas import canvases
from bpwidgets.views._panel import figure_png, panels
from bpwidgets.views._picture import WIDTH, figure_pixels

PANELS = ["WeightSliders", "CostLandscape", "ChainRuleStepper", "NetworkDiagram", "WiggleProbe",
          "TrainingView", "Explorer", "LayerStepper", "OptimizerRace", "VanishingGradients"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FIGURED = ["CostLandscape", "NetworkDiagram", "WiggleProbe", "TrainingView", "Explorer", "OptimizerRace",
           "VanishingGradients"]


def _bundle(widget):
    """(data, metadata) of a widget's display bundle."""
    shown = widget._repr_mimebundle_()
    return shown if isinstance(shown, tuple) else (shown, {})


def _picture(widget):
    """(PNG bytes, alt text) of a widget that holds a figure."""
    data, metadata = _bundle(widget)
    return base64.b64decode(data["image/png"]), metadata["image/png"]["alt"]


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def _contains(picture, part):
    """Whether the RGB array `part` appears, pixel for pixel, somewhere in `picture`."""
    h, w = part.shape[:2]
    middle = part[h // 2].tobytes()
    for y in range(h // 2, picture.shape[0] - (h - h // 2) + 1):
        offset = picture[y].tobytes().find(middle)
        while offset >= 0:
            if offset % 3 == 0:
                x, top = offset // 3, y - h // 2
                if np.array_equal(picture[top:top + h, x:x + w], part):
                    return True
            offset = picture[y].tobytes().find(middle, offset + 1)
    return False


@pytest.mark.parametrize("name", PANELS)
def test_text_form_is_the_description_with_numbers(name):
    """text/plain (a terminal, nbval) is the view's description; the live widget is offered too."""
    widget = getattr(bp, name)()
    bundle, _ = _bundle(widget)
    assert bundle["text/plain"] == widget.describe()
    assert re.search(r"= -?\d", bundle["text/plain"]), bundle["text/plain"]   # it has numbers
    assert "run this cell" not in bundle["text/plain"]
    assert WIDGET_VIEW in bundle


@pytest.mark.parametrize("name", FIGURED)
def test_a_view_with_a_figure_is_saved_as_one_picture_of_itself_with_its_description(name):
    """Viewers that sanitize HTML drop <img data:...>: a view that holds a figure offers one
    image/png (and no text/html, which would win over it), holding every figure on screen pixel
    for pixel (a hidden tab's figure is not on screen), as wide as a laptop shows at its own size,
    its description as alt text; the same bytes on every display."""
    widget = getattr(bp, name)()
    data, _ = _bundle(widget)
    assert "text/html" not in data and WIDGET_VIEW in data
    png, alt = _picture(widget)
    assert png.startswith(b"\x89PNG") and b"Software" not in png and b"matplotlib" not in png
    assert alt == widget.describe()
    picture = _pixels(png)
    assert 600 <= picture.shape[1] <= WIDTH, picture.shape
    hidden = canvases(widget.training) if name == "Explorer" else []   # the training tab is not selected
    shown = [f for p in panels(widget) for w, f in p.static_figures().items() if w not in hidden]
    assert shown
    for fig in shown:
        assert _contains(picture, figure_pixels(fig)), fig
    if name == "Explorer":   # its tables and readouts are in the picture too: more than its figures
        assert picture.shape[0] > sum(figure_pixels(f).shape[0] for f in shown) + 300
    assert _picture(getattr(bp, name)())[0] == png   # re-running a lesson leaves its file unchanged


@pytest.mark.parametrize("name", sorted(set(PANELS) - set(FIGURED)))
def test_a_view_of_tables_and_controls_is_plain_html_that_reads_without_style(name):
    """Tables and readouts stay HTML, with nothing a sanitizer strips: no style, no data: URI."""
    data, metadata = _bundle(getattr(bp, name)())
    assert "image/png" not in data and not metadata
    assert "style=" not in data["text/html"] and "data:" not in data["text/html"]
    assert "run the cell to use it" in data["text/html"]


def test_stepper_static_form_is_its_table():
    """A stepper has no figure: its picture is the HTML table, up to the current step."""
    stepper = bp.ChainRuleStepper(weight="w2")
    stepper.step = 7
    static = stepper._repr_mimebundle_()["text/html"]
    assert "<table" in static and "Backward pass" in static and "<img" not in static
    # the current step's row was marked by its background: without style it is strong instead
    assert static.count("<strong>") == 4 and "style=" not in static
    assert "step 8 of" in stepper.describe() and "backward pass" in stepper.describe()


def test_the_landscape_picture_has_the_star_and_path():
    """The page draws the live map; the saved picture is matplotlib's, with the red star on it."""
    view = bp.CostLandscape(bp.NetworkState())
    pixels = imread(io.BytesIO(figure_png(view.static_figure())))[..., :3]
    red = np.all(np.abs(pixels - [1.0, 0.0, 0.0]) < 0.02, axis=-1)   # the star is pure red
    assert red.sum() > 50


def test_static_picture_includes_the_blitted_artists():
    """The probe's h marker is an animated artist (left out of a plain draw): the picture has it,
    so moving h (nothing else changes) changes the picture; the live artist stays animated."""
    probe = bp.WiggleProbe()
    before = figure_png(probe.fig)
    probe.h_slider.value = 1e-2
    assert figure_png(probe.fig) != before
    assert probe.h_marker.get_animated()


def test_static_picture_follows_the_state():
    state = bp.NetworkState()
    view = bp.CostLandscape(state)
    before, before_alt = _picture(view)
    state.w1 = 1.5
    after, after_alt = _picture(view)
    assert "the star at (1.5, 0.5)" in after_alt
    assert "the star at (1, 0.5)" in before_alt
    assert after != before


def test_landscape_description_reads_like_the_lecture():
    text = bp.CostLandscape().describe()
    assert text == ("Cost landscape C(w1, w2) at w0 = 2, as a surface and a contour map: the star at "
                    "(1, 0.5), C = 0.05653; 100 steps of gradient descent with alpha 0.5 reach C < 1e-12.")
    diverging = bp.CostLandscape(bp.NetworkState.from_scenario("diverging")).describe()
    assert diverging.endswith("gradient descent with alpha 50 diverges at step 3.")


def test_figure_labels_follow_the_state_and_the_stepper():
    """In the page each figure carries an aria-label with its numbers, updated on every change."""
    ex = bp.Explorer()
    ex._repr_mimebundle_()
    label = ex.landscape.figure_label.value
    assert 'role="img"' in label and "the star at (1, 0.5)" in label
    ex.state.w1 = 2.0
    assert "the star at (2, 0.5)" in ex.landscape.figure_label.value
    assert "x2 = " in ex.diagram.figure_label.value
    ex.stepper.step = 3
    assert "highlighted: forward: s2 = " in ex.diagram.figure_label.value
    ex.probe.h_slider.value = 1e-2
    assert "h = 0.01" in ex.probe.figure_label.value
    # views without a figure get no label: their table and controls are read as they are
    assert getattr(ex.sliders, "figure_label", None) is None and getattr(ex.stepper, "figure_label", None) is None


def test_exercises_too():
    """The exercises' text form is the same kind of instruction."""
    assert repr(bp.NumberExercise("How much?", 1.0)) == "[NumberExercise: run this cell to use it]"


def test_a_displayed_view_brings_the_page_access_module_once():
    """ipympl's figure swallows Tab and ipywidgets' slider handles have no name: a displayed view
    brings the small module that repairs both (once, however often it is displayed)."""
    from bpwidgets.views.keyboard import PageAccess
    ex = bp.Explorer()
    ex._repr_mimebundle_()
    ex._repr_mimebundle_()
    assert sum(isinstance(child, PageAccess) for child in ex.children) == 1
    assert not any(isinstance(c, PageAccess) for view in ex.views for c in view.children)   # the root's job
    module = PageAccess()._esm   # it ships with the package
    assert 'event.key === "Tab"' in module and 'setAttribute("aria-label", label)' in module


def test_a_view_drawn_in_the_page_gives_its_picture_through_static_figures():
    """A view whose figure is not an ipympl canvas (e.g. drawn in the page) maps that widget to a
    matplotlib Figure of the same state: the picture and the accessible name follow from it."""
    import ipywidgets as widgets
    from matplotlib.figure import Figure
    from bpwidgets.views._panel import Panel

    class PageDrawn(Panel):
        def __init__(self):
            super().__init__()
            self.drawing = widgets.Box()   # stands for a widget drawn by the browser
            self.children = [self.drawing]

        def describe(self):
            return "A straight line from (0, 0) to (1, 1)."

        def static_figures(self):
            fig = Figure(figsize=(2, 2))
            fig.add_subplot().plot([0, 1], [0, 1])
            return {self.drawing: fig}

    view = PageDrawn()
    png, alt = _picture(view)
    assert png.startswith(b"\x89PNG") and alt == "A straight line from (0, 0) to (1, 1)."
    assert _contains(_pixels(png), figure_pixels(view.static_figures()[view.drawing]))
    assert 'aria-label="A straight line from (0, 0) to (1, 1)."' in view.figure_label.value


def test_the_picture_draws_the_widgets_tables_as_they_look():
    """HTML readouts and tables become lines of text in the picture: a table keeps its columns,
    s<sub>0</sub> reads s₀, and the stepper's current row keeps its yellow band."""
    from bpwidgets.views._picture import html_lines
    lines = html_lines("<div><b>weights</b></div><table><tr style='background: #fff1a8'><td>$x_1$</td>"
                       "<td>= 4</td></tr></table><div>from s<sub>0</sub> &rarr; C</div>")
    assert [(line.cells, line.bold, line.background) for line in lines] == [
        (["weights"], True, None), (["$x_1$", "= 4"], False, "#fff1a8"), (["from s₀ → C"], False, None)]
    picture = _pixels(_picture(bp.Explorer())[0])
    band = np.all(picture == [255, 241, 168], axis=-1)   # the stepper's highlighted step
    assert band.sum() > 2000


def test_the_picture_keeps_superscripts_and_subscripts():
    """<sup>/<sub> become raised/lowered characters (Wᵀ, 10⁻¹⁶, x⁽ˡ⁾, δ₂); what has no such form
    keeps a mark (a^(T*)), so it never runs into the letter before it."""
    from bpwidgets.views._picture import html_lines
    cells = [line.cells[0] for line in html_lines(
        "<div>W<sup>T</sup> δ</div><div>10<sup>&minus;16</sup>/h</div><div>x<sup>(l)</sup></div>"
        "<div>a<sup>T*</sup></div><div>δ<sub>2</sub> b<sub>β</sub></div>")]
    assert cells == ["Wᵀ δ", "10⁻¹⁶/h", "x⁽ˡ⁾", "a^(T*)", "δ₂ b_β"]
