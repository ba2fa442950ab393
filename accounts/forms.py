"""Forms for the email-login user model (the admin's add and change forms)."""

from django.contrib.auth import forms as auth_forms

from accounts.models import User


class UserCreationForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "display_name")
