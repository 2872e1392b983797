from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"

    def ready(self):
        # Registers the private files' system check and settings-reset receiver.
        # deferred: Django allows models to be imported only once the registry is ready.
        from hearth.core import files  # noqa: F401
