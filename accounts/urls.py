from django.urls import path

from accounts import views
from accounts.tokens import views as token_views

urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("account/tokens/", token_views.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("welcome/", views.welcome, name="welcome"),
    path("team/", views.team_detail, name="team_detail"),
    path("team/rename/", views.team_rename, name="team_rename"),
    path("team/leave/", views.team_leave, name="team_leave"),
    path("team/invitations/", views.invitation_create, name="invitation_create"),
    path("team/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("team/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("team/invitations/<int:pk>/approve/", views.invitation_approve, name="invitation_approve"),
    path("team/invitations/<int:pk>/refuse/", views.invitation_refuse, name="invitation_refuse"),
    path("team/members/<int:pk>/role/", views.membership_role, name="membership_role"),
    path("team/members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path(
        "team/members/<int:pk>/make-owner/",
        views.membership_make_owner,
        name="membership_make_owner",
    ),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<int:pk>/switch/", views.team_switch, name="team_switch"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
