"""`manage.py match_requests` fills the stored match of requests received before it existed."""

from io import StringIO

import pytest
from django.core.management import call_command

from network.contacts.services import contact_create
from network.models import ConnectionRequest
from tests.network.inbox.helpers import received

pytestmark = pytest.mark.django_db


def test_the_command_stores_the_match_of_requests_never_recognised(team, alice):
    marie = contact_create(
        team=team, actor=alice, data={"given_name": "Marie", "family_name": "Dupont"}
    )
    request = received(team, alice, "Marie Dupont", minutes_ago=5)
    ConnectionRequest.objects.filter(pk=request.pk).update(
        best_match=None, best_score=None, matched_at=None
    )
    output = StringIO()
    call_command("match_requests", stdout=output)
    request.refresh_from_db()
    assert (request.best_match, request.matched_at is not None) == (marie, True)
    assert request.best_score >= 70
    assert "Recognised 1 open requests." in output.getvalue()
    call_command("match_requests", stdout=output)  # nothing left to do
    assert output.getvalue().endswith("Recognised 0 open requests.\n")
