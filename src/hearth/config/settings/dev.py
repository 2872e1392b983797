"""The demo and local development: debug pages, a fixed insecure key."""

from hearth.config.settings.base import *  # noqa: F403
from hearth.config.settings.base import SECRET_KEY, env_bool

DEBUG = env_bool("HEARTH_DEBUG", True)
# Only for the demo on 127.0.0.1; prod refuses to start without HEARTH_SECRET_KEY.
SECRET_KEY = SECRET_KEY or "hearth-demo-only-insecure-key"
