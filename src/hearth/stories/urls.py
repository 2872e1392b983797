from django.urls import path

from hearth.stories import views

app_name = "stories"
urlpatterns = [
    path("stories/", views.gallery, name="gallery"),
    path("stories/<int:story_id>/", views.detail, name="detail"),
    path("stories/<int:story_id>/edit/", views.edit, name="edit"),
    path("s/<slug:slug>/stories/", views.space_stories, name="space_stories"),
    path("s/<slug:slug>/stories/new/", views.create, name="create"),
    path("c/<int:conversation_id>/promote/", views.promote, name="promote"),
    path("c/<int:conversation_id>/business-outcome/", views.outcome, name="outcome"),
]
