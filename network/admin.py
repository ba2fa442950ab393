"""Staff administration of the address book (cross-team by design: operators only)."""

from django.contrib import admin

from network.models import (
    Category,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactPhone,
    ContactTag,
    ErasureRecord,
    NetworkProfile,
    PastPosition,
)


class AliasInline(admin.TabularInline):
    model = ContactAlias
    extra = 0


class EmailInline(admin.TabularInline):
    model = ContactEmail
    extra = 0


class PhoneInline(admin.TabularInline):
    model = ContactPhone
    extra = 0


class ProfileInline(admin.TabularInline):
    model = NetworkProfile
    extra = 0
    fields = ["network", "handle", "url", "access"]
    readonly_fields = ["handle", "url"]


class TagInline(admin.TabularInline):
    model = ContactTag
    extra = 0
    raw_id_fields = ["category"]


class PastPositionInline(admin.TabularInline):
    model = PastPosition
    extra = 0


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "city", "team", "owner", "archived_at", "updated_at"]
    list_filter = ["archived_at", "created_at"]
    search_fields = ["given_name", "family_name", "display_name", "company", "search_text"]
    list_select_related = ["team", "owner"]
    raw_id_fields = ["team", "owner", "met_through", "created_by"]
    readonly_fields = ["version", "search_text", "created_at", "updated_at"]
    inlines = [AliasInline, EmailInline, PhoneInline, ProfileInline, TagInline, PastPositionInline]


@admin.register(Category)
class HowWeMetAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "colour", "team", "created_at"]
    list_filter = ["key"]
    search_fields = ["name", "team__name"]
    list_select_related = ["team"]
    raw_id_fields = ["team"]


@admin.register(NetworkProfile)
class NetworkProfileAdmin(admin.ModelAdmin):
    list_display = ["handle", "network", "access", "contact", "team"]
    list_filter = ["network", "access"]
    search_fields = ["handle", "url", "contact__family_name"]
    list_select_related = ["contact", "team"]
    raw_id_fields = ["contact", "team"]


@admin.register(ContactChange)
class ContactChangeAdmin(admin.ModelAdmin):
    list_display = ["contact", "action", "actor", "at"]
    list_filter = ["action", "at"]
    search_fields = ["contact__family_name", "contact__given_name"]
    list_select_related = ["contact", "actor"]
    raw_id_fields = ["contact", "actor"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    """The anonymous trace of erasures: read only, for operators answering "what went"."""

    list_display = ["at", "reason", "team", "actor"]
    list_filter = ["reason", "at"]
    list_select_related = ["team", "actor"]
    readonly_fields = ["team", "actor", "at", "reason", "counts"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
