from django.urls import path

from hearth.desks import views

app_name = "desks"
urlpatterns = [
    path("desk/access-requests/", views.access_requests, name="access_requests"),
    path("desk/access-requests/<int:request_id>/<str:decision>/", views.decide, name="decide"),
    path("desk/unanswered/", views.unanswered, name="unanswered"),
    path("desk/unanswered/<int:conversation_id>/notify/", views.notify, name="notify"),
    path("desk/unanswered/<int:conversation_id>/move/", views.move, name="move"),
    path("desk/unanswered/<int:conversation_id>/duplicate/", views.duplicate, name="duplicate"),
    path("org/", views.org, name="org"),
    path("org/units/<slug:slug>/", views.unit, name="unit"),
]
