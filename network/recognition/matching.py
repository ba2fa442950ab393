"""Recognition: "do I already know this person?", even after a change of name.

A request (or a name typed in "Who is this?") is turned into lookup keys: the full name with
words sorted and particles dropped, each word as a family name, its sound (metaphone), and the
first name paired with a company, an email domain, a city or the start of a family name.
Contacts carry the same keys (ContactKey), so the candidates are the few contacts sharing a
key, fetched through one index lookup. Each candidate is then scored from signals that a
person would weigh, and every signal is given back as a reason in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from network.models import Contact, ContactEmail, ContactKey, ContactTag, NetworkProfile
from network.text import fold
from network.text.names import (
    company_key,
    email_domain,
    full_key,
    query_keys,
    sound,
    split_name,
    variants,
)
from network.text.nicknames import given_key
from network.text.profiles import ProfileURLError, parse_profile

# How much a shared key says about a contact. Candidates are the contacts sharing the most
# telling keys; only the best MAX_CANDIDATES are scored.
KEY_WEIGHT = {"full": 10, "gc": 8, "gd": 8, "gc1": 5, "gf": 4, "gl": 4, "fam": 3, "snd": 2, "gt": 1}
MAX_ROWS = 600
MAX_CANDIDATES = 20
# From this score on, a suggestion is "likely": the inbox flags the request as a possible
# match, and a new contact this close to an existing one is shown as a likely duplicate.
LIKELY = 70
CERTAIN = 95


def _candidates(team, keys: set[str]) -> list[int]:
    """The contacts sharing the most telling keys with the query, in one index lookup."""
    strength: dict[int, int] = {}
    rows = ContactKey.objects.filter(team=team, key__in=keys).values_list("contact_id", "key")
    for contact_id, key in rows[:MAX_ROWS]:
        weight = KEY_WEIGHT.get(key.partition(":")[0], 1)
        strength[contact_id] = strength.get(contact_id, 0) + weight
    ranked = sorted(strength, key=lambda contact_id: -strength[contact_id])
    return ranked[:MAX_CANDIDATES]


@dataclass
class Query:
    """What is known of the sender: a name, a profile address or an email (any one will do)."""

    name: str
    company: str = ""
    email: str = ""
    url: str = ""
    network: str | None = None
    headline: str = ""
    message: str = ""
    city: str = ""

    def lookup_keys(self) -> set[str]:
        """The keys its candidates share with it (none without a name: a profile address or
        an email is looked up as such, never through name keys)."""
        if not self.name.strip():
            return set()
        return query_keys(
            self.name,
            company=self.company,
            headline=self.headline,
            city=self.city,
            email=self.email,
        )


@dataclass
class Suggestion:
    contact: Contact
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        if self.score >= CERTAIN:
            return "certain"
        return "likely" if self.score >= LIKELY else "possible"


def recognise(team, query: Query, *, limit: int = 5, viewer=None) -> list[Suggestion]:
    """Ranked suggestions among the team's contacts (archived ones included, and marked)."""
    found: dict[int, Suggestion] = {}

    def add(contact: Contact, score: int, reason: str) -> None:
        entry = found.setdefault(contact.pk, Suggestion(contact, 0))
        entry.score = max(entry.score, score)
        if reason not in entry.reasons:
            entry.reasons.append(reason)

    contacts = Contact.objects.filter(team=team).select_related("owner").prefetch_related("aliases")
    if query.email:  # email domains are only compared with an email given
        contacts = contacts.prefetch_related("emails")
    if query.message:  # how-we-met details are only read to compare with a message
        contacts = contacts.prefetch_related(
            Prefetch("tags", ContactTag.objects.select_related("category"))
        )
    if query.url:
        try:
            profile = parse_profile(query.url, network=query.network)
        except ProfileURLError:
            profile = None
        if profile is not None:
            for match in NetworkProfile.objects.filter(
                team=team, network=profile.network, handle=profile.handle
            ):
                add(contacts.get(pk=match.contact_id), 100, _("same profile address"))
    if query.email:
        for match in ContactEmail.objects.filter(
            contact__team=team, email=query.email.strip().lower()
        ):
            add(contacts.get(pk=match.contact_id), 97, _("same email address"))

    candidate_pks = _candidates(team, keys) if (keys := query.lookup_keys()) else []
    for contact in contacts.filter(pk__in=candidate_pks):
        score, reasons = _score(contact, query)
        for reason in reasons:
            add(contact, score, reason)
        if contact.pk in found:
            found[contact.pk].score = max(found[contact.pk].score, score)

    suggestions = [entry for entry in found.values() if entry.score >= 40]
    for entry in suggestions:
        if entry.contact.is_archived:
            entry.reasons.append(_("archived contact"))
        owner = entry.contact.owner
        if owner is not None and (viewer is None or owner.pk != viewer.pk):
            entry.reasons.append(_("%(name)s knows them") % {"name": owner})
    suggestions.sort(key=lambda entry: (-entry.score, entry.contact.name))
    return suggestions[:limit]


def _score(contact: Contact, query: Query) -> tuple[int, list[str]]:
    """How likely ``contact`` is the sender, with the reasons a person would give."""
    given, family = split_name(query.name)
    wanted_full = full_key(query.name)
    names = [contact.name] + [alias.name for alias in contact.aliases.all()]
    contact_given = contact.given_name or (contact.display_name.split() or [""])[0]
    same_given = bool(given) and given_key(given) == given_key(contact_given)
    nickname = same_given and fold(given) != fold(contact_given)
    company = company_key(contact.company)
    headline = fold(query.headline)
    same_company = bool(company) and (
        company == company_key(query.company) or (company and f" {company} " in f" {headline} ")
    )
    first_word = company.split(" ")[0] if company else ""
    alike_company = (
        not same_company
        and len(first_word) >= 3
        and first_word == company_key(query.company).split(" ")[0]
    )
    same_domain = bool(query.email) and email_domain(query.email) in (
        {email_domain(email.email) for email in contact.emails.all()} - {""}
    )
    same_city = bool(contact.city) and fold(contact.city) == fold(query.city)
    score, reasons = 0, []

    for index, name in enumerate(names):
        if full_key(name) == wanted_full:
            if index == 0:
                score, reason = 90, _("same name")
            else:
                score, reason = 88, _("former name “%(name)s”") % {"name": name}
            reasons.append(reason)
            break
    best_similarity = max(fuzz.token_sort_ratio(wanted_full, full_key(name)) for name in names)
    contact_families = {
        variant for name in names for word in split_name(name)[1] for variant in variants(word)
    }
    family = [variant for word in family for variant in variants(word)]
    same_family = bool(set(family) & contact_families)
    sounds_alike = not same_family and bool(
        {sound(word) for word in family} & {sound(word) for word in contact_families}
    )
    company_told = False
    if score < 90 and same_given and same_company:
        level = 80 if not same_family else 92
        reason = _("same first name, same company (%(company)s)") % {"company": contact.company}
        if not same_family:
            reason += "; " + _("family name differs (a change of name?)")
        score, reasons, company_told = max(score, level), [*reasons, reason], True
    if score < 72 and same_given and alike_company:
        reason = _("same first name, company name alike (%(company)s)") % {
            "company": contact.company
        }
        if not same_family:
            reason += "; " + _("family name differs (a change of name?)")
        score, reasons, company_told = 72, [*reasons, reason], True
    if score < 80 and same_given and same_domain:
        score = max(score, 78)
        reasons.append(_("same first name, same email domain"))
    if score < 70 and same_given and same_family:
        score = max(score, 85)
        reasons.append(_("same first and family name"))
    if score < 70 and same_given and sounds_alike:
        score = max(score, 72)
        reasons.append(_("same first name, family name sounds alike"))
    if score < 70 and best_similarity >= 88:
        score = max(score, int(best_similarity) - 15)
        reasons.append(_("very similar name (a typo?)"))
    if score < 60 and same_given and same_city:
        score = max(score, 50)
        reasons.append(_("same first name, same city"))
    if nickname and score >= 40:
        reasons.append(
            _("“%(short)s” is short for “%(full)s”") % {"short": given, "full": contact_given}
        )
    if score and same_company and not company_told:
        score = min(99, score + 5)
        reasons.append(_("the headline mentions %(company)s") % {"company": contact.company})
    message = fold(query.message)
    if score and message:
        for tag in contact.tags.all():
            words = [word for word in fold(tag.detail).split() if len(word) > 3]
            if words and any(word in message for word in words):
                score = min(99, score + 5)
                reasons.append(_("the message mentions “%(detail)s”") % {"detail": tag.detail})
                break
    return score, reasons
