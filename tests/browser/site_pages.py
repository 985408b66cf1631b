"""The course website in headless Chromium with the network cut: shared by
tests/browser/test_browser_site.py and benchmarks/site_latency.py.

    with serving(Path("site")) as origin, chromium() as browser:
        page, outside = offline_page(browser, origin)
        page.goto(origin + "/explorer.html")
        key_to_pixels(page, "w1")   # ms per press
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading

from lab import _HASH_JS

LIVE = ".bp-live"
LIVE_MAP = ".bp-live .bp-contour-map canvas"


@contextlib.contextmanager
def serving(folder):
    """The built site over HTTP on 127.0.0.1 (an ES module does not load from file://); yields its origin."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Traffic:
    """What a page asked for: requests outside the site (aborted), and failures inside it."""

    def __init__(self):
        self.outside, self.failed, self.errors = [], [], []

    def clear(self):
        self.outside.clear(), self.failed.clear(), self.errors.clear()


def offline_page(browser, origin, width=1300, height=1000):
    """A page whose every request not under `origin` is aborted and counted."""
    context = browser.new_context(viewport={"width": width, "height": height})
    traffic = Traffic()

    def route(request_route):
        url = request_route.request.url
        if url.startswith(origin + "/") or url.startswith("data:") or url.startswith("blob:"):
            request_route.continue_()
        else:
            traffic.outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda r: r.status >= 400 and traffic.failed.append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: r.url.startswith(origin) and traffic.failed.append(f"failed {r.url}"))
    page.on("pageerror", lambda e: traffic.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and traffic.errors.append(m.text))
    return page, traffic


def open_page(page, origin, name):
    """Open site page `name`, wait for its pictures and its maths (MathJax's queue empty)."""
    page.goto(f"{origin}/{name}", wait_until="load")
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=30_000)
    page.wait_for_function("""() => !window.MathJax || (MathJax.Hub && new Promise(r => MathJax.Hub.Queue(() => r(true))))""",
                           timeout=60_000)
    if page.locator(LIVE).count():
        page.wait_for_function(f"""() => [...document.querySelectorAll({LIVE_MAP!r})].every(c =>
            ({_HASH_JS})(c).ink > 1000)""", timeout=30_000)


# keydown -> the first frame whose map pixels differ (hashed right after each frame's paint)
_ARM_JS = """([canvas, hashCanvas]) => {
  const hash = eval(hashCanvas);
  const before = hash(canvas).hash;
  const result = {key: null, picture: null};
  window.__bpMeasurement = new Promise(resolve => {
    const started = performance.now();
    document.addEventListener('keydown', () => { result.key = performance.now(); }, {capture: true, once: true});
    const check = () => {
      const now = performance.now();
      if (result.key !== null && hash(canvas).hash !== before) result.picture = now;
      if (result.picture !== null || now - started > 5000) resolve(result);
      else requestAnimationFrame(() => setTimeout(check, 0));
    };
    requestAnimationFrame(() => setTimeout(check, 0));
  });
}"""


def key_to_pixels(page, name, presses=10, pause=0.3):
    """Arrow keys on the live map's `name` slider: ms from each key to new map pixels (None: no change)."""
    box = page.locator(LIVE).first
    slider = box.locator(f"input[id^='bp-live-{name}-']")
    canvas = box.locator(".bp-contour-map canvas").element_handle()
    slider.focus()
    times = []
    for i in range(presses):
        page.evaluate(_ARM_JS, [canvas, _HASH_JS])
        page.keyboard.press("ArrowRight" if (i // 3) % 2 == 0 else "ArrowLeft")
        result = page.evaluate("window.__bpMeasurement")
        times.append(None if result["picture"] is None else result["picture"] - result["key"])
        page.wait_for_timeout(pause * 1000)
    return times
