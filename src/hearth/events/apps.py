from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "hearth.events"
    label = "events"
