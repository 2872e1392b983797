from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "hearth.polls"
    label = "polls"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.polls.extensions import register_parts

        register_parts()
