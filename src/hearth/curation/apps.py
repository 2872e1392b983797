from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "hearth.curation"
    label = "curation"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.curation.extensions import register_parts

        register_parts()
