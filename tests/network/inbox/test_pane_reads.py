"""The open request's history, messages sent and replies in the detail pane, read with SQL
compiled once (``inbox.pages._pane_reads``): the newest first, 20, 10 and 10 of them, each
with who wrote it, each knowing its request; a page's queries do not grow with them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.prepared import read_together
from network.inbox.pages import _pane_reads
from network.models import RequestEvent
from replies.models import OutgoingMessage, ReceivedReply
from tests.network.inbox.helpers import received

pytestmark = pytest.mark.django_db


def _fill(team, alice, sent, count: int) -> None:
    now = timezone.now()
    for number in range(count):
        at = now - timedelta(hours=count - number)
        OutgoingMessage.objects.create(
            team=team,
            connection_request=sent,
            intent="ask_how_met",
            text=f"question {number}",
            sent_by=alice if number % 2 else None,
            sent_at=at,
        )
        ReceivedReply.objects.create(
            connection_request=sent, text=f"answer {number}", received_at=at
        )
        RequestEvent.objects.create(connection_request=sent, actor=alice, action="note")
        RequestEvent.objects.create(connection_request=sent, actor=None, action="note")


def _pane(client, sent) -> str:
    html = client.get(reverse("inbox"), {"r": sent.pk}).content.decode()
    return html.split('id="detail"')[1]


def test_the_newest_of_each_and_no_more(team, login, alice):
    sent = received(team, alice, "Paul Sender", minutes_ago=600, state="asked")
    _fill(team, alice, sent, 12)
    pane = _pane(login(alice), sent)
    questions = re.findall(r"question (\d+)</blockquote>", pane)
    answers = re.findall(r"answer (\d+)</blockquote>", pane)
    assert questions == [str(number) for number in range(11, 1, -1)]
    assert answers == [str(number) for number in range(11, 1, -1)]
    assert 'question 11</blockquote><figcaption class="text-body-secondary">' in pane
    history = re.findall(r'<li(?: class="text-decoration-line-through[^"]*")?>\d+ \w+ \d{4}', pane)
    assert len(history) == 20


def test_rows_know_their_request_and_their_authors(team, alice):
    sent = received(team, alice, "Paul Sender", minutes_ago=600, state="asked")
    _fill(team, alice, sent, 3)
    with CaptureQueriesContext(connection) as queries:
        read = read_together(_pane_reads(), sent)
        events, messages, replies = read
        assert {row.connection_request for rows in read for row in rows} == {sent}
        authors = [message.sent_by for message in messages]
        actors = [event.actor for event in events]
    # Sent together where PostgreSQL takes several statements at once.
    assert len(queries.captured_queries) == (1 if connection.vendor == "postgresql" else 3)
    assert authors == [None, alice, None] and None in actors and alice in actors
    assert [reply.text for reply in replies] == ["answer 2", "answer 1", "answer 0"]
    assert [event.pk for event in events] == list(
        sent.events.order_by("-at", "-pk").values_list("pk", flat=True)[:20]
    )


def test_the_pane_reads_as_many_queries_however_many_messages(team, login, alice):
    few = received(team, alice, "Paul Fewster", minutes_ago=600, state="asked")
    many = received(team, alice, "Paula Manyon", minutes_ago=601, state="asked")
    _fill(team, alice, few, 1)
    _fill(team, alice, many, 12)
    client = login(alice)
    _pane(client, few)  # the first page of a visit fills the caches
    counted = []
    for sent in (few, many, few):
        with CaptureQueriesContext(connection) as queries:
            _pane(client, sent)
        counted.append(len(queries.captured_queries))
    assert counted[0] == counted[1] == counted[2]
