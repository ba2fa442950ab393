"""The detail pane's suggestions and the accept form's how-we-met checkboxes as
``network.inbox.suggestions`` writes them: names, companies, reasons and categories escaped;
an "it's them" form for a member who can write, never for the contact already linked nor on
a decided request; the new-name checkbox when the name differs, ticked when it looks like a
change of name; the link keeps the list's filters."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.inbox.services import connection_request_decide, connection_request_link
from network.models import Category
from tests.network.inbox.helpers import received

pytestmark = pytest.mark.django_db


def _suggestions(html: str) -> list[str]:
    """Each suggestion's ``<li>`` in the pane."""
    pane = html.split("Who might this be?")[1].split("</ul>")[0]
    return re.findall(r'<li class="list-group-item d-flex.*?</li>', pane, re.S)


@pytest.fixture
def married(team, alice):
    """Hélène Durand of <Acme> & Co, who now signs "Hélène <b>Martin</b>" (HTML in both)."""
    contact = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Hélène", "family_name": "Durand", "company": "<Acme> & Co"},
    )
    sent = received(
        team, alice, "Hélène <b>Martin</b>", minutes_ago=1, headline="Buyer at <Acme> & Co"
    )
    return contact, sent


def test_a_suggestion_is_escaped_and_offers_the_new_name(married, login, alice):
    contact, sent = married
    query = {"r": sent.pk, "state": "open", "q": "a&b"}
    html = login(alice).get(reverse("inbox"), query).content.decode()
    (item,) = _suggestions(html)
    assert f'<a href="{reverse("contact_detail", args=[contact.pk])}">Hélène Durand</a>' in item
    assert "· &lt;Acme&gt; &amp; Co</span>" in item
    assert "same company (&lt;Acme&gt; &amp; Co)" in item
    action = f"{reverse('request_link', args=[sent.pk])}?state=open&amp;q=a%26b"
    assert f'<form method="post" action="{action}"' in item
    assert 'name="csrfmiddlewaretoken"' in item
    assert f'<input type="hidden" name="contact" value="{contact.pk}">' in item
    assert f'id="new-name-{contact.pk}" checked>' in item  # a new family name: ticked
    assert "“Hélène &lt;b&gt;Martin&lt;/b&gt;” is their name now (Hélène Durand becomes" in item


def test_no_form_for_a_reader_nor_for_the_contact_already_linked(married, login, alice, carol):
    contact, sent = married
    url = f"{reverse('inbox')}?r={sent.pk}"
    html = login(carol).get(url).content.decode()
    (item,) = _suggestions(html)
    assert "Hélène Durand" in item and "<form" not in item
    connection_request_link(connection_request=sent, actor=alice, contact=contact)
    html = login(alice).get(url).content.decode()
    (item,) = _suggestions(html)
    assert "linked to this request" in item and "<form" not in item


def test_a_decided_request_offers_no_link(married, login, alice):
    contact, sent = married
    connection_request_decide(connection_request=sent, action="decline", actor=alice)
    html = login(alice).get(reverse("inbox"), {"r": sent.pk}).content.decode()
    (item,) = _suggestions(html)
    assert "Hélène Durand" in item and "<form" not in item


def test_a_certain_suggestion_wears_its_level(matches, login, alice):
    html = login(alice).get(reverse("inbox"), {"r": matches.by_profile.pk}).content.decode()
    first = _suggestions(html)[0]
    assert 'class="badge text-bg-success" title="Confidence"' in first
    assert matches.helene.name in first


def test_a_name_alike_has_no_new_name_checkbox(team, login, alice):
    contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Paul", "family_name": "Kerjean", "company": "Acme"},
    )
    sent = received(team, alice, "PAUL KERJEAN", minutes_ago=1, headline="CEO at Acme")
    html = login(alice).get(reverse("inbox"), {"r": sent.pk}).content.decode()
    (item,) = _suggestions(html)
    assert "It's them" in item and "new-name-" not in item


def test_the_categories_to_tick_on_accepting_are_escaped(team, login, alice):
    club = Category.objects.create(team=team, name='Club <i>&</i> "co"')
    sent = received(team, alice, "Somebody Unknown", minutes_ago=1)
    html = login(alice).get(reverse("inbox"), {"r": sent.pk}).content.decode()
    fieldset = html.split('id="accept-form"')[1].split("</fieldset>")[0]
    assert (
        f'<input class="form-check-input" type="checkbox" name="categories" '
        f'value="{club.pk}" id="cat-{club.pk}">'
    ) in fieldset
    assert (
        f'<label class="form-check-label" for="cat-{club.pk}">'
        "Club &lt;i&gt;&amp;&lt;/i&gt; &quot;co&quot;</label>"
    ) in fieldset
    assert fieldset.count('name="categories"') == Category.objects.filter(team=team).count()
