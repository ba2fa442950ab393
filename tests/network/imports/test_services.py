"""The import pipeline: matching, updating without loss, idempotency, all or nothing, and
incoming requests (already connected, open duplicates)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from network.contacts.services import contact_create
from network.imports.models import ImportJob
from network.imports.records import FileRefused
from network.imports.services import import_apply, import_file
from network.inbox.services import connection_request_receive
from network.models import (
    Category,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactKey,
    ContactPhone,
    ContactTag,
    NetworkProfile,
    RequestEvent,
)
from network.text.names import contact_keys
from network.text.profiles import parse_profile
from tests.network.imports.jobs import previewed_job

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
CONNECTIONS = (
    "Notes:\n"
    '"Some emails may be missing."\n'
    "\n"
    + HEADER
    + "Inès,Caradec,https://www.linkedin.com/in/in%C3%A8s-caradec,,Atelier Caradec,Owner,"
    "27 Jun 2026\n"
    "Tomasz,Wrobel,https://www.linkedin.com/in/tomasz-wrobel,TW@Example.org,Wrobel Freight,"
    "CEO,03 Jan 2025\n"
    ",,,,,,12 Feb 2023\n"
    "Zoé,Ngata,https://www.linkedin.com/in/zo%C3%A9-ngata,,,,15 Mar 2024\n"
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    'Priya Rao,Alice Owner,"6/5/24, 10:15 AM",We met at the Lyon meetup,INCOMING,'
    "https://www.linkedin.com/in/priya-rao,https://www.linkedin.com/in/alice-owner\n"
    'Inès Caradec,Alice Owner,"5/1/24, 9:00 AM",,INCOMING,'
    "https://www.linkedin.com/in/ines-caradec,https://www.linkedin.com/in/alice-owner\n"
    'Alice Owner,Sam Sent,"5/2/24, 9:00 AM",,OUTGOING,'
    "https://www.linkedin.com/in/alice-owner,https://www.linkedin.com/in/sam-sent\n"
    'Noé Sørensen,Alice Owner,"7/1/24, 9:03 PM",,INCOMING,'
    "https://www.linkedin.com/in/no%C3%A9-s%C3%B8rensen,https://www.linkedin.com/in/alice-owner\n"
)


def write(tmp_path: Path, text: str, name: str = "Connections.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def everything() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Contact,
            ContactAlias,
            ContactEmail,
            ContactPhone,
            NetworkProfile,
            ContactTag,
            ContactKey,
            ContactChange,
            ConnectionRequest,
            RequestEvent,
        )
    }


@pytest.mark.django_db
def test_the_dry_run_counts_what_the_real_run_does_and_writes_nothing(alice, team, tmp_path):
    path = write(tmp_path, CONNECTIONS)
    before = everything()
    _sniffed, dry = import_file(path, kind="contacts", team=team, actor=alice, dry_run=True)
    assert everything() == before
    _sniffed, real = import_file(path, kind="contacts", team=team, actor=alice)
    assert dry.counts == real.counts
    assert real.counts["new"] == 3
    assert real.counts["skipped_blank"] == 1
    assert dry.first_rows[0]["name"] == "Inès Caradec"


@pytest.mark.django_db
def test_the_same_file_twice_creates_nothing_the_second_time(alice, team, tmp_path):
    path = write(tmp_path, CONNECTIONS)
    import_file(path, kind="contacts", team=team, actor=alice)
    after_first = everything()
    _sniffed, second = import_file(path, kind="contacts", team=team, actor=alice)
    assert everything() == after_first
    assert second.counts["new"] == 0
    assert second.counts["updated"] == 0
    assert second.counts["unchanged"] == 3


@pytest.mark.django_db
def test_imported_contacts_are_indexed_like_any_contact(alice, team, tmp_path):
    import_file(write(tmp_path, CONNECTIONS), kind="contacts", team=team, actor=alice)
    ines = Contact.objects.get(given_name="Inès")
    assert ines.sort_key == "caradec ines"
    assert set(ines.keys.values_list("key", flat=True)) == contact_keys(
        given_name="Inès", family_name="Caradec", display_name="", company="Atelier Caradec",
        city="", aliases=[], emails=[],
    )  # fmt: skip
    assert list(Contact.objects.search("ines caradec")) == [ines]
    tomasz = Contact.objects.get(given_name="Tomasz")
    assert tomasz.emails.get().email == "tw@example.org"
    assert list(Contact.objects.search("tw@example")) == [tomasz]
    assert ines.profiles.get().handle == "inès-caradec"
    assert ines.changes.get().action == "created"
    # The text the list's index carries, computed by the database (COPY leaves it out).
    assert [contact.search_head for contact in (ines, tomasz)] == [
        ines.search_text,
        Contact.objects.get(pk=tomasz.pk).search_text,
    ]


@pytest.mark.django_db
def test_a_profile_joins_whether_written_decoded_or_percent_encoded(alice, team, tmp_path):
    typed = contact_create(team=team, actor=alice, data={"given_name": "Zoé", "family_name": "N."})
    typed.add_profile(parse_profile("https://fr.linkedin.com/in/zoé-ngata/"))
    _sniffed, tally = import_file(
        write(tmp_path, CONNECTIONS), kind="contacts", team=team, actor=alice
    )
    assert tally.counts["new"] == 2
    assert tally.counts["updated"] == 1
    assert Contact.objects.filter(given_name="Zoé").count() == 1


@pytest.mark.django_db
def test_an_update_fills_what_is_empty_and_never_overwrites_what_was_typed(alice, team, tmp_path):
    typed = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Tomasz", "family_name": "Wróbel", "company": "Typed Co",
              "notes": "Typed by Alice."},
    )  # fmt: skip
    typed.add_profile(parse_profile("https://www.linkedin.com/in/tomasz-wrobel"))
    typed.add_email("tomasz@home.example", label="personal")
    version = Contact.objects.get(pk=typed.pk).version
    _sniffed, tally = import_file(
        write(tmp_path, CONNECTIONS), kind="contacts", team=team, actor=alice
    )
    typed.refresh_from_db()
    assert tally.counts["updated"] == 1
    assert (typed.given_name, typed.family_name) == ("Tomasz", "Wróbel")
    assert typed.company == "Typed Co"
    assert typed.notes == "Typed by Alice."
    assert typed.position == "CEO"  # was empty: filled
    assert typed.version == version + 1
    assert sorted(typed.emails.values_list("email", flat=True)) == [
        "tomasz@home.example",
        "tw@example.org",
    ]
    assert not typed.aliases.exists()  # "Wrobel" is "Wróbel" without its accent
    assert list(Contact.objects.search("tw@example")) == [typed]
    actions = set(typed.changes.values_list("action", flat=True))
    assert {"edited", "email_added"} <= actions
    _sniffed, again = import_file(
        write(tmp_path, CONNECTIONS), kind="contacts", team=team, actor=alice
    )
    assert again.counts["unchanged"] == 3


@pytest.mark.django_db
def test_a_new_name_on_a_known_profile_becomes_another_name_of_the_contact(alice, team, tmp_path):
    marie = contact_create(
        team=team, actor=alice, data={"given_name": "Marie", "family_name": "Dupont"}
    )
    marie.add_profile(parse_profile("https://www.linkedin.com/in/marie-dupont"))
    text = HEADER + "Marie,Lefebvre,https://www.linkedin.com/in/marie-dupont,,,,27 Jun 2026\n"
    import_file(write(tmp_path, text), kind="contacts", team=team, actor=alice)
    marie.refresh_from_db()
    assert marie.name == "Marie Dupont"
    assert [(alias.name, alias.kind) for alias in marie.aliases.all()] == [
        ("Marie Lefebvre", "other")
    ]
    assert list(Contact.objects.search("lefebvre")) == [marie]


@pytest.mark.django_db
def test_a_sole_contact_with_the_same_name_and_nothing_contradicting_is_updated(
    alice, team, tmp_path
):
    typed = contact_create(
        team=team, actor=alice, data={"given_name": "Inès", "family_name": "Caradec"}
    )
    _sniffed, tally = import_file(
        write(tmp_path, CONNECTIONS), kind="contacts", team=team, actor=alice
    )
    assert tally.counts["updated"] == 1
    assert Contact.objects.filter(family_name="Caradec").get() == typed
    assert typed.profiles.get().handle == "inès-caradec"


@pytest.mark.django_db
def test_an_uncertain_match_is_listed_for_review_never_merged(alice, team, tmp_path):
    other = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Tomasz", "family_name": "Wrobel", "company": "Polish Tiles"},
    )
    other.add_profile(parse_profile("https://www.facebook.com/tomasz.wrobel"))
    before = list(other.profiles.values_list("handle", flat=True))
    _sniffed, tally = import_file(
        write(tmp_path, CONNECTIONS), kind="contacts", team=team, actor=alice
    )
    assert Contact.objects.filter(given_name="Tomasz").count() == 2
    assert list(other.profiles.values_list("handle", flat=True)) == before
    assert not other.emails.exists()
    (entry,) = tally.review
    assert entry["name"] == "Tomasz Wrobel"
    assert entry["candidates"] == [{"id": other.pk, "name": "Tomasz Wrobel", "reasons": []}]
    new = Contact.objects.get(given_name="Tomasz", company="Wrobel Freight")
    assert entry["new_id"] == new.pk


@pytest.mark.django_db
def test_a_likely_match_by_recognition_is_listed_with_its_reasons_never_merged(
    alice, team, tmp_path
):
    marie = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Dupont", "company": "Acme Distribution"},
    )
    text = (
        HEADER + "Marie,Lefebvre,https://www.linkedin.com/in/marie-lefebvre,,Acme Distribution,"
        "Buyer,27 Jun 2026\n"
    )
    _sniffed, tally = import_file(write(tmp_path, text), kind="contacts", team=team, actor=alice)
    assert tally.counts["new"] == 1
    (entry,) = tally.review
    (candidate,) = entry["candidates"]
    assert candidate["id"] == marie.pk
    assert any("same company" in reason for reason in candidate["reasons"])
    marie.refresh_from_db()
    assert not marie.aliases.exists()
    assert not marie.profiles.exists()


@pytest.mark.django_db
def test_namesakes_with_other_profiles_on_the_network_are_other_people(alice, team, tmp_path):
    text = (
        HEADER
        + "Marie,Martin,https://www.linkedin.com/in/marie-martin-1,,,,27 Jun 2026\n"
        + "Marie,Martin,https://www.linkedin.com/in/marie-martin-2,,,,27 Jun 2026\n"
    )
    _sniffed, tally = import_file(write(tmp_path, text), kind="contacts", team=team, actor=alice)
    assert tally.counts["new"] == 2
    assert tally.review == []
    assert Contact.objects.filter(given_name="Marie", family_name="Martin").count() == 2


@pytest.mark.django_db
def test_rows_of_one_person_in_one_file_make_one_contact(alice, team, tmp_path):
    text = (
        HEADER
        + "Ana,Lima,https://www.linkedin.com/in/ana-lima,,Lima & Co,,27 Jun 2026\n"
        + "Ana,Lima,https://www.linkedin.com/in/ana-lima,ana@lima.example,,Owner,27 Jun 2026\n"
    )
    _sniffed, tally = import_file(write(tmp_path, text), kind="contacts", team=team, actor=alice)
    assert tally.counts["new"] == 1
    assert tally.counts["duplicates_in_file"] == 1
    ana = Contact.objects.get(given_name="Ana")
    assert ana.position == "Owner"
    assert ana.emails.get().email == "ana@lima.example"


@pytest.mark.django_db
def test_vcard_phones_former_names_and_categories_the_team_has(alice, team, tmp_path):
    Category.objects.create(team=team, name="Conférence")
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Ada;;;\r\nFN:Ada Berg\r\n"
        "X-MAIDENNAME:Okonkwo\r\nTEL;TYPE=CELL:06 12 34 56 78\r\nTEL:not a number\r\n"
        "CATEGORIES:conference,SCHOOL,Unknown\r\nEND:VCARD\r\n"
    )
    _sniffed, tally = import_file(
        write(tmp_path, card, "ada.vcf"), kind="contacts", team=team, actor=alice
    )
    ada = Contact.objects.get(given_name="Ada")
    assert list(ada.phones.values_list("number", flat=True)) == ["+33612345678"]
    assert [(alias.name, alias.kind) for alias in ada.aliases.all()] == [("Okonkwo", "maiden")]
    assert sorted(tag.category.label for tag in ada.tags.all()) == ["Conférence", "School"]
    assert any("not a number" in warning["reason"] for warning in tally.warnings)


@pytest.mark.django_db
def test_a_file_refused_half_way_writes_nothing(alice, team, tmp_path):
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {index}\r\nN:{index};Person;;;\r\n"
        f"EMAIL:p{index}@example.org\r\nEND:VCARD\r\n"
        for index in range(1500)  # more than a batch: the first batch is written, then undone
    )
    path = write(tmp_path, cards + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\n", "all.vcf")
    before = everything()
    with pytest.raises(FileRefused):
        import_file(path, kind="contacts", team=team, actor=alice)
    assert everything() == before


@pytest.mark.django_db(transaction=True)
def test_a_job_that_fails_half_way_is_failed_and_wrote_nothing(alice, team):
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {index}\r\nN:{index};Person;;;\r\nEND:VCARD\r\n"
        for index in range(1500)
    )
    job = previewed_job(team, alice, cards, name="all.vcf")
    assert job.status == "previewed"
    with open(job.file.path, "a", encoding="utf-8") as damaged:  # cut short after the preview
        damaged.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\n")
    ImportJob.objects.filter(pk=job.pk).update(status="queued")
    before = everything()
    job = import_apply(job.pk)
    assert job.status == "failed"
    assert job.failure
    assert everything() == before


@pytest.mark.django_db
def test_incoming_invitations_become_requests_with_history_and_stored_match(alice, team, tmp_path):
    path = write(tmp_path, INVITATIONS, "Invitations.csv")
    _sniffed, tally = import_file(path, kind="requests", team=team, actor=alice, owner=alice)
    assert tally.counts["new"] == 3  # the outgoing one is not a request
    priya = ConnectionRequest.objects.get(sender_name="Priya Rao")
    assert priya.state == "new"
    assert priya.owner == alice
    assert priya.message == "We met at the Lyon meetup"
    assert priya.handle == "priya-rao"
    assert priya.events.get().action == "received"
    assert priya.matched_at is not None
    assert "priya rao" in priya.search_text


@pytest.mark.django_db
def test_an_invitation_from_a_contact_is_already_connected_not_put_in_the_inbox(
    alice, team, tmp_path
):
    ines = contact_create(
        team=team, actor=alice, data={"given_name": "Inès", "family_name": "Caradec"}
    )
    ines.add_profile(parse_profile("https://www.linkedin.com/in/ines-caradec"))
    path = write(tmp_path, INVITATIONS, "Invitations.csv")
    _sniffed, tally = import_file(path, kind="requests", team=team, actor=alice, owner=alice)
    assert tally.counts["already_connected"] == 1
    assert tally.already_connected[0]["contact_id"] == ines.pk
    assert not ConnectionRequest.objects.filter(sender_name="Inès Caradec").exists()


@pytest.mark.django_db
def test_an_open_request_from_the_same_profile_is_not_created_twice(alice, team, tmp_path):
    connection_request_receive(
        team=team,
        owner=alice,
        sender_name="Priya R.",
        profile=parse_profile("https://www.linkedin.com/in/priya-rao/"),
    )
    path = write(tmp_path, INVITATIONS, "Invitations.csv")
    _sniffed, first = import_file(path, kind="requests", team=team, actor=alice, owner=alice)
    assert first.counts["unchanged"] == 1
    assert ConnectionRequest.objects.filter(handle="priya-rao").count() == 1
    _sniffed, second = import_file(path, kind="requests", team=team, actor=alice, owner=alice)
    assert second.counts["new"] == 0
    assert ConnectionRequest.objects.count() == 3


@pytest.mark.django_db
def test_in_an_export_archive_its_connections_are_already_connected(alice, team, tmp_path):
    archive = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("Connections.csv", CONNECTIONS)
        bundle.writestr("Invitations.csv", INVITATIONS.replace("ines-caradec", "in%C3%A8s-caradec"))
    _sniffed, tally = import_file(archive, kind="requests", team=team, actor=alice, owner=alice)
    assert tally.counts["already_connected"] == 1
    assert tally.counts["new"] == 2
    assert not ConnectionRequest.objects.filter(sender_name="Inès Caradec").exists()
    assert Contact.objects.count() == 0  # the requests' import takes no contact in
    _sniffed, contacts = import_file(archive, kind="contacts", team=team, actor=alice)
    assert contacts.counts["new"] == 3
