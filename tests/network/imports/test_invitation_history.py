"""Invitations from people already connected go on their contact's history: dated, with the
network and the note, once (importing again adds nothing), shown on the contact's page in
English and French; in an export archive, the contacts' import keeps them too."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.imports.services import import_file
from network.models import ConnectionRequest, ContactChange
from network.text.profiles import parse_profile

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
CONNECTIONS = (
    HEADER + "Inès,Caradec,https://www.linkedin.com/in/in%C3%A8s-caradec,,Atelier Caradec,Owner,"
    "27 Jun 2026\n"
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    'Inès Caradec,Alice Owner,"5/1/24, 9:00 AM",Ravie de vous avoir croisée à Lyon,INCOMING,'
    "https://www.linkedin.com/in/in%C3%A8s-caradec,https://www.linkedin.com/in/alice-owner\n"
    'Priya Rao,Alice Owner,"6/5/24, 10:15 AM",We met at the Lyon meetup,INCOMING,'
    "https://www.linkedin.com/in/priya-rao,https://www.linkedin.com/in/alice-owner\n"
)


def write(tmp_path, text: str, name: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def archive(tmp_path):
    path = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("Connections.csv", CONNECTIONS)
        bundle.writestr("Invitations.csv", INVITATIONS)
    return path


def ines_contact(team, alice):
    ines = contact_create(
        team=team, actor=alice, data={"given_name": "Inès", "family_name": "Caradec"}
    )
    ines.add_profile(parse_profile("https://www.linkedin.com/in/inès-caradec"))
    return ines


def invitations_of(contact):
    return list(contact.changes.filter(action=ContactChange.Action.INVITATION))


@pytest.mark.django_db
def test_an_invitation_from_a_contact_goes_on_their_history_once(alice, team, tmp_path):
    ines = ines_contact(team, alice)
    path = write(tmp_path, INVITATIONS, "Invitations.csv")
    _sniffed, first = import_file(path, kind="requests", team=team, actor=alice, owner=alice)
    assert first.counts["already_connected"] == 1
    assert first.history_recorded == 1
    (entry,) = invitations_of(ines)
    sent = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)  # LinkedIn writes UTC
    assert entry.at == sent
    assert entry.actor == alice
    assert entry.data["network"] == "linkedin"
    assert entry.data["message"] == "Ravie de vous avoir croisée à Lyon"
    assert not ConnectionRequest.objects.filter(sender_name="Inès Caradec").exists()

    _sniffed, second = import_file(path, kind="requests", team=team, actor=alice, owner=alice)
    assert second.counts["already_connected"] == 1
    assert second.history_recorded == 0
    assert len(invitations_of(ines)) == 1


@pytest.mark.django_db
def test_the_dry_run_records_nothing(alice, team, tmp_path):
    ines = ines_contact(team, alice)
    path = write(tmp_path, INVITATIONS, "Invitations.csv")
    _sniffed, tally = import_file(
        path, kind="requests", team=team, actor=alice, owner=alice, dry_run=True
    )
    assert tally.history_recorded == 1
    assert invitations_of(ines) == []


@pytest.mark.django_db
def test_the_contact_page_shows_the_invitation_in_english_and_french(login, alice, team, tmp_path):
    ines = ines_contact(team, alice)
    path = write(tmp_path, INVITATIONS, "Invitations.csv")
    import_file(path, kind="requests", team=team, actor=alice, owner=alice)
    client = login(alice)
    english = client.get(reverse("contact_detail", args=[ines.pk])).content.decode()
    assert (
        "Invitation received on LinkedIn (already connected): "
        "“Ravie de vous avoir croisée à Lyon”" in english
    )
    assert "1 May 2024" in english
    alice.language = "fr"
    alice.save(update_fields=["language"])
    french = client.get(
        reverse("contact_detail", args=[ines.pk]), headers={"accept-language": "fr"}
    ).content.decode()
    assert (
        "Invitation reçue sur LinkedIn (déjà en relation) : "
        "« Ravie de vous avoir croisée à Lyon »" in french
    )


@pytest.mark.django_db
def test_a_note_is_shown_as_text_never_as_markup(login, alice, team, tmp_path):
    ines = ines_contact(team, alice)
    hostile = INVITATIONS.replace("Ravie de vous avoir croisée à Lyon", "<script>alert(1)</script>")
    import_file(
        write(tmp_path, hostile, "Invitations.csv"),
        kind="requests",
        team=team,
        actor=alice,
        owner=alice,
    )
    page = login(alice).get(reverse("contact_detail", args=[ines.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.django_db
def test_importing_an_archive_s_contacts_keeps_their_invitations_once(alice, team, tmp_path):
    """The contacts come in with the archive's Connections.csv; the invitation from one of
    them goes on her history; the other invitation is left for an import of requests.
    Importing the requests afterwards, or the contacts again, adds nothing."""
    path = archive(tmp_path)
    _sniffed, tally = import_file(path, kind="contacts", team=team, actor=alice)
    assert tally.counts["new"] == 1
    assert tally.history_recorded == 1
    assert tally.ignored == 1  # Priya: not a contact
    ines = team.contacts.get(family_name="Caradec")
    (entry,) = invitations_of(ines)
    assert entry.data["message"] == "Ravie de vous avoir croisée à Lyon"

    _sniffed, again = import_file(path, kind="contacts", team=team, actor=alice)
    assert again.history_recorded == 0
    _sniffed, requests = import_file(path, kind="requests", team=team, actor=alice, owner=alice)
    assert requests.counts["already_connected"] == 1
    assert requests.counts["new"] == 1
    assert len(invitations_of(ines)) == 1
