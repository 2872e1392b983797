def hearth(request):
    """The header's unread count; kept on the user row already loaded."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": user.unread_notifications,
    }
