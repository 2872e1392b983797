from django.apps import AppConfig


class GardeningConfig(AppConfig):
    name = "hearth.gardening"
    label = "gardening"
    verbose_name = "Content gardening"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.gardening.extensions import register_parts

        register_parts()
