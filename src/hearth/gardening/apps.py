from django.apps import AppConfig


class GardeningConfig(AppConfig):
    name = "hearth.gardening"
    label = "gardening"
    verbose_name = "Content gardening"
