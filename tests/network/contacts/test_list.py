"""The address-book pages, tried by the whole cast.

alice (owner) and bob (member) write; carol (read-only) reads everything and is refused every
change with a 403; mallory (another team) gets a 404 on every object of alice's team, with or
without htmx, and never sees one of its contacts; anonymous visitors are sent to log in.
Inline changes on a contact's page answer the ``#contact-body`` fragment to htmx, with the
toast in ``HX-Trigger``, and a redirect to the page otherwise.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.contacts.services import contact_create
from network.models import (
    Category,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
    PastPosition,
)

pytestmark = pytest.mark.django_db

WRITERS = ["alice", "bob"]
HTMX = {"HX-Request": "true", "HX-Target": "contact-body"}
CONTACT_BODY = '<div id="contact-body"'


def add(team, actor=None, **fields) -> Contact:
    fields.setdefault("given_name", "Someone")
    return contact_create(team=team, actor=actor, data=fields)


def add_profile(contact, network="linkedin", handle=None, access="none") -> NetworkProfile:
    handle = handle or f"{contact.given_name}-{contact.pk}".lower()
    profile = NetworkProfile.objects.create(
        team=contact.team,
        contact=contact,
        network=network,
        handle=handle,
        url=f"https://www.linkedin.com/in/{handle}",
        access=access,
    )
    contact.reindex()
    return profile


def category(team, key: str) -> Category:
    return Category.objects.get(team=team, key=key)


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


def snapshot(team) -> dict:
    """Everything of the team's address book that a refused request must leave alone."""
    return {
        "contacts": list(
            Contact.objects.filter(team=team)
            .order_by("pk")
            .values_list(
                "pk",
                "given_name",
                "family_name",
                "company",
                "city",
                "owner_id",
                "met_through_id",
                "archived_at",
            )
        ),
        "versions": list(Contact.objects.filter(team=team).values_list("version", flat=True)),
        "tags": list(
            ContactTag.objects.filter(contact__team=team).values_list(
                "pk", "contact_id", "category_id", "detail"
            )
        ),
        "aliases": list(
            ContactAlias.objects.filter(contact__team=team).values_list("pk", "contact_id", "name")
        ),
        "profiles": list(
            NetworkProfile.objects.filter(contact__team=team).values_list(
                "pk", "contact_id", "handle", "access"
            )
        ),
        "emails": list(
            ContactEmail.objects.filter(contact__team=team).values_list("pk", "contact_id", "email")
        ),
        "phones": list(
            ContactPhone.objects.filter(contact__team=team).values_list(
                "pk", "contact_id", "number"
            )
        ),
        "history": ContactChange.objects.filter(contact__team=team).count(),
    }


def toasts(response) -> list[dict]:
    return json.loads(response.headers.get("HX-Trigger", "{}")).get("messages", [])


def form_data(contact: Contact | None = None, **changes) -> dict:
    """What the contact form posts: every field, filled from ``contact`` when given."""
    text_fields = ("given_name", "family_name", "display_name", "company", "position", "city")
    data = dict.fromkeys(text_fields, "")
    data.update(owner="", notes="", languages=[])
    if contact is not None:
        contact.refresh_from_db()
        for field in ("given_name", "family_name", "display_name", "company", "position"):
            data[field] = getattr(contact, field)
        data.update(
            city=contact.city,
            notes=contact.notes,
            languages=contact.languages,
            owner=contact.owner_id or "",
            version=contact.version,
        )
    data.update(changes)
    return data


# Every route of the address book, with what it acts on.

OBJECT_ROUTES = {
    "contact_detail": lambda b: [b.contact.pk],
    "contact_edit": lambda b: [b.contact.pk],
    "contact_archive": lambda b: [b.contact.pk],
    "contact_tag": lambda b: [b.contact.pk],
    "alias_add": lambda b: [b.contact.pk],
    "profile_add": lambda b: [b.contact.pk],
    "email_add": lambda b: [b.contact.pk],
    "phone_add": lambda b: [b.contact.pk],
    "contact_met_through": lambda b: [b.contact.pk],
    "contact_merge": lambda b: [b.contact.pk, b.other.pk],
    "contact_untag": lambda b: [b.tag.pk],
    "alias_remove": lambda b: [b.alias.pk],
    "profile_access": lambda b: [b.profile.pk],
    "profile_remove": lambda b: [b.profile.pk],
    "email_remove": lambda b: [b.email.pk],
    "phone_remove": lambda b: [b.phone.pk],
}
WRITE_ROUTES = sorted(set(OBJECT_ROUTES) - {"contact_detail"})
TEAM_ROUTES = {
    "contact_list": lambda b: [],
    "contact_create": lambda b: [],
    "contacts_bulk": lambda b: [],
    "contact_lookup": lambda b: [],
}


def url_of(route: str, book) -> str:
    return reverse(route, args={**OBJECT_ROUTES, **TEAM_ROUTES}[route](book))


def payload(book) -> dict:
    """Valid-looking values for every route, so a refusal is never a form error."""
    return {
        "given_name": "Taken",
        "family_name": "Over",
        "version": book.contact.version,
        "category": book.kids.pk,
        "detail": "taken over",
        "name": "Taken Over",
        "kind": "other",
        "address": "https://www.linkedin.com/in/taken-over",
        "access": "full",
        "email": "taken@example.org",
        "label": "work",
        "number": "+33 6 98 76 54 32",
        "company": "loser",
        "city": "loser",
        "through": book.other.pk,
        "action": "archive",
        "contacts": [book.contact.pk, book.other.pk],
    }


def test_every_address_book_route_is_tried_by_the_cast():
    from network import urls

    # Categories, the inbox and "Who is this?" have their own test modules.
    contact_routes = {
        pattern.name
        for pattern in urls.urlpatterns
        if not pattern.name.startswith(("category_", "request", "inbox", "whois"))
    }
    assert contact_routes == set(OBJECT_ROUTES) | set(TEAM_ROUTES)


# mallory: another team


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_outsider_gets_404_on_every_object_and_nothing_changes(
    route, htmx, book, team, login, mallory
):
    url = url_of(route, book)
    headers = HTMX if htmx else {}
    before = snapshot(team)
    client = login(mallory)
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, payload(book), headers=headers).status_code == 404
    assert snapshot(team) == before


def test_outsider_list_shows_none_of_the_other_team(book, login, mallory):
    for state in ("active", "archived", "all"):
        html = login(mallory).get(reverse("contact_list"), {"state": state}).content.decode()
        assert "Hélène" not in html
        assert "Marie Martin" not in html
        assert reverse("contact_detail", args=[book.contact.pk]) not in html
    html = login(mallory).get(reverse("contact_list")).content.decode()
    assert "Your address book is empty." in html


def test_outsider_filter_by_the_other_team_category_shows_nothing(book, login, mallory):
    response = login(mallory).get(reverse("contact_list"), {"category": book.school.pk})
    assert "Hélène" not in response.content.decode()


def test_outsider_lookup_finds_none_of_the_other_team(book, login, mallory):
    html = login(mallory).get(reverse("contact_lookup"), {"q": "durand"}).content.decode()
    assert "Hélène" not in html
    assert "Nobody matches" in html


def test_outsider_bulk_action_on_the_other_team_contacts_changes_nothing(
    book, team, login, mallory
):
    before = snapshot(team)
    response = login(mallory).post(reverse("contacts_bulk"), payload(book), follow=True)
    assert "One of the selected contacts is not in this team." in response.content.decode()
    assert snapshot(team) == before


# carol: read-only member


@pytest.mark.parametrize("route", WRITE_ROUTES)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_read_only_member_gets_403_on_every_write(route, htmx, book, team, login, carol):
    url = url_of(route, book)
    headers = HTMX if htmx else {}
    before = snapshot(team)
    client = login(carol)
    assert client.get(url, headers=headers).status_code == 403
    assert client.post(url, payload(book), headers=headers).status_code == 403
    assert snapshot(team) == before


def test_read_only_member_cannot_create_a_contact(book, team, login, carol):
    before = snapshot(team)
    client = login(carol)
    assert client.get(reverse("contact_create")).status_code == 403
    assert client.post(reverse("contact_create"), payload(book)).status_code == 403
    assert snapshot(team) == before


def test_read_only_member_cannot_apply_a_bulk_action(book, team, login, carol):
    before = snapshot(team)
    assert login(carol).post(reverse("contacts_bulk"), payload(book)).status_code == 403
    assert snapshot(team) == before


@pytest.mark.parametrize("route", ["contact_list", "contact_detail"])
def test_read_only_member_reads_the_list_and_the_contact(route, book, login, carol):
    response = login(carol).get(url_of(route, book))
    assert response.status_code == 200
    assert "Hélène Durand" in response.content.decode()


def test_read_only_member_uses_the_lookup(book, login, carol):
    response = login(carol).get(reverse("contact_lookup"), {"q": "helene"})
    assert response.status_code == 200
    assert "Hélène Durand" in response.content.decode()


def test_read_only_member_sees_no_write_controls(book, login, carol):
    client = login(carol)
    detail = client.get(url_of("contact_detail", book)).content.decode()
    assert "hx-post" not in detail
    assert "hx-boost" not in detail  # forms that change the contact are boosted to htmx
    assert reverse("contact_edit", args=[book.contact.pk]) not in detail
    assert "Full access" not in detail  # the access picker
    listing = client.get(reverse("contact_list")).content.decode()
    assert 'id="bulk-form"' not in listing
    assert reverse("contact_create") not in listing


# Anonymous visitors


@pytest.mark.parametrize("route", sorted({**OBJECT_ROUTES, **TEAM_ROUTES}))
def test_anonymous_is_sent_to_login(route, book, team, client):
    url = url_of(route, book)
    before = snapshot(team)
    for response in (client.get(url), client.post(url, payload(book))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert snapshot(team) == before


# Writers: creating and editing


@pytest.mark.parametrize("who", WRITERS)
def test_writer_creates_a_contact_and_lands_on_its_page(request, who, team, login):
    user = request.getfixturevalue(who)
    client = login(user)
    assert client.get(reverse("contact_create")).status_code == 200
    response = client.post(
        reverse("contact_create"),
        form_data(
            given_name="Léa",
            family_name="Roux",
            company="Acme",
            languages=["fr", "en"],
            owner=user.pk,
        ),
    )
    contact = Contact.objects.get(team=team)
    assert response.status_code == 302
    assert response["Location"] == reverse("contact_detail", args=[contact.pk])
    assert (contact.name, contact.company, contact.languages) == ("Léa Roux", "Acme", ["fr", "en"])
    assert (contact.owner, contact.created_by) == (user, user)
    assert contact.changes.get().action == ContactChange.Action.CREATED
    page = client.get(response["Location"]).content.decode()
    assert "Léa Roux added." in page
    assert "French, English" in page


def test_a_contact_needs_a_name(team, login, alice):
    response = login(alice).post(reverse("contact_create"), form_data(company="Acme"))
    assert "Give at least a given name, a family name or a display name." in (
        response.content.decode()
    )
    assert not Contact.objects.exists()


def test_the_relationship_owner_must_be_in_the_team(team, login, alice, mallory):
    response = login(alice).post(
        reverse("contact_create"), form_data(given_name="Léa", owner=mallory.pk)
    )
    assert "Select a valid choice." in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_edits_a_contact_and_the_history_names_the_fields(request, who, book, login):
    user = request.getfixturevalue(who)
    contact = book.contact
    url = reverse("contact_edit", args=[contact.pk])
    client = login(user)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(contact, city="Nice", notes="Loves jazz."))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.city, contact.notes, contact.version) == ("Nice", "Loves jazz.", 2)
    change = contact.changes.filter(action=ContactChange.Action.EDITED).get()
    assert change.actor == user
    assert sorted(change.data["fields"]) == ["city", "notes"]
    assert "Changes saved." in client.get(response["Location"]).content.decode()


def test_saving_an_unchanged_form_records_nothing(book, login, alice):
    contact = book.contact
    before = contact.changes.count()
    login(alice).post(reverse("contact_edit", args=[contact.pk]), form_data(contact))
    contact.refresh_from_db()
    assert contact.version == 1
    assert contact.changes.count() == before


def test_changing_company_keeps_the_old_one_as_a_past_position(book, login, alice):
    contact = book.contact
    client = login(alice)
    client.post(
        reverse("contact_edit", args=[contact.pk]),
        form_data(contact, company="Globex", position="CTO"),
    )
    contact.refresh_from_db()
    assert (contact.company, contact.position) == ("Globex", "CTO")
    past = contact.past_positions.get()
    assert (past.company, past.position, past.until) == ("Acme", "Engineer", timezone.localdate())
    page = client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "Engineer · Acme" in page
    assert "CTO · Globex" in page


def test_changing_only_the_city_keeps_no_past_position(book, login, alice):
    contact = book.contact
    login(alice).post(reverse("contact_edit", args=[contact.pk]), form_data(contact, city="Nice"))
    assert not PastPosition.objects.exists()


def version_in(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def test_a_stale_edit_is_refused_with_409_and_saves_nothing(book, alice, bob):
    contact = book.contact
    url = reverse("contact_edit", args=[contact.pk])
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(bob)
    opened_first, opened_second = version_in(first.get(url)), version_in(second.get(url))
    assert opened_first == opened_second == "1"

    saved = first.post(url, form_data(contact, city="Nice", version=opened_first))
    assert saved.status_code == 302

    refused = second.post(
        url, form_data(contact, company="Globex", notes="Bob's note", version=opened_second)
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Someone else saved this contact" in html
    assert "Nice" in html  # their version, shown beside his
    assert 'value="Globex"' in html  # his input is kept in the form
    contact.refresh_from_db()
    assert (contact.city, contact.company, contact.notes, contact.version) == (
        "Nice",
        "Acme",
        "",
        2,
    )
    assert not contact.past_positions.exists()

    assert version_in(refused) == "2"
    again = second.post(url, form_data(contact, company="Globex", version=version_in(refused)))
    assert again.status_code == 302
    contact.refresh_from_db()
    assert (contact.city, contact.company, contact.version) == ("Nice", "Globex", 3)


# Writers: inline changes on the contact page

INLINE = {
    "tag": ("contact_tag", lambda b: [b.contact.pk], lambda b: {"category": b.kids.pk}),
    "untag": ("contact_untag", lambda b: [b.tag.pk], lambda b: {}),
    "alias_add": (
        "alias_add",
        lambda b: [b.contact.pk],
        lambda b: {"name": "Léna", "kind": "nickname"},
    ),
    "alias_remove": ("alias_remove", lambda b: [b.alias.pk], lambda b: {}),
    "profile_add": (
        "profile_add",
        lambda b: [b.contact.pk],
        lambda b: {"address": "https://www.instagram.com/helene_d/", "access": "full"},
    ),
    "profile_access": (
        "profile_access",
        lambda b: [b.profile.pk],
        lambda b: {"access": "restricted"},
    ),
    "profile_remove": ("profile_remove", lambda b: [b.profile.pk], lambda b: {}),
    "email_add": (
        "email_add",
        lambda b: [b.contact.pk],
        lambda b: {"email": "helene@home.example", "label": "personal"},
    ),
    "email_remove": ("email_remove", lambda b: [b.email.pk], lambda b: {}),
    "phone_add": (
        "phone_add",
        lambda b: [b.contact.pk],
        lambda b: {"number": "07 81 22 33 44", "label": "mobile"},
    ),
    "phone_remove": ("phone_remove", lambda b: [b.phone.pk], lambda b: {}),
    "archive": ("contact_archive", lambda b: [b.contact.pk], lambda b: {}),
    "met_through": (
        "contact_met_through",
        lambda b: [b.contact.pk],
        lambda b: {"through": b.other.pk},
    ),
    "met_through_clear": ("contact_met_through", lambda b: [b.other.pk], lambda b: {"through": ""}),
}


def changed_contact(action: str, book) -> Contact:
    return book.other if action == "met_through_clear" else book.contact


def post_inline(client, action: str, book, headers=None):
    route, args, data = INLINE[action]
    return client.post(reverse(route, args=args(book)), data(book), headers=headers or {})


@pytest.mark.parametrize("who", WRITERS)
@pytest.mark.parametrize("action", sorted(INLINE))
def test_htmx_inline_change_answers_the_contact_body(request, who, action, book, team, login):
    before = snapshot(team)
    response = post_inline(login(request.getfixturevalue(who)), action, book, HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(CONTACT_BODY)
    assert "<html" not in response.content.decode()
    assert snapshot(team) != before


@pytest.mark.parametrize("action", sorted(INLINE))
def test_htmx_inline_change_sends_a_toast(action, book, login, alice):
    response = post_inline(login(alice), action, book, HTMX)
    assert response.status_code == 200
    assert [toast["level"] for toast in toasts(response)] == ["success"]


@pytest.mark.parametrize("action", sorted(INLINE))
def test_inline_change_without_htmx_redirects_to_the_contact(action, book, team, login, bob):
    before = snapshot(team)
    response = post_inline(login(bob), action, book)
    assert response.status_code == 302
    assert response["Location"] == changed_contact(action, book).get_absolute_url()
    assert snapshot(team) != before


@pytest.mark.parametrize("action", sorted(INLINE))
def test_inline_routes_refuse_get_with_405(action, book, team, login, alice):
    route, args, _data = INLINE[action]
    before = snapshot(team)
    assert login(alice).get(reverse(route, args=args(book))).status_code == 405
    assert snapshot(team) == before


@pytest.mark.parametrize("who", WRITERS)
def test_writer_tags_with_a_detail_and_a_date(request, who, book, login):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("contact_tag", args=[book.contact.pk]),
        {"category": book.kids.pk, "detail": "Léa's class", "met_on": "2019-09-02"},
        headers=HTMX,
    )
    tag = book.contact.tags.get(category=book.kids)
    assert (tag.detail, tag.met_on) == ("Léa's class", date(2019, 9, 2))
    change = book.contact.changes.filter(action="tagged").first()
    assert (change.actor, change.data) == (user, {"category": "Kids"})
    assert "Kids · Léa&#x27;s class · 2019" in response.content.decode()


def test_tagging_with_another_team_category_is_refused(book, login, alice, mallory):
    theirs = category(mallory.last_team, "kids")
    response = login(alice).post(
        reverse("contact_tag", args=[book.contact.pk]), {"category": theirs.pk}, headers=HTMX
    )
    assert response.status_code == 422
    assert not ContactTag.objects.filter(category=theirs).exists()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_removes_a_tag_and_it_is_recorded(request, who, book, login):
    user = request.getfixturevalue(who)
    response = post_inline(login(user), "untag", book, HTMX)
    assert not book.contact.tags.exists()
    assert book.contact.changes.filter(action="untagged", actor=user).exists()
    assert "School · Lycée Hoche" not in response.content.decode()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_adds_a_former_name_with_dates(request, who, book, login):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("alias_add", args=[book.contact.pk]),
        {"name": "  Hélène Morel ", "kind": "previous_married", "started_on": "2005-06-01"},
        headers=HTMX,
    )
    alias = book.contact.aliases.get(name="Hélène Morel")
    assert (alias.kind, alias.started_on) == ("previous_married", date(2005, 6, 1))
    assert book.contact.changes.filter(action="alias_added", actor=user).exists()
    assert "Hélène Morel" in response.content.decode()
    assert list(Contact.objects.search("morel")) == [book.contact]


@pytest.mark.parametrize("who", WRITERS)
def test_writer_removes_a_former_name_and_search_forgets_it(request, who, book, login):
    user = request.getfixturevalue(who)
    assert list(Contact.objects.search("petit")) == [book.contact]
    post_inline(login(user), "alias_remove", book, HTMX)
    assert not book.contact.aliases.exists()
    assert book.contact.changes.filter(action="alias_removed", actor=user).exists()
    assert not Contact.objects.search("petit").exists()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_adds_a_profile_stored_in_canonical_form(request, who, book, login):
    user = request.getfixturevalue(who)
    response = login(user).post(
        reverse("profile_add", args=[book.contact.pk]),
        {"address": "https://fr.linkedin.com/in/Helene-Durand-42/?trk=nav", "access": "full"},
        headers=HTMX,
    )
    profile = book.contact.profiles.get(handle="helene-durand-42")
    assert (profile.network, profile.url, profile.access) == (
        "linkedin",
        "https://www.linkedin.com/in/helene-durand-42",
        "full",
    )
    assert profile.team == book.contact.team
    assert book.contact.changes.filter(action="profile_added", actor=user).exists()
    assert "https://www.linkedin.com/in/helene-durand-42" in response.content.decode()


def test_a_handle_with_its_network_is_accepted(book, login, alice):
    login(alice).post(
        reverse("profile_add", args=[book.contact.pk]),
        {"address": "@Helene_D", "network": "x", "access": "none"},
    )
    assert book.contact.profiles.filter(network="x", handle="helene_d").exists()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_changes_the_access_granted(request, who, book, login):
    user = request.getfixturevalue(who)
    post_inline(login(user), "profile_access", book, HTMX)
    book.profile.refresh_from_db()
    assert book.profile.access == "restricted"
    change = book.contact.changes.get(action="access_changed")
    assert change.actor == user
    assert change.data["value"] == "LinkedIn: Limited: restricted list"


def test_an_unknown_access_level_is_refused(book, login, alice):
    response = login(alice).post(
        reverse("profile_access", args=[book.profile.pk]), {"access": "everyone"}, headers=HTMX
    )
    book.profile.refresh_from_db()
    assert book.profile.access == "none"
    assert [toast["level"] for toast in toasts(response)] == ["error"]


@pytest.mark.parametrize("who", WRITERS)
def test_writer_removes_a_profile(request, who, book, login):
    user = request.getfixturevalue(who)
    post_inline(login(user), "profile_remove", book, HTMX)
    assert not NetworkProfile.objects.exists()
    assert book.contact.changes.filter(action="profile_removed", actor=user).exists()
    assert not Contact.objects.search("4a7b").exists()


@pytest.mark.parametrize("who", WRITERS)
def test_writer_adds_and_removes_an_email(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    response = post_inline(client, "email_add", book, HTMX)
    assert book.contact.emails.filter(email="helene@home.example", label="personal").exists()
    assert "helene@home.example" in response.content.decode()
    assert list(Contact.objects.search("home.example")) == [book.contact]
    post_inline(client, "email_remove", book, HTMX)
    assert not book.contact.emails.filter(pk=book.email.pk).exists()
    assert not Contact.objects.search("helene@acme").exists()
    actions = set(book.contact.changes.filter(actor=user).values_list("action", flat=True))
    assert {"email_added", "email_removed"} <= actions


@pytest.mark.parametrize("who", WRITERS)
def test_writer_adds_and_removes_a_phone(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    response = post_inline(client, "phone_add", book, HTMX)
    assert book.contact.phones.filter(number="+33781223344").exists()
    assert "+33781223344" in response.content.decode()
    post_inline(client, "phone_remove", book, HTMX)
    assert list(book.contact.phones.values_list("number", flat=True)) == ["+33781223344"]
    actions = set(book.contact.changes.filter(actor=user).values_list("action", flat=True))
    assert {"phone_added", "phone_removed"} <= actions


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-0132", "+14155550132"),
    ],
)
def test_phone_numbers_are_stored_in_e164(typed, stored, team, login, alice):
    contact = add(team, alice, given_name="Léa")
    login(alice).post(reverse("phone_add", args=[contact.pk]), {"number": typed, "label": "work"})
    assert list(contact.phones.values_list("number", flat=True)) == [stored]


def test_a_valid_number_typed_with_more_than_20_characters_is_accepted(team, login, alice):
    contact = add(team, alice, given_name="Léa")
    response = login(alice).post(
        reverse("phone_add", args=[contact.pk]),
        {"number": "+33 (0) 6 12 34 56 78", "label": "work"},
    )
    assert response.status_code == 302
    assert list(contact.phones.values_list("number", flat=True)) == ["+33612345678"]


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


@pytest.mark.parametrize("who", WRITERS)
def test_writer_records_who_introduced_a_contact(request, who, book, login):
    user = request.getfixturevalue(who)
    response = post_inline(login(user), "met_through", book, HTMX)
    book.contact.refresh_from_db()
    assert book.contact.met_through == book.other
    assert toasts(response)[0]["message"] == "Met through Marie Martin."
    change = book.contact.changes.get(action="edited")
    assert (change.actor, change.data["fields"]) == (user, ["met_through"])
    assert reverse("contact_detail", args=[book.other.pk]) in response.content.decode()


def test_writer_forgets_who_introduced_a_contact(book, login, alice):
    post_inline(login(alice), "met_through_clear", book, HTMX)
    book.other.refresh_from_db()
    assert book.other.met_through is None


def test_a_contact_cannot_introduce_themselves(book, team, login, alice):
    before = snapshot(team)
    response = login(alice).post(
        reverse("contact_met_through", args=[book.contact.pk]),
        {"through": book.contact.pk},
        headers=HTMX,
    )
    assert toasts(response) == [
        {"message": "A contact cannot introduce themselves.", "level": "error"}
    ]
    assert snapshot(team) == before


def test_introducer_from_another_team_is_404(book, team, login, alice, mallory):
    theirs = add(mallory.last_team, mallory, given_name="Zoé")
    before = snapshot(team)
    response = login(alice).post(
        reverse("contact_met_through", args=[book.contact.pk]), {"through": theirs.pk}
    )
    assert response.status_code == 404
    assert snapshot(team) == before


def test_the_introducer_picker_lists_forms_that_set_it(book, login, alice):
    html = (
        login(alice)
        .get(
            reverse("contact_lookup"),
            {"q": "martin", "exclude": book.contact.pk, "introduce": book.contact.pk},
        )
        .content.decode()
    )
    action = reverse("contact_met_through", args=[book.contact.pk])
    assert f'action="{action}" hx-boost="true"' in html  # posted through htmx
    assert f'name="through" value="{book.other.pk}"' in html


# Bad input on the contact page


def test_profile_of_another_contact_is_refused_with_a_link_to_it(book, login, alice):
    other = book.other
    response = login(alice).post(
        reverse("profile_add", args=[other.pk]),
        {"address": "https://fr.linkedin.com/in/HDurand-4A7B?trk=abc", "access": "none"},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith(CONTACT_BODY)
    assert "This profile already belongs to Hélène Durand." in html
    assert f'href="{reverse("contact_detail", args=[book.contact.pk])}"' in html
    assert reverse("contact_merge", args=[other.pk, book.contact.pk]) in html
    assert not other.profiles.exists()
    assert NetworkProfile.objects.count() == 1


def test_profile_already_on_this_contact_is_refused(book, login, alice):
    response = login(alice).post(
        reverse("profile_add", args=[book.contact.pk]),
        {"address": "linkedin.com/in/hdurand-4a7b/", "access": "full"},
    )
    assert response.status_code == 422
    assert "This profile is already on this contact." in response.content.decode()
    assert NetworkProfile.objects.get().access == "none"


def test_the_same_profile_in_another_team_is_allowed(book, login, mallory):
    theirs = add(mallory.last_team, mallory, given_name="Hélène", family_name="Elsewhere")
    response = login(mallory).post(
        reverse("profile_add", args=[theirs.pk]),
        {"address": "https://www.linkedin.com/in/hdurand-4a7b", "access": "none"},
    )
    assert response.status_code == 302
    assert theirs.profiles.get().handle == "hdurand-4a7b"
    assert book.contact.profiles.get().handle == "hdurand-4a7b"


INVALID = [
    ("email_add", {"email": "not-an-email", "label": "work"}, "Enter a valid email address."),
    ("email_add", {"email": "HELENE@Acme.example", "label": "work"}, "already on this contact"),
    ("phone_add", {"number": "12", "label": "mobile"}, "is not a valid phone number"),
    ("phone_add", {"number": "06 12 34 56 78", "label": "work"}, "already on this contact"),
    ("profile_add", {"address": "https://www.linkedin.com/company/acme"}, "is not a profile"),
    ("profile_add", {"address": "marie_d"}, "Choose the network this handle belongs to"),
    ("profile_add", {"address": "ftp://example.org/helene"}, "This is not a web address"),
    ("profile_add", {"address": "https://lnkd.in/abc"}, "links are shortened"),
    ("alias_add", {"name": "", "kind": "other"}, "This field is required."),
    (
        "alias_add",
        {
            "name": "Hélène Morel",
            "kind": "other",
            "started_on": "2010-01-01",
            "ended_on": "2009-01-01",
        },
        "The end date comes before the start date.",
    ),
    ("contact_tag", {"category": ""}, "This field is required."),
]


@pytest.mark.parametrize(("route", "data", "error"), INVALID)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_invalid_input_gives_a_field_error_and_creates_nothing(
    route, data, error, htmx, book, team, login, alice
):
    data = {"access": "none", **data}
    before = snapshot(team)
    response = login(alice).post(
        reverse(route, args=[book.contact.pk]), data, headers=HTMX if htmx else {}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert error in html
    assert snapshot(team) == before
    if htmx:
        assert html.lstrip().startswith(CONTACT_BODY)
        assert toasts(response) == [
            {"message": "Please correct the highlighted field.", "level": "error"}
        ]


# The contact page


def test_contact_page_shows_everything_known(book, team, login, alice):
    contact = book.contact
    introduced = add(team, alice, given_name="Paul", family_name="Roux")
    Contact.objects.filter(pk=introduced.pk).update(met_through=contact)
    Contact.objects.filter(pk=contact.pk).update(met_through=book.other)
    PastPosition.objects.create(contact=contact, company="Initech", position="Intern")
    html = login(alice).get(reverse("contact_detail", args=[contact.pk])).content.decode()
    for text in (
        "Hélène Durand",
        "also known as",
        "Hélène Petit",
        "Maiden name",
        "School · Lycée Hoche",
        "https://www.linkedin.com/in/hdurand-4a7b",
        "helene@acme.example",
        "+33612345678",
        "Engineer · Acme",
        "Intern · Initech",
        "Marie Martin",
        "Paul Roux",
        "Former name added: Hélène Petit",
        "Alice Owner",
    ):
        assert text in html, text


def test_user_text_on_the_contact_page_is_escaped(team, login, alice):
    contact = add(team, alice, display_name="<b>Bold</b>", notes="<script>alert(1)</script>")
    contact.add_alias("<img src=x onerror=alert(1)>", ContactAlias.Kind.OTHER, alice)
    html = login(alice).get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html


def test_contact_page_runs_the_same_number_of_queries_however_much_is_attached(
    team, login, alice, bob, django_assert_max_num_queries
):
    contact = add(team, alice, given_name="Hélène", owner=bob)
    client = login(alice)
    url = reverse("contact_detail", args=[contact.pk])

    def attach(count: int, start: int) -> None:
        for index in range(start, start + count):
            contact.add_alias(f"Name {index}", ContactAlias.Kind.OTHER, bob)
            add_profile(contact, handle=f"helene-{index}", access="full")
            ContactEmail.objects.create(contact=contact, email=f"h{index}@example.org")
            ContactPhone.objects.create(contact=contact, number=f"+336123456{index:02d}")
            PastPosition.objects.create(contact=contact, company=f"Company {index}")
            Contact.objects.filter(pk=add(team, alice, given_name=f"P{index}").pk).update(
                met_through=contact
            )
        for key in ("school", "kids", "company", "language")[: min(count, 4)]:
            contact.tag(category(team, key), bob, detail="d")

    attach(1, 0)
    client.get(url)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    attach(10, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Name 10" in response.content.decode()


# The list


def names_listed(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="fw-semibold text-decoration-none">([^<]*)</a>', html)


def list_page(client, **params):
    return client.get(reverse("contact_list"), params)


def test_list_runs_the_same_number_of_queries_for_2_and_50_contacts(
    team, login, alice, bob, django_assert_max_num_queries
):
    school, kids = category(team, "school"), category(team, "kids")

    def add_people(count: int, start: int) -> None:
        for index in range(start, start + count):
            contact = add(
                team,
                alice,
                given_name=f"Person{index:02d}",
                family_name="Test",
                owner=bob if index % 2 else alice,
            )
            contact.tag(school, alice, detail="class of 2004")
            contact.tag(kids, alice)
            add_profile(contact, handle=f"p{index}", access="full")
            add_profile(contact, network="instagram", handle=f"p_{index}", access="restricted")

    client = login(alice)
    add_people(2, 0)
    list_page(client)
    with django_assert_max_num_queries(100) as two:
        response = list_page(client)
    assert len(names_listed(response)) == 2
    add_people(48, 2)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = list_page(client)
    assert len(names_listed(response)) == 25
    assert response.content.decode().count("School") >= 25


def test_list_is_paginated_by_25(team, login, alice):
    for index in range(60):
        add(team, alice, given_name=f"Person{index:02d}", family_name="Test")
    client = login(alice)
    first = list_page(client)
    assert names_listed(first) == [f"Person{index:02d} Test" for index in range(25)]
    assert "60 contacts" in first.content.decode()
    assert "Page 1 of 3" in first.content.decode()
    third = list_page(client, page=3)
    assert names_listed(third) == [f"Person{index:02d} Test" for index in range(50, 60)]
    assert names_listed(list_page(client, page=99)) == names_listed(third)


def test_pagination_links_keep_the_filters(team, login, alice):
    for index in range(30):
        add(team, alice, given_name=f"Person{index:02d}", family_name="Test", city="Lyon")
    html = list_page(login(alice), q="lyon").content.decode()
    assert "?q=lyon&amp;page=2" in html


def test_htmx_list_request_answers_only_the_results(book, login, alice):
    response = login(alice).get(
        reverse("contact_list"),
        {"q": "hel"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert names_listed(response) == ["Hélène Durand"]


def test_empty_address_book_says_so_and_offers_to_add(team, login, alice):
    html = list_page(login(alice)).content.decode()
    assert "Your address book is empty." in html
    assert reverse("contact_create") in html


def test_a_filter_that_matches_nobody_says_so(book, login, alice):
    html = list_page(login(alice), q="nobody-like-this").content.decode()
    assert "Nobody matches these filters." in html
    assert "Your address book is empty." not in html


def test_archived_only_with_no_archived_contact_says_nobody_matches(book, login, alice):
    html = list_page(login(alice), state="archived").content.decode()
    assert "Nobody matches these filters." in html
    assert "Your address book is empty." not in html


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


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({}, ["Anne Alpha", "Basile Beta", "Chloé Gamma"]),
        ({"category": "school"}, ["Anne Alpha", "Chloé Gamma"]),
        ({"category": "kids"}, ["Basile Beta", "Chloé Gamma"]),
        ({"network": "instagram"}, ["Basile Beta"]),
        ({"network": "linkedin"}, ["Anne Alpha", "Chloé Gamma"]),
        ({"network": "facebook"}, []),
        ({"access": "full"}, ["Anne Alpha"]),
        ({"access": "limited"}, ["Basile Beta"]),
        ({"access": "none"}, ["Chloé Gamma"]),
        ({"owner": "me"}, ["Anne Alpha"]),
        ({"owner": "bob"}, ["Basile Beta"]),
        ({"owner": "nobody"}, ["Chloé Gamma"]),
        ({"state": "archived"}, ["Denis Delta"]),
        ({"state": "all"}, ["Anne Alpha", "Basile Beta", "Denis Delta", "Chloé Gamma"]),
        ({"state": "all", "access": "none"}, ["Denis Delta", "Chloé Gamma"]),
        ({"category": "school", "owner": "me"}, ["Anne Alpha"]),
        ({"category": "kids", "access": "limited", "q": "basile"}, ["Basile Beta"]),
    ],
)
def test_list_filters(params, names, filtered, login, alice, bob):
    params = dict(params)
    if "category" in params:
        params["category"] = getattr(filtered, params["category"]).pk
    if params.get("owner") == "bob":
        params["owner"] = bob.pk
    response = list_page(login(alice), **params)
    assert names_listed(response) == names


def test_owner_me_means_whoever_is_looking(filtered, login, bob):
    assert names_listed(list_page(login(bob), owner="me")) == ["Basile Beta"]


def test_a_made_up_filter_value_matches_nobody(filtered, login, alice):
    response = list_page(login(alice), category="abc")
    assert names_listed(response) == []
    assert "Nobody matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "names"),
    [
        ("name", ["Anne Alpha", "Basile Beta", "Chloé Gamma"]),
        ("-created", ["Chloé Gamma", "Basile Beta", "Anne Alpha"]),
        ("-updated", ["Basile Beta", "Anne Alpha", "Chloé Gamma"]),
        ("made-up", ["Anne Alpha", "Basile Beta", "Chloé Gamma"]),
    ],
)
def test_list_sorts(sort, names, team, login, alice):
    now = timezone.now()
    # (given, family, created days ago, updated days ago)
    for given, family, created, updated in [
        ("Chloé", "Gamma", 1, 3),
        ("Anne", "Alpha", 3, 2),
        ("Basile", "Beta", 2, 1),
    ]:
        contact = add(team, alice, given_name=given, family_name=family)
        Contact.objects.filter(pk=contact.pk).update(
            created_at=now - timedelta(days=created), updated_at=now - timedelta(days=updated)
        )
    response = list_page(login(alice), sort=sort)
    assert names_listed(response) == names


# Bulk actions


def bulk(client, action, contacts, category=None, next_url="/contacts/?q=x"):
    data = {"action": action, "contacts": [contact.pk for contact in contacts], "next": next_url}
    if category is not None:
        data["category"] = category.pk
    return client.post(reverse("contacts_bulk"), data)


@pytest.mark.parametrize("who", WRITERS)
def test_writer_tags_and_untags_several_contacts_at_once(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    people = [book.contact, book.other]
    response = bulk(client, "tag", people, book.kids)
    assert response.status_code == 302
    assert response["Location"] == "/contacts/?q=x"
    assert ContactTag.objects.filter(category=book.kids).count() == 2
    assert "2 contacts updated." in client.get(response["Location"]).content.decode()
    bulk(client, "untag", people, book.school)
    assert not ContactTag.objects.filter(category=book.school).exists()
    assert ContactChange.objects.filter(action="untagged", actor=user).count() == 1


@pytest.mark.parametrize("who", WRITERS)
def test_writer_archives_and_restores_several_contacts_at_once(request, who, book, login):
    user = request.getfixturevalue(who)
    client = login(user)
    people = [book.contact, book.other]
    bulk(client, "archive", people)
    assert Contact.objects.filter(archived_at__isnull=False).count() == 2
    bulk(client, "restore", people)
    assert not Contact.objects.filter(archived_at__isnull=False).exists()
    assert ContactChange.objects.filter(action="restored", actor=user).count() == 2


def test_bulk_tag_needs_a_category(book, team, login, alice):
    before = snapshot(team)
    response = bulk(login(alice), "tag", [book.contact])
    assert response.status_code == 302
    follow = login(alice).get(response["Location"])
    assert "Choose the category." in follow.content.decode()
    assert snapshot(team) == before


def test_bulk_with_a_contact_of_another_team_changes_nothing(book, team, login, alice, mallory):
    theirs = add(mallory.last_team, mallory, given_name="Zoé")
    before = snapshot(team)
    response = bulk(login(alice), "archive", [book.contact, theirs])
    assert "One of the selected contacts is not in this team." in (
        login(alice).get(response["Location"]).content.decode()
    )
    assert snapshot(team) == before
    theirs.refresh_from_db()
    assert not theirs.is_archived


@pytest.mark.parametrize("next_url", ["https://evil.example/", "evil.example", ""])
def test_bulk_never_redirects_off_site(next_url, book, login, alice):
    response = bulk(login(alice), "archive", [book.contact], next_url=next_url)
    assert response["Location"] == reverse("contact_list")


@pytest.mark.parametrize("next_url", ["//evil.example/", "///evil.example/"])
def test_bulk_never_redirects_to_a_protocol_relative_url(next_url, book, login, alice):
    response = bulk(login(alice), "archive", [book.contact], next_url=next_url)
    assert response["Location"] == reverse("contact_list")


# Lookup


def test_lookup_lists_matching_contacts_as_links(book, login, alice):
    html = login(alice).get(reverse("contact_lookup"), {"q": "MARTIN"}).content.decode()
    assert "Marie Martin" in html
    assert reverse("contact_detail", args=[book.other.pk]) in html
    assert "Hélène" not in html


def test_lookup_shows_archived_contacts_marked_as_such(book, login, alice):
    book.other.archive(alice)
    html = login(alice).get(reverse("contact_lookup"), {"q": "martin"}).content.decode()
    assert "Marie Martin" in html
    assert "Archived" in html
