"""The secretary's overview of a report's sections, and the built report with the approved texts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from authoring import services
from authoring.models import ReportSection
from dialogue.models import Notification
from reporting import parts
from reporting import services as reporting_services
from reporting.models import Report

from .conftest import make_report, school_section

State = ReportSection.State


@pytest.fixture
def registered_parts():
    """Two parts as the statements app registers them (restored afterwards)."""
    saved = dict(parts._registry)
    parts.register(
        parts.Part("statements.operating", "Driftredovisning", lambda r, lvl: f"<p>DRIFT-{lvl}</p>")
    )
    parts.register(
        parts.Part("statements.investments", "Investeringsredovisning", lambda r, lvl: "<p>INVESTERINGAR</p>")
    )
    parts.register(parts.Part("personnel.figures", "Personal", lambda r, lvl: "<p>PERSONALSIFFROR</p>"))
    parts.register(parts.Part("other.extra", "Övrigt", lambda r, lvl: "<p>EXTRA</p>", order=900))
    yield
    parts._registry.clear()
    parts._registry.update(saved)


def _approve(section: ReportSection, world, text: str) -> None:
    services.save_text(section, world.users["secretary"], text=text, table_caption="", table_data="")
    services.mark_ready(section, world.users["secretary"])
    services.approve(section, world.users["controller"])


def test_the_built_report_takes_approved_text_and_placed_parts_in_template_order(
    world, registered_parts
) -> None:
    report = make_report(world)
    first, events, economy, personnel, outlook = report.sections.order_by("order")
    _approve(
        first, world, "Verksamheten har under perioden fokuserat på studiero.\n\n- Fler lärare\n- Nya lokaler"
    )
    _approve(economy, world, "Nämnden prognostiserar ett underskott på 5,4 miljoner kronor.")
    services.save_text(
        events, world.users["secretary"], text="HEMLIGT UTKAST", table_caption="", table_data=""
    )

    blocks = reporting_services.report_context(report)["contributed_parts"]
    assert [b.title for b in blocks] == [
        "Verksamhetsberättelse",
        "Väsentliga händelser",
        "Ekonomi",
        "Personal",
        "Förväntad utveckling",
        "Övrigt",  # a part no section places keeps its place after the sections
    ]
    body, _document, pdf = reporting_services.render_report(report)
    assert pdf.startswith(b"%PDF")
    assert "Verksamheten har under perioden fokuserat på studiero." in body
    assert "<li>Fler lärare</li>" in body
    assert "HEMLIGT UTKAST" not in body
    assert body.count("Avsnittet är inte färdigställt.") == 3
    # Placed parts under their section, in the order the section names them, a level below its heading.
    economy_at = body.index("Nämnden prognostiserar")
    assert economy_at < body.index("DRIFT-4") < body.index("INVESTERINGAR") < body.index("PERSONALSIFFROR")
    assert "<h3>Driftredovisning</h3>" in body
    # A part titled as its section goes straight under the section's heading.
    assert "<h3>Personal</h3>" not in body
    assert body.index("Ekonomi") < economy_at


def test_a_report_without_sections_keeps_the_default_parts(world, registered_parts) -> None:
    report = make_report(world)
    report.sections.all().delete()
    blocks = reporting_services.report_context(report)["contributed_parts"]
    assert [b.key for b in blocks] == [p.key for p in parts.parts_for(report)]


def test_the_overview_shows_states_and_who_is_late_and_reminds_them(world, client) -> None:
    section = school_section(world)
    report = section.report
    report.sections.update(due=datetime.date.today() + datetime.timedelta(days=5))
    late = report.sections.order_by("order").first()
    ReportSection.objects.filter(pk=late.pk).update(due=datetime.date.today() - datetime.timedelta(days=2))
    ReportSection.objects.filter(pk=section.pk).update(
        due=datetime.date.today() - datetime.timedelta(days=2), state=State.APPROVED
    )
    url = reverse("authoring:report-overview", kwargs={"code": report.code})
    client.force_login(world.users["secretary"])
    html = client.get(url).content.decode()
    assert "1 avsnitt är försenat." in html
    assert html.count("Försenat</span>") == 1
    assert "Godkänt" in html and "Ej påbörjat" in html
    assert "5 avsnitt är inte godkända" in html
    response = client.post(reverse("authoring:report-remind", kwargs={"code": report.code}))
    assert response.status_code == 302
    reminded = Notification.objects.filter(kind=Notification.Kind.DEADLINE)
    # BUN's writers: its secretary is the one reminding; its controller is told.
    assert set(reminded.values_list("recipient__username", flat=True)) == {"controller"}
    client.post(reverse("authoring:report-remind", kwargs={"code": report.code}))
    assert reminded.count() == 1  # once a day


@pytest.mark.parametrize(("persona", "status"), [("manager", 403), ("employee", 403), ("outsider", 404)])
def test_the_overview_is_the_secretarys_and_the_controllers(world, client, persona, status) -> None:
    report = make_report(world)
    client.force_login(world.users[persona])
    assert (
        client.get(reverse("authoring:report-overview", kwargs={"code": report.code})).status_code == status
    )
    assert client.post(reverse("authoring:report-remind", kwargs={"code": report.code})).status_code == status


def _many_sections(world, count: int) -> Report:
    report = make_report(world)
    template = services.template_for(Report.Kind.INTERIM, Report.Scope.BOARD)
    for index in range(count):
        template.sections.create(order=100 + index, title=f"Extra {index}", days_before=index % 20)
    services.sync_sections(report)
    return report


@pytest.mark.parametrize("count", [2, 30])
def test_the_writers_list_and_the_overview_take_the_same_queries_for_few_and_many(
    world, client, django_assert_max_num_queries, count
) -> None:
    report = _many_sections(world, count)
    client.force_login(world.users["secretary"])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("authoring:section-mine"))
    html = response.content.decode()
    assert html.count("/rapportavsnitt/avsnitt/") == 5 + count
    # The secretary reaches the report's overview from their own list.
    assert f"/rapportavsnitt/rapport/{report.code}/" in html
    with django_assert_max_num_queries(22):
        response = client.get(reverse("authoring:report-overview", kwargs={"code": report.code}))
    assert response.status_code == 200
