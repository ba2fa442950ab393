"""Reads of the inbox that views (and the composer in ``replies``) share: the scoped loaders,
the filtered list, its badges, and which request to open next (the counts: ``counts``)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.scoping import TeamRequest, get_in_team, require_write
from config.params import clean_search, clean_text, parse_ints
from config.prepared import PreparedRead
from network.models import (
    INBOX_STATES,
    ConnectionRequest,
    ContactEmail,
    NetworkProfile,
    RequestState,
)
from network.recognition.matching import LIKELY
from network.text import search_terms


def get_connection_request(request: TeamRequest, pk: int) -> ConnectionRequest:
    """The request ``pk`` of the current team (else 404)."""
    return get_in_team(request, ConnectionRequest.objects.select_related("contact", "owner"), pk=pk)


def get_connection_request_rw(request: TeamRequest, pk: int) -> ConnectionRequest:
    """The request, for a decision: 404 outside the team, 403 read-only, 405 unless POST."""
    connection_request = get_connection_request(request, pk)
    require_write(request, post=True)
    return connection_request


def get_connection_request_to_decide(request: TeamRequest, pk: int) -> ConnectionRequest:
    """The request, for a decision that locks and reads its row again (``transition``): 404
    outside the team, 403 read-only, 405 unless POST. Read without the contact and the owner,
    which the decision does not show: with them joined, the read took 1.10 ms of a decline
    at 100,000 contacts; alone, 0.56 ms (medians of 60 actions); with SQL compiled once
    (``PreparedRead``), less again."""
    found = _TO_DECIDE.one(pk)
    if found is None or found.team_id != request.team.pk:
        raise Http404("No such request in this team.")
    require_write(request, post=True)
    return found


_TO_DECIDE = PreparedRead(lambda pk: ConnectionRequest.objects.filter(pk=pk))


def with_match_flag(queryset: QuerySet) -> QuerySet:
    """Annotate ``has_match``: the request is linked, or recognition stored a likely best
    match for it (the detail's first suggestion, from ``LIKELY`` on), or, before the task
    has run, a contact of the team has the same profile or email (a certain match)."""
    same_profile = NetworkProfile.objects.filter(
        team=OuterRef("team"), network=OuterRef("network"), handle=OuterRef("handle")
    )
    same_email = ContactEmail.objects.filter(
        contact__team=OuterRef("team"), email=OuterRef("email")
    )
    return queryset.annotate(
        has_match=Q(contact__isnull=False)
        | Q(best_match__isnull=False, best_score__gte=LIKELY)
        | (Exists(same_profile) & ~Q(handle=""))
        | (Exists(same_email) & ~Q(email=""))
    )


def match_flags(team, rows: list[ConnectionRequest]) -> dict[int, bool]:
    """``has_match`` for requests already read, as ``with_match_flag`` annotates it, in at
    most two plain indexed reads (profiles by team, network and handle; emails) for the rows
    the stored fields leave undecided. The annotated query cost 1.6 ms a page at 100,000
    contacts, nine tenths of it in building the query; these cost 0.5 ms."""
    flags: dict[int, bool] = {}
    undecided = []
    for row in rows:
        likely = row.best_match_id is not None and (row.best_score or 0) >= LIKELY
        flags[row.pk] = row.contact_id is not None or likely
        if not flags[row.pk]:
            undecided.append(row)
    with_handle = [row for row in undecided if row.handle]
    if with_handle:
        known = set(
            NetworkProfile.objects.filter(
                team=team,
                network__in={row.network for row in with_handle},
                handle__in={row.handle for row in with_handle},
            )
            .order_by()
            .values_list("network", "handle")
        )
        for row in with_handle:
            flags[row.pk] = (row.network, row.handle) in known
    with_email = [row for row in undecided if row.email and not flags[row.pk]]
    if with_email:
        known = set(
            ContactEmail.objects.filter(
                contact__team=team, email__in={row.email for row in with_email}
            )
            .order_by()
            .values_list("email", flat=True)
        )
        for row in with_email:
            flags[row.pk] = row.email in known
    return flags


def filtered_requests(team, params) -> QuerySet[ConnectionRequest]:
    """The requests the list shows for ``params`` (the query string), newest first.
    ``has_match`` is only computed here when the match filter asks for it: otherwise it is
    annotated on the page's rows alone."""
    connection_requests = ConnectionRequest.objects.filter(team=team)
    state = params.get("state", "open")
    if state == "open":
        connection_requests = connection_requests.filter(state__in=INBOX_STATES)
    elif state in RequestState.values:
        connection_requests = connection_requests.filter(state=state)
    if network := clean_text(params.get("network"), 20):
        connection_requests = connection_requests.filter(network=network)
    if ids := params.get("ids"):  # the requests a capture just brought (at most 200)
        connection_requests = connection_requests.filter(pk__in=parse_ints(ids.split(",")[:200]))
    if params.get("message") == "1":
        connection_requests = connection_requests.exclude(message="")
    for term in search_terms(clean_search(params.get("q"))):
        connection_requests = connection_requests.filter(search_text__contains=term)
    if params.get("match") in {"0", "1"}:
        connection_requests = with_match_flag(connection_requests).filter(
            has_match=params["match"] == "1"
        )
    return connection_requests.order_by("-received_at", "-pk")


def only_state_filter(params) -> bool:
    return not any(params.get(key) for key in ("network", "message", "q", "match", "ids"))


def next_open(team, params, after: ConnectionRequest) -> int | None:
    """The request to open after deciding on ``after``: the next one down the list, else the
    one just above it. Two indexed lookups, whatever the number of open requests."""
    listed = filtered_requests(team, params).exclude(pk=after.pk)
    moment = after.received_at
    older = listed.filter(Q(received_at__lt=moment) | Q(received_at=moment, pk__lt=after.pk))
    found = older.values_list("pk", flat=True).first()
    if found is None:
        newer = listed.filter(Q(received_at__gt=moment) | Q(received_at=moment, pk__gt=after.pk))
        found = newer.order_by("received_at", "pk").values_list("pk", flat=True).first()
    return found
