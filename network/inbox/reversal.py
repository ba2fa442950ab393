"""Taking decisions back: undo the last step of a request, reopen a decided one (removing what
accepting added only where the person says so), undo a bulk action as a whole.

Every step of a request records what it changed (``RequestEvent.data``: the fields before,
the rows added), which is what makes these exact.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from network.models import (
    RESTORABLE,
    AccessLevel,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactTag,
    IllegalTransition,
    NetworkProfile,
    RequestEvent,
)

# The names a "link with a new name" step replaced, which undoing it writes back.
RENAMED_FIELDS = ("given_name", "family_name", "display_name")
# "wake" is the sweep's, not a person's: undoing it would only re-snooze into the past.
UNDOABLE = {"accept", "decline", "ask", "reply", "snooze", "archive", "link", "reopen"}
# What accepting may have added, offered for removal when the request is reopened.
REMOVABLE = ("contact", "renamed_from", "alias", "profile", "tags", "profile_access")


class NothingToUndo(Exception):
    pass


def _restore(field: str, value):
    if value and field in {"snoozed_until", "decided_at"}:
        return parse_datetime(value)
    return value


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
        # Only the names a new name replaced, whatever the history says (it may come from a
        # restored backup): never the team, the owner or any other column.
        names = {
            field: value
            for field, value in (renamed.items() if isinstance(renamed, dict) else ())
            if field in RENAMED_FIELDS and isinstance(value, str)
        }
        former = ContactAlias.objects.filter(pk=added.get("former_name")).first()
        if former is not None:
            if names:
                Contact.objects.filter(pk=former.contact_id).update(**names)
            touched.add(former.contact_id)
            former.delete()
    for model, key in ((ContactAlias, "alias"), (NetworkProfile, "profile")):
        if pk := added.get(key):
            touched.update(model.objects.filter(pk=pk).values_list("contact_id", flat=True))
            model.objects.filter(pk=pk).delete()
    ContactTag.objects.filter(pk__in=added.get("tags", [])).delete()
    previous = added.get("profile_access")
    if isinstance(previous, list) and len(previous) == 2 and previous[1] in AccessLevel.values:
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
    # Most requests shown were never accepted: no query (nor its building) for them.
    tags = (
        ContactTag.objects.filter(pk__in=added["tags"]).select_related("category")
        if added.get("tags") and "contact" not in added
        else []
    )
    if tags:
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
