"""Invitation emails are recognised by sender and wording, in English and French, and read
completely (name, headline, note, profile, mutual connections, date) or not at all."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from network.mailbox.parsing import Unreadable, message_key, read_invitation

EMAILS = Path(__file__).resolve().parent / "emails"
WHEN = datetime(2026, 11, 3, 9, 15, tzinfo=UTC)


def read(name: str):
    return read_invitation((EMAILS / name).read_bytes())


# file: (network, name, headline, note start, profile url, mutual)
EXPECTED = {
    "linkedin_en.eml": (
        "linkedin",
        "Marie Lefebvre",
        "Purchasing manager at Acme Distribution",
        "Hello Camille, we met at the Lyon trade fair",
        "https://www.linkedin.com/in/marie-lefebvre-4a1b2c",
        12,
    ),
    "linkedin_fr.eml": (
        "linkedin",
        "Hélène Kerjean",
        "Directrice commerciale chez Brasserie Le Goff",
        "Bonjour, nous nous sommes croisées au salon de Rennes.",
        "https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-kerjean",
        3,
    ),
    "facebook_en.eml": ("facebook", "Tom Baker", "", "", "https://www.facebook.com/tombaker77", 4),
    "facebook_fr.eml": (
        "facebook",
        "Joséphine Le Floc'h",
        "",
        "",
        "https://www.facebook.com/josephinelefloch",
        27,
    ),
    "instagram_en.eml": (
        "instagram",
        "Marie Lefebvre",
        "",
        "",
        "https://www.instagram.com/marie_l",
        None,
    ),
    "instagram_fr.eml": (
        "instagram",
        "Élodie Marchand",
        "",
        "",
        "https://www.instagram.com/elodie.marchand",
        None,
    ),
    "x_en.eml": ("x", "Sam O'Neil", "", "", "https://x.com/samoneil_", None),
    "x_fr.eml": ("x", "François Dubœuf", "", "", "https://x.com/fduboeuf", None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_networks_notification_is_read_whole_in_english_and_french(name):
    network, sender, headline, note, url, mutual = EXPECTED[name]
    invitation = read(name)
    assert invitation is not None
    assert invitation.network == network
    assert invitation.sender_name == sender
    assert invitation.headline == headline
    assert invitation.message.startswith(note)
    assert invitation.profile is not None and invitation.profile.url == url
    assert invitation.mutual_connections == mutual
    assert invitation.received_at == WHEN
    assert invitation.language == name.split("_")[1][:2]


def test_a_hand_written_html_only_notification_in_latin_1_is_read():
    """Quoted-printable HTML alone, an ISO-8859-1 encoded-word subject, the profile linked
    through LinkedIn's /comm/ tracking path, and a link to the reader's own profile beside
    it that must not be taken for the sender's."""
    invitation = read("linkedin_fr_handwritten.eml")
    assert invitation.sender_name == "Jérôme Garnier"
    assert invitation.headline == "Consultant indépendant en supply chain"
    assert invitation.profile.url == "https://www.linkedin.com/in/jerome-garnier-b7"
    assert invitation.mutual_connections == 8
    assert invitation.received_at == datetime(2026, 11, 5, 7, 44, 9, tzinfo=UTC)
    assert invitation.language == "fr"


@pytest.mark.parametrize(
    "name",
    [
        "other_job_alert.eml",
        "other_linkedin_accepted.eml",
        "other_facebook_login.eml",
        "other_instagram_digest.eml",
        "other_personal.eml",
        "other_newsletter.eml",
    ],
)
def test_other_emails_even_from_the_networks_are_not_invitations(name):
    assert read(name) is None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("broken_base64.eml", "base64"),
        ("unknown_charset.eml", "x-klingon-9"),
        ("not_an_email.eml", "not an email"),
    ],
)
def test_an_email_that_cannot_be_read_says_why(name, words):
    with pytest.raises(Unreadable) as raised:
        read(name)
    assert words in str(raised.value)


def test_an_empty_file_and_a_text_file_are_not_emails():
    with pytest.raises(Unreadable, match="empty"):
        read_invitation(b"  \r\n")
    with pytest.raises(Unreadable, match="no sender and no subject"):
        read_invitation(b"Just some notes\nabout a meeting\n")


def test_a_notification_without_the_senders_name_is_unreadable_not_half_read():
    raw = (
        b"From: LinkedIn <invitations@linkedin.com>\r\n"
        b"Subject: Invitation to connect on LinkedIn\r\n"
        b"Date: Tue, 03 Nov 2026 09:15:00 +0000\r\n\r\n"
        b"Accept: https://www.linkedin.com/comm/mynetwork/invite-accept?id=1\r\n"
    )
    with pytest.raises(Unreadable, match="name"):
        read_invitation(raw)


def test_a_lookalike_domain_is_not_the_network():
    raw = (
        b"From: LinkedIn <invitations@linkedin.com.evil.example>\r\n"
        b"Subject: Marie Lefebvre wants to connect\r\n\r\nMarie Lefebvre\r\n"
    )
    assert read_invitation(raw) is None


def test_a_missing_date_falls_back_to_the_moment_given():
    raw = (EMAILS / "x_en.eml").read_bytes().replace(b"Date: ", b"X-Old-Date: ")
    fallback = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    assert read_invitation(raw, fallback).received_at == fallback


def test_a_message_is_known_by_its_message_id_whatever_its_bytes():
    assert message_key(b"one", "<a@b>") == message_key(b"two", "<a@b>")
    assert message_key(b"one") != message_key(b"two")
