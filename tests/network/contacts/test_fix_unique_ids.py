"""The contact page's forms share field names (an email's and a phone's "label"): each form
has ids of its own, so every label names its own field (issue 18)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.urls import reverse

from tests.network.contacts.helpers import add

pytestmark = pytest.mark.django_db


def ids_of(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def test_no_id_is_used_twice_on_the_contact_page(team, login, alice):
    contact = add(team, alice, given_name="Marie", family_name="Dupont")
    html = login(alice).get(reverse("contact_detail", args=[contact.pk])).content.decode()
    twice = {name: count for name, count in ids_of(html).items() if count > 1}
    assert twice == {}
    assert 'for="email_label"' in html and 'id="email_label"' in html
    assert 'for="phone_label"' in html and 'id="phone_label"' in html


def test_a_refused_phone_keeps_its_own_ids_and_names_its_error(team, login, alice):
    contact = add(team, alice, given_name="Marie", family_name="Dupont")
    response = login(alice).post(
        reverse("phone_add", args=[contact.pk]),
        {"number": "12", "label": "mobile"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-describedby="phone_number_error"' in html
    assert 'id="phone_number_error"' in html
    assert not {name for name, count in ids_of(html).items() if count > 1}
