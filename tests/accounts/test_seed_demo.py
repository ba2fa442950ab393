"""`manage.py seed_demo` creates the demo login it prints, and converges when run again."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.models import User


def run_seed() -> str:
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_printed_demo_login_works():
    output = run_seed()
    email, password = re.search(r"Demo login: (\S+) / (\S+)", output).groups()
    assert authenticate(username=email, password=password) is not None


@pytest.mark.django_db
def test_running_twice_creates_nothing_new():
    run_seed()
    counts = User.objects.count()
    second = run_seed()
    assert User.objects.count() == counts
    assert "Refreshed" in second
