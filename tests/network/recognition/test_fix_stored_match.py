"""Issue 11, item 5: the list's "possible match" badge and filter agree with the detail.

Recognition runs in a task when a request arrives and again when the team's contacts change;
the best suggestion and its score are stored on the request, and the list reads them.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.contacts.services import contact_create, contact_merge, contact_update
from network.inbox.services import connection_request_receive
from network.models import ConnectionRequest, ContactAlias, RequestKey
from network.recognition import tasks
from network.recognition.matching import CERTAIN, LIKELY
from network.recognition.selectors import possible_matches
from network.recognition.services import requests_to_rematch
from network.recognition.tasks import match_connection_request, rematch_team
from network.text.profiles import parse_profile
from tests.network.inbox.helpers import listed
from tests.workers import run_on_worker

BADGE = ">possible match</span>"


@pytest.fixture
def sent(monkeypatch):
    """The tasks enqueued, instead of a broker: [(task name, args), ...]."""
    calls = []
    for task in (tasks.match_connection_request, tasks.rematch_team):
        monkeypatch.setattr(
            task, "delay", lambda *args, name=task.name: calls.append((name, list(args)))
        )
    return calls


def dupont(team, actor, **extra):
    return contact_create(
        team=team,
        actor=actor,
        data={
            "given_name": "Marie",
            "family_name": "Dupont",
            "company": "Acme Distribution",
            **extra,
        },
    )


def lefebvre(team, owner, **fields):
    return connection_request_receive(
        team=team,
        owner=owner,
        sender_name="Marie Lefebvre",
        network="linkedin",
        headline="Purchasing manager at Acme Distribution",
        **fields,
    )


def stored(connection_request) -> tuple[int | None, int | None]:
    connection_request.refresh_from_db()
    return connection_request.best_match_id, connection_request.best_score


@pytest.mark.django_db
def test_a_received_request_is_recognised_by_a_task_enqueued_on_commit(
    team, alice, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        found = lefebvre(team, alice)
    assert sent == [("network.match_connection_request", [found.pk])]
    assert stored(found) == (None, None)  # nothing is computed in the request itself


@pytest.mark.django_db
def test_marie_lefebvre_at_80_has_the_badge_passes_the_filter_and_the_detail_agrees(
    team, alice, login
):
    marie = dupont(team, alice)
    found = lefebvre(team, alice)
    stranger = connection_request_receive(
        team=team, owner=alice, sender_name="Zed Unknown", network="linkedin"
    )
    client = login(alice)
    assert BADGE not in client.get(reverse("inbox")).content.decode()  # before the task

    match_connection_request(found.pk)
    match_connection_request(stranger.pk)

    best, score = stored(found)
    assert best == marie.pk and score >= LIKELY  # the badge's threshold
    assert stored(stranger) == (None, None)
    response = client.get(reverse("inbox"), {"r": found.pk})
    assert response.context["matches"][0].contact == marie  # the detail's first suggestion
    assert response.context["matches"][0].score == found.best_score
    assert response.content.decode().count(BADGE) == 1
    assert listed(client.get(reverse("inbox"), {"match": "1"})) == [found.pk]
    assert listed(client.get(reverse("inbox"), {"match": "0"})) == [stranger.pk]


@pytest.mark.django_db
def test_a_possible_but_not_likely_suggestion_gets_no_badge(team, alice, login):
    contact_create(
        team=team, actor=alice, data={"given_name": "Marie", "family_name": "X", "city": "Lyon"}
    )
    found = connection_request_receive(
        team=team, owner=alice, sender_name="Marie Lefebvre", network="linkedin"
    )
    match_connection_request(found.pk)
    best = possible_matches(found, alice)
    assert all(suggestion.score < LIKELY for suggestion in best)
    assert listed(login(alice).get(reverse("inbox"), {"match": "1"})) == []


def queries_for(client, params) -> int:
    client.get(reverse("inbox"), params)  # the counts are cached from the second page on
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("inbox"), params)
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_the_list_needs_as_many_queries_for_2_matches_as_for_30(team, alice, login):
    marie = dupont(team, alice)
    for number in range(30):
        match_connection_request(lefebvre(team, alice, email=f"m{number}@example.org").pk)
    assert ConnectionRequest.objects.filter(best_match=marie).count() == 30
    client = login(alice)
    thirty = queries_for(client, {"match": "1"})
    ConnectionRequest.objects.filter(
        pk__in=ConnectionRequest.objects.order_by("pk")[2:].values("pk")
    ).delete()
    assert queries_for(client, {"match": "1"}) == thirty


@pytest.mark.django_db
def test_a_change_of_contact_rescores_only_the_requests_sharing_a_key(team, alice):
    marie = dupont(team, alice)
    found = lefebvre(team, alice)
    unrelated = connection_request_receive(
        team=team, owner=alice, sender_name="Paul Newman", network="linkedin"
    )
    for connection_request in (found, unrelated):
        match_connection_request(connection_request.pk)
    assert requests_to_rematch(team.pk, [marie.pk], []) == {found.pk}

    # She left Acme: the company no longer backs the change of name.
    contact_update(contact=marie, actor=alice, data={"company": "Globex"}, version=None)
    before = ConnectionRequest.objects.get(pk=unrelated.pk).matched_at
    assert rematch_team(team.pk, [marie.pk], []) == 1
    assert stored(found) == (None, None) or found.best_score < LIKELY
    assert ConnectionRequest.objects.get(pk=unrelated.pk).matched_at == before


@pytest.mark.django_db
def test_a_former_name_added_makes_the_request_a_match(team, alice):
    marie = contact_create(
        team=team, actor=alice, data={"given_name": "Marie", "family_name": "Dupont"}
    )
    found = connection_request_receive(
        team=team, owner=alice, sender_name="Marie Lefebvre", network="linkedin"
    )
    match_connection_request(found.pk)
    assert (stored(found)[1] or 0) < LIKELY
    marie.add_alias("Marie Lefebvre", ContactAlias.Kind.MAIDEN, alice)
    assert found.pk in requests_to_rematch(team.pk, [marie.pk], [])
    rematch_team(team.pk, [marie.pk], [])
    best, score = stored(found)
    assert best == marie.pk and LIKELY <= score < CERTAIN  # a name alone is never certain


@pytest.mark.django_db
def test_a_merged_away_contact_gives_its_requests_to_the_survivor(team, alice):
    loser = contact_create(
        team=team, actor=alice, data={"given_name": "Marie", "family_name": "Lefebvre"}
    )
    survivor = dupont(team, alice)
    found = connection_request_receive(
        team=team, owner=alice, sender_name="Marie Lefebvre", network="linkedin"
    )
    match_connection_request(found.pk)
    assert stored(found)[0] == loser.pk
    contact_merge(survivor=survivor, loser=loser, actor=alice, choices={})
    assert stored(found)[0] is None  # SET_NULL: no badge until it is recognised again
    rematch_team(team.pk, [survivor.pk, loser.pk], [])
    assert stored(found)[0] == survivor.pk


@pytest.mark.django_db
def test_decided_requests_are_not_rescored(team, alice):
    marie = dupont(team, alice)
    found = lefebvre(team, alice)
    match_connection_request(found.pk)
    found.transition("archive", alice)
    assert requests_to_rematch(team.pk, [marie.pk], []) == set()


@pytest.mark.django_db
def test_a_request_keeps_its_profile_and_email_keys(team, alice):
    found = connection_request_receive(
        team=team,
        owner=alice,
        sender_name="Marie Lefebvre",
        profile=parse_profile("https://www.linkedin.com/in/marie-l"),
        email="Marie@Example.org",
    )
    match_connection_request(found.pk)
    keys = set(RequestKey.objects.filter(connection_request=found).values_list("key", flat=True))
    assert {"prof:linkedin|marie-l", "mail:marie@example.org", "gf:marie|lefebvre"} <= keys


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_edits_in_one_transaction_sends_one_task_per_team(team, alice, sent):
    marie = dupont(team, alice)
    sent.clear()
    with transaction.atomic():
        for number in range(40):
            contact_create(team=team, actor=alice, data={"given_name": f"Person{number}"})
        marie.add_alias("Marie Lefebvre", ContactAlias.Kind.MAIDEN, alice)
        contact_update(contact=marie, actor=alice, data={"city": "Lyon"}, version=None)
        assert sent == []  # nothing leaves before the commit
    assert len(sent) == 1
    name, (team_id, contact_ids, _removed) = sent[0]
    assert (name, team_id) == ("network.rematch_team", team.pk)
    assert marie.pk in contact_ids and len(contact_ids) == 41

    sent.clear()
    marie.refresh_from_db()
    marie.add_phone("+33612345678", alice)  # a phone never changes who she may be
    assert sent == []
    with transaction.atomic():
        marie.add_alias("Marie Martin", ContactAlias.Kind.OTHER, alice)
        transaction.set_rollback(True)
    assert sent == []  # rolled back: nothing to do
    marie.add_alias("Marie Martin", ContactAlias.Kind.OTHER, alice)  # autocommit: one task
    assert [name for name, _args in sent] == ["network.rematch_team"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_stores_the_best_match(redis_service, team, alice, tmp_path, sent):
    marie = dupont(team, alice)
    sent.clear()
    found = lefebvre(team, alice)
    assert sent == [("network.match_connection_request", [found.pk])]  # on commit
    done, output = run_on_worker(
        redis_service, match_connection_request.name, tmp_path, args=[found.pk]
    )
    assert done is True, output
    best, score = stored(found)
    assert best == marie.pk and score >= LIKELY
