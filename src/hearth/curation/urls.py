from django.urls import path

from hearth.curation import views

app_name = "curation"
urlpatterns = [
    path("curation/", views.features, name="features"),
    path("curation/<int:feature_id>/edit/", views.edit, name="edit"),
    path("curation/<int:feature_id>/remove/", views.remove, name="remove"),
]
