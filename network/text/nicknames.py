"""First names that stand for the same person: short forms, nicknames, French/English pairs.

Each line is one group; every name of a group maps to the group's first name, which serves as
the comparison key ("Bob" and "Robert" both give "robert"). Names are folded (no accents).
"""

from network.text import fold

GROUPS = """
robert bob bobby rob robbie
catherine kate katie cathy kathy katherine cat catou
william bill billy will willy liam guillaume
james jim jimmy jamie jacques
michael mike mikey michel
elizabeth liz lizzie beth betty eliza elisabeth babette
thomas tom tommy thom
daniel dan danny dany
david dave davy
christopher chris kit christophe
nicolas nick nicky nico nicholas
alexandre alex alexander sacha alexis
alexandra alex sandra alexandrine
emmanuel manu emmanuelle
jean-francois jf
jean-pierre jp
jean-marc jm
jean-baptiste jb
marie-jose mariejo
frederic fred freddy frederick frederique
sebastien seb sebastian
stephane steph stephen steve steven stephan
stephanie steph stefanie fanny
nathalie nath natalie natasha
valerie val
florence flo
florian flo
maxime max maximilien maxim
matthieu matt mathieu matthew mat
antoine tony anthony antony
samuel sam sammy
samantha sam sammy
benjamin ben benji
benoit ben
gregoire greg gregory
patrick pat paddy
patricia pat patty trish
isabelle isa isabel isabella bella
joseph jo joe jojo
josephine jo josie
charles charlie charly chuck
charlotte charlie lotte
louis lou loulou
louise lou
pierre peter pete pierrot
jean john johnny jeannot
jeanne jane jeannette
marguerite margaret maggie peggy margot
francois frank franck francis
francoise francine fanfan
philippe phil philip phillip
edouard edward ed eddie ted
henri henry harry riri
richard rick ricky dick
anne annie ann anna
helene helen ellen
caroline caro carol carole
virginie ginny virginia
dominique dom domi
laurent laurence laurie
""".strip()


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in GROUPS.splitlines():
        # Hyphenated names ("jean-francois") fold to two words: that is the key they match.
        names = [fold(name) for name in line.split()]
        canonical = names[0]
        for name in names:
            table.setdefault(name, canonical)
    return table


CANONICAL = _build()


def given_key(given: str) -> str:
    """The comparison key of a first name: its group's name, else the folded name itself."""
    folded = fold(given)
    return CANONICAL.get(folded, folded)
