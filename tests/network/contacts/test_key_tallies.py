"""Key tallies are kept by the database's triggers, whatever writes the keys and contacts: a
form, a queryset's update or delete, ``bulk_create``, a cascade, an import's COPY. Each test
compares the tallies with the rows counted; on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Team
from network.contacts.services import contact_create, contact_update
from network.contacts.tallies import compact_key_tallies, forget_flushed_tallies
from network.contacts.tasks import compact_key_tallies_task
from network.imports.bulk import KeyStream
from network.models import Contact, ContactKey, KeyTally
from network.recognition.candidates import key_counts
from tests.workers import run_on_worker

pytestmark = pytest.mark.django_db(transaction=True)


def add(team, actor, given, family, company=""):
    return contact_create(
        team=team,
        actor=actor,
        data={"given_name": given, "family_name": family, "company": company},
    )


def counted() -> dict[tuple[int, str], int]:
    """What the tallies should say, counted from the rows."""
    rows = {
        (team, key): total
        for team, key, total in ContactKey.objects.values_list("team_id", "key")
        .annotate(total=Count("*"))
        .order_by()
    }
    for team, total, active in (
        Contact.objects.values_list("team_id")
        .annotate(total=Count("*"), active=Count("pk", filter=Q(archived_at__isnull=True)))
        .order_by()
    ):
        rows[(team, KeyTally.CONTACTS)] = total
        rows[(team, KeyTally.ACTIVE)] = active
    return {key: total for key, total in rows.items() if total}


def tallied() -> dict[tuple[int, str], int]:
    sums: dict[tuple[int, str], int] = {}
    for team, key, n in KeyTally.objects.values_list("team_id", "key", "n"):
        sums[(team, key)] = sums.get((team, key), 0) + n
    return {key: total for key, total in sums.items() if total}


def test_a_contact_added_changed_or_deleted_is_counted_at_once(team, alice):
    first = add(team, alice, "Marie", "Dupont")
    assert key_counts(team, ["f:dupont", "f:martin"]) == {"f:dupont": 1, "f:martin": 0}
    add(team, alice, "Paul", "Dupont")
    assert key_counts(team, ["f:dupont", "f:martin"]) == {"f:dupont": 2, "f:martin": 0}
    contact_update(
        contact=first,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Martin"},
        version=first.version,
    )
    assert key_counts(team, ["f:dupont", "f:martin"]) == {"f:dupont": 1, "f:martin": 1}
    assert key_counts(team, [KeyTally.CONTACTS])[KeyTally.CONTACTS] == 2
    first.delete()
    assert key_counts(team, ["f:dupont", "f:martin"]) == {"f:dupont": 1, "f:martin": 0}
    assert key_counts(team, [KeyTally.CONTACTS])[KeyTally.CONTACTS] == 1
    assert tallied() == counted()


def test_a_transaction_sees_its_own_keys_and_a_rollback_takes_them_back(team, alice):
    add(team, alice, "Marie", "Dupont")

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        add(team, alice, "Paul", "Dupont")
        assert key_counts(team, ["f:dupont"]) == {"f:dupont": 2}
        raise Undone
    assert key_counts(team, ["f:dupont"]) == {"f:dupont": 1}
    assert tallied() == counted()


def test_writes_in_bulk_cascades_and_archiving_are_counted(team, alice):
    other = Team.create_with_owner(name="Other", owner=alice)
    people = [add(team, alice, "Marie", f"Dupont{index}") for index in range(4)]
    add(other, alice, "Marie", "Dupont")
    ContactKey.objects.bulk_create(
        ContactKey(team=team, contact=person, key="x:bulk") for person in people
    )
    assert key_counts(team, ["x:bulk"]) == {"x:bulk": 4}
    ContactKey.objects.filter(contact=people[0], key="x:bulk").delete()
    assert key_counts(team, ["x:bulk"]) == {"x:bulk": 3}
    Contact.objects.filter(pk__in=[people[1].pk, people[2].pk]).update(archived_at=timezone.now())
    assert KeyTally.read(team.pk, [KeyTally.ACTIVE, KeyTally.CONTACTS]) == {
        KeyTally.ACTIVE: 2,
        KeyTally.CONTACTS: 4,
    }
    Contact.objects.filter(pk=people[1].pk).update(archived_at=None)
    people[3].delete()  # its keys go by Django's cascade
    assert key_counts(team, ["x:bulk", "g:marie"]) == {"x:bulk": 2, "g:marie": 3}
    assert KeyTally.read(team.pk, [KeyTally.ACTIVE]) == {KeyTally.ACTIVE: 2}
    assert tallied() == counted()
    other.delete()  # the team, its contacts and their keys: its tallies come to zero
    assert key_counts(other, ["g:marie", KeyTally.CONTACTS]) == {"g:marie": 0, "#contacts": 0}
    assert tallied() == counted()


def test_keys_copied_by_an_import_are_counted(team, alice):
    people = [add(team, alice, "Anne", f"Kerjean{index}") for index in range(3)]
    stream = KeyStream(ContactKey)  # COPY on PostgreSQL, bulk_create elsewhere
    stream.write(team.pk, ((person.pk, ["x:copied", f"x:own{person.pk}"]) for person in people))
    stream.finish()
    assert key_counts(team, ["x:copied"]) == {"x:copied": 3}
    assert tallied() == counted()


def test_compaction_keeps_every_sum_in_one_row_and_drops_the_zeros(team, alice):
    person = add(team, alice, "Marie", "Dupont")
    for index in range(5):
        ContactKey.objects.create(team=team, contact=person, key=f"x:gone{index}")
        ContactKey.objects.filter(contact=person, key=f"x:gone{index}").delete()
        ContactKey.objects.create(team=team, contact=person, key=f"x:kept{index % 2}")
        ContactKey.objects.filter(contact=person, key=f"x:kept{index % 2}").delete()
        ContactKey.objects.create(team=team, contact=person, key=f"x:kept{index % 2}")
        if index < 4:
            ContactKey.objects.filter(contact=person, key=f"x:kept{index % 2}").delete()
    before = tallied()
    assert before == counted()
    removed = compact_key_tallies()
    assert tallied() == before
    rows = KeyTally.objects.values_list("team_id", "key").annotate(rows=Count("*")).order_by()
    assert {rows for _team, _key, rows in rows} == {1}
    assert not KeyTally.objects.filter(n=0).exists()
    assert not KeyTally.objects.filter(key__startswith="x:gone").exists()
    assert removed > 0
    assert compact_key_tallies() == 0  # nothing left to sum


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL truncates all at once")
def test_tallies_emptied_out_of_order_by_a_flush_are_cleared(team, alice):
    add(team, alice, "Marie", "Dupont")
    # SQLite's flush deletes table after table in no fixed order: the tallies first, then
    # the keys, whose deletions come back in as negative tallies.
    with connection.cursor() as cursor:
        for table in ("network_keytally", "network_contactkey"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - names written here
    Contact.objects.all().delete()
    assert KeyTally.objects.filter(n__lt=0).exists()
    forget_flushed_tallies()
    assert not KeyTally.objects.exists()


def test_tallies_are_kept_while_contacts_remain(team, alice):
    add(team, alice, "Marie", "Dupont")
    forget_flushed_tallies()
    assert key_counts(team, ["f:dupont"]) == {"f:dupont": 1}


def test_beat_compacts_the_tallies_every_ten_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["compact-key-tallies"]
    assert entry["task"] == compact_key_tallies_task.name
    assert entry["schedule"] <= 600


def test_a_real_worker_on_redis_compacts_the_tallies(redis_service, team, alice, tmp_path):
    person = add(team, alice, "Marie", "Dupont")
    for _ in range(3):
        ContactKey.objects.create(team=team, contact=person, key="x:edited")
        ContactKey.objects.filter(contact=person, key="x:edited").delete()
    ContactKey.objects.create(team=team, contact=person, key="x:edited")
    ContactKey.objects.create(team=team, contact=person, key="x:gone")  # a zero sum, then
    ContactKey.objects.filter(contact=person, key="x:gone").delete()  # on either database
    before = tallied()
    removed, output = run_on_worker(redis_service, compact_key_tallies_task.name, tmp_path)
    assert removed > 0, output
    assert tallied() == before == counted()
    assert KeyTally.objects.filter(team=team, key="x:edited").count() == 1
    assert not KeyTally.objects.filter(key="x:gone").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_an_erasure_compacting_beside_the_beat_leaves_no_name(team, alice):
    """The beat's compaction holds a key's rows while an erasure deletes the last contact
    with that key and compacts its team: compactions take turns, so the erasure sees the
    beat's sum and drops it with its own row, rather than leave the name in two rows
    summing to zero."""
    person = add(team, alice, "Marie", "Dupont")
    for _ in range(2):
        ContactKey.objects.create(team=team, contact=person, key="f:secret")
        ContactKey.objects.filter(contact=person, key="f:secret").delete()
    ContactKey.objects.create(team=team, contact=person, key="f:secret")
    compacted, release = threading.Event(), threading.Event()

    def beat() -> None:
        try:
            with transaction.atomic():
                compact_key_tallies()
                compacted.set()
                release.wait(10)
        finally:
            connection.close()

    def erasure() -> None:
        try:
            with transaction.atomic():
                ContactKey.objects.filter(contact=person, key="f:secret").delete()
                compact_key_tallies(team.pk)
        finally:
            connection.close()

    first = threading.Thread(target=beat)
    first.start()
    assert compacted.wait(10)
    second = threading.Thread(target=erasure)
    second.start()
    second.join(0.5)  # it waits for the beat's transaction
    release.set()
    first.join(10)
    second.join(10)
    assert not KeyTally.objects.filter(key="f:secret").exists()


def test_reads_sum_each_keys_rows_within_the_team_and_the_range(team, alice):
    """``read`` gives every key asked (0 for none), ``read_range`` every key from the first
    up to the one after (excluded, compared byte by byte), each the sum of its rows, of this
    team alone."""
    other = Team.create_with_owner(name="Other", owner=alice)
    KeyTally.objects.bulk_create(
        [
            KeyTally(team=team, key="@new|linkedin", n=3),
            KeyTally(team=team, key="@new|linkedin", n=-1),
            KeyTally(team=team, key="@asked|x", n=1),
            KeyTally(team=team, key="A", n=7),  # just past the range
            KeyTally(team=team, key="?", n=7),  # just before it
            KeyTally(team=team, key="n:marie o'neil", n=2),
            KeyTally(team=other, key="@new|linkedin", n=50),
            KeyTally(team=other, key="n:marie o'neil", n=50),
        ]
    )
    assert KeyTally.read_range(team.pk, "@", "A") == {"@new|linkedin": 2, "@asked|x": 1}
    assert KeyTally.read(team.pk, ["n:marie o'neil", "@new|linkedin", "absent"]) == {
        "@new|linkedin": 2,
        "absent": 0,
        "n:marie o'neil": 2,
    }
    many = [f"k:{index}" for index in range(1200)]  # more than one batch on SQLite
    KeyTally.objects.bulk_create([KeyTally(team=team, key=key, n=1) for key in many[::2]])
    read = KeyTally.read(team.pk, many)
    assert len(read) == 1200
    assert sum(read.values()) == 600
