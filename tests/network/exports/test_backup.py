"""The team backup: a rich team exported, restored into a new team and exported again gives
the same document, and the same rows; the restored history still undoes exactly."""

from __future__ import annotations

import json

import pytest

from accounts.models import Membership, Team
from network.exports.backup import team_backup
from network.exports.restore import read_backup, team_restore
from network.inbox.reversal import connection_request_undo
from network.models import ConnectionRequest, Contact, ContactKey, RequestKey
from tests.conftest import make_user
from tests.network.exports.helpers import build_rich_team, team_rows

pytestmark = pytest.mark.django_db


def backup_of(team) -> dict:
    return json.loads("".join(team_backup(team)))


def comparable(document: dict) -> dict:
    """What must survive a round trip: everything but the moment and the team's name."""
    return {key: value for key, value in document.items() if key not in {"exported_at", "team"}}


@pytest.fixture
def twin_team(alice, bob, carol):
    """A new, empty team with the same members in the same roles."""
    twin = Team.create_with_owner(name="Alice & Co (restored)", owner=alice)
    Membership.objects.create(team=twin, user=bob, role="member")
    Membership.objects.create(team=twin, user=carol, role="readonly")
    return twin


def test_round_trip_gives_the_same_document_and_the_same_rows(team, alice, bob, carol, twin_team):
    build_rich_team(team, alice, bob)
    first = backup_of(team)
    for name in (
        "contacts",
        "former_names",
        "tags",
        "requests",
        "request_events",
        "reminders",
        "reminder_deliveries",
        "notifications",
        "muted_requests",
        "messages_sent",
        "replies_received",
        "past_positions",
        "phones",
        "profiles",
        "emails",
        "contact_history",
        "reminder_settings",
        "privacy_settings",
        "privacy_tasks",
        "erasure_records",
        "column_mappings",
    ):
        assert first[name], f"the rich team has no {name}: the test would prove nothing"

    assert any(row["best_match"] for row in first["requests"])
    assert any(row["met_through"] for row in first["contacts"])
    assert {row["done_by"] for row in first["privacy_tasks"]} == {None, bob.email}
    report = team_restore(team=twin_team, document=read_backup(json.dumps(first)), restorer=alice)

    assert report.replaced == []
    assert report.restored["contacts"] == len(first["contacts"])
    second = backup_of(twin_team)
    assert comparable(second) == comparable(first)
    before, after = team_rows(team), team_rows(twin_team)
    assert before.keys() == after.keys()
    for label in before:  # in any order: recognition keys are written in another order
        assert sorted(map(repr, after[label])) == sorted(map(repr, before[label])), label
    assert len(after["network.ContactKey"]) > 10
    assert len(after["network.KeyTally"]) > 10  # the tallies counted the keys restored


def test_recognition_keys_are_rebuilt(team, alice, bob, carol, twin_team):
    build_rich_team(team, alice, bob)
    team_restore(team=twin_team, document=backup_of(team), restorer=alice)
    keys = sorted(ContactKey.objects.filter(team=team).values_list("key", flat=True))
    assert keys
    assert sorted(ContactKey.objects.filter(team=twin_team).values_list("key", flat=True)) == keys
    request_keys = sorted(RequestKey.objects.filter(team=twin_team).values_list("key", flat=True))
    assert "prof:linkedin|marie-lefebvre-42" in request_keys
    assert Contact.objects.filter(team=twin_team).search("martin").exists()  # a maiden name


def test_a_restored_history_still_undoes_exactly(team, alice, bob, carol, twin_team):
    """The link with a new name is undone on the restored team as it would have been on the
    original: the contact gets its old name back, the former name goes."""
    rich = build_rich_team(team, alice, bob)
    team_restore(team=twin_team, document=backup_of(team), restorer=alice)
    restored = ConnectionRequest.objects.get(
        team=twin_team, sender_name=rich["renamed"].sender_name
    )
    helene = restored.contact
    assert helene.team == twin_team
    assert helene.name == "Hélène Rousseau"

    connection_request_undo(connection_request=restored, actor=bob)

    helene.refresh_from_db()
    assert helene.name == "Hélène Dupont-Lefèvre"
    assert not helene.aliases.filter(name="Hélène Dupont-Lefèvre").exists()
    assert Contact.objects.get(pk=rich["helene"].pk).name == "Hélène Rousseau"  # untouched


def test_a_member_without_an_account_there_becomes_the_restorer(team, alice, bob, carol):
    build_rich_team(team, alice, bob)
    dora = make_user("dora@example.org", "Dora")
    target = Team.create_with_owner(name="Elsewhere", owner=dora)

    report = team_restore(team=target, document=backup_of(team), restorer=dora)

    assert report.replaced == ["alice@example.org", "bob@example.org"]
    assert not Contact.objects.filter(team=target).exclude(owner=dora).exclude(owner=None).exists()
    assert not ConnectionRequest.objects.filter(team=target).exclude(owner=dora).exists()
    # bob's own settings became dora's; the team's default stayed the team's.
    assert report.left_out == {}
    document = backup_of(target)
    people = {row["user"] for row in document["reminder_settings"]}
    assert people == {None, "dora@example.org"}


@pytest.mark.django_db(transaction=True)
def test_a_backup_outside_any_transaction_reads_one_snapshot(alice, team, bob):
    """Outside a request's transaction the backup opens its own (REPEATABLE READ on
    PostgreSQL) and leaves nothing open behind it."""
    from django.db import connection

    build_rich_team(team, alice, bob)
    document = backup_of(team)
    assert len(document["contacts"]) == Contact.objects.filter(team=team).count()
    assert not connection.in_atomic_block


def test_a_replaced_members_duplicate_is_left_out_and_the_restorers_own_row_wins(team, alice, bob):
    build_rich_team(team, alice, bob)
    document = backup_of(team)
    bobs = next(row for row in document["reminder_settings"] if row["user"] == bob.email)
    document["reminder_settings"].append(
        {**bobs, "id": 99, "user": alice.email, "digest_hour": 6, "cadence": "each"}
    )
    target = Team.create_with_owner(name="Alice alone", owner=alice)

    report = team_restore(team=target, document=document, restorer=alice)

    assert report.replaced == ["bob@example.org"]
    assert report.left_out == {"reminder_settings": 1}
    (own,) = [row for row in backup_of(target)["reminder_settings"] if row["user"]]
    assert (own["user"], own["digest_hour"], own["cadence"]) == (alice.email, 6, "each")


def test_what_hangs_off_a_left_out_reminder_goes_with_it(team, alice, bob):
    build_rich_team(team, alice, bob)
    document = backup_of(team)
    delivered = document["reminder_deliveries"][0]["reminder"]
    bobs = next(row for row in document["reminders"] if row["id"] == delivered)
    bobs["state"] = "pending"  # live, so that alice's own live one is a duplicate
    document["reminders"].append({**bobs, "id": 999, "user": alice.email})
    target = Team.create_with_owner(name="Alice alone", owner=alice)

    report = team_restore(team=target, document=document, restorer=alice)

    assert report.left_out["reminders"] == 1
    assert report.left_out["reminder_deliveries"] == 1
    restored = backup_of(target)
    assert len(restored["reminders"]) == len(document["reminders"]) - 1
    assert restored["reminder_deliveries"] == []
    assert [row["reminder"] for row in restored["notifications"]] == [None]


def _reaches_team(model, seen=()) -> bool:
    """Whether the model's rows belong to a team: a link to the team, or to a row that does."""
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model in seen:
            continue
        target = field.related_model
        if target is Team:
            return True
        if target._meta.app_label in {"network", "replies"} and _reaches_team(
            target, (*seen, model)
        ):
            return True
    return False


def test_every_model_of_a_team_is_in_the_backup_or_left_out_for_a_reason():
    from django.apps import apps

    from network.exports.sections import LEFT_OUT, SECTIONS

    in_backup = {section.model for section in SECTIONS}
    assert not in_backup & set(LEFT_OUT)
    assert all(reason.strip() for reason in LEFT_OUT.values())
    team_models = {
        model
        for label in ("network", "replies")
        for model in apps.get_app_config(label).get_models()
        if _reaches_team(model)
    }
    assert team_models - in_backup - set(LEFT_OUT) == set()
    assert set(LEFT_OUT) <= team_models  # nothing stale listed


def test_an_import_job_is_left_out(team, alice, bob):
    from network.imports.models import ImportJob

    build_rich_team(team, alice, bob)
    ImportJob.objects.create(
        team=team,
        created_by=alice,
        token="f" * 32,
        file="team-0/none",
        original_name="Connexions-Gaspard-Vieuxmoulin.csv",
        errors=[{"row": 3, "reason": "no name", "source": "Gaspard Vieuxmoulin,,"}],
    )
    text = "".join(team_backup(team))
    assert "Vieuxmoulin" not in text
    assert "import" not in json.loads(text)
