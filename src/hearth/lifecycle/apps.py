from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "hearth.lifecycle"
    label = "lifecycle"
    verbose_name = "Lifecycle, charter and playbook"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.lifecycle.extensions import register_parts

        register_parts()
