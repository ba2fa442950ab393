"""Restore refuses, whole and in one sentence: a team that is not empty, a file that is not a
backup or is cut short, a row the fields or the database refuse. Nothing is written."""

from __future__ import annotations

import json

import pytest
from django.apps import apps

from accounts.models import Team
from network.contacts.services import contact_create
from network.exports.backup import team_backup
from network.exports.restore import RestoreRefused, read_backup, team_restore
from tests.network.exports.helpers import build_rich_team, receive

pytestmark = pytest.mark.django_db


def everything() -> dict:
    """Every row of the project's apps."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for label in ("accounts", "network", "replies")
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture
def backup_text(team, alice, bob) -> str:
    build_rich_team(team, alice, bob)
    return "".join(team_backup(team))


@pytest.fixture
def empty(alice) -> Team:
    return Team.create_with_owner(name="Empty", owner=alice)


def refused(raw, team, restorer) -> str:
    before = everything()
    with pytest.raises(RestoreRefused) as refusal:
        team_restore(team=team, document=read_backup(raw), restorer=restorer)
    assert everything() == before
    message = str(refusal.value)
    assert "\n" not in message
    return message


def test_a_team_with_contacts_is_refused(backup_text, alice, empty):
    contact_create(team=empty, actor=alice, data={"given_name": "Déjà"})
    assert "already has contacts or requests" in refused(backup_text, empty, alice)


def test_a_team_with_requests_is_refused(backup_text, alice, empty):
    receive(empty, alice, "Someone")
    assert "restore into an empty team" in refused(backup_text, empty, alice)


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.99])
def test_a_truncated_backup_is_refused(backup_text, alice, empty, cut):
    message = refused(backup_text[: int(len(backup_text) * cut)], empty, alice)
    assert "not a complete JSON document" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        ("[1, 2, 3]", "not a Netcurate team backup"),
        ('{"format": "vcard"}', "not a Netcurate team backup"),
        ("[" * 100_000, "nests too deep"),
        ('{"format": "netcurate-team-backup", "version": 99}', "format version 99"),
        ('{"format": "netcurate-team-backup", "version": 1}', "lacks its “categories” section"),
    ],
)
def test_what_is_not_a_backup_is_refused(alice, empty, raw, expected):
    before = everything()
    with pytest.raises(RestoreRefused, match=expected):
        read_backup(raw)
    assert everything() == before


def _broken(backup_text: str, change) -> str:
    document = json.loads(backup_text)
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["contacts"][0].update(given_name="x" * 101), "contacts row 1: "),
        (lambda d: d["contacts"][1].update(owner=42), "a person must be an email address"),
        (lambda d: d["contacts"][0].pop("notes"), "missing field “notes”"),
        (lambda d: d["contacts"][0].update(extra=1), "unexpected or missing field “extra”"),
        (lambda d: d["contacts"][1].update(id=d["contacts"][0]["id"]), "used twice"),
        (lambda d: d["tags"][0].update(category=999), "categories row 999"),
        (lambda d: d["tags"][0].update(category=[1]), "must be a row id"),
        (lambda d: d["requests"][0].update(state="maybe"), "requests row 1: "),
        (lambda d: d["reminders"][0].update(due_at="yesterday"), "reminders row 1: "),
        (lambda d: d["contacts"][2].update(met_through=999), "met through a contact"),
        (lambda d: d["phones"].append({**d["phones"][0], "id": 99}), "database refused"),
        (
            lambda d: d["contacts"][0].update(given_name="", family_name="", display_name=""),
            "database refused",
        ),
    ],
)
def test_a_bad_row_is_refused_and_nothing_is_written(backup_text, alice, empty, change, expected):
    assert expected in refused(_broken(backup_text, change), empty, alice)


def test_the_restorer_must_be_a_member(backup_text, alice, empty, mallory):
    assert "must be a member" in refused(backup_text, empty, mallory)


def test_the_contact_list_badge_and_phrase_counts_are_right_after_a_restore(
    backup_text, empty, alice, login
):
    """The restore writes rows without ``save``: the cached badge is forgotten, and the
    phrases' use and answer counters are counted again from the restored messages."""
    from django.urls import reverse

    from network.models import Contact
    from replies.models import Phrase

    client = login(alice)  # the empty team is alice's current team
    assert client.get(reverse("contact_list")).context["total"] == 0  # cached: 0

    team_restore(team=empty, document=read_backup(backup_text), restorer=alice)

    active = Contact.objects.filter(team=empty, archived_at__isnull=True).count()
    assert active > 1
    response = client.get(reverse("contact_list"))
    assert response.context["total"] == active
    used = {p.title: (p.used, p.answered) for p in Phrase.objects.filter(team=empty)}
    assert used["Ma question, à moi"] == (1, 1)
    assert sum(uses for uses, _answers in used.values()) == 2


def _event_adding(document: dict, key: str) -> dict:
    """The first request event of the backup whose ``added`` holds ``key``."""
    return next(
        row
        for row in document["request_events"]
        if isinstance(row["data"], dict) and key in (row["data"].get("added") or {})
    )


@pytest.mark.parametrize(
    "renamed_from",
    [
        {"given_name": "Hélène", "team_id": 1},
        {"owner_id": 1},
        {"given_name": ["Hélène"]},
        {"display_name": "x" * 1000},
        "Hélène",
    ],
)
def test_a_history_that_renames_more_than_names_is_refused(backup_text, alice, empty, renamed_from):
    def change(document):
        _event_adding(document, "renamed_from")["data"]["added"]["renamed_from"] = renamed_from

    message = refused(_broken(backup_text, change), empty, alice)
    assert message.startswith("request_events row ")
    assert "former name may hold only a given, family and display name, as text" in message


@pytest.mark.parametrize("access", ["admin", None, 3, ["full"]])
def test_a_history_with_an_unknown_profile_access_is_refused(backup_text, alice, empty, access):
    def change(document):
        added = _event_adding(document, "renamed_from")["data"]["added"]
        added["profile_access"] = [document["profiles"][0]["id"], access]

    message = refused(_broken(backup_text, change), empty, alice)
    assert "names a profile access that Netcurate does not know" in message


def test_a_history_that_renames_only_names_is_restored(backup_text, alice, empty):
    document = json.loads(backup_text)
    added = _event_adding(document, "renamed_from")["data"]["added"]
    added["profile_access"] = [document["profiles"][0]["id"], "restricted"]
    backup_text = json.dumps(document)
    assert set(_event_adding(document, "renamed_from")["data"]["added"]["renamed_from"]) == {
        "given_name",
        "family_name",
        "display_name",
    }
    report = team_restore(team=empty, document=read_backup(backup_text), restorer=alice)
    assert report.restored["request_events"] == len(document["request_events"])


def test_a_restore_leaves_one_tally_row_per_key(backup_text, empty, alice, monkeypatch):
    """Rows go in by batches, each adding a row per key on PostgreSQL: the restore sums
    them once done."""
    from network.exports import restore
    from network.models import Contact, KeyTally

    monkeypatch.setattr(restore, "BATCH", 1)
    team_restore(team=empty, document=read_backup(backup_text), restorer=alice)
    keys = list(KeyTally.objects.filter(team=empty).values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    assert KeyTally.read(empty.pk, [KeyTally.CONTACTS])[KeyTally.CONTACTS] == (
        Contact.objects.filter(team=empty).count()
    )


def test_a_restore_is_done_even_if_its_tallies_cannot_be_summed_then(
    backup_text, empty, alice, monkeypatch, caplog
):
    """The sum comes after the restore's commit: a database error there is logged (the
    beat sums them later), and the restore reports what it wrote."""
    from django.db import DatabaseError

    from network.contacts import tallies
    from network.models import Contact

    def refuse(team_id):
        raise DatabaseError("canceling statement due to lock timeout")

    monkeypatch.setattr(tallies, "compact_key_tallies", refuse)
    report = team_restore(team=empty, document=read_backup(backup_text), restorer=alice)
    assert report is not None
    assert Contact.objects.filter(team=empty).exists()
    assert "Could not sum the key tallies" in caplog.text
