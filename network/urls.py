"""The network app's addresses, one block per feature package."""

from django.urls import include, path

from network.capture import views as capture
from network.categories import views as categories
from network.contacts import views as contacts
from network.contacts import views_details as details
from network.exports import views as exports
from network.imports import views as imports
from network.inbox import views as inbox
from network.mailbox import views as mailbox
from network.recognition import views as recognition

urlpatterns = [
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/new/", inbox.request_quick_add, name="request_quick_add"),
    path("inbox/bulk/", inbox.requests_bulk, name="requests_bulk"),
    path("inbox/bulk/undo/", inbox.requests_bulk_undo, name="requests_bulk_undo"),
    path("inbox/capture/", capture.capture_page, name="capture_page"),
    path("inbox/capture/receive/", capture.capture_receive, name="capture_receive"),
    path("inbox/capture/confirm/", capture.capture_confirm, name="capture_confirm"),
    path("inbox/capture/done/", capture.capture_done, name="capture_done"),
    path("inbox/emails/", mailbox.email_page, name="email_page"),
    path("inbox/emails/upload/", mailbox.email_upload, name="email_upload"),
    path("inbox/emails/mailboxes/new/", mailbox.mailbox_connect, name="mailbox_connect"),
    path("inbox/emails/mailboxes/<int:pk>/", mailbox.mailbox_edit, name="mailbox_edit"),
    path("inbox/emails/mailboxes/<int:pk>/test/", mailbox.mailbox_test_view, name="mailbox_test"),
    path("inbox/emails/mailboxes/<int:pk>/poll/", mailbox.mailbox_poll_view, name="mailbox_poll"),
    path(
        "inbox/emails/mailboxes/<int:pk>/disconnect/",
        mailbox.mailbox_disconnect,
        name="mailbox_disconnect",
    ),
    path("inbox/<int:pk>/", inbox.inbox_detail, name="request_detail"),
    path("inbox/<int:pk>/accept/", inbox.request_accept_view, name="request_accept"),
    path("inbox/<int:pk>/decline/", inbox.request_decline_view, name="request_decline"),
    path("inbox/<int:pk>/ask/", inbox.request_ask_view, name="request_ask"),
    path("inbox/<int:pk>/reply/", inbox.request_reply_view, name="request_reply"),
    path("inbox/<int:pk>/snooze/", inbox.request_snooze_view, name="request_snooze"),
    path("inbox/<int:pk>/archive/", inbox.request_archive_view, name="request_archive"),
    path("inbox/<int:pk>/link/", inbox.request_link_view, name="request_link"),
    path("inbox/<int:pk>/undo/", inbox.request_undo_view, name="request_undo"),
    path("inbox/<int:pk>/reopen/", inbox.request_reopen_view, name="request_reopen"),
    path("whois/", recognition.whois, name="whois"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_create_view, name="contact_create"),
    path("contacts/bulk/", contacts.contacts_bulk, name="contacts_bulk"),
    path("contacts/lookup/", contacts.contact_lookup, name="contact_lookup"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/archive/", contacts.contact_archive, name="contact_archive"),
    path(
        "contacts/<int:pk>/met-through/", contacts.contact_met_through, name="contact_met_through"
    ),
    path(
        "contacts/<int:pk>/merge/<int:other_pk>/",
        contacts.contact_merge_view,
        name="contact_merge",
    ),
    path("contacts/<int:pk>/tags/", details.contact_tag, name="contact_tag"),
    path("contacts/<int:pk>/aliases/", details.alias_add, name="alias_add"),
    path("contacts/<int:pk>/profiles/", details.profile_add, name="profile_add"),
    path("contacts/<int:pk>/emails/", details.email_add, name="email_add"),
    path("contacts/<int:pk>/phones/", details.phone_add, name="phone_add"),
    path("tags/<int:pk>/remove/", details.contact_untag, name="contact_untag"),
    path("aliases/<int:pk>/remove/", details.alias_remove, name="alias_remove"),
    path("profiles/<int:pk>/access/", details.profile_access, name="profile_access"),
    path("profiles/<int:pk>/remove/", details.profile_remove, name="profile_remove"),
    path("emails/<int:pk>/remove/", details.email_remove, name="email_remove"),
    path("phones/<int:pk>/remove/", details.phone_remove, name="phone_remove"),
    path("categories/", categories.category_list, name="category_list"),
    path("categories/new/", categories.category_create, name="category_create"),
    path("categories/<int:pk>/", categories.category_update, name="category_update"),
    path("categories/<int:pk>/merge/", categories.category_merge, name="category_merge"),
    path("categories/<int:pk>/delete/", categories.category_delete, name="category_delete"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/upload/", imports.import_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("imports/<int:pk>/columns/", imports.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/confirm/", imports.import_confirm_view, name="import_confirm"),
    path("imports/<int:pk>/cancel/", imports.import_cancel_view, name="import_cancel"),
    path(
        "imports/<int:pk>/matches/<int:match_pk>/",
        imports.import_match_resolve_view,
        name="import_match_resolve",
    ),
    path("imports/<int:pk>/rejected.csv", imports.import_rejected, name="import_rejected"),
    path("export/", exports.export_page, name="export_page"),
    path("export/contacts.csv", exports.export_contacts_csv, name="export_contacts_csv"),
    path("export/contacts.vcf", exports.export_contacts_vcard, name="export_contacts_vcard"),
    path("export/backup.json", exports.export_team_backup, name="export_team_backup"),
    path("", include("network.privacy.urls")),
]
