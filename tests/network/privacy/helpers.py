"""A person the team holds a lot about, in every corner of the database, and a search of
every text and JSON column of every model for what identifies them."""

from __future__ import annotations

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.utils import timezone

from network.contacts.services import contact_create
from network.imports.models import ImportJob
from network.imports.runs import import_apply
from network.inbox.services import (
    connection_request_accept,
    connection_request_receive,
)
from network.models import ConnectionRequest, Contact, PastPosition, PrivacyTask
from network.recognition.services import connection_request_match
from network.text import fold
from network.text.profiles import parse_profile
from replies.models import Intent, Notification, ReminderMute
from replies.services import message_send, reply_record
from tests.network.imports.jobs import previewed_job

NAME = "Zéphyrine Quibbleworth"
EMAIL = "zephyrine.q@quibble.example"
PHONE = "+33698765432"
PROFILE = "https://www.linkedin.com/in/zephyrine-quibbleworth"
NEEDLES = [
    "Zéphyrine",
    "Quibbleworth",
    "quibbleworth",
    "Oldmaidenname",
    EMAIL,
    PHONE,
    PROFILE,
    "zephyrine-quibbleworth",
    "instagram.com/zeph.q",
]

IMPORTED = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    f"Zéphyrine,Quibbleworth,{PROFILE},,Quibbleworth Consulting,CEO,27 Jun 2026\n"
)


def person(team, alice, bob) -> dict:
    """Zéphyrine: accepted from LinkedIn after a question and her answer, with every detail
    a contact can have; a second request from her Instagram, undecided; a reminder, a
    notification and a mute about her; she introduced Hugo; an unrelated request took her
    for its best match; an import of a file that holds her row."""
    introducer = contact_create(
        team=team, actor=alice, data={"given_name": "Ivan", "family_name": "Introducer"}
    )
    first = connection_request_receive(
        team=team,
        owner=alice,
        sender_name=NAME,
        profile=parse_profile(PROFILE),
        message="Bonjour, c'est Zéphyrine Quibbleworth de l'école.",
        email=EMAIL,
        headline="Quibbleworth Consulting",
    )
    message_send(
        connection_request=first,
        actor=alice,
        text="Bonjour Zéphyrine, où nous sommes-nous rencontrés ?",
        intent=Intent.ASK_HOW_MET,
    )
    Notification.objects.create(
        team=team, user=alice, connection_request=first, kind="first", asked_at=timezone.now()
    )
    ReminderMute.objects.create(team=team, user=bob, connection_request=first)
    first.refresh_from_db()
    reply_record(connection_request=first, actor=alice, text="Zéphyrine Quibbleworth, à l'école !")
    first.refresh_from_db()
    connection_request_accept(connection_request=first, actor=alice, access="restricted")
    first.refresh_from_db()
    contact = first.contact
    contact.add_alias("Zéphyrine Oldmaidenname", "maiden", alice)
    contact.add_email(EMAIL, alice)
    contact.add_phone(PHONE, alice)
    contact.add_profile(parse_profile("https://www.instagram.com/zeph.q"), alice)
    contact.tag(team.categories.get(key="school"), alice, detail="Lycée Quibbleworth")
    PastPosition.objects.create(contact=contact, company="Quibbleworth SARL", position="CEO")
    Contact.objects.filter(pk=contact.pk).update(
        notes="Zéphyrine likes tea", met_through=introducer, city="Quibbleworth-sur-Mer"
    )
    hugo = contact_create(
        team=team, actor=alice, data={"given_name": "Hugo", "family_name": "Introduced"}
    )
    Contact.objects.filter(pk=hugo.pk).update(met_through=contact)
    second = connection_request_receive(
        team=team,
        owner=bob,
        sender_name="Zeph Q.",
        profile=parse_profile("https://www.instagram.com/zeph.q"),
    )
    stranger = connection_request_receive(
        team=team, owner=alice, sender_name="Someone Else", network="x"
    )
    ConnectionRequest.objects.filter(pk=stranger.pk).update(best_match=contact, best_score=55)
    for found in (first, second):  # what the recognition task stores, run here in-process
        connection_request_match(ConnectionRequest.objects.get(pk=found.pk))
    PrivacyTask.objects.get_or_create(
        team=team, contact=contact, kind="restrict", network="linkedin"
    )
    contact.refresh_from_db()
    # An import of a LinkedIn export that holds her row: its report names her.
    job = previewed_job(team, alice, IMPORTED)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    assert import_apply(job.pk).status == ImportJob.Status.DONE
    # An operator once edited her in the admin: its log names her.
    LogEntry.objects.log_actions(
        user_id=alice.pk, queryset=[contact, first], action_flag=CHANGE, change_message="Notes"
    )
    return {
        "contact": contact,
        "first": first,
        "second": second,
        "stranger": stranger,
        "introducer": introducer,
        "hugo": hugo,
    }


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def traces(needles=NEEDLES) -> list[str]:
    """Every (model, column, row) of every installed model whose text or JSON holds one of
    ``needles`` (case and accents aside)."""
    folded = [fold(needle) for needle in needles] + [needle.lower() for needle in needles]
    found = []
    for model in apps.get_models():
        fields = [
            field.attname for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                text = str(value).lower()
                if any(needle in text or needle in fold(text) for needle in folded):
                    found.append(f"{model._meta.label}.{name} #{row[0]}: {str(value)[:80]}")
    return found
