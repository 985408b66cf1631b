"""The chain-rule stepper's table on a 1280 x 720 laptop with the file browser open (the Explorer).

Stepping with Next through every step of every weight's chain (and of backpropagation), the table
fits its box (no column cut off, no cell spilling over the next) and its columns keep their widths:
they do not jump wider as longer rows appear. Screenshot: tests/artifacts/chain-table-1280x720.png.
"""
from __future__ import annotations

import re

import pytest

import lab as lablib

pytestmark = pytest.mark.browser

POSITION = re.compile(r"^step (\d+) of (\d+)$")
WEIGHTS = ["w0", "w1", "w2", "all three: backpropagation"]

# the stepper's table: its box (the HTMLMath widget), the table, the widths of a four-cell row's
# cells, and every cell whose content is wider than the cell
_TABLE_JS = """() => {
  const box = [...document.querySelectorAll('.widget-htmlmath')].find(
    e => e.textContent.includes('Forward pass: from the input'));
  const table = box.querySelector('table');
  const row = [...table.rows].find(r => r.cells.length === 4);
  return {
    typeset: !table.textContent.includes('$'),
    table: table.scrollWidth, box: box.clientWidth,
    columns: [...row.cells].map(c => Math.round(c.getBoundingClientRect().width)),
    spilling: [...table.querySelectorAll('td')].filter(c => c.scrollWidth > c.clientWidth + 1)
                .map(c => c.textContent.slice(0, 40)),
    sidebarOpen: !document.querySelector('#jp-left-stack').classList.contains('lm-mod-hidden'),
  };
}"""


def _position(page):
    label = page.locator(".widget-label", has_text=POSITION).first
    return tuple(int(n) for n in POSITION.match(label.text_content().strip()).groups())


def _measure(page):
    """The table once MathJax has typeset it."""
    page.wait_for_function(f"({_TABLE_JS})().typeset", timeout=10_000)
    return page.evaluate(_TABLE_JS)


def test_the_chain_table_fits_its_box_at_every_step_and_its_columns_stay(lab, browser):
    page, errors = lablib.run_notebook(browser, lab, "tests/browser/explorer.ipynb", figures=1,
                                       width=1280, height=720)
    try:
        lablib.wait_for_settled(page)
        picker = page.locator("select").filter(has=page.locator("option", has_text="all three"))
        next_button = page.locator("button", has_text="Next").first
        columns = None
        for weight in WEIGHTS:
            if weight != "w0":
                picker.select_option(label=weight)   # keeps the phase: from the result, the backward pass
                assert lablib.wait_until(lambda: _position(page)[0] > 1, timeout=10), _position(page)
                page.locator("button", has_text="Reset to start").first.click()   # then every step from 1
                assert lablib.wait_until(lambda: _position(page)[0] == 1, timeout=10), _position(page)
            step, total = _position(page)
            for k in range(1, total + 1):
                assert lablib.wait_until(lambda: _position(page) == (k, total), timeout=10), _position(page)
                table = _measure(page)
                where = f"{weight}, step {k} of {total}: {table}"
                assert table["sidebarOpen"], "the file browser should be open, as JupyterLab opens it"
                assert table["table"] <= table["box"], f"the table is wider than its box ({where})"
                assert table["spilling"] == [], f"cells spill over ({where})"
                columns = columns or table["columns"]
                assert table["columns"] == columns, f"the columns changed width ({where})"
                if weight == "w0" and k == total:   # the longest row: the result's product
                    table_box = page.locator(".widget-htmlmath", has_text="Forward pass: from the input").first
                    table_box.scroll_into_view_if_needed()
                    page.screenshot(path=str(lablib.screenshot_path("chain-table-1280x720.png")))
                if k < total:
                    next_button.click()
        print(f"box {table['box']} px, table {table['table']} px, columns {columns} px")
        assert errors == []
    finally:
        lablib.close_notebook(page, lab)
