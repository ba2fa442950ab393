"""Fixtures shared by the address-book tests: Hélène with one of everything attached, and four
people who differ in what the list filters on.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from network.models import (
    Contact,
    ContactAlias,
    ContactEmail,
    ContactPhone,
)
from tests.network.contacts.helpers import add, add_profile, category


@pytest.fixture
def book(team, alice, bob):
    """Hélène Durand with one of everything attached, and Marie Martin beside her."""
    contact = add(
        team,
        alice,
        given_name="Hélène",
        family_name="Durand",
        company="Acme",
        position="Engineer",
        owner=alice,
    )
    other = add(team, bob, given_name="Marie", family_name="Martin")
    Contact.objects.filter(pk=other.pk).update(met_through=contact)
    other.refresh_from_db()
    school, kids = category(team, "school"), category(team, "kids")
    return SimpleNamespace(
        contact=contact,
        other=other,
        school=school,
        kids=kids,
        tag=contact.tag(school, alice, detail="Lycée Hoche"),
        alias=contact.add_alias("Hélène Petit", ContactAlias.Kind.MAIDEN, alice),
        profile=add_profile(contact, handle="hdurand-4a7b"),
        email=ContactEmail.objects.create(contact=contact, email="helene@acme.example"),
        phone=ContactPhone.objects.create(contact=contact, number="+33612345678"),
    )


@pytest.fixture
def filtered(team, alice, bob):
    """Four people who differ in category, network, access and owner."""
    school, kids = category(team, "school"), category(team, "kids")
    anne = add(team, alice, given_name="Anne", family_name="Alpha", owner=alice)
    anne.tag(school)
    add_profile(anne, handle="anne", access="full")
    add_profile(anne, handle="anne-2", access="none")
    basile = add(team, alice, given_name="Basile", family_name="Beta", owner=bob)
    basile.tag(kids)
    add_profile(basile, network="instagram", handle="basile", access="restricted")
    add_profile(basile, network="instagram", handle="basile.b", access="follow_only")
    chloe = add(team, alice, given_name="Chloé", family_name="Gamma")
    chloe.tag(school)
    chloe.tag(kids)
    add_profile(chloe, handle="chloe", access="none")
    denis = add(team, alice, given_name="Denis", family_name="Delta")
    denis.archive(alice)
    return SimpleNamespace(school=school, kids=kids, denis=denis)
