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


def createdb(url: str) -> None:
    """Drop and recreate the database named in ``url`` (connecting to ``postgres``)."""
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


def check_pages(base: str, cookie: str, paths: list[str], warn_only: bool = False) -> None:
    """Every page must answer 200 itself: a redirect to the login page is a failure."""
    opener = urllib.request.build_opener(_NoRedirect)
    failed = []
    for path in paths:
        request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie})
        try:
            with opener.open(request, timeout=30) as response:
                status, size = response.status, len(response.read())
        except urllib.error.HTTPError as error:
            status, size = error.code, 0
            location = error.headers.get("Location")
            if location:
                status = f"{status} → {location}"
        print(f"  {path:<50} {status}  ({size:,} bytes)")
        if status != 200:
            failed.append(path)
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


def dataset() -> str:
    _django()
    from django.contrib.auth import get_user_model

    from hearth.spaces.models import AccessRequest, Membership, Space

    return (
        f"{get_user_model().objects.count():,} people, {Space.objects.count():,} spaces, "
        f"{Membership.objects.count():,} memberships, "
        f"{AccessRequest.objects.filter(status='pending').count():,} pending access requests"
    )


def profile_queries(username: str, paths: list[str]) -> None:
    """Render each page in-process as `username`: query count and the slowest queries."""
    _django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
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
        elif cmdline.startswith("postgres:") and f" {database} " in cmdline:
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
    bad = re.search(r"non200: (\d+)", text)
    return {
        "median_ms": percentiles.get(50),
        "p99_ms": percentiles.get(99),
        "rps": float(rps.group(1)) if rps else None,
        "requests": int(total.group(1)) if total else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
        "non_200": int(bad.group(1)) if bad else None,
    }


def report(results_dir: str, min_rps: float, max_p99: float) -> int:
    """Summarise the wrk runs as a Markdown table; exit 1 when a response was not 200."""
    rows, failures = [], []
    for path in sorted(Path(results_dir).glob("*.wrk.txt")):
        page = path.name.removesuffix(".wrk.txt")
        url = (Path(results_dir) / f"{page}.url").read_text().strip()
        result = parse_wrk(path.read_text())
        result["url"] = url
        cpu = Path(results_dir) / f"{page}.cpu.json"
        if cpu.exists() and result["requests"]:
            before, after = json.loads(cpu.read_text())
            for kind in ("server", "postgres"):
                used = cpu_used(before, after, kind)
                result[f"{kind}_cpu_ms"] = 1000 * used / result["requests"]
        rows.append(result)
        if result["non_200"] is None or result["non_200"] > 0:
            failures.append(f"{url}: {result['non_200']} responses were not 200")
        if result["socket_errors"]:
            failures.append(f"{url}: socket errors {result['socket_errors']}")
    (Path(results_dir) / "results.json").write_text(json.dumps(rows, indent=2))
    print(
        "| page | median | p99 | requests/s | requests | non-200 "
        "| CPU per request: server + PostgreSQL | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        meets = (r["rps"] or 0) >= min_rps and (r["p99_ms"] or 1e9) <= max_p99
        cpu = (
            f"{r['server_cpu_ms']:.1f} + {r['postgres_cpu_ms']:.1f} ms"
            if "server_cpu_ms" in r
            else "?"
        )
        print(
            f"| `{r['url']}` | {r['median_ms']:.1f} ms | {r['p99_ms']:.1f} ms | "
            f"{r['rps']:.0f} | {r['requests']:,} | {r['non_200']} | {cpu} | "
            f"{'met' if meets else 'missed'} |"
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
    p.add_argument("paths", nargs="+")
    p.add_argument("--warn-only", action="store_true", help="report failures, do not fail")
    p = commands.add_parser("cpu")
    p.add_argument("server_pid", type=int)
    p.add_argument("database")
    commands.add_parser("largest-open-space")
    commands.add_parser("dataset")
    p = commands.add_parser("queries")
    p.add_argument("username")
    p.add_argument("paths", nargs="+")
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
        check_pages(args.base, args.cookie, args.paths, warn_only=args.warn_only)
    elif args.command == "cpu":
        print(json.dumps(cpu_snapshot(args.server_pid, args.database)))
    elif args.command == "largest-open-space":
        print(largest_open_space())
    elif args.command == "dataset":
        print(dataset())
    elif args.command == "queries":
        profile_queries(args.username, args.paths)
    elif args.command == "report":
        sys.exit(report(args.results_dir, args.min_rps, args.max_p99))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings.prod")
    main()
