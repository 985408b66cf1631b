"""Run a page's ES module under Node from a test (the quick check; the browser tests run the same code)."""
from __future__ import annotations

import json
import shutil
import subprocess

NODE = shutil.which("node")


def run_module(module, tmp_path, body, data):
    """Run `body` (a JS function body given `m`, the module at path `module`, and `data`) under Node;
    its JSON result."""
    (tmp_path / "module.mjs").write_text(module.read_text())
    (tmp_path / "data.json").write_text(json.dumps(data))
    (tmp_path / "run.mjs").write_text(
        "import * as m from './module.mjs';\nimport fs from 'fs';\n"
        "const data = JSON.parse(fs.readFileSync(new URL('./data.json', import.meta.url)));\n"
        f"const result = (() => {{ {body} }})();\nconsole.log(JSON.stringify(result));\n")
    out = subprocess.run([NODE, str(tmp_path / "run.mjs")], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)
