from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "hearth.lifecycle"
    label = "lifecycle"
    verbose_name = "Lifecycle, charter and playbook"
