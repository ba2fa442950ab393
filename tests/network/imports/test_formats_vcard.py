"""vCards from Apple, Android, Google and Outlook become contacts; photos never get in the way."""

import pytest

from network.imports.detect import sniff
from network.imports.formats.vcard import MAX_VALUE, parse_line, split_escaped
from network.imports.records import BlankRow, ContactRecord, FileRefused, RowError
from tests.network.imports.helpers import FIXTURES, read_all, write


def test_apple_card_with_groups_escapes_folds_and_a_photo():
    ada, blank, kestrel = read_all(FIXTURES / "apple.vcf")
    assert isinstance(ada, ContactRecord)
    assert ada.row == 1
    assert (ada.given_name, ada.family_name) == ("Adaeze", "Okonkwo-Berg")
    assert ada.display_name == "Dr. Adaeze Okonkwo-Berg"
    assert ada.company == "Lumen, Fog & Partners"
    assert ada.position == "Director of Studies"
    assert ada.city == "Lyon"
    assert ada.emails == [
        ("ada@lumen-fog.example", "other"),
        ("a.okonkwo@lumen-fog.example", "work"),
    ]
    assert ada.phones == [("+33 6 12 34 56 78", "mobile"), ("+44 20 7946 0000", "other")]
    assert ada.profiles == [
        "https://www.linkedin.com/in/adaeze-okonkwo-berg",
        "https://twitter.com/adaobg",
    ]
    assert ada.former_names == [("Ada", "nickname"), ("Dede", "nickname"), ("Okonkwo", "maiden")]
    assert ada.categories == ["Conference", "Alumni"]
    assert ada.notes == (
        "Met at the Lyon data meetup, spring 2024.\nLikes long emails: nonetheless answers fast."
    )
    assert blank == BlankRow(row=2)
    assert kestrel.display_name == "Kestrel Analytics"
    assert (kestrel.given_name, kestrel.family_name) == ("", "")
    assert kestrel.row == 3


def test_android_quoted_printable_with_charset_and_soft_line_breaks():
    eloise, jorg = read_all(FIXTURES / "android.vcf")
    assert (eloise.given_name, eloise.family_name) == ("Éloïse", "Åström")
    assert eloise.display_name == "Éloïse Åström"
    assert eloise.company == "Bageri Söder"
    assert eloise.notes == (
        "Rencontrée à la fête du quartier, très sympathique; parle français et suédois."
    )
    assert eloise.phones == [("+46701234567", "mobile"), ("+4681234567", "home")]
    assert eloise.emails == [("eloise.astrom@example.se", "personal")]
    assert eloise.former_names == [("Lolo", "nickname")]
    # Latin-1 bytes in a quoted-printable value that says so.
    assert (jorg.given_name, jorg.family_name) == ("Jörg", "Müller")
    assert jorg.phones == [("+49 30 1234567", "work")]


def test_vcard_4_and_outlook_2_1():
    mateus, jean = read_all(FIXTURES / "outlook_v4.vcf")
    assert mateus.phones == [("+351-912-345-678", "mobile"), ("+351-213-000-000", "work")]
    assert mateus.position == "Sales; Export"
    assert mateus.city == "Porto"
    assert mateus.profiles == ["https://www.facebook.com/mateus.fsilva"]
    assert (jean.given_name, jean.family_name) == ("Jean-Baptiste", "Lefèvre")
    assert jean.company == "Mairie de Quimper"
    assert jean.city == "Quimper"
    assert jean.emails == [("jb.lefevre@quimper.example", "other")]


@pytest.mark.parametrize(
    ("name", "version"), [("apple.vcf", "3.0"), ("android.vcf", "2.1"), ("outlook_v4.vcf", "4.0")]
)
def test_sniffed_as_vcard_with_its_version(name, version):
    found = sniff(FIXTURES / name)
    assert (found.format, found.version, found.kind) == ("vcard", version, "contacts")
    assert found.label == f"vCard {version}"


def test_card_without_end_at_the_end_of_the_file_is_truncated(tmp_path):
    path = write(tmp_path, "c.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lima\nEND:VCARD\n"
                 "BEGIN:VCARD\nVERSION:3.0\nFN:Rui Costa\n")  # fmt: skip
    with pytest.raises(FileRefused, match="cut short"):
        read_all(path)


def test_card_without_end_before_the_next_is_a_row_error(tmp_path):
    path = write(tmp_path, "c.vcf", "BEGIN:VCARD\nFN:Ana Lima\nBEGIN:VCARD\nFN:Rui Costa\n"
                 "END:VCARD\n")  # fmt: skip
    error, rui = read_all(path)
    assert isinstance(error, RowError) and error.row == 1
    assert (rui.row, rui.display_name) == (2, "Rui Costa")


def test_huge_photo_on_one_line_is_skipped_and_huge_note_is_an_error(tmp_path):
    photo = "A" * (3 * MAX_VALUE)
    path = write(
        tmp_path,
        "c.vcf",
        f"BEGIN:VCARD\nFN:Ana Lima\nPHOTO:data:image/jpeg;base64,{photo}\nEND:VCARD\n"
        f"BEGIN:VCARD\nFN:Rui Costa\nNOTE:{photo}\nEND:VCARD\n"
        "BEGIN:VCARD\nFN:Eva Roy\nEND:VCARD\n",
    )
    ana, rui, eva = read_all(path)
    assert ana.display_name == "Ana Lima"
    assert isinstance(rui, RowError) and rui.row == 2
    assert eva.display_name == "Eva Roy"


def test_utf16_vcard_from_windows(tmp_path):
    path = write(tmp_path, "c.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Çelik;Ayşe\r\nEND:VCARD\r\n",
                 "utf-16")  # fmt: skip
    (ayse,) = read_all(path)
    assert (ayse.given_name, ayse.family_name) == ("Ayşe", "Çelik")


def test_parse_line_keeps_colons_in_quoted_parameters_and_groups():
    prop = parse_line('item4.ADR;LABEL="a:b";TYPE=home,pref:;;Main St;Town;;;')
    assert (prop.group, prop.name) == ("item4", "ADR")
    assert prop.types == ["home", "pref"]
    assert prop.value == ";;Main St;Town;;;"
    assert parse_line("no colon here") is None


def test_split_escaped():
    assert split_escaped(r"a\,b,c\;d\:e\\f\nx", ",") == ["a,b", "c;d:e\\f\nx"]


def test_card_vobject_cannot_parse_is_a_row_error_and_the_next_card_is_read(tmp_path):
    path = write(tmp_path, "c.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lima\nNOTE has no colon\n"
                 "END:VCARD\nBEGIN:VCARD\nFN:Rui Costa\nBEGIN:X-AGENT\nEND:VCARD\n"
                 "BEGIN:VCARD\nVERSION:3.0\nFN:Eva Roy\nEND:VCARD\n")  # fmt: skip
    ana, rui, eva = read_all(path)
    assert isinstance(ana, RowError) and ana.row == 1
    assert "NOTE has no colon" in ana.reason
    assert isinstance(rui, RowError) and rui.row == 2
    assert "BEGIN" in rui.reason
    assert (eva.row, eva.display_name) == (3, "Eva Roy")


def test_unescaped_commas_of_a_vcard_2_1_are_kept(tmp_path):
    path = write(tmp_path, "c.vcf", "BEGIN:VCARD\nVERSION:2.1\nFN:Roy, Eva\nTITLE:Sales, Export\n"
                 "NOTE:Met in Lyon, spring 2024, at the meetup.\nNICKNAME:Evie,E.\n"
                 "END:VCARD\n")  # fmt: skip
    (eva,) = read_all(path)
    assert eva.display_name == "Roy, Eva"
    assert eva.position == "Sales, Export"
    assert eva.notes == "Met in Lyon, spring 2024, at the meetup."
    assert eva.former_names == [("Evie", "nickname"), ("E.", "nickname")]


def test_quoted_printable_with_an_unknown_charset_line_breaks_and_crlf(tmp_path):
    path = write(tmp_path, "c.vcf", "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Roy;Eva\r\n"
                 "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=x-unknown:Caf=C3=A9, two=0D=0ALine =\r\n"
                 "three\r\nEND:VCARD\r\n")  # fmt: skip
    (eva,) = read_all(path)
    assert eva.notes == "Café, two\nLine three"


def test_unindented_base64_photo_of_a_vcard_2_1_and_profile_line_are_dropped(tmp_path):
    path = write(tmp_path, "c.vcf", "BEGIN:VCARD\nVERSION:2.1\nPROFILE:VCARD\nN:Roy;Eva\n"
                 "PHOTO;ENCODING=BASE64;TYPE=JPEG:\nAAAABBBBCCCC\nDDDDEEEE==\n\n"
                 "EMAIL;INTERNET:eva@roy.example\nEND:VCARD\n")  # fmt: skip
    (eva,) = read_all(path)
    assert (eva.given_name, eva.family_name) == ("Eva", "Roy")
    assert eva.emails == [("eva@roy.example", "other")]
