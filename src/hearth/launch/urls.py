from django.urls import path

from hearth.launch import views

app_name = "launch"
urlpatterns = [
    path("s/<slug:slug>/launch/", views.launch, name="launch"),
    path("s/<slug:slug>/launch/people/", views.invite_people, name="invite_people"),
    path("s/<slug:slug>/launch/unit/", views.invite_unit, name="invite_unit"),
    path("s/<slug:slug>/launch/csv/", views.invite_csv, name="invite_csv"),
    path("s/<slug:slug>/launch/welcome/", views.welcome_edit, name="welcome_edit"),
    path("s/<slug:slug>/launch/batches/<int:batch_id>/", views.batch, name="batch"),
    path("s/<slug:slug>/launch/batches/<int:batch_id>/progress/", views.progress, name="progress"),
    path("s/<slug:slug>/launch/batches/<int:batch_id>/send/", views.send, name="send"),
    path("s/<slug:slug>/welcome/", views.welcome, name="welcome"),
    path("s/<slug:slug>/welcome/preferences/", views.preferences, name="preferences"),
]
