from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "hearth.ideas"
    label = "ideas"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.ideas.extensions import register_parts

        register_parts()
