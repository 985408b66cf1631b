"""The repository builds the same environment everywhere: pip, conda, Binder and JupyterHub."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _name(requirement):
    return re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0].lower()


def _normalise(requirement):
    return requirement.replace(" ", "").lower()


def test_environment_yml_matches_pyproject():
    """environment.yml lists exactly pyproject's dependencies plus JupyterLab, with the same pins."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and _name(d) not in ("python", "pip")]
    wanted = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["lab"]
    assert sorted(map(_normalise, conda)) == sorted(map(_normalise, wanted))
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_part == ["-e ."]


def test_environment_yml_python_matches_requires_python():
    """conda's python pin is pyproject's requires-python."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python")
    assert python.removeprefix("python") == PYPROJECT["project"]["requires-python"]


def test_binder_installs_this_repository_with_exact_versions():
    """binder/requirements.txt installs the repository itself and pins every other package exactly
    (JupyterLab 4, Voila, the widget stack); runtime.txt is a supported Python."""
    lines = [l.strip() for l in (ROOT / "binder/requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert "-e ." in lines
    pins = dict(l.split("==") for l in lines if l != "-e .")
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][A-Za-z0-9.+!-]*", l) for l in lines if l != "-e ."), lines
    assert pins["jupyterlab"].startswith("4.")
    for name in ("numpy", "matplotlib", "ipympl", "ipywidgets", "traitlets", "voila", "ipykernel"):
        assert name in pins, name
    runtime = (ROOT / "binder/runtime.txt").read_text().strip()
    major, minor = map(int, runtime.removeprefix("python-").split("."))
    assert (major, minor) >= (3, 10)


def test_binder_pins_are_the_tested_environment():
    """The pins are what this environment has installed (where the tests pass): `make pins` wrote them."""
    from importlib.metadata import version
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from pins import pinned
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    lines = (ROOT / "binder/requirements.txt").read_text().splitlines()
    pins = dict(l.split("==") for l in lines if "==" in l)
    stale = {name: (pin, version(name)) for name, pin in pins.items() if version(name) != pin}
    assert not stale, f"binder/requirements.txt is not this environment's (pinned, installed): {stale}; run `make pins`"
    assert pins == pinned(["bpwidgets"]), "binder/requirements.txt misses or has extra packages: run `make pins`"
    # and pyproject keeps ranges for pip users
    assert not any("==" in d for d in PYPROJECT["project"]["dependencies"])


def test_repo2docker_dockerfile():
    """repo2docker (what Binder and JupyterHubs run) builds from binder/: pip requirements, postBuild, Python 3.11."""
    exe = shutil.which("jupyter-repo2docker") or str(Path(sys.executable).parent / "jupyter-repo2docker")
    if not Path(exe).exists():
        pytest.fail("jupyter-repo2docker is missing: it is in the test extra, run `make test`")
    result = subprocess.run([exe, "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=300)
    dockerfile = result.stdout + result.stderr
    assert result.returncode == 0, dockerfile[-2000:]
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile
    assert "python=3.11" in dockerfile
    # the repository is copied before the requirements install, so `-e .` finds it
    assert dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/") < dockerfile.index('-r "binder/requirements.txt"')


def test_readme_has_the_two_commands_and_binder_link():
    """The README names `make lab`, `make test` and a Binder link that opens lesson 01 in JupyterLab."""
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "urlpath=lab/tree/lessons/01_forward_propagation.ipynb" in readme
    assert (ROOT / "lessons/01_forward_propagation.ipynb").exists()


def test_readme_shows_the_explorer_app_for_lecturers():
    """The lecturer section shows scenarios, Share, scale=1.5, `make app` and a Voila Binder link."""
    readme = (ROOT / "README.md").read_text()
    lecturers = readme[readme.index("## For lecturers"):]
    for text in ("make app", "urlpath=voila/render/lessons/explorer.ipynb", "scale=1.5", "Share",
                 'scenario="', "bp.SCENARIOS"):
        assert text in lecturers, text
    assert (ROOT / "lessons/explorer.ipynb").exists()
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^app:.*\n\t.*voila lessons/explorer.ipynb", makefile, flags=re.MULTILINE)
    assert re.search(r"^pins:.*\n\t.*scripts/pins.py", makefile, flags=re.MULTILINE)


def test_ci_calls_the_readme_test_command():
    """.ci/run runs `make test`, the README's test command."""
    assert re.search(r"^make test$", (ROOT / ".ci/run").read_text(), flags=re.MULTILINE)


@pytest.mark.slow
def test_binder_requirements_in_a_fresh_venv_pass_the_lessons(tmp_path):
    """A fresh venv with binder/requirements.txt (what Binder installs) runs every lesson under nbval."""
    venv = tmp_path / "binder-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + ["-r", "binder/requirements.txt", "pytest", "nbval"], cwd=ROOT, check=True, timeout=1200)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel picks its own backend
    result = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "lessons/"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200, env=env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"\d+ passed", result.stdout)


def test_wheel_ships_every_module(tmp_path):
    """A plain (non-editable) install gets the views too, not just the top-level package."""
    import zipfile
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "-w", str(tmp_path), str(ROOT)], check=True, timeout=300, capture_output=True)
    (wheel,) = tmp_path.glob("bpwidgets-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ("chain", "state", "nn", "formula", "answers", "views/exercises", "views/landscape",
                   "views/explorer"):
        assert f"bpwidgets/{module}.py" in names
    assert "bpwidgets/views/keyboard.js" in names   # the ES modules too
    assert "bpwidgets/views/_landscape_map.js" in names   # the page's half of the landscape
    assert "bpwidgets/lesson_checks.json" in names   # the lessons' self-checks, for bp.progress()
