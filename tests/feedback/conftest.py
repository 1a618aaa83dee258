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


def at(day, hour: int = 12):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate(case: Case, received, answered=None, closed=None, cause: str = "") -> Case:
    """Move a case to the given days, with its deadlines computed from the received day."""
    from django.conf import settings

    from feedback.models import add_working_days

    Case.objects.filter(pk=case.pk).update(
        received_at=at(received),
        received_on=received,
        acknowledge_by=add_working_days(received, settings.FEEDBACK_ACKNOWLEDGE_DAYS),
        answer_by=add_working_days(received, settings.FEEDBACK_ANSWER_DAYS),
        first_answered_at=at(answered) if answered else None,
        answered_at=at(answered) if answered else None,
        acknowledged_at=at(answered) if answered else None,
        status=Case.Status.CLOSED if closed else (Case.Status.ANSWERED if answered else Case.Status.RECEIVED),
        closed_at=at(closed) if closed else None,
        cause=cause,
    )
    case.refresh_from_db()
    return case
