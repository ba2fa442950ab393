"""`manage.py bench dashboard` builds its team once and prints figures for both pages."""

import io

import pytest
from django.core.management import call_command

from network.models import ConnectionRequest, RequestEvent

pytestmark = pytest.mark.django_db


def test_bench_dashboard_prints_the_dashboard_beside_the_bare_view():
    out = io.StringIO()
    call_command("bench", "dashboard", requests=60, runs=10, stdout=out)
    text = out.getvalue()
    assert "Added 60 requests" in text
    assert "bare view (ok)" in text and "dashboard, team" in text and "x bare" in text
    assert ConnectionRequest.objects.filter(team__slug="bench-dashboard").count() == 60
    assert RequestEvent.objects.filter(connection_request__team__slug="bench-dashboard").exists()
    again = io.StringIO()
    call_command("bench", "dashboard", requests=60, runs=10, stdout=again)
    assert "Added" not in again.getvalue()
