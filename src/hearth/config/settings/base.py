"""Settings shared by every environment.

Layering: ``base`` holds everything that is the same everywhere and reads the
environment; ``dev`` (the demo and local work), ``test`` (the suite) and ``prod``
(deployments) import it and change only what differs. Every value an operator may
set comes from an environment variable documented in ``docs/configuration.md``.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

from hearth.config.env import env_bool, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/hearth
BASE_DIR = Path(env_str("HEARTH_HOME", str(Path.cwd())))
VAR_DIR = Path(env_str("HEARTH_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("HEARTH_SECRET_KEY", "")
DEBUG = env_bool("HEARTH_DEBUG", False)
ALLOWED_HOSTS = env_list("HEARTH_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("HEARTH_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # For its static files: the API's interactive docs come from Hearth, not a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "hearth.core",
    "hearth.access",
    "hearth.people",
    "hearth.spaces",
    "hearth.notifications",
    "hearth.conversations",
    "hearth.search",
    "hearth.api",
    "hearth.lifecycle",
    "hearth.rules",
    "hearth.desks",
    "hearth.audit",
    "hearth.moderation",
    "hearth.swaps",
    "hearth.structure",
    "hearth.launch",
    "hearth.actionplan",
    "hearth.library",
    "hearth.polls",
    "hearth.ideas",
    "hearth.events",
    "hearth.stories",
    "hearth.curation",
    "hearth.gardening",
    # The home page, above every app it shows.
    "hearth.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything else, so that every response carries the policy.
    "hearth.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the body (CSRF reads the form): an oversized upload is
    # refused from its Content-Length, without reading it.
    "hearth.library.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An intranet: every page asks for sign-in unless a view opts out.
    "hearth.access.middleware.SignInRequiredMiddleware",
    "hearth.access.middleware.ActorMiddleware",
    "hearth.core.middleware.HearthErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hearth.config.urls"
WSGI_APPLICATION = "hearth.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hearth.core.context_processors.hearth",
                "hearth.desks.context_processors.desks",
            ],
        },
    },
    {
        # Hot partials only: <app>/jinja2/<app>/*.jinja, asked for by name with
        # using="jinja2" (see hearth.core.jinja). Pages stay Django templates.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "hearth.core.jinja.environment", "autoescape": True},
    },
]

_conn_max_age = env_str("HEARTH_DB_CONN_MAX_AGE", "60")
if not _conn_max_age.isdigit():
    raise ImproperlyConfigured("HEARTH_DB_CONN_MAX_AGE must be a whole number of seconds.")
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hearth.sqlite3'}"),
        # How long a web process keeps its database connection between requests.
        conn_max_age=int(_conn_max_age),
        # A health check costs a round trip on every request; off by default,
        # as in Django. Turn it on where the database restarts under Hearth.
        conn_health_checks=env_bool("HEARTH_DB_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Server-side cursors cost extra round trips for the short lists pages
    # read, and do not survive transaction-pooling proxies (PgBouncer).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # Parallel workers shorten one big query on an idle server but cost more CPU in
    # all; under a web load (many requests at once) a core per query serves more.
    # Measured on search (bench/README.md): 33 → 41 searches a second on 2 cores.
    _parallel = env_str("HEARTH_PG_PARALLEL_WORKERS", "0")
    if not _parallel.isdigit():
        raise ImproperlyConfigured("HEARTH_PG_PARALLEL_WORKERS must be a whole number.")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={_parallel}"
    )
    # Prepared statements: PostgreSQL plans a statement once per connection instead of
    # at every run, and most of what a page asks is the same statement each time.
    # Needs parameters bound on the server; off where a
    # transaction-pooling proxy (PgBouncer before 1.21) sits between Hearth and
    # PostgreSQL.
    if env_bool("HEARTH_PG_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=2)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web process read while the worker writes; the timeout makes
    # writers wait for each other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in person by a compiled statement.
    "hearth.access.backends.PersonBackend",
    # Only for sessions it signed in before PersonBackend (see hearth.access.backends).
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login rate limit: five failures for one username from one address lock it for
# fifteen minutes. Kept in the database so that every web process sees it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # A cache all web processes share may hold sessions; a per-process one may
    # not (a signed-out session would live on in the other processes).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Django's database sessions, read by SQL written out (hearth.access.sql).
    SESSION_ENGINE = "hearth.access.sessions"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The actor's roles kept in the cache between requests (hearth.access.actor): only
# where every process shares the cache, as it shares the versions that a change of
# roles bumps.
HEARTH_ROLE_MAP_CACHE = env_bool("HEARTH_ROLE_MAP_CACHE", bool(REDIS_URL))
# Rate limits on posting and reporting count where every process sees the same
# number: in Redis when there is one, else in the database (a local memory cache is
# each process's own, and Django's database cache loses concurrent increments).
HEARTH_RATE_LIMIT_STORE = "cache" if REDIS_URL else "database"

# Background work. The embedded default keeps the queue in the database and
# `hearth db_worker` runs it; with REDIS_URL set the queue moves to Redis (RQ)
# and `hearth rqworker --job-class django_tasks_rq.Job` runs it.
TASKS_BACKEND = env_str("HEARTH_TASKS_BACKEND", "redis" if REDIS_URL else "database")
if TASKS_BACKEND == "redis":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Email: pages and services hand messages to the outbox backend, which stores
# them and queues a task; the worker delivers them through EMAIL_URL.
EMAIL_BACKEND = "hearth.core.mail.OutboxEmailBackend"
_email = dj_email_url.parse(env_str("EMAIL_URL", "console://"))
HEARTH_DELIVERY_EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("HEARTH_FROM_EMAIL", "Hearth <hearth@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
# No URL serves this folder: Hearth keeps nothing in it (see HEARTH_PRIVATE_ROOT).
MEDIA_ROOT = Path(env_str("HEARTH_MEDIA_ROOT", str(VAR_DIR / "media")))
# Space exports, library attachments and profile photos: a folder of their own,
# outside MEDIA_ROOT and STATIC_ROOT, that no URL routes to. A file leaves it only
# through a view that asks the policy (hearth.core.files); a system check refuses
# a private folder that overlaps a served one.
HEARTH_PRIVATE_ROOT = Path(env_str("HEARTH_PRIVATE_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "private": {
        "BACKEND": "hearth.core.files.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(HEARTH_PRIVATE_ROOT)},
    },
}
# Who sends a private file once its view has said yes: "" (Django streams it),
# "x-accel-redirect" (nginx, from its internal location HEARTH_SENDFILE_PREFIX) or
# "x-sendfile" (Apache's mod_xsendfile, lighttpd).
HEARTH_SENDFILE = env_str("HEARTH_SENDFILE", "").strip().lower()
if HEARTH_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured("HEARTH_SENDFILE must be empty, x-accel-redirect or x-sendfile.")
HEARTH_SENDFILE_PREFIX = env_str("HEARTH_SENDFILE_PREFIX", "/_private/")
_export_hours = env_str("HEARTH_EXPORT_HOURS", "48")
_attachment_days = env_str("HEARTH_ATTACHMENT_RETENTION_DAYS", "30")
if not (_export_hours.isdigit() and _attachment_days.isdigit()):
    raise ImproperlyConfigured(
        "HEARTH_EXPORT_HOURS and HEARTH_ATTACHMENT_RETENTION_DAYS must be whole numbers."
    )
# A finished space export can be downloaded this long; then its archive is deleted.
HEARTH_EXPORT_TTL = timedelta(hours=int(_export_hours))
# A removed attachment can be restored this long; then its file is deleted.
HEARTH_ATTACHMENT_RETENTION = timedelta(days=int(_attachment_days))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
# The largest request body accepted at all: an attachment (10 MB) and its form.
HEARTH_MAX_REQUEST_BODY = 11 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (hearth.core.csp): scripts, styles, fonts and requests from
# Hearth itself only, so that markup slipped past the sanitiser runs nothing. No
# inline script at all: templates use data- attributes that hearth/app.js acts on.
# Style attributes stay allowed (style-src-attr) for the widths of bars and meters
# and the many small layout touches in templates; a style element does not.
# Images may come from any HTTPS host, as Markdown posts may show them.
HEARTH_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

HEARTH_PHOTO_MAX_BYTES = 5 * 1024 * 1024
HEARTH_PHOTO_SIZE = 256
HEARTH_PAGE_SIZE = 24
# No API list returns more than this many rows a page, whatever `limit` asks.
NINJA_PAGINATION_MAX_LIMIT = 100
HEARTH_BASE_URL = env_str("HEARTH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HEARTH_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
