"""Builders for feedback tests: a citizen's case about a unit, files of each kind, a clean rate-limit count."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from feedback import services
from feedback.models import Case, Category
from styrmodell.models import OrgUnit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(
    content: bytes, name: str = "bilaga.pdf", content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_case(unit: OrgUnit, **fields) -> Case:
    fields.setdefault("category", Category.COMPLAINT)
    fields.setdefault("text", "Maten var kall.")
    return services.submit_case(unit=unit, **fields)


def form_data(unit: OrgUnit, **extra) -> dict:
    data = {
        "category": Category.COMPLAINT,
        "unit": str(unit.code),
        "text": "Maten i skolan var kall tre dagar i rad.",
        "name": "",
        "email": "",
        "website": "",
    }
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def _clean_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
