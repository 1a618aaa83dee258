"""Builders for the reporting tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Report PDFs, archives and job results are written below a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
