"""The test suite: fast hashing, email kept in memory after the outbox."""

from hearth.config.settings.base import *  # noqa: F403
from hearth.config.settings.base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "hearth-test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HEARTH_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run queued work when they ask for it (see tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits count per person in the cache; tests of them turn them on.
HEARTH_RATE_LIMITS_ENABLED = False
