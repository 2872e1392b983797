from django.apps import AppConfig


class LaunchConfig(AppConfig):
    name = "hearth.launch"
    label = "launch"
    verbose_name = "Launch, invitations and onboarding"
