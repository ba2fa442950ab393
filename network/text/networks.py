"""The social networks requests come from, and what accepting means on each (its *nature*:
business, friendship or both), which colours the advice shown next to a request."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Network(models.TextChoices):
    # Brand names are not translated; only "Other" is a word.
    LINKEDIN = "linkedin", "LinkedIn"
    VIADEO = "viadeo", "Viadeo"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    OTHER = "other", _("Other")


class Nature(models.TextChoices):
    """What accepting a request shares with the sender."""

    BUSINESS = "business", _("Business")
    FRIENDSHIP = "friendship", _("Friendship")
    HYBRID = "hybrid", _("Hybrid (friends and business)")

    @property
    def help_text(self) -> Promise:
        """One sentence on what this nature means when deciding to accept."""
        return _NATURE_HELP[self]


_NATURE_HELP = {
    Nature.BUSINESS: _(
        "Accepting opens your professional network to them: judge what you could do "
        "together, not how many connections you collect."
    ),
    Nature.FRIENDSHIP: _(
        "Accepting lets them into your private life (photos, friends, where you go): "
        "keep it for people you actually know."
    ),
    Nature.HYBRID: _(
        "Friends and colleagues mix here: decide which side of your life this person "
        "belongs to before accepting."
    ),
}

_NATURES = {
    Network.LINKEDIN: Nature.BUSINESS,
    Network.VIADEO: Nature.BUSINESS,
    # Facebook mixes family with work groups and pages; X is public, so people follow
    # colleagues and friends alike.
    Network.FACEBOOK: Nature.HYBRID,
    Network.X: Nature.HYBRID,
    Network.INSTAGRAM: Nature.FRIENDSHIP,
    # Nothing is known of another network, so the advice must cover both sides.
    Network.OTHER: Nature.HYBRID,
}


def nature_of(network: str) -> Nature:
    """The nature of a network; raises ValueError for a value that is not a ``Network``."""
    return _NATURES[Network(network)]


# Where a request is decided on each network (its page of pending invitations); without
# one, the sender's profile, where the network offers to accept.
DECISION_PAGES = {
    Network.LINKEDIN: "https://www.linkedin.com/mynetwork/invitation-manager/",
    Network.FACEBOOK: "https://www.facebook.com/friends/requests",
    Network.INSTAGRAM: "https://www.instagram.com/accounts/activity/",
    Network.X: "https://x.com/follower_requests",
}

# Accepting with limited access, in each network's own words, and the page where it is done
# (None: the person's profile, where the network's menu offers it).
PRIVACY_STEPS = {
    Network.FACEBOOK: (_("Add %(name)s to your Restricted list on Facebook"), None),
    Network.INSTAGRAM: (
        _("Leave %(name)s out of Close Friends on Instagram"),
        "https://www.instagram.com/accounts/close_friends/",
    ),
    Network.LINKEDIN: (
        _("Let %(name)s follow you only, on LinkedIn"),
        "https://www.linkedin.com/mypreferences/d/who-can-follow-you",
    ),
    Network.X: (
        _("Let %(name)s follow you without following back, and keep your posts protected on X"),
        "https://x.com/settings/audience_and_tagging",
    ),
    Network.VIADEO: (_("Hide your contacts and activity from %(name)s on Viadeo"), None),
    Network.OTHER: (_("Limit what %(name)s sees of your profile on that network"), None),
}


def decision_page(network: str, profile_url: str = "") -> str:
    """Where to accept or decline a request of ``network``."""
    return DECISION_PAGES.get(network, profile_url)


def privacy_step(network: str, name: str, profile_url: str = "") -> tuple[str, str]:
    """The to-do after accepting ``name`` with limited access on ``network``, and its link."""
    text, page = PRIVACY_STEPS.get(network, PRIVACY_STEPS[Network.OTHER])
    return str(text) % {"name": name}, page or profile_url
