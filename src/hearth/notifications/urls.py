from django.urls import path

from hearth.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_read"),
    path("<int:notification_id>/read/", views.mark_one_read, name="mark_one_read"),
]
