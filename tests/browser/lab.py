"""A private JupyterLab and a headless Chromium, for the browser tests, the
screenshot script and the latency benchmark (one copy of the start-up code).

    with running_lab() as lab, chromium() as browser:
        page = browser.new_page()
        open_notebook(page, lab, "tests/browser/explorer.ipynb")
        run_all_cells(page)
        wait_for_figures(page)

What worked on these machines is written up in /work/shared/browser-testing.md.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"

# Debian's Chromium; Playwright cannot download its own browser here.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu",
    # without these Chromium keeps trying to reach the internet
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
INSTALL_HINT = ("Chromium is needed for the browser tests: `sudo apt-get install chromium` "
                "(Debian/Ubuntu) or set BPWIDGETS_CHROMIUM=/path/to/chromium. "
                "Do not use `playwright install`.")

# Lab settings for a quiet, predictable page:
# no news/update toast; no autosave (running a lesson must not rewrite it on disk);
# no notebook windowing, so every cell is rendered and can be screenshotted.
SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # render every cell (no windowing), no blank page after the last cell (screenshots),
    # and start the notebook's kernel without a dialog
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none", "scrollPastEnd": False,
                                               "autoStartDefaultKernel": True},
}


def find_chromium():
    """Path of the Chromium to drive ($BPWIDGETS_CHROMIUM if set), or None when there is none."""
    chosen = os.environ.get("BPWIDGETS_CHROMIUM")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
    return next((c for c in candidates if os.access(c, os.X_OK)), None)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab server: its URL, token and process."""

    def __init__(self, process, port, token, home):
        self.process = process
        self.port = port
        self.token = token
        self.home = home
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path):
        return f"{self.base}/{path.lstrip('/')}"

    def api(self, path, method="GET"):
        """Call the server's REST API; returns the decoded JSON (or None)."""
        request = urllib.request.Request(self.url(f"api/{path}"), method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        for kernel in self.api("kernels"):
            self.api(f"kernels/{kernel['id']}", method="DELETE")

    def log(self):
        return (Path(self.home) / "lab.log").read_text(errors="replace")


def private_env(prefix):
    """(home, env): a fresh temp HOME with its own Jupyter, IPython and matplotlib dirs."""
    home = tempfile.mkdtemp(prefix=prefix)
    env = dict(os.environ)
    for name, sub in [("HOME", ""), ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                      ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl")]:
        env[name] = os.path.join(home, sub)
        os.makedirs(env[name], exist_ok=True)
    env.pop("JUPYTER_RUNTIME_DIR", None)
    return home, env


def start_lab(root=REPO, timeout=90, app="jupyterlab"):
    """Start JupyterLab (or, with app="notebook", Jupyter Notebook 7) on 127.0.0.1 with its own
    config/data dirs; wait until it answers."""
    home, env = private_env("bpwidgets-lab-")
    # Lab reads <config dir>/labconfig/default_setting_overrides.json (jupyterlab_server),
    # so the overrides need no write into the venv's share/jupyter/lab/settings
    labconfig = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig"
    labconfig.mkdir()
    (labconfig / "default_setting_overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES))

    port, token = _free_port(), secrets.token_hex(16)
    app_class = {"jupyterlab": "LabApp", "notebook": "JupyterNotebookApp"}[app]
    command = [sys.executable, "-m", app, "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               # window.jupyterapp lets the tests wait for the notebook's kernel to be ready
               f"--{app_class}.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(os.path.join(home, "lab.log"), "wb")
    # own process group, so stop() can signal the server and its helpers together
    process = subprocess.Popen(command, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    lab = Lab(process, port, token, home)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}:\n{lab.log()[-3000:]}")
        try:
            lab.api("status")
            return lab
        except OSError:
            time.sleep(0.25)
    stop_lab(lab)
    raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{lab.log()[-3000:]}")


def stop_lab(lab):
    """Shut the kernels down, then stop the server (and anything it left running) by PID."""
    import psutil

    with contextlib.suppress(Exception):
        lab.shutdown_kernels()
    try:
        children = psutil.Process(lab.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(lab.process.pid, signal.SIGTERM)
    try:
        lab.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(lab.process.pid, signal.SIGKILL)
        lab.process.wait(timeout=5)
    # kernels run in their own sessions: make sure none outlives the server
    _, alive = psutil.wait_procs(children, timeout=5)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


@contextlib.contextmanager
def running_voila(notebook, timeout=90):
    """Voila serving `notebook` (relative to the repository) on 127.0.0.1; yields its URL."""
    home, env = private_env("bpwidgets-voila-")
    port = _free_port()
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", "--Voila.ip=127.0.0.1",
               f"--port={port}", "--Voila.port_retries=0"]
    log = open(os.path.join(home, "voila.log"), "wb")
    process = subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Voila exited with code {process.returncode}:\n"
                                   + (Path(home) / "voila.log").read_text(errors="replace")[-3000:])
            try:
                urllib.request.urlopen(url + "voila/static/", timeout=5).close()
                break
            except urllib.error.HTTPError:
                break   # it answers (a kernel starts only when the page is opened)
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Voila did not answer within {timeout} s")
                time.sleep(0.25)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@contextlib.contextmanager
def running_lab(root=REPO):
    lab = start_lab(root)
    try:
        yield lab
    finally:
        stop_lab(lab)


def launch_chromium(playwright, executable=None):
    """Launch the system Chromium headless (raises RuntimeError when there is none)."""
    executable = executable or find_chromium()
    if executable is None:
        raise RuntimeError(INSTALL_HINT)
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, lab, width=1400, height=1000):
    """A page logged in to `lab` (token cookie) that accepts the kernel dialog by itself."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(lab.url(f"lab?token={lab.token}"), wait_until="domcontentloaded")
    # On a cold server a "Select Kernel" dialog may appear: accept the default kernel.
    page.add_locator_handler(page.locator(".jp-Dialog .jp-mod-accept"), lambda loc: loc.click())
    return page


def open_notebook(page, lab, path, timeout=60_000):
    """Open `path` (relative to the repository) in a fresh workspace; wait for its cells."""
    page.goto(lab.url(f"lab/tree/{path}?reset"), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=timeout)
    wait_for_kernel(page, timeout)


def wait_for_kernel(page, timeout=60_000):
    """Wait until the current notebook's kernel is connected and idle (Run All is then safe)."""
    page.wait_for_function(
        """() => {
          const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
          const kernel = panel && panel.sessionContext && panel.sessionContext.session
                         && panel.sessionContext.session.kernel;
          return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
        }""", timeout=timeout)


def run_notebook(browser, lab, path, figures=1, width=1400, height=1000):
    """Open `path`, Run All, wait until every cell has run and `figures` figures are drawn.

    Returns (page, errors): `errors` collects the page's console errors and uncaught
    exceptions from now on.
    """
    page = new_page(browser, lab, width, height)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        open_notebook(page, lab, path)
        run_all_cells(page)
        wait_for_cells_run(page)
        if figures:
            wait_for_widgets(page)
            wait_for_figures(page, figures)
    except Exception:
        # leave a picture of what the page looked like, for whoever reads the failure
        shot = screenshot_path(f"failed-{Path(path).stem}.png")
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot of the failure: {shot}\nconsole errors: {errors}")
        raise
    return page, errors


def close_notebook(page, lab):
    """Close the page and shut down every kernel, so the next notebook starts clean."""
    page.context.close()
    lab.shutdown_kernels()


def run_all_cells(page):
    """Clear the saved outputs, then Run -> Run All Cells through the menu like a learner."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()


def wait_for_widgets(page, count=1, timeout=60_000):
    """Wait until at least `count` widget views are on the page."""
    page.wait_for_function(f"document.querySelectorAll('.jupyter-widgets').length >= {count}",
                           timeout=timeout)


def wait_for_cells_run(page, timeout=120_000):
    """Wait until every code cell has an execution count (or one raised: Run All stops there)
    and the kernel is idle. run_all_cells clears the counts first, so saved ones do not count."""
    page.wait_for_function(
        """() => {
          const panel = window.jupyterapp.shell.currentWidget;
          const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
          if (!kernel || kernel.status !== 'idle') return false;
          const cells = panel.content.widgets.filter(c => c.model.type === 'code');
          if (cells.some(c => c.promptNode && c.promptNode.textContent.includes('*'))) return false;
          const raised = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
          return raised || cells.every(c => c.model.executionCount !== null);
        }""", timeout=timeout)


def wait_for_settled(page, quiet=1.0, timeout=30.0):
    """Wait until no widget appeared and no figure changed for `quiet` seconds
    (views still rendering, throttled redraws)."""
    def snapshot():
        return page.evaluate(f"""() => [document.querySelectorAll('.jupyter-widgets').length,
            ...[...document.querySelectorAll('{FIGURE_CANVAS}')].map(c => ({_HASH_JS})(c).hash)]""")

    deadline = time.monotonic() + timeout
    last, since = snapshot(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = snapshot()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


FIGURE_CANVAS = ".jupyter-matplotlib-canvas-div > canvas:first-child"  # the picture; the second canvas is the rubber band

# A hash of the canvas pixels, computed in the page (a string, cheap to compare).
_HASH_JS = """canvas => {
  if (!canvas.width || !canvas.height) return {hash: 'empty', ink: 0, width: 0, height: 0};
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let h = 2166136261 >>> 0, ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    h = Math.imul(h ^ data[i] ^ (data[i+1] << 8) ^ (data[i+2] << 16), 16777619) >>> 0;
    if (data[i+3] && (data[i] < 250 || data[i+1] < 250 || data[i+2] < 250)) ink++;
  }
  return {hash: h.toString(16), ink: ink, width: canvas.width, height: canvas.height};
}"""


def canvas_pixels(canvas_locator):
    """{hash, ink (non-white pixels), width, height} of an ipympl canvas."""
    return canvas_locator.evaluate(_HASH_JS)


def wait_for_figures(page, count=1, timeout=60_000, selector=FIGURE_CANVAS):
    """Wait until `count` ipympl canvases (matching `selector`) show a picture (not blank)."""
    page.wait_for_function(
        """([sel, count]) => {
          const canvases = [...document.querySelectorAll(sel)].slice(0, count);
          return canvases.length >= count && canvases.every(c => {
            if (!c.width || !c.height) return false;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < d.length; i += 4 * 97) if (d[i+3] && d[i] < 250) return true;
            return false;
          });
        }""", arg=[selector, count], timeout=timeout)


def wait_until(condition, timeout=5.0, interval=0.05):
    """Poll `condition()` until it returns something truthy; return that (or the last value)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def wait_for_canvas_change(canvas_locator, before_hash, timeout=5_000):
    """Wait until the canvas pixels differ from `before_hash`; return the new pixels."""
    canvas_locator.page.wait_for_function(
        f"([c, h]) => ({_HASH_JS})(c).hash !== h",
        arg=[canvas_locator.element_handle(), before_hash], timeout=timeout)
    return canvas_pixels(canvas_locator)


def wait_for_canvas_settled(canvas_locator, quiet=0.3, timeout=5.0):
    """Wait until the canvas pixels stay the same for `quiet` seconds (ipympl may paint a frame
    in more than one go); return them."""
    last, since = canvas_pixels(canvas_locator), time.monotonic()
    deadline = since + timeout
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = canvas_pixels(canvas_locator)
        if now["hash"] != last["hash"]:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


def slider_by_label(page, label):
    """The `.widget-slider` whose description label reads `label` exactly."""
    return page.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))


def screenshot_path(name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def readout(page, label):
    """The text box beside the slider labelled `label`: it shows the state's exact value and takes
    a typed one (Enter). Read it with `.input_value()`."""
    return slider_by_label(page, label).locator(
        "xpath=following-sibling::div[contains(concat(' ', normalize-space(@class), ' '), ' bp-readout ')][1]//input")


def kernel_value(page, expression):
    """The value of `expression` in the current notebook's kernel: its repr, as text."""
    reply = page.evaluate("""async expression => {
      const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      const reply = await kernel.requestExecute({code: '', silent: false,
                                                 user_expressions: {v: expression}}).done;
      const v = reply.content.user_expressions.v;
      return v.status === 'ok' ? v.data['text/plain'] : 'error: ' + v.evalue;
    }""", expression)
    return reply


def type_into(page, box, text):
    """Type `text` into a text box as a learner does: click, select all, type, Enter."""
    box.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


class Opened:
    """An opened, run notebook's page and the console errors seen so far."""

    def __init__(self, page, errors):
        self.page, self.errors = page, errors


def open_app(browser, url, width=1400, height=1400):
    """A new page at `url` (a Voila app), collecting the page's errors: an Opened."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="domcontentloaded")
    return Opened(page, errors)


def check_fits(page, layout, shot_name, what):
    """Screenshot the page as `shot_name`, then: the file browser is open (JupyterLab's default)
    and `what` neither scrolls sideways nor holds a box wider than itself (`layout` from the page)."""
    shot = screenshot_path(shot_name)
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}\n{layout}")
    assert layout["sidebarOpen"], "the file browser should be open, as JupyterLab opens it"
    assert layout["scroll"][0] <= layout["scroll"][1], f"the {what} scrolls sideways: {layout['scroll']}"
    assert layout["wide"] == [], f"boxes wider than the {what}: {layout['wide']}"


# --- the Playground's page-drawn diagram (bpwidgets/views/_playground_net.js) ------------------

NET = ".bp-playground-net-view .bp-playground-net"   # its holder: data-revision, data-paints, data-chosen


def wait_for_net(page, timeout=60_000):
    """Wait until the Playground's diagram is drawn in the page (its SVG and a revision)."""
    page.wait_for_selector(f"{NET}[data-revision] svg", timeout=timeout)


def click_in_net(page, chosen, along=0.3):
    """Click the diagram as a learner does: a neuron ('n1.2') at its centre, an edge ('w1.3.0') at
    `along` of its length from its start (clear of the neurons and of other edges' middles)."""
    svg = page.locator(f"{NET} svg").first
    if chosen.startswith("n"):
        page.locator(f'{NET} circle[data-id="{chosen}"]').first.click()
        return
    x1, y1, x2, y2 = page.locator(f'{NET} line.bp-edge[data-id="{chosen}"]').first.evaluate(
        "e => ['x1', 'y1', 'x2', 'y2'].map(a => Number(e.getAttribute(a)))")
    box = svg.bounding_box()
    scale = box["width"] / float(svg.get_attribute("viewBox").split()[2])   # drawn smaller on a narrow page
    page.mouse.click(box["x"] + scale * (x1 + along * (x2 - x1)), box["y"] + scale * (y1 + along * (y2 - y1)))
