from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "hearth.library"
    label = "library"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.library.extensions import register_parts

        register_parts()
