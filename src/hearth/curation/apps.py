from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "hearth.curation"
    label = "curation"
