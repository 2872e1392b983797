"""Settings read from the environment: what an operator sets takes effect, and a value
that makes no sense stops Hearth at start with a message that names it."""

import os
import subprocess
import sys

import pytest

READ = (
    "from django.conf import settings; import django; django.setup(); "
    "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
)


def _settings_with(**env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.test",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", READ], env=environment, capture_output=True, text=True, timeout=60
    )


def test_database_connections_are_kept_as_long_as_the_operator_says():
    assert _settings_with().stdout.strip() == "60"
    assert _settings_with(HEARTH_DB_CONN_MAX_AGE="0").stdout.strip() == "0"
    assert _settings_with(HEARTH_DB_CONN_MAX_AGE="3600").stdout.strip() == "3600"


@pytest.mark.parametrize("value", ["soon", "-5", "1.5"])
def test_a_connection_age_that_is_not_whole_seconds_stops_hearth_with_a_message(value):
    result = _settings_with(HEARTH_DB_CONN_MAX_AGE=value)
    assert result.returncode != 0
    assert "HEARTH_DB_CONN_MAX_AGE must be a whole number of seconds" in result.stderr


OPTIONS = (
    "from django.conf import settings; import django; django.setup(); "
    "o = settings.DATABASES['default'].get('OPTIONS', {}); "
    "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
)


def _options_with(**env) -> str:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hearth.config.settings.test", **env}
    return subprocess.run(
        [sys.executable, "-c", OPTIONS],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_postgresql_prepares_statements_unless_the_operator_turns_it_off():
    postgres = "postgres://postgres@127.0.0.1:5432/hearth"
    assert _options_with(DATABASE_URL=postgres) == "True 2"
    off = _options_with(DATABASE_URL=postgres, HEARTH_PG_PREPARED_STATEMENTS="false")
    assert off == "None None"
    assert _options_with(DATABASE_URL="sqlite:///:memory:") == "None None"


def _deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    """``hearth check --deploy`` under the production settings, as an operator runs it."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HEARTH_", "DATABASE_URL", "REDIS_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="hearth.config.settings.prod",
        HEARTH_SECRET_KEY="k3y-" + "x7Q!z9" * 10,
        HEARTH_VAR_DIR=str(tmp_path),
        HEARTH_ALLOWED_HOSTS="hearth.example.org",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "hearth", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_settings_pass_the_deployment_checks(tmp_path):
    result = _deploy_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checks_catch_an_operator_turning_https_off(tmp_path):
    result = _deploy_check(tmp_path, HEARTH_SSL_REDIRECT="false", HEARTH_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_hsts_seconds_that_are_not_whole_seconds_stop_hearth_with_a_message(tmp_path):
    result = _deploy_check(tmp_path, HEARTH_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "HEARTH_HSTS_SECONDS must be a whole number of seconds" in result.stderr


def _prod_setting(tmp_path, name: str, **env) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HEARTH_", "DATABASE_URL", "REDIS_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="hearth.config.settings.prod",
        HEARTH_SECRET_KEY="k3y-" + "x7Q!z9" * 10,
        HEARTH_VAR_DIR=str(tmp_path),
        **env,
    )
    read = f"from django.conf import settings; print(settings.{name})"
    return subprocess.run(
        [sys.executable, "-c", read],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_production_rate_limits_count_in_a_store_every_process_shares(tmp_path):
    """Not the default cache, which is each process's own memory without Redis."""
    assert _prod_setting(tmp_path, "HEARTH_RATE_LIMIT_STORE") == "database"
    with_redis = _prod_setting(
        tmp_path, "HEARTH_RATE_LIMIT_STORE", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert with_redis == "cache"
    backend = _prod_setting(
        tmp_path, "CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert backend == "django.core.cache.backends.redis.RedisCache"
