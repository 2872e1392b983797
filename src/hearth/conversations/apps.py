from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "hearth.conversations"
    label = "conversations"

    def ready(self) -> None:
        # Its parts of shared pages (hearth.core.extensions), imported here because
        # apps.py loads before the models that the parts read.
        from hearth.conversations.extensions import register_parts

        register_parts()
