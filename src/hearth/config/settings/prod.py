"""Deployments: secure cookies, a real secret key, no debug pages."""

from django.core.exceptions import ImproperlyConfigured

from hearth.config.settings.base import *  # noqa: F403
from hearth.config.settings.base import SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("Set HEARTH_SECRET_KEY to a long random value.")
DEBUG = False
SESSION_COOKIE_SECURE = env_bool("HEARTH_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
