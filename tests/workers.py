"""Real Celery workers for the task tests: started as their own process, stopped cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def worker_database_url() -> str:
    """A DATABASE_URL for the database this test run uses (the test one, not the real one)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}{port}"
        f"/{settings['NAME']}"
    )


def start_worker(environment: dict[str, str], queue: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "celery", "--app", "config", "worker",
        "--pool", "solo", "--queues", queue, "--without-mingle", "--without-gossip",
        "--loglevel", "INFO", "--hostname", f"test-{queue}@%h",
    ]  # fmt: skip
    worker_environment = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings_test")
    worker_environment.update(environment)
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=worker_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(worker: subprocess.Popen) -> str:
    worker.send_signal(signal.SIGTERM)
    try:
        output, _ = worker.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output
