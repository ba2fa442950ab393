"""`manage.py whois --batch FILE --json`: one query per line in, one JSON line per query out."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from network.contacts.services import contact_create

pytestmark = pytest.mark.django_db


def person(team, owner, given, family, company=""):
    contact = contact_create(
        team=team,
        actor=owner,
        data={"given_name": given, "family_name": family, "company": company, "owner": owner},
    )
    contact.reindex()
    return contact


def run(team, tmp_path, lines: list[str]) -> list[dict]:
    batch = tmp_path / "queries.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = StringIO()
    call_command("whois", team=team.slug, batch=str(batch), json=True, stdout=output)
    return [json.loads(line) for line in output.getvalue().splitlines()]


def test_each_line_gets_its_ranked_suggestions_and_its_time(team, alice, tmp_path):
    marie = person(team, alice, "Marie", "Dupont", "Société Générale")
    paul = person(team, alice, "Paul", "Kerjean")
    out = run(
        team,
        tmp_path,
        [
            json.dumps({"name": "Marie Lefebvre", "headline": "Directrice @ SOCIETE GENERALE SA"}),
            json.dumps({"name": "Paul Kerjan"}),
            json.dumps({"name": "Zéphyrin Quaglia"}),
        ],
    )
    assert [row["line"] for row in out] == [1, 2, 3]
    assert out[0]["suggestions"][0]["contact_id"] == marie.pk
    assert out[0]["suggestions"][0]["level"] in {"possible", "likely", "certain"}
    assert any("change of name" in reason for reason in out[0]["suggestions"][0]["reasons"])
    assert out[1]["suggestions"][0]["contact_id"] == paul.pk
    assert out[1]["suggestions"][0]["name"] == "Paul Kerjean"
    assert out[2]["suggestions"] == []
    assert all(row["ms"] >= 0 for row in out)


def test_a_bad_line_gets_an_error_line_and_the_others_go_on(team, alice, tmp_path):
    paul = person(team, alice, "Paul", "Kerjean")
    out = run(team, tmp_path, ["not json", "[1, 2]", json.dumps({"name": "Paul Kerjean"})])
    assert "error" in out[0] and "error" in out[1]
    assert out[2]["suggestions"][0]["contact_id"] == paul.pk


def test_an_unreadable_file_is_refused(team, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("whois", team=team.slug, batch=str(tmp_path / "missing.jsonl"))


def test_a_query_without_name_email_or_address_is_refused(team):
    with pytest.raises(CommandError, match="Give a name"):
        call_command("whois", team=team.slug)
