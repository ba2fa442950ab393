"""An import writes contacts in bulk (COPY or ``bulk_create``, no ``save``): the contact
list's badge (a tally the database keeps) is right on the next page, and the tallies are
summed once the import is done, one row per key."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.imports import contacts_run
from network.imports.models import ImportJob
from network.imports.runs import import_apply
from network.models import Contact, ContactKey, KeyTally
from tests.network.imports.jobs import previewed_job

pytestmark = pytest.mark.django_db


def test_the_contact_badge_is_right_right_after_an_import(team, alice, login):
    client = login(alice)
    assert client.get(reverse("contact_list")).context["total"] == 0  # cached: 0
    job = previewed_job(team, alice)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    assert import_apply(job.pk).counts["new"] == 2
    assert Contact.objects.filter(team=team).count() == 2
    assert client.get(reverse("contact_list")).context["total"] == 2


def test_a_dry_run_keeps_the_cached_badge(team, alice, login):
    client = login(alice)
    assert client.get(reverse("contact_list")).context["total"] == 0
    previewed_job(team, alice)
    assert client.get(reverse("contact_list")).context["total"] == 0


def test_an_import_leaves_one_tally_row_per_key(team, alice, monkeypatch):
    """On PostgreSQL each batch adds a row per key it wrote (every read then sums them):
    the import sums them once it is done. On SQLite a key has one row anyway."""
    monkeypatch.setattr(contacts_run, "BATCH", 1)  # two rows, two batches
    job = previewed_job(team, alice)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    assert import_apply(job.pk).counts["new"] == 2
    rows = list(KeyTally.objects.filter(team=team).values_list("key", "n"))
    keys = [key for key, _n in rows]
    assert len(keys) == len(set(keys))
    tallies = dict(rows)
    assert tallies[KeyTally.CONTACTS] == 2
    for key in ContactKey.objects.filter(team=team).values_list("key", flat=True):
        assert tallies[key] == ContactKey.objects.filter(team=team, key=key).count()


def test_an_import_is_done_even_if_its_tallies_cannot_be_summed_then(
    team, alice, monkeypatch, caplog
):
    """The sum comes after the import's commit: a database error there (a lock timeout, a
    restart) is logged, and the beat sums them later; the import stays done."""
    from django.db import DatabaseError

    from network.contacts import tallies

    def refuse(team_id):
        raise DatabaseError("canceling statement due to lock timeout")

    monkeypatch.setattr(tallies, "compact_key_tallies", refuse)
    job = previewed_job(team, alice)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    done = import_apply(job.pk)
    assert done.status == ImportJob.Status.DONE
    assert Contact.objects.filter(team=team).count() == 2
    assert "Could not sum the key tallies" in caplog.text
