from django.urls import path

from network.privacy import views

urlpatterns = [
    path("contacts/<int:pk>/forget/", views.contact_forget, name="contact_forget"),
    path("contacts/<int:pk>/export/", views.contact_export, name="contact_export"),
    path("privacy/settings/", views.privacy_settings, name="privacy_settings"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("team/delete/", views.team_delete, name="team_delete"),
    path("privacy/todo/<int:pk>/done/", views.privacy_task_done_view, name="privacy_task_done"),
    path("privacy/todo/<int:pk>/review/", views.privacy_review_view, name="privacy_review"),
]
