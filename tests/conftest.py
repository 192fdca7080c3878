"""What the tests need from outside the repository, found in one place.

- The evaluation datasets: ``data_dir("neus-allsides")`` is that dataset's folder under
  NEWSDESK_DATA, by default ``../shared/data`` beside the repository's root when it
  exists. A missing dataset skips the test with one line naming it, or fails it when
  NEWSDESK_REQUIRE_DATA=1 (CI). Unit and golden tests never need them: they read the
  small slices in ``tests/fixtures/`` (see its README.md).
- Debian's chromium (browser tests): ``chromium_bin``, from NEWSDESK_CHROMIUM or PATH.
- A real PostgreSQL server, started once per session: ``pg_server`` and ``pg_url``. It
  runs from Debian's postgresql binaries (NEWSDESK_PG_BIN names their folder where they
  are not under /usr/lib/postgresql or on PATH) as a non-root user, in a temporary
  folder, on a free port, reachable only through a unix socket there.

Without chromium or PostgreSQL their tests skip with one line saying what to install,
except under CI (the CI variable set), where they fail.
"""

from __future__ import annotations

import getpass
import glob
import importlib.util
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_NAMES = itertools.count()


def _unavailable(message: str, *, fail: bool) -> NoReturn:
    """Skip the test for want of something outside the repository, or fail it."""
    if fail:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _data_root() -> Path | None:
    """The folder holding the evaluation datasets, or None when there is none."""
    chosen = os.environ.get("NEWSDESK_DATA")
    if chosen:
        return Path(chosen)
    return DEFAULT_DATA if DEFAULT_DATA.is_dir() else None


@pytest.fixture(scope="session")
def data_dir() -> Callable[[str], Path]:
    """``data_dir(name)``: the folder of the evaluation dataset ``name`` (or skip/fail)."""
    root = _data_root()

    def find(name: str) -> Path:
        if root is not None and (root / name).exists():
            return root / name
        where = f"not in {root}" if root else "NEWSDESK_DATA unset and no ../shared/data"
        _unavailable(
            f"needs the evaluation dataset {name} ({where}): "
            "set NEWSDESK_DATA to the folder holding the datasets",
            fail=_flag("NEWSDESK_REQUIRE_DATA"),
        )

    return find


@pytest.fixture(scope="session")
def chromium_bin() -> Path:
    """Debian's chromium for Playwright: NEWSDESK_CHROMIUM, else ``chromium`` on PATH."""
    chosen = os.environ.get("NEWSDESK_CHROMIUM")
    found = (chosen if Path(chosen).is_file() else None) if chosen else shutil.which("chromium")
    missing = []
    if found is None:
        where = f"NEWSDESK_CHROMIUM={chosen} is no file" if chosen else "none on PATH"
        missing.append(f"Debian's chromium ({where}; apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package")
    if found is None or missing:  # found is None only with something missing
        _unavailable("browser tests need " + " and ".join(missing), fail=_flag("CI"))
    return Path(found)


def _pg_bin() -> Path | None:
    chosen = os.environ.get("NEWSDESK_PG_BIN")  # a folder holding initdb and pg_ctl
    if chosen is not None:
        return Path(chosen) if (Path(chosen) / "pg_ctl").is_file() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """A throwaway PostgreSQL cluster; ``new_database()`` gives each test its own database."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = "postgres" if os.geteuid() == 0 else getpass.getuser()
        if os.geteuid() == 0:
            shutil.chown(self.root, user=self.user)

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
            "-A", "trust", "-E", "UTF8",
        )  # fmt: skip
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={self.root} "
            f"-p {self.port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.root / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@/{dbname}?host={self.root}&port={self.port}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(_NAMES)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bin_dir = _pg_bin()
    if bin_dir is None:
        _unavailable(
            "PostgreSQL binaries not found (/usr/lib/postgresql/*/bin/pg_ctl, pg_ctl on PATH "
            "or NEWSDESK_PG_BIN): apt-get install postgresql",
            fail=_flag("CI"),
        )
    server = PgServer(bin_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh, empty database on the session's server."""
    return pg_server.new_database()
