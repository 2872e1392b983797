from django.apps import AppConfig


class ActionPlanConfig(AppConfig):
    name = "hearth.actionplan"
    label = "actionplan"
    verbose_name = "Action plan"
