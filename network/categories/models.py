"""How-we-met categories (school, kids, company, language, or a team's own) and the tags that
put a contact in one, with an optional detail and date."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.text import fold

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #3366cc."))


class Category(models.Model):
    """A category of how a team knows people: school, kids, company, language, or its own."""

    class Key(models.TextChoices):
        SCHOOL = "school", _("School")
        KIDS = "kids", _("Kids")
        COMPANY = "company", _("Company")
        LANGUAGE = "language", _("Language")

    SEED = [
        (Key.SCHOOL, "#0d6efd"),
        (Key.KIDS, "#d63384"),
        (Key.COMPANY, "#198754"),
        (Key.LANGUAGE, "#fd7e14"),
    ]

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="categories"
    )
    key = models.CharField(_("built-in category"), max_length=20, choices=Key, blank=True)
    name = models.CharField(
        _("name"),
        max_length=60,
        blank=True,
        help_text=_("Empty for a built-in category, which then shows in each reader's language."),
    )
    colour = models.CharField(
        _("colour"), max_length=7, default="#6c757d", validators=[colour_validator]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("how-we-met category")
        verbose_name_plural = _("how-we-met categories")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "key"], condition=~Q(key=""), name="category_key_once_per_team"
            ),
            models.CheckConstraint(condition=~Q(key="", name=""), name="category_has_key_or_name"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return str(self.Key(self.key).label) if self.key else ""

    @classmethod
    def seed_for(cls, team: Team) -> None:
        """Give a new team the built-in categories (idempotent)."""
        existing = set(cls.objects.filter(team=team).values_list("key", flat=True))
        cls.objects.bulk_create(
            cls(team=team, key=key, colour=colour)
            for key, colour in cls.SEED
            if key not in existing
        )

    def merge_into(self, target: Category) -> int:
        """Move every tag to ``target`` (keeping both details where a contact has both), then
        delete this category. Returns how many contacts were retagged."""
        if target.team_id != self.team_id or target.pk == self.pk:
            raise ValidationError(gettext("Choose another category of the same team."))
        moved = 0
        with transaction.atomic():
            existing = {tag.contact_id: tag for tag in target.tags.all()}
            for tag in self.tags.all():
                other = existing.get(tag.contact_id)
                if other is None:
                    tag.category = target
                    tag.save(update_fields=["category"])
                else:
                    other.absorb(tag)
                moved += 1
            self.delete()
        return moved

    def name_is_taken(self, name: str) -> bool:
        """Whether another category of the team already goes by ``name``, in any language."""
        folded = fold(name)
        others = Category.objects.filter(team_id=self.team_id).exclude(pk=self.pk)
        return any(folded in other.names_in_every_language() for other in others)

    def names_in_every_language(self) -> set[str]:
        if self.name:
            return {fold(self.name)}
        names = set()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(fold(str(self.Key(self.key).label)))
        return names


class ContactTag(models.Model):
    """A contact tagged with a how-we-met category, with an optional detail and date."""

    contact = models.ForeignKey("network.Contact", on_delete=models.CASCADE, related_name="tags")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="tags")
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    met_on = models.DateField(_("when"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("how we met")
        verbose_name_plural = _("how we met")
        ordering = ["category_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "category"], name="tag_once_per_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.category.label}: {self.detail}" if self.detail else self.category.label

    def absorb(self, other: ContactTag) -> None:
        """Keep ``other``'s detail and date beside this tag's (same contact or category being
        merged), then delete ``other``."""
        if other.detail and other.detail not in self.detail:
            self.detail = "; ".join(part for part in (self.detail, other.detail) if part)[:200]
        self.met_on = self.met_on or other.met_on
        self.save(update_fields=["detail", "met_on"])
        other.delete()
