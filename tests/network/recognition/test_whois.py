""" "Who is this?" in the nav and `manage.py whois`: the same ranked answer as the inbox."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from network.contacts.services import contact_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def marie(team, bob):
    contact = contact_create(
        team=team,
        actor=bob,
        data={
            "given_name": "Marie",
            "family_name": "Dupont",
            "company": "Acme Distribution",
            "owner": bob,
        },
    )
    contact.reindex()
    return contact


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_every_member_can_ask_who_this_is(request, login, who, marie):
    user = request.getfixturevalue(who)
    response = login(user).get(
        reverse("whois"), {"name": "Marie Lefebvre", "company": "Acme Distribution"}
    )
    assert response.status_code == 200
    top = response.context["suggestions"][0]
    assert top.contact == marie
    content = response.content.decode()
    assert "family name differs (a change of name?)" in content
    assert "Marie Dupont" in content


def test_an_outsider_never_sees_another_teams_contacts(login, mallory, marie):
    response = login(mallory).get(reverse("whois"), {"name": "Marie Dupont"})
    assert response.context["suggestions"] == []
    assert "Nobody in your team" in response.content.decode()


def test_the_empty_form_asks_nothing(login, alice):
    response = login(alice).get(reverse("whois"))
    assert response.status_code == 200
    assert response.context["asked"] is False


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("whois"), {"name": "x"}).status_code == 302


def test_the_command_prints_ranked_json(team, marie):
    output = StringIO()
    call_command(
        "whois", "Marie Lefebvre", team=team.slug, company="Acme", json=True, stdout=output
    )
    rows = json.loads(output.getvalue())
    assert rows[0]["contact_id"] == marie.pk
    assert rows[0]["score"] >= 70
    assert any("change of name" in reason for reason in rows[0]["reasons"])


def test_the_command_refuses_an_unknown_team(db):
    with pytest.raises(CommandError, match="No team"):
        call_command("whois", "Marie", team="nope")
