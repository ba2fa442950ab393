"""What the networks' invitation notifications say, in English and French: the mail domains
they come from and the subjects or body lines that mean "someone asks to connect". Pure text;
``parsing`` reads emails with it."""

from __future__ import annotations

import re

from network.text.networks import Network

# The mail domains each network notifies from; any subdomain belongs to it too.
SENDER_DOMAINS = {
    "linkedin.com": Network.LINKEDIN,
    "facebookmail.com": Network.FACEBOOK,
    "facebook.com": Network.FACEBOOK,
    "instagram.com": Network.INSTAGRAM,
    "x.com": Network.X,
    "twitter.com": Network.X,
}

_NAME = r"(?P<name>[^\n@()]{2,120}?)"
_HANDLE = r"(?:\s*\(?@(?P<handle>[\w.]{1,30})\)?)?"
# (pattern, language): a subject or a line of the body saying that someone asks to connect.
# Acceptances ("accepted your invitation"), reminders of one's own pending invitations and
# newsletters say none of these.
PHRASES: dict[str, list[tuple[str, str]]] = {
    Network.LINKEDIN: [
        (rf"^{_NAME} (?:wants|would like) to connect\b", "en"),
        (rf"^{_NAME} (?:has )?invited you to connect\b", "en"),
        (rf"^{_NAME} sent you an invitation to connect\b", "en"),
        (r"^(?:you have an )?invitation to connect on linkedin\b", "en"),
        (rf"^{_NAME} souhaite (?:faire partie de votre réseau|se connecter avec vous)", "fr"),
        (rf"^{_NAME} vous (?:a invitée?|invite) à (?:vous connecter|rejoindre son réseau)", "fr"),
        (rf"^{_NAME} vous a envoyé une invitation\b", "fr"),
        (r"^(?:vous avez une )?invitation à (?:vous connecter|rejoindre votre réseau)", "fr"),
    ],
    Network.FACEBOOK: [
        (rf"^{_NAME} (?:sent you a friend request|wants to be friends with you)", "en"),
        (r"^you have (?:a )?new friend requests?\b", "en"),
        (
            rf"^{_NAME} vous a envoyé une (?:invitation à devenir amis|demande d['’]ami)",
            "fr",
        ),
        (rf"^{_NAME} (?:veut|souhaite) devenir (?:votre )?amie?\b", "fr"),
        (r"^vous avez (?:une )?nouvelles? (?:invitations?|demandes? d['’]amis?)\b", "fr"),
    ],
    Network.INSTAGRAM: [
        (rf"^{_NAME}{_HANDLE} (?:has )?(?:requested|asked) to follow you", "en"),
        (rf"^{_NAME}{_HANDLE} (?:a demandé à|souhaite|veut) vous suivre", "fr"),
    ],
    Network.X: [
        (rf"^{_NAME}{_HANDLE} (?:has )?(?:requested|wants) to follow you", "en"),
        (r"^you have (?:a )?new follower requests?\b", "en"),
        (rf"^{_NAME}{_HANDLE} (?:a demandé à|souhaite|veut) vous suivre", "fr"),
        (r"^vous avez (?:une )?nouvelles? demandes? d['’]abonnement", "fr"),
    ],
}
COMPILED = {
    network: [(re.compile(pattern, re.IGNORECASE), language) for pattern, language in phrases]
    for network, phrases in PHRASES.items()
}
