from django.urls import include, path

from replies import views

urlpatterns = [
    path("phrases/", views.phrase_list, name="phrase_list"),
    path("phrases/new/", views.phrase_create, name="phrase_create"),
    path("phrases/preview/", views.phrase_preview, name="phrase_preview"),
    path("phrases/<int:pk>/", views.phrase_edit, name="phrase_edit"),
    path("phrases/<int:pk>/duplicate/", views.phrase_duplicate, name="phrase_duplicate"),
    path("phrases/<int:pk>/personal/", views.phrase_copy_personal, name="phrase_copy_personal"),
    path("phrases/<int:pk>/archive/", views.phrase_archive, name="phrase_archive"),
    path("inbox/<int:pk>/compose/", views.composer, name="composer"),
    path("inbox/<int:pk>/send/", views.composer_send, name="composer_send"),
    path("inbox/<int:pk>/reply-received/", views.reply_receive, name="reply_receive"),
    path("", include("replies.reminders.urls")),
    path("", include("replies.dashboard.urls")),
]
