#!/usr/bin/env bash
# Benchmark Hearth's busiest pages on PostgreSQL (or SQLite) behind gunicorn: see bench/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
HEARTH=$VENV/bin/hearth

BENCH_DATABASE=${BENCH_DATABASE:-postgres}   # postgres, or sqlite (a file under a temp dir)
case "$BENCH_DATABASE" in
  postgres) BENCH_DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hearth_bench} ;;
  sqlite)
    BENCH_SQLITE_PATH=${BENCH_SQLITE_PATH:-${TMPDIR:-/tmp}/hearth-bench/hearth_bench.sqlite3}
    BENCH_DATABASE_URL=sqlite:///$BENCH_SQLITE_PATH ;;
  *) echo "BENCH_DATABASE is postgres or sqlite, not $BENCH_DATABASE" >&2; exit 2 ;;
esac
BENCH_SEARCH_QUERY=${BENCH_SEARCH_QUERY:-training}
BENCH_SCALE=${BENCH_SCALE:-0.1}
BENCH_DURATION=${BENCH_DURATION:-20s}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-8}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_WORKERS=${BENCH_WORKERS:-2}
BENCH_PORT=${BENCH_PORT:-8001}
BENCH_USER=${BENCH_USER:-member}
BENCH_REUSE_DB=${BENCH_REUSE_DB:-0}   # 1: keep the database seeded by the previous run
DB_NAME=${BENCH_DATABASE_URL##*/}
[ "$BENCH_DATABASE" = sqlite ] && DB_NAME=   # no database processes to measure

step() { printf '\n== %s\n' "$*"; }

if ! command -v wrk >/dev/null; then
  step "Installing wrk"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk is missing: install it (Debian: apt-get install wrk)" >&2
    exit 1
  fi
fi

VAR_DIR=$(mktemp -d -t hearth-bench.XXXXXX)
RESULTS=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"
export DATABASE_URL=$BENCH_DATABASE_URL
export DJANGO_SETTINGS_MODULE=hearth.config.settings.prod
export HEARTH_SECRET_KEY=${HEARTH_SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export HEARTH_SECURE_COOKIES=false
export HEARTH_ALLOWED_HOSTS=127.0.0.1,localhost
export HEARTH_VAR_DIR=$VAR_DIR
export HEARTH_LOG_LEVEL=${HEARTH_LOG_LEVEL:-WARNING}
export HEARTH_TASKS_BACKEND=database
# Connections that outlive the run: the database's CPU is read per backend process, and
# a connection closed (after its 60 s by default) mid-run would take its CPU with it.
export HEARTH_DB_CONN_MAX_AGE=${HEARTH_DB_CONN_MAX_AGE:-3600}
# BENCH_REDIS_URL runs the production set-up for more than one machine: sessions,
# the bell's count and cached lists in Redis (the queue stays in the database).
if [ -n "${BENCH_REDIS_URL:-}" ]; then
  export REDIS_URL=$BENCH_REDIS_URL
  $PY -c 'import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()' "$REDIS_URL"
else
  unset REDIS_URL
fi

SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
  rm -rf "$VAR_DIR"
}
trap stop_server EXIT INT TERM

if [ "$BENCH_REUSE_DB" = 1 ]; then
  step "Reusing the seeded database ($BENCH_DATABASE_URL)"
  $HEARTH migrate --noinput -v0
else
  step "Database $BENCH_DATABASE_URL"
  $PY bench/bench.py createdb "$BENCH_DATABASE_URL"
  $HEARTH migrate --noinput -v0
  step "Seeding the large organisation at scale $BENCH_SCALE"
  time $HEARTH seed --preset large --scale "$BENCH_SCALE" -v0
fi
$PY bench/bench.py analyze "$BENCH_DATABASE_URL"
DATASET=$($PY bench/bench.py dataset)
echo "$DATASET"

step "Static files"
$HEARTH collectstatic --noinput -v0

step "Starting gunicorn ($BENCH_WORKERS workers) on 127.0.0.1:$BENCH_PORT"
BASE=http://127.0.0.1:$BENCH_PORT
$VENV/bin/gunicorn hearth.config.wsgi -w "$BENCH_WORKERS" --threads "${BENCH_GUNICORN_THREADS:-1}" -b "127.0.0.1:$BENCH_PORT" \
  --error-logfile "$RESULTS/gunicorn.log" &
SERVER_PID=$!
$PY bench/bench.py wait "$BASE"

step "Signing in as $BENCH_USER"
COOKIE=$($PY bench/bench.py signin "$BASE" "$BENCH_USER" hearth-demo)
SLUG=$($PY bench/bench.py largest-open-space)
CONVERSATION=$($PY bench/bench.py bench-conversation)
FEED=$($PY bench/bench.py feed-path)
ALL_PAGES=(1-spaces:/spaces/ 2-space-home:/s/$SLUG/ 3-people:/people/
  4-conversation:/c/$CONVERSATION/ 5-feed:$FEED "6-search:/search/?q=$BENCH_SEARCH_QUERY")
# BENCH_PAGES="space-home feed" loads only those pages (their names without the number).
if [ -n "${BENCH_PAGES:-}" ]; then
  CHOSEN=()
  for page in "${ALL_PAGES[@]}"; do
    name=${page%%:*}
    for wanted in $BENCH_PAGES; do [ "${name#*-}" = "$wanted" ] && CHOSEN+=("$page"); done
  done
  [ "${#CHOSEN[@]}" -gt 0 ] || { echo "BENCH_PAGES names none of: spaces space-home people conversation feed search" >&2; exit 2; }
  ALL_PAGES=("${CHOSEN[@]}")
fi

step "Checking that every page answers 200 (a page that answers 404 is not there yet: skipped)"
mapfile -t PAGES < <($PY bench/bench.py check --skip-missing "$BASE" "$COOKIE" "${ALL_PAGES[@]}")
$PY bench/bench.py check --warn-only "$BASE" "$COOKIE" /static/hearth/app.css
[ "${#PAGES[@]}" -gt 0 ] || { echo "No page to load." >&2; exit 1; }

step "Queries per page (in-process, as $BENCH_USER)"
$PY bench/bench.py queries "$BENCH_USER" "${PAGES[@]#*:}" | tee "$RESULTS/queries.txt"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for page in "${PAGES[@]}"; do
  name=${page%%:*}
  path=${page#*:}
  step "Loading $path: $BENCH_CONNECTIONS connections for $BENCH_DURATION"
  wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d3s -H "Cookie: $COOKIE" "$BASE$path" >/dev/null  # warm-up
  echo "$path" > "$RESULTS/$name.url"
  before=$($PY bench/bench.py cpu "$SERVER_PID" "$DB_NAME")
  wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$BENCH_DURATION" --latency \
    -s bench/status.lua -H "Cookie: $COOKIE" "$BASE$path" | tee "$RESULTS/$name.wrk.txt"
  after=$($PY bench/bench.py cpu "$SERVER_PID" "$DB_NAME")
  echo "[$before, $after]" > "$RESULTS/$name.cpu.json"
  # Still 200 with the same cookie: no response of the load was a redirect to sign in.
  $PY bench/bench.py check "$BASE" "$COOKIE" "$path" 2>/dev/null \
    && echo "still_200: yes" >> "$RESULTS/$name.wrk.txt" \
    || echo "still_200: no" >> "$RESULTS/$name.wrk.txt"
done

stop_server
trap - EXIT INT TERM

step "Results"
{
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "Load average (1, 5, 15 min) just before the load: $LOAD_BEFORE"
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "Database: $($PY bench/bench.py database-version "$BENCH_DATABASE_URL")"
  if [ "${#PAGES[@]}" -lt "${#ALL_PAGES[@]}" ]; then
    echo "Skipped (404, not there yet): $(printf '%s\n' "${ALL_PAGES[@]}" | grep -vxF -f <(printf '%s\n' "${PAGES[@]}") | cut -d: -f2- | paste -sd' ')"
  fi
  echo "Dataset: large preset at scale $BENCH_SCALE: $DATASET"
  echo "Server: gunicorn, $BENCH_WORKERS sync workers; load: wrk, $BENCH_THREADS threads, $BENCH_CONNECTIONS connections, $BENCH_DURATION per page, signed in as $BENCH_USER"
  echo
  $PY bench/bench.py report "$RESULTS"
} | tee "$RESULTS/summary.md"
echo
echo "Saved in ${RESULTS#$ROOT/}/"
