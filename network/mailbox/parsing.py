"""Invitation emails: which messages are a network telling someone that a person asks to
connect, and who that person is. Pure text, no database.

A notification is recognised by who sent it (the network's own mail domains) *and* what it
says (its subject, or a line of its body, in English or French): LinkedIn's job alerts or
Facebook's login warnings come from the same domains and are left alone. From the message
come the sender's name, headline, note, profile address (a link to the profile, or the
@handle the text shows) and mutual connections. ``read_invitation`` answers an
``Invitation``, ``None`` for any other email, or raises ``Unreadable`` with the reason: an
email that cannot be read completely is never taken half-read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import errors, policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.policy import EmailPolicy
from email.utils import getaddresses
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from network.mailbox.htmltext import html_to_text
from network.mailbox.wording import COMPILED, SENDER_DOMAINS
from network.text.networks import Network
from network.text.profiles import Profile, ProfileURLError, parse_profile


class Unreadable(ValueError):
    """An email that cannot be read; ``str()`` is the reason, in the active language."""

    def __init__(self, reason: str | Promise) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return str(self.reason)


@dataclass(frozen=True)
class Invitation:
    """What a notification tells of the person asking to connect."""

    network: str
    sender_name: str
    language: str  # the notification's: "en" or "fr"
    received_at: datetime
    headline: str = ""
    message: str = ""
    profile: Profile | None = None
    mutual_connections: int | None = None


# "Marie Lefebvre via LinkedIn", "Marie Lefebvre sur LinkedIn": the person, not the network.
_FROM_NAME = re.compile(r"^(?P<name>.+?)\s+(?:via|sur|on)\s+\w+$", re.IGNORECASE)
_MUTUAL = re.compile(
    r"(\d{1,5})\s+(?:mutual connections?|shared connections?|mutual friends?|"
    r"relations? en commun|amie?s? en commun|ami\(e\)s en commun)",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
_QUOTE_OPEN = "\"“«„'"
_QUOTE_CLOSE = "\"”»“'"
# Lines that are never a headline: what the notification says around the person.
_NOT_HEADLINE = re.compile(
    r"https?://|^(?:accept|accepter|ignore|ignorer|confirm|confirmer|delete|supprimer|"
    r"view|voir|see|reply|répondre|decline|refuser|approve|approuver|deny|hi|hello|bonjour|"
    r"unsubscribe|se désabonner|this email|cet e-mail|cet email|you are receiving|"
    r"vous recevez|©|\d+\s)",
    re.IGNORECASE,
)
_BASE64_DEFECTS = (
    errors.InvalidBase64CharactersDefect,
    errors.InvalidBase64PaddingDefect,
    errors.InvalidBase64LengthDefect,
)
_MAX_NAME = 120


@lru_cache(maxsize=2048)
def _parsed_header(name: str, value: str):
    return policy.default.header_fetch_parse(name, value)


class _Policy(EmailPolicy):
    """``policy.default``, remembering the Content-* headers it has parsed: it parses a header
    again on every access, and reading one email reads its Content-Types dozens of times.
    Parsed headers are immutable strings, so sharing them is safe; only those are kept (they
    name no one), not senders or subjects."""

    def header_fetch_parse(self, name, value):
        fresh = isinstance(value, str) and not hasattr(value, "name")
        if fresh and name.lower().startswith("content-"):
            return _parsed_header(name, value)
        return super().header_fetch_parse(name, value)


_POLICY = _Policy()
# What a bare handle looks like where a name was expected.
_BY_HANDLE = {
    Network.INSTAGRAM: re.compile(r"@?[a-z0-9._]{1,30}", re.IGNORECASE),
    Network.X: re.compile(r"@?\w{1,15}"),
}


def message_key(raw: bytes, message_id: str = "") -> str:
    """What identifies a message once read, whatever folder or UID it has later: a hash of
    its Message-ID, or of its bytes when it has none. Kept instead of the Message-ID itself,
    which often holds an address."""
    basis = message_id.strip().encode() if message_id.strip() else raw
    return hashlib.sha256(basis).hexdigest()[:40]


@dataclass(frozen=True)
class Envelope:
    """What the headers alone say: enough to skip mail that is not from a network, cheaply."""

    message_id: str
    network: str | None


def envelope(raw: bytes) -> Envelope:
    """The email's Message-ID and the network it comes from (None: from anyone else), read
    from its headers alone; raises ``Unreadable`` when ``raw`` is not an email."""
    if not raw.strip():
        raise Unreadable(_("The file is empty."))
    if b"\x00" in raw[:65536]:
        raise Unreadable(_("This is not an email: the file holds binary data."))
    headers = BytesHeaderParser(policy=policy.compat32).parsebytes(raw)
    sender, subject = str(headers.get("From") or ""), str(headers.get("Subject") or "")
    if not sender.strip() and not subject.strip():
        raise Unreadable(_("This is not an email: it has no sender and no subject."))
    return Envelope(
        message_id=" ".join(str(headers.get("Message-ID") or "").split()),
        network=_network_of(address for _name, address in getaddresses([sender])),
    )


def _network_of(addresses) -> str | None:
    for address in addresses:
        domain = address.rpartition("@")[2].lower().rstrip(".>")
        for known, network in SENDER_DOMAINS.items():
            if domain == known or domain.endswith("." + known):
                return network
    return None


def read_invitation(
    raw: bytes, fallback_date: datetime | None = None, known: Envelope | None = None
) -> Invitation | None:
    """The invitation this email notifies, ``None`` when it is not such a notification;
    raises ``Unreadable`` (with the reason) when it cannot be read completely. ``known`` is
    its envelope when the caller has read it already."""
    network = (known or envelope(raw)).network
    if network is None:
        return None  # most mail: not read further
    message = BytesParser(policy=_POLICY).parsebytes(raw)
    subject = _header(message, "subject")
    text, links, quotes = _body(message)
    found = _find_phrase(network, subject, text)
    if found is None:
        return None
    name, handle, language = found
    handle = handle.lstrip("@")
    if handle and (not name or name.lstrip("@").lower() == handle.lower()):
        name = _name_for_handle(text, handle) or name
    name = name or _from_name(message)
    network_label = Network(network).label
    if not name:
        raise Unreadable(
            _("A %(network)s invitation, but the sender's name is not in it.")
            % {"network": network_label}
        )
    return Invitation(
        network=network,
        sender_name=name,
        language=language,
        received_at=_date(message, fallback_date),
        headline=_headline(text, name),
        message=_note(text, quotes),
        profile=_profile(network, handle, links, text, name),
        mutual_connections=_mutual(text),
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        return " ".join(str(message.get(name) or "").split())
    except (ValueError, IndexError, LookupError, errors.HeaderParseError):
        raise Unreadable(_("Its headers are damaged and cannot be read.")) from None


def _from_name(message: EmailMessage) -> str:
    try:
        addresses = message["from"].addresses
    except (ValueError, IndexError, AttributeError, KeyError, errors.HeaderParseError):
        return ""
    for address in addresses:
        matched = _FROM_NAME.match(address.display_name or "")
        if matched:
            return _clean_name(matched.group("name"))
    return ""


def _part_text(part: EmailMessage) -> str:
    if any(isinstance(defect, _BASE64_DEFECTS) for defect in part.defects):
        raise Unreadable(_("Its text is damaged (broken base64 encoding)."))
    try:
        content = part.get_content()
    except LookupError:
        raise Unreadable(
            _("Its text uses an unknown character set (%(charset)s).")
            % {"charset": part.get_content_charset() or "?"}
        ) from None
    except (ValueError, AssertionError, UnicodeError):
        raise Unreadable(_("Its text cannot be decoded.")) from None
    if any(isinstance(defect, _BASE64_DEFECTS) for defect in part.defects):
        raise Unreadable(_("Its text is damaged (broken base64 encoding)."))
    return content if isinstance(content, str) else ""


def _text_parts(message: EmailMessage) -> tuple[EmailMessage | None, EmailMessage | None]:
    """The first plain and HTML parts that are not attachments. One walk, each part's type
    read once: policy.default parses a header again on every access."""
    plain = html = None
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        if content_type not in {"text/plain", "text/html"}:
            continue
        if part.get_content_disposition() == "attachment":
            continue
        if content_type == "text/plain" and plain is None:
            plain = part
        elif content_type == "text/html" and html is None:
            html = part
    return plain, html


def _body(message: EmailMessage) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The plain text (or the HTML's text), the links with their words, blockquotes."""
    plain_part, html_part = _text_parts(message)
    if plain_part is None and html_part is None:
        if message.is_multipart() and message.defects:
            raise Unreadable(_("Its parts are damaged: the text cannot be found."))
        return "", [], []
    plain = _part_text(plain_part) if plain_part is not None else ""
    links: list[tuple[str, str]] = []
    quotes: list[str] = []
    html_text = ""
    if html_part is not None:
        html_text, links, quotes = html_to_text(_part_text(html_part))
    text = "\n".join(line.strip() for line in (plain or html_text).splitlines())
    links += [(url, "") for url in _URL.findall(plain)]
    return text, links, quotes


def _clean_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.:;!-–—\"'“”«»")
    if not name or len(name) > _MAX_NAME or "http" in name.lower():
        return ""
    return name


def _find_phrase(network: str, subject: str, text: str) -> tuple[str, str, str] | None:
    """(name, handle, language) from the subject or the body's lines that say it: the most
    complete one (a name, and for Instagram and X a handle too)."""
    best, best_score = None, -1
    for line in [subject, *text.splitlines()[:80]]:
        for pattern, language in COMPILED[network]:
            matched = pattern.search(line.strip())
            if not matched:
                continue
            groups = matched.groupdict()
            name = _clean_name(groups.get("name") or "")
            handle = groups.get("handle") or ""
            lowered = name == name.lower()
            if (
                not handle
                and lowered
                and network in _BY_HANDLE
                and _BY_HANDLE[network].fullmatch(name)
            ):
                handle = name  # "marie_l requested to follow you": a handle, no name
            score = (2 if handle else 0) + (1 if name and name != handle else 0)
            if score > best_score:
                best, best_score = (name, handle, language), score
            if best_score == 3:
                return best
    return best


def _name_for_handle(text: str, handle: str) -> str:
    """ "Marie Lefebvre (@marie_l)" in the body names the person behind a bare handle."""
    pattern = re.compile(rf"([^\n()@]{{2,{_MAX_NAME}}}?)\s*\(@{re.escape(handle)}\)", re.I)
    matched = pattern.search(text)
    return _clean_name(matched.group(1)) if matched else ""


def _date(message: EmailMessage, fallback: datetime | None) -> datetime:
    try:
        header = message.get("date")
        moment = header.datetime if header is not None else None
    except (ValueError, IndexError, AttributeError, errors.HeaderParseError):
        moment = None
    if moment is None:
        return fallback or datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _headline(text: str, name: str) -> str:
    """The line under the sender's name, when it is neither an action nor a count."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip().lower() != name.lower():
            continue
        for following in lines[index + 1 : index + 3]:
            candidate = following.strip()
            if not candidate:
                continue
            if (
                _NOT_HEADLINE.search(candidate)
                or candidate[0] in _QUOTE_OPEN
                or _MUTUAL.search(candidate)
                or candidate.lower().startswith(name.lower())
            ):
                break
            return candidate[:300]
    return ""


def _note(text: str, quotes: list[str]) -> str:
    """The sender's own words: a blockquote, or a paragraph between quotation marks."""
    for quote in quotes:
        if quote.strip():
            return quote.strip().strip(_QUOTE_OPEN + _QUOTE_CLOSE).strip()[:4000]
    lines = text.splitlines()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped[0] not in _QUOTE_OPEN:
            continue
        gathered = []
        for following in lines[index:]:
            gathered.append(following.strip())
            closing = following.strip()
            if closing and closing[-1] in _QUOTE_CLOSE and (len(gathered) > 1 or len(closing) > 1):
                note = "\n".join(gathered).strip()
                return note[1:-1].strip()[:4000]
        break
    return ""


def _mutual(text: str) -> int | None:
    matched = _MUTUAL.search(text)
    return int(matched.group(1)) if matched else None


def _as_profile(url: str, network: str) -> Profile | None:
    # LinkedIn's emails link profiles through /comm/in/<name>, tracking parameters after.
    url = re.sub(r"(linkedin\.com)/comm/", r"\1/", url, flags=re.IGNORECASE)
    try:
        profile = parse_profile(url)
    except ProfileURLError:
        return None
    return profile if profile.network == network else None


_PROFILE_WORDS = re.compile(r"\b(?:view|see|voir)\b.*\bprofil", re.IGNORECASE)


def _profile(network, handle, links, text, name) -> Profile | None:
    """The sender's profile: the @handle shown, else the link on their name or on "View
    profile", else the one profile link of the network in the message."""
    if handle:
        try:
            return parse_profile(handle, network)
        except ProfileURLError:
            pass
    candidates: list[tuple[int, Profile]] = []
    for href, words in links:
        profile = _as_profile(href, network)
        if profile is None:
            continue
        if words and (words.lower() == name.lower() or _PROFILE_WORDS.search(words)):
            return profile
        candidates.append((0, profile))
    # "View profile: https://..." on a line of the plain text.
    for line in text.splitlines():
        if _PROFILE_WORDS.search(line):
            for url in _URL.findall(line):
                profile = _as_profile(url, network)
                if profile is not None:
                    return profile
    distinct = {profile for _rank, profile in candidates}
    return distinct.pop() if len(distinct) == 1 else None
