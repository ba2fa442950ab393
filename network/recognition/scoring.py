"""How likely a candidate is the sender, in the Fellegi–Sunter manner, with reasons in words.

Each comparison (first name, family name, company, email, city, how-we-met) agrees at some
level or disagrees; each outcome weighs log2(m / u) bits, where m is how often it happens
when the candidate is the sender and u how often it happens by chance. u comes from the
team's own key counts (term frequency, as Splink adjusts it), smoothed towards population
rates while the book is small: agreeing on "Martin" or on "Marie at Orange" says less than
agreeing on "Kerjean" or on "Marie at a firm of five". First name and company are weighed
together, by how many contacts share both. The bits, less the odds of picking one contact
out of the book, are set against the other candidates' (only one of them is the sender) and
mapped onto 0-99.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop
from jellyfish import damerau_levenshtein_distance

from network.recognition.reasons import Said, short_for
from network.text import fold
from network.text.companies import company_key, company_words, email_domain
from network.text.names import TYPO_MIN, Name, detail_words, email_local, sound
from network.text.nicknames import sex_of

P_NEIGHBOUR, P_SAME_SOUND = 1 / 1000, 1 / 300  # family names one letter off, sounding alike
PRIOR_SIZE = 1000  # a small book is helped by population rates, a large one speaks alone
P_GIVEN, P_FAMILY, P_COMPANY, P_GIVEN_AT = 1 / 150, 1 / 2000, 1 / 400, 1 / 30000
M_GIVEN = {"exact": 0.9, "nickname": 0.06, "compound": 0.04, "prefix": 0.03, "typo": 0.03}
M_GIVEN_DIFFERS = 0.002  # another first name altogether: a relative, a namesake
M_NAME_CHANGE = {"f": 0.1, "m": 0.02, "": 0.05}  # family name differs, same person
M_STRANGER = 0.02  # family name differs and nothing else (company, email, how-we-met) agrees
M_COMPANY = 0.85
M_OTHER_COMPANY = 0.02  # same person, the headline names another company (they moved)
M_PART = 0.05  # same person, writing one half of a double family name only
M_ALIKE = 0.1  # same person, the company written so that it shares only some of its words
AGREE, ALIKE = 0.6, 0.35
# A first name akin to theirs and the same family name, nothing else: "possible" when a
# stranger so named would meet one of the book's people that often by chance.
CHANCE_MEETING = 0.1
ALIKE_AT_MOST = 0.5  # neither company name holds the other: at best alike
# Words that extend a company's name ("Accenture France" is not Air France): little weight.
WEAK_WORDS = {"france", "europe", "international", "paris", "world", "global", "holding"}
SCALE, OFFSET = 3.6, 13.6
LIKELY_BITS = 30 / SCALE  # where ``score_of`` reaches 70
LIKELY_LOG_ODDS = math.log2(0.7 / 0.3)  # and what 70 means: seven chances in ten


@dataclass
class Evidence:
    """What the query tells, read once for every candidate."""

    name: Name
    segments: list[tuple[list[str], set[str], bool]]  # words, every token, names a company
    learned: dict[str, list[str]]
    counts: dict[str, int]
    size: int
    email: str = ""
    places: set[str] = field(default_factory=set)  # the city, and headline parts that may be one
    message_words: set[str] = field(default_factory=set)
    _norms: dict | None = None
    _idf: dict[str, float] = field(default_factory=dict)  # rarities, forgotten as counts grow

    def rate(self, key: str, prior: float, extra: float = 0.0) -> float:
        count = self.counts.get(key, 0) + extra
        return (count + PRIOR_SIZE * prior) / (self.size + PRIOR_SIZE)

    def idf(self, word: str) -> float:
        """A company word's rarity, computed once a query (600 asks for forty candidates)."""
        if word not in self._idf:
            rarity = math.log2((self.size + PRIOR_SIZE) / (self.counts.get(f"c:{word}", 0) + 1))
            self._idf[word] = rarity * (0.1 if word in WEAK_WORDS else 1)
        return self._idf[word]

    def learned_norms(self) -> dict[str, dict[str, int]]:
        if self._norms is None:
            self._norms = {}
            for word, companies in self.learned.items():
                counted = self._norms.setdefault(word, {})
                for company in companies:
                    counted[company_key(company)] = counted.get(company_key(company), 0) + 1
        return self._norms

    @property
    def names_a_company(self) -> bool:
        return any(named for _words, _tokens, named in self.segments)


def _given_level(query: Name, known: Name) -> str | None:
    if not query.given or not known.given:
        return None
    if query.given == known.given:
        return "exact"
    if query.given_keys & known.given_keys:
        return "nickname"
    asked, have = query.given.split(), known.given.split()
    if asked[0] == have[0] and (len(asked) > 1 or len(have) > 1):
        return "compound"  # "Jean" for "Jean-Pierre"
    asked, have = "".join(asked), "".join(have)
    if _two_sexes(asked, have):
        return None
    shorter, longer = sorted((asked, have), key=len)
    if len(shorter) >= 3 and longer.startswith(shorter):
        return "prefix"
    if len(shorter) >= TYPO_MIN and damerau_levenshtein_distance(asked, have) <= 1:
        return "typo"
    return None


# How French makes a woman's name of a man's: Luce, Denise, Danielle, Jeanne, Julienne,
# Paulette, Antoinette, Jeannette, Pauline, Jeannine.
FEMININE_ENDINGS = {"e", "le", "ne", "ette", "tte", "nette", "ine", "nine"}


def _two_sexes(one: str, other: str) -> bool:
    """Whether two first names are a man's and a woman's: two names, however alike they are
    written (Luc and Luce, Louis and Louise, Pascal and Pascale are not one name shortened
    or mistyped)."""
    if len({sex_of(one), sex_of(other)} - {""}) > 1:
        return True
    shorter, longer = sorted((one, other), key=len)
    return (
        longer.startswith(shorter)
        and longer[len(shorter) :] in FEMININE_ENDINGS
        and sex_of(shorter) != "f"
    )


def _covered(name: Name, shared: set[str]) -> bool:
    """Whether ``shared`` forms hold all of a family name: each of its words, or the name
    glued ("delafontaine" holds "de La Fontaine")."""
    return set(name.words) <= shared or bool(shared - set(name.words))


def _family_level(query: Name, known: Name, counts) -> tuple[str, str, str]:
    """(level, the contact's form, the query's form) for the closest pair of family forms."""
    shared = query.forms & known.forms
    if shared:
        rarest = min(shared, key=lambda form: (counts.get(f"f:{form}", 0), form))
        # "Routou-Bernard" and "Bernard" share a name, not the name: one half of a double
        # name is far likelier to be shared by chance than the whole.
        whole = _covered(query, shared) and _covered(known, shared)
        return ("exact" if whole else "part"), rarest, rarest
    for asked in sorted(query.forms):
        for have in sorted(known.forms):
            short = min(len(asked), len(have)) < TYPO_MIN
            if not short and damerau_levenshtein_distance(asked, have) <= 1:
                level = "typo+sound" if sound(asked) == sound(have) else "typo"
                return level, have, asked
    for asked in query.words:
        for have in known.words:
            if len(asked) > 2 and len(have) > 2 and sound(asked) == sound(have):
                return "sound", have, asked
    return "differs", "", ""


def _company(evidence: Evidence, company: str, tokens: set[str]) -> tuple[float, str]:
    """How well the query's company matches the contact's (0 to 1), and the rarest word they
    share: coverage of either side's words, each word weighed by its rarity among the
    team's companies; a word the team learned as this company's short form counts whole."""
    own = company_words(company)
    if not own:
        return 0.0, ""
    norm = company_key(company)
    best, shared_word = 0.0, ""
    for words, all_tokens, _named in evidence.segments:
        if not words:
            continue
        asked = [word for word in words if word in tokens or stands_for(evidence, word, norm)]
        have = [word for word in own if word in all_tokens]
        total_asked = sum(evidence.idf(word) for word in words)
        total_have = sum(evidence.idf(word) for word in own)
        cover = max(
            sum(evidence.idf(word) for word in asked) / total_asked if total_asked else 0.0,
            sum(evidence.idf(word) for word in have) / total_have if total_have else 0.0,
        )
        # One name holding the other ("Groupe Orange", "Orange") may be the same firm; two
        # names each with a word of its own ("Cabinet Mercier & Associés", "Mercier
        # Conseil") are two firms sharing a word: alike, not the same.
        if not _within(words, asked) and not _within(own, have):
            cover = min(cover, ALIKE_AT_MOST)
        if cover > best:
            matched = asked + have
            best = cover
            shared_word = max(matched, key=lambda word: (evidence.idf(word), word))
    return best, shared_word


def _within(words: list[str], matched: list[str]) -> bool:
    return all(word in matched or word in WEAK_WORDS for word in words)


def stands_for(evidence: Evidence, word: str, norm: str) -> bool:
    """Whether the team's contacts who answer to ``word`` mostly write their company as
    ``norm`` ("socgen" → "societe generale"), ``word`` not being one of its own words."""
    written = evidence.learned_norms().get(word)
    if not written or word in norm.split():
        return False
    agreeing = written.get(norm, 0)
    return agreeing >= 2 or agreeing / sum(written.values()) >= 0.3


@dataclass
class Verdict:
    bits: float  # evidence for this contact alone, on the scale of ``score_of``
    reasons: list[Said]
    # The name is only alike (a letter off, sounding alike, one half of a double family name)
    # and nothing else agrees: a stranger's is often that close in a large book, so this is
    # "possible", never "likely", however rare the names (the bits still rank them).
    only_alike: bool = False
    # Same first name at the same company (or with a how-we-met detail the message mentions),
    # another family name: perhaps a change of name, shown even behind a stronger candidate.
    name_change: bool = False
    # The same first name (or akin) at the company the headline names, or with a how-we-met
    # detail the message mentions: where a change of name is looked for.
    anchored: bool = False
    # Nothing but the name agrees (no company, email, city or how-we-met), and whether the
    # message tells one of their how-we-met details.
    alone: bool = False
    told: bool = False


def share_odds(bits: list[float]) -> list[float]:
    """Only one candidate can be the sender: each one's odds are set against the others'
    (three Maries at Orange, equally alike, are each a third as likely as one would be)."""
    odds = [2 ** (value - LIKELY_BITS + LIKELY_LOG_ODDS) for value in bits]
    total = sum(odds)
    return [math.log2(own / (1 + total - own)) + LIKELY_BITS - LIKELY_LOG_ODDS for own in odds]


def score_of(bits: float) -> int:
    return max(0, min(99, round(40 + SCALE * bits)))


def judge(
    evidence: Evidence,
    contact,
    names: list[tuple[Name, str]],
    tokens: set[str],
    emails: list[str],
    tags: list,
) -> Verdict:
    """Score ``contact`` (its current name first in ``names``, then its former names with
    their text; ``tokens`` the words its company answers to; its email addresses; its
    how-we-met tags, read only when the query has a message) against the query, with the
    reasons a person would give."""
    query, counts = evidence.name, evidence.counts
    current = names[0][0]
    level = _given_level(query, current)
    family, family_alias, family_form, asked_form = "none", "", "", ""
    if query.forms:
        ranking = ["exact", "part", "typo+sound", "typo", "sound", "differs"]
        family = "differs"
        for known, alias in names:
            found, have, asked = _family_level(query, known, counts)
            if ranking.index(found) < ranking.index(family):
                family, family_alias, family_form, asked_form = found, alias, have, asked
    cover, word = _company(evidence, contact.company, tokens)
    given_rate = evidence.rate(f"g:{current.given}", P_GIVEN)
    # "Jean" for "Jean-François", "Christophe" for a Chris: a stranger so named meets them by
    # chance as often as the commoner of the two names is met (432 Christophe in the Faker
    # book, 18 Chris: a Chris at Accenture came before the ten Christophe there). At the
    # company, it also counts the colleagues the team does not know (``unseen`` below).
    akin = level in ("compound", "nickname", "prefix")
    if akin:
        given_rate = max(given_rate, evidence.rate(f"g:{query.given}", P_GIVEN))
    reasons: list[Said] = []
    bits = -math.log2(evidence.size + PRIOR_SIZE) + OFFSET

    if level and cover >= ALIKE:
        # The colleagues the team does not know: a company with many contacts in the book
        # is a large one, with many more people of that first name outside it.
        # (head count grows faster than the team's contacts there: about as their 1.67th
        # power when contacts are drawn from staff at the 0.6th, as the bench's book is).
        # A company written alike ("Cabinet … & Associés" for another cabinet) is weighed the
        # same way by the word both share, less likely written so by the same person: sharing
        # a word hundreds of firms use says little, however rare the first name.
        staff = counts.get(f"c:{word}", 0)
        unseen = staff * staff**0.67 * given_rate
        rate = evidence.rate(f"gc:{current.given}|{word}", P_GIVEN_AT, extra=unseen)
        written = M_COMPANY if cover >= AGREE else M_ALIKE
        bits += math.log2(M_GIVEN[level] * written / rate)
    elif level:
        factor = 1 if level in ("exact", "nickname") else 3
        bits += math.log2(M_GIVEN[level] / (factor * given_rate))
    elif query.given:
        bits += math.log2(M_GIVEN_DIFFERS)
    if cover >= AGREE and not level:
        bits += math.log2(M_COMPANY / evidence.rate(f"c:{word}", P_COMPANY))
    elif cover < ALIKE and evidence.names_a_company and company_words(contact.company):
        bits += math.log2(M_OTHER_COMPANY)
    elif ALIKE <= cover < AGREE and not level:
        alike = math.log2(M_ALIKE / evidence.rate(f"c:{word}", P_COMPANY))
        bits += max(math.log2(M_OTHER_COMPANY), min(1.0, alike))

    email_names = {email_local(email) for email in emails} - {""}
    same_local = bool(evidence.email) and email_local(evidence.email) in email_names
    if same_local:
        bits += 8
    domains = {email_domain(email) for email in emails} - {""}
    same_domain = bool(evidence.email) and email_domain(evidence.email) in domains
    if same_domain and level and cover < AGREE:
        bits += 4
    same_city = bool(contact.city) and fold(contact.city) in evidence.places
    if same_city and level:
        bits += 2
    met = None
    if evidence.message_words:
        told = evidence.message_words
        met = next((tag for tag in tags if detail_words(tag.detail) & told), None)
        if met is not None:
            shared = detail_words(met.detail) & told
            # Told by how many of the team's people of this first name: the fewer, the better.
            sharing = min(counts.get(f"gm:{current.given}|{word}", 1) for word in shared)
            bits += max(2.0, 6 - math.log2(max(1, sharing)))
    # A new family name is only a change of name when something else says it is them.
    corroborated = cover >= AGREE or same_local or same_domain or met is not None
    family_rate = evidence.rate(f"f:{family_form}", P_FAMILY)
    chance = 1 + counts.get(f"f:{asked_form}", 0)  # the name asked for is someone else's too
    if family == "exact":
        bits += math.log2((0.9 if not family_alias else 0.8) / family_rate)
    elif family == "part":
        bits += math.log2(M_PART / family_rate)
    elif family in ("typo", "typo+sound"):
        # A name one letter away from another is common: a rare name has many neighbours.
        nearby = max(4 * family_rate, P_NEIGHBOUR) * chance
        bits += math.log2((0.05 if family == "typo+sound" else 0.04) / nearby)
    elif family == "sound":
        # A sound code (three consonants or so) is shared by many names.
        bits += math.log2(0.02 / (max(10 * family_rate, P_SAME_SOUND) * chance))
    elif family == "differs":
        bits += math.log2(M_NAME_CHANGE[sex_of(current.given)] if corroborated else M_STRANGER)

    alone = not (corroborated or (same_city and level))
    alike_only = alone and (family in ("part", "typo", "typo+sound", "sound") or level == "typo")
    if alone and family == "exact" and akin:
        # A first name only akin to theirs ("Luc" for Lucas, "Jean" for Jean-Marc) beside a
        # family name others bear too: how many of the book's people a stranger so named
        # would meet by chance. Beside "Martin" that is often someone; beside "Kerjean",
        # seldom, and the name alone may then say "likely".
        alike_only = evidence.size * family_rate * given_rate >= CHANCE_MEETING
    name_text = contact.name
    differs = (
        Said(gettext_noop("family name differs (a change of name?)"))
        if family == "differs"
        else None
    )
    if family == "exact" and level == "exact":
        former = Said(gettext_noop("former name “%(name)s”"), {"name": family_alias})
        reasons.append(former if family_alias else Said(gettext_noop("same name")))
    elif family == "exact" and level:
        # The first name is not written the same: the reason below says how it differs.
        reasons.append(Said(gettext_noop("same family name")))
        if family_alias:
            reasons.append(Said(gettext_noop("former name “%(name)s”"), {"name": family_alias}))
    elif family == "exact":
        reasons.append(Said(gettext_noop("same family name, another first name")))
    elif family == "part":
        reasons.append(Said(gettext_noop("one of their family names is the same")))
    if level in ("nickname", "prefix"):
        asked, written = evidence.name.given.title(), contact.given_name or name_text
        reasons.append(short_for(query, current, asked, written))
    elif level in ("typo", "compound"):
        reasons.append(Said(gettext_noop("first name spelt differently (a typo?)")))
    if family == "typo+sound" and level:
        reasons.append(Said(gettext_noop("same first name, family name sounds alike")))
    elif family in ("typo", "typo+sound", "sound"):
        reasons.append(Said(gettext_noop("very similar name (a typo?)")))
    if cover >= AGREE:
        if level:
            reasons.append(
                Said(
                    gettext_noop("same first name, same company (%(company)s)"),
                    {"company": contact.company},
                    then=differs,
                )
            )
            sharing = counts.get(f"gc:{current.given}|{word}", 0)
            if family == "differs" and sharing > 1:
                reasons.append(
                    Said(
                        gettext_noop("%(count)s contacts with this first name at %(company)s"),
                        {"count": sharing, "company": contact.company},
                    )
                )
        else:
            reasons.append(
                Said(
                    gettext_noop("the headline mentions %(company)s"), {"company": contact.company}
                )
            )
    elif ALIKE <= cover < AGREE and level:
        reasons.append(
            Said(
                gettext_noop("same first name, company name alike (%(company)s)"),
                {"company": contact.company},
                then=differs,
            )
        )
    elif cover < ALIKE and evidence.names_a_company and company_words(contact.company):
        reasons.append(
            Said(
                gettext_noop("the headline names another company than %(company)s"),
                {"company": contact.company},
            )
        )
    if same_local:
        reasons.append(Said(gettext_noop("same email name")))
    if same_domain and level and cover < AGREE:
        reasons.append(Said(gettext_noop("same first name, same email domain")))
    if same_city and level:
        reasons.append(Said(gettext_noop("same first name, same city")))
    if met is not None:
        reasons.append(
            Said(gettext_noop("the message mentions “%(detail)s”"), {"detail": met.detail})
        )
    if alike_only:
        reasons.append(
            Said(
                gettext_noop("only the name is alike: no company, email, city or how-we-met agrees")
            )
        )
    anchored = bool(level) and (cover >= AGREE or met is not None)
    name_change = family == "differs" and anchored
    if name_change and cover < ALIKE:  # told by the message alone: no company reason said it
        reasons.append(differs)
    return Verdict(
        bits, reasons, alike_only, name_change, anchored, alone=alone, told=met is not None
    )
