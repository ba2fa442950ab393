"""Archiving a contact from its page, and restoring it: nothing is deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import (
    ContactEmail,
)
from tests.network.contacts.helpers import HTMX, WRITERS, toasts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", WRITERS)
def test_writer_archives_then_restores(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    url = reverse("contact_archive", args=[book.contact.pk])
    response = client.post(url, headers=HTMX)
    book.contact.refresh_from_db()
    assert book.contact.is_archived
    assert toasts(response)[0]["message"] == "Hélène Durand archived. Nothing was deleted."
    assert "Hélène" not in client.get(reverse("contact_list")).content.decode()
    archived = client.get(reverse("contact_list"), {"state": "archived"}).content.decode()
    assert "Hélène Durand" in archived
    response = client.post(url, headers=HTMX)
    book.contact.refresh_from_db()
    assert not book.contact.is_archived
    assert toasts(response)[0]["message"] == "Hélène Durand restored."
    actions = list(book.contact.changes.filter(actor=user).values_list("action", flat=True))
    assert actions[:2] == ["restored", "archived"]
    assert ContactEmail.objects.filter(contact=book.contact).exists()
