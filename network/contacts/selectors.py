"""Reads of the address book that views share: the filtered, sorted contact list, and what
is attached to a contact for its page."""

from __future__ import annotations

from typing import NamedTuple

from django.db import connection
from django.db.models import QuerySet, Subquery, prefetch_related_objects
from django.db.models.expressions import RawSQL

from config.params import clean_search, clean_text, parse_int
from config.prepared import PreparedRead, read_together, rows_of
from network.categories.selectors import team_categories
from network.models import (
    AccessLevel,
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
from network.text import search_terms

__all__ = [
    "SORTS",
    "contact_page_rows",
    "contact_in_team",
    "contacts_by_key",
    "filtered_contacts",
    "merged_into",
    "read_list_extras",
    "parse_int",
]

# The list's filters besides the state and the search (each given when non-empty).
FILTERS = ("category", "network", "access", "owner")
SORTS = {
    "name": ("sort_key", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "-created": ("-created_at", "-pk"),
}


def filtered_contacts(team, viewer, params) -> tuple[QuerySet[Contact], bool]:
    """The contacts the list shows for ``params`` (the query string), in the chosen order,
    and whether any filter beyond the default one is active."""
    contacts = Contact.objects.filter(team=team)
    state = params.get("state", "active")
    if state == "archived":
        contacts = contacts.filter(archived_at__isnull=False)
    elif state != "all":
        contacts = contacts.filter(archived_at__isnull=True)
    if query := clean_search(params.get("q")):
        contacts = contacts.search(query)
    if category := params.get("category", ""):
        contacts = contacts.filter(tags__category_id=parse_int(category))
    if network := clean_text(params.get("network"), 20):
        contacts = contacts.filter(profiles__network=network)
    access = params.get("access", "")
    if access == "full":
        contacts = contacts.filter(profiles__access=AccessLevel.FULL)
    elif access == "limited":
        contacts = contacts.filter(profiles__access__in=AccessLevel.limited())
    elif access == "none":
        contacts = contacts.exclude(profiles__access__in=[AccessLevel.FULL, *AccessLevel.limited()])
    owner = params.get("owner", "")
    if owner == "me":
        contacts = contacts.filter(owner=viewer)
    elif owner == "nobody":
        contacts = contacts.filter(owner__isnull=True)
    elif owner:
        contacts = contacts.filter(owner_id=parse_int(owner))
    sort = params.get("sort", "name")
    contacts = contacts.order_by(*SORTS.get(sort, SORTS["name"]))
    if category or network or access in {"full", "limited"}:
        contacts = contacts.distinct()
    active_filters = state != "active" or any(params.get(key) for key in ("q", *FILTERS))
    return contacts, active_filters


LOOKUP_FIELDS = (
    "team_id", "given_name", "family_name", "display_name", "company", "archived_at", "owner_id",
)  # fmt: skip


def lookup_contacts(team, query: str, exclude: int, limit: int = 8) -> list[Contact]:
    """The first ``limit`` contacts matching ``query`` (the pickers' short list): current
    contacts in list order, then archived ones (marked) when fewer match, with their owner
    (who knows them). Current ones are found as a search's first page is (``search_page``):
    sorting every match of all contacts took 16-30 ms at 100,000 for "ma", "martin" or
    "lyon"."""
    read = (
        Contact.objects.select_related("owner")
        .only(*LOOKUP_FIELDS, "owner__display_name", "owner__email")
        .order_by(*SORTS["name"])
    )
    matching = read.filter(team=team).search(query).exclude(pk=exclude)
    current = matching.filter(archived_at__isnull=True)
    found = None
    if _indexed(query):
        found = list(read.filter(pk__in=_walked_ids(team, query, limit, exclude)))
        if len(found) < limit:
            sorted_ = _sorted_matches(current, 1, LOOKUP_FIELDS, limit, limit)
            found = None if sorted_ is None else sorted_[0]
            prefetch_related_objects(found or [], "owner")
    if found is None:  # a word too short, or everywhere in the order: the walk
        found = list(current[:limit])
    if len(found) < limit:
        found += matching.filter(archived_at__isnull=False)[: limit - len(found)]
    return found


SEARCH_PROBE = 5000  # a search that matches more is spread through the book
SEARCH_WALKED = 2500  # what a page of a word matching one contact in a hundred takes
MAX_PAGE = 10**6  # past any list: asked for, the last page is given


def search_page(
    contacts: QuerySet, params, page: tuple[tuple[str, ...], int], *, team, current: int, shown: int
) -> tuple[list[Contact], int, int] | None:
    """The page of a search that ``params`` asks for, in name order (``page``: the fields read
    and the rows a page holds), how many it matches (past ``shown``, any number above it)
    and the page's number, as the paginator numbers pages that stop at ``shown`` matches.

    The list's order cannot always be walked from its start: a family name's bearers sit
    together, as far into the order as the name is in the alphabet (at 100,000 contacts,
    "Williams" walked 70,000 rows for its first page, 69 ms). So a first page is looked for
    among the first SEARCH_WALKED contacts of the order (a word matching one contact in a
    hundred has one there), with the count beside it (up to ``shown`` + 1); when they do not
    hold it, or for a later page, the search's matches are found through its index and
    sorted, up to SEARCH_PROBE of them, with their count, in one query.

    None, to walk the list's order instead: the list is sorted otherwise, a word has fewer
    than three letters (no trigram index finds it), or more than SEARCH_PROBE match (a word
    that common is everywhere in the order, and the walk finds a page at once)."""
    if tuple(contacts.query.order_by) != SORTS["name"] or not _indexed(params.get("q")):
        return None
    fields, size = page
    asked = _asked_page(params.get("page"))
    if asked == 1 and current > SEARCH_WALKED:  # ``current``: the team's current contacts
        if _only_searched(params):
            ids = _walked_ids(team, params.get("q"), size)
            walked = Contact.objects.filter(pk__in=ids).order_by(*SORTS["name"])
        else:  # other filters: the start of the order, bounded by a key
            walked = contacts.filter(sort_key__lte=Subquery(_walk_edge(team)))
        rows, count = first_page_counted(contacts, shown, fields, size, rows_of=walked)
        if len(rows) == size or (rows and count == len(rows)):
            return rows, count, 1
    return _sorted_matches(contacts, asked, fields, size, shown)


def _indexed(query: str | None) -> bool:
    """Whether a search's matches can be found through the trigram index: each of its words
    has three letters or more (an index of trigrams cannot find "ma")."""
    return min(map(len, search_terms(clean_search(query))), default=0) >= 3


def _only_searched(params) -> bool:
    """Whether the list is the team's current contacts searched, and nothing else."""
    return params.get("state", "active") == "active" and not any(map(params.get, FILTERS))


def _walked_ids(team, query: str | None, size: int, exclude: int | None = None) -> RawSQL:
    """The ids of the first ``size`` current contacts matching ``query`` (but ``exclude``)
    among the team's first SEARCH_WALKED current contacts in list order, as a subquery. On
    PostgreSQL the order's index carries the search text (``contact_active_search``, where
    it fits an index entry: ``search_head``), so the walk reads that index alone: looked for
    in the table, a word none of the first contacts bear cost 3 ms at 100,000 contacts
    (2,500 rows read), 1 ms so. A text too long for the index is looked for in the table.
    The words are compared as ``Contact.search`` compares them (``contains``)."""
    window = _current_in_order(team).values("pk", "sort_key", "search_head")[:SEARCH_WALKED]
    sql, params = window.query.sql_with_params()
    terms = search_terms(clean_search(query))
    contains = connection.operators["contains"]  # "LIKE %s", with its escape on SQLite
    patterns = [f"%{connection.ops.prep_for_like_query(term)}%" for term in terms]
    table = connection.ops.quote_name(Contact._meta.db_table)
    in_head = " AND ".join([f"w.search_head {contains}"] * len(terms))
    in_text = " AND ".join([f"c.search_text {contains}"] * len(terms))
    where = (
        f"(({in_head}) OR (w.search_head IS NULL AND EXISTS (SELECT 1 FROM {table} c "  # noqa: S608
        f"WHERE c.id = w.pk AND {in_text})))"
    )
    values = [*patterns, *patterns]
    if exclude is not None:
        where += " AND w.pk <> %s"
        values.append(exclude)
    return RawSQL(  # noqa: S611 - every value is a param
        f"SELECT w.pk FROM ({sql}) w WHERE {where} "  # noqa: S608 - names, no values
        "ORDER BY w.sort_key, w.pk LIMIT %s",
        [*params, *values, size],
    )


def _walk_edge(team) -> QuerySet:
    """The sort key of the team's SEARCH_WALKED-th current contact in list order (none in a
    smaller book): the end of the first contacts walked. Any key would keep what is found
    right (the walk is a start of the order); this one bounds its cost."""
    return _current_in_order(team).values("sort_key")[SEARCH_WALKED - 1 :][:1]


def _current_in_order(team) -> QuerySet:
    """The team's current contacts in list order: what a search's first page walks."""
    return Contact.objects.filter(team=team, archived_at__isnull=True).order_by(*SORTS["name"])


def _sorted_matches(
    contacts: QuerySet, asked: int, fields: tuple[str, ...], size: int, shown: int
) -> tuple[list[Contact], int, int] | None:
    """Page ``asked`` of the search's matches, found through its index (at most SEARCH_PROBE
    + 1 of them) and sorted, their count and the page's number, in one query; None when
    more match."""
    found = contacts.order_by().values("pk", "sort_key")[: SEARCH_PROBE + 1]
    inner, inner_params = found.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(f"c.{quote(Contact._meta.get_field(name).column)}" for name in fields)
    # The offset of the last page shown, from the count: a page asked past it is that one.
    last = "((CASE WHEN COUNT(*) < %s THEN COUNT(*) ELSE %s END) - 1) / %s * %s"
    sql = (
        # Read twice, the matches are computed once (both databases keep such a CTE).
        f"WITH matched(id, sort_key) AS ({inner}) "  # noqa: S608 - params only
        f"SELECT c.id, {columns}, (SELECT COUNT(*) FROM matched) AS matched "
        f"FROM {quote(Contact._meta.db_table)} c WHERE c.id IN "
        "(SELECT id FROM matched ORDER BY sort_key, id LIMIT %s OFFSET "
        f"(SELECT CASE WHEN %s < {last} THEN %s ELSE {last} END FROM matched)) "
        "ORDER BY c.sort_key, c.id"
    )
    offset, bounds = (asked - 1) * size, [shown, shown, size, size]
    values = [*inner_params, size, offset, *bounds, offset, *bounds]
    rows = list(Contact.objects.raw(sql, values))
    count = rows[0].matched if rows else 0
    if count > SEARCH_PROBE:
        return None
    listed = min(count, shown)  # pages stop at what is shown
    number = min(asked, max(1, -(-listed // size)))
    return rows[: listed - (number - 1) * size], count, number


def _asked_page(value) -> int:
    """The page number asked for, read as ``Paginator.get_page`` reads it: not a number is
    the first page, a number below 1 the last one (MAX_PAGE, which the database brings back
    to the last page as it does any page past the end)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(number, MAX_PAGE) if number >= 1 else MAX_PAGE


def counted(contacts: QuerySet, cap: int | None) -> QuerySet:
    """What a filtered list counts: its contacts, up to one past ``cap`` when there is one."""
    keys = contacts.order_by().values("pk")
    return keys if cap is None else keys[: cap + 1]


def first_page_counted(
    contacts: QuerySet,
    cap: int | None,
    fields: tuple[str, ...],
    size: int,
    rows_of: QuerySet | None = None,
) -> tuple[list[Contact], int]:
    """A filtered list's first page (``size`` rows, ``fields`` read; from ``rows_of``, the
    first part of ``contacts``, when given) and its count (up to ``cap`` + 1), in one query:
    the count is a subquery the database runs once beside the rows, so the page pays one
    round trip and one query built, not two (a search's first page, the one a search lands
    on). No row: nothing matched (in ``rows_of``), and nothing was counted."""
    sql, params = counted(contacts, cap).query.sql_with_params()
    count = RawSQL(f"SELECT COUNT(*) FROM ({sql}) counted", params)  # noqa: S608,S611 - params
    rows_of = contacts if rows_of is None else rows_of  # (a queryset's truth reads it all)
    rows = list(rows_of.only(*fields).annotate(matched=count)[:size])
    return rows, rows[0].matched if rows else 0


def contacts_by_key(team_id: int, keys: QuerySet, fields: tuple[str, ...]) -> list[Contact]:
    """The team's contacts whose keys ``keys`` gives (a page of the list: a slice of its keys,
    ordered by the contact's own fields, as ``filtered_contacts`` orders them), with
    ``fields`` alone, in that order. One query: the keys are its subquery, so only the page's
    rows are read from the table."""
    contacts = Contact.objects.filter(team_id=team_id, pk__in=keys).only(*fields)
    return list(contacts.order_by(*keys.query.order_by))


def merged_into(team, pk: int) -> Contact | None:
    """The contact of ``team`` that the merged-away contact ``pk`` became, or None if ``pk``
    was never merged in this team. A merge's history entry follows its contact into any later
    merge, so it always points at the contact that holds the person today."""
    change = (
        ContactChange.objects.filter(
            action=ContactChange.Action.MERGED, contact__team=team, data__merged__id=str(pk)
        )
        .select_related("contact")
        .first()
    )
    return change.contact if change else None


_ATTACHED = {
    name: PreparedRead(lambda pk, model=model: model.objects.filter(contact_id=pk), back="contact")
    for name, model in {
        "aliases": ContactAlias,
        "emails": ContactEmail,
        "phones": ContactPhone,
        "profiles": NetworkProfile,
        "past_positions": PastPosition,
        "tags": ContactTag,
    }.items()
}


def contact_page_rows(
    contact: Contact, team_categories_read: list | None = None
) -> tuple[dict[str, list], list[ContactChange], list[Contact]]:
    """What a contact's page lists, by ``PreparedRead`` (a page view compiles no queryset for
    them: 4.4 ms through ``prefetch_related`` at 100,000 contacts) and in one round trip
    where the database allows it (``read_together``): the rows attached, by relation
    (``aliases``, ``emails``, ``phones``, ``profiles``, ``past_positions``, ``tags``), each in
    its model's order, every row knowing its contact and each tag its category (from
    ``team_categories_read``, the team's when the page has read them, else read here); the
    last 50 changes with who made them; the contacts they introduced (20 at most). Read one
    after the other, the eight reads made the page 1.8 ms slower (21.6 against 19.8 ms at
    100,000 contacts on PostgreSQL)."""
    reads = [*_ATTACHED.values(), _HISTORY, _INTRODUCED]
    *lists, history, introduced = read_together(reads, contact)
    attached = dict(zip(_ATTACHED, lists, strict=True))
    if attached["tags"]:
        if team_categories_read is None:
            team_categories_read = team_categories(contact.team_id)
        categories = {category.pk: category for category in team_categories_read}
        # A category deleted (or merged) between the two reads took its tags with it.
        attached["tags"] = [tag for tag in attached["tags"] if tag.category_id in categories]
        for tag in attached["tags"]:
            tag.category = categories[tag.category_id]
    return attached, history, introduced


_CONTACT = PreparedRead(
    lambda pk: Contact.objects.select_related("owner", "met_through").filter(pk=pk)
)
_HISTORY = PreparedRead(
    lambda pk: ContactChange.objects.filter(contact_id=pk).select_related("actor")[:50],
    back="contact",
)
_INTRODUCED = PreparedRead(
    lambda pk: Contact.objects.filter(met_through_id=pk)[:20], back="met_through"
)


def contact_in_team(team_id: int, pk: int) -> Contact | None:
    """The team's contact ``pk`` with who knows them best and who introduced them, or None
    (another team's contact is None too)."""
    found = _CONTACT.one(pk)
    return found if found is not None and found.team_id == team_id else None


class ListTag(NamedTuple):
    """A how-we-met chip of the contact list: the category (the team's) and the detail."""

    category: object
    detail: str


class ListProfile(NamedTuple):
    """A profile badge of the contact list: the network and the access granted there."""

    network: str
    access: str

    @property
    def is_limited(self) -> bool:
        return self.access in AccessLevel.limited()


_TAG, _PROFILE = 0, 1


def read_list_extras(rows: list[Contact], categories: list) -> None:
    """Give each contact of a list page its how-we-met chips (``tag_list``, in category
    order, each with its category taken from ``categories``, the team's, read once for the
    page) and its profiles (``profile_list``, by network), in one query for the page. Two
    prefetches took two queries, a model instance per row and its category joined: 2 to 3
    ms of a page of 25 at 100,000 contacts, for four columns."""
    for row in rows:
        row.tag_list, row.profile_list = [], []
    if not rows:
        return
    by_pk = {row.pk: row for row in rows}
    found = rows_of(
        [
            (ContactTag, "contact_id, category_id, detail, '', id"),
            (NetworkProfile, "contact_id, 0, network, access, id"),
        ],
        "contact_id",
        by_pk,
    )
    # Each model's order: tags by category, profiles by network, then by key.
    found.sort(key=lambda row: (row[0], row[2], row[3] if row[0] == _PROFILE else "", row[5]))
    known = {category.pk: category for category in categories}
    missing = {row[2] for row in found if row[0] == _TAG and row[2] not in known}
    if missing:  # a category made since ``categories`` was read
        known.update(Category.objects.in_bulk(missing))
    for kind, contact_id, category_id, text, access, _pk in found:
        row = by_pk[contact_id]
        if kind == _TAG:
            if category_id in known:  # else deleted meanwhile, and its tags with it
                row.tag_list.append(ListTag(known[category_id], text))
        else:
            row.profile_list.append(ListProfile(text, access))
