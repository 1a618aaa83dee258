"""Backup and restore, end to end, exactly as README's Operations section tells an operator to do it:
`./dev backup FILE` of a database with the demo municipality and an archived report, `./dev restore FILE` into a
new empty database and media folder; the restored copy holds the same rows, serves the same pages and its
archived reports still have their recorded checksums."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .tools import procs

pytestmark = pytest.mark.needs_postgres


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows, and every sequence's position."""
    tables = [
        row[0]
        for row in procs.query(
            url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    result: dict[str, tuple[int, str]] = {}
    for table in tables:
        count, digest = procs.query(
            url,
            f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM \"{table}\" t",  # noqa: S608
        )[0]
        result[table] = (count, digest)
    for name, value in procs.query(
        url, "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public'"
    ):
        result["sequence " + name] = (value, "")
    return result


def dev(*args: str, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["bash", str(procs.ROOT / "dev"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"./dev {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def snapshot(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.reliability.tools.site_snapshot", *args],
        cwd=procs.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout) if result.stdout.strip() else {}


def test_it_restores_a_backup_that_serves_the_same_pages_and_archive(
    live_db: str, media_root: Path, tmp_path: Path
) -> None:
    source_media = media_root
    source_env = procs.app_env(live_db, source_media, redis_url=None)
    snapshot(source_env, "--make-archive")
    # A first look, before the backup, so anything a page creates the first time it is shown exists in both
    # (the internal-control risk matrix is created on first view).
    snapshot(source_env)
    restored_name = f"{procs.DB_PREFIX}{os.getpid()}_restored"
    restored_url = procs.create_db(restored_name)
    try:
        backup = tmp_path / "styrmodell.dump"
        dev("backup", str(backup), env=source_env)
        assert backup.stat().st_size > 0
        assert Path(f"{backup}.media.tar.gz").exists()

        restored_media = tmp_path / "restored-media"
        restored_env = procs.app_env(restored_url, restored_media, redis_url=None)
        dev("restore", str(backup), env=restored_env)

        before, after = table_fingerprints(live_db), table_fingerprints(restored_url)
        assert before["styrmodell_orgunit"][0] > 0
        assert before["reporting_archivedreport"][0] >= 1
        assert after == before

        source_site, restored_site = snapshot(source_env), snapshot(restored_env)
        pages = source_site["pages"]
        assert len(pages) >= 20, "the crawl reached too few pages to compare"
        assert all(status < 400 for status, _ in pages.values()), {
            p: s for p, (s, _) in pages.items() if s >= 400
        }
        assert restored_site["pages"] == pages
        archive = source_site["archive"]
        assert archive and all(ok for _, _, ok in archive)
        assert restored_site["archive"] == archive
    finally:
        procs.drop_db(restored_name)


def test_it_refuses_to_restore_over_a_database_that_is_not_empty(live_db: str, tmp_path: Path) -> None:
    env = procs.app_env(live_db, tmp_path / "media", redis_url=None)
    backup = tmp_path / "styrmodell.dump"
    dev("backup", str(backup), env=env)
    before = table_fingerprints(live_db)
    result = subprocess.run(
        ["bash", str(procs.ROOT / "dev"), "restore", str(backup)],
        env={**env, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert table_fingerprints(live_db) == before
