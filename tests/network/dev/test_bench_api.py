"""`bench api` times the API's list and create beside the bare view on a small data set,
and leaves the data as it found it (its figures are not judged here)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import AccessToken
from network.dev.pagedata import TEAM_SLUG
from network.models import ConnectionRequest

CALLS = {
    "api: request list",
    "api: request list, filtered",
    "api: request, one",
    "api: contact list",
    "api: contact search",
    "api: create, new",
    "api: create, existing",
}


@pytest.mark.django_db
def test_bench_api_prints_one_line_per_call_and_the_json_last():
    output = StringIO()
    call_command(
        "bench", "api", contacts=60, requests=30, messages=20, runs=10, json=True, stdout=output
    )
    lines = output.getvalue().strip().splitlines()
    figures = json.loads(lines[-1])["calls"]
    assert set(figures) == CALLS
    for name in CALLS:
        assert {"median_ms", "p95_ms", "ratio", "bare_median_ms"} <= set(figures[name])
        assert any(line.startswith(name) for line in lines[:-1])


@pytest.mark.django_db
def test_the_bench_leaves_no_request_nor_token_behind():
    call_command("bench", "api", contacts=60, requests=30, messages=20, runs=10, stdout=StringIO())
    requests = ConnectionRequest.objects.filter(team__slug=TEAM_SLUG).count()
    call_command("bench", "api", contacts=60, requests=30, messages=20, runs=10, stdout=StringIO())
    assert ConnectionRequest.objects.filter(team__slug=TEAM_SLUG).count() == requests
    assert not ConnectionRequest.objects.filter(sender_name__startswith="Bench Api").exists()
    assert not AccessToken.objects.exists()
