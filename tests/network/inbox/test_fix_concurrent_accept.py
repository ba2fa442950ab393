"""Two requests from the same profile accepted at the same moment (issue 11, item 17): the
second gets a clear refusal (409 on the screen, ``ConcurrentChange`` in the service) instead of
an IntegrityError, and nothing is half-done. Runs on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from network.inbox.services import ConcurrentChange, connection_request_accept
from network.models import ConnectionRequest, Contact, NetworkProfile
from tests.network.inbox.helpers import MARIE_URL, received

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("rounds", range(3))
def test_two_accepts_of_one_profile_at_once_refuse_one_cleanly(rounds, team, alice, bob):
    if connection.vendor != "postgresql":
        pytest.skip("row locking needs PostgreSQL (set DATABASE_URL)")
    first = received(team, alice, "Marie Lefebvre", minutes_ago=5, address=MARIE_URL)
    second = received(team, bob, "Marie Lefebvre", minutes_ago=4, address=MARIE_URL)
    start = threading.Barrier(2)
    results: list = [None, None]

    def accept(index, connection_request, actor):
        try:
            start.wait()
            connection_request_accept(
                connection_request=connection_request, actor=actor, access="full"
            )
            results[index] = "accepted"
        except Exception as error:  # noqa: BLE001 - the test inspects what was raised
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(0, first, alice)),
        threading.Thread(target=accept, args=(1, second, bob)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
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
