"""Deciding on connection requests: the state machine's actions, accept, link, undo, wake-up.

Every action runs in one transaction on a locked row: it applies completely or not at all,
and records an event holding what it changed, which is what makes "undo" exact.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from network.models import (
    TRANSITIONS,
    AccessLevel,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactCategory,
    ContactChange,
    HowWeMet,
    IllegalTransition,
    NetworkProfile,
    RequestEvent,
    RequestState,
)
from network.networks import Profile, parse_profile
from network.text import fold

# Request fields an action may change besides the state; their old values go in the event.
RESTORABLE = ["snoozed_until", "access_granted", "decided_at", "contact_id"]
# "wake" is the sweep's, not a person's: undoing it would only re-snooze into the past.
UNDOABLE = {"accept", "decline", "ask", "reply", "snooze", "archive", "link"}


class NothingToUndo(Exception):
    pass


def _serialise(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _restore(field: str, value):
    if value and field in {"snoozed_until", "decided_at"}:
        return parse_datetime(value)
    return value


def request_create(
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
        request = ConnectionRequest.objects.create(
            team=team,
            owner=owner,
            sender_name=sender_name.strip(),
            network=profile.network if profile else network,
            profile_url=profile.url if profile else "",
            handle=profile.handle if profile else "",
            **fields,
        )
        RequestEvent.objects.create(
            request=request, actor=owner, action="received", to_state=request.state
        )
    return request


def _apply(request: ConnectionRequest, action: str, actor, *, data=None, **changes) -> RequestEvent:
    """Move a locked request along TRANSITIONS[action], recording what changed."""
    sources, target = TRANSITIONS[action]
    if request.state not in sources:
        raise IllegalTransition(action, request.state)
    before = {field: _serialise(getattr(request, field)) for field in RESTORABLE}
    from_state = request.state
    request.state = target
    for field, value in changes.items():
        setattr(request, field, value)
    request.save()
    return RequestEvent.objects.create(
        request=request,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=target,
        data={"before": before, **(data or {})},
    )


def _locked(request: ConnectionRequest) -> ConnectionRequest:
    return ConnectionRequest.objects.select_for_update().get(pk=request.pk)


def request_decline(*, request: ConnectionRequest, actor) -> ConnectionRequest:
    with transaction.atomic():
        fresh = _locked(request)
        _apply(fresh, "decline", actor, decided_at=timezone.now())
    return fresh


def request_ask(*, request: ConnectionRequest, actor) -> ConnectionRequest:
    with transaction.atomic():
        fresh = _locked(request)
        _apply(fresh, "ask", actor)
    return fresh


def request_reply_received(*, request: ConnectionRequest, actor) -> ConnectionRequest:
    with transaction.atomic():
        fresh = _locked(request)
        _apply(fresh, "reply", actor)
    return fresh


def request_snooze(*, request: ConnectionRequest, actor, until: datetime) -> ConnectionRequest:
    if until <= timezone.now():
        raise ValueError(gettext("Choose a moment in the future."))
    with transaction.atomic():
        fresh = _locked(request)
        _apply(fresh, "snooze", actor, snoozed_until=until)
    return fresh


def request_archive(*, request: ConnectionRequest, actor) -> ConnectionRequest:
    with transaction.atomic():
        fresh = _locked(request)
        _apply(fresh, "archive", actor)
    return fresh


def _record_identity(fresh: ConnectionRequest, contact: Contact, actor, added: dict) -> None:
    """Give ``contact`` the sender's name (as a former name or alias) and profile, if new."""
    known_names = {fold(contact.name)} | {fold(alias.name) for alias in contact.aliases.all()}
    if fold(fresh.sender_name) not in known_names:
        alias = ContactAlias.objects.create(
            contact=contact, name=fresh.sender_name, kind=ContactAlias.Kind.OTHER
        )
        change = contact.record(ContactChange.Action.ALIAS_ADDED, actor, name=alias.name)
        added["changes"].append(change.pk)
        added["alias"] = alias.pk
    if (
        fresh.handle
        and not NetworkProfile.objects.filter(
            team=fresh.team, network=fresh.network, handle=fresh.handle
        ).exists()
    ):
        profile = NetworkProfile.objects.create(
            team=fresh.team,
            contact=contact,
            network=fresh.network,
            handle=fresh.handle,
            url=fresh.profile_url or parse_profile(fresh.handle, fresh.network).url,
            access=AccessLevel.NONE,
        )
        change = contact.record(ContactChange.Action.PROFILE_ADDED, actor, handle=profile.url)
        added["changes"].append(change.pk)
        added["profile"] = profile.pk


def request_link(*, request: ConnectionRequest, actor, contact: Contact) -> ConnectionRequest:
    """Say who the sender is: the request points at the contact, and the contact learns the
    name and profile the sender used (undone exactly with the link)."""
    if contact.team_id != request.team_id:
        raise ValueError("A contact of another team.")
    with transaction.atomic():
        fresh = _locked(request)
        if not fresh.is_open:
            raise ValueError(gettext("A decided request keeps the contact it was decided with."))
        before = {field: _serialise(getattr(fresh, field)) for field in RESTORABLE}
        added: dict = {"tags": [], "changes": []}
        _record_identity(fresh, contact, actor, added)
        contact.reindex()
        fresh.contact = contact
        fresh.save(update_fields=["contact", "updated_at"])
        RequestEvent.objects.create(
            request=fresh,
            actor=actor,
            action="link",
            from_state=fresh.state,
            to_state=fresh.state,
            data={"before": before, "contact": contact.pk, "added": added},
        )
    return fresh


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
        for request in due:
            _apply(request, "wake", None, snoozed_until=None)
            woken += 1
    return woken


def _split_name(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[0], " ".join(words[1:])


def request_accept(
    *,
    request: ConnectionRequest,
    actor,
    access: str,
    categories: list[HowWeMet] | None = None,
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
    if contact is not None and contact.team_id != request.team_id:
        raise ValueError("A contact of another team.")
    with transaction.atomic():
        fresh = _locked(request)
        if not fresh.can("accept"):
            raise IllegalTransition("accept", fresh.state)
        known = None
        if fresh.handle:
            known = NetworkProfile.objects.filter(
                team=fresh.team, network=fresh.network, handle=fresh.handle
            ).first()
        # The contact given, else the one linked, else whoever already has this profile.
        contact = contact or fresh.contact or (known.contact if known else None)
        added: dict = {"tags": [], "changes": []}
        if contact is None:
            given, family = _split_name(fresh.sender_name)
            contact = Contact.objects.create(
                team=fresh.team,
                given_name=given,
                family_name=family,
                position=fresh.headline[:200],
                languages=[fresh.language] if fresh.language else [],
                owner=actor,
                created_by=actor,
            )
            added["changes"].append(contact.record(ContactChange.Action.CREATED, actor).pk)
            added["contact"] = contact.pk
        _record_identity(fresh, contact, actor, added)
        if fresh.handle:
            profile = NetworkProfile.objects.get(
                team=fresh.team, network=fresh.network, handle=fresh.handle
            )
            if profile.access != access:
                if "profile" not in added:
                    added["profile_access"] = [profile.pk, profile.access]
                profile.access = access
                profile.save(update_fields=["access"])
        for category in categories:
            if category.team_id != fresh.team_id:
                continue
            tag, created = ContactCategory.objects.get_or_create(contact=contact, category=category)
            if created:
                change = contact.record(ContactChange.Action.TAGGED, actor, category=category.label)
                added["changes"].append(change.pk)
                added["tags"].append(tag.pk)
        contact.reindex()
        _apply(
            fresh,
            "accept",
            actor,
            data={"added": added},
            access_granted=access,
            decided_at=timezone.now(),
            contact=contact,
        )
    return fresh


def request_undo(*, request: ConnectionRequest, actor) -> RequestEvent:
    """Reverse the request's last action exactly, including what accepting added."""
    with transaction.atomic():
        fresh = _locked(request)
        event = fresh.events.order_by("-at", "-pk").first()
        if event is None or event.undone or event.action not in UNDOABLE:
            raise NothingToUndo(gettext("There is nothing to undo on this request."))
        before = event.data.get("before", {})
        for field in RESTORABLE:
            if field in before:
                setattr(fresh, field, _restore(field, before[field]))
        fresh.state = event.from_state or fresh.state
        fresh.save()
        _reverse_additions(event.data.get("added") or {})
        event.undone = True
        event.save(update_fields=["undone"])
        return RequestEvent.objects.create(
            request=fresh,
            actor=actor,
            action="undo",
            from_state=event.to_state,
            to_state=fresh.state,
            data={"undid": event.pk, "action": event.action},
        )


def _reverse_additions(added: dict) -> None:
    touched = set()
    for model, key in ((ContactAlias, "alias"), (NetworkProfile, "profile")):
        if pk := added.get(key):
            touched.update(model.objects.filter(pk=pk).values_list("contact_id", flat=True))
            model.objects.filter(pk=pk).delete()
    ContactCategory.objects.filter(pk__in=added.get("tags", [])).delete()
    if previous := added.get("profile_access"):
        NetworkProfile.objects.filter(pk=previous[0]).update(access=previous[1])
    if contact_pk := added.get("contact"):
        contact = Contact.objects.filter(pk=contact_pk).first()
        if contact is not None:
            # A contact born of this acceptance goes too, unless someone has worked on it since
            # (any change the acceptance did not make itself) or another request points at it:
            # then it is archived, never lost.
            worked_on = contact.changes.exclude(pk__in=added.get("changes", [])).exists()
            if worked_on or contact.requests.exists():
                contact.archive()
                touched.add(contact.pk)
            else:
                touched.discard(contact.pk)
                contact.delete()
    for contact in Contact.objects.filter(pk__in=touched):
        contact.reindex()
