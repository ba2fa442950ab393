"""Who to score: the contacts a query may be, found in the database, never by a scan.

Every kind of key is one list of candidates (full name, first name with family name, with
the halves of either (a typo leaves one whole), family name with first initial, sound, first
name with a company word, an email domain, a city, a how-we-met word; the email's local
part). The lists are unioned and cut in one query that sums, per contact, the weight of the
keys it shares; a key's weight grows as it gets rarer in the team (log of the team's size
over the key's count, as term-frequency adjusted record linkage does), and the database
orders by it, keeping besides the best few by the name's keys alone and by the other keys. A
key shared by too many contacts says too little to find anyone by and is left out of the sum
(its count still weighs in the score). On PostgreSQL, when no contact shares any key with
the query, a trigram index adds the most alike family names (``pg_trgm``): it catches what
typo keys cannot (two typos), at a cost paid only then.
"""

from __future__ import annotations

import math
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.module_loading import import_string

from config.prepared import rows_of
from network.models import Contact, ContactAlias, ContactEmail, ContactKey, ContactTag, KeyTally

MAX_CANDIDATES = 40
MAX_KEY_COUNT = 400  # a key shared by more contacts finds no one in particular
KIND_WEIGHT = {
    "n": 4.0, "gf": 3.0, "el": 4.0, "gd": 1.0, "dg": 1.0, "i": 1.5, "s": 1.0, "gc": 2.0,
    "ge": 1.5, "gt": 0.5, "gm": 2.0,
}  # fmt: skip
# The kinds of key that tell the name alone (full name, first name with family name, their
# halves, family name with first initial, sound): the other kinds tell what surrounds it.
NAME_KINDS = frozenset({"n", "gf", "gd", "dg", "i", "s"})
SIGNAL_CANDIDATES = 5  # the best by the name alone, and by what surrounds it, besides
TRIGRAM_LIMIT = 20
TRIGRAM_ALIKE = 0.4


def key_counts(team, keys) -> dict[str, int]:
    """How many of the team's contacts carry each key (absent keys: 0), as the current
    transaction sees them: tallies the database keeps as keys are written (``KeyTally``),
    read in one indexed query (counting the keys' rows took 23 ms for a query's keys at
    100,000 contacts). ``KeyTally.CONTACTS`` among the keys reads the team's size with them."""
    return KeyTally.read(team.pk, keys)


def _forget_versions(*keys: str) -> None:
    """Drop these versions now and again once the transaction commits (what is cached in
    between, from rows about to change, is then never read)."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _suggestions_version_key(team_id: int) -> str:
    return f"recognition:suggestions-version:{team_id}"


def forget_suggestions(*, team_id: int, **_kwargs) -> None:
    """Something recognition reads of the team's contacts changed (or may have): a name, a
    company, a city, a former name, an email, a profile, a how-we-met detail, keys written
    in bulk, a contact added or gone. The suggestions cached for its requests are dropped,
    now and again once the transaction commits (a suggestion made in between from the old
    rows is not kept)."""
    _forget_versions(_suggestions_version_key(team_id))


def suggestions_version(team_id: int) -> str:
    """The version the team's suggestions are cached under: read before recognition reads
    any row, so that what it finds is kept under the version it was made from."""
    key = _suggestions_version_key(team_id)
    version = cache.get(key)
    if version is None:
        fresh = uuid.uuid4().hex
        # The first to come sets it; another read only when someone came first.
        version = fresh if cache.add(key, fresh, timeout=None) else (cache.get(key) or fresh)
    return version


def redis_unless_set(setting: str) -> bool:
    """Whether to cache in the default cache: the ``setting`` when it is set (True or
    False), else only when that cache is Redis (Django's backend or one made from it, as
    ``config.cache``'s)."""
    chosen = getattr(settings, setting, None)
    if chosen is not None:
        return bool(chosen)
    return issubclass(import_string(settings.CACHES["default"]["BACKEND"]), RedisCache)


def key_weight(key: str, count: int, size: int) -> float:
    kind = key.partition(":")[0]
    if kind not in KIND_WEIGHT or not count or count > MAX_KEY_COUNT:
        return 0.0
    return round(KIND_WEIGHT[kind] * math.log2((size + 1) / count), 3)


def sharing_keys(contacts: QuerySet, team, counts: dict[str, int], size: int) -> list[Contact]:
    """The contacts sharing the most telling keys with the query (``contacts`` says what is
    read of them), in one query: the keys' ranking is its subquery (read apart, their ids
    were one more round trip for every request recognised). The weights are a table the keys
    are joined with (a ``CASE`` of forty branches cost 15 ms to build and evaluate, the join
    2).

    The best ``MAX_CANDIDATES`` by the sum of their keys' weights, and besides them the best
    ``SIGNAL_CANDIDATES`` by the name alone (``NAME_KINDS``) and by what surrounds it (first
    name with a company word, a city, an email, a how-we-met word): a rare family name must
    not be crowded out by many namesakes of a short form at firms named alike ("Mat Toupain,
    Cabinet Raarel & Associés": sixty Mathieu and Matthieu at some "Cabinet ... & Associés"
    outweighed the one Mathilde Toupain)."""
    weights = {key: key_weight(key, count, size) for key, count in counts.items()}
    weights = {key: weight for key, weight in sorted(weights.items()) if weight > 0}
    if not weights:
        return []
    rows = ", ".join(["(%s, %s, %s)"] * len(weights))  # placeholders only: the keys are params
    table = connection.ops.quote_name(ContactKey._meta.db_table)
    sql = (
        f"WITH weight(wanted, worth, named) AS (VALUES {rows}), "  # noqa: S608
        "shared AS (SELECT k.contact_id AS id, SUM(weight.worth) AS total, "
        "SUM(weight.worth * weight.named) AS by_name, "
        "SUM(weight.worth * (1 - weight.named)) AS around "
        f"FROM {table} k JOIN weight ON k.key = weight.wanted "
        "WHERE k.team_id = %s GROUP BY k.contact_id) "
        "SELECT id FROM (SELECT id FROM shared ORDER BY total DESC, id LIMIT %s) best "
        "UNION SELECT id FROM (SELECT id FROM shared WHERE by_name > 0 "
        "ORDER BY by_name DESC, id LIMIT %s) named "
        "UNION SELECT id FROM (SELECT id FROM shared WHERE around > 0 "
        "ORDER BY around DESC, id LIMIT %s) told"
    )
    params = [
        value
        for key, weight in weights.items()
        for value in (key, weight, int(key.partition(":")[0] in NAME_KINDS))
    ]
    limits = [MAX_CANDIDATES, SIGNAL_CANDIDATES, SIGNAL_CANDIDATES]
    ranked = RawSQL(sql, [*params, team.pk, *limits])  # noqa: S611 - values are params
    return list(contacts.filter(pk__in=ranked))


def similar_name_ids(team, family: str) -> list[int]:
    """PostgreSQL only: the contacts whose family name is most alike by trigrams (the GIN
    trigram index answers ``%``), most alike first; the same name is not "alike" (it is
    found by its keys, and alone says too little to list everyone who bears it)."""
    if connection.vendor != "postgresql" or len(family) < 4:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_id FROM network_contactkey "
            "WHERE team_id = %s AND key LIKE 'f:%%' AND substr(key, 3) %% %s "
            "AND substr(key, 3) <> %s AND similarity(substr(key, 3), %s) >= %s "
            "ORDER BY similarity(substr(key, 3), %s) DESC, contact_id LIMIT %s",
            [team.pk, family, family, family, TRIGRAM_ALIKE, family, TRIGRAM_LIMIT],
        )
        return [row[0] for row in cursor.fetchall()]


def learned_companies(team, tokens: set[str], sample: int = 40) -> dict[str, list[str]]:
    """What the team's contacts who answer to each company word write as their company:
    "socgen" (the domain of their email) → ["Société Générale", ...]. Read on a sample of
    those contacts (the first ``sample`` of each word in the key index, each word with its
    own limit: no sort of all who answer to it, which cost 5-13 ms for 600-1,300 of them):
    it learns a habit, it does not look anyone up."""
    if not tokens:
        return {}
    table = connection.ops.quote_name(ContactKey._meta.db_table)
    part = (
        f"SELECT * FROM (SELECT key, contact_id FROM {table} "  # noqa: S608 - names, no values
        "WHERE team_id = %s AND key = %s LIMIT %s) AS sampled"
    )
    words = sorted(tokens)
    params = [value for token in words for value in (team.pk, f"c:{token}", sample)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([part] * len(words)), params)
        rows = cursor.fetchall()
    companies = dict(
        Contact.objects.filter(pk__in={contact for _key, contact in rows}).values_list(
            "pk", "company"
        )
    )
    written: dict[str, list[str]] = {}
    for key, contact in rows:
        written.setdefault(key[2:], []).append(companies.get(contact, ""))
    return written


class FormerName(NamedTuple):
    name: str


class Email(NamedTuple):
    email: str


class Detail(NamedTuple):
    detail: str


_ALIAS, _EMAIL, _TAG = 0, 1, 2


def read_attached(candidates: list[Contact], *, details: bool) -> None:
    """Give each candidate its former names (``alias_list``: rows with ``name``), emails
    (``email_list``: ``email``) and, with ``details``, how-we-met details (``tag_list``:
    ``detail``), in the order their models list them, read in one query for all. Three
    prefetches cost three queries and a model instance per row: a sixth of recognition's
    time for forty candidates, to read three columns."""
    for contact in candidates:
        contact.alias_list, contact.email_list, contact.tag_list = [], [], []
    if not candidates:
        return
    by_pk = {contact.pk: contact for contact in candidates}
    # Each model's order (aliases by creation, emails by key, tags by category) is what the
    # last three columns sort on, within each kind.
    parts = [
        (ContactAlias, "contact_id, name, created_at, 0, id"),
        (ContactEmail, "contact_id, email, NULL, 0, id"),
    ]
    if details:
        parts.append((ContactTag, "contact_id, detail, NULL, category_id, id"))
    rows = rows_of(parts, "contact_id", by_pk)
    rows.sort(key=lambda row: (row[0], row[3] if row[0] == _ALIAS else 0, row[4], row[5]))
    for kind, contact_id, text, _moment, _category, _pk in rows:
        contact = by_pk[contact_id]
        if kind == _ALIAS:
            contact.alias_list.append(FormerName(text))
        elif kind == _EMAIL:
            contact.email_list.append(Email(text))
        else:
            contact.tag_list.append(Detail(text))
