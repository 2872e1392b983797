from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hearth.notifications"
    label = "notifications"

    def ready(self):
        # deferred: the kinds' rules import models, allowed once the registry is ready.
        from hearth.core.mail import deliverability_check_install
        from hearth.notifications.kinds import email_still_deliverable

        # Core delivers the emails; whether one may still go out is for the kinds.
        deliverability_check_install(email_still_deliverable)
