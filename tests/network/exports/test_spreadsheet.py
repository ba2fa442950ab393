"""Contacts as CSV: what a spreadsheet opens is what was stored, accents included, and no
cell of it runs as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from network.exports.selectors import contacts_for_export, team_categories
from network.exports.spreadsheet import BOM, COLUMNS, contacts_csv, neutralise
from tests.network.exports.helpers import build_rich_team


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33612345678", "'+33612345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0"),
        ('\r=HYPERLINK("x")', '\'\r=HYPERLINK("x")'),
        ("\n=1", "'\n=1"),
        ("\0=1", "'\0=1"),
        ("＝1+1", "'＝1+1"),  # the full-width sign Excel also reads as "="
        ("Hélène", "Hélène"),
        ("a=1", "a=1"),
        ("O'Connor", "O'Connor"),
        ("", ""),
    ],
)
def test_a_cell_that_would_start_a_formula_is_neutralised(cell, expected):
    assert neutralise(cell) == expected


def read(team, **options) -> list[dict]:
    text = "".join(
        contacts_csv(
            contacts_for_export(team, include_archived=options.pop("archived", False)),
            team_categories(team),
            **options,
        )
    )
    assert text.startswith(BOM)
    separator = options.get("separator", ",")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=separator))


@pytest.mark.django_db
def test_one_row_per_contact_with_every_column(team, alice, bob):
    build_rich_team(team, alice, bob)
    rows = read(team)
    assert list(rows[0]) == COLUMNS
    by_given = {row["Given name"]: row for row in rows}
    helene = by_given["Hélène"]
    assert helene["Family name"] == "Rousseau"
    assert helene["Company"] == "Banque Côté"
    assert helene["City"] == "Saint-Étienne"
    assert helene["Notes"] == "Rencontrée au « forum », 2019;\nparle espagnol."
    assert helene["Emails"] == "helene.dupont@example.org; lena@example.net"
    assert helene["Phones"] == "'+33612345678"
    assert "https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-dupont" in helene["Profiles"]
    assert "Hélène Martin (Maiden name)" in helene["Former names"]
    assert "Léna (Nickname)" in helene["Former names"]
    assert "Hélène Dupont-Lefèvre" in helene["Former names"]
    assert helene["How we met"].startswith("School: Lycée Hoche, 1998, 1998-09-01")
    assert "Chorale « Saint-Éloi »" in helene["How we met"]
    assert helene["Relationship owner"] == "bob@example.org"
    assert helene["Languages"] == "fr; es"
    assert helene["Created"][:4].isdigit()
    paul = next(row for row in rows if row["Display name"] == "Paul O'Connor")
    assert paul["Met through"] == "Hélène Rousseau"


@pytest.mark.django_db
def test_formulas_typed_into_a_contact_are_neutralised(team, alice, bob):
    build_rich_team(team, alice, bob)
    text = "".join(contacts_csv(contacts_for_export(team), team_categories(team)))
    formula = next(row for row in read(team) if "HYPERLINK" in row["Given name"])
    assert formula["Given name"] == '\'=HYPERLINK("http://evil.example")'
    assert formula["Family name"] == "'+Plus"
    # Every cell is quoted (its own quotes doubled): a separator inside never starts another.
    assert '"\'=HYPERLINK(""http://evil.example"")","\'+Plus",' in text


@pytest.mark.django_db
def test_archived_contacts_only_when_asked_and_semicolons_for_french_excel(team, alice, bob):
    build_rich_team(team, alice, bob)
    assert "Zoé" not in {row["Given name"] for row in read(team)}
    rows = read(team, archived=True, separator=";")
    zoe = next(row for row in rows if row["Given name"] == "Zoé")
    assert zoe["Archived"]
    assert len(rows) == len(read(team)) + 1
