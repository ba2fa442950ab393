"""The network app's API routes, under ``/api/v1/``."""

from django.urls import path

from network.api import contacts, requests, whois

urlpatterns = [
    path("requests/", requests.RequestList.as_view(), name="api_request_list"),
    path("requests/<int:pk>/", requests.RequestDetail.as_view(), name="api_request_detail"),
    path("requests/<int:pk>/accept/", requests.RequestAccept.as_view(), name="api_request_accept"),
    path(
        "requests/<int:pk>/accept-limited/",
        requests.RequestAcceptLimited.as_view(),
        name="api_request_accept_limited",
    ),
    path(
        "requests/<int:pk>/decline/",
        requests.RequestDecline.as_view(),
        name="api_request_decline",
    ),
    path(
        "requests/<int:pk>/clarify/",
        requests.RequestClarify.as_view(),
        name="api_request_clarify",
    ),
    path("requests/<int:pk>/snooze/", requests.RequestSnooze.as_view(), name="api_request_snooze"),
    path(
        "requests/<int:pk>/archive/",
        requests.RequestArchive.as_view(),
        name="api_request_archive",
    ),
    path("requests/<int:pk>/reopen/", requests.RequestReopen.as_view(), name="api_request_reopen"),
    path("contacts/", contacts.ContactList.as_view(), name="api_contact_list"),
    path("contacts/<int:pk>/", contacts.ContactDetail.as_view(), name="api_contact_detail"),
    path("whois/", whois.Whois.as_view(), name="api_whois"),
]
