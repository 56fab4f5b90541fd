"""Run every benchmark against a throwaway database on the server in DATABASE_URL.

    python -m bench [--only provisioning] [--schools 200]

Prints a table per benchmark with medians and the ratio to the stock way.
"""

import argparse
import os
import platform
import sys
import time
from urllib.parse import urlsplit

import psycopg2

BENCH_DB = "nastavnik_bench"


def _recreate_database() -> None:
    url = urlsplit(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port,
        user=url.username or "postgres",
        password=url.password or "",
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    admin.close()
    os.environ["DATABASE_URL"] = url._replace(path=f"/{BENCH_DB}").geturl()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", action="append", help="run only these benchmarks")
    parser.add_argument("--schools", type=int, default=200, help="schemas for the migration check")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measured operation")
    parser.add_argument(
        "--analytics-schools", type=int, default=2000, help="schools of the per-school facts benchmark"
    )
    args = parser.parse_args()
    _recreate_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate_schools", verbosity=0)
    from bench import (
        analytics,
        analytics_dashboard,
        consultations,
        matching,
        monitoring,
        participants,
        provisioning,
    )

    suites = {
        "provisioning": provisioning.run,
        "participants": participants.run,
        "matching": matching.run,
        "monitoring": monitoring.run,
        "analytics": analytics.run,
        "analytics_dashboard": analytics_dashboard.run,
        "consultations": consultations.run,
    }
    print(f"# Nastavnik benchmarks\n\nMachine: {machine()}\nPostgreSQL: {_server_version()}\n")
    started = time.perf_counter()
    for name, run in suites.items():
        if args.only and name not in args.only:
            continue
        run(args)
    print(f"\nTotal bench time: {time.perf_counter() - started:.0f} s")
    return 0


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
