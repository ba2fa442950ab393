"""Two requests from the same profile accepted at the same moment (issue 11, item 17): the
second gets a clear refusal (409 on the screen, ``ConcurrentChange`` in the service) instead of
an IntegrityError, and nothing is half-done. Runs on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.db import connection

from network.inbox.services import ConcurrentChange, connection_request_accept
from network.models import ConnectionRequest, Contact, NetworkProfile
from tests.concurrency import at_once
from tests.network.inbox.helpers import MARIE_URL, received

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("rounds", range(3))
def test_two_accepts_of_one_profile_at_once_refuse_one_cleanly(rounds, team, alice, bob):
    if connection.vendor != "postgresql":
        pytest.skip("row locking needs PostgreSQL (set DATABASE_URL)")
    first = received(team, alice, "Marie Lefebvre", minutes_ago=5, address=MARIE_URL)
    second = received(team, bob, "Marie Lefebvre", minutes_ago=4, address=MARIE_URL)

    def accept(connection_request, actor):
        return lambda: (
            connection_request_accept(
                connection_request=connection_request, actor=actor, access="full"
            )
            and "accepted"
        )

    results = at_once(accept(first, alice), accept(second, bob))
    outcomes = sorted(type(result).__name__ for result in results)
    # Both may succeed when the second sees the first's profile (it then joins that contact);
    # what may never happen is an IntegrityError or a half-made contact.
    assert outcomes in (["ConcurrentChange", "str"], ["str", "str"]), results
    assert NetworkProfile.objects.filter(team=team).count() == 1
    states = sorted(ConnectionRequest.objects.values_list("state", flat=True))
    if "ConcurrentChange" in outcomes:
        assert states == ["accepted", "new"]
        assert Contact.objects.filter(team=team).count() == 1
        loser = next(r for r in results if isinstance(r, ConcurrentChange))
        assert "nothing was changed" in str(loser)
    else:
        assert states == ["accepted", "accepted"]
