"""`manage.py bench pages`: the server time of each page a member uses, beside the bare view.

Every sample of a page is taken right after a sample of the bare view (``ping``, through the
same middleware, with the same signed-in session), so both see the same machine: the ratio of
their medians holds while other work comes and goes, where two blocks one after the other
would not. Pages are measured with the cache as most requests find it, and some with the
cache emptied before each sample (sessions, categories, the suggestions kept for requests:
what a Redis restart leaves; the counts are tallies the database keeps, never cached). The
triage action is a real decline answering with the next request open; the request is put
back as it was after each sample, untimed. It is measured cold too: the next request's
sender recognised again, as after any change of the team's contacts. A search for a family
name far into the alphabet (the commonest from "s" on) is measured beside "marie": its bearers
sit together in the list's order, where a first name is everywhere.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from network.dev.pagedata import build
from network.inbox.reversal import connection_request_undo
from network.models import INBOX_STATES, ConnectionRequest, Contact, ContactKey, RequestEvent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@dataclass
class Page:
    name: str
    url: str
    method: str = "get"
    headers: dict = field(default_factory=dict)
    before: Callable[[], None] | None = None  # untimed, before each sample
    after: Callable[[], None] | None = None  # untimed, after each sample


def pages(team, owner) -> list[Page]:
    """The pages measured, on the bench team's data."""
    open_requests = ConnectionRequest.objects.filter(team=team, state__in=INBOX_STATES).order_by(
        "-received_at", "-pk"
    )
    first_page = list(open_requests[:25])
    shown = next(
        (row for row in first_page if row.best_match_id and row.state == "new"), first_page[0]
    )
    decided = next(row for row in first_page if row.state == "new" and row.pk != shown.pk)
    contact = (
        Contact.objects.filter(team=team, archived_at__isnull=True, profiles__isnull=False)
        .order_by("sort_key", "pk")
        .first()
    )
    # The commonest family name far into the alphabet: its bearers sit together there.
    common = (
        Contact.objects.filter(team=team, archived_at__isnull=True, sort_key__gte="s")
        .values("family_name")
        .annotate(bearers=Count("pk"))
        .order_by("-bearers", "family_name")
        .values_list("family_name", flat=True)[:50]
    )
    # One word of three letters or more: what the trigram index finds.
    family = next((name for name in common if len(name) >= 3 and " " not in name), "simon")
    inbox = reverse("inbox")
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "inbox-body"}

    def restore() -> None:
        """Undo the decline, then drop the two history entries it left."""
        connection_request_undo(
            connection_request=ConnectionRequest.objects.get(pk=decided.pk), actor=owner
        )
        RequestEvent.objects.filter(connection_request_id=decided.pk, pk__gt=last_event).delete()

    last_event = (
        RequestEvent.objects.filter(connection_request_id=decided.pk)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
        or 0
    )
    return [
        Page("inbox", inbox),
        Page("inbox, cold counts", inbox, before=cache.clear),
        Page("inbox, request open", f"{inbox}?r={shown.pk}"),
        Page("contacts, page 1", reverse("contact_list")),
        Page("contacts, page 1, cold", reverse("contact_list"), before=cache.clear),
        Page("contacts, page 50", f"{reverse('contact_list')}?page=50"),
        Page("contact search", f"{reverse('contact_list')}?q=marie"),
        Page("contact search, cold", f"{reverse('contact_list')}?q=marie", before=cache.clear),
        Page(
            "contact search, family name", f"{reverse('contact_list')}?{urlencode({'q': family})}"
        ),
        # The first letters typed, which match a third of the book.
        Page("contact search, first letters", f"{reverse('contact_list')}?q=ma"),
        Page("contact page", reverse("contact_detail", args=[contact.pk])),
        Page("phrase list", reverse("phrase_list")),
        Page("composer", reverse("composer", args=[shown.pk])),
        Page(
            "triage: decline + next",
            f"{reverse('request_decline', args=[decided.pk])}",
            method="post",
            headers=htmx,
            after=restore,
        ),
        Page(
            "triage, cold caches",
            f"{reverse('request_decline', args=[decided.pk])}",
            method="post",
            headers=htmx,
            before=cache.clear,  # the suggestions kept too, as after a contact changed
            after=restore,
        ),
        Page("whois", f"{reverse('whois')}?q=Marie+Martin"),
    ]


class Bench:
    def __init__(self, owner) -> None:
        self.client = Client()
        self.client.force_login(owner, backend=settings.AUTHENTICATION_BACKENDS[-1])
        self.host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        self.ping = reverse("ping")

    def once(self, page: Page) -> float:
        if page.before:
            page.before()
        send = getattr(self.client, page.method)
        started = time.perf_counter()
        response = send(page.url, secure=True, HTTP_HOST=self.host, **page.headers)
        elapsed = (time.perf_counter() - started) * 1000
        if page.after:
            page.after()
        if response.status_code != 200:
            raise RuntimeError(f"{page.name}: {page.url} answered {response.status_code}")
        return elapsed

    def bare(self) -> float:
        started = time.perf_counter()
        self.client.get(self.ping, secure=True, HTTP_HOST=self.host)
        return (time.perf_counter() - started) * 1000

    def alternate(self, page: Page, runs: int) -> tuple[list[float], list[float]]:
        for _ in range(3):  # warm-up: templates, connection, caches
            self.once(page)
            self.bare()
        bare, timed = [], []
        for _ in range(runs):
            bare.append(self.bare())
            timed.append(self.once(page))
        return bare, timed


def run(options: dict, write: Callable[[str], None]) -> dict:
    database = settings.DATABASES["default"]
    write(
        f"Database: {database['ENGINE'].rsplit('.', 1)[-1]} ({database['NAME']}); "
        f"DEBUG={settings.DEBUG}; CONN_MAX_AGE={database.get('CONN_MAX_AGE')}; "
        f"sessions: {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}; "
        f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    team, owner = build(options["contacts"], options["requests"], options["messages"], say=write)
    open_count = ConnectionRequest.objects.filter(team=team, state__in=INBOX_STATES).count()
    write(
        f"Data: {Contact.objects.filter(team=team).count()} contacts "
        f"({ContactKey.objects.filter(team=team).values('contact_id').distinct().count()} "
        "with recognition keys), "
        f"{open_count} open requests; load average {os.getloadavg()[0]:.2f}"
    )
    bench = Bench(owner)
    runs = options["runs"]
    results = {}
    write(f"\n{'page':<31}{'median ms':>10}{'p95 ms':>9}{'bare ms':>9}{'ratio':>8}")
    for page in pages(team, owner):
        if options["only"] and not any(word in page.name for word in options["only"]):
            continue
        bare, timed = bench.alternate(page, runs)
        median, base = statistics.median(timed), statistics.median(bare)
        results[page.name] = {
            "median_ms": round(median, 2),
            "p95_ms": round(percentile(timed, 0.95), 2),
            "ratio": round(median / base, 2),
            "bare_median_ms": round(base, 2),
        }
        row = results[page.name]
        write(
            f"{page.name:<31}{median:>10.2f}{row['p95_ms']:>9.2f}{base:>9.2f}{row['ratio']:>8.1f}"
        )
    write(
        f"({runs} samples of each page, each right after one of the bare view; "
        f"load average now {os.getloadavg()[0]:.2f})"
    )
    if options["json"]:
        write(json.dumps({"pages": results}))
    return results
