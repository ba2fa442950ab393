"""The invitation emails page: several .eml files uploaded at once and a report per file;
a mailbox connected (its login tried first), its password stored encrypted, never shown,
kept when left blank only while it goes to the same server; test, poll now, disconnect."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.mailbox import views
from network.mailbox.models import Mailbox
from network.models import ConnectionRequest
from tests.network.mailbox.conftest import email, mailbox_for

pytestmark = pytest.mark.django_db


def eml(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, email(name) if content is None else content, "message/rfc822")


def upload(client, *files):
    return client.post(reverse("email_upload"), {"files": list(files)})


def test_an_upload_of_several_files_reports_each_outcome(login, alice, team):
    response = upload(
        login(alice),
        eml("linkedin_en.eml"),
        eml("instagram_fr.eml"),
        eml("linkedin_en.eml", email("linkedin_en.eml").replace(b"<linkedin_en.0@", b"<again@")),
        eml("other_personal.eml"),
        eml("broken_base64.eml"),
        eml("notes.eml", b"nothing but words\n"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    requests = ConnectionRequest.objects.filter(team=team)
    assert requests.count() == 2
    assert set(requests.values_list("owner", flat=True)) == {alice.pk}
    report = response.context["report"]
    named = {outcome: [row[0] for row in rows] for outcome, rows in report}
    assert named == {
        "new": ["linkedin_en.eml", "instagram_fr.eml"],
        "duplicate": ["linkedin_en.eml"],
        "other": ["other_personal.eml"],
        "unreadable": ["broken_base64.eml", "notes.eml"],
    }
    assert "broken base64" in body and "no sender and no subject" in body
    marie = requests.get(handle="marie-lefebvre-4a1b2c")
    assert reverse("request_detail", args=[marie.pk]) in body


def test_uploading_the_same_file_again_adds_nothing(login, alice, team):
    client = login(alice)
    upload(client, eml("facebook_fr.eml"))
    response = upload(client, eml("facebook_fr.eml"))
    assert [len(rows) for _outcome, rows in response.context["report"]] == [0, 1, 0, 0]
    assert ConnectionRequest.objects.filter(team=team).count() == 1


def test_a_file_over_the_limit_is_not_read(login, alice, team, monkeypatch):
    monkeypatch.setattr(views, "FILE_MAX_BYTES", 1000)
    response = upload(login(alice), eml("linkedin_en.eml"), eml("other_personal.eml"))
    report = dict(response.context["report"])
    assert [row[0] for row in report["unreadable"]] == ["linkedin_en.eml"]
    assert "not read" in report["unreadable"][0][2]
    assert not ConnectionRequest.objects.exists()


def test_an_upload_over_the_total_limit_is_refused_before_reading(login, alice, monkeypatch):
    monkeypatch.setattr(views, "UPLOAD_MAX_BYTES", 2000)
    response = upload(login(alice), eml("linkedin_en.eml"), eml("linkedin_fr.eml"))
    assert response.status_code == 413
    assert not ConnectionRequest.objects.exists()


def test_no_file_chosen_is_said(login, alice):
    response = login(alice).post(reverse("email_upload"), {})
    assert response.status_code == 422
    assert "Choose one or more .eml files." in response.content.decode()


def test_a_read_only_member_sees_the_page_but_cannot_upload(login, alice, carol, team):
    client = login(carol)
    page = client.get(reverse("email_page")).content.decode()
    assert reverse("email_upload") not in page and reverse("mailbox_connect") not in page
    assert upload(client, eml("linkedin_en.eml")).status_code == 403
    assert not ConnectionRequest.objects.exists()


def connect_data(server, **changes) -> dict:
    data = {
        "host": server.host,
        "port": server.port,
        "security": "plain",
        "username": server.user,
        "password": server.password,
        "folder": "INBOX",
    }
    data.update(changes)
    return data


def test_connecting_logs_in_first_and_stores_the_password_encrypted(
    login, alice, team, imap_server, django_capture_on_commit_callbacks
):
    client = login(alice)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("mailbox_connect"), connect_data(imap_server))
    assert response.status_code == 302
    mailbox = Mailbox.objects.get(team=team)
    assert mailbox.connected_by == alice and mailbox.is_connected
    assert imap_server.password not in mailbox.password_encrypted
    assert mailbox.password() == imap_server.password
    assert len(queued) == 1  # the first poll, once the row is committed
    form = client.get(reverse("mailbox_edit", args=[mailbox.pk])).content.decode()
    assert imap_server.password not in form and mailbox.password_encrypted not in form
    page = client.get(reverse("email_page")).content.decode()
    assert imap_server.password not in page


def test_a_refused_login_saves_nothing_and_says_why(login, alice, imap_server):
    response = login(alice).post(
        reverse("mailbox_connect"), connect_data(imap_server, password="wrong-one")
    )
    assert response.status_code == 422
    assert "refused the user name or the password" in response.content.decode()
    assert "wrong-one" not in response.content.decode()
    assert not Mailbox.objects.exists()


def test_without_encryption_only_this_machine_is_allowed(login, alice):
    response = login(alice).post(
        reverse("mailbox_connect"),
        {"host": "imap.example.org", "port": 143, "security": "plain", "username": "a",
         "password": "b", "folder": "INBOX"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "in clear" in response.content.decode()
    assert not Mailbox.objects.exists()


def test_a_blank_password_keeps_the_stored_one_for_the_same_server(login, alice, team, imap_server):
    mailbox = mailbox_for(imap_server, team, alice)
    stored = mailbox.password_encrypted
    client = login(alice)
    data = connect_data(imap_server, password="", folder="Archive")
    imap_server.append([], folder="Archive")
    response = client.post(reverse("mailbox_edit", args=[mailbox.pk]), data)
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.folder == "Archive" and mailbox.password_encrypted == stored
    elsewhere = connect_data(imap_server, password="", host="localhost")
    response = client.post(reverse("mailbox_edit", args=[mailbox.pk]), elsewhere)
    assert response.status_code == 422
    assert "Enter the mailbox&#x27;s password." in response.content.decode()
    mailbox.refresh_from_db()
    assert mailbox.host == imap_server.host


def test_a_mailbox_is_tested_polled_now_and_disconnected_erasing_its_password(
    login, alice, team, imap_server, django_capture_on_commit_callbacks
):
    mailbox = mailbox_for(imap_server, team, alice)
    client = login(alice)
    response = client.post(reverse("mailbox_test", args=[mailbox.pk]), follow=True)
    assert "Connection works" in response.content.decode()
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("mailbox_poll", args=[mailbox.pk]))
    assert len(queued) == 1
    client.post(reverse("mailbox_disconnect", args=[mailbox.pk]))
    mailbox.refresh_from_db()
    assert mailbox.state == "disconnected" and mailbox.password_encrypted == ""
    page = client.get(reverse("email_page")).content.decode()
    assert "Connect again" in page


def test_the_last_error_is_shown_in_plain_words(login, alice, team, imap_server):
    mailbox = mailbox_for(imap_server, team, alice, password="not-it")
    response = login(alice).post(reverse("mailbox_test", args=[mailbox.pk]), follow=True)
    body = response.content.decode()
    assert "The server refused the user name or the password." in body
    assert "Last error:" in body


def test_an_outsider_gets_404_on_a_mailbox(login, alice, team, mallory, imap_server):
    mailbox = mailbox_for(imap_server, team, alice)
    client = login(mallory)
    for name in ("mailbox_edit", "mailbox_test", "mailbox_poll", "mailbox_disconnect"):
        assert client.post(reverse(name, args=[mailbox.pk])).status_code == 404
    assert mailbox.username not in client.get(reverse("email_page")).content.decode()


def test_the_page_and_the_reasons_read_in_french(login, alice, team):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    client = login(alice)
    response = client.post(
        reverse("email_upload"),
        {"files": [eml("broken_base64.eml"), eml("linkedin_fr.eml")]},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    body = response.content.decode()
    assert "E-mails d’invitation" in body
    assert "Son texte est abîmé (encodage base64 cassé)." in body
    assert "Hélène Kerjean" in body
