"""Names and companies read from free text."""

from __future__ import annotations

from network.text.names import company_from_headline


def test_company_is_read_from_a_headline():
    assert company_from_headline("Purchasing manager at Acme Distribution") == "Acme Distribution"
    assert company_from_headline("Acheteuse chez Boulangerie Côté") == "Boulangerie Côté"
    assert company_from_headline("Freelance") == ""
