from django.urls import path

from hearth.spaces import views

app_name = "spaces"
urlpatterns = [
    path("spaces/", views.directory, name="directory"),
    path("spaces/new/", views.create, name="create"),
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/decline/",
        views.invitation_decline,
        name="invitation_decline",
    ),
    path("s/<slug:slug>/", views.home, name="home"),
    path("s/<slug:slug>/settings/", views.edit, name="edit"),
    path("s/<slug:slug>/join/", views.join, name="join"),
    path("s/<slug:slug>/leave/", views.leave, name="leave"),
    path("s/<slug:slug>/request-access/", views.request_access, name="request_access"),
    path("s/<slug:slug>/members/", views.members, name="members"),
    path("s/<slug:slug>/members/invite/", views.invite, name="invite"),
    path("s/<slug:slug>/members/<int:user_id>/role/", views.change_role, name="change_role"),
    path("s/<slug:slug>/members/<int:user_id>/remove/", views.remove_member, name="remove_member"),
    path("s/<slug:slug>/requests/", views.requests, name="requests"),
    path("s/<slug:slug>/requests/<int:request_id>/<str:decision>/", views.decide, name="decide"),
]
