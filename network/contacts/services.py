"""Address-book actions writing several rows at once: create, edit (version-checked), merge."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils.translation import gettext

from network.models import (
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactKey,
    ContactPhone,
    ContactTag,
    NetworkProfile,
    PastPosition,
)

# The contact's own fields a person edits, and those a merge lets them choose between.
EDITABLE = [
    "given_name",
    "family_name",
    "display_name",
    "company",
    "position",
    "city",
    "languages",
    "owner",
    "notes",
]
MERGEABLE = [field for field in EDITABLE if field != "notes"] + ["met_through"]


class EditConflict(Exception):
    """The contact changed since the form was opened; nothing was saved."""


class MergeConflict(ValueError):
    """Someone merged or deleted one of the two contacts meanwhile; nothing was changed."""


def contact_create(*, team, actor, data: dict) -> Contact:
    with transaction.atomic():
        contact = Contact.objects.create(team=team, created_by=actor, **data)
        contact.reindex()
        contact.record(ContactChange.Action.CREATED, actor)
    return contact


def contact_update(*, contact: Contact, actor, data: dict, version: int | None) -> Contact:
    """Save ``data`` only if nobody saved the contact since ``version`` was read.

    The check and the write are one UPDATE ... WHERE version = %s, so two people saving at
    the same moment cannot both win. A change of company or position keeps the old one.
    """
    with transaction.atomic():
        current = Contact.objects.select_for_update().get(pk=contact.pk)
        if version is not None and current.version != version:
            raise EditConflict
        changed = [
            field for field in data if getattr(current, _attname(field)) != _raw(data[field])
        ]
        if not changed:
            return current
        if {"company", "position"} & set(changed) and (current.company or current.position):
            PastPosition.objects.create(
                contact=current, company=current.company, position=current.position
            )
        updated = Contact.objects.filter(pk=contact.pk, version=current.version).update(
            **{_attname(field): _raw(data[field]) for field in changed},
            version=F("version") + 1,
        )
        if not updated:
            raise EditConflict
        current.refresh_from_db()
        current.save(update_fields=["sort_key"])
        current.reindex()
        current.record(ContactChange.Action.EDITED, actor, fields=changed)
    return current


def _attname(field: str) -> str:
    return Contact._meta.get_field(field).attname


def _raw(value):
    """A model instance (owner, met_through) compares and saves by its primary key."""
    return value.pk if hasattr(value, "pk") else value


def contact_merge(*, survivor: Contact, loser: Contact, actor, choices: dict[str, str]) -> Contact:
    """Fold ``loser`` into ``survivor``; nothing is lost.

    ``choices`` maps a field of MERGEABLE to "survivor" or "loser": whose value to keep.
    Former names, emails, phones, profiles, categories, past positions, history and every
    other row pointing at the loser (requests included) move to the survivor; the loser's
    name becomes a former name; both notes are kept; the loser's last state is written into
    the survivor's history before its row goes.
    """
    if survivor.pk == loser.pk or survivor.team_id != loser.team_id:
        raise ValidationError(gettext("Choose two different contacts of the same team."))
    with transaction.atomic():
        # Both rows locked in one stable order (by id), so that merging A into B while someone
        # merges B into A makes one wait for the other instead of deadlocking; the second then
        # finds a contact gone and is refused cleanly.
        locked = {
            contact.pk: contact
            for contact in Contact.objects.select_for_update()
            .filter(pk__in=[survivor.pk, loser.pk])
            .order_by("pk")
        }
        if len(locked) != 2:
            raise MergeConflict(
                gettext(
                    "One of these contacts was just merged or deleted by someone else; "
                    "nothing was changed. Open the contact again to see where it went."
                )
            )
        survivor, loser = locked[survivor.pk], locked[loser.pk]
        snapshot = {
            key: (str(value) if value is not None else None)
            for key, value in model_to_dict(loser, exclude=["search_text"]).items()
        }
        jobs = [(side.company, side.position) for side in (survivor, loser)]
        for field in MERGEABLE:
            if choices.get(field) == "loser":
                setattr(survivor, _attname(field), getattr(loser, _attname(field)))
        # A job that is not the survivor's current one any more is kept as a past position.
        for company, position in dict.fromkeys(jobs):
            if (company or position) and (company, position) != (
                survivor.company,
                survivor.position,
            ):
                PastPosition.objects.create(contact=survivor, company=company, position=position)
        if loser.notes and loser.notes.strip() not in survivor.notes:
            survivor.notes = "\n\n".join(part for part in (survivor.notes, loser.notes) if part)
        if survivor.met_through_id == loser.pk:
            survivor.met_through = None
        survivor.version += 1
        survivor.save()

        _move_unique(ContactEmail, loser, survivor, key=lambda row: row.email.lower())
        _move_unique(ContactPhone, loser, survivor, key=lambda row: row.number)
        _move_unique(NetworkProfile, loser, survivor, key=lambda row: (row.network, row.handle))
        _move_tags(loser, survivor)
        known_names = {alias.name.casefold() for alias in survivor.aliases.all()}
        for alias in loser.aliases.all():
            if alias.name.casefold() in known_names:
                alias.delete()
            else:
                alias.contact = survivor
                alias.save(update_fields=["contact"])
        if (
            loser.name.casefold() != survivor.name.casefold()
            and loser.name.casefold() not in known_names
        ):
            ContactAlias.objects.create(
                contact=survivor, name=loser.name, kind=ContactAlias.Kind.OTHER
            )
        # Everything else that points at the loser (history, past positions, introductions,
        # connection requests…) follows it, whatever app it lives in.
        for relation in Contact._meta.related_objects:
            if relation.related_model in {
                ContactEmail,
                ContactPhone,
                NetworkProfile,
                ContactTag,
                ContactAlias,
                ContactKey,  # rebuilt from the survivor's names below
            }:
                continue
            if relation.one_to_many or relation.one_to_one:
                relation.related_model._base_manager.filter(**{relation.field.name: loser}).update(
                    **{relation.field.name: survivor}
                )
        Contact.objects.filter(met_through=survivor, pk=survivor.pk).update(met_through=None)
        survivor.record(ContactChange.Action.MERGED, actor, name=loser.name, merged=snapshot)
        loser.delete()
        survivor.refresh_from_db()
        survivor.reindex()
    return survivor


def _move_unique(model, loser: Contact, survivor: Contact, key) -> None:
    """Move rows that are unique per contact, dropping the loser's exact duplicates."""
    existing = {key(row) for row in model.objects.filter(contact=survivor)}
    for row in model.objects.filter(contact=loser):
        if key(row) in existing:
            row.delete()
        else:
            row.contact = survivor
            row.save(update_fields=["contact"])


def _move_tags(loser: Contact, survivor: Contact) -> None:
    """Move categories; where both have one, keep both details."""
    kept = {tag.category_id: tag for tag in survivor.tags.all()}
    for tag in loser.tags.all():
        mine = kept.get(tag.category_id)
        if mine is None:
            tag.contact = survivor
            tag.save(update_fields=["contact"])
        else:
            mine.absorb(tag)
