"""Nothing in any page loads from another host (no CDN, web font or analytics), and the
emails carry no tracking: no image at all, and links only to the site itself."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from accounts.tasks import send_invitation
from replies.reminders.delivery import compose_email
from replies.reminders.models import Reminder
from tests.network.privacy.helpers import person
from tests.replies.dashboard.helpers import story
from tests.replies.reminders.conftest import ask

ROOT = Path(__file__).resolve().parents[2]
# Elements that make the browser fetch something, and the attributes that say what.
LOADING = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object|image|use|track|input)\b([^>]*)>",
    re.IGNORECASE,
)
ADDRESS = re.compile(
    r"\b(src|href|srcset|data|poster|xlink:href|action)\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE
)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""", re.IGNORECASE)


def _remote(address: str) -> bool:
    address = address.strip()
    if address.startswith(("data:", "#", "blob:")):
        return False
    parts = urlsplit(address)
    return bool(parts.netloc) or address.startswith("//")


def loaded_from_elsewhere(html: str) -> list[str]:
    found = []
    for tag, attributes in LOADING.findall(html):
        if tag.lower() == "link" and re.search(r"rel=[\"']?(noopener|external)", attributes):
            continue
        for _name, address in ADDRESS.findall(attributes):
            for part in address.split(","):
                if _remote(part.split()[0] if part.split() else ""):
                    found.append(f"<{tag} {address}>")
    found += [url for url in CSS_URL.findall(html) if _remote(url)]
    found += re.findall(r"@import[^;]*", html)
    return found


@pytest.mark.django_db
def test_no_page_loads_anything_from_another_host(team, alice, bob, client, login):
    made = person(team, alice, bob)
    story(team, alice, other=bob, tag="x")
    pages = [reverse("home"), reverse("account_login"), reverse("account_signup")]
    anonymous = {url: client.get(url).content.decode() for url in pages}
    alice.welcome_done()
    client = login(alice)
    urls = [
        reverse("dashboard"),
        reverse("dashboard") + "?scope=me",
        reverse("inbox"),
        reverse("request_detail", args=[made["second"].pk]),
        reverse("contact_list"),
        reverse("contact_detail", args=[made["contact"].pk]),
        reverse("contact_forget", args=[made["contact"].pk]),
        reverse("category_list"),
        reverse("phrase_list"),
        reverse("team_detail"),
        reverse("profile"),
        reverse("notification_list"),
        reverse("reminder_settings"),
        reverse("account_delete"),
        reverse("team_delete"),
        reverse("whois") + "?q=Zeph",
    ]
    pages = {**anonymous, **{url: client.get(url).content.decode() for url in urls}}
    for url, html in pages.items():
        assert '<script src="/static/' in html, url  # the scan reads real pages
        assert loaded_from_elsewhere(html) == [], url


def test_no_stylesheet_or_script_fetches_from_another_host():
    for path in [*ROOT.glob("static/**/*.css"), *ROOT.glob("templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        assert [url for url in CSS_URL.findall(text) if _remote(url)] == [], path
        assert "@import" not in text, path
        assert "fonts.googleapis" not in text and "googletagmanager" not in text, path


def test_the_scan_sees_a_remote_script_a_font_and_a_pixel():
    html = (
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
        'href="//fonts.example/f.css"><img src="https://t.example/p.gif"><a href="https://ok.example">'
        '<style>b { background: url("https://t.example/b.png") }</style>'
    )
    assert len(loaded_from_elsewhere(html)) == 4


def _site_only(message) -> list[str]:
    """Every link of an email (text and HTML) that leads anywhere but the site."""
    site = urlsplit(settings.SITE_URL).netloc
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    links = [link for body in bodies for link in re.findall(r"https?://[^\s\"'<>]+", body)]
    assert links, "an email with no link to the site"
    return [link for link in links if urlsplit(link).netloc != site]


@pytest.mark.django_db
def test_emails_carry_no_tracking(team, alice):
    invitation, _token = Invitation.create(
        team=team, email="dora@example.org", role="member", invited_by=alice
    )
    send_invitation.apply(
        kwargs={
            "invitation_id": invitation.pk,
            "token_hash": invitation.token_hash,
            "sender_id": alice.pk,
            "language": "en",
        }
    ).get()
    asked = ask(team, alice)
    Reminder.objects.filter(connection_request=asked).update(due_at=timezone.now())
    reminder = Reminder.objects.filter(connection_request=asked).first()
    messages = [*mail.outbox, compose_email([reminder])]
    assert len(messages) == 2
    for message in messages:
        html = "".join(content for content, _type in getattr(message, "alternatives", []))
        assert "<img" not in html.lower()
        assert loaded_from_elsewhere(html) == []
        assert _site_only(message) == []
