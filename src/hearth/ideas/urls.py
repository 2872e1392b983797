from django.urls import path

from hearth.ideas import views

app_name = "ideas"
urlpatterns = [
    path("s/<slug:slug>/ideas/", views.board, name="board"),
    path("s/<slug:slug>/ideas/new/", views.submit, name="submit"),
    path("s/<slug:slug>/ideas/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("ideas/<int:idea_id>/", views.detail, name="detail"),
    path("ideas/<int:idea_id>/vote/", views.vote, name="vote"),
    path("ideas/<int:idea_id>/comments/", views.comment, name="comment"),
    path("ideas/<int:idea_id>/status/", views.status, name="status"),
]
