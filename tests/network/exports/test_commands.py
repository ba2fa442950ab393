"""`manage.py export_team` and `restore_team`: a backup written to a file restores into an
empty team; a refusal exits with status 2 and one line, and writes nothing."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Team
from network.models import Contact
from tests.network.exports.helpers import build_rich_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def backup_file(tmp_path, team, alice, bob):
    build_rich_team(team, alice, bob)
    path = tmp_path / "backup.json"
    call_command("export_team", "--team", team.slug, str(path))
    return path


def test_export_then_restore_into_an_empty_team(backup_file, team, alice, capsys):
    document = json.loads(backup_file.read_text(encoding="utf-8"))
    assert document["format"] == "netcurate-team-backup"
    target = Team.create_with_owner(name="Restored", owner=alice)

    call_command("restore_team", str(backup_file), "--team", target.slug)

    out = capsys.readouterr().out
    assert f"Restored into {target.slug}: " in out
    assert "bob@example.org" in out  # not a member of the target: his rows went to alice
    assert Contact.objects.filter(team=target).count() == len(document["contacts"])
    assert not Contact.objects.filter(team=target, owner__email="bob@example.org").exists()


def refusal(*args) -> str:
    with pytest.raises(CommandError) as error:
        call_command("restore_team", *args)
    assert error.value.returncode == 2
    message = str(error.value)
    assert "\n" not in message
    return message


def test_a_team_with_contacts_is_refused(backup_file, team, alice):
    count = Contact.objects.count()
    assert "already has contacts" in refusal(str(backup_file), "--team", team.slug)
    assert Contact.objects.count() == count


def test_a_truncated_file_is_refused(backup_file, alice, tmp_path):
    target = Team.create_with_owner(name="Restored", owner=alice)
    cut = tmp_path / "cut.json"
    cut.write_bytes(backup_file.read_bytes()[:5000])
    assert "not a complete JSON document" in refusal(str(cut), "--team", target.slug)
    assert not Contact.objects.filter(team=target).exists()
    assert target.categories.count() == 4  # its starting categories are still there


def test_unknown_team_missing_file_and_outsider_are_refused(backup_file, alice, mallory, tmp_path):
    assert "No team" in refusal(str(backup_file), "--team", "nope")
    target = Team.create_with_owner(name="Restored", owner=alice)
    assert "Cannot read" in refusal(str(tmp_path / "missing.json"), "--team", target.slug)
    message = refusal(str(backup_file), "--team", target.slug, "--as", mallory.email)
    assert "is not a member" in message
    with pytest.raises(CommandError) as error:
        call_command("export_team", "--team", "nope", str(tmp_path / "x.json"))
    assert error.value.returncode == 2


def test_restore_as_a_member(backup_file, alice, bob):
    target = Team.create_with_owner(name="Restored", owner=alice)
    target.memberships.create(user=bob, role="member")
    call_command("restore_team", str(backup_file), "--team", target.slug, "--as", bob.email)
    assert Contact.objects.get(team=target, given_name="Hélène").owner == bob
    assert not Contact.objects.filter(team=target, owner__email="carol@example.org").exists()
