"""Progress that survives a restart: right answers kept in a small JSON file, shown by bp.progress()."""
import errno
import json
import os
import stat
import sys
from pathlib import Path

import pytest

import bpwidgets as bp
from bpwidgets import progress_file
from bpwidgets.progress_file import LESSON_CHECKS, read_solved, record_solved
from bpwidgets.views.exercises import MultipleChoiceExercise, NumberExercise

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import lesson_checks  # noqa: E402  (the script that writes the catalogue)


@pytest.fixture
def progress_at(tmp_path, monkeypatch):
    """The progress file of this test: a fresh one in its own directory."""
    path = tmp_path / "data" / "bpwidgets" / "progress.json"
    monkeypatch.setenv(progress_file.ENV_VAR, str(path))
    return path


def lesson_04_exercise():
    """A right answer to a self-check with lesson 04's first key, as the lesson would record it."""
    ex = NumberExercise("What is 6 times 7?", 42)
    ex.key = LESSON_CHECKS["04"][0]
    return ex


def test_the_file_lives_in_the_jupyter_data_directory_not_the_repository(monkeypatch):
    """Without the override the file is <jupyter data dir>/bpwidgets/progress.json."""
    from jupyter_core.paths import jupyter_data_dir
    monkeypatch.delenv(progress_file.ENV_VAR, raising=False)
    path = progress_file.progress_path()
    assert path == Path(jupyter_data_dir()) / "bpwidgets" / "progress.json"
    assert Path(__file__).resolve().parent.parent not in path.resolve().parents


def test_a_right_answer_is_still_there_after_a_restart(progress_at):
    """Answer right, forget everything in memory, read the file: lesson, exercise and time are there."""
    ex = lesson_04_exercise()
    assert ex.submit("42").correct
    on_disk = json.loads(progress_at.read_text())
    assert on_disk["version"] == 1
    when = on_disk["solved"]["04"][ex.key]
    assert when.endswith("Z") and when[:2] == "20"    # an ISO time in UTC
    solved, warning = read_solved()                   # what a new kernel reads
    assert warning is None and solved == {"04": {ex.key: when}}
    assert bp.progress(lesson=4).line.startswith(f"1 of {len(LESSON_CHECKS['04'])} self-checks done")


def test_a_wrong_answer_records_nothing(progress_at):
    """Only right answers count."""
    ex = lesson_04_exercise()
    assert not ex.submit("41").correct
    assert not progress_at.exists()


def test_answering_again_keeps_the_first_time(progress_at):
    """The record says when it was first solved."""
    assert record_solved("abcd1234", lesson="04", when="2026-01-01T10:00:00Z") is None
    assert record_solved("abcd1234", lesson="04", when="2026-02-02T10:00:00Z") is None
    assert read_solved()[0] == {"04": {"abcd1234": "2026-01-01T10:00:00Z"}}


def test_a_right_multiple_choice_pick_counts_under_its_lesson(progress_at):
    """The lesson comes from the catalogue of the lessons' self-checks."""
    ex = MultipleChoiceExercise("Which?", ["a", "b", "c"], 1, shuffle=False)
    ex.key = LESSON_CHECKS["09"][2]
    ex.submit(1)
    assert list(read_solved()[0]) == ["09"]


def test_a_corrupt_file_gives_one_line_and_the_lesson_goes_on(progress_at):
    """A damaged file: bp.progress() warns in one line, a right answer is still right and starts the file afresh."""
    progress_at.parent.mkdir(parents=True)
    progress_at.write_text('{"solved": {"04": [1, 2')
    shown = bp.progress()
    assert shown.warning is not None and "\n" not in shown.warning and "damaged" in shown.warning
    assert shown.text.splitlines()[0].startswith("Note: Your progress file")
    assert all(done == 0 for _, done, _ in shown.rows)
    ex = lesson_04_exercise()
    assert ex.submit("42").correct and ex.solved
    assert "✔" in ex.feedback_box.value
    assert read_solved() == ({"04": {ex.key: read_solved()[0]["04"][ex.key]}}, None)


def test_a_file_that_is_not_a_progress_record_is_called_damaged(progress_at):
    """Valid JSON of the wrong shape is refused like broken JSON."""
    progress_at.parent.mkdir(parents=True)
    progress_at.write_text("[1, 2, 3]")
    solved, warning = read_solved()
    assert solved == {} and "damaged" in warning


def test_a_read_only_directory_gives_one_line_and_the_answer_stays_right(progress_at, monkeypatch):
    """The file cannot be written: the answer is right, the feedback adds one line, nothing raises."""
    progress_at.parent.mkdir(parents=True)
    progress_at.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.access(progress_at.parent, os.W_OK):   # root ignores the mode: fail as the OS would
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")
        monkeypatch.setattr(progress_file.tempfile, "mkstemp", refuse)
    try:
        ex = lesson_04_exercise()
        feedback = ex.submit("42")
        assert feedback.correct and ex.solved
        assert "could not be saved" in ex.feedback_box.value and "Permission denied" in ex.feedback_box.value
        assert record_solved("abcd1234", lesson="04").count("\n") == 0
        assert not progress_at.exists()
        assert bp.progress(lesson=4).line.startswith("0 of")
    finally:
        progress_at.parent.chmod(stat.S_IRWXU)


def test_reset_clears_every_solved_self_check(progress_at):
    """bp.progress(reset=True) empties the table."""
    record_solved(LESSON_CHECKS["01"][0], lesson="01")
    record_solved(LESSON_CHECKS["02"][1], lesson="02")
    before = {lesson: done for lesson, done, _ in bp.progress().rows}
    assert before["01"] == 1 and before["02"] == 1
    after = bp.progress(reset=True)
    assert after.warning is None and all(done == 0 for _, done, _ in after.rows)
    assert not progress_at.exists()


def test_the_table_lists_every_lesson_with_its_count(progress_at):
    """bp.progress(): one row per lesson, 'n of m', as text and as HTML."""
    for key in LESSON_CHECKS["03"]:
        record_solved(key, lesson="03")
    shown = bp.progress()
    assert [row[0] for row in shown.rows] == sorted(LESSON_CHECKS)
    total = len(LESSON_CHECKS["03"])
    assert ("03", total, total) in shown.rows
    assert f"03    {total} of {total}" in shown.text
    assert f"<td>03</td><td>{total} of {total}</td><td>done</td>" in shown._repr_html_()


def test_the_lesson_end_line_says_how_many_and_where_next(progress_at):
    """'n of m self-checks done, next: lesson k': the next lesson with something left, wrapping round."""
    m4 = len(LESSON_CHECKS["04"])
    assert bp.progress(lesson=4).text == f"0 of {m4} self-checks done, next: lesson 05."
    for key in LESSON_CHECKS["05"]:            # lesson 05 done: next after 04 is 06
        record_solved(key, lesson="05")
    record_solved(LESSON_CHECKS["04"][0], lesson="04")
    assert bp.progress(lesson="04").text == f"1 of {m4} self-checks done, next: lesson 06."
    for lesson, keys in LESSON_CHECKS.items():  # all but lesson 02 done: from 10, wrap to 02
        if lesson != "02":
            for key in keys:
                record_solved(key, lesson=lesson)
    assert bp.progress(lesson=10).text.endswith("that was the last lesson, and lesson 02 still has self-checks to do.")
    for key in LESSON_CHECKS["02"]:
        record_solved(key, lesson="02")
    assert bp.progress(lesson=10).text.endswith("every self-check of the course is done.")


def test_the_last_lesson_says_it_was_the_last_not_next_lesson_01(progress_at):
    """At the end of lesson 10 with lesson 01 unfinished: 'that was the last lesson', never 'next: lesson 01'."""
    m10 = len(LESSON_CHECKS["10"])
    record_solved(LESSON_CHECKS["10"][0], lesson="10")
    line = bp.progress(lesson=10).text
    assert line == f"1 of {m10} self-checks done; that was the last lesson, and lesson 01 still has self-checks to do."
    assert "next" not in line


@pytest.mark.parametrize("bad", [0, 11, "four", None, True, 4.5])
def test_an_unknown_lesson_is_refused_with_the_numbers_to_use(bad, progress_at):
    """bp.progress(lesson=...) takes a lesson number and says which."""
    if bad is None:
        assert bp.progress(lesson=bad).rows      # None: the whole table
        return
    with pytest.raises(ValueError, match=r"lesson must be a lesson number \(1, 2, .*10\)"):
        bp.progress(lesson=bad)


def test_the_catalogue_names_every_self_check_of_every_lesson():
    """bpwidgets/lesson_checks.json equals the self-checks the lessons build (run scripts/lesson_checks.py)."""
    assert lesson_checks.catalogue() == LESSON_CHECKS


@pytest.mark.parametrize("path", lesson_checks.LESSONS, ids=[p.stem for p in lesson_checks.LESSONS])
def test_each_lesson_ends_with_its_progress_line(path):
    """The last cell shows bp.progress(lesson=N), saved as a fresh learner sees it: 0 of m, next lesson N+1."""
    import nbformat
    last = nbformat.read(path, as_version=4).cells[-1]
    number = int(path.name[:2])
    assert last.cell_type == "code" and f"bp.progress(lesson={number})" in last.source
    saved = last.outputs[0]["data"]["text/plain"]
    m = len(LESSON_CHECKS[f"{number:02d}"])
    if number == 10:
        assert saved == f"0 of {m} self-checks done; that was the last lesson, and lesson 01 still has self-checks to do."
    else:
        assert saved == f"0 of {m} self-checks done, next: lesson {number + 1:02d}."
