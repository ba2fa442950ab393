"""A company word's rarity is computed once a query, from the counts as they are when it is
asked: counts read afterwards (the candidates' own company words) replace what was
computed before them."""

from __future__ import annotations

import pytest
from django.db.models import Prefetch

from network.models import Contact
from network.recognition.matching import (
    Query,
    _contact_names,
    _count_candidates,
    _emails,
    _evidence,
)
from tests.network.recognition.test_fix_real_scale import book, filler

pytestmark = pytest.mark.django_db


def test_a_words_rarity_follows_the_counts_read_for_the_candidates(alice, team):
    people = filler(40, lambda index: "Vorbath Conseil" if index < 30 else f"Firm{index}q")
    book(team, alice, people)
    query = Query("Marie Durand", headline="Acheteuse chez Zorglub")
    evidence = _evidence(team, query, query.all_keys())
    assert "c:vorbath" not in evidence.counts
    unknown = evidence.idf("vorbath")
    candidates = Contact.objects.filter(team=team).prefetch_related(
        Prefetch("aliases", to_attr="alias_list"),
        Prefetch("emails", to_attr="email_list"),
    )
    read = [(c, _contact_names(c), _emails(c)) for c in candidates]
    _count_candidates(team, evidence, read)
    assert evidence.counts["c:vorbath"] == 30
    assert evidence.idf("vorbath") < unknown - 4  # 30 of 40 answer to it: common here
