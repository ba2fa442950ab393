"""First names that stand for the same person: short forms, nicknames, French/English pairs.

Each line of ``GROUPS`` is one name with its sex and the forms people use for it; the first
name is the group's key. The table is many-to-many: a short form may stand for several names
("Pat" for Patrick and Patricia, "Alex" for Alexandre and Alexandra), and the two sexes stay
apart (Laurent and Laurence, Emmanuel and Emmanuelle are different names). A compound name
("Jean-Pierre") is written with its hyphen and its initials ("JP"). Names are folded.
"""

from network.text import fold

GROUPS = """
m robert bob bobby rob robbie
m william bill billy will willy liam guillaume
m james jim jimmy jamie jacques jacquot
m michael mike mikey michel mick
m thomas tom tommy thom
m daniel dan danny dany
m david dave davy
m christopher chris kit christophe kris
m christian chris
f christine chris christie
f christelle chris
m nicolas nick nicky nico nicholas
m alexandre alex alexander sacha alexis
f alexandra alex sandra alexandrine sacha
m emmanuel manu
f emmanuelle manue manu
m frederic fred freddy frederick
f frederique fred
m sebastien seb sebastian
m stephane steph stephen steve steven stephan
f stephanie steph stefanie fanny
f nathalie nath natalie natasha
f valerie val
m valentin val
f valentine val
f veronique vero veronica
f florence flo
m florian flo
m maxime max maximilien maxim
m matthieu matt mathieu matthew mat
m antoine tony anthony antony toine
m samuel sam sammy
f samantha sam sammy
m benjamin ben benji
m benoit ben
m gregoire greg gregory
m gregory greg
m patrick pat paddy patou
f patricia pat patty trish patou
f isabelle isa isabel isabella bella
m joseph jo joe jojo
f josephine jo josie
f johanna jo
m charles charlie charly chuck
f charlotte charlie lotte cha
m louis lou loulou
f louise lou
m pierre peter pete pierrot
m jean john johnny jeannot
f jeanne jane jeannette
f marguerite margaret maggie peggy margot meg
f margaret maggie peggy meg
m francois
m frank franck
f francoise francine fanfan
m philippe phil philip phillip
m edouard edward ed eddie ted
m henri henry harry riri
m richard rick ricky dick richie
f anne annie ann anna
f helene helen ellen
f caroline caro carol carole
f virginie ginny virginia
m dominique dom domi
f dominique dom domi
m laurent lolo
f laurence lolo laurie
f catherine cathy kate katie cat catou kathy katherine cath
f katherine kate katie kathy cathy kat
f elizabeth liz lizzie beth betty eliza elisabeth babette lisa
f jennifer jenny jen jenn
f kimberly kim
f rebecca becky becca
f deborah debbie deb debora
f pamela pam
f victoria vicky vic
f jacqueline jackie jacky
m jacques jacky
f susan sue suzy susie suzanne
f sandrine sandy
f sandra sandy
m yannick yann
m yann yannick
m jeffrey jeff geoffrey
m geoffrey jeff geoff
m jerome jerem
m jeremy jerem jeremie
m mickael mika mike michael
m mathieu mat matt
m timothy tim timothee
m kenneth ken kenny
m andrew andy drew andre
m jonathan jon jonny johnny
m edward ed eddie ted ned
m clement clem
f clemence clem
f melanie mel
f elodie elo
f beatrice bea
f mathilde mathou
f elise lili
f aurelie aurel
f severine sev
f gwenaelle gwen
f gwendoline gwen
m gwenael gwen
m guillaume guigui
m vincent vince vinnie
m olivier olive
m raphael raph
m jean-pierre jp
m jean-francois jf
m jean-luc jl
m jean-marc jm
m jean-michel jm
m jean-claude jc
m jean-louis jl
m jean-baptiste jb
m jean-philippe jp
m jean-christophe jc
f marie-christine
f marie-claire
f marie-laure
f marie-pierre
f marie-jose mariejo
f marie-helene
f marie-france
f anne-sophie
f anne-laure
f anne-marie
""".strip()

# Other usual first names, only for the sex they say (a change of family name is far more
# often a woman's) and to tell a compound first name written without its hyphen.
WOMEN = (  # noqa: SIM905
    "marie sylvie sophie julie celine camille martine laura sarah lea manon pauline claire "
    "lucie chloe emma agnes corinne pascale karine audrey marion delphine nadine brigitte "
    "monique nicole chantal annie odile anais juliette margaux justine solene armelle maelle "
    "noemie albane mary linda barbara karen nancy lisa ashley emily donna michelle amanda "
    "melissa sharon cynthia kathleen amy angela pamela emma rachel janet olivia kelly lauren "
    "megan sophia natalie veronica imogen philippa jennie helen anna christelle sylvia "
    "laure sandrine cecile colette elise sabine ines eva alice zoe jade louise"
).split()
MEN = (  # noqa: SIM905
    "jean pierre michel philippe nicolas christophe julien olivier thierry eric patrick "
    "pascal alain bruno didier gilles herve yves marc paul claude hugo lucas louis arnaud "
    "cedric fabien damien anthony sylvain xavier patrice romain quentin adrien gael erwan "
    "ronan tugdual aymeric enguerrand john george brian kevin jason ryan jacob gary eric "
    "justin scott frank jack peter oliver harry alistair mark steven paul joshua luc marc "
    "bernard gerard rene andre roger francis denis franck laurent vincent"
).split()
# A first word that often starts a compound first name ("Jean Pierre Martin").
COMPOUND_HEADS = {"jean", "marie", "anne", "pierre", "paul", "louis", "charles", "marc"}


def _build() -> tuple[dict[str, set[str]], dict[str, str]]:
    groups: dict[str, set[str]] = {}
    sexes: dict[str, str] = {}
    for line in GROUPS.splitlines():
        sex, *names = line.split()
        names = [fold(name) for name in names]  # "jean-pierre" → "jean pierre"
        canonical = names[0]
        sexes.setdefault(canonical, sex)
        for name in names:
            groups.setdefault(name, set()).add(canonical)
    for names, sex in ((WOMEN, "f"), (MEN, "m")):
        for name in names:
            sexes.setdefault(name, sex)
    return groups, sexes


GIVEN_GROUPS, SEXES = _build()
KNOWN_GIVEN = set(GIVEN_GROUPS) | set(SEXES)


def given_keys(given: str) -> set[str]:
    """The keys a first name is compared by: the names it may stand for (several for "Pat"),
    else the folded name itself."""
    folded = fold(given)
    return set(GIVEN_GROUPS.get(folded, ())) | {folded} if folded else set()


def same_person_names(one: str, other: str) -> bool:
    """Whether two first names may be the same person's (equal, or one a short form of the
    other's name, of the same sex)."""
    return bool(given_keys(one) & given_keys(other))


def sex_of(given: str) -> str:
    """ "f", "m", or "" when the first name does not say."""
    folded = fold(given)
    if folded in SEXES:
        return SEXES[folded]
    canonicals = GIVEN_GROUPS.get(folded, set())
    found = {SEXES.get(name, "") for name in canonicals}
    return found.pop() if len(found) == 1 else ""
