from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "hearth.polls"
    label = "polls"
