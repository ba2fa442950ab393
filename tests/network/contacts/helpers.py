"""Helpers for the address-book tests: contacts and profiles made the way the app makes them,
what the contact form posts, what a list shows, the toasts, and a snapshot of everything a
refused request must leave alone.
"""

from __future__ import annotations

import json
import re

from django.urls import reverse

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
)

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


# The routes of the address book, with what they act on.

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


# Inline changes on the contact page: action -> (route, its arguments, what is posted).

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


def names_listed(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="fw-semibold text-decoration-none">([^<]*)</a>', html)


def list_page(client, **params):
    return client.get(reverse("contact_list"), params)
