"""Demo address book for `manage.py seed_demo`: a few people a shop owner would know."""

from network.models import Category, Contact, ContactEmail, NetworkProfile
from network.text.profiles import parse_profile

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
    categories = {category.key: category for category in Category.objects.filter(team=team)}
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


REQUESTS = [
    {
        "sender_name": "Marie Lefebvre",
        "address": "https://www.linkedin.com/in/marie-lefebvre-achats",
        "headline": "Purchasing manager at Acme Distribution",
        "message": "Bonjour, ravie de vous retrouver ici !",
        "language": "fr",
        "has_photo": True,
        "richness": "rich",
        "mutual_connections": 12,
        "hours_ago": 2,
    },
    {
        "sender_name": "Marie Dupont",
        "address": "https://fr.linkedin.com/in/marie-dupont-acme/",
        "headline": "Acme Distribution",
        "language": "fr",
        "has_photo": True,
        "richness": "thin",
        "mutual_connections": 3,
        "hours_ago": 5,
    },
    {
        "sender_name": "Crypto Opportunities",
        "address": "https://x.com/crypto_opps_4u",
        "headline": "Make 10x with our signals",
        "message": "Hi dear, I have a business proposal for you.",
        "language": "en",
        "has_photo": False,
        "richness": "none",
        "mutual_connections": 0,
        "hours_ago": 9,
    },
    {
        "sender_name": "Thomas Bernard",
        "address": "https://www.viadeo.com/fr/profile/thomas.bernard",
        "headline": "Consultant, retail",
        "language": "fr",
        "richness": "thin",
        "hours_ago": 30,
    },
    {
        "sender_name": "Léa Moreau",
        "address": "https://www.instagram.com/lea.moreau.photo",
        "headline": "Photographer, Lyon",
        "message": "Love your shop window!",
        "language": "fr",
        "has_photo": True,
        "richness": "rich",
        "mutual_connections": 4,
        "hours_ago": 50,
    },
]


def seed_requests(team, owner) -> int:
    """Add the demo requests not there yet (matched by profile); returns how many."""
    from datetime import timedelta

    from django.utils import timezone

    from network.inbox.services import connection_request_receive
    from network.models import ConnectionRequest

    created = 0
    for item in REQUESTS:
        profile = parse_profile(item["address"])
        if ConnectionRequest.objects.filter(team=team, handle=profile.handle).exists():
            continue
        fields = {
            key: item[key]
            for key in (
                "headline",
                "message",
                "language",
                "has_photo",
                "richness",
                "mutual_connections",
            )
            if key in item
        }
        connection_request_receive(
            team=team,
            owner=owner,
            sender_name=item["sender_name"],
            profile=profile,
            received_at=timezone.now() - timedelta(hours=item["hours_ago"]),
            **fields,
        )
        created += 1
    return created
