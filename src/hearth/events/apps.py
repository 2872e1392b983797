from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "hearth.events"
    label = "events"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.events.extensions import register_parts

        register_parts()
