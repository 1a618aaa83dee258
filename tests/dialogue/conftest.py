"""Builders for the dialogue's tests.

`dworld` is the shared `world` plus:
- `goal`: a BUN goal with an assessment in T2 (`assessment`);
- `unit_c`: a commitment of Skola A (responsible: the manager) contributing to the goal;
- `personal`: the employee's commitment broken down from it (personal data), with a T2 status report `status`;
- `report`: BUN's report for T2 (not built);
- `control` (owner: the internal-control officer) with a `result`, in BUN's control plan.
T1 2026 is closed; T2 is open.
"""

from __future__ import annotations

import datetime
import io

import pytest

from commitments.models import Commitment, Status, StatusReport
from goals.models import Direction, Goal, GoalAssessment, Vision
from internal_control import services as ic_services
from internal_control.models import Control, ControlResult, Frequency, Process, Risk
from reporting.models import Report

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(name: str = "underlag.pdf", content: bytes = PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def office_zip(main_part: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/main.xml" ContentType="{main_part}"/></Types>',
        )
        archive.writestr("main.xml", "<x/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.fixture
def dworld(world, settings):
    settings.CLAMD_SOCKET = ""
    w = world
    vision = Vision.objects.create(title="Vision", valid_from=2020, valid_to=2030)
    direction = Direction.objects.create(
        vision=vision, title="Ett livslångt lärande", valid_from=2025, valid_to=2027
    )
    w.goal = Goal.objects.create(
        board=w.unit("bun"), year=w.year, direction=direction, title="Fler elever ska klara kunskapskraven"
    )
    w.assessment = GoalAssessment.objects.create(
        goal=w.goal,
        period=w.periods["t2"],
        verdict=GoalAssessment.Verdict.PARTLY,
        assessed_by=w.users["secretary"],
    )
    dates = {"starts": datetime.date(2026, 1, 1), "ends": datetime.date(2026, 12, 31)}
    w.unit_c = Commitment.objects.create(
        unit=w.unit("school_a"),
        year=w.year,
        title="Läsfrämjande insatser",
        responsible=w.users["manager"],
        **dates,
    )
    w.unit_c.goals.set([w.goal])
    w.personal = Commitment.objects.create(
        unit=w.unit("school_a"),
        year=w.year,
        title="Läsgrupper i åk 2",
        owner=w.users["employee"],
        parent=w.unit_c,
        **dates,
    )
    w.personal.goals.set([w.goal])
    w.status = StatusReport.objects.create(
        commitment=w.personal,
        period=w.periods["t2"],
        status=Status.ON_TRACK,
        comment="Två grupper i gång",
        reported_by=w.users["employee"],
    )
    w.report = Report.objects.create(unit=w.unit("bun"), period=w.periods["t2"], kind=Report.Kind.INTERIM)
    plan = ic_services.create_plan(w.unit("bun"), w.year)
    process = Process.objects.create(plan=plan, name="Inköp och upphandling", owner="Förvaltningschef")
    risk = Risk.objects.create(
        plan=plan,
        process=process,
        likelihood=3,
        consequence=4,
        description="Inköp görs utanför avtal",
        category=Risk.Category.LEGAL,
        owner="Ekonomichef",
    )
    w.control = Control.objects.create(
        risk=risk,
        owner=w.users["ic_officer"],
        frequency=Frequency.TERTIAL,
        what="Stickprov på fakturor",
        method="Tio fakturor granskas.",
        report_to="Nämnden",
    )
    w.result = ic_services.report_result(
        w.control,
        occurrence=1,
        performed_on=datetime.date(2026, 4, 20),
        outcome=ControlResult.Outcome.NO_REMARK,
        findings="",
        reported_by=w.users["ic_officer"],
    )
    return w
