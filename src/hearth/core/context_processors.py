from hearth.notifications.selectors import unread_count


def hearth(request):
    """The header's unread count; an indexed count, or a shared-cache read."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: unread_count(user_id=user.pk),
    }
