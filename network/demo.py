"""Demo address book for `manage.py seed_demo`: a few people a shop owner would know."""

from network.models import Contact, ContactEmail, HowWeMet, NetworkProfile
from network.networks import parse_profile

PEOPLE = [
    {
        "given_name": "Marie",
        "family_name": "Dupont",
        "company": "Acme Distribution",
        "position": "Purchasing manager",
        "city": "Lyon",
        "languages": ["fr"],
        "email": "marie.dupont@acme-distribution.fr",
        "profile": ("https://www.linkedin.com/in/marie-dupont-acme", "full"),
        "tags": [("company", "Client since 2019")],
        "notes": "Important client: orders every spring.",
    },
    {
        "given_name": "Hélène",
        "family_name": "Martin",
        "company": "Lycée Hoche",
        "position": "Teacher",
        "city": "Versailles",
        "languages": ["fr", "en"],
        "alias": ("Hélène Girard", "maiden"),
        "profile": ("https://www.facebook.com/helene.martin.78", "no_close_friends"),
        "tags": [("school", "Lycée Hoche, class of 2004"), ("kids", "Same class as Léo")],
    },
    {
        "given_name": "James",
        "family_name": "O'Connor",
        "company": "Northwind Traders",
        "position": "Sales director",
        "city": "Dublin",
        "languages": ["en"],
        "profile": ("https://x.com/jamesoconnor", "follow_only"),
        "tags": [("language", "English conversation club")],
    },
    {
        "given_name": "Jean-François",
        "family_name": "Côté",
        "company": "Boulangerie Côté",
        "city": "Paris",
        "languages": ["fr"],
        "profile": ("https://www.instagram.com/jf.cote", "full"),
        "tags": [],
    },
]


def seed_contacts(team, owner) -> int:
    """Create the demo contacts that are missing; returns how many were created."""
    categories = {category.key: category for category in HowWeMet.objects.filter(team=team)}
    created = 0
    for person in PEOPLE:
        contact, is_new = Contact.objects.get_or_create(
            team=team,
            given_name=person["given_name"],
            family_name=person["family_name"],
            defaults={
                "company": person.get("company", ""),
                "position": person.get("position", ""),
                "city": person.get("city", ""),
                "languages": person.get("languages", []),
                "notes": person.get("notes", ""),
                "owner": owner,
                "created_by": owner,
            },
        )
        if not is_new:
            continue
        created += 1
        if email := person.get("email"):
            ContactEmail.objects.create(contact=contact, email=email)
        if alias := person.get("alias"):
            contact.add_alias(alias[0], alias[1], owner)
        address, access = person["profile"]
        profile = parse_profile(address)
        NetworkProfile.objects.get_or_create(
            team=team,
            network=profile.network,
            handle=profile.handle,
            defaults={"contact": contact, "url": profile.url, "access": access},
        )
        for key, detail in person["tags"]:
            contact.tag(categories[key], owner, detail=detail)
        contact.reindex()
        contact.record("created", owner)
    return created
