#!/usr/bin/env bash
# Fail when the models and the migrations disagree: a model change without its
# migration (or a field whose choices churn, as Notification.kind's once did).
#
#   scripts/check-migrations.sh      (from anywhere; uses .venv/bin/hearth when present)
#
# Runs `hearth makemigrations --check --dry-run` with the test settings on a
# throw-away SQLite database, so it needs no server and writes nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
hearth="${HEARTH_BIN:-$root/.venv/bin/hearth}"
[ -x "$hearth" ] || hearth="$(command -v hearth || true)"
if [ -z "$hearth" ]; then
    echo "check-migrations: no hearth command (run 'make install' first)." >&2
    exit 2
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
export DJANGO_SETTINGS_MODULE=hearth.config.settings.test
export DATABASE_URL="sqlite:///$tmp/check.sqlite3"
if ! output="$("$hearth" makemigrations --check --dry-run 2>&1)"; then
    printf '%s\n\n' "$output" >&2
    echo "check-migrations: the models have changes that no migration records." >&2
    echo "Run 'hearth makemigrations', review the new migration like code, and commit it." >&2
    exit 1
fi
echo "check-migrations: the migrations match the models."
