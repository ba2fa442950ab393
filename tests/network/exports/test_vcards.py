"""Contacts as vCard 3.0, read back with vobject: names and former names, how-we-met
categories, profiles, typed emails and phones, and text with commas, semicolons and accents
exactly as stored."""

from __future__ import annotations

import pytest
import vobject

from network.contacts.services import contact_create
from network.exports.selectors import contacts_for_export, team_categories
from network.exports.vcards import contacts_vcf
from network.models import Contact, ContactAlias, ContactPhone
from tests.network.exports.helpers import build_rich_team

pytestmark = pytest.mark.django_db


def cards(team, archived=False) -> dict[str, vobject.base.Component]:
    text = "".join(
        contacts_vcf(
            contacts_for_export(team, include_archived=archived),
            team_categories(team),
            uid_prefix="test:",
        )
    )
    assert "\r\n" in text
    read = list(vobject.readComponents(text))
    assert all(card.version.value == "3.0" for card in read)
    return {card.fn.value: card for card in read}


def values(card, name: str) -> list[str]:
    return [line.value for line in card.contents.get(name, [])]


def test_former_names_categories_and_profiles(team, alice, bob):
    build_rich_team(team, alice, bob)
    helene = cards(team)["Hélène Rousseau"]
    assert helene.n.value.family == "Rousseau"
    assert helene.n.value.given == "Hélène"
    assert values(helene, "x-maidenname") == ["Hélène Martin"]
    assert values(helene, "nickname") == ["Léna", "Helene Dupont", "Hélène Dupont-Lefèvre"]
    assert values(helene, "categories") == [["School", "Chorale « Saint-Éloi »"]]
    linkedin = "https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-dupont"
    assert linkedin in values(helene, "url")
    social = {line.type_param: line.value for line in helene.contents["x-socialprofile"]}
    assert social["instagram"] == "https://www.instagram.com/lena.dupont"
    assert set(values(helene, "url")) == {line.value for line in helene.contents["x-socialprofile"]}


def test_emails_and_phones_keep_their_type(team, alice, bob):
    build_rich_team(team, alice, bob)
    helene = cards(team)["Hélène Rousseau"]
    emails = {line.value: line.type_param for line in helene.contents["email"]}
    assert emails == {"helene.dupont@example.org": "WORK", "lena@example.net": "HOME"}
    (phone,) = helene.contents["tel"]
    assert (phone.value, phone.type_param) == ("+33612345678", "CELL")


def test_commas_semicolons_line_breaks_and_accents_come_back_as_stored(team, alice, bob):
    build_rich_team(team, alice, bob)
    contact = Contact.objects.get(team=team, given_name="Hélène")
    contact.company = "Crédit Régional, SA; Lyon"
    contact.position = "Directrice, finances; risques"
    contact.save()
    raw = "".join(
        contacts_vcf(contacts_for_export(team), team_categories(team), uid_prefix="test:")
    )
    assert "ORG:Crédit Régional\\, SA\\; Lyon\r\n" in raw
    assert "TITLE:Directrice\\, finances\\; risques\r\n" in raw
    helene = cards(team)["Hélène Rousseau"]
    assert helene.org.value == ["Crédit Régional, SA; Lyon"]
    assert helene.title.value == "Directrice, finances; risques"
    assert helene.note.value == "Rencontrée au « forum », 2019;\nparle espagnol."
    assert helene.adr.value.city == "Saint-Étienne"
    assert helene.uid.value == f"test:{contact.pk}"


def test_archived_contacts_only_when_asked(team, alice, bob):
    build_rich_team(team, alice, bob)
    assert "Zoé Ancien" not in cards(team)
    assert "Zoé Ancien" in cards(team, archived=True)
    assert "Paul O'Connor" in cards(team)  # a display name alone still makes a card


def test_free_text_that_would_start_a_formula_is_neutralised_and_addresses_stay_valid(team, alice):
    contact = contact_create(
        team=team,
        actor=alice,
        data={
            "given_name": '=HYPERLINK("http://evil.example")',
            "family_name": "+Plus",
            "company": "@SUM(A1)",
            "position": "＝1+1",
            "city": "-Paris",
            "notes": "\n=cmd|' /C calc'!A0",
        },
    )
    contact.add_alias("＋Alias", ContactAlias.Kind.NICKNAME)
    contact.add_email("plus+tag@example.org")
    ContactPhone.objects.create(contact=contact, number="+33612345678", label="mobile")
    (card,) = cards(team).values()
    assert card.n.value.given == '\'=HYPERLINK("http://evil.example")'
    assert card.n.value.family == "'+Plus"
    assert card.fn.value.startswith("'")
    assert values(card, "org") == [["'@SUM(A1)"]]
    assert values(card, "title") == ["'＝1+1"]
    assert card.adr.value.city == "'-Paris"
    assert values(card, "nickname") == ["'＋Alias"]
    assert values(card, "note") == ["'\n=cmd|' /C calc'!A0"]
    assert values(card, "email") == ["plus+tag@example.org"]
    assert values(card, "tel") == ["+33612345678"]
