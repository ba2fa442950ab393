"""Accounts tests run Celery tasks in this process, as soon as they are queued.

The task code is the real one (``accounts.tasks``), executed eagerly instead of by a worker;
``test_email_tasks.py`` also runs a real worker on Redis.
"""

import pytest

from tests.accounts.helpers import SITE_URL, celery_in_process


@pytest.fixture(autouse=True)
def _celery_in_process():
    with celery_in_process():
        yield


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Links in emails start with SITE_URL, never with the host of the request."""
    settings.SITE_URL = SITE_URL


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the code queued for after its commit, as a commit would.

    Tests run inside a transaction that never commits, so emails queued with
    ``transaction.on_commit`` would otherwise never leave.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)
