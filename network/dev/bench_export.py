"""`manage.py bench export`: contacts per second for the CSV, the vCard and the team backup
(and its restore) of a team of 30,000 contacts by default, built once and reused.

Figures are printed, never asserted. The restore runs into a fresh team inside a
transaction that is rolled back, so that the bench leaves the database as it found it.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from accounts.models import Membership, Team, User
from network.dev.benchdata import fill_address_book
from network.exports.backup import team_backup
from network.exports.restore import read_backup, team_restore
from network.exports.selectors import contacts_for_export, team_categories
from network.exports.spreadsheet import contacts_csv
from network.exports.vcards import contacts_vcf
from network.models import Category, Contact, ContactAlias, ContactTag, PastPosition

EXPORT_TEAM = "bench-export"


class _RolledBack(Exception):
    pass


def _team(contacts: int, write: Callable[[str], None]) -> tuple[Team, User]:
    owner, _created = User.objects.get_or_create(
        email="bench@netcurate.test", defaults={"display_name": "Bench"}
    )
    team = Team.objects.filter(slug=EXPORT_TEAM).first()
    if team is None:
        team = Team.objects.create(name="Bench export", slug=EXPORT_TEAM)
        Membership.objects.create(team=team, user=owner, role="owner")
    have = Contact.objects.filter(team=team).count()
    if have < contacts:
        started = time.perf_counter()
        fill_address_book(team, owner, contacts - have)
        _details(team)
        write(f"Added {contacts - have} contacts in {time.perf_counter() - started:.1f} s")
    return team, owner


@transaction.atomic
def _details(team: Team) -> None:
    """What real address books hold beside a name: former names, tags, past positions."""
    rng = random.Random(5)  # noqa: S311 - reproducible data, not secrets
    categories = list(Category.objects.filter(team=team))
    aliases, tags, positions = [], [], []
    for pk, family in Contact.objects.filter(team=team).values_list("pk", "family_name"):
        if pk % 4 == 0:
            aliases.append(ContactAlias(contact_id=pk, name=f"{family}-Martin", kind="maiden"))
        if pk % 2 == 0 and categories:
            tags.append(ContactTag(contact_id=pk, category=rng.choice(categories), detail="2012"))
        if pk % 5 == 0:
            positions.append(PastPosition(contact_id=pk, company="Ancienne SA", position="Stage"))
    ContactAlias.objects.bulk_create(aliases, batch_size=5000)
    ContactTag.objects.bulk_create(tags, batch_size=5000, ignore_conflicts=True)
    PastPosition.objects.bulk_create(positions, batch_size=5000)


def _consume(pieces: Iterable[str]) -> int:
    return sum(len(piece.encode("utf-8")) for piece in pieces)


def _measure(label: str, count: int, make: Callable[[], Iterable[str]], write) -> None:
    started = time.perf_counter()
    size = _consume(make())
    elapsed = time.perf_counter() - started
    write(f"{label:<10}{count / elapsed:>12,.0f}{elapsed:>10.2f}{size / 1e6:>10.1f}")


def run(contacts: int, write: Callable[[str], None]) -> None:
    team, owner = _team(contacts, write)
    count = Contact.objects.filter(team=team).count()
    write(f"Database: {connection.vendor}; {count} contacts in the team {EXPORT_TEAM}")
    write(f"\n{'export':<10}{'contacts/s':>12}{'seconds':>10}{'MB':>10}")
    _measure(
        "CSV",
        count,
        lambda: contacts_csv(
            contacts_for_export(team, include_archived=True), team_categories(team)
        ),
        write,
    )
    _measure(
        "vCard",
        count,
        lambda: contacts_vcf(
            contacts_for_export(team, include_archived=True),
            team_categories(team),
            uid_prefix="bench:",
        ),
        write,
    )
    _measure("backup", count, lambda: team_backup(team), write)
    text = "".join(team_backup(team))
    started = time.perf_counter()
    try:
        with transaction.atomic():
            target = Team.objects.create(name="Bench restore", slug=f"{EXPORT_TEAM}-restore")
            Membership.objects.create(team=target, user=owner, role="owner")
            report = team_restore(team=target, document=read_backup(text), restorer=owner)
            elapsed = time.perf_counter() - started
            raise _RolledBack
    except _RolledBack:
        pass
    restored = report.restored["contacts"]
    write(
        f"{'restore':<10}{restored / elapsed:>12,.0f}{elapsed:>10.2f}"
        f"{len(text.encode()) / 1e6:>10.1f}  (read back, rolled back)"
    )
    sections = {
        key: len(value) for key, value in json.loads(text).items() if isinstance(value, list)
    }
    write("Backup rows: " + ", ".join(f"{key} {value}" for key, value in sections.items() if value))
