"""Recognition: "do I already know this person?", even after a change of name.

A request (or a name typed in "Who is this?") is turned into lookup keys (``network.text.
names``); contacts carry the same keys (ContactKey). The candidates are the contacts sharing
the most telling keys, found and ordered by the database (``candidates``); each is then
weighed comparison by comparison (``scoring``), and every signal is given back as a reason in
words. A profile address or an email is matched as such, whatever the name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from network.models import Contact, ContactEmail, KeyTally, NetworkProfile
from network.recognition.candidates import (
    key_counts,
    learned_companies,
    read_attached,
    sharing_keys,
    similar_name_ids,
)
from network.recognition.reasons import Said
from network.recognition.scoring import (
    LIKELY_BITS,
    Evidence,
    Verdict,
    judge,
    score_of,
    share_odds,
    stands_for,
)
from network.text import fold
from network.text.companies import company_key, company_tokens, company_words, headline_companies
from network.text.names import (
    contact_name,
    detail_words,
    former_name,
    parse_name,
    query_keys,
)
from network.text.profiles import ProfileURLError, parse_profile

# From this score on, a suggestion is "likely": the inbox flags the request as a possible
# match, and a new contact this close to an existing one is shown as a likely duplicate.
LIKELY = 70
CERTAIN = 95  # only a profile address or an email says "certain"; names stop below
SHOWN = 40
# A possible change of name (same first name at the same company) is shown from this score;
# below it, when its own evidence (before the odds are shared) reaches it, in a place of the
# first three (``_with_a_change_of_name``): another contact of that name elsewhere may hold
# most of the odds, and the user should still see whom it might be (the level says
# "possible").
SHOWN_NAME_CHANGE = 30
SHOWN_FIRST = 3  # the suggestions a reader takes in at a glance
LEARN_AT_MOST = 5000
COUNT_ONLY = ("c:", "co:", "g:", "f:")  # keys that weigh in a score but find no one
# What is read of a candidate: what it is compared on and what a suggestion shows (not its
# notes, search text or history: forty of them are read for each request).
WEIGHED_FIELDS = (
    "team_id", "given_name", "family_name", "display_name", "company", "position", "city",
    "archived_at", "owner_id",
)  # fmt: skip


def suggested_contacts(team):
    """The team's contacts as recognition reads them: what they are compared on and what a
    suggestion shows, with their owner's name (who knows them)."""
    return as_suggested(Contact.objects.filter(team=team))


def as_suggested(contacts):
    """``contacts`` with what recognition reads of them (``suggested_contacts``)."""
    return contacts.select_related("owner").only(
        *WEIGHED_FIELDS, "owner__display_name", "owner__email"
    )


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

    def all_keys(self) -> set[str]:
        keys = query_keys(
            self.name,
            company=self.company,
            headline=self.headline,
            city=self.city,
            email=self.email,
            message=self.message,
        )
        # A place the headline may name finds the people of that first name there too (so a
        # colleague in that city is not cut from a long list of namesakes).
        places = {fold(place) for place in self.places()}
        givens = parse_name(self.name).given_keys if places else set()
        return keys | {f"gt:{given}|{place}"[:255] for given in givens for place in places}

    def lookup_keys(self) -> set[str]:
        """The keys its candidates share with it (none without a name: a profile address or
        an email is looked up as such, never through name keys)."""
        if not self.name.strip():
            return set()
        return {key for key in self.all_keys() if not key.startswith(COUNT_ONLY)}

    def places(self) -> list[str]:
        """The parts of the headline not introduced as a company ("Lyon" in "Acheteuse chez
        Acme, Lyon"): compared with the contact's city."""
        return [text for text, introduced in headline_companies(self.headline) if not introduced]

    def segments(self) -> list[tuple[list[str], set[str], bool]]:
        """The parts of the company and headline that may name a company: their words,
        every token they answer to, and whether they are said to be a company."""
        parts = [(self.company, True)] if self.company.strip() else []
        parts += headline_companies(self.headline)
        found = []
        for text, introduced in parts:
            words = company_words(text)
            if words:
                found.append((words, company_tokens(text), introduced))
        return found


@dataclass
class Suggestion:
    contact: Contact
    score: int
    reasons: list[str] = field(default_factory=list)
    weight: float = 0.0  # the evidence behind the score: orders suggestions of equal score

    @property
    def level(self) -> str:
        if self.score >= CERTAIN:
            return "certain"
        return "likely" if self.score >= LIKELY else "possible"


def _evidence(team, query: Query, keys: set[str]) -> Evidence:
    segments = query.segments()
    tokens = {token for words, _tokens, _named in segments for token in words}
    counts = key_counts(team, keys | {f"c:{token}" for token in tokens} | {KeyTally.CONTACTS})
    size = counts.pop(KeyTally.CONTACTS)
    known = {token for token in tokens if counts.get(f"c:{token}")}
    # Short forms are learned from a sample of the contacts who answer to a word (at 100,000
    # contacts, some 600 answer to "socgen"); a word thousands answer to ("orange") is a
    # company's own name, with no short form to teach.
    learnable = {token for token in known if counts[f"c:{token}"] <= LEARN_AT_MOST}
    evidence = Evidence(
        name=parse_name(query.name),
        segments=[
            # A part whose every word is one of the team's company words names a company.
            (words, all_tokens, named or all(word in known for word in words))
            for words, all_tokens, named in segments
        ],
        learned=learned_companies(team, learnable),
        counts=counts,
        size=size,
        email=query.email,
        # "Acheteuse chez Acme, Lyon": a part of the headline that names no company may be
        # where they are, told as the city is.
        places={fold(text) for text in [query.city, *query.places()] if text.strip()},
        message_words=detail_words(query.message),
    )
    return evidence


def _contact_names(contact: Contact):
    current = contact_name(contact.given_name, contact.family_name, contact.display_name)
    names = [(current, "")]
    names += [(former_name(current, alias.name), alias.name) for alias in contact.alias_list]
    return names


def recognise(team, query: Query, *, limit: int = 5, viewer=None) -> list[Suggestion]:
    """Ranked suggestions among the team's contacts (archived ones included, and marked)."""
    return describe(rank(team, query, limit=limit), viewer)


def rank(team, query: Query, *, limit: int = 5) -> list[Suggestion]:
    """The suggestions and the reasons the comparison gives, before ``describe`` adds what
    is read as it is now and for whom (archived, which colleague knows them): what a cache
    may keep for every member."""
    found: dict[int, Suggestion] = {}
    judged: dict[int, Verdict] = {}  # what the comparison said of each candidate

    def add(contact: Contact, score: int, reasons: list[Said], weight: float = 0.0) -> None:
        entry = found.setdefault(contact.pk, Suggestion(contact, 0, weight=-math.inf))
        entry.score = max(entry.score, score)
        entry.weight = max(entry.weight, weight)
        entry.reasons += [reason for reason in reasons if reason not in entry.reasons]

    # A contact found by its profile or email is only shown: its names, emails and tags are
    # read for the candidates alone, which are weighed.
    contacts = suggested_contacts(team)
    if query.url:
        try:
            profile = parse_profile(query.url, network=query.network)
        except ProfileURLError:
            profile = None
        if profile is not None:
            for match in NetworkProfile.objects.filter(
                team=team, network=profile.network, handle=profile.handle
            ):
                add(
                    contacts.get(pk=match.contact_id),
                    100,
                    [Said(gettext_noop("same profile address"))],
                )
    if query.email:
        for match in ContactEmail.objects.filter(
            contact__team=team, email=query.email.strip().lower()
        ):
            add(contacts.get(pk=match.contact_id), 97, [Said(gettext_noop("same email address"))])

    if query.name.strip():
        keys = query.all_keys()
        evidence = _evidence(team, query, keys)
        learned = _learned_keys(evidence) - keys
        if learned:
            evidence.counts.update(key_counts(team, learned))
            keys |= learned
        lookup = {key: count for key, count in evidence.counts.items() if key in keys}
        lookup = {key: count for key, count in lookup.items() if not key.startswith(COUNT_ONLY)}
        candidates = sharing_keys(contacts, team, lookup, evidence.size)
        if not candidates:
            family = max(evidence.name.forms, key=len, default="")
            candidates = list(contacts.filter(pk__in=similar_name_ids(team, family)))
        # What hangs off the candidates is read into plain lists, in one query; how-we-met
        # details only when there is a message to compare them with.
        read_attached(candidates, details=bool(evidence.message_words))
        # Each candidate's names and emails, worked out once from what was read.
        read = [(contact, _contact_names(contact), _emails(contact)) for contact in candidates]
        _count_candidates(team, evidence, read)
        verdicts = []
        for contact, names, emails in read:
            tokens = company_tokens(contact.company, emails)
            tags = contact.tag_list if evidence.message_words else []
            verdicts.append(judge(evidence, contact, names, tokens, emails, tags))
        # A candidate that is "possible" at most (only the name alike) weighs no more than a
        # likely one when the odds are shared: a rare name a letter away must not crowd out
        # the colleague of the same first name at the company the headline names.
        shared = share_odds(
            [min(v.bits, LIKELY_BITS) if v.only_alike else v.bits for v in verdicts]
        )
        for contact, verdict, bits in zip(candidates, verdicts, shared, strict=True):
            most = LIKELY - 1 if verdict.only_alike else CERTAIN - 1
            add(contact, min(score_of(bits), most), verdict.reasons, verdict.bits)
            judged[contact.pk] = verdict

    backing = Backing.of(judged)
    suggestions = [
        entry
        for pk, entry in found.items()
        if entry.score >= (SHOWN_NAME_CHANGE if pk in backing.changes else SHOWN)
    ]
    suggestions.sort(key=_order)
    shown = _with_a_change_of_name(suggestions, found, backing.changes, backing.anchored)
    shown = _before_names_only_alike(shown, found, backing)[:limit]
    for entry in shown:  # only the reasons of what is shown are put in words
        entry.reasons = [reason.say() for reason in entry.reasons]
    return shown


def _order(entry: Suggestion) -> tuple:
    return (-entry.score, -entry.weight, entry.contact.name, entry.contact.pk)


def _with_a_change_of_name(
    shown: list[Suggestion], found: dict, changes: set[int], anchored: set[int]
) -> list[Suggestion]:
    """A person of that first name at the company the headline names (or whom the message
    recalls by a how-we-met detail), under another family name, may be the one who
    remarried: what the product is for. Namesakes elsewhere can hold most of the odds (three
    "Inès Germain" at other firms, each contradicted by the headline), so when none of the
    first three is anchored so, the likeliest change of name takes the third place, provided
    its own evidence, before the odds are shared, would show it. Its score stays what the
    shared odds make it, so it never comes first (the request's best match) nor before a
    likely suggestion: what keeps only the likely ones sees them as before, in order.

    A place of the first three left empty then goes to the next such change of name: when
    six contacts called David were at the crèche the message names, the odds they share
    put each below the display bar, and a namesake elsewhere should not leave a single one
    of them in view."""
    own = sorted(
        (found[pk] for pk in changes if score_of(found[pk].weight) >= SHOWN_NAME_CHANGE),
        key=_order,
    )
    if not own or not shown:
        return shown
    if not any(entry.contact.pk in anchored for entry in shown[:SHOWN_FIRST]):
        best = own[0]  # not among the first three: it would be anchored there
        rest = [entry for entry in shown if entry is not best]
        likely = sum(1 for entry in rest if entry.score >= LIKELY)
        place = max(min(SHOWN_FIRST - 1, len(rest)), likely)
        shown = [*rest[:place], best, *rest[place:]]
    free = SHOWN_FIRST - len(shown)
    if free > 0:
        shown = shown + [entry for entry in own if entry not in shown][:free]
    return shown


class Backing(NamedTuple):
    """What backs each candidate, by contact key, as the verdicts say it."""

    changes: set[int]  # possible changes of name, shown from a lower score
    anchored: set[int]  # the first name at the headline's company, or with a told detail
    alike: set[int]  # only the name is alike, and nothing else agrees
    alone: set[int]  # nothing but the name agrees (alike, or the same name elsewhere)
    told: set[int]  # a how-we-met detail of theirs is in the message

    @classmethod
    def of(cls, judged: dict[int, Verdict]) -> Backing:
        def having(flag: str) -> set[int]:
            return {pk for pk, verdict in judged.items() if getattr(verdict, flag)}

        return cls(*map(having, ("name_change", "anchored", "only_alike", "alone", "told")))


def _before_names_only_alike(
    shown: list[Suggestion], found: dict, backing: Backing
) -> list[Suggestion]:
    """The second and third places, when a name only alike holds them (a nickname or a typo
    of the name, and nothing else agrees), go to the next changes of name that something
    backs (the first name at the headline's company, or the how-we-met detail the message
    tells): "Alexandre Robert" at another firm says less of "Alex Robert, La Poste" than
    another Alex at La Poste. So do those held by a suggestion that its name alone backs, not
    likely (a namesake elsewhere), when the message tells how they met ("we were at HEC
    together"), to a change of name that detail backs: "Margot Dupont" twice elsewhere says
    less than Margot Faure, tagged HEC. Those are served first (only a told detail may take
    their place), then names alike. The ones displaced come right after the first three,
    still shown; the first place is never given, and the scores stay as the odds make them."""
    head = shown[:SHOWN_FIRST]
    backed = [
        found[pk]
        for pk in backing.changes
        if pk in backing.anchored and score_of(found[pk].weight) >= SHOWN_NAME_CHANGE
    ]
    waiting = sorted((entry for entry in backed if entry not in head), key=_order)
    told = [entry for entry in waiting if entry.contact.pk in backing.told]
    displaced = []

    def give(place: int, taking: list[Suggestion]) -> None:
        taken = taking[0]
        displaced.append(head[place])
        head[place] = taken
        waiting.remove(taken)
        if taken in told:
            told.remove(taken)

    # From the third place up: with fewer changes waiting than places that give way, the
    # weaker suggestion gives way, not the stronger.
    for place in range(len(head) - 1, 0, -1):
        entry = head[place]
        bare = entry.contact.pk in backing.alone and entry.contact.pk not in backing.alike
        if bare and entry.score < LIKELY and told:
            give(place, told)
    for place in range(len(head) - 1, 0, -1):
        pk = head[place].contact.pk
        if pk in backing.alike and pk not in backing.anchored and waiting:
            give(place, waiting)
    if not displaced:
        return shown
    head[1:] = sorted(head[1:], key=_order)
    displaced.sort(key=_order)
    return head + displaced + [entry for entry in shown[SHOWN_FIRST:] if entry not in head]


def describe(suggestions: list[Suggestion], viewer) -> list[Suggestion]:
    """Add the reasons that depend on the contact's state and on who is looking: archived,
    and which colleague (not the viewer) knows them. The contacts need their owner loaded."""
    for entry in suggestions:
        if entry.contact.is_archived:
            entry.reasons.append(_("archived contact"))
        owner = entry.contact.owner
        if owner is not None and (viewer is None or owner.pk != viewer.pk):
            entry.reasons.append(_("%(name)s knows them") % {"name": owner})
    return suggestions


def _learned_keys(evidence: Evidence) -> set[str]:
    """The first name at the company a short form stands for: "Pauline @ SocGen" finds the
    Paulines who write "Société Générale", whom the short form's own keys never reach."""
    keys: set[str] = set()
    seen: set[str] = set()
    for word, companies in evidence.learned.items():
        for company in companies:
            norm = company_key(company)
            if norm in seen or not stands_for(evidence, word, norm):
                continue
            seen.add(norm)
            for token in company_tokens(company):
                keys |= {f"gc:{given}|{token}"[:255] for given in evidence.name.given_keys}
    return keys


def _emails(contact: Contact) -> list[str]:
    return [email.email for email in contact.email_list]


def _count_candidates(team, evidence: Evidence, candidates: list[tuple]) -> None:
    """Add to the evidence the counts of the candidates' own keys it needs (their names,
    first names, company words, and first name with each how-we-met word the message
    mentions), in one query. ``candidates``: (contact, its names as
    ``_contact_names`` gives them, its emails)."""
    wanted = set()
    asked = {token for _words, tokens, _named in evidence.segments for token in tokens}
    asked_words = {word for words, _tokens, _named in evidence.segments for word in words}
    for contact, names, emails in candidates:
        for name, _alias in names:
            wanted |= {f"f:{form}" for form in name.forms}
            wanted.add(f"g:{name.given}")
        words = company_words(contact.company)
        wanted |= {f"c:{word}" for word in words}
        given = names[0][0].given  # the current name comes first
        # Only a word the query and the company share can weigh as "first name at company".
        shared = (set(words) & asked) | (company_tokens(contact.company, emails) & asked_words)
        wanted |= {f"gc:{given}|{word}" for word in shared}
        # How many of the team's people of their first name were told a detail the message
        # mentions: read for the candidate's own first name, which a nickname (Michel for
        # "Michael") does not share with the query's keys.
        for tag in contact.tag_list if evidence.message_words else ():
            told = detail_words(tag.detail) & evidence.message_words
            wanted |= {f"gm:{given}|{word}" for word in told}
    missing = wanted - set(evidence.counts)
    if missing:
        evidence.counts.update(key_counts(team, missing))
        evidence._idf.clear()  # rarities computed before are from fewer counts
