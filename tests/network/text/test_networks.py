"""What each network means: its nature, and the words that explain it."""

from __future__ import annotations

import pytest

from network.text.networks import Nature, Network, nature_of


@pytest.mark.parametrize(
    ("network", "nature"),
    [
        (Network.LINKEDIN, Nature.BUSINESS),
        (Network.VIADEO, Nature.BUSINESS),
        (Network.FACEBOOK, Nature.HYBRID),
        (Network.X, Nature.HYBRID),
        (Network.INSTAGRAM, Nature.FRIENDSHIP),
        (Network.OTHER, Nature.HYBRID),
        ("linkedin", Nature.BUSINESS),
        ("instagram", Nature.FRIENDSHIP),
    ],
)
def test_each_network_has_a_nature(network, nature):
    assert nature_of(network) == nature


def test_every_network_has_a_nature():
    assert all(isinstance(nature_of(network), Nature) for network in Network)


def test_an_unknown_network_has_no_nature():
    with pytest.raises(ValueError):
        nature_of("myspace")


def test_each_nature_explains_itself_differently():
    texts = {str(nature.help_text) for nature in Nature}
    assert len(texts) == len(Nature)
    assert "professional" in str(Nature.BUSINESS.help_text)
