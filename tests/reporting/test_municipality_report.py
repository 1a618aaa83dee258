"""The municipality's report: totals over the boards, the synthesis per council direction with the executive
board's analysis, each board's own summary, last year's same period, notes; and the administrator's page for the
municipality's logo and report colour."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from goals.models import Goal, GoalAssessment
from reporting import branding, services
from reporting.models import BudgetFrame, EconomyFigure, Report
from styrmodell.models import DirectionAnalysis, ReportStyle
from tests.conftest import make_year

from .conftest import make_direction, make_economy, make_goal


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()).replace("\xa0", " ")


def _municipal_report(world) -> Report:
    return services.get_or_create_report(world.unit("kf"), world.periods["t2"], None)


def test_the_municipality_report_sums_the_boards_and_synthesises_each_direction(world) -> None:
    learning = make_direction("Ett livslångt lärande")
    care = make_direction("Trygg omsorg")
    make_goal(world, "bun", "Fler elever klarar gymnasiet", direction=learning)
    other = make_goal(world, "sn", "Fler äldre känner sig trygga", direction=care)
    GoalAssessment.objects.filter(goal=other).update(verdict=GoalAssessment.Verdict.FULFILLED)
    make_goal(world, "sn", "Kortare väntetid till boende", direction=learning)
    make_economy(world, "bun")  # -3 500
    BudgetFrame.objects.create(board=world.unit("sn"), year=world.year, amount=Decimal("100000"))
    EconomyFigure.objects.create(
        board=world.unit("sn"),
        period=world.periods["t2"],
        outcome=Decimal("66000"),
        forecast=Decimal("99000"),
    )
    report = _municipal_report(world)
    DirectionAnalysis.objects.create(
        report=report, direction=learning, text="Skolresultaten förbättras långsamt."
    )
    Report.objects.create(
        unit=world.unit("sn"),
        period=world.periods["t2"],
        kind=Report.Kind.INTERIM,
        summary="Omsorgen håller.",
    )
    ctx = services.report_context(report)
    totals = ctx["municipal"]["totals"]
    assert totals.goals == 3
    assert totals.verdicts[GoalAssessment.Verdict.PARTLY] == 2
    assert totals.verdicts[GoalAssessment.Verdict.FULFILLED] == 1
    assert totals.deviation == Decimal("-2500")
    by_direction = {e.direction.title: e for e in ctx["municipal"]["synthesis"]}
    assert by_direction["Ett livslångt lärande"].verdicts.total == 2
    assert by_direction["Ett livslångt lärande"].boards == ["Barn- och utbildningsnämnden", "Socialnämnden"]
    assert by_direction["Trygg omsorg"].verdicts[GoalAssessment.Verdict.FULFILLED] == 1

    text = _text(services.render_report(report)[2])
    assert "Måluppfyllelse per inriktning" in text
    assert "Skolresultaten förbättras långsamt." in text
    assert "Kommunstyrelsen har inte skrivit någon analys av inriktningen." in text  # Trygg omsorg
    assert "Nämndens sammanfattning" in text and "Omsorgen håller." in text
    assert "Kommunen 3 1 2 0 0" in text  # the totals row: goals, fulfilled, partly, not, not assessed
    assert "-2 500" in text
    assert "Noter" in text and "Siffrorna är ackumulerade från 1 januari till 31 augusti 2026." in text


def test_it_compares_with_the_same_period_of_the_previous_year(world) -> None:
    make_goal(world, "bun")
    make_economy(world, "bun")
    last_year, periods = make_year(2025)
    direction = make_direction("Ett livslångt lärande")
    for title, verdict in [("Mål A", GoalAssessment.Verdict.FULFILLED), ("Mål B", None)]:
        goal = Goal.objects.create(
            board=world.unit("bun"),
            year=last_year,
            direction=direction,
            title=title,
            status=Goal.Status.ADOPTED,
        )
        if verdict:
            GoalAssessment.objects.create(goal=goal, period=periods["t2"], verdict=verdict)
    BudgetFrame.objects.create(board=world.unit("bun"), year=last_year, amount=Decimal("240000"))
    EconomyFigure.objects.create(
        board=world.unit("bun"), period=periods["t2"], outcome=Decimal("150000"), forecast=Decimal("239000")
    )
    report = _municipal_report(world)
    previous = services.report_context(report)["municipal"]["previous"]
    assert previous.period == periods["t2"]
    assert previous.verdicts.total == 2
    assert previous.verdicts[GoalAssessment.Verdict.FULFILLED] == 1
    assert previous.verdicts[GoalAssessment.Verdict.NOT_ASSESSED] == 1
    assert previous.deviation == Decimal("1000")
    text = _text(services.render_report(report)[2])
    assert "Jämförelse med föregående år" in text
    assert "Delår 2025 2 1 0 0 1 1 000" in text


def test_the_secretary_writes_the_analysis_of_each_direction(client, world, council_secretary) -> None:
    direction = make_direction("Ett livslångt lärande")
    report = _municipal_report(world)
    url = reverse("reporting:report-summary", kwargs={"code": report.code})
    client.force_login(council_secretary)
    page = client.get(url)
    assert page.status_code == 200
    field = f"analysis-direction_{direction.pk}"
    assert f'name="{field}"' in page.content.decode()
    response = client.post(url, {"summary": "Året i korthet.", field: "Resultaten går åt rätt håll."})
    assert response.status_code == 302
    analysis = DirectionAnalysis.objects.get(report=report, direction=direction)
    assert analysis.text == "Resultaten går åt rätt håll."
    assert analysis.updated_by == council_secretary
    report.refresh_from_db()
    assert report.summary == "Året i korthet."
    # A board member of one board may not write the municipality's texts.
    client.force_login(world.users["board_member"])
    assert client.post(url, {field: "Annat"}).status_code in (403, 404)
    assert DirectionAnalysis.objects.get(pk=analysis.pk).text == "Resultaten går åt rätt håll."


def test_a_board_reports_summary_page_has_no_direction_analyses(client, world) -> None:
    make_direction("Ett livslångt lärande")
    report = services.get_or_create_report(world.unit("bun"), world.periods["t2"], None)
    client.force_login(world.users["secretary"])
    page = client.get(reverse("reporting:report-summary", kwargs={"code": report.code}))
    assert page.status_code == 200
    assert "analysis-direction_" not in page.content.decode()


# --- logo and colour -------------------------------------------------------------------------------------------


def _png(size: tuple[int, int] = (60, 30), *, exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (20, 60, 120))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010E] = "Hemlig kommentar"  # ImageDescription
        image.save(out, format="PNG", exif=info)
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def _upload(data: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_the_administrator_uploads_a_logo_and_sets_the_colour(client, world) -> None:
    url = reverse("reporting:report-style")
    client.force_login(world.users["admin"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"logo": _upload(_png(exif=True)), "colour": "#1A4D2E"})
    assert response.status_code == 302
    style = ReportStyle.current()
    assert style.colour == "#1a4d2e"
    assert style.logo_type == "image/png"
    stored = bytes(style.logo)
    assert b"Hemlig kommentar" not in stored and b"eXIf" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (60, 30)
    assert branding.logo_data_url(style).startswith("data:image/png;base64,")


def test_it_refuses_a_file_that_only_claims_to_be_an_image(client, world) -> None:
    client.force_login(world.users["admin"])
    fake = _upload(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "logo.png")
    page = client.post(reverse("reporting:report-style"), {"logo": fake, "colour": "#1f3a5f"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Filen är inte en PNG- eller JPEG-bild." in html
    assert 'aria-describedby="id_logo_helptext id_logo_error"' in html or 'id="id_logo_error"' in html
    assert ReportStyle.objects.count() == 0


def test_it_refuses_a_logo_too_large_in_bytes_or_pixels(client, world) -> None:
    client.force_login(world.users["admin"])
    url = reverse("reporting:report-style")
    page = client.post(url, {"logo": _upload(_png((2400, 100))), "colour": "#1f3a5f"})
    assert "en logotyp får vara högst 2000 × 2000" in page.content.decode()
    page = client.post(url, {"logo": _upload(b"\x89PNG" + b"0" * (1024 * 1024 + 1)), "colour": "#1f3a5f"})
    assert "en logotyp får vara högst 1,0" in page.content.decode()
    assert ReportStyle.objects.count() == 0


def test_it_refuses_a_colour_too_light_for_headings_and_keeps_what_was_typed(client, world) -> None:
    client.force_login(world.users["admin"])
    page = client.post(reverse("reporting:report-style"), {"colour": "#7FB3D5"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "rubriker behöver minst 4,5:1" in html
    assert 'value="#7FB3D5"' in html
    page = client.post(reverse("reporting:report-style"), {"colour": "blå"})
    assert "Skriv färgen som # följt av sex hexadecimala siffror" in page.content.decode()
    assert ReportStyle.objects.count() == 0


def test_only_the_administrator_sets_the_report_appearance(client, world) -> None:
    url = reverse("reporting:report-style")
    for persona in ("secretary", "council", "outsider"):
        client.force_login(world.users[persona])
        assert client.get(url).status_code == 403
        assert client.post(url, {"colour": "#000000"}).status_code == 403
    assert ReportStyle.objects.count() == 0


def test_contrast_follows_wcag() -> None:
    assert round(branding.contrast_with_white("#000000"), 1) == 21.0
    assert round(branding.contrast_with_white("#767676"), 2) == 4.54
    assert branding.contrast_with_white("#777777") < 4.5
