"""Recognising a profile from whatever was pasted, and what each network means.

The same person must come out as the same ``Profile`` whichever spelling of their address
was pasted, and anything that is not a profile must be refused with a message that says
what to paste instead.
"""

from __future__ import annotations

import re

import pytest

from network.text import profiles
from network.text.networks import Network
from network.text.profiles import Profile, ProfileURLError, detect_network, parse_profile

LINKEDIN_MARIE = ("linkedin", "marie-dupont", "https://www.linkedin.com/in/marie-dupont")
LINKEDIN_HELENE = (
    "linkedin",
    "hélène-dupont",
    "https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-dupont",
)
VIADEO_MARIE = ("viadeo", "marie.dupont", "https://www.viadeo.com/p/marie.dupont")
FACEBOOK_MARIE = ("facebook", "mariedupont", "https://www.facebook.com/mariedupont")
FACEBOOK_ID = (
    "facebook",
    "100012345678901",
    "https://www.facebook.com/profile.php?id=100012345678901",
)
X_MARIE = ("x", "marie_d", "https://x.com/marie_d")
INSTAGRAM_MARIE = ("instagram", "marie.d", "https://www.instagram.com/marie.d")

# (what was pasted, network chosen, expected (network, handle, url))
FORMS = [
    ("https://www.linkedin.com/in/marie-dupont/", None, LINKEDIN_MARIE),
    ("http://linkedin.com/in/marie-dupont", None, LINKEDIN_MARIE),
    ("linkedin.com/in/Marie-Dupont", None, LINKEDIN_MARIE),
    ("https://fr.linkedin.com/in/marie-dupont?originalSubdomain=fr", None, LINKEDIN_MARIE),
    ("https://be.linkedin.com/in/marie-dupont/fr", None, LINKEDIN_MARIE),
    ("https://www.linkedin.com/in/marie-dupont/details/experience/", None, LINKEDIN_MARIE),
    ("https://m.linkedin.com/in/marie-dupont#experience", None, LINKEDIN_MARIE),
    ("https://www.linkedin.com/mwlite/in/marie-dupont", None, LINKEDIN_MARIE),
    ("<https://www.linkedin.com/in/marie-dupont>", None, LINKEDIN_MARIE),
    ("« linkedin.com/in/marie-dupont »", None, LINKEDIN_MARIE),
    ("marie-dupont", "linkedin", LINKEDIN_MARIE),
    ("https://www.linkedin.com/in/marie-dupont", Network.LINKEDIN, LINKEDIN_MARIE),
    ("https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-dupont", None, LINKEDIN_HELENE),
    ("linkedin.com/in/hélène-dupont", None, LINKEDIN_HELENE),
    (
        "https://uk.linkedin.com/pub/abdi-ahmed/100/384/6b0",
        None,
        ("linkedin", "abdi-ahmed-6b0384100", "https://www.linkedin.com/in/abdi-ahmed-6b0384100"),
    ),
    (
        "https://sy.linkedin.com/pub/krzysztof-marzec/a7/576/b50?trk=biz_employee_pub",
        None,
        (
            "linkedin",
            "krzysztof-marzec-b50576a7",
            "https://www.linkedin.com/in/krzysztof-marzec-b50576a7",
        ),
    ),
    (
        "https://www.linkedin.com/pub/jean-martin/2/4b/31",
        None,
        ("linkedin", "jean-martin-03104b2", "https://www.linkedin.com/in/jean-martin-03104b2"),
    ),
    ("https://www.viadeo.com/fr/profile/marie.dupont", None, VIADEO_MARIE),
    ("http://viadeo.com/en/profile/Marie.Dupont/", None, VIADEO_MARIE),
    ("https://fr.viadeo.com/profile/marie.dupont?utm_source=mail", None, VIADEO_MARIE),
    ("viadeo.com/p/marie.dupont", None, VIADEO_MARIE),
    ("marie.dupont", "viadeo", VIADEO_MARIE),
    (
        "viadeo.com/p/0021abc123def",
        None,
        ("viadeo", "0021abc123def", "https://www.viadeo.com/p/0021abc123def"),
    ),
    ("https://www.facebook.com/marie.dupont", None, FACEBOOK_MARIE),
    ("https://m.facebook.com/Marie.Dupont/?ref=bookmarks", None, FACEBOOK_MARIE),
    ("fb.com/mariedupont", None, FACEBOOK_MARIE),
    ("https://web.facebook.com/marie.dupont/about", None, FACEBOOK_MARIE),
    ("https://fr-fr.facebook.com/marie.dupont", None, FACEBOOK_MARIE),
    ("marie.dupont", "facebook", FACEBOOK_MARIE),
    ("https://www.facebook.com/profile.php?id=100012345678901&sk=about", None, FACEBOOK_ID),
    ("https://m.facebook.com/profile.php?id=100012345678901#top", None, FACEBOOK_ID),
    ("https://www.facebook.com/people/Marie-Dupont/100012345678901/", None, FACEBOOK_ID),
    ("https://www.facebook.com/p/Marie-Dupont-100012345678901/", None, FACEBOOK_ID),
    ("www.facebook.com/100012345678901", None, FACEBOOK_ID),
    ("100012345678901", "facebook", FACEBOOK_ID),
    ("https://x.com/marie_d", None, X_MARIE),
    ("https://twitter.com/Marie_D", None, X_MARIE),
    ("http://mobile.twitter.com/marie_d?lang=fr", None, X_MARIE),
    ("https://www.x.com/marie_d/with_replies", None, X_MARIE),
    ("twitter.com/#!/marie_d", None, X_MARIE),
    ("https://x.com/marie_d/status/1234567890123456789?s=20", None, X_MARIE),
    ("https://twitter.com/intent/user?screen_name=Marie_D", None, X_MARIE),
    ("@Marie_D", "x", X_MARIE),
    ("  'marie_d'\u200b ", "x", X_MARIE),
    ("https://www.instagram.com/marie.d/", None, INSTAGRAM_MARIE),
    ("instagram.com/Marie.D?igsh=abc123&utm_source=qr", None, INSTAGRAM_MARIE),
    ("https://instagr.am/marie.d", None, INSTAGRAM_MARIE),
    ("https://www.instagram.com/marie.d/reels/", None, INSTAGRAM_MARIE),
    ("https://www.instagram.com/_u/marie.d", None, INSTAGRAM_MARIE),
    ("https://www.instagram.com/stories/marie.d/3123456789/", None, INSTAGRAM_MARIE),
    ("@marie.d", "instagram", INSTAGRAM_MARIE),
    ("marie.d", "instagram", INSTAGRAM_MARIE),
    (
        "https://www.Example.org/Members/Marie/?tab=posts#top",
        "other",
        ("other", "example.org/Members/Marie", "https://example.org/Members/Marie"),
    ),
    (
        "http://mastodon.social/@marie",
        "other",
        ("other", "mastodon.social/@marie", "https://mastodon.social/@marie"),
    ),
    (
        "social.example.net/users/hélène/",
        "other",
        (
            "other",
            "social.example.net/users/h%C3%A9l%C3%A8ne",
            "https://social.example.net/users/h%C3%A9l%C3%A8ne",
        ),
    ),
    (
        "https://example.org:8443/u/marie",
        "other",
        ("other", "example.org:8443/u/marie", "https://example.org:8443/u/marie"),
    ),
    ("example.org", "other", ("other", "example.org", "https://example.org")),
    (
        "https://example.org:443/u/marie",
        "other",
        ("other", "example.org/u/marie", "https://example.org/u/marie"),
    ),
]


@pytest.mark.parametrize(("value", "network", "expected"), FORMS)
def test_each_form_of_address_gives_the_canonical_profile(value, network, expected):
    assert parse_profile(value, network) == Profile(*expected)


@pytest.mark.parametrize(("value", "network", "expected"), FORMS)
def test_the_canonical_address_reads_back_as_the_same_profile(value, network, expected):
    profile = Profile(*expected)
    chosen = "other" if profile.network == "other" else None
    assert parse_profile(profile.url, chosen) == profile


SAME_PERSON = {
    "linkedin": [
        "https://www.linkedin.com/in/marie-dupont/",
        "http://linkedin.com/in/marie-dupont",
        "linkedin.com/in/MARIE-DUPONT",
        "https://fr.linkedin.com/in/marie-dupont?originalSubdomain=fr",
        "https://ca.linkedin.com/in/marie-dupont/en",
        "https://www.linkedin.com/in/marie-dupont/details/skills/?utm_source=share",
        "https://m.linkedin.com/in/marie-dupont#about",
        "  <www.linkedin.com/in/Marie-Dupont/>  ",
        '"https://touch.linkedin.com/in/marie-dupont"',
    ],
    "linkedin with accents": [
        "https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-dupont",
        "https://www.linkedin.com/in/h%c3%a9l%c3%a8ne-dupont/",
        "linkedin.com/in/hélène-dupont",
        "linkedin.com/in/he\u0301le\u0300ne-dupont",
        "linkedin.com/in/H%C3%89L%C3%88NE-DUPONT",
    ],
    "viadeo": [
        "https://www.viadeo.com/fr/profile/marie.dupont",
        "https://www.viadeo.com/en/profile/marie.dupont/",
        "http://viadeo.com/p/Marie.Dupont",
        "viadeo.com/profile/marie.dupont?ga=1",
    ],
    "facebook": [
        "https://www.facebook.com/marie.dupont",
        "https://facebook.com/mariedupont",
        "fb.com/Marie.Dupont",
        "https://m.facebook.com/marie.dupont?ref=bookmarks",
        "https://mbasic.facebook.com/marie.dupont/photos",
        "https://fr-fr.facebook.com/marie.dupont/",
        "https://web.facebook.com/ma.rie.du.pont",
    ],
    "facebook by id": [
        "https://www.facebook.com/profile.php?id=100012345678901",
        "https://m.facebook.com/profile.php?id=100012345678901&ref=content_filter",
        "facebook.com/100012345678901/",
        "https://www.facebook.com/people/Marie-Dupont/100012345678901/",
    ],
    "x": [
        "https://x.com/marie_d",
        "https://twitter.com/Marie_D",
        "http://mobile.twitter.com/marie_d/",
        "https://twitter.com/#!/marie_d",
        "x.com/marie_d/status/1234567890123456789",
        "https://x.com/marie_d/media?s=21&t=abc",
    ],
    "instagram": [
        "https://www.instagram.com/marie.d/",
        "instagram.com/Marie.D",
        "http://instagr.am/marie.d",
        "https://www.instagram.com/marie.d/?igsh=MXRhZDE%3D",
        "https://m.instagram.com/marie.d/tagged/",
    ],
}


@pytest.mark.parametrize("spellings", SAME_PERSON.values(), ids=SAME_PERSON.keys())
def test_every_spelling_of_one_profile_compares_equal(spellings):
    profiles = {parse_profile(spelling) for spelling in spellings}
    assert len(profiles) == 1, profiles


def test_a_handle_and_an_address_of_the_same_person_compare_equal():
    assert parse_profile("@Marie_D", Network.X) == parse_profile("https://twitter.com/marie_d")
    assert parse_profile("marie.d", "instagram") == parse_profile("instagr.am/marie.d")


def test_different_people_stay_different():
    assert parse_profile("x.com/marie_d") != parse_profile("x.com/marie_d2")
    # Instagram, unlike Facebook, tells marie.d from maried.
    assert parse_profile("instagram.com/marie.d") != parse_profile("instagram.com/maried")
    # An old /pub/ address is a different member from the plain name.
    assert parse_profile("linkedin.com/pub/jean-martin/2/4b/31") != parse_profile(
        "linkedin.com/in/jean-martin"
    )


# (what was pasted, network chosen, error code, part of the message)
REFUSED = [
    ("", None, "empty", "Paste the address of a profile"),
    ("  <>  ", "x", "empty", "Paste the address of a profile"),
    ("marie_d", None, "network_needed", "Choose the network"),
    ("@marie_d", None, "network_needed", "Choose the network"),
    ("marie_d", "other", "address_needed", "paste the full address"),
    ("@marie", "other", "address_needed", "paste the full address"),
    ("https://example.com/marie", None, "unknown_network", "not on a network we know"),
    ("https://example.com/marie", "linkedin", "wrong_network", "not on LinkedIn"),
    (
        "https://x.com/marie_d",
        "instagram",
        "wrong_network",
        "on X (Twitter), but the network chosen is Instagram",
    ),
    ("linkedin.com/in/marie-dupont", "other", "wrong_network", "is on LinkedIn"),
    ("https://lnkd.in/eXaMpLe", None, "short_link", "lnkd.in links are shortened"),
    ("https://t.co/AbC123", None, "short_link", "open the link"),
    ("fb.me/marie.dupont", "facebook", "short_link", "fb.me links"),
    ("https://www.facebook.com/share/1AbCdEf/", None, "short_link", "open the link"),
    ("https://www.linkedin.com/company/netcurate/", None, "not_a_profile", "linkedin.com/in/"),
    ("https://www.linkedin.com/feed/", None, "not_a_profile", "not a profile"),
    ("https://www.linkedin.com/", None, "not_a_profile", "not a profile"),
    ("https://www.linkedin.com/in/", None, "not_a_profile", "not a profile"),
    ("https://www.linkedin.com/pub/dir/marie/dupont", None, "not_a_profile", "not a profile"),
    ("https://business.linkedin.com/in/marie-dupont", None, "not_a_profile", "not a profile"),
    ("https://www.viadeo.com/fr/company/netcurate", None, "not_a_profile", "viadeo.com/p/"),
    ("https://www.facebook.com/groups/123456789/", None, "not_a_profile", "facebook.com/"),
    ("https://www.facebook.com/profile.php", None, "not_a_profile", "not a profile"),
    ("https://www.facebook.com/profile.php?id=marie", None, "not_a_profile", "not a profile"),
    ("https://www.facebook.com/photo.php?fbid=123", None, "not_a_profile", "not a profile"),
    ("https://x.com/home", None, "not_a_profile", "x.com/marie_d"),
    ("https://x.com/i/lists/123", None, "not_a_profile", "not a profile"),
    ("https://twitter.com/", None, "not_a_profile", "not a profile"),
    ("https://www.instagram.com/p/C0dEaBc123/", None, "not_a_profile", "instagram.com/"),
    ("https://www.instagram.com/reel/C0dEaBc123/", None, "not_a_profile", "not a profile"),
    (
        "https://www.linkedin.com/in/ACoAABcdEfGhIjKlMnOpQrStUvWxYz0123456",
        None,
        "internal_id",
        "internal identifier",
    ),
    ("@this_is_far_too_long", "x", "invalid_handle", "at most 15"),
    ("marie-d", "x", "invalid_handle", "“marie-d” is not a valid X (Twitter) handle"),
    ("https://x.com/marie.d", None, "invalid_handle", "letters, digits or underscores"),
    ("marie d", "instagram", "invalid_handle", "at most 30"),
    ("https://www.facebook.com/marie-dupont", None, "invalid_handle", "numeric id"),
    ("linkedin.com/in/marie%20dupont", None, "invalid_handle", "letters, digits and hyphens"),
    ("home", "facebook", "invalid_handle", "not a valid Facebook handle"),
    ("mailto:marie@example.com", None, "not_web", "not a web address"),
    ("javascript:alert(1)", "other", "not_web", "not a web address"),
    ("ftp://example.com/marie", "other", "not_web", "https://"),
    ("https://marie:secret@example.com/marie", "other", "malformed", "looks damaged"),
    ("https://www.linkedin.com:port/in/marie", None, "malformed", "copy it again"),
    ("https://exa mple.com/marie", "other", "malformed", "looks damaged"),
    ("https://localhost/marie", "other", "malformed", "looks damaged"),
]


@pytest.mark.parametrize(("value", "network", "code", "fragment"), REFUSED)
def test_what_is_not_a_profile_is_refused_with_a_helpful_message(value, network, code, fragment):
    with pytest.raises(ProfileURLError) as refused:
        parse_profile(value, network)
    assert refused.value.code == code
    assert fragment in str(refused.value)


def test_a_refusal_is_a_value_error_whose_message_a_form_can_reuse():
    with pytest.raises(ValueError, match="not on LinkedIn") as refused:
        parse_profile("example.com/marie", "linkedin")
    assert refused.value.params == {"network": "LinkedIn"}
    assert str(refused.value.message) == "This address is not on %(network)s."


def test_a_network_that_does_not_exist_is_a_programming_error():
    with pytest.raises(ValueError) as raised:
        parse_profile("marie_d", "myspace")
    assert not isinstance(raised.value, ProfileURLError)


@pytest.mark.parametrize(
    ("value", "network"),
    [
        ("https://fr.linkedin.com/in/marie-dupont", Network.LINKEDIN),
        ("lnkd.in/abc", Network.LINKEDIN),
        ("https://www.linkedin.com/company/netcurate", Network.LINKEDIN),
        ("viadeo.com/p/marie.dupont", Network.VIADEO),
        ("https://fb.com/marie.dupont", Network.FACEBOOK),
        ("https://fr-fr.facebook.com/marie.dupont", Network.FACEBOOK),
        ("https://mobile.twitter.com/marie_d", Network.X),
        ("x.com", Network.X),
        ("instagr.am/marie.d", Network.INSTAGRAM),
        ("https://fox.com/marie", None),
        ("https://example.com/in/marie", None),
        ("@marie_d", None),
        ("marie_d", None),
        ("", None),
        ("mailto:marie@example.com", None),
    ],
)
def test_the_network_is_detected_from_the_address(value, network):
    assert detect_network(value) == network


def _outcome(value, network):
    try:
        return parse_profile(value, network)
    except ProfileURLError as error:
        return error.code


@pytest.mark.parametrize(
    "value",
    [
        "https://www.linkedin.com/in/marie-dupont-1a2b",
        "https://www.linkedin.com/in/marie-dupont-1a2b/",
        "https://www.linkedin.com/in/fr%C3%A9d%C3%A9rique-berse-167",
        "https://www.linkedin.com/in/Marie.Dupont_~x",
        "https://www.linkedin.com/in/a%2Fb",
        "https://www.linkedin.com/in/ACoAAB1234567890abcdef",
        "https://www.linkedin.com/in/%20",
        "https://www.linkedin.com/in/",
    ],
)
@pytest.mark.parametrize("network", [None, "linkedin", "other", "viadeo"])
def test_the_plain_linkedin_address_reads_as_the_general_path_reads_it(value, network, monkeypatch):
    quick = _outcome(value, network)
    monkeypatch.setattr(profiles, "_LINKEDIN_PLAIN", re.compile(r"(?!)"))  # never matches
    assert quick == _outcome(value, network)
