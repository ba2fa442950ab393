"""Emails in the shapes of the networks' invitation notifications (and of the other mail that
sits beside them in a folder), for the mailbox benchmark and to write test fixtures.

The shapes follow what LinkedIn, Facebook, Instagram and X send: a sender on their mail
domain, a subject naming the person, a plain part and an HTML part (multipart/alternative),
quoted-printable or base64, links to the profile through tracking addresses. The people are
made up.
"""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape

# network: (From, {language: (subject, heading line, action words)})
_SHAPES = {
    "linkedin": (
        "{name} via LinkedIn <invitations@linkedin.com>",
        {
            "en": ("{name} wants to connect", "{name} wants to connect", "Accept"),
            "fr": (
                "{name} souhaite faire partie de votre réseau",
                "{name} souhaite faire partie de votre réseau",
                "Accepter",
            ),
        },
    ),
    "facebook": (
        "Facebook <friendupdates@facebookmail.com>",
        {
            "en": ("{name} sent you a friend request",) * 2 + ("Confirm",),
            "fr": ("{name} vous a envoyé une invitation à devenir amis",) * 2 + ("Confirmer",),
        },
    ),
    "instagram": (
        "Instagram <no-reply@mail.instagram.com>",
        {
            "en": (
                "{handle} requested to follow you",
                "{name} (@{handle}) requested to follow you.",
                "Approve",
            ),
            "fr": (
                "{handle} a demandé à vous suivre",
                "{name} (@{handle}) a demandé à vous suivre.",
                "Approuver",
            ),
        },
    ),
    "x": (
        "X <notify@x.com>",
        {
            "en": (
                "You have a new follower request",
                "{name} (@{handle}) has requested to follow you.",
                "View request",
            ),
            "fr": (
                "Vous avez une nouvelle demande d'abonnement",
                "{name} (@{handle}) a demandé à vous suivre.",
                "Voir la demande",
            ),
        },
    ),
}
_PROFILE_URL = {
    "linkedin": "https://www.linkedin.com/comm/in/{handle}?midToken=AQH7x&trk=eml-invite",
    "facebook": "https://www.facebook.com/{handle}?ref=notif&notif_t=friend_request",
    "instagram": "https://www.instagram.com/{handle}/?utm_source=ig_email",
    "x": "https://x.com/{handle}?cn=ZmxleGlibGU&refsrc=email",
}
_MUTUAL = {
    ("linkedin", "en"): "{n} mutual connections",
    ("linkedin", "fr"): "{n} relations en commun",
    ("facebook", "en"): "{n} mutual friends",
    ("facebook", "fr"): "{n} amis en commun",
}
_VIEW = {"en": "View profile", "fr": "Voir le profil"}
_FOOTER = {
    "en": "You are receiving notification emails. Unsubscribe: https://www.example.net/unsub",
    "fr": "Vous recevez des e-mails de notification. Se désabonner : https://www.example.net/unsub",
}


def _envelope(sender: str, subject: str, when: datetime, message_id: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Camille Martin <camille@example.org>"
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id
    return message


def notification(
    network: str,
    language: str,
    *,
    name: str,
    handle: str,
    when: datetime,
    message_id: str,
    headline: str = "",
    note: str = "",
    mutual: int | None = None,
    encoding: str = "quoted-printable",
    html: bool = True,
) -> bytes:
    """One invitation notification, as the network would send it."""
    sender, wording = _SHAPES[network]
    subject, heading, action = (part.format(name=name, handle=handle) for part in wording[language])
    profile_url = _PROFILE_URL[network].format(handle=handle)
    message = _envelope(sender.format(name=name), subject, when, message_id)
    lines = [heading, "", name]
    if headline:
        lines.append(headline)
    if mutual is not None and (network, language) in _MUTUAL:
        lines.append(_MUTUAL[network, language].format(n=mutual))
    if note:
        lines += ["", f"“{note}”"]
    lines += [
        "",
        f"{action}: https://www.{network}.com/notifications/accept?id=8c1f",
        f"{_VIEW[language]}: {profile_url}",
        "",
        _FOOTER[language],
    ]
    message.set_content("\n".join(lines), cte=encoding)
    if html:
        parts = [
            "<html><head><style>p{margin:0}</style></head><body>",
            f"<h1>{escape(heading)}</h1>",
            f'<p><a href="{escape(profile_url)}">{escape(name)}</a></p>',
        ]
        if headline:
            parts.append(f"<p>{escape(headline)}</p>")
        if mutual is not None and (network, language) in _MUTUAL:
            parts.append(f"<p>{escape(_MUTUAL[network, language].format(n=mutual))}</p>")
        if note:
            parts.append(f"<blockquote>{escape(note)}</blockquote>")
        parts += [
            f'<p><a href="https://www.{network}.com/notifications/accept?id=8c1f">{action}</a>',
            f'<a href="{escape(profile_url)}">{_VIEW[language]}</a></p>',
            f"<p>{escape(_FOOTER[language])}</p></body></html>",
        ]
        message.add_alternative("".join(parts), subtype="html", cte=encoding)
    return message.as_bytes(policy=policy.SMTP)


# Mail that shares a folder with the notifications and must be left alone.
_OTHERS = [
    (
        "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>",
        "30 new jobs for “purchasing manager”",
        "Purchasing manager at Acme Distribution, Lyon\nView all jobs: https://www.linkedin.com/jobs",
    ),
    (
        "LinkedIn <messages-noreply@linkedin.com>",
        "Marc Durand accepted your invitation",
        "Marc Durand accepted your invitation. Start a conversation now.",
    ),
    (
        "Facebook <security@facebookmail.com>",
        "New login to Facebook from Chrome on Windows",
        "We noticed a new login to your account. If this was you, ignore this message.",
    ),
    (
        "Instagram <no-reply@mail.instagram.com>",
        "See what's new on Instagram",
        "You have 3 new notifications: marie_l liked your photo.",
    ),
    (
        "Paul Bernard <paul.bernard@example.org>",
        "Lunch on Thursday?",
        "Hi Camille,\n\nShall we have lunch on Thursday near the office?\n\nPaul",
    ),
    (
        "Acme Distribution <newsletter@acme.example>",
        "Our spring catalogue",
        "Discover our spring catalogue: https://acme.example/spring",
    ),
]


def other_email(index: int, *, when: datetime, message_id: str) -> bytes:
    """Mail that is not an invitation (job alerts, acceptances, security, friends' mail)."""
    sender, subject, body = _OTHERS[index % len(_OTHERS)]
    message = _envelope(sender, subject, when, message_id)
    message.set_content(body)
    return message.as_bytes(policy=policy.SMTP)
