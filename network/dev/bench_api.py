"""`manage.py bench api`: the REST API's list and create, beside the bare view.

The data set is ``bench pages``' (built once, topped up to ``--contacts``, ``--requests`` and
``--messages``). Each sample of an API call is taken right after one of the bare view
(``ping``, through the same middleware), as in ``bench pages``, so the ratio holds while the
machine's load changes. Calls carry a personal access token (``Authorization: Bearer``) and
go through the real authentication, permission and per-token throttle (its rate raised out of
the way, its cache reads and writes still paid). A create of a new request is deleted again
after each sample, untimed; "create, existing" sends the same profile again and is answered
with the request already there.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import AccessToken
from network.dev.bench_pages import percentile
from network.dev.pagedata import build
from network.models import ConnectionRequest, Contact
from network.text.profiles import parse_profile


@dataclass
class Call:
    name: str
    url: str
    method: str = "get"
    body: Callable[[], dict] | None = None  # a fresh body for each sample
    after: Callable[[object], None] | None = None  # untimed, with the response
    expect: set[int] = field(default_factory=lambda: {200})


def calls(team, owner) -> list[Call]:
    requests = reverse("api_request_list")
    counter = itertools.count()
    existing = (
        ConnectionRequest.objects.filter(team=team, state="new", network="linkedin")
        .exclude(handle="")
        .first()
    )
    # Bench requests carry a placeholder address; the network's own one is built from the handle.
    existing_url = parse_profile(existing.handle, existing.network).url

    def new_request() -> dict:
        number = next(counter)
        return {
            "profile_url": f"https://www.linkedin.com/in/bench-api-{os.getpid()}-{number}",
            "sender_name": f"Bench Api {number}",
            "headline": "Purchasing manager at Acme",
            "message": "Bonjour, nous nous sommes vus au salon.",
        }

    def delete_created(response) -> None:
        ConnectionRequest.objects.filter(pk=response.json()["id"]).delete()

    return [
        Call("api: request list", requests),
        Call("api: request list, filtered", f"{requests}?network=linkedin&q=marie"),
        Call("api: request, one", reverse("api_request_detail", args=[existing.pk])),
        Call("api: contact list", reverse("api_contact_list")),
        Call("api: contact search", f"{reverse('api_contact_list')}?q=marie"),
        Call(
            "api: create, new",
            requests,
            method="post",
            body=new_request,
            after=delete_created,
            expect={201},
        ),
        Call(
            "api: create, existing",
            requests,
            method="post",
            body=lambda: {"profile_url": existing_url, "sender_name": "Same Person"},
        ),
    ]


class Bench:
    def __init__(self, token: str) -> None:
        self.client = Client()
        self.host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        self.ping = reverse("ping")

    def once(self, call: Call) -> float:
        extra = {"secure": True, "HTTP_HOST": self.host, **self.headers}
        if call.method == "post":
            body = json.dumps(call.body() if call.body else {})
            started = time.perf_counter()
            response = self.client.post(call.url, body, content_type="application/json", **extra)
        else:
            started = time.perf_counter()
            response = self.client.get(call.url, **extra)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code not in call.expect:
            raise RuntimeError(f"{call.name}: {call.url} answered {response.status_code}")
        if call.after:
            call.after(response)
        return elapsed

    def bare(self) -> float:
        started = time.perf_counter()
        self.client.get(self.ping, secure=True, HTTP_HOST=self.host)
        return (time.perf_counter() - started) * 1000

    def alternate(self, call: Call, runs: int) -> tuple[list[float], list[float]]:
        for _ in range(3):  # warm-up: connection, caches, the token's first use
            self.once(call)
            self.bare()
        bare, timed = [], []
        for _ in range(runs):
            bare.append(self.bare())
            timed.append(self.once(call))
        return bare, timed


def run(options: dict, write: Callable[[str], None]) -> dict:
    database = settings.DATABASES["default"]
    write(
        f"Database: {database['ENGINE'].rsplit('.', 1)[-1]} ({database['NAME']}); "
        f"DEBUG={settings.DEBUG}; cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    team, owner = build(options["contacts"], options["requests"], options["messages"], say=write)
    write(
        f"Data: {Contact.objects.filter(team=team).count()} contacts, "
        f"{ConnectionRequest.objects.filter(team=team).count()} requests; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    token, plaintext = AccessToken.issue(user=owner, team=team, name="bench api")
    results = {}
    runs = options["runs"]
    try:
        with override_settings(API_THROTTLE_RATE="1000000/second"):
            bench = Bench(plaintext)
            write(f"\n{'call':<30}{'median ms':>10}{'p95 ms':>9}{'bare ms':>9}{'ratio':>8}")
            for call in calls(team, owner):
                if options["only"] and not any(word in call.name for word in options["only"]):
                    continue
                bare, timed = bench.alternate(call, runs)
                median, base = statistics.median(timed), statistics.median(bare)
                row = results[call.name] = {
                    "median_ms": round(median, 2),
                    "p95_ms": round(percentile(timed, 0.95), 2),
                    "ratio": round(median / base, 2),
                    "bare_median_ms": round(base, 2),
                }
                write(
                    f"{call.name:<30}{median:>10.2f}{row['p95_ms']:>9.2f}{base:>9.2f}"
                    f"{row['ratio']:>8.1f}"
                )
    finally:
        token.delete()
    write(
        f"({runs} samples of each call, each right after one of the bare view; "
        f"load average now {os.getloadavg()[0]:.2f})"
    )
    if options["json"]:
        write(json.dumps({"calls": results}))
    return results
