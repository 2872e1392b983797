from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "hearth.actionplan"
    label = "actionplan"
    verbose_name = "Action plan"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.actionplan.extensions import register_parts

        register_parts()
