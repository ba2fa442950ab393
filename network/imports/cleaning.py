"""A record as it will be stored: names cut to their columns, emails checked and lower-cased,
phones in international form (as the contact forms store them), profile addresses reduced
to their canonical form (decoded and percent-encoded alike), categories the team has.

A detail that cannot be stored (an address that is no profile, ``javascript:...``, a number
that is no phone) is left out and said so; the rest of the row is kept. Text is data: it is
stored as written and only ever rendered escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

from network.models import ContactAlias, ContactEmail, ContactPhone
from network.text import fold
from network.text.names import full_key
from network.text.profiles import Profile, ProfileURLError, parse_profile

_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))


def one_line(value: str, limit: int) -> str:
    """Single-line text without control characters, cut to the column's length."""
    text = (value or "").translate(_CONTROL)
    return " ".join(text.split())[:limit]


def many_lines(value: str) -> str:
    return (value or "").translate(_CONTROL).replace("\x00", "").strip()


def phone_number(raw: str) -> str | None:
    """The number in international form (+33…), or None if it is not a phone number."""
    try:
        parsed = phonenumbers.parse(raw, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email_address(raw: str) -> str | None:
    email = (raw or "").strip().lower()
    if email.startswith("mailto:"):
        email = email[7:]
    try:
        validate_email(email)
    except ValidationError:
        return None
    return email if len(email) <= 254 else None


def profile_of(raw: str, network: str | None = None) -> Profile:
    """Raises ProfileURLError for anything that is not a profile (``javascript:`` included)."""
    profile = parse_profile(raw, network=network)
    if not profile.url.startswith("https://"):
        raise ProfileURLError(gettext("Only web addresses of profiles are kept."), "scheme")
    return profile


@dataclass
class Person:
    """A ContactRecord made ready to store."""

    row: int
    source: str
    given_name: str
    family_name: str
    display_name: str
    company: str
    position: str
    city: str
    notes: str
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)
    former_names: list[tuple[str, str]] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    connected_on: str = ""

    @property
    def name(self) -> str:
        return self.display_name or f"{self.given_name} {self.family_name}".strip()

    @property
    def key(self) -> str:
        return full_key(self.name)

    def as_shown(self, action: str, category_labels: dict[int, str]) -> dict:
        """The row as the preview shows it (plain values, kept in JSON)."""
        return {
            "row": self.row,
            "action": action,
            "name": self.name,
            "company": self.company,
            "position": self.position,
            "city": self.city,
            "emails": [email for email, _label in self.emails],
            "phones": [number for number, _label in self.phones],
            "profiles": [profile.url for profile in self.profiles],
            "former_names": [name for name, _kind in self.former_names],
            "tags": [category_labels[pk] for pk in self.category_ids],
        }


def person_from(record, categories: dict[str, int], warn) -> Person | None:
    """The record made ready to store, or None when it has no name at all (``warn(reason)``
    is told of each detail left out)."""
    person = Person(
        row=record.row,
        source=record.source,
        given_name=one_line(record.given_name, 100),
        family_name=one_line(record.family_name, 100),
        display_name=one_line(record.display_name, 200),
        company=one_line(record.company, 200),
        position=one_line(record.position, 200),
        city=one_line(record.city, 100),
        notes=many_lines(record.notes),
        connected_on=record.connected_on.isoformat() if record.connected_on else "",
    )
    if person.display_name == f"{person.given_name} {person.family_name}".strip():
        person.display_name = ""
    if not person.name:
        return None
    seen: set[str] = set()
    for raw, label in record.emails:
        email = email_address(raw)
        if email is None:
            warn(gettext("“%(value)s” is not an email address; left out.") % {"value": raw[:80]})
        elif email not in seen:
            seen.add(email)
            person.emails.append((email, label if label in ContactEmail.Label.values else "other"))
    for raw, label in record.phones:
        number = phone_number(raw)
        if number is None:
            warn(gettext("“%(value)s” is not a phone number; left out.") % {"value": raw[:80]})
        elif number not in seen:
            seen.add(number)
            person.phones.append((number, label if label in ContactPhone.Label.values else "other"))
    for raw in record.profiles:
        try:
            profile = profile_of(raw)
        except ProfileURLError as error:
            warn(
                gettext("Profile “%(value)s” left out: %(reason)s")
                % {"value": raw[:120], "reason": error}
            )
            continue
        if profile not in person.profiles:  # the same network and handle: the same URL
            person.profiles.append(profile)
    known = {fold(person.name)}
    for raw, kind in record.former_names:
        name = one_line(raw, 200)
        if name and fold(name) not in known:
            known.add(fold(name))
            kind = kind if kind in ContactAlias.Kind.values else ContactAlias.Kind.OTHER
            person.former_names.append((name, kind))
    for raw in record.categories:
        pk = categories.get(fold(raw))
        if pk is not None and pk not in person.category_ids:
            person.category_ids.append(pk)
    return person
