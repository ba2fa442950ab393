from django.urls import path

from replies.reminders import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/bell/", views.notification_bell, name="notification_bell"),
    path("notifications/read/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("reminders/settings/", views.reminder_settings, name="reminder_settings"),
    path("reminders/settings/team/", views.reminder_team_settings, name="reminder_team_settings"),
    path("reminders/stop/<str:token>/", views.reminder_stop, name="reminder_stop"),
    path("inbox/<int:pk>/reminders/mute/", views.reminder_mute, name="reminder_mute"),
]
