"""Names and companies as they occur, for the recognition benchmark.

Written here rather than drawn from a data package: what matters is the shape of the
distributions (a few names shared by hundreds, a long tail of rare ones), and a list we can
read. Family names follow INSEE's ranking of French surnames and the US census ranking of
English ones: the ranked names are 12% of people, their weight falling as rank^-0.6, so that
Martin is about 0.6% of French contacts (0.4% of people in France; a 20,000-contact book holds
about a hundred Martins) and the 200th name about 0.03%; the other 88% come from a long tail
of surnames built from French and Breton syllables, each nearly unique. First names are those
of French and English adults born 1960-2000, by rank, with their sex: half of people bear one
of them (weight rank^-0.5, Marie about 3% of French women, Nathalie 2%), the other half a rarer
first name, built from syllables with French endings.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

FRENCH_FAMILY = (  # noqa: SIM905 - ranked, most frequent first
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
    "Rousseau Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier "
    "François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu "
    "Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun "
    "Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche "
    "Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud "
    "Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq "
    "Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin "
    "Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier "
    "Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly "
    "Hervé Schneider Fernandez Collet Léger Bouvier Julien Prévost Millet Perrot Daniel "
    "Cousin Germain Breton Besson Langlois Rémy Pelletier Lévêque Perrier Leblanc Barré Lebrun "
    "Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet "
    "Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Bouchet Gay Lemaître Bénard "
    "Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert "
    "Lamy Delaunay Pasquier Carlier Laporte Marin Martins Morvan Kerjean Tanguy Cadiou"
).split()
# Names written with a particle or in two words, as their owners write them.
PARTICLE_FAMILY = [
    "Le Gall", "Le Goff", "Le Roux", "Le Floch", "Le Bihan", "Da Silva", "Dos Santos",
    "De Oliveira", "de La Fontaine", "de La Tour", "de Villiers", "d'Arcy", "d'Almeida",
    "Van der Berg", "Van Damme", "du Pont", "Le Meur", "de Saint-Exupéry", "La Rochelle",
    "Le Corre", "De Smet", "Del Rio", "Di Marco", "von Stein",
]  # fmt: skip
ENGLISH_FAMILY = (  # noqa: SIM905
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Jackson White Harris Thompson Clark Lewis Robinson Walker Young Allen King Wright Scott "
    "Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker "
    "Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed "
    "Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes "
    "O'Connor O'Brien McDonald"
).split()

# (name, sex, rank weight group): adults in France and in English-speaking countries.
FRENCH_WOMEN = (  # noqa: SIM905
    "Marie Nathalie Isabelle Sylvie Catherine Sandrine Valérie Christine Stéphanie Céline "
    "Sophie Véronique Julie Aurélie Émilie Camille Laurence Caroline Florence Anne Hélène "
    "Martine Françoise Virginie Delphine Karine Élodie Audrey Marion Charlotte Claire "
    "Mathilde Lucie Chloé Pauline Laura Sarah Léa Manon Patricia Emmanuelle Frédérique "
    "Alexandra Sandra Corinne Pascale Agnès Béatrice Christelle Anne-Sophie Marie-Christine "
    "Marie-Claire Marie-Laure Marie-Pierre Dominique Séverine Valentine Mélanie Nadine Brigitte "
    "Anaïs Juliette Margaux Justine Clémence Gwenaëlle Solène Armelle Maëlle Noémie Albane"
).split()
FRENCH_MEN = (  # noqa: SIM905
    "Jean Pierre Michel Philippe Nicolas Christophe Stéphane Laurent Frédéric David "
    "Sébastien Julien Olivier Thierry Éric Patrick Pascal Thomas Alexandre Guillaume Antoine "
    "Maxime Romain Jérôme Vincent François Daniel Bernard Jacques Emmanuel Franck Didier "
    "Bruno Yann Yannick Jean-Pierre Jean-Luc Jean-Marc Jean-François Jean-Claude Jean-Michel "
    "Jean-Louis Benjamin Matthieu Hugo Lucas Louis Arnaud Cédric Fabien Damien Mickaël Jérémy "
    "Anthony Sylvain Xavier Gilles Patrice Hervé Yves Marc Paul Henri Claude Benoît Grégory "
    "Florian Quentin Adrien Clément Mathieu Samuel Gaël Erwan Ronan Tugdual Aymeric Enguerrand"
).split()
ENGLISH_WOMEN = (  # noqa: SIM905
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa "
    "Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah "
    "Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Helen Anna Pamela Nicole Emma "
    "Samantha Katherine Christine Rachel Catherine Janet Victoria Olivia Kelly Lauren Megan "
    "Jacqueline Sophia Natalie Charlotte Veronica Jennie Philippa Imogen"
).split()
ENGLISH_MEN = (  # noqa: SIM905
    "James John Robert Michael William David Richard Joseph Thomas Charles Christopher "
    "Daniel Matthew Anthony Mark Steven Paul Andrew Joshua Kenneth Kevin Brian George Edward "
    "Timothy Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Justin Scott "
    "Benjamin Samuel Frank Gregory Alexander Patrick Jack Peter Henry Oliver Harry Alistair"
).split()

SYLLABLES = (  # noqa: SIM905 - for the long tail of rare surnames
    "ker ar mor gwen tal pen lan ro ma ba be bo bou ca co cha da de du fa fe ga ge gi go "
    "la le li lo ma me mi mo na ne no pa pe po ra re ri ro sa se si ta te ti to va ve vi "
    "mar ber ger nard mont val bel cour rou vin jac ville bran cas chau mal lau ber tou"
).split()
ENDINGS = [
    *"tdnrsl", "au", "eau", "ier", "ard", "aud", "ot", "in", "ain", "on", "el", "et",
    "ez", "ec", "en", "ic", "oux", "y", "",
]  # fmt: skip

CITIES = (  # noqa: SIM905 - by population, most first
    "Paris Marseille Lyon Toulouse Nice Nantes Montpellier Strasbourg Bordeaux Lille Rennes "
    "Reims Toulon Grenoble Dijon Angers Brest Quimper London Manchester Dublin Montréal"
).split()

SCHOOLS = [
    "Lycée Hoche", "Lycée Henri-IV", "Sciences Po", "HEC", "ESSEC", "INSA Lyon",
    "Université de Rennes", "Lycée Descartes", "École Centrale", "Télécom Paris",
    "club de voile de Brest", "chorale Saint-Louis", "tennis club de Nantes", "crèche Les Lutins",
]  # fmt: skip


@dataclass(frozen=True)
class Company:
    """A company and the ways people write it."""

    name: str  # as most contacts write it
    legal: str = "SAS"  # its legal form, added in upper-case spellings
    extended: tuple[str, ...] = ()  # "Groupe X", "X France"
    short: tuple[str, ...] = ()  # "SocGen", "BNP", "Dassault"
    domain: str = ""  # the work email domain
    staff: int = 10  # real head count, in thousands for the large ones (strangers come from it)


LARGE = [
    Company("Orange", "SA", ("Groupe Orange", "Orange Business"), (), "orange.com", 130_000),
    Company("SNCF", "SA", ("Groupe SNCF", "SNCF Voyageurs"), (), "sncf.fr", 270_000),
    Company("BNP Paribas", "SA", ("Groupe BNP Paribas", "BNP Paribas Cardif"), ("BNP",),
            "bnpparibas.com", 180_000),
    Company("Société Générale", "SA", ("Groupe Société Générale", "Société Générale CIB"),
            ("SocGen", "SG"), "socgen.com", 117_000),
    Company("Crédit Agricole", "SA", ("Groupe Crédit Agricole", "Crédit Agricole Bretagne"), (),
            "credit-agricole.fr", 150_000),
    Company("Crédit Mutuel", "SA", ("Crédit Mutuel Alliance Fédérale",), (),
            "creditmutuel.fr", 80_000),
    Company("Dassault Systèmes", "SE", ("Dassault Systèmes France",), ("Dassault", "3DS"),
            "3ds.com", 23_000),
    Company("Capgemini", "SE", ("Capgemini Invent", "Groupe Capgemini"), (),
            "capgemini.com", 340_000),
    Company("EDF", "SA", ("Groupe EDF", "EDF Renouvelables"), (), "edf.fr", 170_000),
    Company("La Poste", "SA", ("Groupe La Poste",), (), "laposte.fr", 240_000),
    Company("Air France", "SA", ("Air France-KLM",), ("AF",), "airfrance.fr", 45_000),
    Company("L'Oréal", "SA", ("Groupe L'Oréal", "L'Oréal Paris"), (), "loreal.com", 88_000),
    Company("Schneider Electric", "SE", ("Schneider Electric France",), ("Schneider",),
            "se.com", 150_000),
    Company("Saint-Gobain", "SA", ("Compagnie de Saint-Gobain", "Groupe Saint-Gobain"), (),
            "saint-gobain.com", 160_000),
    Company("TotalEnergies", "SE", ("TotalEnergies Marketing France",), ("Total",),
            "totalenergies.com", 100_000),
    Company("Thales", "SA", ("Thales Group", "Thales Alenia Space"), (), "thalesgroup.com",
            80_000),
    Company("Renault", "SA", ("Groupe Renault", "Renault Group"), (), "renault.com", 105_000),
    Company("Accenture", "SAS", ("Accenture France",), (), "accenture.com", 700_000),
    Company("Deloitte", "SAS", ("Deloitte France", "Deloitte Conseil"), (), "deloitte.fr",
            450_000),
    Company("PricewaterhouseCoopers", "SAS", ("PricewaterhouseCoopers France",), ("PwC",),
            "pwc.com", 360_000),
    Company("Microsoft", "Inc", ("Microsoft France",), (), "microsoft.com", 220_000),
    Company("IBM", "Inc", ("IBM France",), (), "ibm.com", 280_000),
    Company("Decathlon", "SA", ("Decathlon France",), (), "decathlon.com", 100_000),
    Company("Leroy Merlin", "SA", ("Leroy Merlin France",), (), "leroymerlin.fr", 30_000),
    Company("Ubisoft", "SA", ("Ubisoft Paris",), (), "ubisoft.com", 20_000),
    Company("Michelin", "SCA", ("Groupe Michelin",), (), "michelin.com", 130_000),
    Company("Sopra Steria", "SA", ("Sopra Steria Group",), ("Sopra",), "soprasteria.com",
            55_000),
    Company("Bouygues Telecom", "SA", ("Bouygues Telecom Entreprises",), ("Bytel",),
            "bouyguestelecom.fr", 10_000),
    Company("Banque Populaire", "SA", ("Banque Populaire Grand Ouest",), (),
            "banquepopulaire.fr", 30_000),
    Company("Caisse d'Épargne", "SA", ("Caisse d'Épargne Île-de-France",), (),
            "caisse-epargne.fr", 35_000),
]  # fmt: skip

TRADES = (  # noqa: SIM905 - small firms are named "<trade> <name>" or "<name> <trade>"
    "Conseil Distribution Transports Bâtiment Immobilier Assurances Menuiserie Pharmacie "
    "Boulangerie Imprimerie Logistique Électricité Plomberie Informatique Formation Voyages "
    "Architecture Paysages Avocats Expertise Comptable Communication Études Ingénierie"
).split()
SMALL_LEGAL = ["SARL", "SAS", "SASU", "EURL", "SA", "Ltd"]


def _ranked_weights(count: int, exponent: float) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


FEMALE_ENDINGS = ["ine", "ette", "elle", "a", "ie", "ane", "ise", "ence", "lys", "ola"]
MALE_ENDINGS = ["ien", "ic", "an", "el", "o", "ard", "is", "in", "ert", "ond"]
GIVEN_SYLLABLES = "ma li lo na so ro be ca de ga ju la me ne sa se ty va yo za ki mi no".split()  # noqa: SIM905


def tail_given(rng: random.Random, sex: str) -> str:
    """A rarer first name: a syllable or two and an ending of its sex ("Lorine", "Caric")."""
    start = rng.choice(GIVEN_SYLLABLES) + (
        rng.choice(GIVEN_SYLLABLES) if rng.random() < 0.5 else ""
    )
    return (start + rng.choice(FEMALE_ENDINGS if sex == "f" else MALE_ENDINGS)).capitalize()


def tail_family(rng: random.Random) -> str:
    """A rare surname: two syllables and an ending, French or Breton in sound."""
    return (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(ENDINGS)).capitalize()


class Population:
    """Draws people the way an address book (or an inbox) meets them."""

    COMMON_SHARE = 0.12  # people whose surname is among the ranked ones (the rest: the tail)
    RANKED_GIVEN_SHARE = 0.5  # people whose first name is among the ranked ones

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        french = FRENCH_FAMILY
        self.french_family = (french, _cumulative(_ranked_weights(len(french), 0.6)))
        self.english_family = (
            ENGLISH_FAMILY,
            _cumulative(_ranked_weights(len(ENGLISH_FAMILY), 0.6)),
        )
        self.given = {
            ("fr", "f"): (FRENCH_WOMEN, _cumulative(_ranked_weights(len(FRENCH_WOMEN), 0.5))),
            ("fr", "m"): (FRENCH_MEN, _cumulative(_ranked_weights(len(FRENCH_MEN), 0.5))),
            ("en", "f"): (ENGLISH_WOMEN, _cumulative(_ranked_weights(len(ENGLISH_WOMEN), 0.5))),
            ("en", "m"): (ENGLISH_MEN, _cumulative(_ranked_weights(len(ENGLISH_MEN), 0.5))),
        }
        self.cities = (CITIES, _cumulative(_ranked_weights(len(CITIES), 0.7)))

    @property
    def women(self) -> set[str]:
        """The women's first names this population draws from its lists."""
        return set(FRENCH_WOMEN) | set(ENGLISH_WOMEN)

    def _pick(self, table) -> str:
        names, cumulative = table
        return self.rng.choices(names, cum_weights=cumulative)[0]

    def person(self) -> tuple[str, str, str, str]:
        """(given name, family name, sex, language)."""
        language = "fr" if self.rng.random() < 0.78 else "en"
        sex = "f" if self.rng.random() < 0.5 else "m"
        given = self.given_name(sex, language)
        roll = self.rng.random()
        if roll < 0.03:
            family = self.rng.choice(PARTICLE_FAMILY)
        elif roll < self.COMMON_SHARE:
            family = self._pick(self.french_family if language == "fr" else self.english_family)
        else:
            family = tail_family(self.rng)
        if self.rng.random() < 0.01:  # a double-barrelled name
            family = f"{family}-{self._pick(self.french_family)}"
        return given, family, sex, language

    def given_name(self, sex: str, language: str = "fr") -> str:
        if self.rng.random() < self.RANKED_GIVEN_SHARE:
            return self._pick(self.given[(language, sex)])
        return tail_given(self.rng, sex)

    def family_name(self) -> str:
        if self.rng.random() < self.COMMON_SHARE:
            return self._pick(self.french_family)
        return tail_family(self.rng)

    def city(self) -> str:
        return self._pick(self.cities)


def small_company(rng: random.Random, population: Population) -> Company:
    """A firm of a few people: "Menuiserie Kerjean SARL", "Dupuis Conseil"."""
    owner = population.family_name()
    trade = rng.choice(TRADES)
    form = rng.random()
    if form < 0.4:
        name = f"{trade} {owner}"
    elif form < 0.7:
        name = f"{owner} {trade}"
    elif form < 0.85:
        name = f"Cabinet {owner} & Associés"
    else:
        name = f"Atelier {owner}"
    domain = name.split()[0 if form >= 0.4 and form < 0.7 else -1].lower()
    domain = f"{domain}-{trade.lower()}.fr".replace("é", "e").replace("è", "e")
    return Company(name, rng.choice(SMALL_LEGAL), (f"{name} France",), (owner,), domain, 0)
