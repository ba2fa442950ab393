"""Top-level URL configuration; each app brings its own urls module."""

from django.contrib import admin
from django.urls import include, path

from accounts.views import set_language
from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("network.urls")),
    path("", include("replies.urls")),
    path("admin/", admin.site.urls),
]
