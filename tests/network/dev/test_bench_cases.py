"""The recognition benchmark's labelled cases (``network.dev.benchkinds``): a change of name
is drawn as people change names, nine times in ten a woman's, in every kind of change."""

from __future__ import annotations

import pytest

from network.dev.benchkinds import HOW_WE_MET, KINDS, make_real_cases
from network.dev.benchnames import ENGLISH_MEN, ENGLISH_WOMEN, FRENCH_MEN, FRENCH_WOMEN
from network.models import Category, Contact, ContactTag

pytestmark = pytest.mark.django_db

CHANGES = [kind for kind in KINDS if kind.startswith("name change:")] + [HOW_WE_MET]
COMPANIES = ["Accenture", "Capgemini", "Deloitte", "Orange", "Menuiserie Kerjean"]


def test_each_kind_of_change_of_name_is_mostly_women(team):
    women, men = FRENCH_WOMEN + ENGLISH_WOMEN, FRENCH_MEN + ENGLISH_MEN
    people = [(women[index % len(women)], index) for index in range(200)]
    people += [(men[index % len(men)], 200 + index) for index in range(200)]
    Contact.objects.bulk_create(
        Contact(
            team=team,
            given_name=given,
            family_name=f"Family{index}",
            company=COMPANIES[index % len(COMPANIES)],
        )
        for given, index in people
    )
    school = Category.objects.filter(team=team).first()
    ContactTag.objects.bulk_create(
        ContactTag(contact=contact, category=school, detail="Lycée Hoche, 1990")
        for contact in Contact.objects.filter(team=team)
    )
    contacts = list(Contact.objects.filter(team=team).prefetch_related("aliases", "tags"))
    for seed in range(8):
        cases = make_real_cases(contacts, per_kind=40, seed=seed)
        expected = {case.expected for case in cases if case.kind in CHANGES}
        by_pk = {contact.pk: contact for contact in contacts}
        for kind in CHANGES:
            drawn = [by_pk[case.expected] for case in cases if case.kind == kind]
            if not drawn:  # a kind no company here can be written in (a short form)
                assert kind != HOW_WE_MET
                continue
            share = sum(contact.given_name in women for contact in drawn) / len(drawn)
            assert share >= 0.75, (seed, kind, share)  # 0.5 if drawn from everyone
        assert expected


def test_a_contact_who_moved_keeps_the_name_and_names_another_company(team):
    Contact.objects.bulk_create(
        Contact(
            team=team,
            given_name=FRENCH_WOMEN[index % len(FRENCH_WOMEN)],
            family_name=f"Family{index}",
            company=COMPANIES[index % len(COMPANIES)],
        )
        for index in range(100)
    )
    contacts = list(Contact.objects.filter(team=team).prefetch_related("aliases", "tags"))
    by_pk = {contact.pk: contact for contact in contacts}
    moved = [case for case in make_real_cases(contacts, per_kind=30) if case.kind == KINDS[-1]]
    assert KINDS[-1].startswith("changed employer")
    assert len(moved) == len({case.expected for case in moved}) == 30
    for case in moved:
        contact = by_pk[case.expected]
        assert case.query.name == contact.name
        named = [company for company in COMPANIES if company in case.query.headline]
        assert named and contact.company not in named, case.query.headline
