"""`manage.py bench dashboard`: the dashboard's server time beside a bare view.

A bench team gets (once) requests spread over six months in every state, with their events
(asked, replied, accepted, declined) and tagged contacts; then the dashboard and the bare
view are requested alternately, one after the other, so that both see the same machine.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Team, User
from network.dev.upkeep import settle
from network.models import Category, ConnectionRequest, Contact, ContactTag, RequestEvent

BENCH_TEAM = "bench-dashboard"
NETWORKS = ["linkedin", "facebook", "x", "instagram", "viadeo"]
# (state, events in order): what each request went through.
PATHS = [
    ("new", []),
    ("asked", ["ask"]),
    ("replied", ["ask", "reply"]),
    ("accepted", ["accept"]),
    ("accepted", ["ask", "reply", "accept"]),
    ("declined", ["decline"]),
    ("archived", ["archive"]),
]


@transaction.atomic
def fill_history(team: Team, owner: User, count: int, seed: int = 5, batch: int = 5000) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    now = timezone.now()
    Category.seed_for(team)
    categories = list(Category.objects.filter(team=team))
    made = 0
    while made < count:
        size = min(batch, count - made)
        plans, rows = [], []
        for index in range(made, made + size):
            state, steps = rng.choice(PATHS)
            received = now - timedelta(minutes=rng.randrange(180 * 24 * 60))
            decided = received + timedelta(hours=rng.randrange(1, 400))
            rows.append(
                ConnectionRequest(
                    team=team,
                    owner=owner,
                    network=rng.choice(NETWORKS),
                    sender_name=f"Bench Person {index}",
                    handle=f"bench-person-{index}",
                    state=state,
                    received_at=received,
                    decided_at=decided if state in {"accepted", "declined"} else None,
                    access_granted=rng.choice(["full", "restricted"])
                    if state == "accepted"
                    else "",
                )
            )
            plans.append((steps, received, decided))
        rows = ConnectionRequest.objects.bulk_create(rows)
        events = []
        for row, (steps, received, decided) in zip(rows, plans, strict=True):
            for position, action in enumerate(steps):
                at = received + (decided - received) * (position + 1) / len(steps)
                events.append(
                    RequestEvent(connection_request=row, actor=owner, action=action, at=at)
                )
        RequestEvent.objects.bulk_create(events, batch_size=10000)
        contacts = Contact.objects.bulk_create(
            Contact(team=team, given_name="Bench", family_name=f"Contact {made + i}", owner=owner)
            for i in range(size // 2)
        )
        ContactTag.objects.bulk_create(
            ContactTag(contact=contact, category=rng.choice(categories))
            for contact in contacts
            if rng.random() < 0.7
        )
        made += size


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bench_dashboard(stdout, requests: int, runs: int) -> None:
    owner, _created = User.objects.get_or_create(
        email="bench@netcurate.test", defaults={"display_name": "Bench"}
    )
    owner.welcome_done()
    team = Team.objects.filter(slug=BENCH_TEAM).first()
    if team is None:
        team = Team.objects.create(name="Bench dashboard", slug=BENCH_TEAM)
        Membership.objects.create(team=team, user=owner, role="owner")
    owner.last_team = team
    owner.save(update_fields=["last_team"])
    have = ConnectionRequest.objects.filter(team=team).count()
    if have < requests:
        started = time.perf_counter()
        fill_history(team, owner, requests - have)
        stdout.write(
            f"Added {requests - have} requests with their history "
            f"in {time.perf_counter() - started:.1f} s"
        )
    settle()
    stdout.write(
        f"Data: {ConnectionRequest.objects.filter(team=team).count()} requests, "
        f"{RequestEvent.objects.filter(connection_request__team=team).count()} events, "
        f"{Contact.objects.filter(team=team).count()} contacts"
    )
    client = Client()
    client.force_login(owner, backend=settings.AUTHENTICATION_BACKENDS[-1])
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    pages = {
        "bare view (ok)": reverse("ping"),
        "dashboard, team": reverse("dashboard") + "?scope=team",
        "dashboard, mine": reverse("dashboard") + "?scope=me",
    }
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for turn in range(runs + max(3, runs // 20)):  # the first few warm up, uncounted
        for name, url in pages.items():  # alternated: each run times every page once
            started = time.perf_counter()
            response = client.get(url, secure=True, HTTP_HOST=host)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            if turn >= max(3, runs // 20):
                timings[name].append(elapsed)
    base = statistics.median(timings["bare view (ok)"])
    stdout.write(f"\n{'page':<18}{'median ms':>11}{'p95 ms':>9}{'x bare':>9}")
    for name, values in timings.items():
        median = statistics.median(values)
        stdout.write(
            f"{name:<18}{median:>11.2f}{_percentile(values, 0.95):>9.2f}{median / base:>9.1f}"
        )
    stdout.write(f"\n{runs} requests of each page, alternated.")
