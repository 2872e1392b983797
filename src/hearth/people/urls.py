from django.urls import path

from hearth.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.profile_edit, name="profile_edit"),
    path("me/photo/", views.photo_upload, name="photo_upload"),
    path("me/photo/remove/", views.photo_remove, name="photo_remove"),
    path("photos/<str:name>", views.photo, name="photo"),
    path("<str:username>/", views.profile, name="profile"),
]
