"""``config.prepared.PreparedRead`` reads what the ORM reads: the same rows, in the model's
order, with every field as the ORM converts it (dates, datetimes, NULLs), on SQLite and on
PostgreSQL; and the contact page's ``attached_to`` built on it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.prepared import PreparedRead
from network.contacts.selectors import attached_to
from network.models import (
    Category,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
    PastPosition,
)
from tests.network.contacts.helpers import add

pytestmark = pytest.mark.django_db

MODELS = [ContactAlias, ContactEmail, ContactPhone, NetworkProfile, PastPosition, ContactTag]


def _fields(row) -> list:
    return [(field.attname, getattr(row, field.attname)) for field in row._meta.concrete_fields]


@pytest.fixture
def anne(team, alice):
    """Anne with two of everything attached, one of each with its dates left empty."""
    anne = add(team, alice, given_name="Anne", family_name="Alpha")
    add(team, alice, given_name="Other", family_name="Person")  # rows of someone else
    anne.add_alias("Anne Old", "maiden", started_on=datetime.date(2001, 2, 3))
    anne.add_alias("Nan", "nickname")
    ContactEmail.objects.create(contact=anne, email="b@example.org", label="personal")
    ContactEmail.objects.create(contact=anne, email="a@example.org")
    ContactPhone.objects.create(contact=anne, number="+33612345678")
    for network, access in (("x", "full"), ("facebook", "restricted")):
        NetworkProfile.objects.create(
            team=team,
            contact=anne,
            network=network,
            handle=f"anne-{network}",
            url=f"https://example.org/{network}",
            access=access,
        )
    PastPosition.objects.create(contact=anne, company="Old", until=datetime.date(2012, 3, 1))
    PastPosition.objects.create(contact=anne, company="Older", until=datetime.date(2009, 1, 1))
    school, kids = (Category.objects.get(team=team, key=key) for key in ("school", "kids"))
    ContactTag.objects.create(contact=anne, category=kids, met_on=datetime.date(2015, 6, 1))
    ContactTag.objects.create(contact=anne, category=school, detail="Lycée <Hoche>")
    return anne


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_reads_what_the_orm_reads(anne, model):
    prepared = PreparedRead(model, "contact_id")
    expected = list(model._default_manager.filter(contact_id=anne.pk))
    assert len(expected) >= 1
    for _ in range(2):  # compiled on the first call, reused on the second
        read = prepared(anne.pk)
        assert [_fields(row) for row in read] == [_fields(row) for row in expected]
        assert all(not row._state.adding and row._state.db == "default" for row in read)
    assert prepared(anne.pk + 1000) == []


def test_datetimes_come_back_aware_and_dates_as_dates(anne):
    (first, second) = PreparedRead(ContactAlias, "contact_id")(anne.pk)
    assert first.created_at.tzinfo is not None
    assert first.started_on == datetime.date(2001, 2, 3) and second.started_on is None


def test_the_contact_page_reads_its_lists_in_seven_queries(anne):
    with CaptureQueriesContext(connection) as queries:
        attached = attached_to(anne)
        labels = [tag.category.key for tag in attached["tags"]]
        owners = {row.contact.pk for rows in attached.values() for row in rows}
    assert len(queries.captured_queries) == 7  # six lists, and the team's categories
    assert labels == ["school", "kids"]  # the tags' order: their category's
    assert owners == {anne.pk}
    assert [alias.name for alias in attached["aliases"]] == ["Anne Old", "Nan"]
    assert [past.company for past in attached["past_positions"]] == ["Old", "Older"]
    assert [profile.network for profile in attached["profiles"]] == ["facebook", "x"]


def test_a_contact_with_nothing_attached_reads_no_categories(team, alice):
    alone = add(team, alice, given_name="Alone")
    with CaptureQueriesContext(connection) as queries:
        attached = attached_to(alone)
    assert len(queries.captured_queries) == 6
    assert all(rows == [] for rows in attached.values())
