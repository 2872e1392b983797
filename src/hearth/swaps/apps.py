from django.apps import AppConfig


class SwapsConfig(AppConfig):
    name = "hearth.swaps"
    label = "swaps"
    verbose_name = "Role swaps"
