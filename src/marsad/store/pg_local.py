"""A throwaway PostgreSQL cluster in a folder: for the tests, the benchmarks and trying marsad out.

Debian's PostgreSQL binaries (`initdb`, `pg_ctl`) make a private cluster listening on
127.0.0.1 at a free port, with password authentication over TCP, so the URL it hands
out is what a user would give `--db`. PostgreSQL refuses to run as root, so as root
the cluster belongs to the `postgres` system user and its commands run through
`runuser`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LocalCluster", "find_binaries"]

USER, PASSWORD = "marsad", "marsad-local"


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (PATH first, then Debian's versioned folders), or None."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalCluster:
    """A running private cluster; `url(db)` connects to database `db` in it."""

    folder: Path
    port: int
    bin: Path
    owner: str | None  # the system user it runs as when we are root

    @classmethod
    def start(cls, folder: str | os.PathLike[str] | None = None, *, fsync: bool = False) -> LocalCluster:
        """initdb into `folder` (a new temporary one by default; as root, its parents must let
        the `postgres` user through) and start the server. A `folder` that already holds a
        cluster (kept by `stop(remove=False)`) is started as it is, so a benchmark can reuse
        an archive it took minutes to build.

        `fsync=False` (tests) trades crash safety for speed; benchmarks say which they used.
        """
        binaries = find_binaries()
        if binaries is None:
            raise FileNotFoundError("PostgreSQL is not installed (no initdb found on PATH or in /usr/lib/postgresql)")
        owner = "postgres" if os.geteuid() == 0 else None
        base = Path(folder or tempfile.mkdtemp(prefix="marsad-pg-"))
        base.mkdir(parents=True, exist_ok=True)
        cluster = cls(base, _free_port(), binaries, owner)
        if not (cluster.data / "PG_VERSION").exists():
            cluster._init()
        cluster._run("pg_ctl", "-D", str(cluster.data), "-l", str(base / "server.log"), "-w", "-t", "60",
                     "-o", f"-c listen_addresses=127.0.0.1 -c port={cluster.port} "
                     f"-c unix_socket_directories={base}" + ("" if fsync else " -c fsync=off -c full_page_writes=off"),
                     "start")  # fmt: skip
        return cluster

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _init(self) -> None:
        pwfile = self.folder / "pwfile"
        pwfile.write_text(PASSWORD + "\n")
        if self.owner:
            entry = pwd.getpwnam(self.owner)
            for path in (self.folder, pwfile):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", USER, f"--pwfile={pwfile}", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256")  # fmt: skip
        pwfile.unlink()

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    def url(self, database: str = "postgres", *, password: str = PASSWORD) -> str:
        """The connection URL of `database` in this cluster, as a user would write it."""
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create database `name` (optionally a copy of `template`) and return its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)

    def stop(self, *, remove: bool = True) -> None:
        """Stop the server and remove its folder (or keep it, stopped cleanly, to start again)."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate" if remove else "fast", "-w", "stop")
        finally:
            if remove:
                shutil.rmtree(self.folder, ignore_errors=True)
