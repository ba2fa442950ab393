"""Google and Outlook CSVs are read by their column titles; any other CSV through a mapping."""

from datetime import date

import pytest

from network.imports.detect import sniff
from network.imports.records import BlankRow, ContactRecord, FileRefused, RowError
from tests.network.imports.helpers import FIXTURES, read_all, write


def test_google_current_export():
    assert sniff(FIXTURES / "google_contacts.csv").format == "google_csv"
    sofia, blank, tomasz = read_all(FIXTURES / "google_contacts.csv")
    assert isinstance(sofia, ContactRecord)
    assert (sofia.given_name, sofia.family_name) == ("Sofía", "Restrepo")
    assert (sofia.company, sofia.position, sofia.city) == ("Café Andino", "Roaster", "Medellín")
    assert sofia.notes == "Met at the roasting class,\nsecond row of the notes"
    assert sofia.emails == [
        ("sofia@andino.example", "work"),
        ("sofia.r@andino.example", "work"),
        ("sofia.home@example.com", "personal"),
    ]
    assert sofia.phones == [("+57 300 000 0000", "mobile")]
    assert sofia.profiles == ["https://www.linkedin.com/in/sofia-restrepo"]
    assert sofia.former_names == [("Sofi", "nickname")]
    assert sofia.categories == ["Coffee people"]
    # Rows as a spreadsheet counts them: row 2's two-line note is one row.
    assert blank == BlankRow(row=3)
    assert tomasz.row == 4
    assert tomasz.phones == [("+48 22 000 00 00", "work")]
    assert tomasz.categories == []


def test_google_legacy_export_maiden_name_becomes_a_former_name():
    assert sniff(FIXTURES / "google_legacy.csv").format == "google_csv"
    (ingrid,) = read_all(FIXTURES / "google_legacy.csv")
    assert (ingrid.given_name, ingrid.family_name) == ("Ingrid", "Solberg")
    assert ingrid.display_name == "Ingrid Solberg"
    assert ingrid.former_names == [("Inga", "nickname"), ("Haugen", "maiden")]
    assert (ingrid.company, ingrid.position, ingrid.city) == ("Nordlys AS", "Architect", "Oslo")
    assert ingrid.emails == [("ingrid@solberg.example", "personal")]
    assert ingrid.categories == ["My Contacts", "Choir"]


def test_outlook_english_titles():
    assert sniff(FIXTURES / "outlook_en.csv").format == "outlook_csv"
    (graham,) = read_all(FIXTURES / "outlook_en.csv")
    assert (graham.given_name, graham.family_name) == ("Graham", "McAllister")
    assert (graham.company, graham.position) == ("Thistle Ltd", "Operations Manager")
    assert graham.city == "Edinburgh"
    assert graham.emails == [("graham@thistle.example", "other")]
    assert graham.phones == [("+44 7700 900123", "mobile"), ("+44 131 000 0000", "work")]
    assert graham.categories == ["Suppliers", "Golf club"]
    assert graham.notes == "Prefers phone calls"


def test_outlook_french_titles_in_cp1252(tmp_path):
    header = (
        "Titre,Prénom,Deuxième prénom,Nom,Suffixe,Société,Service,Fonction,Rue (bureau),"
        "Ville (bureau),Code postal (bureau),Téléphone (bureau),Tél. mobile,"
        "Adresse de messagerie,Catégories,Notes,Surnom"
    )
    row = (
        "Mme,Hélène,,Dubœuf,,Vignobles Dubœuf,Export,Responsable export,2 rue des Vignes,"
        "Mâcon,71000,03 85 00 00 00,06 12 00 00 00,helene@duboeuf.example,Clients;Salon,,Léna"
    )
    path = write(tmp_path, "contacts.CSV", f"{header}\r\n{row}\r\n", "cp1252")
    found = sniff(path)
    assert (found.format, found.encoding) == ("outlook_csv", "cp1252")
    (helene,) = read_all(path)
    assert (helene.given_name, helene.family_name) == ("Hélène", "Dubœuf")
    assert (helene.company, helene.position, helene.city) == (
        "Vignobles Dubœuf",
        "Responsable export",
        "Mâcon",
    )
    assert helene.phones == [("03 85 00 00 00", "work"), ("06 12 00 00 00", "mobile")]
    assert helene.emails == [("helene@duboeuf.example", "other")]
    assert helene.categories == ["Clients", "Salon"]
    assert helene.former_names == [("Léna", "nickname")]


GENERIC = (
    "Nom;Prénom;Courriel;Autre courriel;Boîte;Rencontré le;Profil;Ignoré\n"
    "Roy;Éva;eva@example.org;eva.roy@example.net;Atelier Roy;2021-05-04;"
    "https://www.linkedin.com/in/eva-roy;x\n"
    ";;;;;;;y\n"
    "Blanc;Léo;;;;le 4 mai;;\n"
)
MAPPING = {
    "Nom": "family_name",
    "Prénom": "given_name",
    "Courriel": "email",
    "Autre courriel": "email",
    "Boîte": "company",
    "Rencontré le": "connected_on",
    "Profil": "profile",
    "Ignoré": "",
}


def test_generic_csv_through_a_mapping(tmp_path):
    path = write(tmp_path, "people.csv", GENERIC)
    eva, blank, error = read_all(path, MAPPING)
    assert (eva.given_name, eva.family_name, eva.company) == ("Éva", "Roy", "Atelier Roy")
    assert eva.emails == [("eva@example.org", "other"), ("eva.roy@example.net", "other")]
    assert eva.connected_on == date(2021, 5, 4)
    assert eva.profiles == ["https://www.linkedin.com/in/eva-roy"]
    assert blank == BlankRow(row=3)
    assert isinstance(error, RowError) and error.row == 4
    assert "le 4 mai" in error.reason


@pytest.mark.parametrize("mapping", [None, {}, {"Nom": ""}, {"Nom": "password"}])
def test_generic_csv_without_a_usable_mapping_is_refused(tmp_path, mapping):
    path = write(tmp_path, "people.csv", GENERIC)
    with pytest.raises(FileRefused, match="which column"):
        read_all(path, mapping)
