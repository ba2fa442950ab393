"""Recognition weighs every candidate but puts in words only the reasons of the suggestions
it gives: twelve Marie at Acme are weighed, each with her reasons, and asking for one
suggestion translates one suggestion's reasons. Those given are reasons as ever: text in
the active language that the cache can keep and say again in another."""

from __future__ import annotations

import pytest
from django.utils import translation

from network.recognition import reasons as reasons_module
from network.recognition.matching import rank
from network.recognition.reasons import Reason
from tests.network.recognition.test_reads import QUERY, candidates

pytestmark = pytest.mark.django_db


def _said(reason: Reason) -> int:
    """How many messages a reason puts in words: its own and what follows it."""
    return 1 + (_said(reason.then) if reason.then else 0)


def test_only_the_reasons_of_the_suggestions_given_are_put_in_words(team, alice, monkeypatch):
    candidates(team, alice, 0, 12)
    translated = []
    real = reasons_module.gettext
    monkeypatch.setattr(
        reasons_module, "gettext", lambda message: translated.append(message) or real(message)
    )
    every = rank(team, QUERY, limit=40)
    assert len(every) == 12
    assert len(translated) == sum(_said(reason) for entry in every for reason in entry.reasons)
    translated.clear()
    (first,) = rank(team, QUERY, limit=1)
    assert first.reasons, first
    assert len(translated) == sum(_said(reason) for reason in first.reasons)


def test_the_reasons_given_are_said_in_the_active_language_and_can_be_said_again(team, alice):
    candidates(team, alice, 0, 2)
    with translation.override("fr"):
        (first, *_rest) = rank(team, QUERY, limit=5)
    assert all(isinstance(reason, Reason) for reason in first.reasons)
    assert "même prénom, même entreprise (Acme)" in " ".join(first.reasons), first.reasons
    with translation.override("en"):
        again = [Reason.again(reason.parts()) for reason in first.reasons]
    assert "same first name, same company (Acme)" in " ".join(again), again
