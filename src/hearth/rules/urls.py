from django.urls import path

from hearth.rules import views

app_name = "rules"
urlpatterns = [
    path("s/<slug:slug>/rules/", views.rules, name="rules"),
    path("s/<slug:slug>/rules/acknowledge/", views.acknowledge, name="acknowledge"),
    path("s/<slug:slug>/rules/proposals/<int:proposal_id>/vote/", views.vote, name="vote"),
    path("s/<slug:slug>/rules/proposals/<int:proposal_id>/decide/", views.decide, name="decide"),
]
