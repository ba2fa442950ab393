"""Staff administration of phrases and messages."""

from django.contrib import admin

from replies.models import OutgoingMessage, Phrase, ReceivedReply


@admin.register(Phrase)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "intent", "language", "team", "owner", "archived_at", "updated_at"]
    list_filter = ["intent", "language", "archived_at"]
    search_fields = ["title", "body", "team__name"]
    list_select_related = ["team", "owner"]
    raw_id_fields = ["team", "owner", "created_by"]


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    list_display = ["connection_request", "intent", "sent_by", "sent_at"]
    list_filter = ["intent", "sent_at"]
    search_fields = ["text", "connection_request__sender_name"]
    list_select_related = ["connection_request", "sent_by"]
    raw_id_fields = ["team", "connection_request", "phrase", "sent_by"]


@admin.register(ReceivedReply)
class ReceivedReplyAdmin(admin.ModelAdmin):
    list_display = ["connection_request", "recorded_by", "received_at"]
    search_fields = ["text", "connection_request__sender_name"]
    raw_id_fields = ["connection_request", "recorded_by"]
