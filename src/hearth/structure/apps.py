from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "hearth.structure"
    label = "structure"
    verbose_name = "Space structure and key users"
