"""Contacts as vCard 3.0 (RFC 2426), the version every address book reads: Apple Contacts,
Google Contacts, Outlook, Android, Thunderbird.

Written with ``vobject``, which escapes commas, semicolons and line breaks and folds long
lines. Where the standard has no place for something, the card uses the extensions address
books already know: ``X-MAIDENNAME`` (Apple, Outlook) for a maiden name and
``X-SOCIALPROFILE;TYPE=<network>`` (Apple) beside the plain ``URL`` for each profile. Every
other former name (a previous married name, a nickname, another spelling) goes in a
``NICKNAME`` of its own, one per line: it is the one standard property address books show
and search for "another name", and one name per line never confuses a name that holds a
comma with a list of two.

Address books export to CSV and spreadsheets open cards: free text (names, company, title,
city, other names, categories, notes) is neutralised as in the CSV export (a leading quote
before what would start a formula). Emails, phones and addresses of profiles are left as
they are, so that they stay valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC

import vobject

from network.exports.selectors import ExportedContact
from network.models import Category, ContactAlias
from network.text.formulas import neutralise

EMAIL_TYPES = {"work": "WORK", "personal": "HOME", "other": "INTERNET"}
PHONE_TYPES = {"mobile": "CELL", "work": "WORK", "home": "HOME", "other": "VOICE"}


def _add(card, name: str, value, type_param: str | None = None) -> None:
    line = card.add(name)
    line.value = value
    if type_param:
        line.type_param = type_param


def contact_card(
    contact: ExportedContact, categories: dict[int, Category], *, uid_prefix: str
) -> str:
    """One contact's vCard, CRLF line ends, lines folded."""
    card = vobject.vCard()
    _add(card, "uid", f"{uid_prefix}{contact.pk}")
    names = vobject.vcard.Name(
        family=neutralise(contact.family_name), given=neutralise(contact.given_name)
    )
    _add(card, "n", names)
    _add(card, "fn", neutralise(contact.name))
    if contact.company:
        _add(card, "org", [neutralise(contact.company)])
    if contact.position:
        _add(card, "title", neutralise(contact.position))
    if contact.city:
        _add(card, "adr", vobject.vcard.Address(city=neutralise(contact.city)), "WORK")
    for name, kind in contact.aliases:
        _add(
            card,
            "x-maidenname" if kind == ContactAlias.Kind.MAIDEN else "nickname",
            neutralise(name),
        )
    for address, label in contact.emails:
        _add(card, "email", address, EMAIL_TYPES.get(label, "INTERNET"))
    for number, label in contact.phones:
        _add(card, "tel", number, PHONE_TYPES.get(label, "VOICE"))
    for network, url in contact.profiles:
        _add(card, "url", url)
        _add(card, "x-socialprofile", url, network)
    labels = [
        neutralise(categories[category_id].label)
        for category_id, _detail, _met_on in contact.tags
        if category_id in categories
    ]
    if labels:
        _add(card, "categories", labels)
    if contact.notes:
        _add(card, "note", neutralise(contact.notes))
    _add(card, "rev", contact.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return card.serialize()


def contacts_vcf(
    contacts: Iterable[ExportedContact], categories: dict[int, Category], *, uid_prefix: str
) -> Iterator[str]:
    """The .vcf file, card after card."""
    for contact in contacts:
        yield contact_card(contact, categories, uid_prefix=uid_prefix)
