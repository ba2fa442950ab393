"""Forms: the admin's user forms, sign-up extras, profile, team, invitations and roles."""

import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Team, User
from accounts.text import validate_single_line


class UserCreationForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "language", "timezone")


class SignupExtraForm(forms.Form):
    """Asked at sign-up besides email and password (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("How colleagues and your replies will name you."),
        validators=[validate_single_line],
    )

    def signup(self, request, user: User) -> None:
        """Nothing left to do: the adapter saved the name before naming the personal team."""


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=_time_zone_choices)

    class Meta:
        model = User
        fields = ("display_name", "language", "timezone", "keyboard_shortcuts")
        labels = {"language": _("Language")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Same as my browser")), *settings.LANGUAGES]


class WelcomeForm(forms.ModelForm):
    """The first-run step: the name replies are signed with, and the language."""

    class Meta:
        model = User
        fields = ("display_name", "language")
        labels = {"display_name": _("Your name"), "language": _("Language")}
        help_texts = {
            "display_name": _(
                "Your replies are signed with it and colleagues see it; "
                "without it, they would show the start of your email address."
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["language"].choices = [("", _("Same as my browser")), *settings.LANGUAGES]


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ("name",)
        labels = {"name": _("Team name")}


INVITABLE_ROLES = [
    (Membership.Role.ADMIN.value, Membership.Role.ADMIN.label),
    (Membership.Role.MEMBER.value, Membership.Role.MEMBER.label),
    (Membership.Role.READ_ONLY.value, Membership.Role.READ_ONLY.label),
]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=INVITABLE_ROLES, initial="member")

    def __init__(self, *args, team: Team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if self.team.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s is already in this team."), params={"email": email}
            )
        if self.team.invitations.open().filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s already has an open invitation: resend it from the list below."),
                params={"email": email},
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def __init__(self, *args, allow_owner: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not allow_owner:
            self.fields["role"].choices = INVITABLE_ROLES
