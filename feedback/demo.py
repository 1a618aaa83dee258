"""Demo data: a few citizens' cases at different stages, among them a complaint about Kostenheten answered and
closed by its manager (chef-kost), so it shows in Kostenheten's statistics and in SBN's report.

Idempotent: each case is looked up by its fixed demo case number. Dates are counted back from today."""

from __future__ import annotations

import datetime

from django.utils import timezone

from styrmodell.demo import DemoContext

from .models import Case, CaseEvent, Category, Cause

# number, unit key, category, text, days ago received, stage, handler (username), answer, cause, action taken
CASES = [
    (
        "SYN-DEMO01",
        "kost",
        Category.COMPLAINT,
        "Maten i skolmatsalen på Aspenskolan var kall tre dagar i rad förra veckan.",
        14,
        "closed",
        "chef-kost",
        "Tack för att du hörde av dig. Värmeskåpet i mottagningsköket var trasigt och är nu lagat. "
        "Vi kontrollerar temperaturen varje dag.",
        Cause.QUALITY,
        "Värmeskåpet lagades; daglig temperaturkontroll infördes i mottagningsköken.",
    ),
    (
        "SYN-DEMO02",
        "hemtjansten",
        Category.PRAISE,
        "Stort tack till hemtjänsten som hjälpte min mamma så fint under sommaren.",
        6,
        "acknowledged",
        "chef-hemtjansten",
        "",
        "",
        "",
    ),
    (
        "SYN-DEMO03",
        "gata-park",
        Category.SUGGESTION,
        "Det behövs fler bänkar längs strandpromenaden, gärna med ryggstöd.",
        3,
        "received",
        "",
        "",
        "",
        "",
    ),
    (
        "SYN-DEMO04",
        "aspen",
        Category.OPINION,
        "Skolgården är mörk på morgnarna; belysningen borde tändas tidigare.",
        20,
        "received",
        "",
        "",
        "",
        "",
    ),
]


def _at(days_ago: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load(ctx: DemoContext) -> None:
    made = 0
    for number, unit_key, category, text, days_ago, stage, handler, answer, cause, action in CASES:
        if Case.objects.filter(number=number).exists():
            continue
        received = _at(days_ago)
        person = ctx.users.get(handler) if handler else None
        case = Case.objects.create(
            number=number,
            unit=ctx.units[unit_key],
            category=category,
            text=text,
            name="Medborgare (demo)" if stage == "closed" else "",
            email="medborgare@example.se" if stage == "closed" else "",
            received_at=received,
        )
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.RECEIVED, at=received)
        if stage in ("acknowledged", "closed"):
            case.status = Case.Status.ACKNOWLEDGED
            case.acknowledged_at = received + datetime.timedelta(days=1)
            case.assignee = person
            CaseEvent.objects.create(
                case=case, kind=CaseEvent.Kind.ACKNOWLEDGED, by=person, at=case.acknowledged_at
            )
        if stage == "closed":
            answered = received + datetime.timedelta(days=5)
            case.status = Case.Status.CLOSED
            case.answer, case.answered_at, case.first_answered_at = answer, answered, answered
            case.answer_emailed = True
            case.cause, case.action_taken = cause, action
            case.closed_at = answered + datetime.timedelta(hours=1)
            CaseEvent.objects.create(
                case=case, kind=CaseEvent.Kind.ANSWERED, text=answer, by=person, at=answered
            )
            CaseEvent.objects.create(
                case=case, kind=CaseEvent.Kind.CLOSED, text=action, by=person, at=case.closed_at
            )
        case.save()
        made += 1
    ctx.stdout.write(f"Feedback: {made} demo cases\n")
