"""``config.prepared.PreparedRead`` reads what the ORM reads: the same rows, in the model's
order, with every field as the ORM converts it (dates, datetimes, NULLs), on SQLite and on
PostgreSQL; and the contact page's ``contact_page_rows`` built on it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.prepared import PreparedRead, read_together
from network.contacts.selectors import contact_page_rows
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
    prepared = PreparedRead(lambda pk: model.objects.filter(contact_id=pk))
    expected = list(model._default_manager.filter(contact_id=anne.pk))
    assert len(expected) >= 1
    for _ in range(2):  # compiled on the first call, reused on the second
        read = prepared(anne.pk)
        assert [_fields(row) for row in read] == [_fields(row) for row in expected]
        assert all(not row._state.adding and row._state.db == "default" for row in read)
    assert prepared(anne.pk + 1000) == []


def test_datetimes_come_back_aware_and_dates_as_dates(anne):
    (first, second) = PreparedRead(lambda pk: ContactAlias.objects.filter(contact_id=pk))(anne.pk)
    assert first.created_at.tzinfo is not None
    assert first.started_on == datetime.date(2001, 2, 3) and second.started_on is None


TOGETHER = connection.vendor == "postgresql"  # several statements in one round trip


def test_the_contact_page_reads_its_lists_in_one_round_trip(anne):
    with CaptureQueriesContext(connection) as queries:
        attached = contact_page_rows(anne)[0]
        labels = [tag.category.key for tag in attached["tags"]]
        owners = {row.contact.pk for rows in attached.values() for row in rows}
    # Its eight reads (six lists, history, introduced) together on PostgreSQL, one by one on
    # SQLite; then the team's categories.
    assert len(queries.captured_queries) == (2 if TOGETHER else 9)
    assert labels == ["school", "kids"]  # the tags' order: their category's
    assert owners == {anne.pk}
    assert [alias.name for alias in attached["aliases"]] == ["Anne Old", "Nan"]
    assert [past.company for past in attached["past_positions"]] == ["Old", "Older"]
    assert [profile.network for profile in attached["profiles"]] == ["facebook", "x"]


def test_a_contact_with_nothing_attached_reads_no_categories(team, alice):
    alone = add(team, alice, given_name="Alone")
    with CaptureQueriesContext(connection) as queries:
        attached = contact_page_rows(alone)[0]
    assert len(queries.captured_queries) == (1 if TOGETHER else 8)
    assert all(rows == [] for rows in attached.values())


def test_joined_rows_and_a_slice_as_the_orm_reads_them(team, alice, bob):
    """A request's history with each step's actor (``select_related``), the last three."""
    from network.models import RequestEvent
    from tests.network.inbox.helpers import received

    sent = received(team, alice, "Paul Sender", minutes_ago=5)
    for number, actor in enumerate([alice, None, bob, alice, None]):
        RequestEvent.objects.create(
            connection_request=sent, actor=actor, action="note", data={"n": number}
        )
    prepared = PreparedRead(
        lambda pk: RequestEvent.objects.filter(connection_request_id=pk).select_related("actor")[:3]
    )
    expected = list(sent.events.select_related("actor")[:3])
    with CaptureQueriesContext(connection) as queries:
        read = prepared(sent.pk)
        actors = [event.actor for event in read]
    assert len(queries.captured_queries) == 1  # the actors came with the steps
    assert [_fields(event) for event in read] == [_fields(event) for event in expected]
    assert actors == [event.actor for event in expected] and None in actors
    assert [event.data for event in read] == [event.data for event in expected]


@pytest.mark.parametrize(
    "queryset",
    [
        lambda pk: ContactAlias.objects.filter(contact_id=pk).prefetch_related("contact"),
        lambda pk: ContactAlias.objects.filter(contact_id=pk).values("name"),
        lambda pk: ContactAlias.objects.filter(contact_id=pk, pk__gt=pk),
        lambda pk: ContactAlias.objects.all(),
        None,  # a related manager's queryset: its rows would not know their contact
    ],
    ids=["prefetch", "values", "value twice", "no value", "related manager"],
)
def test_what_it_cannot_read_as_the_orm_does_is_refused(anne, queryset):
    queryset = queryset or (lambda pk: anne.aliases.exclude(pk=pk))
    with pytest.raises(ValueError, match="not a read by one value"):
        PreparedRead(queryset)(anne.pk)


def test_a_lock_reloads_the_row_as_refresh_from_db_does(team, alice):
    """``ConnectionRequest.lock`` (``reload_from``): the values in the database now, the
    cached related objects dropped (the contact it pointed to may be another now), the
    prefetched lists forgotten; a request deleted meanwhile is not found."""
    from django.db import transaction

    from network.models import ConnectionRequest
    from tests.network.inbox.helpers import received

    anne = add(team, alice, given_name="Anne")
    sent = received(team, alice, "Paul Sender", minutes_ago=5)
    mine = ConnectionRequest.objects.select_related("owner").get(pk=sent.pk)
    list(mine.events.all())
    mine._prefetched_objects_cache = {"events": "stale"}
    ConnectionRequest.objects.filter(pk=sent.pk).update(state="asked", contact=anne)
    with transaction.atomic():
        mine.lock()
    expected = ConnectionRequest.objects.get(pk=sent.pk)
    assert _fields(mine) == _fields(expected)
    assert mine.state == "asked" and mine.contact_id == anne.pk
    assert not ConnectionRequest._meta.get_field("owner").is_cached(mine)
    assert mine._prefetched_objects_cache == {}
    assert mine.contact == anne
    ConnectionRequest.objects.filter(pk=sent.pk).delete()
    with pytest.raises(ConnectionRequest.DoesNotExist), transaction.atomic():
        mine.lock()


def test_an_id_past_what_an_integer_column_holds_is_no_row(team, login, alice, anne):
    """The ORM answers such a lookup with no row; SQLite would raise OverflowError."""
    from network.models import ConnectionRequest

    huge = 10**23
    assert PreparedRead(lambda pk: ConnectionRequest.objects.filter(pk=pk))(huge) == []
    assert PreparedRead(lambda pk: ConnectionRequest.objects.filter(pk=pk))(-huge) == []
    client = login(alice)
    assert client.get(f"/contacts/{huge}/").status_code == 404
    assert client.post(f"/inbox/{huge}/decline/").status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="SELECT ... FOR UPDATE: PostgreSQL"
)
def test_a_lock_outside_a_transaction_is_refused_every_time(team, alice):
    """As the ORM refuses a FOR UPDATE read in autocommit, when it builds it: the locking
    read is built once, so the refusal is checked at each lock."""
    from django.db import transaction

    from network.models import ConnectionRequest
    from tests.network.inbox.helpers import received

    sent = received(team, alice, "Paul Sender", minutes_ago=5)
    with transaction.atomic():
        sent.lock()  # compiles the locking read
    for _ in range(2):
        with pytest.raises(transaction.TransactionManagementError):
            sent.lock()
    assert ConnectionRequest.objects.get(pk=sent.pk).state == "new"


def test_a_deferred_field_stays_deferred_after_a_lock(team, alice):
    from django.db import transaction

    from network.models import ConnectionRequest
    from tests.network.inbox.helpers import received

    sent = received(team, alice, "Paul Sender", minutes_ago=5, message="Hello")
    partial = ConnectionRequest.objects.only("state", "team").get(pk=sent.pk)
    ConnectionRequest.objects.filter(pk=sent.pk).update(state="asked")
    with transaction.atomic():
        partial.lock()
    assert partial.state == "asked"
    assert "message" in partial.get_deferred_fields()


def test_a_tag_whose_category_is_gone_meanwhile_is_left_out(anne, monkeypatch):
    """The tags and the team's categories are two reads: a category deleted between them
    took its tags with it."""
    from network.contacts import selectors

    kept = list(Category.objects.filter(team=anne.team))
    gone = ContactTag.objects.filter(contact=anne).order_by("pk").first().category_id
    monkeypatch.setattr(
        selectors, "team_categories", lambda team_id: [c for c in kept if c.pk != gone]
    )
    tags = contact_page_rows(anne)[0]["tags"]
    assert [tag.category_id for tag in tags] != [] and gone not in {t.category_id for t in tags}


def _with_owner(contacts) -> list:
    return sorted(
        (_fields(contact), contact.owner and _fields(contact.owner)) for contact in contacts
    )


def test_a_listed_read_reads_several_values_as_the_orm_reads_them(team, alice, bob):
    """``many``: the rows of every value in one query, owners joined, as ``pk__in`` reads."""
    from network.models import Contact

    people = [add(team, alice, given_name=f"P{index}", owner=bob) for index in range(4)]
    people.append(add(team, alice, given_name="Nobody's"))  # no owner: a NULL join
    read = PreparedRead(
        lambda pks: Contact.objects.filter(pk__in=pks).select_related("owner"), listed=True
    )
    for wanted in ([people[0].pk], [person.pk for person in people], [people[4].pk, 10**9]):
        with CaptureQueriesContext(connection) as queries:
            found = read.many(wanted)
        expected = Contact.objects.filter(pk__in=wanted).select_related("owner")
        assert _with_owner(found) == _with_owner(expected)
        assert len(found) == len([pk for pk in wanted if pk != 10**9])
        assert len(queries.captured_queries) == 1


def test_a_listed_read_of_no_value_or_only_values_past_an_integer_asks_nothing(team, alice):
    from network.models import Contact

    read = PreparedRead(lambda pks: Contact.objects.filter(pk__in=pks), listed=True)
    with CaptureQueriesContext(connection) as queries:
        assert read.many([]) == []
        assert read.many([10**30]) == []
    assert queries.captured_queries == []


def test_listed_and_single_reads_are_not_mixed_up(team, alice):
    from network.models import Contact

    listed = PreparedRead(lambda pks: Contact.objects.filter(pk__in=pks), listed=True)
    single = PreparedRead(lambda pk: Contact.objects.filter(pk=pk))
    with pytest.raises(TypeError):
        listed(1)
    with pytest.raises(TypeError):
        single.many([1])


def test_a_listed_read_with_a_literal_percent_sign_is_refused(team, alice):
    """Its placeholder is found by counting "%s": a literal "%" (here the one a "starts
    with" another column writes in the SQL) could be miscounted."""
    from django.db.models import F

    from network.models import Contact

    read = PreparedRead(
        lambda pks: Contact.objects.filter(pk__in=pks, given_name__startswith=F("family_name")),
        listed=True,
    )
    with pytest.raises(ValueError, match="not a read by one value"):
        read.many([1])


def test_reads_together_give_what_each_read_gives(anne, team, alice):
    """Every list attached to Anne, read together, is what each read gives alone (fields,
    order, the contact set on each row), in the order asked; on PostgreSQL in one query."""
    reads = [
        PreparedRead(lambda pk, model=model: model.objects.filter(contact_id=pk), back="contact")
        for model in MODELS
    ]
    alone = [read.of(anne) for read in reads]
    with CaptureQueriesContext(connection) as queries:
        together = read_together(reads, anne)
        owners = {row.contact for rows in together for row in rows}
    assert len(queries.captured_queries) == (1 if TOGETHER else len(reads))
    assert [[_fields(row) for row in rows] for rows in together] == [
        [_fields(row) for row in rows] for rows in alone
    ]
    assert all(rows for rows in together) and owners == {anne}
    # Another contact's reads, and one with nothing attached, are not mixed up with Anne's.
    other = add(team, alice, given_name="Other", family_name="Alone")
    assert read_together(reads, other) == [[] for _ in reads]


def test_a_key_no_column_holds_reads_nothing_and_asks_nothing(anne):
    from network.models import Contact

    reads = [
        PreparedRead(lambda pk: ContactAlias.objects.filter(contact_id=pk), back="contact"),
        PreparedRead(lambda pk: ContactEmail.objects.filter(contact_id=pk), back="contact"),
    ]
    huge = Contact(pk=2**70)
    with CaptureQueriesContext(connection) as queries:
        assert read_together(reads, huge) == [[], []]
    assert not queries.captured_queries


def test_a_read_asked_twice_gives_its_rows_twice(anne):
    read = PreparedRead(lambda pk: ContactAlias.objects.filter(contact_id=pk), back="contact")
    first, second = read_together([read, read], anne)
    names = ["Anne Old", "Nan"]
    assert [alias.name for alias in first] == [alias.name for alias in second] == names


def test_a_listed_read_is_not_read_together(anne):
    listed = PreparedRead(lambda pks: ContactAlias.objects.filter(contact_id__in=pks), listed=True)
    with pytest.raises(TypeError):
        read_together([listed], anne)
