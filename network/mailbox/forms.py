"""The mailbox form: where the folder is and how to log in. The password is never shown
again; left blank it keeps the one stored, but only while the server, port, security and
user name stay the same (pointing a stored password at another server would hand it over)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from network.mailbox import secrets
from network.mailbox.models import LOCAL_HOSTS, Mailbox, Security

_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$|^::1$")
# Changing any of these sends the password somewhere new: it must be typed again.
WHERE = ("host", "port", "security", "username")


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted and never shown again. An app password works best."),
    )

    class Meta:
        model = Mailbox
        fields = ["host", "port", "security", "username", "folder"]
        labels = {"folder": _("Folder to read")}
        help_texts = {
            "host": _("For example imap.gmail.com or imap.fastmail.com."),
            "folder": _(
                "INBOX, or a folder where a filter puts the networks' emails. "
                "Netcurate only reads: nothing is marked as read, moved or deleted."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["port"].widget.attrs.update(min=1, max=65535)
        if self.instance.pk and self.instance.password_encrypted:
            self.fields["password"].help_text = _(
                "Leave blank to keep the stored password (typed again if the server, port, "
                "security or user name changes)."
            )

    def clean_host(self) -> str:
        host = self.cleaned_data["host"].strip().lower().rstrip(".")
        if not _HOST.match(host):
            raise forms.ValidationError(_("Enter a server name such as imap.example.org."))
        return host

    def clean_port(self) -> int:
        port = self.cleaned_data["port"]
        if not 1 <= port <= 65535:
            raise forms.ValidationError(_("A port is a number from 1 to 65535."))
        return port

    def clean_folder(self) -> str:
        folder = self.cleaned_data["folder"].strip()
        if not folder or any(ord(character) < 0x20 for character in folder):
            raise forms.ValidationError(_("Enter the name of a folder, such as INBOX."))
        return folder

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if any(ord(character) < 0x20 for character in username):
            raise forms.ValidationError(_("A user name holds no control characters."))
        return username

    def clean(self) -> dict:
        data = super().clean()
        if data.get("security") == Security.PLAIN and data.get("host") not in LOCAL_HOSTS:
            self.add_error(
                "security",
                _("Without encryption the password would cross the network in clear: choose "
                  "SSL/TLS or STARTTLS (no encryption is allowed to localhost only)."),
            )  # fmt: skip
        password = data.get("password", "")
        if any(ord(character) < 0x20 for character in password):
            self.add_error("password", _("A password holds no control characters."))
        elif not password and not self._keeps_password():
            self.add_error("password", _("Enter the mailbox's password."))
        if not secrets.can_encrypt():
            raise forms.ValidationError(
                _("MAILBOX_KEY is not set on the server: no password can be stored safely. "
                  "Ask the person who runs Netcurate to set it.")
            )  # fmt: skip
        return data

    def _keeps_password(self) -> bool:
        """A blank password keeps the stored one while where it is sent stays the same."""
        if not self.instance.pk or not self.instance.password_encrypted:
            return False
        stored = Mailbox.objects.get(pk=self.instance.pk)
        return all(self.cleaned_data.get(name) == getattr(stored, name) for name in WHERE)
