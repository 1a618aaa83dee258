"""A fresh machine says what it needs: the check `./dev run` and `./dev test` make before anything else, and a
suite that still collects where WeasyPrint warns about a missing library."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from styrmodell.lib import system_libraries as syslibs

ROOT = Path(__file__).resolve().parents[2]


def without(*absent: str):
    return lambda name: None if name in absent else f"lib{name}.so.0"


def test_it_finds_nothing_missing_when_everything_is_there() -> None:
    assert syslibs.missing(syslibs.NEEDS["test"], find_library=without(), is_executable=lambda p: True) == []


def test_it_names_a_missing_library_and_the_exact_apt_get_line(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DEV_AUTO_INSTALL", raising=False)
    out = io.StringIO()
    status = syslibs.check(
        "run", out=out, find_library=without("harfbuzz-subset"), is_executable=lambda p: True
    )
    assert status == syslibs.MISSING_EXIT_STATUS
    lines = out.getvalue().splitlines()
    assert lines == [
        "Missing system libraries: HarfBuzz subsetting. Install them with: sudo apt-get install -y libharfbuzz-subset0"
    ]


def test_it_asks_for_chromium_java_and_npm_only_for_the_tests(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DEV_AUTO_INSTALL", raising=False)
    probes = {"find_library": without("pango-1.0"), "is_executable": lambda p: False}
    run, test = io.StringIO(), io.StringIO()
    assert syslibs.check("run", out=run, **probes) == syslibs.MISSING_EXIT_STATUS
    assert syslibs.check("test", out=test, **probes) == syslibs.MISSING_EXIT_STATUS
    assert "chromium" not in run.getvalue()
    assert run.getvalue().strip().endswith("apt-get install -y libpango-1.0-0 libpangoft2-1.0-0")
    packages = "chromium default-jre-headless libpango-1.0-0 libpangoft2-1.0-0 npm"
    assert test.getvalue().strip().endswith(f"apt-get install -y {packages}")


def test_it_installs_only_when_asked_as_root(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert not syslibs.may_install({})
    monkeypatch.setattr(syslibs.os, "geteuid", lambda: 1000)
    assert not syslibs.may_install({"CI": "1"})


def test_the_script_runs_with_the_system_python_and_imports_nothing_of_the_project() -> None:
    # `./dev` runs it before the virtualenv exists: the standard library must be enough.
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(ROOT / "styrmodell/lib/system_libraries.py"), "run"],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert done.returncode in (0, syslibs.MISSING_EXIT_STATUS), done.stderr


def test_the_suite_still_collects_where_weasyprint_warns_about_a_missing_harfbuzz_subset() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.styrmodell.without_harfbuzz_subset",
            "tests/reporting/test_pdf_safety.py",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "test_pdf_safety.py: " in done.stdout  # its tests were collected


@pytest.mark.parametrize("module", ["styrmodell.lib.pdf", "commitments.views", "reporting.services"])
def test_a_warning_raised_in_project_code_is_still_an_error(module: str) -> None:
    with pytest.raises(DeprecationWarning):
        warnings.warn_explicit("old API", DeprecationWarning, f"{module}.py", 1, module=module)


def test_a_warning_raised_inside_weasyprint_is_not() -> None:
    warnings.warn_explicit("HarfBuzz-Subset", DeprecationWarning, "ffi.py", 1, module="weasyprint.text.ffi")
