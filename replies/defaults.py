"""The library every new team starts with: our own wording, in French and English."""

from replies.models import Intent, Phrase

DEFAULTS = [
    (
        Intent.ASK_HOW_MET,
        "fr",
        "Rappelez-moi comment nous nous connaissons",
        "Bonjour {first_name},\n\n"
        "Merci pour votre invitation sur {network}, je l'accepterai volontiers. "
        "J'avoue toutefois ne pas réussir à situer notre rencontre : pourriez-vous me "
        "rafraîchir la mémoire ? Et si nous ne nous sommes jamais croisés, dites-moi ce qui "
        "vous amène.\n\nBien à vous,\n{my_name}",
    ),
    (
        Intent.ASK_HOW_MET,
        "en",
        "Remind me how we met",
        "Hello {first_name},\n\n"
        "Thank you for the invitation on {network}; I would be glad to connect. I'm afraid I "
        "can't quite place where our paths crossed: would you remind me? And if we have never "
        "met, I'd love to hear what brings you here.\n\nBest regards,\n{my_name}",
    ),
    (
        Intent.ASK_PURPOSE,
        "fr",
        "Quel est l'objet de votre invitation ?",
        "Bonjour {first_name},\n\n"
        "Merci de votre invitation sur {network}. Avant d'accepter, j'aimerais comprendre ce "
        "que vous avez en tête : qu'est-ce qui vous a donné envie de vous connecter, et "
        "comment pourrions-nous travailler ensemble ?\n\nBien cordialement,\n{my_name}",
    ),
    (
        Intent.ASK_PURPOSE,
        "en",
        "What brings you to connect?",
        "Hello {first_name},\n\n"
        "Thank you for reaching out on {network}. Before I accept, I'd like to understand what "
        "you have in mind: what made you want to connect, and how might we work together?"
        "\n\nKind regards,\n{my_name}",
    ),
    (
        Intent.DECLINE,
        "fr",
        "Refus courtois",
        "Bonjour {first_name},\n\n"
        "Merci pour votre invitation. Je réserve ce réseau aux personnes avec qui j'ai déjà "
        "travaillé ou que j'ai rencontrées ; je ne vais donc pas l'accepter pour l'instant. "
        "Je vous souhaite une belle continuation.\n\n{my_name}",
    ),
    (
        Intent.DECLINE,
        "en",
        "Polite decline",
        "Hello {first_name},\n\n"
        "Thank you for the invitation. I keep this network for people I have met or worked "
        "with, so I won't accept for now. All the best with your projects.\n\n{my_name}",
    ),
    (
        Intent.WELCOME,
        "fr",
        "Bienvenue dans mon réseau",
        "Bonjour {first_name},\n\n"
        "Ravi(e) d'être connecté(e) avec vous sur {network}. N'hésitez pas à me "
        "solliciter si je peux vous être utile.\n\nÀ bientôt,\n{my_name}",
    ),
    (
        Intent.WELCOME,
        "en",
        "Welcome to my network",
        "Hello {first_name},\n\n"
        "Glad to be connected on {network}. Do get in touch if I can be of help."
        "\n\nSpeak soon,\n{my_name}",
    ),
    (
        Intent.FOLLOW_UP,
        "fr",
        "Petite relance",
        "Bonjour {first_name},\n\n"
        "Je me permets de revenir vers vous au sujet de votre invitation sur {network} : "
        "pourriez-vous me dire comment nous nous connaissons, ou ce que vous aviez en tête ?"
        "\n\nMerci d'avance,\n{my_name}",
    ),
    (
        Intent.FOLLOW_UP,
        "en",
        "Gentle follow-up",
        "Hello {first_name},\n\n"
        "Just following up on your invitation on {network}: could you tell me how we know each "
        "other, or what you had in mind?\n\nThanks in advance,\n{my_name}",
    ),
]


def seed_library(team) -> int:
    """Give a team the default phrases it lacks (by title); returns how many were added."""
    have = set(Phrase.objects.filter(team=team).values_list("title", flat=True))
    new = [
        Phrase(team=team, intent=intent, language=language, title=title, body=body)
        for intent, language, title, body in DEFAULTS
        if title not in have
    ]
    Phrase.objects.bulk_create(new)
    return len(new)
