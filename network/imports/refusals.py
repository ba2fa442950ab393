"""The sentences a refused file or a rejected row is reported with, in the active language.

Functions rather than constants so that each sentence is translated when it is raised (the
upload view runs in the user's language; a worker activates the import owner's).
"""

from __future__ import annotations

from django.utils.translation import gettext


def empty() -> str:
    return gettext("This file is empty.")


def binary() -> str:
    return gettext(
        "This file is not text: Netcurate reads CSV, vCard (.vcf), Facebook JSON and ZIP exports."
    )


def unknown() -> str:
    return gettext(
        "Netcurate does not recognise this file: it reads CSV, vCard (.vcf), Facebook JSON "
        "and ZIP exports."
    )


def undecodable() -> str:
    return gettext("The characters of this file could not be read: save it as UTF-8 and try again.")


def truncated() -> str:
    return gettext(
        "This file stops in the middle of a record, as if it had been cut short: please export "
        "it again and upload the new copy."
    )


def invalid_json() -> str:
    return gettext(
        "This JSON file is damaged or cut short: please download the export again and upload "
        "the new copy."
    )


def json_unknown() -> str:
    return gettext(
        "This JSON file is neither a Facebook friends list nor a list of friend requests."
    )


def damaged_zip() -> str:
    return gettext("This ZIP archive is damaged: please download the export again.")


def empty_zip() -> str:
    return gettext(
        "This ZIP archive holds no file Netcurate reads (such as Connections.csv, "
        "Invitations.csv, a .vcf file or Facebook's friends JSON)."
    )


def office() -> str:
    return gettext("This is a spreadsheet workbook: please save it as CSV and upload the CSV.")


def no_mapping() -> str:
    return gettext("Please say which column holds what before importing this file.")


# Why a member of an archive was not read (shown after its name).


def encrypted() -> str:
    return gettext("protected by a password")


def too_large() -> str:
    return gettext("too large once uncompressed")


def not_read() -> str:
    return gettext("not a file Netcurate reads")


def too_many_files() -> str:
    return gettext("not read: the archive holds too many files")
