"""Incoming requests from a file (LinkedIn invitations, Facebook requests received), dry run
and real run alike.

An export of invitations is a history, not a list of what waits: a sender whose profile is
already a contact's, or who is among the connections of the same archive, is *already
connected*. Such a row is not put in the inbox: it is counted, listed in the report with
the contact it belongs to, and kept on that contact's history (``invitations``), once.
A request already open for the same profile, or already imported (same profile or name,
same moment), is not created twice.

New requests go in with ``bulk_create``, each with its "received" event (the history the
inbox shows and undo reads) and, once written, its stored recognition (the list's badge).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext

from network.imports.cleaning import many_lines, one_line, profile_of
from network.imports.invitations import InvitationHistory, received_moment
from network.imports.records import ContactRecord, RequestRecord
from network.imports.tally import Tally
from network.models import (
    OPEN_STATES,
    ConnectionRequest,
    NetworkProfile,
    RequestEvent,
    RequestState,
    request_changed,
)
from network.recognition.services import connection_request_match
from network.text import fold
from network.text.networks import Network
from network.text.profiles import ProfileURLError

BATCH = 500


def archive_connections(items: Iterable) -> set[tuple[str, str]]:
    """The profiles of the connections in the same archive (its Connections.csv)."""
    found = set()
    for item in items:
        if isinstance(item, ContactRecord):
            for raw in item.profiles:
                try:
                    profile = profile_of(raw)
                except ProfileURLError:
                    continue
                found.add((profile.network, profile.handle))
    return found


class RequestRun:
    def __init__(
        self,
        *,
        team,
        user,
        dry_run: bool,
        connections: set[tuple[str, str]] | None = None,
        progress: Callable[[int], None] | None = None,
        job_id: int | None = None,
    ) -> None:
        self.team, self.user, self.dry_run, self.progress = team, user, dry_run, progress
        self.tally = Tally("requests")
        self.history = InvitationHistory(
            team=team,
            actor=user,
            source={"import": job_id} if job_id else {"import": "command"},
            dry_run=dry_run,
        )
        self.connections = connections or set()
        self.contacts: dict[tuple[str, str], int] = {
            (network, handle): pk
            for network, handle, pk in NetworkProfile.objects.filter(team=team)
            .values_list("network", "handle", "contact_id")
            .iterator(chunk_size=5000)
        }
        self.open: set[tuple[str, str]] = set()
        self.seen_before: set[tuple] = set()
        for network, handle, name, received, state in (
            ConnectionRequest.objects.filter(team=team)
            .values_list("network", "handle", "sender_name", "received_at", "state")
            .iterator(chunk_size=5000)
        ):
            if handle and state in OPEN_STATES:
                self.open.add((network, handle))
            self.seen_before.add(self._key(network, handle, name, received))
        self.in_file: set[tuple] = set()
        self.batch: list[ConnectionRequest] = []

    @staticmethod
    def _key(network: str, handle: str, name: str, received) -> tuple:
        moment = received.replace(microsecond=0) if received else None
        return (network, handle or fold(name), moment)

    def feed(self, items: Iterable) -> Tally:
        for item in items:
            if isinstance(item, RequestRecord):
                self.tally.rows += 1
                self.record(item)
            elif isinstance(item, ContactRecord):
                self.tally.ignored += 1
            else:
                self.tally.take(item)
            if len(self.batch) >= BATCH:
                self.flush()
        self.flush()
        self.tally.history_recorded = self.history.count
        return self.tally

    def record(self, record: RequestRecord) -> None:
        tally = self.tally
        name = one_line(record.sender_name, 200)
        if not name:
            tally.error(record.row, gettext("This row has no name."), record.source)
            return
        if record.network not in Network.values:
            tally.error(record.row, gettext("Unknown network."), record.source)
            return
        profile = None
        if record.profile_url:
            try:
                profile = profile_of(record.profile_url, record.network)
            except ProfileURLError as error:
                tally.warn(
                    record.row,
                    gettext("Profile “%(value)s” left out: %(reason)s")
                    % {"value": record.profile_url[:120], "reason": error},
                    record.source,
                )
        received = received_moment(record.received_at)
        handle = profile.handle if profile else ""
        shown = {
            "row": record.row,
            "action": "new",
            "name": name,
            "network": str(Network(record.network).label),
            "headline": one_line(record.headline, 300),
            "profile": profile.url if profile else "",
            "message": many_lines(record.message)[:300],
            "received": received.isoformat() if received else "",
        }
        key = self._key(record.network, handle, name, received)
        where = (record.network, handle)
        if handle and (where in self.contacts or where in self.connections):
            shown["action"] = "already_connected"
            contact_id = self.contacts.get(where)
            recorded = contact_id is not None and self.history.add(
                contact_id,
                network=record.network,
                received=received,
                message=many_lines(record.message),
            )
            tally.connected(
                {"row": record.row, "name": name, "contact_id": contact_id, "recorded": recorded}
            )
        elif key in self.in_file or (handle and where in self.in_file):
            shown["action"] = "duplicate"
            tally.count("duplicates_in_file")
        elif key in self.seen_before or (handle and where in self.open):
            shown["action"] = "unchanged"
            tally.count("unchanged")
        else:
            tally.count("new")
            self.in_file.update({key, where} if handle else {key})
            if not self.dry_run:
                self.batch.append(
                    ConnectionRequest(
                        team=self.team,
                        owner=self.user,
                        network=record.network,
                        sender_name=name,
                        headline=shown["headline"],
                        profile_url=profile.url if profile else "",
                        handle=handle,
                        message=many_lines(record.message),
                        received_at=received or timezone.now(),
                        mutual_connections=_count(record.mutual_connections),
                        has_photo=record.has_photo,
                        search_text=f"{fold(name)} {fold(shown['headline'])} {handle}".strip(),
                    )
                )
        tally.first(shown)

    def flush(self) -> None:
        self.history.flush()
        batch, self.batch = self.batch, []
        if batch:
            ConnectionRequest.objects.bulk_create(batch)
            events = RequestEvent.objects.bulk_create(
                RequestEvent(
                    connection_request=connection_request,
                    actor=self.user,
                    action="received",
                    to_state=RequestState.NEW,
                    data={"import": True},
                )
                for connection_request in batch
            )
            for connection_request, event in zip(batch, events, strict=True):
                request_changed.send(
                    sender=ConnectionRequest, connection_request=connection_request, event=event
                )
                connection_request_match(connection_request)
        if self.progress is not None:
            self.progress(self.tally.rows)


def _count(value) -> int | None:
    return value if isinstance(value, int) and 0 <= value < 2**31 else None
