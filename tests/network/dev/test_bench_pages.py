"""`bench pages` measures every page on a small data set and leaves the data as it found it
(its figures are not judged here)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from network.dev.benchdata import fill_address_book
from network.dev.pagedata import TEAM_SLUG, bench_team, build, build_keys, fill_tags
from network.models import ConnectionRequest, Contact, ContactKey, ContactTag, RequestEvent
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
    "contact search, family name",
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


@pytest.mark.django_db
def test_the_book_is_tagged_as_a_team_that_uses_it_and_its_keys_say_so():
    """Two contacts in five tagged how we met (some twice, most with a detail), three in
    five with a position; each tagged contact's keys are those ``reindex`` would store, the
    details' included, whether the tags came before its keys were built or after."""
    team, _owner = build(400, 0, 0, say=lambda *_: None)
    contacts = Contact.objects.filter(team=team)
    tagged = contacts.filter(tags__isnull=False).distinct()
    assert tagged.count() == 160
    tags = ContactTag.objects.filter(contact__team=team)
    assert 160 < tags.count() < 200
    assert tags.exclude(detail="").count() > tags.count() // 2
    assert contacts.exclude(position="").count() == 240
    detailed = [
        contact
        for contact in tagged.prefetch_related("tags")
        if any(tag.detail for tag in contact.tags.all())
    ]
    for contact in detailed[:40]:
        stored = set(contact.keys.values_list("key", flat=True))
        assert stored == contact.recognition_keys()
        assert any(key.startswith("gm:") for key in stored)
    # A team tagged already is left as it is.
    assert fill_tags(team) == 0
    assert ContactTag.objects.filter(contact__team=team).count() == tags.count()


@pytest.mark.django_db
def test_tags_added_to_a_book_whose_keys_are_built_add_their_keys():
    team, owner = bench_team(say=lambda *_: None)
    fill_address_book(team, owner, 200)
    assert build_keys(team) == 200
    assert fill_tags(team) == 80
    for contact in Contact.objects.filter(team=team, tags__detail__gt="").distinct()[:30]:
        assert set(contact.keys.values_list("key", flat=True)) == contact.recognition_keys()
