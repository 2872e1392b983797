from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "hearth.stories"
    label = "stories"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.stories.extensions import register_parts

        register_parts()
