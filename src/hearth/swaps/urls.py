from django.urls import path

from hearth.swaps import views

app_name = "swaps"
urlpatterns = [
    path("s/<slug:slug>/swaps/", views.swaps, name="list"),
    path("s/<slug:slug>/swaps/<int:swap_id>/end/", views.end, name="end"),
]
