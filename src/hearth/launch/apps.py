from django.apps import AppConfig


class LaunchConfig(AppConfig):
    name = "hearth.launch"
    label = "launch"
    verbose_name = "Launch, invitations and onboarding"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.launch.extensions import register_parts

        register_parts()
