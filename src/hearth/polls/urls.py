from django.urls import path

from hearth.polls import views

app_name = "polls"
urlpatterns = [
    path("s/<slug:slug>/polls/", views.space_polls, name="space_polls"),
    path("s/<slug:slug>/polls/new/", views.create, name="create"),
    path("polls/<int:poll_id>/", views.detail, name="detail"),
    path("polls/<int:poll_id>/vote/", views.vote, name="vote"),
    path("polls/<int:poll_id>/close/", views.close, name="close"),
]
