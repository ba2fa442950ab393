"""Folding text for search: case, accents and punctuation do not count."""

from __future__ import annotations

import pytest

from network.text import fold, search_terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hélène", "helene"),
        ("HÉLÈNE", "helene"),
        ("Jean-François", "jean francois"),
        ("Côté", "cote"),
        ("O’Brien", "o brien"),
        ("d'Artagnan", "d artagnan"),
        ("Œuvre", "oeuvre"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Ærø", "aero"),
        ("  Marie   Dupont  ", "marie dupont"),
        ("Dupont (née Martin)", "dupont nee martin"),
        ("marie.dupont_1", "marie dupont 1"),
        ("marie@example.org", "marie@example org"),
    ],
)
def test_fold_ignores_case_accents_and_punctuation(text, folded):
    assert fold(text) == folded


def test_fold_treats_composed_and_decomposed_accents_alike():
    composed, decomposed = "H\u00e9l\u00e8ne", "He\u0301le\u0300ne"
    assert composed != decomposed
    assert fold(composed) == fold(decomposed) == "helene"


@pytest.mark.parametrize("empty", ["", "   ", "-–—", None])
def test_fold_of_nothing_is_the_empty_string(empty):
    assert fold(empty) == ""


def test_search_terms_are_the_folded_words_of_the_query():
    assert search_terms("  Jean-François   CÔTÉ ") == ["jean", "francois", "cote"]
    assert search_terms(" - ") == []
