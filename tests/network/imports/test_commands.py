"""`import_contacts` and `import_requests`: a summary, one JSON object last with --json, exit
status 2 and one line on standard error for a file refused as a whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from network.models import ConnectionRequest, Contact
from tests.network.imports.test_services import CONNECTIONS, INVITATIONS, everything, write
from tests.workers import worker_database_url

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_contacts_json_is_the_last_line(alice, team, tmp_path):
    path = write(tmp_path, CONNECTIONS)
    out, _err = run("import_contacts", str(path), "--team", team.slug, "--json")
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary == {
        "format": "linkedin_connections",
        "encoding": "utf-8",
        "new": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicates_in_file": 0,
        "skipped_blank": 1,
        "errors": [],
    }
    assert Contact.objects.filter(team=team).count() == 3
    out, _err = run("import_contacts", str(path), "--team", team.slug, "--json")
    assert json.loads(out.strip().splitlines()[-1])["unchanged"] == 3


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_owner_is_set(alice, team, tmp_path):
    path = write(tmp_path, CONNECTIONS)
    before = everything()
    out, _err = run("import_contacts", str(path), "--team", team.slug, "--dry-run")
    assert out.startswith("Would import Connections.csv")
    assert everything() == before
    run("import_contacts", str(path), "--team", team.slug, "--owner", "ALICE@example.org")
    assert set(Contact.objects.values_list("owner__email", flat=True)) == {"alice@example.org"}


@pytest.mark.django_db
def test_import_requests_counts_already_connected(alice, team, tmp_path):
    path = write(tmp_path, INVITATIONS, "Invitations.csv")
    out, _err = run(
        "import_requests", str(path), "--team", team.slug, "--user", alice.email, "--json"
    )
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["format"] == "linkedin_invitations"
    assert summary["new"] == 3
    assert summary["already_connected"] == 0
    assert ConnectionRequest.objects.filter(owner=alice).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\x00\x01\x02\xff" * 100, "x.csv"),
        (b"", "empty.csv"),
        (b"BEGIN:VCARD\r\nFN:A\r\n", "a.vcf"),
    ],
    ids=["binary", "empty", "truncated"],
)
def test_a_refused_file_exits_2_with_one_line_and_writes_nothing(
    alice, team, tmp_path, content, name
):
    path = tmp_path / name
    path.write_bytes(content)
    before = everything()
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_contacts", str(path), "--team", team.slug, stderr=err)
    assert exit_info.value.code == 2
    assert len(err.getvalue().strip().splitlines()) == 1
    assert everything() == before


@pytest.mark.django_db
def test_a_contacts_file_given_to_import_requests_is_refused(alice, team, tmp_path):
    path = write(tmp_path, CONNECTIONS)
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import_requests", str(path), "--team", team.slug, "--user", alice.email, stderr=err
        )
    assert "import it as contacts" in err.getvalue()


@pytest.mark.django_db
def test_an_unknown_team_or_member_is_a_command_error(alice, team, mallory, tmp_path):
    path = write(tmp_path, CONNECTIONS)
    with pytest.raises(CommandError):
        run("import_contacts", str(path), "--team", "nobody")
    with pytest.raises(CommandError):
        run("import_contacts", str(path), "--team", team.slug, "--owner", mallory.email)


@pytest.mark.django_db(transaction=True)
def test_the_process_exits_2_on_a_refused_file(tmp_path, alice, team):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    done = subprocess.run(
        [sys.executable, "manage.py", "import_contacts", str(path), "--team", team.slug, "--json"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": worker_database_url(),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""
