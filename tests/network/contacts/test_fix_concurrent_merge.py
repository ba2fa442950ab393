"""Two people merging the same pair at once (issue 11, item 17): one wins, the other gets a
clear refusal (409 on the screen), nothing is half-done and nothing deadlocks. Row locks need
PostgreSQL: these tests run when DATABASE_URL points at it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from network.contacts.services import MergeConflict, contact_create, contact_merge
from network.models import Contact
from tests.concurrency import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def both_ways_at_once(first, second, actor) -> list:
    """Merge ``second`` into ``first`` and ``first`` into ``second`` in two threads started
    together; returns what each got (the survivor, or the exception)."""
    return at_once(
        lambda: contact_merge(survivor=first, loser=second, actor=actor, choices={}),
        lambda: contact_merge(survivor=second, loser=first, actor=actor, choices={}),
    )


@pytest.mark.parametrize("rounds", range(3))
def test_merging_a_into_b_while_b_into_a_refuses_one_cleanly(rounds, team, alice):
    if connection.vendor != "postgresql":
        pytest.skip("row locking needs PostgreSQL (set DATABASE_URL)")
    a = contact_create(team=team, actor=alice, data={"given_name": "Anne", "family_name": "A"})
    b = contact_create(team=team, actor=alice, data={"given_name": "Anne", "family_name": "B"})
    results = both_ways_at_once(a, b, alice)
    won = [result for result in results if isinstance(result, Contact)]
    refused = [result for result in results if isinstance(result, MergeConflict)]
    assert (len(won), len(refused)) == (1, 1), results
    remaining = Contact.objects.filter(team=team)
    assert list(remaining) == won
    survivor = remaining.get()
    assert {alias.name for alias in survivor.aliases.all()} == {"Anne A", "Anne B"} - {
        survivor.name
    }


def test_a_merge_of_a_contact_already_merged_answers_409(team, alice, login):
    a = contact_create(team=team, actor=alice, data={"given_name": "Anne", "family_name": "A"})
    b = contact_create(team=team, actor=alice, data={"given_name": "Anne", "family_name": "B"})
    stale_b = Contact.objects.get(pk=b.pk)
    contact_merge(survivor=a, loser=b, actor=alice, choices={})
    with pytest.raises(MergeConflict):
        contact_merge(survivor=stale_b, loser=a, actor=alice, choices={})
    assert Contact.objects.filter(team=team).count() == 1
    # The page the second person had open: the other contact is gone, so the merge answers 404
    # before it starts; the race itself is the service's 409 above.
    response = login(alice).post(reverse("contact_merge", args=[a.pk, b.pk]))
    assert response.status_code == 404
