from django.urls import path

from hearth.actionplan import views

app_name = "actionplan"
urlpatterns = [
    path("s/<slug:slug>/plan/", views.plan, name="plan"),
    path("s/<slug:slug>/plan/calendar/", views.month, name="calendar"),
    path("s/<slug:slug>/plan/<int:task_id>/status/", views.status, name="status"),
    path("s/<slug:slug>/plan/<int:task_id>/delete/", views.delete, name="delete"),
]
