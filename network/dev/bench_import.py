"""`manage.py bench import`: a realistic LinkedIn Connections.csv (30,000 rows by default:
LinkedIn's cap) imported into a fresh bench team, end to end, in a child process.

Each run imports into a new team ("bench-import-<date>-<time>"); use a database of its own.
Printed: rows per second of the first import (everything new), its peak memory (the child's
maximum resident set, Django included), and the time of the second import of the same file
(everything unchanged). With ``--megabytes N``, a second file of about N MB is generated and
imported too, for the memory target on a large file.

The file looks like the real export: the "Notes:" preamble, names drawn with realistic
frequencies (a few very common, a long tail), accents and particles, mostly empty emails,
profile addresses percent-encoded where the name has accents, rows blank but for the date.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from network.text import fold

TEAM = "bench-import"
POSITIONS = [
    "Sales Manager",
    "Head of Marketing",
    "Software Engineer",
    "Chargée de communication",
    "Directeur financier",
    "Consultant",
    "Project Manager, Infrastructure",
    "Founder & CEO",
    "Responsable RH",
    "Student",
]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # noqa: SIM905
CREDENTIALS = ["", "", "", "", "", "", "", "", ", PMP", ", MBA", ", PhD"]


def write_connections(path: Path, rows: int, seed: int = 13) -> int:
    """A Connections.csv of ``rows`` connections; returns its size in bytes. People and
    companies are drawn as the recognition bench's address book draws them: first and family
    names with real-world frequencies and a long tail of rare ones (so most full names are
    each borne by one person, as in a real network), large organisations written several
    ways and small firms."""
    from network.dev.benchbook import LARGE_SHARE, book_companies, company_spelling
    from network.dev.benchnames import LARGE, Population

    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    population = Population(rng)
    small, small_weights, large_weights = book_companies(rng, population, rows)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the email'
            ' addresses are missing."\n\n'
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        )
        for index in range(rows):
            day = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2010, 2026)}"
            if rng.random() < 0.005:  # a person who left LinkedIn: only the date remains
                out.write(f",,,,,,{day}\n")
                continue
            given, family, _sex, _language = population.person()
            slug = f"{given}-{family}".lower().replace(" ", "-").replace("'", "")
            slug = f"{quote(slug)}-{index:x}{rng.randint(16, 255):x}"
            email = ""
            if rng.random() < 0.06:
                email = f"{fold(given).replace(' ', '.')}.{index}@example.org"
            company = ""
            if rng.random() < 0.85:
                if rng.random() < LARGE_SHARE:
                    drawn = rng.choices(LARGE, weights=large_weights)[0]
                else:
                    drawn = rng.choices(small, weights=small_weights)[0]
                company = company_spelling(drawn, rng)
            position = rng.choice(POSITIONS) if company else ""
            last = family + rng.choice(CREDENTIALS)
            cells = [given, last, f"https://www.linkedin.com/in/{slug}", email, company, position]
            out.write(",".join(_cell(cell) for cell in cells) + f",{day}\n")
    return path.stat().st_size


def _cell(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"\n') else value


def fresh_team():
    """A new, empty team for each run (earlier ones are left: deleting 400,000 contacts would
    take longer than importing them)."""
    from accounts.models import Membership, Team, User

    owner, _created = User.objects.get_or_create(
        email="bench@netcurate.test", defaults={"display_name": "Bench"}
    )
    slug = f"{TEAM}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"
    team = Team.objects.create(name="Bench import", slug=slug)
    Membership.objects.create(team=team, user=owner, role="owner")
    return team


def _child(path: Path, slug: str) -> dict:
    """One import in a fresh process: its own time, and its peak memory from the kernel."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own module, our own arguments
        [sys.executable, "-m", "network.dev.bench_import", str(path), slug],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    output = process.stdout.read()
    process.stdout.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"the import failed (exit {process.returncode})")
    figures = json.loads(output.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    figures["max_rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    figures["cpu"] = usage.ru_utime + usage.ru_stime  # the importing process (not the server)
    return figures


def run(stdout, *, rows: int, megabytes: int, workdir: Path) -> None:
    from django.conf import settings
    from django.db import connection

    stdout.write(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "Connections.csv"
    size = write_connections(path, rows)
    stdout.write(f"Generated {path} ({rows} rows, {size / 1e6:.1f} MB)")
    team = fresh_team()
    first = _child(path, team.slug)
    rate = first["rows"] / first["seconds"]
    stdout.write(
        f"First import: {first['counts']['new']} new in {first['seconds']:.2f} s "
        f"({rate:,.0f} rows/s; {first['wall']:.2f} s with the process start, "
        f"{first['cpu']:.2f} s of CPU in it), peak memory {first['max_rss_mb']:.0f} MB"
    )
    second = _child(path, team.slug)
    stdout.write(
        f"Second import of the same file: {second['counts']['unchanged']} unchanged, "
        f"{second['counts']['new']} new, in {second['seconds']:.2f} s "
        f"({second['rows'] / second['seconds']:,.0f} rows/s, {second['cpu']:.2f} s of CPU), "
        f"peak memory {second['max_rss_mb']:.0f} MB"
    )
    load = os.getloadavg()[0]
    stdout.write(f"Load average while measuring: {load:.1f} on {os.cpu_count()} CPUs")
    checks = [
        ("at least 3,000 rows per second end to end", rate >= 3000),
        ("the second import creates nothing", second["counts"]["new"] == 0),
    ]
    if megabytes:
        big = workdir / "Connections-big.csv"
        big_rows = int(rows * megabytes * 1e6 / size)
        big_size = write_connections(big, big_rows, seed=17)
        large = _child(big, fresh_team().slug)
        stdout.write(
            f"Large file: {big_size / 1e6:.1f} MB, {large['rows']} rows "
            f"in {large['seconds']:.1f} s ({large['rows'] / large['seconds']:,.0f} rows/s), "
            f"peak memory {large['max_rss_mb']:.0f} MB"
        )
        checks.append((f"peak memory under 200 MB for {megabytes} MB", large["max_rss_mb"] < 200))
    for label, met in checks:
        stdout.write(f"Target {label}: {'met' if met else 'NOT met'}")


def main(path: str, slug: str) -> None:
    import django

    django.setup()
    from accounts.models import Team
    from network.imports.runs import import_file

    team = Team.objects.get(slug=slug)
    started = time.perf_counter()
    _sniffed, tally = import_file(Path(path), kind="contacts", team=team)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rows": tally.rows, "counts": tally.counts}))  # noqa: T201


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    main(sys.argv[1], sys.argv[2])
