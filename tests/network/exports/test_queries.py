"""The CSV and vCard downloads cost the same number of queries for 5 contacts as for 50:
everything hanging off the contacts is read per batch, never per contact."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Category, Contact
from network.text.profiles import parse_profile

pytestmark = pytest.mark.django_db


def fill(team, alice, count: int, start: int = 0) -> None:
    school = Category.objects.get(team=team, key="school")
    for index in range(start, start + count):
        contact = Contact.objects.create(
            team=team, given_name=f"Anaïs {index}", family_name="Dupré", owner=alice
        )
        contact.add_alias(f"Anaïs Martin {index}", "maiden")
        contact.add_email(f"anais{index}@example.org")
        contact.add_phone(f"+336123456{index:02d}")
        contact.add_profile(parse_profile(f"https://www.linkedin.com/in/anais-{index}"))
        contact.tag(school, detail="Lycée")
        if index % 2:
            contact.met_through = Contact.objects.filter(team=team).first()
            contact.save()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"archived": "on"})
        body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert body.count("Anaïs Martin".encode()) == 5
    return len(captured)


@pytest.mark.parametrize("route", ["export_contacts_csv", "export_contacts_vcard"])
def test_the_same_queries_for_5_and_for_50_contacts(
    route, team, alice, login, django_assert_num_queries
):
    client = login(alice)
    fill(team, alice, 5)
    few = queries(client, reverse(route))
    fill(team, alice, 45, start=5)
    with django_assert_num_queries(few):
        response = client.get(reverse(route), {"archived": "on"})
        body = b"".join(response.streaming_content)
    assert body.count("Anaïs Martin".encode()) == 50


def test_batches_follow_each_other_without_gaps_or_repeats(team, alice):
    from network.exports.selectors import contacts_for_export

    fill(team, alice, 7)
    Contact.objects.create(team=team, given_name="Anaïs 3", family_name="Dupré")  # same name
    expected = list(Contact.objects.filter(team=team).order_by("pk").values_list("pk", flat=True))
    assert [contact.pk for contact in contacts_for_export(team, batch=2)] == expected
    assert [contact.pk for contact in contacts_for_export(team, batch=8)] == expected
    first = next(contacts_for_export(team, batch=2))
    assert first.aliases == [("Anaïs Martin 0", "maiden")]
    assert first.emails == [("anais0@example.org", "work")]
