"""Companies as people write them, and the parts of a headline that name one."""

import pytest

from network.text.companies import (
    company_from_headline,
    company_key,
    company_tokens,
    domain_name,
    headline_companies,
)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("ACME DISTRIBUTION SAS", "acme distribution"),
        ("Groupe Société Générale", "societe generale"),
        ("Cabinet Martin & Associés", "cabinet martin associes"),
        ("L'Oréal", "oreal"),
        ("Compagnie de Saint-Gobain", "compagnie saint gobain"),
    ],
)
def test_legal_forms_groupe_and_punctuation_do_not_count(written, key):
    assert company_key(written) == key


def test_a_company_answers_to_its_acronym_its_glued_name_and_its_email_domain():
    tokens = company_tokens("Société Générale", ["marie.dupont@socgen.com"])
    assert {"societe", "generale", "sg", "societegenerale", "socgen"} <= tokens
    assert "total" in company_tokens("TotalEnergies")  # the start of a long glued name
    assert company_tokens("", ["marie@socgen.com"]) == set()  # a domain alone says nothing


def test_free_mail_is_no_company():
    assert domain_name("marie.dupont@gmail.com") == ""
    assert domain_name("m@mail.credit-agricole.fr") == "creditagricole"


@pytest.mark.parametrize(
    ("headline", "company"),
    [
        ("Purchasing manager at Acme Distribution", "Acme Distribution"),
        ("Acheteuse chez Boulangerie Côté", "Boulangerie Côté"),
        ("Directrice @ SNCF", "SNCF"),
        ("Directrice @SNCF", "SNCF"),
        ("Acheteuse chez ACME SAS, Lyon", "ACME SAS"),
        ("Freelance", ""),
        ("Responsable achats", ""),  # "achats" is not "at"
        ("Chef d'atelier", ""),
    ],
)
def test_the_company_a_headline_introduces(headline, company):
    assert company_from_headline(headline) == company


def test_every_part_of_a_headline_may_name_the_company():
    assert headline_companies("Office manager | LEFEBVRE LOGISTIQUE - Lyon") == [
        ("Office manager", False),
        ("LEFEBVRE LOGISTIQUE", False),
        ("Lyon", False),
    ]
    assert headline_companies("Air France-KLM, pilote") == [
        ("Air France-KLM", False),
        ("pilote", False),
    ]
