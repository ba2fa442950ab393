"""The replies app's API routes, under ``/api/v1/``."""

from django.urls import path

from replies.api import views

urlpatterns = [
    path("phrases/", views.PhraseList.as_view(), name="api_phrase_list"),
    path("phrases/<int:pk>/fill/", views.PhraseFill.as_view(), name="api_phrase_fill"),
]
