"""The Celery application, wired the standard way: settings under the CELERY_ namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("netcurate")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="netcurate.ping")
def ping(token: str) -> str:
    """Echo a token back; used by tests and operators to prove a worker executes tasks."""
    return f"pong:{token}"
