from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "hearth.library"
    label = "library"
