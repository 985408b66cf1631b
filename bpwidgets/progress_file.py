"""The learner's solved self-checks, kept in a small JSON file between kernel restarts.

The file lives in the learner's Jupyter data directory (`jupyter --data-dir`, then
`bpwidgets/progress.json`), never in the repository, and is never sent anywhere.
BPWIDGETS_PROGRESS_FILE names another file (tests and `make lessons` point it at a
fresh temporary directory, so the saved lessons never show a learner's progress).

    {"version": 1, "solved": {"04": {"3f2a9c1b": "2026-12-04T17:02:11Z"}}}
     lesson number -> exercise key -> when it was first answered right (UTC)

Nothing here raises for a corrupt, missing or unwritable file: each function returns
a one-line warning instead, and the lesson goes on. No widget imports here: the
table and the lesson-end line are drawn by `bpwidgets.views.progress`.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

__all__ = [
    "ENV_VAR",
    "LESSON_CHECKS",
    "exercise_key",
    "lesson_of",
    "lesson_line",
    "next_lesson",
    "progress_path",
    "read_solved",
    "record_solved",
    "reset_progress",
]

ENV_VAR = "BPWIDGETS_PROGRESS_FILE"

# The self-checks of each lesson, by key (exercise_key of the question as the lesson builds it).
# Written by `scripts/progress_catalogue.py` from the lessons; a test keeps it equal to them.
_CATALOGUE = Path(__file__).with_name("lesson_checks.json")


def _load_catalogue():
    try:
        return {lesson: list(keys) for lesson, keys in json.loads(_CATALOGUE.read_text()).items()}
    except (OSError, ValueError):  # a broken install: progress still records, totals unknown
        return {}


LESSON_CHECKS = _load_catalogue()


def exercise_key(question):
    """A short stable name for a self-check: the first 8 hex digits of its question's SHA-1."""
    return hashlib.sha1(str(question).encode("utf-8")).hexdigest()[:8]


def lesson_of(key):
    """The lesson ("04") whose self-check has this key, or None."""
    for lesson, keys in LESSON_CHECKS.items():
        if key in keys:
            return lesson
    return None


def progress_path():
    """Where the progress file is: $BPWIDGETS_PROGRESS_FILE, else the Jupyter data directory."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    try:
        from jupyter_core.paths import jupyter_data_dir
        base = Path(jupyter_data_dir())
    except ImportError:  # jupyter_core comes with every Jupyter; a bare Python uses its default place
        base = Path.home() / ".local" / "share" / "jupyter"
    return base / "bpwidgets" / "progress.json"


def read_solved(path=None):
    """({lesson: {key: time}}, warning or None). A missing file is an empty record."""
    path = Path(path) if path is not None else progress_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except OSError as err:
        return {}, f"Could not read your progress file {path} ({err.strerror or err}); the lesson goes on."
    try:
        solved = json.loads(text)["solved"]
        if not all(isinstance(k, dict) for k in solved.values()):
            raise ValueError
        return {lesson: {key: str(t) for key, t in keys.items()} for lesson, keys in solved.items()}, None
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}, (f"Your progress file {path} is damaged and was not read; the next right answer "
                    "starts it afresh (bp.progress(reset=True) clears it now).")


def _write(path, solved):
    """Replace the file in one step, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"version": 1, "solved": solved}, out, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def record_solved(key, lesson=None, path=None, when=None):
    """Note that self-check `key` was answered right; returns a one-line warning or None.

    lesson: its lesson ("04"); by default looked up in LESSON_CHECKS ("other" when unknown).
    The first time counts: answering it again later keeps the first time.
    """
    path = Path(path) if path is not None else progress_path()
    lesson = lesson or lesson_of(key) or "other"
    solved, _ = read_solved(path)  # a damaged file is started afresh
    if key in solved.get(lesson, {}):
        return None
    stamp = when or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    solved.setdefault(lesson, {})[key] = stamp
    try:
        _write(path, solved)
    except OSError as err:
        return (f"Your answer is right, but it could not be saved in {path} "
                f"({err.strerror or err}); the lesson goes on.")
    return None


def reset_progress(path=None):
    """Forget every solved self-check; returns a one-line warning or None."""
    path = Path(path) if path is not None else progress_path()
    try:
        path.unlink(missing_ok=True)
    except OSError as err:
        return f"Could not clear your progress file {path} ({err.strerror or err})."
    return None


def next_lesson(lesson, solved, catalogue=None):
    """The lesson to open next: the first after `lesson` (wrapping round) with a self-check
    not yet done; None when every self-check of the course is done."""
    catalogue = LESSON_CHECKS if catalogue is None else catalogue
    order = sorted(catalogue)
    if lesson in order:
        start = order.index(lesson) + 1
        order = order[start:] + order[:start]
    for candidate in order:
        if set(catalogue[candidate]) - set(solved.get(candidate, {})):
            return candidate
    return None


def lesson_line(lesson, solved, catalogue=None):
    """'2 of 5 self-checks done, next: lesson 05' for the end of a lesson."""
    catalogue = LESSON_CHECKS if catalogue is None else catalogue
    keys = catalogue.get(lesson, [])
    done = len(set(keys) & set(solved.get(lesson, {})))
    after = next_lesson(lesson, solved, catalogue)
    if after is None:
        return f"{done} of {len(keys)} self-checks done, every self-check of the course is done."
    if lesson == max(catalogue):    # no lesson follows: do not send the learner "next" to lesson 01
        return f"{done} of {len(keys)} self-checks done; that was the last lesson, and lesson {after} still has self-checks to do."
    return f"{done} of {len(keys)} self-checks done, next: lesson {after}."
