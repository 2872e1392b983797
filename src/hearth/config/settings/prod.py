"""Deployments: HTTPS only, secure cookies, a real secret key, no debug pages.

``hearth check --deploy`` with these settings reports no issue (a test holds it).
Hearth sits behind a reverse proxy that ends TLS and sets ``X-Forwarded-Proto``
(``docs/deployment.md``); the variables below are for the rare exception.
"""

from django.core.exceptions import ImproperlyConfigured

from hearth.config.settings.base import *  # noqa: F403
from hearth.config.settings.base import SECRET_KEY, env_bool, env_str

if not SECRET_KEY:
    raise ImproperlyConfigured("Set HEARTH_SECRET_KEY to a long random value.")
DEBUG = False
SESSION_COOKIE_SECURE = env_bool("HEARTH_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The proxy in front says whether the browser came over HTTPS. It must set (or
# strip) this header on every request, or a client could claim HTTPS itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is answered with a redirect to HTTPS, except the load balancer's probe.
SECURE_SSL_REDIRECT = env_bool("HEARTH_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Strict-Transport-Security: once a browser has seen it, it never asks Hearth over
# plain HTTP again for this long. Lower it (an hour: 3600) while trying HTTPS out.
_hsts = env_str("HEARTH_HSTS_SECONDS", "31536000")
if not _hsts.isdigit():
    raise ImproperlyConfigured("HEARTH_HSTS_SECONDS must be a whole number of seconds.")
SECURE_HSTS_SECONDS = int(_hsts)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HEARTH_HSTS_INCLUDE_SUBDOMAINS", True)
# Only allows the host to be submitted to the browsers' preload list; nothing is
# submitted unless the domain's owner applies for it.
SECURE_HSTS_PRELOAD = env_bool("HEARTH_HSTS_PRELOAD", True)
