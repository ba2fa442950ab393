"""An import writes contacts in bulk (COPY or ``bulk_create``, no ``save``): the contact
list's cached badge is forgotten, so it is right on the next page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.imports.models import ImportJob
from network.imports.runs import import_apply
from network.models import Contact
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
