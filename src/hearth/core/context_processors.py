from hearth.notifications.models import Notification


def hearth(request):
    """The header's unread count; one cheap indexed count per signed-in page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count(),
    }
