"""`bench load` reads wrk's report: throughput, latency percentiles and every kind of error."""

import time

import pytest

from network.dev.bench_load import (
    bench_host,
    combined,
    free_port,
    halves,
    parse_wrk,
    start_gunicorn,
    stop,
)

REPORT = """Running 5s test @ http://127.0.0.1:8000/ping
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.51ms    3.02ms  40.11ms   80.00%
    Req/Sec   160.20     20.11   200.00     70.00%
  Latency Distribution
     50%  812.00us
     75%   13.90ms
     90%   15.80ms
     99%    1.02s
  1602 requests in 5.00s, 300.00KB read
  Socket errors: connect 0, read 1, write 0, timeout 3
  Non-2xx or 3xx responses: 2
Requests/sec:    320.31
Transfer/sec:     60.00KB
"""


def test_wrk_report_gives_rps_percentiles_in_ms_and_all_errors():
    assert parse_wrk(REPORT) == {"rps": 320.31, "p50_ms": 0.81, "p99_ms": 1020.0, "errors": 6}


def test_a_clean_run_has_no_error():
    clean = "\n".join(
        line for line in REPORT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    assert parse_wrk(clean)["errors"] == 0


def test_the_bench_asks_for_a_host_the_settings_accept():
    assert bench_host(["localhost", "127.0.0.1"]) == "localhost"
    assert bench_host([".example.com"]) == "example.com"
    assert bench_host(["*"]) == "localhost"
    assert bench_host([]) == "localhost"


def test_gunicorn_refusing_the_bench_s_host_is_said_at_once(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost")
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="'elsewhere.test': is it in ALLOWED_HOSTS"):
        start_gunicorn(free_port(), 1, "elsewhere.test")
    assert time.monotonic() - started < 30  # not the 60 s of a server that never answers
    process = start_gunicorn(free_port(), 1, "localhost")
    try:
        assert process.poll() is None
    finally:
        stop(process)


def test_the_trivial_view_runs_as_long_before_the_page_as_after():
    assert halves(10) == (5, 5)
    # wrk counts whole seconds: an odd time is rounded up on each side, never split unevenly
    # (the two runs' middle would then not be the page's).
    assert halves(5) == (3, 3) and halves(1) == (1, 1)


def test_runs_around_the_page_are_combined_by_their_time():
    before = {"rps": 300.0, "p50_ms": 1.0, "p99_ms": 2.0, "errors": 1}
    after = {"rps": 400.0, "p50_ms": 1.0, "p99_ms": 2.0, "errors": 2}
    # 600 requests in 2 s, then 1,200 in 3 s: 1,800 in 5 s.
    assert combined([(before, 2), (after, 3)]) == {"rps": 360.0, "errors": 3}
