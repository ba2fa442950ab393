"""The import's lookup keys go to the database as they are made, and a failure meanwhile
leaves the connection usable and nothing written."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from network.imports.bulk import KeyStream
from network.models import Contact, ContactKey

AWKWARD = ["n:plain", "c:back\\slash", "gm:tab\there", "gm:new\nline", "gm:cr\rhere", "x:\\N"]


@pytest.mark.django_db
def test_keys_holding_copy_s_special_characters_are_stored_as_written(team):
    first = Contact.objects.create(team=team, given_name="Ada", family_name="Lovelace")
    second = Contact.objects.create(team=team, given_name="Alan", family_name="Turing")
    ContactKey.objects.filter(contact__in=[first, second]).delete()
    stream = KeyStream(ContactKey)
    stream.write(team.pk, iter([(first.pk, set(AWKWARD)), (second.pk, {"n:alan turing"})]))
    stream.finish()
    stored = set(ContactKey.objects.filter(contact=first).values_list("key", flat=True))
    assert stored == set(AWKWARD)
    assert list(ContactKey.objects.filter(contact=second).values_list("key", flat=True)) == [
        "n:alan turing"
    ]


@pytest.mark.django_db
def test_a_failure_while_keys_are_made_ends_the_copy_and_keeps_none_of_them(team):
    contact = Contact.objects.create(team=team, given_name="Ada", family_name="Lovelace")
    ContactKey.objects.filter(contact=contact).delete()

    def keyed():
        yield contact.pk, {"n:ada lovelace"}
        raise ValueError("a broken row")

    stream = KeyStream(ContactKey)
    with pytest.raises(ValueError, match="a broken row"), transaction.atomic():
        stream.write(team.pk, keyed())
    assert not ContactKey.objects.filter(contact=contact).exists()
    assert Contact.objects.filter(pk=contact.pk).exists()  # the connection still answers


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_on_postgresql_the_copy_stays_open_until_finished(team):
    contact = Contact.objects.create(team=team, given_name="Ada", family_name="Lovelace")
    ContactKey.objects.filter(contact=contact).delete()
    stream = KeyStream(ContactKey)
    stream.write(team.pk, iter([(contact.pk, {"n:ada lovelace", "f:lovelace"})]))
    assert stream._copy is not None  # PostgreSQL takes the rows while the caller goes on
    stream.finish()
    assert stream._copy is None
    assert ContactKey.objects.filter(contact=contact).count() == 2
