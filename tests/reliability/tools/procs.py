"""Real processes for the reliability tests: PostgreSQL databases of their own, gunicorn and Celery workers.

Everything listens on 127.0.0.1 only, on a free port, and is stopped by the test that started it (or at exit).
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = Path(sys.executable).parent
# Redis database reserved for these tests; never the one the rest of the suite uses.
REDIS_URL = os.environ.get("RELIABILITY_REDIS_URL", "redis://127.0.0.1:6379/14")
# Every database these tests create starts with this, so a leftover is easy to recognise and drop.
DB_PREFIX = "styr_reliability_"

_started: list[subprocess.Popen] = []


def postgres_url() -> str | None:
    """The PostgreSQL server the suite runs on (DATABASE_URL), or None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def db_url(name: str) -> str:
    """DATABASE_URL with another database name on the same server."""
    parts = urlsplit(postgres_url() or "")
    return urlunsplit(parts._replace(path="/" + name))


def _admin() -> psycopg.Connection:
    return psycopg.connect(db_url("postgres"), autocommit=True)


def terminate_connections(name: str) -> int:
    """End every server process connected to the database (as a crash or failover would); returns how many."""
    with _admin() as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)


def drop_db(name: str) -> None:
    assert name.startswith(DB_PREFIX), name
    terminate_connections(name)
    with _admin() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def create_db(name: str, template: str | None = None) -> str:
    """A fresh database (dropped first if left over), optionally a copy of a template; returns its URL."""
    drop_db(name)
    with _admin() as conn:
        if template:
            terminate_connections(template)
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return db_url(name)


def query(url: str, statement: str, params: list | None = None) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(statement, params or []).fetchall()


def app_env(
    database_url: str, media_root: str | Path, redis_url: str | None = REDIS_URL, **extra: str
) -> dict:
    """The environment of an app process: production-like (no DEBUG), our own database, Redis and media."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="styrmodell.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        DEBUG="false",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_demo_db(name: str, media_root: str | Path) -> str:
    """A new database with every migration applied and the demo municipality loaded; returns its URL."""
    url = create_db(name)
    env = app_env(url, media_root, redis_url=None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    return url


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound and released, never listened on)."""
    return free_port()


def _spawn(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as handle:
        proc = subprocess.Popen(  # noqa: S603 - fixed argument list
            args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
    proc.log_path = log  # type: ignore[attr-defined]
    _started.append(proc)
    return proc


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    """Stop the process and its children (its own session), by signal; SIGKILL if it does not go in time."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    if proc in _started:
        _started.remove(proc)


@atexit.register
def _stop_all() -> None:
    for proc in list(_started):
        stop(proc, timeout=5)


def log_tail(proc: subprocess.Popen, chars: int = 4000) -> str:
    path: Path = proc.log_path  # type: ignore[attr-defined]
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def wait_http(
    port: int, path: str = "/logga-in/", timeout: float = 60, proc: subprocess.Popen | None = None
) -> None:
    """Wait until the server on the port answers the path with a non-5xx status."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log_tail(proc)}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", path)
            status = conn.getresponse().status
            if status < 500:
                return
            last = f"status {status}"
        except (OSError, http.client.HTTPException) as error:
            last = str(error)
        finally:
            conn.close()
        time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not answer within {timeout} s ({last})")


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 2, threads: int = 1, log_dir: Path | None = None) -> Iterator[int]:
    """gunicorn serving the app on a free port of 127.0.0.1; yields the port."""
    port = free_port()
    log_dir = Path(log_dir or tempfile.mkdtemp(prefix="styr-gunicorn-"))
    proc = _spawn(
        [
            str(VENV_BIN / "gunicorn"),
            "styrmodell.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ],
        env,
        log_dir / "gunicorn.log",
    )
    try:
        wait_http(port, proc=proc)
        yield port
    finally:
        stop(proc)


def celery_worker(env: dict, log: Path, concurrency: int = 1, include: str = "") -> subprocess.Popen:
    """A real Celery worker process (prefork), in its own session so it can be killed whole."""
    return _spawn(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "styrmodell",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=reliability-{os.getpid()}-{time.monotonic_ns()}@127.0.0.1",
            *([f"--include={include}"] if include else []),
        ],
        env,
        log,
    )


def flush_redis(url: str = REDIS_URL) -> None:
    import redis

    assert url.endswith("/14"), "only the reliability tests' own Redis database is flushed"
    redis.Redis.from_url(url).flushdb()
