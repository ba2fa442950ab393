"""A contact's page reads the contact, its history and whom it introduced with SQL compiled
once (``selectors.contact_in_team``, ``contact_page_rows``): another team's contact is not
found, the history is the last 50 changes with who made them, at most 20 introduced are
listed, the page's lists travel in one round trip on PostgreSQL, and the page's queries do
not grow with any of them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.contacts.selectors import contact_in_team, contact_page_rows
from network.models import Contact, ContactChange
from tests.network.contacts.helpers import add

pytestmark = pytest.mark.django_db


def test_only_the_teams_contact_is_found(team, alice, mallory):
    from accounts.models import Team

    anne = add(team, alice, given_name="Anne", owner=alice)
    theirs = Team.objects.get(memberships__user=mallory)
    assert contact_in_team(team.pk, anne.pk) == anne
    assert contact_in_team(team.pk, anne.pk).owner == alice
    assert contact_in_team(theirs.pk, anne.pk) is None
    assert contact_in_team(team.pk, anne.pk + 1000) is None


def test_the_last_fifty_changes_and_twenty_introduced(team, alice):
    anne = add(team, alice, given_name="Anne")
    for number in range(55):
        anne.record("note", alice if number % 2 else None, number=number)
    for number in range(22):
        Contact.objects.filter(pk=add(team, alice, given_name=f"Friend{number}").pk).update(
            met_through=anne
        )
    with CaptureQueriesContext(connection) as queries:
        _attached, history, introduced = contact_page_rows(anne)
        actors = {change.actor for change in history}
        contacts = {change.contact for change in history}
    # Eight reads (six lists attached, the history, the introduced): sent together where
    # PostgreSQL takes them so, one by one on SQLite.
    assert len(queries.captured_queries) == (1 if connection.vendor == "postgresql" else 8)
    expected = list(ContactChange.objects.filter(contact=anne)[:50])
    assert [change.pk for change in history] == [change.pk for change in expected]
    assert actors == {alice, None} and contacts == {anne}
    assert [other.pk for other in introduced] == [other.pk for other in anne.introduced.all()[:20]]
    assert len(introduced) == 20


def test_the_page_reads_as_many_queries_however_long_its_history(team, login, alice):
    few, many = add(team, alice, given_name="Few"), add(team, alice, given_name="Many")
    for number in range(30):
        many.record("note", alice, number=number)
    client = login(alice)
    client.get(few.get_absolute_url())
    counted = []
    for contact in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(contact.get_absolute_url()).status_code == 200
        counted.append(len(queries.captured_queries))
    assert counted[0] == counted[1]


def test_the_tag_forms_select_shows_the_categories_the_page_read(team, alice, mallory):
    """Given the team's categories the page read, the select writes the same options as
    its own query would, with no query; what is posted is still checked against the team's
    categories (another team's is refused)."""
    from accounts.models import Team
    from network.categories.selectors import team_categories
    from network.contacts.forms import TagForm
    from network.models import Category

    Category.objects.create(team=team, name="Salon <2026>")
    categories = team_categories(team.pk)
    queried = str(TagForm(team=team)["category"])
    listed = TagForm(team=team, categories=categories)
    with CaptureQueriesContext(connection) as queries:
        html = str(listed["category"])
    assert not queries.captured_queries
    assert html == queried
    assert "Salon &lt;2026&gt;" in html
    theirs = Category.objects.filter(team=Team.objects.get(memberships__user=mallory)).first()
    posted = TagForm({"category": theirs.pk}, team=team, categories=categories)
    assert not posted.is_valid() and "category" in posted.errors
    ours = TagForm({"category": categories[0].pk}, team=team, categories=categories)
    assert ours.is_valid(), ours.errors
