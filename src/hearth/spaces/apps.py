from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "hearth.spaces"
    label = "spaces"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.spaces.extensions import register_parts

        register_parts()
