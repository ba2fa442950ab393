"""Site-wide views: the home page and the health check."""

import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)


def ping(request: HttpRequest) -> HttpResponse:
    """The barest answer the stack can give: the yardstick of `manage.py bench`."""
    return HttpResponse("ok", content_type="text/plain")


def home(request: HttpRequest) -> HttpResponse:
    """The page for visitors; a signed-in user goes to the welcome step (once), then the
    dashboard."""
    if request.user.is_authenticated:
        return redirect("welcome" if request.user.needs_welcome else "dashboard")
    return render(request, "home.html")


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "down", reported by name
        return False, f"{type(error).__name__}: {error}".strip()[:300]
    return True, connection.vendor


def _check_broker() -> tuple[bool, str]:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        if folder.is_dir() and os.access(folder, os.W_OK):
            return True, "filesystem"
        return False, f"queue folder {folder} is missing or not writable"
    timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT
    try:
        with Connection(url, connect_timeout=timeout) as broker:
            # Opening a channel makes the transport talk to the server (Redis answers PING).
            broker.ensure_connection(max_retries=1, timeout=timeout)
            return True, broker.transport.driver_name
    except Exception as error:  # noqa: BLE001
        return False, f"{type(error).__name__}: {error}".strip()[:300]


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database and the broker answer: 200 if both do, 503 naming what fails.

    The endpoint is public, so the error text (which names hosts and users) goes to the log
    and to staff only; everyone else sees which check failed and nothing more.
    """
    started = time.perf_counter()
    checks = {}
    details = {}
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        ok, details[name] = check()
        checks[name] = {"ok": ok}
        if not ok:
            logger.warning("Health check: %s is failing: %s", name, details[name])
    failing = [name for name, result in checks.items() if not result["ok"]]
    if request.user.is_staff:
        for name, detail in details.items():
            checks[name]["detail"] = detail
    body = {
        "status": "ok" if not failing else "error",
        "failing": failing,
        "checks": checks,
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=503 if failing else 200)
