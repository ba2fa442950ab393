"""`bench pages` measures every page on a small data set and leaves the data as it found it
(its figures are not judged here)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from network.dev.pagedata import TEAM_SLUG
from network.models import ConnectionRequest, ContactKey, RequestEvent
from replies.reminders.models import Reminder

PAGES = {
    "inbox",
    "inbox, cold counts",
    "inbox, request open",
    "contacts, page 1",
    "contacts, page 1, cold",
    "contacts, page 50",
    "contact search",
    "contact search, cold",
    "contact search, first letters",
    "contact page",
    "phrase list",
    "composer",
    "triage: decline + next",
    "triage, cold caches",
    "whois",
}


@pytest.mark.django_db
def test_bench_pages_prints_one_line_per_page_and_the_json_last():
    output = StringIO()
    call_command(
        "bench", "pages", contacts=1300, requests=40, messages=60, runs=10, json=True, stdout=output
    )
    lines = output.getvalue().strip().splitlines()
    figures = json.loads(lines[-1])["pages"]
    assert set(figures) == PAGES
    for name in PAGES:
        assert {"median_ms", "p95_ms", "ratio"} <= set(figures[name])
        assert any(line.startswith(name) for line in lines[:-1])
    # The recognition keys were built for every contact, and each request was recognised.
    assert (
        ContactKey.objects.filter(team__slug=TEAM_SLUG).values("contact").distinct().count() == 1300
    )
    assert not ConnectionRequest.objects.filter(
        team__slug=TEAM_SLUG, matched_at__isnull=True, state="new"
    ).exists()
    # Each request asked about has its question in the history and its reminders planned.
    asked = ConnectionRequest.objects.filter(team__slug=TEAM_SLUG, state="asked")
    assert asked.exists()
    for found in asked:
        assert found.events.filter(action="ask").count() == 1
        planned = Reminder.objects.filter(connection_request=found, state="pending")
        assert sorted(planned.values_list("kind", flat=True)) == ["decide", "first", "second"]


@pytest.mark.django_db
def test_the_triage_sample_puts_the_request_back_as_it_was():
    call_command(
        "bench", "pages", contacts=60, requests=30, messages=40, runs=10, stdout=StringIO()
    )
    states = dict(ConnectionRequest.objects.values_list("pk", "state"))
    events = RequestEvent.objects.count()
    call_command(
        "bench",
        "pages",
        contacts=60,
        requests=30,
        messages=40,
        runs=10,
        only=["triage"],
        stdout=StringIO(),
    )
    assert dict(ConnectionRequest.objects.values_list("pk", "state")) == states
    assert RequestEvent.objects.count() == events
