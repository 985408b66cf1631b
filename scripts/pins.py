"""Write binder/requirements.txt: exact versions of what Binder installs, taken from the
environment in which the tests passed (this venv).

    .venv/bin/python scripts/pins.py        (or: make pins)

Binder and JupyterHubs build from binder/requirements.txt. Pinned, a build next term
gets the versions that were tested, not whatever is newest. The pins are bpwidgets'
own dependencies, JupyterLab and Voila (pyproject's `lab` extra), and everything those
need, as installed here; pyproject.toml keeps ranges for pip users.
"""
import re
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "binder" / "requirements.txt"
HEADER = """\
# What mybinder.org and JupyterHubs (repo2docker) install: this repository itself, and
# the exact versions its tests passed with. Regenerate with `make pins` after changing
# pyproject.toml or upgrading the environment; pip users get pyproject's ranges instead.
-e .
"""


def _key(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(roots, extras=("lab",)):
    """{name: version} of `roots` and everything they require here, recursively."""
    found, todo = {}, [(root, extras) for root in roots]
    while todo:
        name, wanted_extras = todo.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue   # required only on another platform or Python
        key = _key(dist.metadata["Name"])
        first_visit = key not in found
        found[key] = dist.version
        for text in dist.requires or []:
            requirement = Requirement(text)
            environments = [dict(default_environment(), extra=e) for e in ("", *wanted_extras)]
            if requirement.marker and not any(requirement.marker.evaluate(env) for env in environments):
                continue
            if first_visit or requirement.marker:
                todo.append((requirement.name, tuple(requirement.extras)))
    found.pop("bpwidgets", None)   # installed from the repository itself: `-e .`
    return found


def main():
    pins = pinned(["bpwidgets"])
    OUT.write_text(HEADER + "".join(f"{name}=={version}\n" for name, version in sorted(pins.items())))
    print(f"{OUT.relative_to(ROOT)}: {len(pins)} pinned packages", file=sys.stderr)


if __name__ == "__main__":
    main()
