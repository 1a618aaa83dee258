"""`manage.py check --deploy` with production settings passes without a warning (CI runs the same command)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def production_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(64)[:50],
        ALLOWED_HOSTS="example.se",
        DJANGO_SETTINGS_MODULE="styrmodell.settings",
    )
    return env


def test_it_passes_the_deployment_check_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = production_env()
    env["SECRET_KEY"] = ""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_lists_every_environment_variable_in_env_example():
    import re

    source = (BASE_DIR / "styrmodell" / "settings.py").read_text()
    read = set(re.findall(r'(?:environ\.get|envbool|envint|envlist)\("([A-Z_]+)"', source))
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.MULTILINE))
    assert read, "no variables found in settings.py"
    assert sorted(read - listed) == []
