from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "hearth.structure"
    label = "structure"
    verbose_name = "Space structure and key users"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.structure.extensions import register_parts

        register_parts()
