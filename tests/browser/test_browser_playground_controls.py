"""Every control of bp.Playground in a real JupyterLab, used as a learner uses it, and the visible
effect it promises: the status line, the page-drawn plane's pixels, the diagram's formula text,
the figure's pixels, and the kernel's numbers (read by running code in the notebook's kernel).

Each test starts from the Playground's defaults (xor, 2-4-1, tanh, cross-entropy, SGD at rate 1,
step 0). The expected numbers come from a PlaygroundState built here: same seed, same run.
"""
from __future__ import annotations

import html
import json
import re
import time

import numpy as np
import pytest

from bpwidgets.playground_state import PLAYGROUND_SCENARIOS, PlaygroundState
from bpwidgets.views.playground import Playground
import lab as lablib

pytestmark = pytest.mark.browser

PLANE = ".bp-playground-plane-view canvas"
ROOT = ".jp-OutputArea-output > .jupyter-widgets"
WAIT = 30_000   # ms: the machine is shared; a busy kernel answers late

# The plane's pixels above its caption ("step 12" is written in the bottom 24 px): a change
# here is a change of the picture, not only of the step number.
_FIELD_HASH_JS = """canvas => {
  const rows = canvas.height - Math.round(24 * canvas.height / canvas.clientHeight);
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, rows).data;
  let h = 2166136261 >>> 0;
  for (let i = 0; i < data.length; i += 4)
    h = Math.imul(h ^ data[i] ^ (data[i+1] << 8) ^ (data[i+2] << 16), 16777619) >>> 0;
  return h.toString(16);
}"""

# Run code in the notebook's kernel (as a cell would, without adding one); its printed text.
_KERNEL_JS = """async code => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  let out = '';
  future.onIOPub = msg => {
    if (msg.header.msg_type === 'stream') out += msg.content.text;
    if (msg.header.msg_type === 'error') out += 'ERROR ' + msg.content.ename + ': ' + msg.content.evalue;
  };
  await future.done;
  return out;
}"""

FRESH = """
from bpwidgets.playground_state import PLAYGROUND_DEFAULTS as _defaults
pg.play.playing = False
pg.scenario.value = ""
pg.state.set(**_defaults)
pg.state.reset()
print(pg.state.revision)
"""


@pytest.fixture(scope="module")
def opened(lab, browser):
    page, errors = lablib.run_notebook(browser, lab, "tests/browser/playground.ipynb", figures=0, height=1400)
    page.wait_for_selector(f"{PLANE}[data-revision]", timeout=60_000)
    lablib.wait_for_net(page)
    yield lablib.Opened(page, errors)
    lablib.close_notebook(page, lab)


@pytest.fixture
def page(opened):
    """The Playground back at its defaults, step 0, and the page showing that revision."""
    page = opened.page
    revision = int(kernel(page, FRESH))
    wait_for_plane(page, revision)
    page.wait_for_function("() => document.body.innerText.includes('step 0: training loss')", timeout=WAIT)
    return page


def kernel(page, code):
    out = page.evaluate(_KERNEL_JS, code)
    assert "ERROR" not in out, out
    return out.strip()


def kernel_value(page, expression):
    """A value of the kernel's Playground `pg`, through JSON."""
    return json.loads(kernel(page, f"import json as _json; print(_json.dumps({expression}))"))


def wait_for_plane(page, revision=None):
    """Wait until the plane has painted `revision` (default: the state's current one)."""
    if revision is None:
        revision = kernel_value(page, "pg.state.revision")
    page.wait_for_selector(f"{PLANE}[data-revision='{revision}']", state="attached", timeout=WAIT)


def field(page):
    return page.locator(PLANE).evaluate(_FIELD_HASH_JS)


def plane_label(page):
    return page.locator(PLANE).get_attribute("aria-label")


def status(page):
    """The status line under the controls."""
    return page.locator(f"{ROOT} > .widget-html").first.inner_text().strip()


def wait_for_status(page, text, timeout=WAIT):
    page.locator(f"{ROOT} > .widget-html").first.filter(has_text=text).wait_for(timeout=timeout)
    return status(page)


def formula(page):
    return " ".join(page.locator(f"{ROOT} .widget-htmlmath").first.inner_text().split())


def as_text(html_text):
    """What the page shows of formula_html(): tags dropped, one space between words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_text.replace("<br>", " "))).split())


def labelled(page, kind, label):
    """The control of class `kind` (.widget-dropdown, .widget-text...) labelled `label` exactly."""
    return page.locator(kind).filter(
        has=page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))


def pick(page, label, option):
    labelled(page, ".widget-dropdown", label).locator("select").select_option(label=option)


def shown_option(page, label):
    """The text the dropdown labelled `label` shows (ipywidgets writes its spaces as &nbsp;)."""
    text = labelled(page, ".widget-dropdown", label).locator("select").evaluate("s => s.options[s.selectedIndex].text")
    return " ".join(text.split())


def status_reads(page, text):
    """Whether the status line comes to read `text` (it arrives after the plane's repaint)."""
    lablib.wait_until(lambda: status(page) == text, timeout=WAIT / 1000)
    return status(page) == text


def typed(page, label, text):
    box = labelled(page, ".widget-text", label).locator("input")
    lablib.type_into(page, box, text)
    return box


def press_slider(page, label, key, times):
    handle = lablib.slider_by_label(page, label).locator(".noUi-handle")
    handle.focus()
    for _ in range(times):
        handle.press(key)
    return handle


def press_step(page, times=1):
    """Press 'step' `times` times, each after the last one shows (a learner watching)."""
    for _ in range(times):
        after = kernel_value(page, "pg.state.steps") + 1
        page.get_by_role("button", name="step", exact=True).click()
        page.wait_for_function(
            "([sel, n]) => new RegExp('at step ' + n + '(?!\\\\d)').test(document.querySelector(sel).getAttribute('aria-label'))",
            arg=[PLANE, after], timeout=WAIT)


def reference(**values):
    return PlaygroundState(**values)


# --- step, reset ------------------------------------------------------------------------

def test_step_adds_a_step_a_loss_point_and_repaints_the_plane(page):
    before_field = field(page)
    press_step(page)
    expected = reference(steps=1).run.train_losses
    assert status_reads(page, f"step 1: training loss {expected[-1]:.4g}"), status(page)
    assert kernel_value(page, "[float(v) for v in pg.state.derived.train_losses]") == pytest.approx(expected, abs=1e-12)
    wait_for_plane(page)
    assert "at step 1" in plane_label(page)
    assert field(page) != before_field, "the plane's picture did not change after a step"
    # the loss curve gains its second point, at step 1 with that loss, drawn in the page
    page.wait_for_function("sel => document.querySelector(sel + ' path[data-name=\"train\"]')", arg=lablib.NET,
                           timeout=WAIT)
    curve = page.locator(f'{lablib.NET} path[data-name="train"]').first
    assert curve.get_attribute("data-points") == "2"
    assert kernel_value(page, "pg.net.train") == [float(f"{v:.4g}") for v in expected]


def test_reset_goes_back_to_step_0_and_the_first_picture(page):
    first = field(page)
    press_step(page, 3)
    assert field(page) != first
    page.get_by_role("button", name="reset", exact=True).click()
    wait_for_status(page, "step 0: training loss")
    wait_for_plane(page)
    assert "at step 0" in plane_label(page)
    assert field(page) == first
    assert kernel_value(page, "[pg.state.steps, len(pg.state.run.train_losses)]") == [0, 1]


# --- learning rate ----------------------------------------------------------------------

@pytest.mark.parametrize("rate, words", [("1e9", "got 1e+09"), ("-1", "got -1")])
def test_a_refused_rate_says_why_and_keeps_the_old_rate(page, rate, words):
    box = typed(page, "learning rate", rate)
    text = wait_for_status(page, "learning rate must be")
    assert "learning rate must be a number between 0 and 1000" in text and words in text
    lablib.wait_until(lambda: box.input_value() == "1", timeout=WAIT / 1000)
    assert box.input_value() == "1"
    assert kernel_value(page, "pg.state.learning_rate") == 1.0
    press_step(page)   # and training goes on at rate 1
    assert status_reads(page, f"step 1: training loss {reference(steps=1).run.train_losses[-1]:.4g}"), status(page)


@pytest.mark.parametrize("label", ["learning rate", "L2 lambda"])
def test_the_message_follows_the_latest_typed_text(page, label):
    """1e9 is refused; then "abc" and an empty box are answered (FloatText put the old number back
    in silence and left the 1e+09 message); then a good value clears the message."""
    typed(page, label, "1e9")
    wait_for_status(page, "got 1e+09")
    box = typed(page, label, "abc")
    text = wait_for_status(page, "got 'abc'")
    assert "1e+09" not in text and f"{label} must be a number between 0 and" in text
    box.click()   # the learner clears the box and presses Enter
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    text = wait_for_status(page, "got an empty box")
    assert "'abc'" not in text
    lablib.wait_until(lambda: box.input_value() in ("1", "0"), timeout=WAIT / 1000)
    typed(page, label, "0.5")
    text = wait_for_status(page, "step 0: training loss")
    assert "must be" not in text and box.input_value() == "0.5"


# --- data, noise, width, depth ----------------------------------------------------------

def test_the_data_picker_changes_the_points_and_curve_draws_a_curve(page):
    first = field(page)
    pick(page, "data", "circles")
    wait_for_plane(page)
    circles = field(page)
    assert circles != first
    expected = reference(dataset="circles").run.data.X_train.T.tolist()
    assert np.allclose(kernel_value(page, "pg.plane.train_x"), expected, atol=1e-12)
    assert "learning circles" in kernel(page, "print(pg.describe())")
    pick(page, "data", "curve")
    wait_for_plane(page)
    assert plane_label(page).startswith("the curve the network draws through the data")
    assert field(page) != circles
    # a curve is learnt with half squared error, and the widget says so
    assert "curve is learnt with half squared error" in status(page)
    assert shown_option(page, "loss") == "half squared error"


def test_noise_moves_the_points(page):
    first = field(page)
    press_slider(page, "noise", "ArrowRight", 2)   # 0 -> 0.1
    page.wait_for_function("() => document.body.innerText.includes('noise=0.1')", timeout=WAIT)
    wait_for_plane(page)
    assert field(page) != first
    expected = reference(noise=0.1).run.data.X_train.T.tolist()
    assert np.allclose(kernel_value(page, "pg.plane.train_x"), expected, atol=1e-12)
    assert not np.allclose(expected, reference().run.data.X_train.T.tolist(), atol=0.01)


def test_width_and_depth_give_the_diagram_that_many_neurons_and_layers(page):
    first = field(page)
    # one key at a time, each after the kernel took the last (a learner watching the diagram)
    for label, name, value in (("width", "width", 5), ("width", "width", 6), ("hidden layers", "depth", 2)):
        press_slider(page, label, "ArrowRight", 1)
        assert lablib.wait_until(lambda: kernel_value(page, f"pg.state.{name}") == value, timeout=WAIT / 1000)
    page.wait_for_function("() => document.body.innerText.includes('width=6, depth=2')", timeout=WAIT)
    wait_for_plane(page)
    options = [" ".join(o.split()) for o in
               labelled(page, ".widget-dropdown", "formula for").locator("option").all_inner_texts()]
    neurons = [o for o in options if o.startswith("neuron")]
    assert neurons == [f"neuron {l}.{i}" for l in (1, 2) for i in range(6)] + ["neuron 3.0"]
    assert len([o for o in options if o.startswith("weight")]) == 2 * 6 + 6 * 6 + 6
    assert "a 2-6-6-1 network" in kernel(page, "print(pg.describe())")
    assert field(page) != first
    # the page's diagram: that many neurons and edges, and no two numbers on top of each other
    drawn = diagram_in_page(page, revision=kernel_value(page, "pg.state.revision"))
    assert drawn["neurons"] == 15 and drawn["edges"] == 2 * 6 + 6 * 6 + 6
    assert drawn["overlaps"] == [], drawn["overlaps"]


_DIAGRAM_JS = """sel => {
  const holder = document.querySelector(sel);
  const boxes = [...holder.querySelectorAll('text.bp-neuron-label, text.bp-edge-label')].map(t => {
    const b = t.getBBox(); return {text: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height};
  });
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5) overlaps.push([a.text, b.text]);
  }));
  return {revision: Number(holder.dataset.revision), neurons: holder.querySelectorAll('circle.bp-neuron').length,
          edges: holder.querySelectorAll('line.bp-edge').length, overlaps};
}"""


def diagram_in_page(page, revision):
    """The page's diagram once it shows `revision`: its neuron and edge counts and overlapping labels."""
    page.wait_for_function("([sel, r]) => Number(document.querySelector(sel).dataset.revision) >= r",
                           arg=[lablib.NET, revision], timeout=WAIT)
    return page.evaluate(_DIAGRAM_JS, lablib.NET)


@pytest.mark.parametrize("values", [{"dataset": "lecture"}, {"width": 8, "depth": 3}, {"width": 3, "depth": 3},
                                    {"width": 1, "depth": 0}])
def test_the_diagrams_numbers_never_overlap(page, values):
    """The lecture's 2-3-2 (numbers on the edges too), the widest and deepest 2-8-8-8-1, a deep narrow
    net, no hidden layer: every number in the diagram readable, none on top of another."""
    revision = int(kernel(page, f"pg.state.set(**{values!r}); print(pg.state.revision)"))
    drawn = diagram_in_page(page, revision)
    sizes = kernel_value(page, "list(pg.state.run.arch.sizes)")
    assert drawn["neurons"] == sum(sizes)
    assert drawn["overlaps"] == [], drawn["overlaps"]


# --- what training does -------------------------------------------------------------------

SETTINGS = [  # (control kind, label, what the learner picks or types, the state's value)
    (".widget-dropdown", "activation", "relu", {"activation": "relu"}),
    (".widget-dropdown", "loss", "half squared error", {"loss": "half-squared"}),
    (".widget-dropdown", "optimizer", "adam", {"optimizer": "adam"}),
    (".widget-dropdown", "optimizer", "momentum", {"optimizer": "momentum"}),
    (".widget-dropdown", "batch size", "16", {"batch_size": 16}),
    (".widget-text", "L2 lambda", "0.1", {"l2": 0.1}),
]


@pytest.mark.parametrize("kind, label, choice, values", SETTINGS, ids=[f"{s[1]}={s[2]}" for s in SETTINGS])
def test_a_training_setting_changes_what_three_steps_do(page, kind, label, choice, values):
    """After 3 steps the loss is the one numpy gets with that setting, not the default's."""
    if kind == ".widget-dropdown":
        pick(page, label, choice)
    else:
        typed(page, label, choice)
    name, value = next(iter(values.items()))
    assert lablib.wait_until(lambda: kernel_value(page, f"pg.state.{name}") == value, timeout=WAIT / 1000)
    press_step(page, 3)
    expected, default = reference(steps=3, **values).run.train_losses[-1], reference(steps=3).run.train_losses[-1]
    assert f"{expected:.4g}" != f"{default:.4g}"
    assert status_reads(page, f"step 3: training loss {expected:.4g}"), status(page)
    assert kernel_value(page, "pg.state.run.train_losses[-1]") == pytest.approx(expected, abs=1e-12)


# --- the sample, the formula picker, a clicked edge ----------------------------------------

def test_the_sample_slider_moves_the_formula_to_that_sample(page):
    pick(page, "formula for", "neuron 1.2")
    page.wait_for_function("() => document.body.innerText.includes('neuron 1.2 for sample 0')", timeout=WAIT)
    zero = formula(page)
    press_slider(page, "sample", "ArrowRight", 3)   # sample 0 -> 3
    page.wait_for_function("() => document.body.innerText.includes('neuron 1.2 for sample 3')", timeout=WAIT)
    expected = as_text(Playground(state=reference(sample=3, chosen="n1.2")).formula_html())
    assert formula(page) == expected
    assert formula(page) != zero.replace("sample 0", "sample 3")   # other numbers, not only another index


def test_formula_for_shows_the_chosen_weights_formula_with_its_numbers(page):
    press_step(page, 2)
    pick(page, "formula for", "weight 2.0.1")
    page.wait_for_function("() => document.body.innerText.includes('weight 2.0.1 (from')", timeout=WAIT)
    assert formula(page) == as_text(Playground(state=reference(steps=2, chosen="w2.0.1")).formula_html())
    assert "dW = delta aT" in formula(page)


def test_a_clicked_edge_shows_dw_equals_delta_a_transposed_with_its_numbers(page):
    """A click 40% along the edge from input 0 to hidden neuron 3: that edge's dW = delta a^T."""
    here = Playground(state=reference(chosen="w1.3.0"))
    lablib.click_in_net(page, "w1.3.0", along=0.4)
    page.wait_for_function("() => document.body.innerText.includes('weight 1.3.0 (from')", timeout=WAIT)
    layer = here.state.derived.sample_pass.layers[0]
    text = formula(page)
    assert text == as_text(here.formula_html())
    assert f"= {layer.delta[3, 0]:.4g} × {layer.a_prev[0, 0]:.4g} = {layer.dW[3, 0]:.4g}" in text
    assert shown_option(page, "formula for") == "weight 1.3.0"


# --- scenarios and a diverging run ---------------------------------------------------------

@pytest.mark.parametrize("name", list(PLAYGROUND_SCENARIOS))
def test_a_scenario_sets_its_values_and_says_what_it_shows(page, name):
    scenario = PLAYGROUND_SCENARIOS[name]
    pick(page, "scenario", name)
    text = wait_for_status(page, scenario.explanation.split(":")[0])
    assert text.splitlines()[0] == scenario.explanation and text.splitlines()[1].startswith("step 0: training loss")
    state = kernel_value(page, "pg.state.to_dict()")
    expected = PlaygroundState(**scenario.values).to_dict()
    assert state == expected
    rate = labelled(page, ".widget-text", "learning rate").locator("input")
    assert float(rate.input_value()) == expected["learning_rate"]
    wait_for_plane(page)
    assert "at step 0" in plane_label(page)


def test_a_diverging_run_says_so_stops_play_and_reset_recovers(page):
    pick(page, "scenario", "too-large-a-rate")
    wait_for_status(page, "too large a rate")
    page.locator(".widget-play button").nth(0).click()   # play
    text = wait_for_status(page, "diverged at step")
    assert re.search(r"diverged at step \d+: the learning rate is too large \(step \d+ sent the loss", text), text
    assert lablib.wait_until(lambda: kernel_value(page, "pg.play.playing") is False, timeout=WAIT / 1000)
    stopped = kernel_value(page, "pg.state.steps")
    # the step that failed and the step shown agree: k failed and was undone, k - 1 is shown
    text = wait_for_status(page, "the last before it diverged")
    failed = int(re.search(r"diverged at step (\d+)", text).group(1))
    assert failed == stopped + 1 and f"step {stopped}, the last before it diverged: training loss" in text, text
    time.sleep(2.0)
    assert kernel_value(page, "pg.state.steps") == stopped
    page.get_by_role("button", name="step", exact=True).click()   # step does nothing now
    time.sleep(1.0)
    assert kernel_value(page, "pg.state.steps") == stopped and "diverged at step" in status(page)
    page.get_by_role("button", name="reset", exact=True).click()
    page.wait_for_function("() => !document.body.innerText.includes('diverged at step')", timeout=WAIT)
    assert kernel_value(page, "[pg.state.steps, pg.state.note, pg.state.diverged]") == [0, "", ""]
    press_step(page)
    assert kernel_value(page, "pg.state.steps") == 1


def test_no_errors_in_the_page(opened):
    assert [e for e in opened.errors if "favicon" not in e] == []


# --- the Voila app --------------------------------------------------------------------------

def test_the_voila_app_takes_data_and_refuses_a_rate_with_a_message(chromium_path, browser):
    """lessons/playground.ipynb as an app: the data picker repaints the plane; a rate of 1e9 is
    refused with a message and the box goes back to 1; step then trains at rate 1."""
    with lablib.running_voila("lessons/playground.ipynb") as url:
        opened = lablib.open_app(browser, url)
        app, errors = opened.page, opened.errors
        try:
            app.wait_for_selector(f"{PLANE}[data-revision]", timeout=120_000)
            lablib.wait_for_net(app)
            first = field(app)
            pick(app, "data", "moons")
            app.wait_for_function("() => document.body.innerText.includes(\"dataset='moons'\")", timeout=WAIT)
            assert lablib.wait_until(lambda: field(app) != first, timeout=WAIT / 1000)
            box = typed(app, "learning rate", "1e9")
            app.wait_for_function("() => document.body.innerText.includes('learning rate must be')", timeout=WAIT)
            assert lablib.wait_until(lambda: box.input_value() == "1", timeout=WAIT / 1000)
            app.get_by_role("button", name="step", exact=True).click()
            loss = reference(dataset="moons", steps=1).run.train_losses[-1]
            app.wait_for_function(f"() => document.body.innerText.includes('step 1: training loss {loss:.4g}')",
                                  timeout=WAIT)
            app.screenshot(path=str(lablib.screenshot_path("voila-playground-controls.png")), full_page=True)
            assert errors == []
        finally:
            app.close()
