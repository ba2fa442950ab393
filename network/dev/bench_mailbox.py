"""`manage.py bench mailbox`: a mailbox poll of 1,000 messages (``--emails``) against a real
IMAP server (dovecot started on localhost for the run), printed as rows per second, then a
second poll that should find nothing new.

The folder holds what a real one does: invitation notifications from the four networks in
English and French (a few of them the same person twice), among job alerts, acceptances,
security notices, newsletters and friends' mail. The bench team's requests and mailbox are
dropped first, so that every run measures the same work.
"""

from __future__ import annotations

import random
import time
import unicodedata
from datetime import UTC, datetime, timedelta

from django.conf import settings

from accounts.models import Membership, Team, User
from network.dev import dovecot
from network.dev.mailshapes import notification, other_email
from network.mailbox.models import Mailbox
from network.mailbox.services import mailbox_poll
from network.models import ConnectionRequest

BENCH_TEAM = "bench-mailbox"
GIVEN = """Marie,Nathalie,Isabelle,Sylvie,Catherine,Hélène,Léa,Chloé,Camille,Inès,Élodie,Anne,
Jean,Pierre,Michel,Philippe,Alain,Nicolas,François,Thomas,Lucas,Hugo,Yann,Loïc,Emma,James,
Sarah,Oliver,Charlotte,Jack""".replace("\n", "").split(",")  # noqa: SIM905
FAMILY = """Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Simon,Laurent,
Lefebvre,Michel,Garcia,Kerjean,Le Goff,Le Floc'h,Morel,Fournier,Girard,Smith,Jones,Taylor,
Brown,Wilson,Evans,Walker,Wright,Hughes""".replace("\n", "").split(",")  # noqa: SIM905
HEADLINES = [
    "Purchasing manager at Acme Distribution",
    "Directrice commerciale chez Brasserie Le Goff",
    "Consultant indépendant en supply chain",
    "Software engineer at Nova Systems",
    "",
]
NETWORKS = ["linkedin", "linkedin", "facebook", "instagram", "x"]
# Share of the folder that is invitations (the rest: other mail), and of those a repeat.
INVITATION_SHARE = 0.4
REPEAT_SHARE = 0.05


def messages(count: int, seed: int = 17) -> tuple[list[bytes], int]:
    """``count`` emails and how many distinct invitations they hold."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    start = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
    emails, people = [], []
    for index in range(count):
        when = start + timedelta(minutes=17 * index)
        message_id = f"<bench.{index}.{seed}@mail.example>"
        if rng.random() >= INVITATION_SHARE:
            emails.append(other_email(index, when=when, message_id=message_id))
            continue
        if people and rng.random() < REPEAT_SHARE:
            person = rng.choice(people)
        else:
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            plain = unicodedata.normalize("NFKD", f"{given[:4]}-{family[:5]}-{index}")
            handle = plain.encode("ascii", "ignore").decode().lower().replace(" ", "")
            handle = handle.replace("'", "")
            person = (rng.choice(NETWORKS), f"{given} {family}", handle, rng.choice(HEADLINES))
            people.append(person)
        network, name, handle, headline = person
        if network in {"instagram", "x"}:
            handle = handle.replace("-", "_")[:15]
        elif network == "facebook":
            handle = handle.replace("-", ".")
        emails.append(
            notification(
                network,
                rng.choice(["en", "fr"]),
                name=name,
                handle=handle,
                when=when,
                message_id=message_id,
                headline=headline if network == "linkedin" else "",
                note="Bonjour, nous nous sommes vus au salon." if rng.random() < 0.3 else "",
                mutual=rng.randint(0, 40) if network in {"linkedin", "facebook"} else None,
                encoding=rng.choice(["quoted-printable", "base64"]),
            )
        )
    return emails, len(people)


def _team() -> tuple[Team, User]:
    owner, _created = User.objects.get_or_create(
        email="bench@netcurate.test", defaults={"display_name": "Bench"}
    )
    team = Team.objects.filter(slug=BENCH_TEAM).first()
    if team is None:
        team = Team.objects.create(name="Bench mailbox", slug=BENCH_TEAM)
        Membership.objects.create(team=team, user=owner, role="owner")
    ConnectionRequest.objects.filter(team=team).delete()
    Mailbox.objects.filter(team=team).delete()
    return team, owner


def run(count: int, write) -> None:
    if not dovecot.available():
        write(f"{dovecot.DOVECOT} is missing: apt-get install dovecot-imapd")
        return
    settings.MAILBOX_ALLOW_PRIVATE_HOSTS = True  # our own dovecot, on this machine
    team, owner = _team()
    emails, distinct = messages(count)
    server = dovecot.start()
    try:
        started = time.perf_counter()
        server.append(emails)
        write(f"Folder filled: {count} messages in {time.perf_counter() - started:.1f} s")
        mailbox = Mailbox(
            team=team,
            connected_by=owner,
            host=server.host,
            port=server.port,
            security="plain",
            username=server.user,
        )
        mailbox.set_password(server.password)
        mailbox.save()
        started = time.perf_counter()
        first = mailbox_poll(mailbox.pk)
        elapsed = time.perf_counter() - started
        counts = {str(key): value for key, value in first.counts.items()}
        write(
            f"First poll: {count} messages in {elapsed:.2f} s: {count / elapsed:.0f} messages "
            f"per second, {counts['new'] / elapsed:.0f} requests per second"
        )
        write(
            f"  {counts['new']} new requests (expected {distinct}), {counts['duplicate']} "
            f"duplicates, {counts['other']} other emails, {counts['unreadable']} unreadable"
            + (f"; error: {first.error}" if first.error else "")
        )
        Mailbox.objects.filter(pk=mailbox.pk).update(next_poll_at=None)
        started = time.perf_counter()
        second = mailbox_poll(mailbox.pk)
        elapsed = time.perf_counter() - started
        read = sum(second.counts.values())
        write(
            f"Second poll: {read} messages read (nothing new expected) in {elapsed * 1000:.0f} ms"
        )
    finally:
        server.stop()
