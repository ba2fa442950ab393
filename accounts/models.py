"""Users, teams, memberships and invitations.

A user belongs to one or more teams; everything the product stores (contacts, requests,
phrases) belongs to a team, and every view loads it through the team of the request.
"""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.text import validate_single_line


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}
        ) from None


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email__iexact=username)


class User(AbstractUser):
    """Someone who triages requests; the email address is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=150, blank=True, validators=[validate_single_line]
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to follow your browser."),
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    last_team = models.ForeignKey(
        "Team",
        verbose_name=_("last team used"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # WCAG 2.1.4: a person whose speech input or tremor sends stray letters turns them off.
    keyboard_shortcuts = models.BooleanField(
        _("single-letter keyboard shortcuts"),
        default=True,
        help_text=_(
            "In the inbox, keys such as a (accept) or d (decline) act on the open request. "
            "Untick to turn them off; buttons and links keep working."
        ),
    )
    # Set once the first-run step (name and language) was saved or skipped.
    welcomed_at = models.DateTimeField(_("welcomed"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return (self.display_name.split() or [self.email.split("@")[0]])[0]

    @property
    def needs_welcome(self) -> bool:
        return self.welcomed_at is None

    def welcome_done(self) -> None:
        if self.welcomed_at is None:
            self.welcomed_at = timezone.now()
            self.save(update_fields=["welcomed_at"])

    def owns_email(self, email: str) -> bool:
        """Whether ``email`` is this account's address, or one it has verified (any case)."""
        from allauth.account.models import EmailAddress

        if self.email.casefold() == email.strip().casefold():
            return True
        return EmailAddress.objects.filter(
            user=self, email__iexact=email.strip(), verified=True
        ).exists()


class TeamQuerySet(models.QuerySet):
    def for_user(self, user: User) -> TeamQuerySet:
        return self.filter(memberships__user=user)


class Team(models.Model):
    """A group of people sharing contacts, categories and phrases; one per person at least."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    is_personal = models.BooleanField(_("personal team"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def create_with_owner(cls, *, name: str, owner: User, is_personal: bool = False) -> Team:
        """Create a team, make ``owner`` its owner and their current team."""
        with transaction.atomic():
            team = cls.objects.create(
                name=name, slug=cls.unique_slug(name), is_personal=is_personal
            )
            Membership.objects.create(team=team, user=owner, role=Membership.Role.OWNER)
            owner.last_team = team
            owner.save(update_fields=["last_team"])
        return team

    @classmethod
    def unique_slug(cls, name: str) -> str:
        base = slugify(name)[:50] or "team"
        slug = base
        while cls.objects.filter(slug=slug).exists():
            slug = f"{base}-{secrets.token_hex(3)}"
        return slug

    def owners(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(role=Membership.Role.OWNER)


class Membership(models.Model):
    """A user's place in a team, with a role that says what they may change."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")
        READ_ONLY = "readonly", _("Read-only")

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_once_per_team"),
            models.CheckConstraint(
                condition=Q(role__in=["owner", "admin", "member", "readonly"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.team} ({self.get_role_display()})"

    @property
    def can_write(self) -> bool:
        return self.role != self.Role.READ_ONLY

    @property
    def can_manage(self) -> bool:
        """Owners and admins invite, remove members and change roles."""
        return self.role in {self.Role.OWNER, self.Role.ADMIN}

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER

    def can_change(self, other: Membership) -> bool:
        """Whether this member may change ``other``'s role or remove them."""
        if other.pk == self.pk or not self.can_manage:
            return False
        return self.is_owner or other.role != self.Role.OWNER

    def is_last_owner(self) -> bool:
        return self.is_owner and not self.team.owners().exclude(pk=self.pk).exists()

    def change_role(self, role: str) -> None:
        if self.is_last_owner() and role != self.Role.OWNER:
            raise ValidationError(gettext("A team needs at least one owner."))
        self.role = role
        self.save(update_fields=["role"])

    def leave(self) -> None:
        """Leave the team; the last owner must hand over ownership first."""
        if self.is_last_owner():
            raise ValidationError(
                gettext("You are the last owner: make someone else owner before leaving.")
            )
        with transaction.atomic():
            User.objects.filter(pk=self.user_id, last_team_id=self.team_id).update(last_team=None)
            self.delete()

    def transfer_ownership(self, to: Membership) -> None:
        """Make ``to`` an owner and this owner an admin, in one step."""
        if not self.is_owner or to.team_id != self.team_id or to.pk == self.pk:
            raise ValidationError(gettext("Only an owner can hand ownership to another member."))
        with transaction.atomic():
            to.role = self.Role.OWNER
            to.save(update_fields=["role"])
            self.role = self.Role.ADMIN
            self.save(update_fields=["role"])


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        """Links that still admit someone: open, not yet used, not expired."""
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            claimed_at__isnull=True,
            expires_at__gt=timezone.now(),
        )

    def open(self) -> InvitationQuerySet:
        """Neither accepted nor revoked (possibly expired or awaiting approval): the team page."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def by_token(self, token: str) -> InvitationQuerySet:
        return self.filter(token_hash=_hash_token(token))


class Invitation(models.Model):
    """An invitation to join a team, sent by email with a single-use, expiring link.

    Only a hash of the token is stored, so a database leak reveals no usable link. The link
    admits the person it was sent to: someone signed in under another address who follows it
    only asks to join, and an owner or admin approves or refuses (``claimed_by``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        AWAITING_APPROVAL = "awaiting", _("Awaiting approval")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role, default=Membership.Role.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    claimed_at = models.DateTimeField(_("asked to join"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        User,
        verbose_name=_("asked to join by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Someone under another email address who used the link; awaits approval."),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "team",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(role="owner"), name="invitation_never_grants_ownership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.team}"

    @classmethod
    def lifetime(cls) -> timedelta:
        return timedelta(days=settings.INVITATION_DAYS)

    @classmethod
    def create(
        cls, *, team: Team, email: str, role: str, invited_by: User
    ) -> tuple[Invitation, str]:
        """Create an invitation; returns it with the clear token, which is never stored."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            team=team,
            email=email.strip(),
            role=role,
            invited_by=invited_by,
            token_hash=_hash_token(token),
            expires_at=timezone.now() + cls.lifetime(),
        )
        return invitation, token

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REFUSED if self.claimed_at else self.Status.REVOKED
        if self.claimed_at:
            # The link was used in time; waiting on a manager does not run out.
            return self.Status.AWAITING_APPROVAL
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def url_for(self, token: str) -> str:
        return reverse("invitation_accept", args=[token])

    def check_can_send(self) -> None:
        """Refuse to send a link for an invitation that is closed or already used."""
        if self.accepted_at or self.revoked_at:
            raise ValidationError(gettext("This invitation is closed and cannot be sent again."))
        if self.claimed_at:
            raise ValidationError(
                gettext("Someone already used this link: approve or refuse them instead.")
            )

    def renew(self) -> str:
        """A fresh token and a fresh expiry; the old link stops working.

        Only the email task calls this, in the transaction that sends the message, so the old
        link dies only once the new one has left (``accounts.mail.invitation_deliver``).
        """
        self.check_can_send()
        token = secrets.token_urlsafe(32)
        self.token_hash = _hash_token(token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + self.lifetime()
        self.save(update_fields=["token_hash", "sent_at", "expires_at"])
        return token

    def revoke(self) -> None:
        if self.accepted_at:
            raise ValidationError(gettext("This invitation was already accepted."))
        if not self.revoked_at:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def _locked(self) -> Invitation:
        return (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("team")
            .get(pk=self.pk)
        )

    def _refuse_unless(self, fresh: Invitation, status: str) -> None:
        if fresh.status != status:
            raise ValidationError(
                gettext("This invitation is %(status)s.")
                % {"status": fresh.get_status_display().lower()}
            )

    def _join(self, fresh: Invitation, user: User) -> Membership:
        membership, _created = Membership.objects.get_or_create(
            team=fresh.team, user=user, defaults={"role": fresh.role}
        )
        fresh.accepted_at = timezone.now()
        fresh.accepted_by = user
        fresh.save(update_fields=["accepted_at", "accepted_by"])
        User.objects.filter(pk=user.pk).update(last_team=fresh.team)
        user.last_team = fresh.team
        return membership

    def accept(self, user: User) -> Membership | None:
        """Use the link. Single use; refuses an expired, revoked or used invitation.

        The person it was sent to joins with its role. Anyone else (the link was forwarded,
        or they are signed in under another address) only asks to join: the invitation
        awaits an owner's or admin's approval, and None is returned.
        The row is locked so two clicks on the same link cannot both succeed.
        """
        with transaction.atomic():
            fresh = self._locked()
            self._refuse_unless(fresh, self.Status.PENDING)
            if user.owns_email(fresh.email):
                membership = self._join(fresh, user)
            else:
                membership = None
                fresh.claimed_at = timezone.now()
                fresh.claimed_by = user
                fresh.save(update_fields=["claimed_at", "claimed_by"])
        self.refresh_from_db()
        return membership

    def approve(self) -> Membership:
        """Let in the person who asked to join with this link, with the invitation's role."""
        with transaction.atomic():
            fresh = self._locked()
            self._refuse_unless(fresh, self.Status.AWAITING_APPROVAL)
            if fresh.claimed_by is None:  # their account was deleted meanwhile
                raise ValidationError(gettext("The person who asked to join no longer exists."))
            membership = self._join(fresh, fresh.claimed_by)
        self.refresh_from_db()
        return membership

    def refuse(self) -> None:
        """Turn down the person who asked to join; the invitation is closed."""
        with transaction.atomic():
            fresh = self._locked()
            self._refuse_unless(fresh, self.Status.AWAITING_APPROVAL)
            fresh.revoked_at = timezone.now()
            fresh.save(update_fields=["revoked_at"])
        self.refresh_from_db()


# Personal access tokens live in their own package; Django finds the model through this module.
from accounts.tokens.models import AccessToken  # noqa: E402

__all__ = ["AccessToken", "Invitation", "Membership", "Team", "User"]
