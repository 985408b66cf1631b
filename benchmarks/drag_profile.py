"""Where a mouse drag's time goes (python benchmarks/drag_profile.py [slider ...] [--trace]).

Drags each slider of the Explorer as browser_latency.py --drag does, and prints beside its figures:
the CPU seconds each process used during the drag (the kernel, the server, Chromium's renderer,
GPU and browser processes: on 2 cores they compete), the kernel messages the page received by
kind (a view updated by the kernel is one `comm_msg:update:<trait>`), and with --trace the
renderer main thread's time by kind (Chromium trace: layout, commit, JavaScript by function).
"""
from __future__ import annotations

import collections
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "tests" / "browser"))
sys.path.insert(0, str(HERE))
import browser_latency as bl  # noqa: E402
import lab as lablib  # noqa: E402

TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "toplevel"]

_COUNT_MESSAGES_JS = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.__bpMessages = {};
  kernel.anyMessage.connect((_, args) => {
    if (args.direction !== 'recv') return;
    const m = args.msg, data = m.content.data || {};
    let kind = m.header.msg_type;
    if (kind === 'comm_msg') kind += ':' + data.method + ':' + Object.keys(data.state || {}).slice(0, 3).join(',');
    else if (kind === 'status') kind += ':' + m.content.execution_state;
    window.__bpMessages[kind] = (window.__bpMessages[kind] || 0) + 1;
  });
}"""


def cpu_seconds():
    """{pid: (command line, user + system CPU seconds)} of every process."""
    tick, found = os.sysconf("SC_CLK_TCK"), {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        found[int(pid)] = (command, (int(fields[11]) + int(fields[12])) / tick)
    return found


def process_kind(command):
    if "ipykernel" in command:
        return "kernel"
    if "jupyter" in command:
        return "server"
    if "chrom" in command:
        kind = next((t for t in ("renderer", "gpu-process", "utility") if f"--type={t}" in command), "browser")
        return f"chromium-{kind}"
    return "other"


def cpu_used(before, after):
    used = collections.Counter()
    for pid, (command, seconds) in after.items():
        used[process_kind(command)] += seconds - before.get(pid, (command, 0.0))[1]
    return {kind: round(s, 2) for kind, s in used.most_common() if s >= 0.05}


def main_thread_time(path, top=25):
    """{kind: ms} of the renderer main thread's self time between the first and last pointermove."""
    data = json.loads(Path(path).read_text())
    events = data["traceEvents"] if isinstance(data, dict) else data
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"}
    busiest = collections.Counter((e["pid"], e["tid"]) for e in events
                                  if names.get((e.get("pid"), e.get("tid"))) == "CrRendererMain")
    main = busiest.most_common(1)[0][0]
    timed = [e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X" and "dur" in e]
    moves = [e["ts"] for e in timed if e["name"] == "EventDispatch" and ((e.get("args") or {}).get("data") or {}).get("type") == "pointermove"]
    timed = sorted((e for e in timed if moves and moves[0] <= e["ts"] <= moves[-1]), key=lambda e: (e["ts"], -e["dur"]))
    own, stack = collections.Counter(), []
    for e in timed:   # self time: an event's duration less its children's
        while stack and stack[-1][0]["ts"] + stack[-1][0]["dur"] <= e["ts"]:
            finished, rest = stack.pop()
            own[finished["_kind"]] += rest
        data = (e.get("args") or {}).get("data") or {}
        e["_kind"] = (f"JS {data.get('functionName') or '?'} {(data.get('url') or '').split('/')[-1][:30]}"
                      if e["name"] == "FunctionCall" else e["name"])
        if stack:
            stack[-1][1] -= e["dur"]
        stack.append([e, e["dur"]])
    for finished, rest in stack:
        own[finished["_kind"]] += rest
    return {kind: round(us / 1e3, 1) for kind, us in own.most_common(top)}


def main():
    names = [a for a in sys.argv[1:] if not a.startswith("-")] or list(bl.DRAG_SLIDERS)
    trace = "--trace" in sys.argv
    with lablib.running_lab() as lab, lablib.chromium() as browser:
        page, _ = lablib.run_notebook(browser, lab, bl.NOTEBOOK, figures=0, height=2400)
        page.wait_for_selector(bl.CONTOUR_MAP, timeout=60_000)
        lablib.wait_for_settled(page)
        page.evaluate(_COUNT_MESSAGES_JS)
        for name in names:
            page.evaluate("() => { window.__bpMessages = Object.create(null); }")
            path = HERE.parent / "tests" / "artifacts" / f"drag-trace-{name}.json"
            if trace:
                browser.start_tracing(page=page, path=str(path), categories=TRACE_CATEGORIES)
            before = cpu_seconds()
            figures = bl.drag(page, name)
            after = cpu_seconds()
            if trace:
                browser.stop_tracing()
            print(name, figures)
            print("  CPU seconds:", cpu_used(before, after))
            messages = page.evaluate("() => window.__bpMessages")
            print("  kernel messages:", dict(sorted(messages.items(), key=lambda kv: -kv[1])))
            if trace:
                print("  main thread ms:", main_thread_time(path))
        lablib.close_notebook(page, lab)


if __name__ == "__main__":
    main()
