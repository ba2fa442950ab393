"""Inbox actions that write more than the request itself: receive, accept, link, undo, the
snooze sweep and bulk decisions. Single-step decisions (decline, ask, reply, snooze, archive)
are ``connection_request.transition(...)`` alone.

Every action runs in one transaction on a locked row: it applies completely or not at all,
and records an event holding what it changed, which is what makes "undo" exact.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Team
from network.models import (
    OPEN_STATES,
    RESTORABLE,
    AccessLevel,
    Category,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactChange,
    IllegalTransition,
    NetworkProfile,
    RequestEvent,
    RequestState,
)
from network.recognition.tasks import match_on_commit
from network.text import fold
from network.text.names import given_and_family
from network.text.profiles import Profile, parse_profile


class ConcurrentChange(ValueError):
    """Someone else changed the same rows at the same moment; nothing was half-done."""

    def __init__(self) -> None:
        super().__init__(
            gettext(
                "Someone else just recorded this person at the same moment; nothing was "
                "changed. Look at the request again, then decide."
            )
        )


def connection_request_receive(
    *,
    team,
    owner,
    sender_name: str,
    profile: Profile | None = None,
    network: str = "",
    **fields,
) -> ConnectionRequest:
    """Record an incoming request (quick add, import or demo)."""
    with transaction.atomic():
        connection_request = ConnectionRequest.objects.create(
            team=team,
            owner=owner,
            sender_name=sender_name.strip(),
            network=profile.network if profile else network,
            profile_url=profile.url if profile else "",
            handle=profile.handle if profile else "",
            **fields,
        )
        connection_request.log("received", owner)
        match_on_commit(connection_request.pk)  # who the sender may be, stored for the list
    return connection_request


def connection_request_receive_once(
    *,
    team,
    owner,
    sender_name: str,
    profile: Profile | None = None,
    network: str = "",
    **fields,
) -> tuple[ConnectionRequest, bool]:
    """Record an incoming request unless the same person already waits in the team's inbox:
    one still open on the same network with the same profile. Returns the request and whether
    it is new. The doors that bring requests by themselves (the API, capture from a network's
    page, invitation emails) come through here, so a request seen twice is stored once.

    The team's row is locked while looking, so two deliveries of the same invitation at the
    same moment still make one request."""
    with transaction.atomic():
        if profile is not None and profile.handle:
            Team.objects.select_for_update().filter(pk=team.pk).first()
            existing = (
                ConnectionRequest.objects.filter(
                    team=team,
                    network=profile.network,
                    handle=profile.handle,
                    state__in=OPEN_STATES,
                )
                .order_by("pk")
                .first()
            )
            if existing is not None:
                return existing, False
        connection_request = connection_request_receive(
            team=team,
            owner=owner,
            sender_name=sender_name,
            profile=profile,
            network=network,
            **fields,
        )
    return connection_request, True


def connection_request_decide(
    *,
    connection_request: ConnectionRequest,
    action: str,
    actor,
    until: datetime | None = None,
    data: dict | None = None,
) -> RequestEvent:
    """Decline, ask, reply, snooze or archive: the one-step decisions, with what each sets.
    ``data`` is kept in the event (a bulk action notes its batch there)."""
    changes = {}
    if action == "decline":
        changes["decided_at"] = timezone.now()
    elif action == "snooze":
        if until is None or until <= timezone.now():
            raise ValueError(gettext("Choose a moment in the future."))
        changes["snoozed_until"] = until
    return connection_request.transition(action, actor, data=data, **changes)


def _record_identity(connection_request: ConnectionRequest, contact: Contact, actor, added):
    """Give ``contact`` the sender's name (as a former name or alias) and profile, if new."""
    known_names = {fold(contact.name)} | {fold(alias.name) for alias in contact.aliases.all()}
    if fold(connection_request.sender_name) not in known_names:
        alias = contact.add_alias(connection_request.sender_name, ContactAlias.Kind.OTHER, actor)
        added["alias"] = alias.pk
    if (
        connection_request.handle
        and not NetworkProfile.objects.filter(
            team=connection_request.team,
            network=connection_request.network,
            handle=connection_request.handle,
        ).exists()
    ):
        network, handle = connection_request.network, connection_request.handle
        url = connection_request.profile_url or parse_profile(handle, network).url
        profile = Profile(network, handle, url)
        added["profile"] = contact.add_profile(profile, actor, access=AccessLevel.NONE).pk


def connection_request_link(
    *, connection_request: ConnectionRequest, actor, contact: Contact, new_name: bool = False
) -> ConnectionRequest:
    """Say who the sender is: the request points at the contact, and the contact learns the
    name and profile the sender used (undone exactly with the link). With ``new_name``, the
    name on the request is the person's name now: the contact takes it, and its old name
    becomes a dated former name."""
    if contact.team_id != connection_request.team_id:
        raise ValueError("A contact of another team.")
    try:
        with transaction.atomic():
            connection_request.lock()
            if not connection_request.is_open:
                raise ValueError(
                    gettext("A decided request keeps the contact it was decided with.")
                )
            before = {field: _serialise(getattr(connection_request, field)) for field in RESTORABLE}
            added: dict = {"tags": []}
            if new_name:
                renamed_from = {
                    field: getattr(contact, field)
                    for field in ("given_name", "family_name", "display_name")
                }
                former = contact.take_name(connection_request.sender_name, actor)
                if former is not None:
                    added["renamed_from"] = renamed_from
                    added["former_name"] = former.pk
            _record_identity(connection_request, contact, actor, added)
            added["changes"] = [change.pk for change in contact.recorded]
            connection_request.contact = contact
            connection_request.save(update_fields=["contact", "updated_at"])
            connection_request.log(
                "link",
                actor,
                connection_request.state,
                data={"before": before, "contact": contact.pk, "added": added},
            )
    except IntegrityError as error:  # the same profile recorded twice at once
        raise ConcurrentChange from error
    return connection_request


def _serialise(value):
    return value.isoformat() if isinstance(value, datetime) else value


def wake_due_requests(now: datetime | None = None, batch: int = 500) -> int:
    """Bring snoozed requests whose time has come back to the inbox. Safe to run in parallel:
    rows are claimed with SKIP LOCKED, and a request already awake is left alone."""
    now = now or timezone.now()
    woken = 0
    with transaction.atomic():
        due = (
            ConnectionRequest.objects.select_for_update(skip_locked=True)
            .filter(state=RequestState.SNOOZED, snoozed_until__lte=now)
            .order_by("snoozed_until")[:batch]
        )
        for connection_request in due:
            connection_request.transition("wake", None, locked=True, snoozed_until=None)
            woken += 1
    return woken


def connection_request_accept(
    *,
    connection_request: ConnectionRequest,
    actor,
    access: str,
    categories: list[Category] | None = None,
    contact: Contact | None = None,
) -> ConnectionRequest:
    """Accept, granting ``access``; create or update the contact in the same step.

    The contact is the one given, or the one the request is linked to, or a new one. On a
    known contact, a new name becomes a former name or alias, the profile is added (or its
    access updated) and the categories are tagged. Every row added is listed in the event.
    """
    if access not in AccessLevel.values or access == AccessLevel.NONE:
        raise ValueError("Accepting grants full or limited access.")
    categories = categories or []
    if contact is not None and contact.team_id != connection_request.team_id:
        raise ValueError("A contact of another team.")
    try:
        _accept(connection_request, actor, access, categories, contact)
    except IntegrityError as error:  # two requests from one profile accepted at once
        raise ConcurrentChange from error
    return connection_request


def _accept(connection_request, actor, access, categories, contact) -> None:
    with transaction.atomic():
        connection_request.lock()
        if not connection_request.can("accept"):
            raise IllegalTransition("accept", connection_request.state)
        known = None
        if connection_request.handle:
            known = NetworkProfile.objects.filter(
                team=connection_request.team,
                network=connection_request.network,
                handle=connection_request.handle,
            ).first()
        # The contact given, else the one linked, else whoever already has this profile.
        contact = contact or connection_request.contact or (known.contact if known else None)
        added: dict = {"tags": []}
        if contact is None:
            given, family = given_and_family(connection_request.sender_name)
            contact = Contact.objects.create(
                team=connection_request.team,
                given_name=given,
                family_name=family,
                position=connection_request.headline[:200],
                languages=[connection_request.language] if connection_request.language else [],
                owner=actor,
                created_by=actor,
            )
            contact.record(ContactChange.Action.CREATED, actor)
            added["contact"] = contact.pk
        _record_identity(connection_request, contact, actor, added)
        if connection_request.handle:
            profile = NetworkProfile.objects.get(
                team=connection_request.team,
                network=connection_request.network,
                handle=connection_request.handle,
            )
            if profile.access != access:
                if "profile" not in added:
                    added["profile_access"] = [profile.pk, profile.access]
                profile.access = access
                profile.save(update_fields=["access"])
        for category in categories:
            if category.team_id != connection_request.team_id:
                continue
            if not contact.tags.filter(category=category).exists():
                added["tags"].append(contact.tag(category, actor).pk)
        contact.reindex()
        added["changes"] = [change.pk for change in contact.recorded]
        connection_request.transition(
            "accept",
            actor,
            locked=True,
            data={"added": added},
            access_granted=access,
            decided_at=timezone.now(),
            contact=contact,
        )


BULK_ACTIONS = {"decline", "archive", "snooze"}


def connection_requests_bulk(
    *,
    team,
    actor,
    ids: list[int],
    action: str,
    until: datetime | None = None,
    batch: str = "",
) -> tuple[int, int]:
    """Apply one decision to the team's requests ``ids``; those it does not apply to are left
    as they are. Each event notes ``batch``, so the whole can be undone. Returns (done,
    skipped)."""
    if action not in BULK_ACTIONS:
        raise ValueError("Not a bulk action.")
    done = skipped = 0
    for connection_request in ConnectionRequest.objects.filter(team=team, pk__in=ids):
        try:
            connection_request_decide(
                connection_request=connection_request,
                action=action,
                actor=actor,
                until=until,
                data={"batch": batch} if batch else None,
            )
            done += 1
        except IllegalTransition:
            skipped += 1
    return done, skipped
