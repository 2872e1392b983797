from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "hearth.ideas"
    label = "ideas"
