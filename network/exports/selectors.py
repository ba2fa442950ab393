"""Reads the exports share: the team's contacts in batches, each batch with everything that
hangs off its contacts, so that an export costs the same few queries per batch however long
the address book is."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from network.models import Category, Contact, ContactTag

BATCH = 500  # contacts per batch: well under SQLite's limit on parameters of an IN (...)


def team_categories(team) -> dict[int, Category]:
    """The team's how-we-met categories by id: one query, for every batch to use."""
    return {category.pk: category for category in Category.objects.filter(team=team)}


def contacts_for_export(
    team, *, include_archived: bool = False, batch: int = BATCH
) -> Iterator[Contact]:
    """The team's contacts in the order they were added, archived ones too if asked, with
    their former names, emails, phones, profiles, tags, owner and introducer loaded batch by
    batch.

    Keyset pagination (after the last id seen) rather than OFFSET: each batch is one range
    read of the primary key, and the stream never holds a server-side cursor open between
    batches. (Name order would cost a sort of the whole address book per batch once archived
    contacts are included; a spreadsheet sorts in one click.) A tag's category is looked up
    in ``team_categories``, not joined."""
    contacts = (
        Contact.objects.filter(team=team)
        .select_related("owner", "met_through")
        .prefetch_related(
            "aliases",
            "emails",
            "phones",
            "profiles",
            Prefetch("tags", queryset=ContactTag.objects.order_by("category_id", "pk")),
        )
        .order_by("pk")
    )
    if not include_archived:
        contacts = contacts.filter(archived_at__isnull=True)
    after = 0
    while True:
        rows = list(contacts.filter(pk__gt=after)[:batch])
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].pk
