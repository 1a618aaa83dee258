"""What the operating system must provide besides Python: Pango (WeasyPrint lays out PDFs with it), HarfBuzz
subsetting (WeasyPrint embeds font subsets with it) and, for the tests, Debian's chromium (browser tests), Java
and npm (the Nu HTML checker, vnu.jar from npm, tests/security/test_html_valid.py).

`./dev run` and `./dev test` run this file as a script with the system's Python before anything is installed,
so it uses the standard library only and imports nothing of the project:

    python3 styrmodell/lib/system_libraries.py run|test

It prints one line naming what is missing and the `apt-get install` that provides it, and exits with status 3.
As root, with apt-get present and `CI` or `DEV_AUTO_INSTALL` set, it installs the packages instead.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

MISSING_EXIT_STATUS = 3


@dataclass(frozen=True)
class Need:
    name: str  # what a person calls it
    library: str | None  # a shared library, as ctypes.util.find_library names it
    path: str | None  # or an executable's path
    packages: tuple[str, ...]  # the Debian/Ubuntu packages that provide it


PANGO = Need("Pango", "pango-1.0", None, ("libpango-1.0-0", "libpangoft2-1.0-0"))
HARFBUZZ_SUBSET = Need("HarfBuzz subsetting", "harfbuzz-subset", None, ("libharfbuzz-subset0",))
CHROMIUM = Need("Chromium (browser tests)", None, "/usr/bin/chromium", ("chromium",))
JAVA = Need("Java (the Nu HTML checker)", None, "/usr/bin/java", ("default-jre-headless",))
NPM = Need("npm (installs the Nu HTML checker)", None, "/usr/bin/npm", ("npm",))

NEEDS: dict[str, list[Need]] = {
    "run": [PANGO, HARFBUZZ_SUBSET],
    "test": [PANGO, HARFBUZZ_SUBSET, CHROMIUM, JAVA, NPM],
}


def missing(
    needs: list[Need],
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
    is_executable: Callable[[str], bool] = lambda path: os.access(path, os.X_OK),
) -> list[Need]:
    """The needs this machine does not meet."""
    return [
        need
        for need in needs
        if (need.library and not find_library(need.library)) or (need.path and not is_executable(need.path))
    ]


def install_command(needs: list[Need]) -> list[str]:
    packages = sorted({p for need in needs for p in need.packages})
    return ["apt-get", "install", "-y", *packages]


def message(needs: list[Need]) -> str:
    """One line: what is missing and the exact command that installs it."""
    names = ", ".join(need.name for need in needs)
    return f"Missing system libraries: {names}. Install them with: sudo {' '.join(install_command(needs))}"


def may_install(environ: dict[str, str] | None = None) -> bool:
    """Installing is for throw-away machines: as root, with apt-get, and only when CI or DEV_AUTO_INSTALL asks."""
    environ = os.environ if environ is None else environ
    asked = bool(environ.get("CI") or environ.get("DEV_AUTO_INSTALL"))
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return asked and is_root and shutil.which("apt-get") is not None


def check(purpose: str, out=sys.stderr, **probes) -> int:
    """Exit status for `purpose` ("run" or "test"): 0 when everything is there (or was installed)."""
    lacking = missing(NEEDS[purpose], **probes)
    if not lacking:
        return 0
    if may_install():
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        print(f"Installing {' '.join(install_command(lacking)[3:])} …", file=out)
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)  # noqa: S603, S607
        done = subprocess.run([*install_command(lacking), "-qq"], check=False, env=env)  # noqa: S603
        if done.returncode == 0 and not missing(lacking, **probes):
            return 0
    print(message(lacking), file=out)
    return MISSING_EXIT_STATUS


if __name__ == "__main__":
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else "run"))
