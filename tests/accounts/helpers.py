"""Helpers shared by the accounts tests and the accounts browser tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from config.celery import app

# What the accounts tests set SITE_URL to: links in emails start with it.
SITE_URL = "https://netcurate.example"


@contextmanager
def celery_in_process() -> Iterator[None]:
    """Run Celery tasks in this process as soon as they are queued (the real task code).

    Errors propagate, so a broken task fails the test rather than vanishing into a result.
    """
    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved
