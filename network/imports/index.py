"""Who a row is among the team's contacts, answered from memory.

The team's profile handles, emails, phones and name keys are read once, in a few streaming
queries, into dictionaries; each row is then matched without a query. Contacts the run
creates are added as it goes, so a person met twice in one file is recognised the second
time (a duplicate within the file).

A row matches a contact on the same profile, the same email or the same phone (certain), or
on the same name when exactly one contact bears it and nothing contradicts (no other company,
no disjoint emails): a confident recognition. Other name matches are uncertain: the row
becomes a new contact and the pair is listed for review, never merged. A contact with another
profile on the same network is another person who shares the name: not even a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from sys import intern

from network.imports.cleaning import Person
from network.models import Contact, ContactAlias, ContactEmail, ContactPhone, NetworkProfile
from network.text.names import company_key, full_key


@dataclass(slots=True)
class Known:
    """What the index keeps of a contact to weigh a name match. Tuples, not sets: most hold
    one item or none, and an import of a large file keeps one of these per contact."""

    name: str
    company: str = ""
    profiles: tuple = ()
    emails: tuple = ()
    phones: tuple = ()
    keys: tuple = ()  # its name keys in TeamIndex.names
    networks: tuple = ()  # the networks it has a profile on


@dataclass
class Match:
    contact_id: int | None = None
    certain: bool = False
    candidates: list[int] = field(default_factory=list)  # uncertain: listed for review


class ByNetwork:
    """(network, handle) → contact id, kept as one dictionary of handles per network: no
    tuple per profile (a large file holds a profile per row)."""

    def __init__(self) -> None:
        self.networks: dict[str, dict[str, int]] = {}

    def get(self, key: tuple[str, str], default=None):
        handles = self.networks.get(key[0])
        return default if handles is None else handles.get(key[1], default)

    def setdefault(self, key: tuple[str, str], value: int) -> int:
        return self.networks.setdefault(key[0], {}).setdefault(key[1], value)

    def __setitem__(self, key: tuple[str, str], value: int) -> None:
        self.networks.setdefault(key[0], {})[key[1]] = value


class TeamIndex:
    def __init__(self, team) -> None:
        self.team = team
        self.profiles = ByNetwork()  # (network, handle): contact id
        self.emails: dict[str, int] = {}
        self.phones: dict[str, int] = {}
        self.names: dict[str, dict[int, None]] = {}  # name key: contact ids (an ordered set)
        # (name key, network): how many of those contacts have a profile on the network
        self.on_network: dict[tuple[str, str], int] = {}
        self.known: dict[int, Known] = {}
        self.last_existing = 0  # ids above it (and temporary ids, below 0) are this run's
        self.touched: set[int] = set()  # existing contacts this run matched already

    def load(self) -> TeamIndex:
        contacts = Contact.objects.filter(team=self.team).values_list(
            "pk", "given_name", "family_name", "display_name", "company"
        )
        for pk, given, family, display, company in contacts.iterator(chunk_size=5000):
            name = display or f"{given} {family}".strip()
            self.known[pk] = Known(name=name, company=intern(company_key(company)))
            self.last_existing = max(self.last_existing, pk)
            self._name(name, pk)
        aliases = ContactAlias.objects.filter(contact__team=self.team).values_list(
            "contact_id", "name"
        )
        for pk, name in aliases.iterator(chunk_size=5000):
            self._name(name, pk)
        profiles = NetworkProfile.objects.filter(team=self.team).values_list(
            "contact_id", "network", "handle"
        )
        for pk, network, handle in profiles.iterator(chunk_size=5000):
            self.profiles.setdefault((network, handle), pk)
            self.known[pk].profiles += ((network, handle),)
            self._network(pk, network)
        emails = ContactEmail.objects.filter(contact__team=self.team).values_list(
            "contact_id", "email"
        )
        for pk, email in emails.order_by("pk").iterator(chunk_size=5000):
            self.emails.setdefault(email.lower(), pk)
            self.known[pk].emails += (email.lower(),)
        phones = ContactPhone.objects.filter(contact__team=self.team).values_list(
            "contact_id", "number"
        )
        for pk, number in phones.order_by("pk").iterator(chunk_size=5000):
            self.phones.setdefault(number, pk)
            self.known[pk].phones += (number,)
        return self

    @property
    def empty(self) -> bool:
        return not self.known

    def _name(self, name: str, pk: int) -> None:
        key = full_key(name)
        known = self.known[pk]
        if key and key not in known.keys:
            self.names.setdefault(key, {})[pk] = None
            known.keys += (key,)
            for network in known.networks:
                self.on_network[key, network] = self.on_network.get((key, network), 0) + 1

    def _network(self, pk: int, network: str) -> None:
        known = self.known[pk]
        if network not in known.networks:
            known.networks += (network,)
            for key in known.keys:
                self.on_network[key, network] = self.on_network.get((key, network), 0) + 1

    def created(self, pk: int) -> bool:
        """Whether ``pk`` is a contact this run made (or will make)."""
        return pk < 0 or pk > self.last_existing

    def add(self, pk: int, person: Person) -> None:
        """A contact made from ``person`` (pending or stored): later rows will find it.

        One with a profile is found again through its profiles, emails and phones only: a
        later namesake with a profile on the same network would be another person anyway,
        and keeping less per row keeps a file of 400,000 connections in bounded memory."""
        if not person.profiles:
            self.known[pk] = Known(name=person.name, company=intern(company_key(person.company)))
        self.learn(pk, person)

    def learn(self, pk: int, person: Person) -> None:
        """``pk`` now has ``person``'s names and details too."""
        known = self.known.get(pk)
        for profile in person.profiles:
            self.profiles.setdefault((profile.network, profile.handle), pk)
        for email, _label in person.emails:
            self.emails.setdefault(email, pk)
        for number, _label in person.phones:
            self.phones.setdefault(number, pk)
        if known is None:
            return
        for name in [person.name, *(name for name, _kind in person.former_names)]:
            self._name(name, pk)
        for profile in person.profiles:
            key = (profile.network, profile.handle)
            if key not in known.profiles:
                known.profiles += (key,)
            self._network(pk, profile.network)
        for email, _label in person.emails:
            if email not in known.emails:
                known.emails += (email,)
        for number, _label in person.phones:
            if number not in known.phones:
                known.phones += (number,)
        if not known.company and person.company:
            known.company = intern(company_key(person.company))

    def renumber(self, old: int, new: int, person: Person) -> None:
        """A pending contact (made from ``person`` and the rows it absorbed) got its id."""
        for profile in person.profiles:
            if self.profiles.get(key := (profile.network, profile.handle)) == old:
                self.profiles[key] = new
        for email, _label in person.emails:
            if self.emails.get(email) == old:
                self.emails[email] = new
        for number, _label in person.phones:
            if self.phones.get(number) == old:
                self.phones[number] = new
        known = self.known.pop(old, None)
        if known is None:
            return
        self.known[new] = known
        for key in known.keys:
            ids = self.names[key]
            if old in ids:
                del ids[old]
                ids[new] = None

    def match(self, person: Person) -> Match:
        for profile in person.profiles:
            if (pk := self.profiles.get((profile.network, profile.handle))) is not None:
                return Match(pk, certain=True)
        for email, _label in person.emails:
            if (pk := self.emails.get(email)) is not None:
                return Match(pk, certain=True)
        for number, _label in person.phones:
            if (pk := self.phones.get(number)) is not None:
                return Match(pk, certain=True)
        # A namesake with another profile on the same network (the same one would have matched
        # above) is another person, never even a candidate: when every namesake has one, the
        # counts say so without looking at each (two connections often share a name).
        networks = {profile.network for profile in person.profiles}
        found: dict[int, None] = {}
        for key in [person.key, *(full_key(name) for name, _kind in person.former_names)]:
            namesakes = self.names.get(key)
            if namesakes and not any(
                self.on_network.get((key, network), 0) >= len(namesakes) for network in networks
            ):
                found.update(namesakes)
        known = self.known
        ids = [pk for pk in found if networks.isdisjoint(known[pk].networks)]
        if not ids:
            return Match()
        agreeing = [pk for pk in ids if not self._contradicts(person, self.known[pk])]
        # The row adds nothing to one of them: it is that contact (a second import of a file
        # whose rows carry only names comes back unchanged).
        for pk in agreeing:
            if self._holds(self.known[pk], person):
                return Match(pk)
        company = company_key(person.company)
        if len(agreeing) == 1 and (
            len(ids) == 1 or (company and self.known[agreeing[0]].company == company)
        ):
            return Match(agreeing[0])
        return Match(candidates=ids[:3])

    @staticmethod
    def _contradicts(person: Person, known: Known) -> bool:
        company = company_key(person.company)
        if company and known.company and company != known.company:
            return True
        emails = {email for email, _label in person.emails}
        return bool(emails and known.emails and not emails & set(known.emails))

    @staticmethod
    def _holds(known: Known, person: Person) -> bool:
        return (
            full_key(known.name) == person.key
            and {(p.network, p.handle) for p in person.profiles} <= set(known.profiles)
            and {email for email, _label in person.emails} <= set(known.emails)
            and {number for number, _label in person.phones} <= set(known.phones)
            and (not person.company or company_key(person.company) == known.company)
        )
