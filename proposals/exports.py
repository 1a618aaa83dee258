"""Open data: every public proposal as CSV and JSON, without any personal data (no names, no e-mail addresses,
no signers; only how many signed)."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse, JsonResponse

from styrmodell.lib.xlsx import neutralise

from .models import Proposal

# Field name → description (shown on the list page's open-data section).
FIELDS = [
    "code",
    "title",
    "text",
    "topic",
    "board",
    "status",
    "published",
    "signing_ends",
    "threshold",
    "signatures",
    "threshold_reached",
    "answer",
    "decision_date",
    "decision_paragraph",
    "decision",
    "answer_published",
]


def _date(value) -> str:
    return value.isoformat() if value else ""


def rows() -> list[dict]:
    proposals = (
        Proposal.objects.public()
        .with_signature_count()
        .select_related("board")
        .order_by("published_at", "pk")
    )
    result = []
    for p in proposals:
        answered = p.status == Proposal.Status.ANSWERED
        result.append(
            {
                "code": str(p.code),
                "title": p.title,
                "text": p.text,
                "topic": p.topic,
                "board": p.board.name,
                "status": p.status,
                "published": _date(p.published_at and p.published_at.date()),
                "signing_ends": _date(p.signing_ends),
                "threshold": p.threshold,
                "signatures": p.signature_count,
                "threshold_reached": _date(p.threshold_reached_at and p.threshold_reached_at.date()),
                # The answer is public only once the secretary has published it.
                "answer": p.answer if answered else "",
                "decision_date": _date(p.decision_date) if answered else "",
                "decision_paragraph": p.decision_paragraph if answered else "",
                "decision": p.decision if answered else "",
                "answer_published": _date(p.answer_published_at and p.answer_published_at.date()),
            }
        )
    return result


def proposals_csv(request: HttpRequest) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for row in rows():
        writer.writerow([neutralise(row[name]) if row[name] is not None else "" for name in FIELDS])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="e-forslag.csv"'
    return response


def proposals_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        {"fields": FIELDS, "proposals": rows()}, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'inline; filename="e-forslag.json"'
    return response
