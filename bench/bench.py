"""Helpers for bench/run.sh: database, sign-in, page checks, query profile, report.

Run with the project's Python (``.venv/bin/python bench/bench.py <command> …``).
Only the standard library and Hearth's own dependencies are used.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

# -- Database ------------------------------------------------------------------------


def _sqlite_path(url: str) -> str:
    """sqlite:////abs/path or sqlite:///relative/path, as dj-database-url reads them."""
    return urllib.parse.urlsplit(url).path[1:]


def createdb(url: str) -> None:
    """Drop and recreate the database named in ``url`` (connecting to ``postgres``);
    for a ``sqlite:///`` URL, remove the file (and its WAL) so that migrate starts
    afresh."""
    if url.startswith("sqlite:"):
        path = Path(_sqlite_path(url))
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        print(f"Removed any previous SQLite database at {path}.")
        return
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"Refusing an unusual database name: {name!r}")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"Created an empty database {name}.")


# -- HTTP -------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_until_up(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            sys.exit(f"The server at {base} did not answer /healthz within {timeout:.0f} s.")
        time.sleep(0.3)


def signin(base: str, username: str, password: str) -> str:
    """Sign in through the real login form; print the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{base}/accounts/login/", timeout=10) as response:
        if response.status != 200:
            sys.exit(f"GET /accounts/login/ answered {response.status}.")
    csrf = next((c.value for c in jar if c.name == "csrftoken"), None)
    if not csrf:
        sys.exit("The login page set no csrftoken cookie.")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    try:
        opener.open(request, timeout=30)
        status = 200
    except urllib.error.HTTPError as error:  # the 302 after a successful sign-in
        status = error.code
    cookies = {c.name: c.value for c in jar}
    if status != 302 or "sessionid" not in cookies:
        sys.exit(f"Signing in as {username} failed (status {status}, no session cookie).")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def analyze(url: str) -> None:
    """Refresh the planner's statistics after seeding (VACUUM ANALYZE, or SQLite's ANALYZE)."""
    if url.startswith("sqlite:"):
        import sqlite3

        with sqlite3.connect(_sqlite_path(url)) as connection:
            connection.execute("ANALYZE")
            connection.execute("PRAGMA optimize")
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def database_version(url: str) -> str:
    if url.startswith("sqlite:"):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (file {_sqlite_path(url)})"
    import psycopg

    with psycopg.connect(url) as connection:
        return f"PostgreSQL {connection.info.parameter_status('server_version')}"


def check_pages(
    base: str, cookie: str, pages: list[str], warn_only: bool = False, skip_missing: bool = False
) -> None:
    """Every page must answer 200 itself: a redirect to the login page is a failure.

    ``pages`` are paths, or ``name:path`` pairs; with ``skip_missing`` a page that
    answers 404 (not written yet) is skipped with a message instead of failing the
    run, and the pages to load are printed on stdout, one ``name:path`` a line.
    """
    opener = urllib.request.build_opener(_NoRedirect)
    failed, kept = [], []
    for page in pages:
        path = page.split(":", 1)[1] if ":" in page and not page.startswith("/") else page
        request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie})
        try:
            with opener.open(request, timeout=30) as response:
                status, size = response.status, len(response.read())
        except urllib.error.HTTPError as error:
            status, size = error.code, 0
            location = error.headers.get("Location")
            if location:
                status = f"{status} → {location}"
        print(f"  {path:<50} {status}  ({size:,} bytes)", file=sys.stderr)
        if status == 404 and skip_missing:
            print(f"  SKIPPED {path}: 404, the page is not there yet", file=sys.stderr)
        elif status != 200:
            failed.append(path)
        else:
            kept.append(page)
    if skip_missing:
        print("\n".join(kept))
    if failed and warn_only:
        print(f"WARNING: not served (200 expected): {', '.join(failed)}", file=sys.stderr)
    elif failed:
        sys.exit(f"Pages that do not answer 200: {', '.join(failed)}")


# -- Django-side helpers ------------------------------------------------------------------


def _django():
    import django

    django.setup()


def largest_open_space() -> str:
    """The slug of the most populated open space (the large preset puts `member` in it)."""
    _django()
    from hearth.spaces.models import Space, Visibility

    space = Space.objects.filter(visibility=Visibility.OPEN).order_by("-member_count").first()
    if space is None:
        sys.exit("No open space: was the database seeded?")
    print(f"{space.slug} {space.member_count}", file=sys.stderr)
    return space.slug


def bench_conversation() -> str:
    """The conversation page to load: the large preset's conversation with 50 replies in
    the largest open space (or, in an older dataset, an open conversation with about
    50 replies)."""
    _django()
    from hearth.conversations.models import Conversation
    from hearth.seed.large_content import BENCH_REPLIES, bench_conversation_id

    pk = bench_conversation_id()
    if pk is None:
        rows = Conversation.objects.filter(
            space__visibility="open", removed_at=None, reply_count__gte=BENCH_REPLIES
        )
        pk = rows.order_by("reply_count", "pk").values_list("pk", flat=True).first()
    if pk is None:
        sys.exit("No open conversation with 50 replies: was the database seeded?")
    conversation = Conversation.objects.select_related("space").get(pk=pk)
    print(
        f"conversation {pk}: {conversation.reply_count} replies in /s/{conversation.space.slug}/",
        file=sys.stderr,
    )
    return str(pk)


def feed_path() -> str:
    """Where the feed is: /feed/ when that address exists, else the home page /."""
    _django()
    from django.urls import Resolver404, resolve

    try:
        resolve("/feed/")
    except Resolver404:
        return "/"
    return "/feed/"


def dataset() -> str:
    _django()
    from django.contrib.auth import get_user_model

    from hearth.conversations.models import Conversation, Like, Reply
    from hearth.spaces.models import AccessRequest, Membership, Space

    return (
        f"{get_user_model().objects.count():,} people, {Space.objects.count():,} spaces, "
        f"{Membership.objects.count():,} memberships, "
        f"{AccessRequest.objects.filter(status='pending').count():,} pending access requests, "
        f"{Conversation.objects.count():,} conversations, {Reply.objects.count():,} replies, "
        f"{Like.objects.count():,} likes"
    )


def _signed_in_client(username: str):
    """A Django test client signed in as ``username``, for the in-process helpers."""
    _django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def profile_queries(username: str, paths: list[str]) -> None:
    """Render each page in-process as `username`: query count and the slowest queries."""
    client = _signed_in_client(username)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths:
        client.get(path)  # warm caches and connections
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        total = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"  {path}: {response.status_code}, {elapsed:.1f} ms, {len(queries)} queries "
            f"({total:.1f} ms in the database)"
        )
        for query in queries[:3]:
            print(f"      {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")


def request_cost(username: str, paths: list[str], requests: int) -> None:
    """CPU time one request costs in-process (Django test client, this process's
    settings and database), the least of five batches: on a shared machine the CPU time
    of a request varies far less than its latency, and the least batch the least."""
    client = _signed_in_client(username)
    batch = max(1, requests // 5)
    for path in paths:
        for _ in range(3):  # warm caches and connections
            status = client.get(path).status_code
        batches = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(batch):
                client.get(path)
            batches.append((time.process_time() - started) / batch * 1000)
        print(
            f"  {path}: {status}, {min(batches):.2f} ms of CPU per request "
            f"(batches of {batch}: {', '.join(f'{b:.1f}' for b in batches)})"
        )


def request_calls(username: str, paths: list[str], requests: int) -> None:
    """Python function calls and SQL queries one request makes, in-process: unlike
    time, the same on a busy machine as on a quiet one, so two versions of a page can
    be compared on a shared machine (fewer calls is less work, though calls differ in
    cost)."""
    import cProfile
    import pstats

    client = _signed_in_client(username)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths:
        for _ in range(3):  # warm caches and connections
            status = client.get(path).status_code
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(requests):
            client.get(path)
        profile.disable()
        calls = pstats.Stats(profile).total_calls / requests
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        print(
            f"  {path}: {status}, {calls:,.0f} Python calls, "
            f"{len(captured.captured_queries)} queries per request"
        )


# -- CPU per request ------------------------------------------------------------------


def _processes():
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        # The command name may hold spaces: the fields after it start after its ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        ppid, utime, stime = int(fields[1]), int(fields[11]), int(fields[12])
        yield int(entry.name), ppid, utime + stime, cmdline


def cpu_snapshot(server_pid: int, database: str) -> dict:
    """CPU seconds used so far, per process, by the server (master and workers) and by
    the PostgreSQL backends serving ``database``. Two snapshots around a load run,
    divided by its requests, tell what one request costs, whatever else the machine
    is doing (a backend that exits during the run takes its time with it)."""
    ticks = os.sysconf("SC_CLK_TCK")
    snapshot: dict[str, dict[str, float]] = {"server": {}, "postgres": {}}
    for pid, ppid, used, cmdline in _processes():
        if pid == server_pid or ppid == server_pid:
            snapshot["server"][str(pid)] = used / ticks
        elif database and cmdline.startswith("postgres:") and f" {database} " in cmdline:
            snapshot["postgres"][str(pid)] = used / ticks
    return snapshot


def cpu_used(before: dict, after: dict, kind: str) -> float:
    return sum(used - before[kind].get(pid, 0.0) for pid, used in after[kind].items())


# -- wrk output -------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(text: str) -> dict:
    percentiles = {
        int(p): _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+[a-z]+)", text, re.M)
    }
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in ([\d.]+\w+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    # status_errors: responses wrk saw that were not 2xx or 3xx (status.lua); older
    # runs printed non200, every response that was not 200.
    bad = re.search(r"(?:status_errors|non200): (\d+)", text)
    still = re.search(r"^still_200: (yes|no)", text, re.M)
    p95 = re.search(r"^p95_us: (\d+)", text, re.M)
    return {
        "median_ms": percentiles.get(50),
        "p95_ms": int(p95.group(1)) / 1000 if p95 else None,
        "p99_ms": percentiles.get(99),
        "rps": float(rps.group(1)) if rps else None,
        "requests": int(total.group(1)) if total else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
        "errors": int(bad.group(1)) if bad else None,
        # The page answered 200 with the same cookie after the load (run.sh): no
        # response of the load was a redirect to the sign-in page.
        "still_200": (still.group(1) == "yes") if still else None,
    }


# What "met" means, per page (its name in run.sh without the number): requests per
# second at least, p95 and p99 latency at most (ms). The conversation page and the
# feed are the targets; search is judged by its p95, on PostgreSQL.
TARGETS = {
    "spaces": {"rps": 150, "p99": 100},
    "space-home": {"rps": 150, "p99": 100},
    "people": {"rps": 150, "p99": 100},
    "conversation": {"rps": 150, "p99": 100},
    "feed": {"rps": 100, "p99": 100},
    "search": {"p95": 50},
}


def target_of(page: str, default: dict) -> dict:
    return TARGETS.get(page.split("-", 1)[-1], default)


def target_text(target: dict) -> str:
    parts = []
    if "rps" in target:
        parts.append(f"≥ {target['rps']}/s")
    for p in ("p95", "p99"):
        if p in target:
            parts.append(f"{p} ≤ {target[p]} ms")
    return ", ".join(parts)


def meets(result: dict, target: dict) -> bool:
    return (
        (result["rps"] or 0) >= target.get("rps", 0)
        and (result["p95_ms"] or 1e9) <= target.get("p95", 1e9)
        and (result["p99_ms"] or 1e9) <= target.get("p99", 1e9)
    )


def report(results_dir: str, min_rps: float, max_p99: float) -> int:
    """Summarise the wrk runs as a Markdown table; exit 1 when a response was not 200."""
    default = {"rps": min_rps, "p99": max_p99}
    rows, failures = [], []
    for path in sorted(Path(results_dir).glob("*.wrk.txt")):
        page = path.name.removesuffix(".wrk.txt")
        url = (Path(results_dir) / f"{page}.url").read_text().strip()
        result = parse_wrk(path.read_text())
        result["url"] = url
        result["page"] = page
        result["target"] = target_of(page, default)
        result["met"] = meets(result, result["target"])
        cpu = Path(results_dir) / f"{page}.cpu.json"
        if cpu.exists() and result["requests"]:
            before, after = json.loads(cpu.read_text())
            for kind in ("server", "postgres"):
                used = cpu_used(before, after, kind)
                result[f"{kind}_cpu_ms"] = 1000 * used / result["requests"]
            result["database_processes"] = bool(after["postgres"])
        rows.append(result)
        if result["errors"] is None or result["errors"] > 0:
            failures.append(f"{url}: {result['errors']} responses were errors")
        if result["still_200"] is False:
            failures.append(f"{url}: did not answer 200 after the load (signed out?)")
        if result["socket_errors"]:
            failures.append(f"{url}: socket errors {result['socket_errors']}")
    (Path(results_dir) / "results.json").write_text(json.dumps(rows, indent=2))
    print(
        "| page | median | p95 | p99 | requests/s | requests | errors "
        "| CPU per request: server + database | target | |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        if "server_cpu_ms" not in r:
            cpu = "?"
        elif r["database_processes"]:
            cpu = f"{r['server_cpu_ms']:.1f} + {r['postgres_cpu_ms']:.1f} ms"
        else:  # SQLite runs inside the server's processes
            cpu = f"{r['server_cpu_ms']:.1f} ms (with SQLite)"
        p95 = f"{r['p95_ms']:.1f} ms" if r["p95_ms"] is not None else "?"
        print(
            f"| `{r['url']}` | {r['median_ms']:.1f} ms | {p95} | {r['p99_ms']:.1f} ms | "
            f"{r['rps']:.0f} | {r['requests']:,} | {r['errors']} | {cpu} | "
            f"{target_text(r['target'])} | {'met' if r['met'] else 'missed'} |"
        )
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("createdb").add_argument("url")
    commands.add_parser("wait").add_argument("base")
    p = commands.add_parser("signin")
    p.add_argument("base")
    p.add_argument("username")
    p.add_argument("password")
    p = commands.add_parser("check")
    p.add_argument("base")
    p.add_argument("cookie")
    p.add_argument("paths", nargs="+", help="paths, or name:path pairs")
    p.add_argument("--warn-only", action="store_true", help="report failures, do not fail")
    p.add_argument(
        "--skip-missing",
        action="store_true",
        help="skip pages that answer 404 and print the others (name:path) on stdout",
    )
    commands.add_parser("analyze").add_argument("url")
    commands.add_parser("database-version").add_argument("url")
    commands.add_parser("bench-conversation")
    commands.add_parser("feed-path")
    p = commands.add_parser("cpu")
    p.add_argument("server_pid", type=int)
    p.add_argument("database", help="PostgreSQL database name; empty for SQLite")
    commands.add_parser("largest-open-space")
    commands.add_parser("dataset")
    p = commands.add_parser("queries")
    p.add_argument("username")
    p.add_argument("paths", nargs="+")
    for name, what, requests in (
        ("cost", "CPU per request", 100),
        ("calls", "Python calls and queries per request (the same on a busy machine)", 20),
    ):
        p = commands.add_parser(
            name,
            help=f"in-process {what}; needs DATABASE_URL and HEARTH_SECRET_KEY, "
            "as bench/run.sh sets them",
        )
        p.add_argument("username")
        p.add_argument("paths", nargs="+")
        p.add_argument("--requests", type=int, default=requests)
    p = commands.add_parser("report")
    p.add_argument("results_dir")
    p.add_argument("--min-rps", type=float, default=150)
    p.add_argument("--max-p99", type=float, default=100)
    args = parser.parse_args()

    if args.command == "createdb":
        createdb(args.url)
    elif args.command == "wait":
        wait_until_up(args.base)
    elif args.command == "signin":
        print(signin(args.base, args.username, args.password))
    elif args.command == "check":
        check_pages(
            args.base,
            args.cookie,
            args.paths,
            warn_only=args.warn_only,
            skip_missing=args.skip_missing,
        )
    elif args.command == "analyze":
        analyze(args.url)
    elif args.command == "database-version":
        print(database_version(args.url))
    elif args.command == "bench-conversation":
        print(bench_conversation())
    elif args.command == "feed-path":
        print(feed_path())
    elif args.command == "cpu":
        print(json.dumps(cpu_snapshot(args.server_pid, args.database)))
    elif args.command == "largest-open-space":
        print(largest_open_space())
    elif args.command == "dataset":
        print(dataset())
    elif args.command == "queries":
        profile_queries(args.username, args.paths)
    elif args.command == "cost":
        request_cost(args.username, args.paths, args.requests)
    elif args.command == "calls":
        request_calls(args.username, args.paths, args.requests)
    elif args.command == "report":
        sys.exit(report(args.results_dir, args.min_rps, args.max_p99))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings.prod")
    main()
