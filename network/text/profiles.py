"""Which person an address or handle points to, on each network. Pure text, no database.

People paste profile addresses in every form their phone or browser produces (country
subdomains, tracking parameters, old ``twitter.com`` links, percent-encoded accents…);
``parse_profile`` reduces them all to one ``Profile``; its canonical URL is built from the
handle alone, so two profiles compare equal exactly when their network and handle do. Over 400
lines on purpose: one reader per network's URL grammar, sharing the cleaning steps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, quote, unquote, urlsplit

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from network.text.networks import Network


class ProfileURLError(ValueError):
    """An address or handle that does not point to a profile.

    Like Django's ``ValidationError``, the message and its params are kept apart and
    joined by ``str()``, so the message is translated in the language active when it is
    shown; a form can re-raise it as ``ValidationError(e.message, code=e.code,
    params=e.params)``.
    """

    def __init__(self, message: str | Promise, code: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class Profile:
    """A person's profile on a network.

    ``handle`` is the comparison key (lower-cased); ``url`` is the canonical https address
    derived from it.
    """

    network: str
    handle: str
    url: str

    def __str__(self) -> str:
        return self.url


# What a profile address looks like, shown when something else was pasted.
_EXAMPLES = {
    Network.LINKEDIN: "https://www.linkedin.com/in/marie-dupont",
    Network.VIADEO: "https://www.viadeo.com/p/marie.dupont",
    Network.FACEBOOK: "https://www.facebook.com/marie.dupont",
    Network.X: "https://x.com/marie_d",
    Network.INSTAGRAM: "https://www.instagram.com/marie_d",
}

_HANDLE_RULES = {
    Network.LINKEDIN: _("A LinkedIn profile name has letters, digits and hyphens."),
    Network.VIADEO: _("A Viadeo profile name has letters, digits, hyphens and periods."),
    Network.FACEBOOK: _(
        "A Facebook username has letters, digits and periods; a numeric id works too."
    ),
    Network.X: _("An X handle has at most 15 letters, digits or underscores."),
    Network.INSTAGRAM: _(
        "An Instagram handle has at most 30 letters, digits, underscores or periods."
    ),
}

# Registered domains of each network; any subdomain belongs to the network too.
_DOMAINS = {
    "linkedin.com": Network.LINKEDIN,
    "viadeo.com": Network.VIADEO,
    "facebook.com": Network.FACEBOOK,
    "fb.com": Network.FACEBOOK,
    "x.com": Network.X,
    "twitter.com": Network.X,
    "instagram.com": Network.INSTAGRAM,
    "instagr.am": Network.INSTAGRAM,
}
# Short links say nothing about whose profile they open until they are followed, and
# following them would mean fetching a URL from the server on the user's behalf.
_SHORTENERS = {
    "lnkd.in": Network.LINKEDIN,
    "fb.me": Network.FACEBOOK,
    "t.co": Network.X,
}
# Subdomains that serve the same profile pages as the main site: desktop, mobile apps'
# web views, LinkedIn and Viadeo country sites (fr., uk.…), Facebook locales (fr-fr.).
# Others (help., business., developer.…) are other products and hold no profiles.
_PROFILE_SUBDOMAIN = re.compile(r"(?:www|m|mobile|touch|web|mbasic|[a-z]{2}|[a-z]{2}-[a-z]{2})")

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(?!\d)", re.IGNORECASE)
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
_WRAPPERS = {"<": ">", '"': '"', "'": "'", "“": "”", "‘": "’", "«": "»"}
# Characters that survive copy and paste unseen and are not whitespace for str.strip().
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"

# First path segments that are sections of a site, not someone's handle. (Word lists read
# better than one string per line, hence the noqa.)
_FACEBOOK_SECTIONS = frozenset(
    """about ads bookmarks business careers checkpoint dialog events explore friends
    fundraisers gaming groups hashtag help home legal live login marketplace media
    memories messages notifications pages permalink photo photos places plugins
    policies privacy public recover reel reels reg saved search settings sharer stories
    story video videos watch""".split()  # noqa: SIM905
)
_X_SECTIONS = frozenset(
    """account compose download explore hashtag home i intent jobs login logout messages
    notifications privacy search settings share signup tos""".split()  # noqa: SIM905
)
_INSTAGRAM_SECTIONS = frozenset(
    """about accounts api challenge developer direct emails explore legal p privacy reel
    reels session stories terms tv web""".split()  # noqa: SIM905
)

_LINKEDIN_NAME = re.compile(r"^[\w.-]+$")
_VIADEO_NAME = re.compile(r"^[\w.-]+$")
_FACEBOOK_NAME = re.compile(r"^[a-z0-9.]+$")
_X_NAME = re.compile(r"^[a-z0-9_]{1,15}$")
_INSTAGRAM_NAME = re.compile(r"^[a-z0-9._]{1,30}$")
# LinkedIn's internal member ids (messaging, Sales Navigator) open a profile but never
# equal its public name, and lower-casing them would break them.
_LINKEDIN_MEMBER_ID = re.compile(r"^AC[a-zA-Z]AA[\w-]{10,}$")
# The address LinkedIn's exports write, read without splitting it (the general path's result).
_LINKEDIN_PLAIN = re.compile(r"https://www\.linkedin\.com/in/([\w%.~-]+)/?", re.ASCII)
# Pre-2015 public addresses: /pub/<name>/<a>/<b>/<c> now lives at /in/<name>-<c><b><a>,
# with <b> and <c> zero-padded to three characters.
_LINKEDIN_PUB_PART = re.compile(r"^[0-9a-z]{1,3}$")
_MALFORMED = _("This address looks damaged: copy it again from the address bar.")


def detect_network(value: str) -> Network | None:
    """The network an address belongs to, or None for a handle or an unknown site. A short
    link (lnkd.in, t.co, fb.me) is recognised, though ``parse_profile`` refuses it."""
    try:
        network, _kind, _parts = _locate(_clean(value))
    except ProfileURLError:
        return None
    return network


def parse_profile(value: str, network: str | None = None) -> Profile:
    """The profile a pasted address or handle points to.

    ``value`` is a profile address in any common form, or, when ``network`` is given, a
    bare handle (``@marie_d`` or ``marie_d``). With ``network`` given, an address must
    belong to it; with ``Network.OTHER``, any web address of an unknown site is kept as
    it is, tidied. Raises ``ProfileURLError`` with a message for the user otherwise."""
    text = _clean(value)
    if not text:
        raise ProfileURLError(
            _("Paste the address of a profile, or a handle such as @marie_d."), "empty"
        )
    chosen = Network(network) if network else None
    if chosen in {None, Network.LINKEDIN} and (plain := _LINKEDIN_PLAIN.fullmatch(text)):
        return _profile(Network.LINKEDIN, unquote(plain.group(1)))
    if not _is_address(text, chosen):
        if chosen is None:
            raise ProfileURLError(
                _(
                    "Choose the network this handle belongs to, or paste the full address "
                    "of the profile."
                ),
                "network_needed",
            )
        if chosen == Network.OTHER:
            raise ProfileURLError(
                _("For another network, paste the full address of the profile."),
                "address_needed",
            )
        return _profile(chosen, unquote(text))

    found, kind, parts = _locate(text)
    if found is None:
        if chosen == Network.OTHER:
            return _other_profile(parts)
        if chosen is None:
            raise ProfileURLError(
                _(
                    "This address is not on a network we know (LinkedIn, Viadeo, Facebook, "
                    "X, Instagram). Choose “Other” to keep it anyway."
                ),
                "unknown_network",
            )
        raise ProfileURLError(
            _("This address is not on %(network)s."), "wrong_network", network=chosen.label
        )
    if chosen is not None and found != chosen:
        raise ProfileURLError(
            _("This address is on %(found)s, but the network chosen is %(chosen)s."),
            "wrong_network",
            found=found.label,
            chosen=chosen.label,
        )
    if kind == "shortener":
        raise _short_link(parts.hostname)
    if kind == "elsewhere":
        raise _not_a_profile(found)

    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    handle = _PATH_READERS[found](segments, query, parts.fragment)
    return _profile(found, handle)


def _clean(value: str) -> str:
    """The value without surrounding spaces, invisible characters, quotes or <>."""
    text = value.strip().strip(_INVISIBLE).strip()
    while len(text) >= 2 and _WRAPPERS.get(text[0]) == text[-1]:
        text = text[1:-1].strip().strip(_INVISIBLE).strip()
    return text


def _is_address(text: str, chosen: Network | None) -> bool:
    """Whether the text is meant as an address rather than a bare handle.

    Instagram and Facebook handles may hold periods (``marie.d``), so a scheme-less text
    without a slash is an address only when it names a network's host (``x.com``), or,
    for Other, which has no handles, any host name (``example.com``).
    """
    if "/" in text or _SCHEME.match(text):
        return True
    if text.startswith("@"):
        return False
    if chosen == Network.OTHER:
        return bool(_HOST.match(text.lower()))
    return detect_network(text) is not None


def _locate(text: str) -> tuple[Network | None, str, SplitResult]:
    """Split an address and find its network and the kind of host.

    Returns ``(network or None, kind, parts)`` where kind is "profile" for a host serving
    profiles, "shortener" or "elsewhere" (another product on the network's domain).
    """
    if text.startswith("//"):
        text = "https:" + text
    elif not _SCHEME.match(text):
        text = "https://" + text
    if _SCHEME.match(text).group(1).lower() not in {"http", "https"}:
        raise ProfileURLError(
            _("This is not a web address: paste an address that starts with https://."),
            "not_web",
        )
    try:
        parts = urlsplit(text)
        port = parts.port  # a port that is not a number raises ValueError here
        host = (parts.hostname or "").rstrip(".").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise ProfileURLError(_MALFORMED, "malformed") from None
    if parts.username is not None or not _HOST.match(host):
        raise ProfileURLError(_MALFORMED, "malformed")
    parts = parts._replace(netloc=host if port in {None, 80, 443} else f"{host}:{port}")

    if host in _SHORTENERS:
        return _SHORTENERS[host], "shortener", parts
    for domain, network in _DOMAINS.items():
        if host == domain:
            return network, "profile", parts
        if host.endswith("." + domain):
            subdomain = host.removesuffix("." + domain)
            kind = "profile" if _PROFILE_SUBDOMAIN.fullmatch(subdomain) else "elsewhere"
            return network, kind, parts
    return None, "profile", parts


def _short_link(host: str | None) -> ProfileURLError:
    return ProfileURLError(
        _(
            "%(host)s links are shortened and do not show whose profile they open: open the "
            "link, then copy the address of the profile page."
        ),
        "short_link",
        host=host,
    )


def _not_a_profile(network: Network) -> ProfileURLError:
    return ProfileURLError(
        _("This %(network)s address is not a profile; a profile looks like %(example)s."),
        "not_a_profile",
        network=network.label,
        example=_EXAMPLES[network],
    )


def _linkedin_path(segments: list[str], query: dict, fragment: str) -> str:
    # LinkedIn Lite, the light mobile site, prefixes the usual paths.
    if segments[:1] == ["mwlite"]:
        segments = segments[1:]
    first = segments[0].lower() if segments else ""
    # Anything after the name (/details/experience, /fr, /recent-activity) is a tab or a
    # language of the same profile.
    if len(segments) >= 2 and first == "in":
        return segments[1]
    if len(segments) >= 2 and first == "pub" and segments[1].lower() != "dir":
        name, numbers = segments[1], [part.lower() for part in segments[2:5]]
        if len(numbers) == 3 and all(_LINKEDIN_PUB_PART.match(part) for part in numbers):
            first, second, third = numbers
            return f"{name}-{third:0>3}{second:0>3}{first}"
        return name
    raise _not_a_profile(Network.LINKEDIN)


def _viadeo_path(segments: list[str], query: dict, fragment: str) -> str:
    # /p/<id>, /profile/<id> and /<language>/profile/<id> open the same member.
    lowered = [segment.lower() for segment in segments[:2]]
    if len(segments) >= 2 and lowered[0] in {"p", "profile"}:
        return segments[1]
    if len(segments) >= 3 and re.fullmatch(r"[a-z]{2}", lowered[0]) and lowered[1] == "profile":
        return segments[2]
    raise _not_a_profile(Network.VIADEO)


def _facebook_path(segments: list[str], query: dict, fragment: str) -> str:
    first = segments[0].lower() if segments else ""
    if first == "profile.php":
        ids = query.get("id", [])
        if ids and ids[0].isdigit():
            return ids[0]
    # /people/<Name>/<id> and /p/<Name>-<id>: profiles without a username.
    elif first == "people" and len(segments) >= 3 and segments[2].isdigit():
        return segments[2]
    elif first == "p" and len(segments) >= 2 and (match := re.search(r"\d{5,}$", segments[1])):
        return match.group()
    elif first == "share":
        raise _short_link("facebook.com/share")
    # /<username>/posts/…, /about, /photos are pages of that person's profile.
    elif first and first not in _FACEBOOK_SECTIONS and not first.endswith(".php"):
        return segments[0]
    raise _not_a_profile(Network.FACEBOOK)


def _x_path(segments: list[str], query: dict, fragment: str) -> str:
    # Links from before 2012 carry the path after "#!": twitter.com/#!/marie_d.
    if not segments and fragment.startswith("!/"):
        segments = [unquote(segment) for segment in fragment[2:].split("/") if segment]
    first = segments[0].lower() if segments else ""
    if first == "intent" and segments[1:2] in (["user"], ["follow"]) and query.get("screen_name"):
        return query["screen_name"][0]
    # /<handle>/status/<id> is a post: its author is who the request is about.
    if first and first not in _X_SECTIONS:
        return segments[0]
    raise _not_a_profile(Network.X)


def _instagram_path(segments: list[str], query: dict, fragment: str) -> str:
    first = segments[0].lower() if segments else ""
    # /_u/<handle> is the form that opens the app; /stories/<handle> shows their stories.
    if first in {"_u", "stories"} and len(segments) >= 2 and segments[1] != "highlights":
        return segments[1]
    # /p/<code> and /reel/<code> name a post, not its author, so they are refused.
    if first and first not in _INSTAGRAM_SECTIONS:
        return segments[0]
    raise _not_a_profile(Network.INSTAGRAM)


_PATH_READERS = {
    Network.LINKEDIN: _linkedin_path,
    Network.VIADEO: _viadeo_path,
    Network.FACEBOOK: _facebook_path,
    Network.X: _x_path,
    Network.INSTAGRAM: _instagram_path,
}


def _profile(network: Network, raw: str) -> Profile:
    """Check a handle against the network's rules and build its profile."""
    raw = raw.strip()
    handle = _normalise_handle(network, raw)
    if handle is None:
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        raise ProfileURLError(
            _("“%(handle)s” is not a valid %(network)s handle. %(rule)s"),
            "invalid_handle",
            handle=shown,
            network=network.label,
            rule=_HANDLE_RULES[network],
        )
    quoted = quote(handle, safe="-._~")
    url = {
        Network.LINKEDIN: f"https://www.linkedin.com/in/{quoted}",
        Network.VIADEO: f"https://www.viadeo.com/p/{quoted}",
        Network.FACEBOOK: (
            f"https://www.facebook.com/profile.php?id={handle}"
            if handle.isdigit()
            else f"https://www.facebook.com/{handle}"
        ),
        Network.X: f"https://x.com/{handle}",
        Network.INSTAGRAM: f"https://www.instagram.com/{handle}",
    }[network]
    return Profile(network=network.value, handle=handle, url=url)


def _normalise_handle(network: Network, raw: str) -> str | None:
    """The comparison key for a handle, or None when it breaks the network's rules."""
    if network == Network.LINKEDIN and _LINKEDIN_MEMBER_ID.match(raw):
        raise ProfileURLError(
            _(
                "This LinkedIn link uses an internal identifier: open the profile and copy "
                "its public address (linkedin.com/in/…)."
            ),
            "internal_id",
        )
    raw = raw.removeprefix("@")
    # One spelling for accented letters, whether typed composed or decomposed.
    handle = unicodedata.normalize("NFC", raw).lower()
    if network == Network.LINKEDIN:
        return handle if _LINKEDIN_NAME.match(handle) else None
    if network == Network.VIADEO:
        return handle if _VIADEO_NAME.match(handle) else None
    if network == Network.FACEBOOK:
        if handle.isdigit():
            return handle
        if not _FACEBOOK_NAME.match(handle) or handle in _FACEBOOK_SECTIONS:
            return None
        # Facebook ignores periods in usernames: marie.dupont and mariedupont are one person.
        return handle.replace(".", "") or None
    if network == Network.X:
        return handle if _X_NAME.match(handle) and handle not in _X_SECTIONS else None
    if network == Network.INSTAGRAM:
        ok = _INSTAGRAM_NAME.match(handle) and handle not in _INSTAGRAM_SECTIONS
        return handle if ok else None
    return None


def _other_profile(parts) -> Profile:
    """An address on a site we do not know, tidied but otherwise kept as it is.

    The path keeps its case: unlike the networks above, an unknown site may tell
    ``/Marie`` from ``/marie``.
    """
    segments = [
        quote(unicodedata.normalize("NFC", unquote(segment)), safe="!$&'()*+,;=:@~-._")
        for segment in parts.path.split("/")
    ]
    path = "/".join(segments).rstrip("/")
    handle = parts.netloc.removeprefix("www.") + path
    return Profile(network=Network.OTHER.value, handle=handle, url=f"https://{handle}")
