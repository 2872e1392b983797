from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "hearth.stories"
    label = "stories"
