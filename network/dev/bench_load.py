"""`manage.py bench load`: the pages under gunicorn, driven by wrk, beside the trivial view.

Gunicorn is started on 127.0.0.1 (a free port, ``--workers`` processes) with the settings of
this process' environment; wrk (Debian's ``wrk``) sends a signed-in member's requests for a
fixed time at two concurrencies. Around each page the trivial view (``ping``) is driven the
same way, as long just before the page's run as just after (half its time each), so each
page's share of the trivial view's throughput compares runs seconds apart, with a drift of
the machine's speed over them weighing on both alike. Only pages that read are driven: a
triage action changes what it acts on. Memory is the resident size of each worker, read
from /proc after every page's run; the largest is kept. Gunicorn is stopped at the end,
whatever happens.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.test import Client

from network.dev.bench_pages import pages
from network.dev.pagedata import build

READ_PAGES = [
    "inbox",
    "inbox, request open",
    "contacts, page 1",
    "contacts, page 50",
    "contact search",
    "contact search, family name",
    "contact page",
    "phrase list",
    "composer",
    "whois",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def session_cookie(owner) -> str:
    """A real session of the bench owner, in the configured session store."""
    client = Client()
    client.force_login(owner, backend=settings.AUTHENTICATION_BACKENDS[-1])
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def worker_rss_mb(master: int) -> list[float]:
    """Resident memory of each child of the gunicorn master, in MB."""
    sizes = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if int(fields.get("PPid", "0").strip()) == master and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sizes


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, cookie: str, host: str, connections: int, seconds: int) -> dict:
    output = subprocess.run(  # noqa: S603 - fixed arguments, our own URL
        [  # noqa: S607 - Debian's wrk, found on PATH
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-H",
            f"Cookie: {cookie}",
            "-H",
            f"Host: {host}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    """Requests per second, p50 and p99 in ms, and errors (non-2xx/3xx answers, socket
    errors and timeouts) from what ``wrk --latency`` prints."""
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for share in ("50", "99"):
        found = re.search(rf"^\s+{share}(?:\.000)?%\s+(\S+)", output, re.MULTILINE)
        result[f"p{share}_ms"] = round(_ms(found.group(1)), 2) if found else None
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["errors"] = int(errors.group(1)) if errors else 0
    if sockets:
        result["errors"] += sum(int(value) for value in sockets.groups())
    return result


def halves(seconds: int) -> tuple[int, int]:
    """The trivial view's time just before and just after a page's run of ``seconds``: the
    same on both sides, so that a steady drift cancels (half the page's time each, rounded
    up: wrk counts whole seconds)."""
    side = max(1, -(-seconds // 2))
    return side, side


def combined(runs: list[tuple[dict, int]]) -> dict:
    """One figure of several wrk runs of the same address, each with its length in seconds:
    the requests per second over their whole time, every error of each."""
    total = sum(length for _result, length in runs)
    return {
        "rps": round(sum(result["rps"] * length for result, length in runs) / total, 2),
        "errors": sum(result["errors"] for result, _length in runs),
    }


def answers_200(port: int, path: str, cookie: str, host: str) -> int:
    """The status of one signed-in request, redirects not followed: wrk counts a redirect
    (to the login page, say) as a success, so each page is checked once before its run."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def start_gunicorn(port: int, workers: int, host: str) -> subprocess.Popen:
    """Gunicorn on 127.0.0.1, once it answers ``/ping`` for ``host`` (the name the bench's
    requests give, which ``ALLOWED_HOSTS`` must accept)."""
    environment = {**os.environ, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}
    process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=environment,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    ping = urllib.request.Request(f"http://127.0.0.1:{port}/ping", headers={"Host": host})
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(ping, timeout=2):  # noqa: S310 - our own server
                return process
        except urllib.error.HTTPError as error:  # it answers, but refuses
            stop(process)
            raise RuntimeError(
                f"gunicorn answered {error.code} to /ping for the host {host!r}: "
                "is it in ALLOWED_HOSTS?"
            ) from None
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn stopped at start-up") from None
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def bench_host(allowed: list[str]) -> str:
    """The host name the bench's requests give: the first one ``ALLOWED_HOSTS`` accepts
    ("example.com" for ".example.com"; "localhost" for "*" or none)."""
    for name in allowed:
        if name != "*":
            return name.lstrip(".")
    return "localhost"


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run(options: dict, write: Callable[[str], None]) -> dict:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    database = settings.DATABASES["default"]
    team, owner = build(options["contacts"], options["requests"], options["messages"], say=write)
    by_name = {page.name: page for page in pages(team, owner)}
    cookie = session_cookie(owner)
    host = bench_host(settings.ALLOWED_HOSTS)
    port = free_port()
    levels = options["concurrency"]
    seconds = options["seconds"]
    write(
        f"gunicorn: {options['workers']} workers on 127.0.0.1:{port}; DEBUG={settings.DEBUG}; "
        f"CONN_MAX_AGE={database.get('CONN_MAX_AGE')}; "
        f"pool={bool(database.get('OPTIONS', {}).get('pool'))}; "
        f"wrk {seconds} s per run at {', '.join(map(str, levels))} connections; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    process = start_gunicorn(port, options["workers"], host)
    peak: list[float] = []
    results: dict = {}
    try:
        base = f"http://127.0.0.1:{port}"
        for level in levels:
            write(
                f"\n{level} connections\n{'page':<22}{'rps':>8}{'p50 ms':>9}{'p99 ms':>9}"
                f"{'trivial rps':>12}{'share':>7}{'errors':>7}"
            )
            for name in READ_PAGES:
                if options["only"] and not any(word in name for word in options["only"]):
                    continue
                status = answers_200(port, by_name[name].url, cookie, host)
                if status != 200:
                    raise RuntimeError(f"{name}: {by_name[name].url} answered {status}")
                # The trivial view as long before the page as after: a machine growing
                # slower or faster over the page's run weighs on both alike.
                before, after = halves(seconds)
                first = wrk(f"{base}/ping", cookie, host, level, before)
                measured = wrk(base + by_name[name].url, cookie, host, level, seconds)
                peak.append(max(worker_rss_mb(process.pid), default=0))
                trivial = combined(
                    [(first, before), (wrk(f"{base}/ping", cookie, host, level, after), after)]
                )
                share = measured["rps"] / trivial["rps"] if trivial["rps"] else 0
                entry = results.setdefault(
                    name, {"rps": None, "share_of_trivial": 1.0, "errors": 0}
                )
                entry["errors"] += measured["errors"] + trivial["errors"]
                # The figure kept per page is the worse of the two concurrencies.
                if share <= entry["share_of_trivial"]:
                    entry.update(rps=measured["rps"], share_of_trivial=round(share, 3))
                entry[f"c{level}"] = {**measured, "trivial_rps": trivial["rps"]}
                write(
                    f"{name:<22}{measured['rps']:>8.1f}{measured['p50_ms'] or 0:>9.1f}"
                    f"{measured['p99_ms'] or 0:>9.1f}{trivial['rps']:>12.1f}{share:>7.0%}"
                    f"{measured['errors'] + trivial['errors']:>7}"
                )
        sizes = worker_rss_mb(process.pid)
    finally:
        stop(process)
    write(
        f"\nWorker memory (RSS): {', '.join(f'{size:.0f}' for size in sizes)} MB at the end; "
        f"largest seen {max(peak, default=0):.0f} MB; load average {os.getloadavg()[0]:.2f}"
    )
    if options["json"]:
        summary = {
            name: {key: entry[key] for key in ("rps", "share_of_trivial", "errors")}
            for name, entry in results.items()
        }
        write(json.dumps({"pages": summary, "worker_rss_mb": round(max(peak, default=0), 1)}))
    return results
