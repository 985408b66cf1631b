"""bp.progress(): the learner's solved self-checks, as a table or as a lesson's last line.

    bp.progress()               # lessons x self-checks done
    bp.progress(lesson=4)       # "2 of 5 self-checks done, next: lesson 05"
    bp.progress(reset=True)     # forget them all

Shown as HTML where a page shows it (JupyterLab, Voila) and as text elsewhere; no
widget frontend is needed. The file itself is handled by `bpwidgets.progress_file`.
"""
from __future__ import annotations

import html

from .. import progress_file

__all__ = ["Progress", "progress"]


class Progress:
    """What bp.progress() shows: `rows` (lesson, done, total), `line`, `warning`, `path`."""

    def __init__(self, rows, line="", warning=None, path=None):
        self.rows = list(rows)
        self.line = line
        self.warning = warning
        self.path = path

    @property
    def text(self):
        """Plain text: the warning (if any), then the lesson-end line or the table."""
        lines = [f"Note: {self.warning}"] if self.warning else []
        if self.line:
            lines.append(self.line)
        else:
            lines.append("lesson  self-checks done")
            lines += [f"  {lesson}    {done} of {total}" for lesson, done, total in self.rows]
            lines.append(f"(kept in {self.path}; bp.progress(reset=True) clears it)")
        return "\n".join(lines)

    def __repr__(self):
        return self.text

    def _repr_html_(self):
        parts = []
        if self.warning:
            parts.append(f'<p style="color:#8b0000">{html.escape(self.warning)}</p>')
        if self.line:
            parts.append(f'<p style="font-size:1.15em"><b>Your progress:</b> {html.escape(self.line)}</p>')
        else:
            body = "".join(f"<tr><td>{lesson}</td><td>{done} of {total}</td><td>"
                           f"{'done' if total and done == total else ''}</td></tr>"
                           for lesson, done, total in self.rows)
            parts.append("<table><thead><tr><th>lesson</th><th>self-checks done</th><th></th></tr>"
                         f"</thead><tbody>{body}</tbody></table>"
                         f"<p>Kept in <code>{html.escape(str(self.path))}</code>; "
                         "<code>bp.progress(reset=True)</code> clears it.</p>")
        return "".join(parts)


def _lesson_name(lesson):
    """4, '4' or '04' -> '04'."""
    name = None
    if isinstance(lesson, int) and not isinstance(lesson, bool):
        name = f"{lesson:02d}"
    elif isinstance(lesson, str) and lesson.strip().isdigit():
        name = f"{int(lesson):02d}"
    if name not in progress_file.LESSON_CHECKS:
        known = ", ".join(str(int(n)) for n in sorted(progress_file.LESSON_CHECKS))
        raise ValueError(f"lesson must be a lesson number ({known}), not {lesson!r}")
    return name


def progress(lesson=None, reset=False):
    """The learner's solved self-checks: a table of all lessons, or one lesson's last line."""
    name = None if lesson is None else _lesson_name(lesson)
    path = progress_file.progress_path()
    warning = progress_file.reset_progress(path) if reset else None
    solved, read_warning = progress_file.read_solved(path)
    warning = warning or read_warning
    if name is not None:
        return Progress([], line=progress_file.lesson_line(name, solved), warning=warning, path=path)
    rows = [(n, len(set(keys) & set(solved.get(n, {}))), len(keys))
            for n, keys in sorted(progress_file.LESSON_CHECKS.items())]
    return Progress(rows, warning=warning, path=path)
