"""Text that a spreadsheet shows and never runs, for every file Netcurate writes that a person
may open in one (a contacts CSV, a vCard's notes, an import's refused rows)."""

from __future__ import annotations

# A spreadsheet evaluates a cell that starts with one of these (OWASP "CSV injection", ASVS
# 1.2.10): = + - @ start a formula, a tab or a line break before one hides it, and NUL cuts
# the cell. Excel also reads the full-width forms as the ASCII ones.
FORMULA_STARTS = frozenset("=+-@\t\r\n\0＝＋－＠")


def neutralise(value: object) -> str:
    """The value as text that no spreadsheet evaluates: a leading single quote when it would
    start a formula (the quote shows, the formula never runs). None is the empty text."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS else text
