"""A person's data in feedback cases, for the personal-data page: export(email) and erase(email).

Matched on the e-mail address (case-insensitive). Erasure removes the name, address and attachment exactly as the
retention job does; the case stays, without them, for the statistics."""

from __future__ import annotations

from .models import Case
from .services import remove_personal_data


def _cases(email: str):
    return Case.objects.filter(email__iexact=email.strip()).select_related("unit").order_by("received_at")


def export(email: str) -> dict:
    return {
        "cases": [
            {
                "number": case.number,
                "received": case.received_at.isoformat(),
                "concerns": case.unit.name,
                "category": case.category,
                "name": case.name,
                "email": case.email,
                "text": case.text,
                "has_attachment": bool(case.attachment),
                "status": case.status,
                "answer": case.answer,
                "events": [
                    {"kind": e.kind, "at": e.at.isoformat(), "text": e.text}
                    for e in case.events.filter(by__isnull=True)
                ],
            }
            for case in _cases(email)
        ]
    }


def erase(email: str) -> int:
    count = 0
    for case in _cases(email):
        remove_personal_data(case)
        count += 1
    return count
