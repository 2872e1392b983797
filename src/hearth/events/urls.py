from django.urls import path

from hearth.events import views

app_name = "events"
urlpatterns = [
    path("s/<slug:slug>/events/", views.space_events, name="space_events"),
    path("s/<slug:slug>/events/new/", views.create, name="create"),
    path("events/<int:event_id>/", views.detail, name="detail"),
    path("events/<int:event_id>/rsvp/", views.rsvp, name="rsvp"),
    path("events/<int:event_id>/edit/", views.edit, name="edit"),
    path("events/<int:event_id>/cancel/", views.cancel, name="cancel"),
    path("events/<int:event_id>/notes/", views.notes, name="notes"),
    path("events/<int:event_id>/event.ics", views.event_ics, name="ics"),
    path("events/calendar/", views.calendar_settings, name="calendar"),
    path("events/calendar/token/", views.calendar_token, name="calendar_token"),
    path("calendar/<str:secret>/mine.ics", views.feed, name="feed_mine"),
    path("calendar/<str:secret>/s/<slug:slug>.ics", views.feed, name="feed_space"),
]
