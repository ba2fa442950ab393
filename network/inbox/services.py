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
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from network.models import (
    RESTORABLE,
    AccessLevel,
    Category,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactChange,
    ContactTag,
    IllegalTransition,
    NetworkProfile,
    RequestEvent,
    RequestState,
)
from network.recognition.tasks import match_on_commit
from network.text import fold
from network.text.names import given_and_family
from network.text.profiles import Profile, parse_profile

# "wake" is the sweep's, not a person's: undoing it would only re-snooze into the past.
UNDOABLE = {"accept", "decline", "ask", "reply", "snooze", "archive", "link", "reopen"}
# What accepting may have added, offered for removal when the request is reopened.
REMOVABLE = ("contact", "renamed_from", "alias", "profile", "tags", "profile_access")


class NothingToUndo(Exception):
    pass


class ConcurrentChange(ValueError):
    """Someone else changed the same rows at the same moment; nothing was half-done."""

    def __init__(self) -> None:
        super().__init__(
            gettext(
                "Someone else just recorded this person at the same moment; nothing was "
                "changed. Look at the request again, then decide."
            )
        )


def _restore(field: str, value):
    if value and field in {"snoozed_until", "decided_at"}:
        return parse_datetime(value)
    return value


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


def connection_request_undo(*, connection_request: ConnectionRequest, actor) -> RequestEvent:
    """Reverse the request's last action exactly, including what accepting added."""
    with transaction.atomic():
        connection_request.lock()
        event = connection_request.events.order_by("-at", "-pk").first()
        if event is None or event.undone or event.action not in UNDOABLE:
            raise NothingToUndo(gettext("There is nothing to undo on this request."))
        if event.data.get("removed"):
            raise NothingToUndo(
                gettext("Reopening removed what accepting had added: decide again instead.")
            )
        before = event.data.get("before", {})
        for field in RESTORABLE:
            if field in before:
                setattr(connection_request, field, _restore(field, before[field]))
        connection_request.state = event.from_state or connection_request.state
        connection_request.save()
        _reverse_additions(event.data.get("added") or {})
        event.undone = True
        event.save(update_fields=["undone"])
        return connection_request.log(
            "undo",
            actor,
            event.to_state,
            data={"undid": event.pk, "action": event.action},
        )


def _reverse_additions(added: dict) -> None:
    touched = set()
    if renamed := added.get("renamed_from"):
        former = ContactAlias.objects.filter(pk=added.get("former_name")).first()
        if former is not None:
            Contact.objects.filter(pk=former.contact_id).update(**renamed)
            touched.add(former.contact_id)
            former.delete()
    for model, key in ((ContactAlias, "alias"), (NetworkProfile, "profile")):
        if pk := added.get(key):
            touched.update(model.objects.filter(pk=pk).values_list("contact_id", flat=True))
            model.objects.filter(pk=pk).delete()
    ContactTag.objects.filter(pk__in=added.get("tags", [])).delete()
    if previous := added.get("profile_access"):
        NetworkProfile.objects.filter(pk=previous[0]).update(access=previous[1])
    if contact_pk := added.get("contact"):
        contact = Contact.objects.filter(pk=contact_pk).first()
        if contact is not None:
            # A contact born of this acceptance goes too, unless someone has worked on it since
            # (any change the acceptance did not make itself) or another request points at it:
            # then it is archived, never lost.
            worked_on = contact.changes.exclude(pk__in=added.get("changes", [])).exists()
            if worked_on or contact.connection_requests.exists():
                contact.archive()
                touched.add(contact.pk)
            else:
                touched.discard(contact.pk)
                contact.delete()
    for contact in Contact.objects.filter(pk__in=touched):
        contact.reindex()


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


def decisive_event(connection_request: ConnectionRequest) -> RequestEvent | None:
    """The event that decided the request (accept, decline, archive), if it still stands."""
    return (
        connection_request.events.filter(action__in=["accept", "decline", "archive"], undone=False)
        .order_by("-at", "-pk")
        .first()
    )


def reopen_offers(connection_request: ConnectionRequest) -> list[tuple[str, str]]:
    """What accepting added that reopening may remove, as (key, sentence) pairs; nothing is
    removed unless the person ticks it."""
    event = decisive_event(connection_request) if connection_request.can("reopen") else None
    added = (event.data.get("added") or {}) if event and event.action == "accept" else {}
    offers = []
    if pk := added.get("contact"):
        contact = Contact.objects.filter(pk=pk).first()
        if contact is not None:
            offers.append(
                (
                    "contact",
                    gettext("the contact “%(name)s”, created when accepting")
                    % {"name": contact.name},
                )
            )
    if pk := added.get("alias"):
        alias = ContactAlias.objects.select_related("contact").filter(pk=pk).first()
        if alias is not None and "contact" not in added:
            offers.append(
                (
                    "alias",
                    gettext("the other name “%(name)s” added to %(contact)s")
                    % {"name": alias.name, "contact": alias.contact.name},
                )
            )
    if pk := added.get("profile"):
        profile = NetworkProfile.objects.select_related("contact").filter(pk=pk).first()
        if profile is not None and "contact" not in added:
            offers.append(
                (
                    "profile",
                    gettext("the %(network)s profile added to %(contact)s")
                    % {"network": profile.get_network_display(), "contact": profile.contact.name},
                )
            )
    tags = ContactTag.objects.filter(pk__in=added.get("tags", [])).select_related("category")
    if tags and "contact" not in added:
        offers.append(
            (
                "tags",
                gettext("the how-we-met tags added: %(tags)s")
                % {"tags": ", ".join(tag.category.label for tag in tags)},
            )
        )
    if previous := added.get("profile_access"):
        profile = NetworkProfile.objects.filter(pk=previous[0]).first()
        if profile is not None:
            offers.append(
                (
                    "profile_access",
                    gettext("the access granted on %(network)s (back to “%(old)s”)")
                    % {
                        "network": profile.get_network_display(),
                        "old": AccessLevel(previous[1]).label,
                    },
                )
            )
    return offers


def connection_request_reopen(
    *, connection_request: ConnectionRequest, actor, remove: set[str] = frozenset()
) -> RequestEvent:
    """Take a decision back: the request is new again, and what accepting added is removed
    only where ``remove`` says so (among REMOVABLE); the rest is kept, and the event says
    which was which."""
    with transaction.atomic():
        connection_request.lock()
        if not connection_request.can("reopen"):
            raise IllegalTransition("reopen", connection_request.state)
        event = decisive_event(connection_request)
        added = (event.data.get("added") or {}) if event and event.action == "accept" else {}
        chosen = {key for key in remove if key in REMOVABLE and added.get(key)}
        if "contact" in chosen:
            chosen |= {"alias", "profile", "tags"} & set(added)
        removed = {key: added[key] for key in chosen}
        if "contact" in removed:
            removed["changes"] = added.get("changes", [])
            # This request no longer vouches for the contact: only another request, or work
            # done on it since, keeps it (archived, never lost).
            ConnectionRequest.objects.filter(pk=connection_request.pk).update(contact=None)
        _reverse_additions(removed)
        kept = sorted(key for key in REMOVABLE if added.get(key) and key not in chosen)
        contact_gone = "contact" in chosen
        return connection_request.transition(
            "reopen",
            actor,
            locked=True,
            data={"reopened": event.pk if event else None, "removed": sorted(chosen), "kept": kept},
            decided_at=None,
            access_granted="",
            snoozed_until=None,
            **({"contact": None} if contact_gone else {}),
        )


def connection_requests_bulk_undo(*, team, actor, batch: str) -> int:
    """Undo a bulk action as a whole: each request whose last step is still that batch's goes
    back; a request someone has acted on since is left as it is. Returns how many went back."""
    undone = 0
    events = RequestEvent.objects.filter(
        connection_request__team=team, data__batch=batch, undone=False
    ).select_related("connection_request")
    for event in events:
        with transaction.atomic():
            connection_request = event.connection_request
            connection_request.lock()
            last = connection_request.events.order_by("-at", "-pk").first()
            if last is None or last.pk != event.pk:
                continue  # someone acted on it since: theirs is the last word
            connection_request_undo(connection_request=connection_request, actor=actor)
            undone += 1
    return undone
