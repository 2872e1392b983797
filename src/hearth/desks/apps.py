from django.apps import AppConfig


class DesksConfig(AppConfig):
    name = "hearth.desks"
    label = "desks"
    verbose_name = "Leaders' desks and organisation roles"
