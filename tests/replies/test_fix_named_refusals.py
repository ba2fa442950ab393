"""The composer and "record their reply" catch the named refusals only (issue 11, item 18): a
refusal says why (409, its text as a toast); anything else is a failure, answered by the
generic error page, and its text (a database message, say) never reaches the screen."""

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

import replies.views
from tests.network.inbox.helpers import HTMX, received, toasts

pytestmark = pytest.mark.django_db


def test_a_refusal_says_why(team, alice, login):
    request = received(team, alice, "Nina Empty", minutes_ago=5)
    response = login(alice).post(
        reverse("composer_send", args=[request.pk]),
        {"intent": "ask_purpose", "text": "   "},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert toasts(response)[0]["level"] == "error"


@pytest.mark.parametrize("route", ["composer_send", "reply_receive"])
def test_a_database_failure_is_not_shown_to_the_user(route, team, alice, monkeypatch):
    # A database failure cannot be caused on purpose from the form any more (the text is
    # cleaned first), so the service raises one here, as PostgreSQL would.
    def fail(**kwargs):
        raise DatabaseError('relation "replies_secret" does not exist; host db.internal')

    monkeypatch.setattr(replies.views, "message_send", fail)
    monkeypatch.setattr(replies.views, "reply_record", fail)
    request = received(team, alice, "Nina Broken", minutes_ago=5, state="asked")
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    response = client.post(
        reverse(route, args=[request.pk]),
        {"intent": "follow_up", "text": "Hello again"},
        headers=HTMX,
    )
    assert response.status_code == 500
    assert "db.internal" not in response.content.decode()
    assert "replies_secret" not in response.headers.get("HX-Trigger", "")


def test_a_refusal_speaks_french_to_a_french_reader(team, alice, login):
    request = received(team, alice, "Nina Vide", minutes_ago=5)
    response = login(alice).post(
        reverse("composer_send", args=[request.pk]),
        {"intent": "ask_purpose", "text": "   "},
        headers={**HTMX, "Accept-Language": "fr"},
    )
    assert toasts(response)[0]["message"] == "Un message vide ne peut pas être envoyé."
