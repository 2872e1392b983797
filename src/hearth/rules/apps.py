from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "hearth.rules"
    label = "rules"
    verbose_name = "Co-created rules"
