"""The file of refused rows is opened in spreadsheets: no cell of it runs as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from network.imports.tally import rejected_csv


@pytest.mark.parametrize(
    "reason", ["=1+1", "\n=cmd|' /C calc'!A0", "\0=1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "\t=1"]
)
def test_the_refused_rows_file_neutralises_every_formula_start_the_export_does(reason):
    """The same starts as the contacts export: a spreadsheet shows the cell, never runs it."""
    text = rejected_csv(
        [{"row": 2, "reason": reason, "source": reason}],
        [],
        ["Row", "File", "What", "Reason"],
        ("refused", "left out"),
    )
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[1] == row[3] == f"'{reason}"
