"""Reading what the bookmarklet handed over: the whole batch is checked before anything is
stored, and one invitation that cannot be read refuses the batch (never half-imported).

The batch is JSON written by ``static/js/capture-bookmarklet.js`` and passed on by the
receiver window as a form field:
``{"kind": "netcurate-capture", "origin": ..., "page": {"url": ..., "title": ...},
"invitations": [{"name", "headline", "profile_url", "message", "mutual_connections",
"has_photo"}, ...]}``. It is input from a page we do not control: every field is typed,
bounded and cleaned here, and profile addresses go through ``parse_profile``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from config.params import clean_message, clean_text
from network.text.networks import Network
from network.text.profiles import Profile, ProfileURLError, parse_profile

KIND = "netcurate-capture"
MAX_INVITATIONS = 200
MAX_PAYLOAD_CHARACTERS = 1_000_000  # 200 invitations at their longest fit well within
MAX_NAME = 200
MAX_HEADLINE = 300
MAX_PROFILE_URL = 500
MAX_MESSAGE = 3000
MAX_MUTUAL = 100_000
# The networks whose invitation pages the bookmarklet reads.
CAPTURED_NETWORKS = {Network.LINKEDIN, Network.FACEBOOK}


@dataclass
class Invitation:
    """One invitation read on the page, checked and ready for the inbox."""

    name: str
    profile: Profile
    headline: str = ""
    message: str = ""
    mutual_connections: int | None = None
    has_photo: bool | None = None

    def request_fields(self) -> dict:
        """Fields of the request besides its name and profile."""
        return {
            "headline": self.headline,
            "message": self.message,
            "mutual_connections": self.mutual_connections,
            "has_photo": self.has_photo,
        }


@dataclass
class Refused:
    """An invitation that cannot be stored, and why (one line per problem)."""

    position: int  # 1-based, as the page listed it
    name: str
    reasons: list[str]


@dataclass
class Batch:
    """What the page handed over: the invitations, or why none can be stored."""

    origin: str = ""
    page_url: str = ""
    page_title: str = ""
    invitations: list[Invitation] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    problem: str = ""  # the batch as a whole could not be read
    repeated: int = 0  # invitations listed twice on the page (kept once)

    @property
    def storable(self) -> bool:
        return bool(self.invitations) and not self.refused and not self.problem

    @property
    def nothing_recognised(self) -> bool:
        return not self.problem and not self.refused and not self.invitations


def _line(value: object, limit: int) -> str:
    """Single-line text as the network shows it (spaces collapsed), or "" for a non-string.
    Over-long text is kept whole here so that the length check can refuse it."""
    if not isinstance(value, str):
        return ""
    return " ".join(clean_text(value, limit * 2 + 10).split())


def _invitation(raw: object) -> tuple[Invitation | None, str, list[str]]:
    """The invitation read from ``raw``, or None with the reasons it cannot be stored."""
    if not isinstance(raw, dict):
        return None, "", [_("This entry is not an invitation.")]
    reasons: list[str] = []
    name = _line(raw.get("name"), MAX_NAME)
    if not name:
        reasons.append(_("The name is missing."))
    elif len(name) > MAX_NAME:
        reasons.append(_("The name is longer than %(limit)d characters.") % {"limit": MAX_NAME})
    headline = _line(raw.get("headline"), MAX_HEADLINE)
    if len(headline) > MAX_HEADLINE:
        reasons.append(
            _("The headline is longer than %(limit)d characters.") % {"limit": MAX_HEADLINE}
        )
    message = raw.get("message")
    message = clean_message(message).strip() if isinstance(message, str) else ""
    if len(message) > MAX_MESSAGE:
        reasons.append(
            _("The message is longer than %(limit)d characters.") % {"limit": MAX_MESSAGE}
        )
    profile = None
    address = raw.get("profile_url")
    if not isinstance(address, str) or not address.strip():
        reasons.append(_("The profile address is missing."))
    elif len(address) > MAX_PROFILE_URL:
        reasons.append(
            _("The profile address is longer than %(limit)d characters.")
            % {"limit": MAX_PROFILE_URL}
        )
    else:
        try:
            profile = parse_profile(address)
        except ProfileURLError as error:
            reasons.append(_("Profile address: %(reason)s") % {"reason": error})
        else:
            if profile.network not in CAPTURED_NETWORKS:
                reasons.append(_("The profile is not on LinkedIn or Facebook."))
    mutual = raw.get("mutual_connections")
    if mutual is not None and (
        isinstance(mutual, bool) or not isinstance(mutual, int) or not 0 <= mutual <= MAX_MUTUAL
    ):
        reasons.append(
            _("Mutual connections must be a whole number from 0 to %(limit)d.")
            % {"limit": MAX_MUTUAL}
        )
    has_photo = raw.get("has_photo")
    if has_photo is not None and not isinstance(has_photo, bool):
        reasons.append(_("Whether there is a photo must be yes, no or unknown."))
    if reasons:
        return None, name[:MAX_NAME], reasons
    invitation = Invitation(
        name=name,
        profile=profile,
        headline=headline,
        message=message,
        mutual_connections=mutual,
        has_photo=has_photo,
    )
    return invitation, name, []


def read_batch(text: str | None) -> Batch:
    """Check the batch the receiver window posted. Nothing is stored here."""
    batch = Batch()
    if not text or len(text) > MAX_PAYLOAD_CHARACTERS:
        batch.problem = _("Nothing readable came from the network's page.")
        return batch
    try:
        data = json.loads(text)
    except ValueError:
        batch.problem = _("Nothing readable came from the network's page.")
        return batch
    if not isinstance(data, dict) or data.get("kind") != KIND:
        batch.problem = _("Nothing readable came from the network's page.")
        return batch
    page = data.get("page") if isinstance(data.get("page"), dict) else {}
    batch.page_url = _line(page.get("url"), 500)[:500]
    batch.page_title = _line(page.get("title"), 200)[:200]
    batch.origin = _line(data.get("origin"), 200)
    if batch.origin not in settings.CAPTURE_ORIGINS:
        batch.problem = _(
            "These invitations did not come from a LinkedIn or Facebook page; nothing was read."
        )
        return batch
    raw_invitations = data.get("invitations")
    if not isinstance(raw_invitations, list):
        batch.problem = _("Nothing readable came from the network's page.")
        return batch
    if len(raw_invitations) > MAX_INVITATIONS:
        batch.problem = _(
            "The page listed %(count)d invitations; at most %(limit)d are taken at once. "
            "Accept or ignore some on the network, then capture again."
        ) % {"count": len(raw_invitations), "limit": MAX_INVITATIONS}
        return batch
    seen: set[tuple[str, str]] = set()
    for position, raw in enumerate(raw_invitations, start=1):
        invitation, name, reasons = _invitation(raw)
        if invitation is None:
            batch.refused.append(Refused(position, name, reasons))
            continue
        key = (invitation.profile.network, invitation.profile.handle)
        if key in seen:
            batch.repeated += 1
            continue
        seen.add(key)
        batch.invitations.append(invitation)
    return batch
