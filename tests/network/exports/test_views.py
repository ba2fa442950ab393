"""The export page and its downloads, tried by the cast: every member downloads the contacts,
only owners and admins the backup, and each sees only their own team's data."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from network.contacts.services import contact_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def marie(team, alice):
    return contact_create(
        team=team, actor=alice, data={"given_name": "Marie", "family_name": "Lefèbvre"}
    )


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_page_explains_each_file_and_offers_the_backup_to_managers(login, alice, bob, carol):
    page = login(alice).get(reverse("export_page")).content.decode()
    assert reverse("export_contacts_csv") in page
    assert reverse("export_contacts_vcard") in page
    assert reverse("export_team_backup") in page
    for who in (bob, carol):
        page = login(who).get(reverse("export_page")).content.decode()
        assert reverse("export_contacts_csv") in page
        assert reverse("export_team_backup") not in page
        assert "Only the team's owners and admins can download it." in page


def test_the_page_speaks_french(login, carol):
    client = login(carol)
    page = client.get(reverse("export_page"), headers={"accept-language": "fr"}).content.decode()
    assert "Exporter" in page


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
@pytest.mark.parametrize(
    ("route", "kind", "ext"),
    [
        ("export_contacts_csv", "text/csv; charset=utf-8", "csv"),
        ("export_contacts_vcard", "text/vcard; charset=utf-8", "vcf"),
    ],
)
def test_every_member_downloads_the_contacts(request, login, team, marie, who, route, kind, ext):
    response = login(request.getfixturevalue(who)).get(reverse(route))
    assert response.status_code == 200
    assert response["Content-Type"] == kind
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{team.slug}-contacts-')
    assert disposition.endswith(f'.{ext}"')
    assert "Lefèbvre" in body(response)


def test_the_backup_is_for_owners_and_admins(login, team, alice, bob, carol, marie):
    response = login(alice).get(reverse("export_team_backup"))
    assert response.status_code == 200
    document = json.loads(body(response))
    assert document["contacts"][0]["family_name"] == "Lefèbvre"
    for who in (bob, carol):
        assert login(who).get(reverse("export_team_backup")).status_code == 403
    bob.memberships.filter(team=team).update(role="admin")
    assert login(bob).get(reverse("export_team_backup")).status_code == 200


def test_a_post_is_refused(login, alice):
    client = login(alice)
    for route in ("export_contacts_csv", "export_contacts_vcard", "export_team_backup"):
        assert client.post(reverse(route)).status_code == 405


def test_an_outsider_only_ever_gets_her_own_team(login, marie, mallory):
    client = login(mallory)
    for route in ("export_contacts_csv", "export_contacts_vcard", "export_team_backup"):
        response = client.get(reverse(route))
        assert response.status_code == 200
        assert "Lefèbvre" not in body(response)


@pytest.mark.parametrize("separator", ["tab", "comma\x00", "x" * 5000, "²"])
def test_a_bad_separator_gets_a_400(login, alice, separator):
    response = login(alice).get(reverse("export_contacts_csv"), {"separator": separator})
    assert response.status_code == 400


def test_anonymous_is_sent_to_log_in(client):
    for route in ("export_page", "export_contacts_csv", "export_team_backup"):
        assert client.get(reverse(route)).status_code == 302
