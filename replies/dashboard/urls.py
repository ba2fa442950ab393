from django.urls import path

from replies.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
