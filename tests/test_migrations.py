"""The renames of the "names as the screens say them" migrations keep every row: data written
under the old names (HowWeMet, ContactCategory, ReplyTemplate, ``request`` and ``template``
fields) is there under the new ones, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from network.inbox.models import OPEN_STATES
from network.migrations import _tally_triggers as tally_triggers

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 12, 6, tzinfo=UTC)
BEFORE = [
    ("network", "0004_recognition_keys"),
    ("replies", "0002_default_library_for_existing_teams"),
]
AFTER = [("network", "0005_names_as_the_screens_say"), ("replies", "0003_names_as_the_screens_say")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_renames_keep_every_row():
    old = migrate(BEFORE)
    team = old.get_model("accounts", "Team").objects.create(name="Boutique", slug="boutique")
    category = old.get_model("network", "HowWeMet").objects.create(team=team, name="Choir")
    contact = old.get_model("network", "Contact").objects.create(
        team=team, given_name="Marie", family_name="Dupont"
    )
    tag = old.get_model("network", "ContactCategory").objects.create(
        contact=contact, category=category, detail="Tuesday choir"
    )
    connection_request = old.get_model("network", "ConnectionRequest").objects.create(
        team=team, network="linkedin", sender_name="Marie Lefebvre", state="asked"
    )
    event = old.get_model("network", "RequestEvent").objects.create(
        request=connection_request, action="ask", from_state="new", to_state="asked"
    )
    phrase = old.get_model("replies", "ReplyTemplate").objects.create(
        team=team, title="How did we meet?", intent="ask_how_met", language="en", body="Hi"
    )
    message = old.get_model("replies", "OutgoingMessage").objects.create(
        team=team, request=connection_request, template=phrase, intent="ask_how_met", text="Hi"
    )
    reply = old.get_model("replies", "ReceivedReply").objects.create(
        request=connection_request, text="We sang together"
    )
    try:
        new = migrate(AFTER)
        renamed_tag = new.get_model("network", "ContactTag").objects.get(pk=tag.pk)
        assert (renamed_tag.contact_id, renamed_tag.category_id, renamed_tag.detail) == (
            contact.pk,
            category.pk,
            "Tuesday choir",
        )
        assert new.get_model("network", "Category").objects.get(pk=category.pk).name == "Choir"
        renamed_event = new.get_model("network", "RequestEvent").objects.get(pk=event.pk)
        assert renamed_event.connection_request_id == connection_request.pk
        assert new.get_model("replies", "Phrase").objects.get(pk=phrase.pk).title == (
            "How did we meet?"
        )
        renamed_message = new.get_model("replies", "OutgoingMessage").objects.get(pk=message.pk)
        assert (renamed_message.connection_request_id, renamed_message.phrase_id) == (
            connection_request.pk,
            phrase.pk,
        )
        renamed_reply = new.get_model("replies", "ReceivedReply").objects.get(pk=reply.pk)
        assert renamed_reply.connection_request_id == connection_request.pk
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="column statistics: PostgreSQL")
def test_keys_made_bytewise_keep_their_statistics():
    """Changing the key column's collation drops its statistics, which autovacuum does not
    renew until rows change: the migration analyzes the table, or recognition's candidate
    query is planned blind."""
    old = migrate([("network", "0014_contact_keys_keyed_by_contact_and_key")])
    team = old.get_model("accounts", "Team").objects.create(name="Boutique", slug="boutique")
    contact = old.get_model("network", "Contact").objects.create(
        team=team, given_name="Marie", family_name="Dupont"
    )
    old.get_model("network", "ContactKey").objects.bulk_create(
        old.get_model("network", "ContactKey")(team=team, contact=contact, key=f"f:dupont{index}")
        for index in range(50)
    )
    try:
        migrate([("network", "0015_contact_keys_compared_bytewise")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT attname FROM pg_stats WHERE tablename = 'network_contactkey'")
            analysed = {row[0] for row in cursor.fetchall()}
        assert "key" in analysed, analysed
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_typo_keys_are_rebuilt_as_halves_and_the_others_kept():
    old = migrate([("network", "0016_import_cancel_request_on_the_job_row")])
    team = old.get_model("accounts", "Team").objects.create(name="Boutique", slug="boutique")
    contact = old.get_model("network", "Contact").objects.create(
        team=team, given_name="Marie", family_name="Lefebvre"
    )
    ContactKey = old.get_model("network", "ContactKey")
    ContactKey.objects.bulk_create(
        ContactKey(team=team, contact=contact, key=key)
        for key in ["n:lefebvre marie", "gd:marie|lefbvre", "dg:lefebvre|mare", "x:kept"]
    )
    try:
        migrate([("network", "0017_typo_keys_as_halves")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT key FROM network_contactkey WHERE contact_id = %s", [contact.pk])
            keys = {row[0] for row in cursor.fetchall()}
        assert {
            "gd:marie|<8lefe",
            "gd:marie|>8bvre",
            "dg:lefebvre|<5ma",
            "dg:lefebvre|>5rie",
        } <= keys
        assert not {"gd:marie|lefbvre", "dg:lefebvre|mare"} & keys
        assert {"n:lefebvre marie", "x:kept"} <= keys  # the other kinds are not touched
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_key_tallies_count_the_rows_already_there_and_go_on_counting():
    old = migrate([("network", "0017_typo_keys_as_halves")])
    team = old.get_model("accounts", "Team").objects.create(name="Boutique", slug="boutique")
    Contact = old.get_model("network", "Contact")
    marie = Contact.objects.create(team=team, given_name="Marie", family_name="Dupont")
    paul = Contact.objects.create(team=team, given_name="Paul", family_name="Dupont")
    Contact.objects.create(team=team, given_name="Old", family_name="One", archived_at=NOW)
    ContactKey = old.get_model("network", "ContactKey")
    ContactKey.objects.bulk_create(
        ContactKey(team=team, contact=contact, key=key)
        for contact, key in [(marie, "f:dupont"), (paul, "f:dupont"), (marie, "g:marie")]
    )
    Request = old.get_model("network", "ConnectionRequest")
    for state in ("new", "new", "asked", "declined"):
        Request.objects.create(team=team, network="x", sender_name="Eve", state=state)

    def tallies() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT key, SUM(n) FROM network_keytally WHERE team_id = %s GROUP BY key",
                [team.pk],
            )
            return {key: total for key, total in cursor.fetchall() if total}

    try:
        migrate([("network", "0018_key_tallies_kept_by_triggers")])
        assert tallies() == {
            "f:dupont": 2,
            "g:marie": 1,
            "#contacts": 3,
            "#active": 2,
            "@new|x": 2,
            "@asked|x": 1,
        }
        with connection.cursor() as cursor:  # the triggers count what comes next
            cursor.execute(
                "INSERT INTO network_contactkey (team_id, contact_id, key) VALUES (%s, %s, %s)",
                [team.pk, paul.pk, "g:paul"],
            )
            cursor.execute("DELETE FROM network_contactkey WHERE key = 'f:dupont'")
            cursor.execute("UPDATE network_connectionrequest SET state = 'asked'")
        assert tallies() == {
            "g:marie": 1,
            "g:paul": 1,
            "#contacts": 3,
            "#active": 2,
            "@asked|x": 4,
        }
        migrate([("network", "0017_typo_keys_as_halves")])  # back: the triggers go
        ContactKey.objects.create(team=team, contact=marie, key="x:after")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall() if row[0].startswith("network_keytally_")}


def test_every_tally_trigger_is_there_once_all_migrations_ran():
    """A later migration that made SQLite rebuild one of the tables (most AlterField do)
    drops its triggers with the old table: it must write them again
    (``network/migrations/_tally_triggers.py``, ``install_sqlite_triggers``)."""
    expected = {
        f"{prefix}_{event}"
        for prefix, _table, _parts, _columns in tally_triggers.TRIGGERS
        for event in ("insert", "delete", "update")
    }
    assert len(expected) == 9
    assert installed_triggers() == expected


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables")
def test_the_triggers_of_a_rebuilt_table_can_be_written_again():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER network_keytally_contacts_update")
    assert "network_keytally_contacts_update" not in installed_triggers()
    with connection.schema_editor() as editor:
        tally_triggers.install_sqlite_triggers(editor, "network_contact")
    assert len(installed_triggers()) == 9


def test_the_open_states_the_triggers_count_are_the_inbox_s():
    assert ", ".join(f"'{state}'" for state in OPEN_STATES) == tally_triggers.OPEN


def test_migrating_back_and_forth_with_the_command_keeps_the_inbox_counts(alice, team):
    """``migrate`` sends ``post_migrate`` whatever state it leaves the tables in: a step back
    (no tally table) is no error, and a team with requests but no contact keeps its counts."""
    from django.core.management import call_command

    from network.inbox.counts import inbox_counts
    from tests.network.inbox.helpers import received

    received(team, alice, "Marie Lefèbvre", minutes_ago=1)
    try:
        call_command("migrate", "network", "0017_typo_keys_as_halves", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)
    assert inbox_counts(team.pk) == {("new", "linkedin"): 1}
    call_command("migrate", verbosity=0)  # nothing to apply: post_migrate all the same
    assert inbox_counts(team.pk) == {("new", "linkedin"): 1}
