"""Synthetic but realistic address books and inboxes, for benchmarks and load checks."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from network.models import (
    ConnectionRequest,
    Contact,
    ContactEmail,
    NetworkProfile,
)
from network.text import fold
from network.text.networks import Network

# Plain word lists, split at run time: far easier to read and extend than one-per-line lists.
GIVEN = (  # noqa: SIM905
    "Marie Jean Pierre Michel Philippe Nathalie Isabelle Catherine Sophie Nicolas Julien Camille "
    "Léa Manon Chloé Emma Hugo Lucas Louis Gabriel Hélène Françoise Jean-François Anne-Sophie "
    "Thomas Antoine Céline Aurélie Émilie Sébastien Olivier Laurent Valérie Sandrine Christophe "
    "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara "
    "Richard Susan Joseph Jessica Charles Sarah Daniel Karen Matthew Nancy Emily Olivia Kate"
).split()
FAMILY = (  # noqa: SIM905
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre "
    "Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc "
    "Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez "
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson "
    "O'Connor Côté Gagnon Tremblay Roy Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet"
).split()
COMPANIES = (  # noqa: SIM905
    "Acme Distribution|Northwind Traders|Boulangerie Côté|Lycée Hoche|Crédit Régional|"
    "Garage Dupuis|Pharmacie Centrale|Studio Lumière|Cabinet Martin & Associés|Ville de Lyon|"
    "Hôpital Saint-Joseph|Agence Horizon|Librairie du Parc|Transports Moreau|Café des Arts"
).split("|")
CITIES = "Paris Lyon Marseille Lille Nantes Bordeaux Toulouse Rennes Dublin Montréal".split()  # noqa: SIM905


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN), rng.choice(FAMILY)


@transaction.atomic
def fill_address_book(team, owner, count: int, seed: int = 7, batch: int = 5000) -> int:
    """Add ``count`` contacts (a third with a LinkedIn profile, a third with an email)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    start = Contact.objects.filter(team=team).count()
    made = 0
    while made < count:
        size = min(batch, count - made)
        rows = []
        for index in range(start + made, start + made + size):
            given, family = person(rng)
            company = rng.choice(COMPANIES)
            city = rng.choice(CITIES)
            rows.append(
                Contact(
                    team=team,
                    given_name=given,
                    family_name=family,
                    company=company,
                    city=city,
                    owner=owner,
                    search_text=" ".join(fold(part) for part in (given, family, company, city)),
                    sort_key=fold(f"{family} {given}"),
                    notes=f"bench #{index}",
                )
            )
        contacts = Contact.objects.bulk_create(rows)
        profiles, emails = [], []
        for contact in contacts:
            number = int(contact.notes.split("#")[1])
            slug = f"{fold(contact.given_name)}-{fold(contact.family_name)}-{number}".replace(
                " ", "-"
            )
            if number % 3 == 0:
                profiles.append(
                    NetworkProfile(
                        team=team,
                        contact=contact,
                        network=Network.LINKEDIN,
                        handle=slug,
                        url=f"https://www.linkedin.com/in/{slug}",
                        access="full",
                    )
                )
            if number % 3 == 1:
                emails.append(ContactEmail(contact=contact, email=f"{slug}@example.org"))
        NetworkProfile.objects.bulk_create(profiles)
        ContactEmail.objects.bulk_create(emails)
        made += size
    return made


@transaction.atomic
def fill_inbox(team, owner, count: int, seed: int = 11, batch: int = 5000) -> int:
    """Add ``count`` open requests across networks; some come from known profiles."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    now = timezone.now()
    networks = [Network.LINKEDIN, Network.FACEBOOK, Network.X, Network.INSTAGRAM, Network.VIADEO]
    states = ["new"] * 6 + ["asked", "replied"]
    made = 0
    while made < count:
        size = min(batch, count - made)
        rows = []
        for index in range(made, made + size):
            given, family = person(rng)
            network = rng.choice(networks)
            known = network == Network.LINKEDIN and index % 10 == 0
            handle = f"{fold(given)}-{fold(family)}-{index * 3 if known else index + 10**7}"
            handle = handle.replace(" ", "-")
            rows.append(
                ConnectionRequest(
                    team=team,
                    owner=owner,
                    network=network,
                    sender_name=f"{given} {family}",
                    headline=f"{rng.choice(['Manager', 'Consultant', 'Founder'])} at "
                    f"{rng.choice(COMPANIES)}",
                    handle=handle,
                    profile_url=f"https://example.org/{handle}",
                    message="Hello!" if index % 4 == 0 else "",
                    state=rng.choice(states),
                    received_at=now - timedelta(minutes=index),
                    search_text=f"{fold(given)} {fold(family)} {handle}",
                )
            )
        ConnectionRequest.objects.bulk_create(rows)
        made += size
    return made


# Recognition benchmark: identities that are realistic and mostly distinct, so a miss is the
# algorithm's fault, not the data's (random names from short lists collide by the hundred).
SYLLABLES = (  # noqa: SIM905
    "ba be bi bo bou ca ce ci co cha che da de di do du fa fe fi fo ga ge gi go "
    "la le li lo lu ma me mi mo mu na ne ni no pa pe pi po ra re ri ro ru sa se si so "
    "ta te ti to tou va ve vi vo za ze mar ber ger nard mont val bel cour rou vin"
).split()
ENDINGS = [
    *"tdnrsl",
    "au",
    "eau",
    "ier",
    "ard",
    "aud",
    "ot",
    "in",
    "ain",
    "on",
    "el",
    "et",
    "ez",
    "",
]
MORE_GIVEN = (
    GIVEN
    + (  # noqa: SIM905
        "Agnès Alain André Arnaud Bernard Bruno Cécile Claire Claude Colette Cyril Denis Didier "
        "Élise Éric Fabien Fabrice Gilles Hervé Jacqueline Jérôme Joël Julie Karine Lucie Marc "
        "Martine Mathilde Mélanie Monique Muriel Noémie Odile Pascal Paul Pauline Quentin Régis "
        "Rémi Romain Sylvie Sylvain Thierry Vincent Xavier Yves Zoé Robert Catherine William"
    ).split()
)
TRADES = (  # noqa: SIM905
    "Conseil Distribution Transports Bâtiment Immobilier Assurances Menuiserie Pharmacie "
    "Boulangerie Imprimerie Logistique Électricité Plomberie Informatique Formation Voyages"
).split()


def synthetic_family(rng: random.Random) -> str:
    return (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(ENDINGS)).capitalize()


def synthetic_company(rng: random.Random) -> str:
    return f"{synthetic_family(rng)} {rng.choice(TRADES)}"


@transaction.atomic
def fill_people(team, owner, count: int, seed: int = 3, batch: int = 5000) -> int:
    """``count`` contacts with recognition keys, a company each, some emails and aliases."""
    from network.models import ContactAlias, ContactKey
    from network.text.names import contact_keys

    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    made = 0
    while made < count:
        size = min(batch, count - made)
        contacts = Contact.objects.bulk_create(
            Contact(
                team=team,
                given_name=rng.choice(MORE_GIVEN),
                family_name=synthetic_family(rng),
                company=synthetic_company(rng),
                city=rng.choice(CITIES),
                owner=owner,
            )
            for _ in range(size)
        )
        emails, aliases, keys = [], [], []
        for contact in contacts:
            contact_emails, contact_aliases = [], []
            if rng.random() < 0.4:
                domain = fold(contact.company).split(" ")[0] + ".fr"
                address = f"{fold(contact.given_name)}.{fold(contact.family_name)}@{domain}"
                contact_emails.append(address.replace(" ", "-"))
                emails.append(ContactEmail(contact=contact, email=contact_emails[-1]))
            if rng.random() < 0.1:
                contact_aliases.append(synthetic_family(rng))
                aliases.append(
                    ContactAlias(contact=contact, name=contact_aliases[-1], kind="maiden")
                )
            keys += [
                ContactKey(team=team, contact=contact, key=key)
                for key in contact_keys(
                    given_name=contact.given_name,
                    family_name=contact.family_name,
                    display_name=contact.display_name,
                    company=contact.company,
                    city=contact.city,
                    aliases=contact_aliases,
                    emails=contact_emails,
                )
            ]
        ContactEmail.objects.bulk_create(emails)
        ContactAlias.objects.bulk_create(aliases)
        ContactKey.objects.bulk_create(keys, batch_size=10000)
        made += size
    return made
