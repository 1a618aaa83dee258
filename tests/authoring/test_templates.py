"""Default templates and the sections a report gets from its template."""

from __future__ import annotations

from django.urls import reverse

from authoring import services
from authoring.models import ReportSection, ReportTemplate, Responsible, TemplateSection
from reporting.models import Report

from .conftest import make_report


def test_it_gives_the_municipality_the_management_report_and_a_section_per_board(world) -> None:
    template = services.template_for(Report.Kind.ANNUAL, Report.Scope.MUNICIPALITY)
    titles = list(template.sections.values_list("title", flat=True))
    assert titles[:8] == [
        "Översikt över verksamhetens utveckling",
        "Väsentliga händelser",
        "Styrning och uppföljning av den egna verksamheten",
        "God ekonomisk hushållning och ekonomisk ställning",
        "Balanskravsresultat",
        "Väsentliga personalförhållanden",
        "Förväntad utveckling",
        "Räkenskaper",
    ]
    placed = {s.title: s.part_keys for s in template.sections.all()}
    assert placed["Balanskravsresultat"] == ["statements.balance_requirement"]
    assert placed["God ekonomisk hushållning och ekonomisk ställning"] == ["statements.sound_finances"]
    assert placed["Väsentliga personalförhållanden"] == ["personnel.figures"]
    assert placed["Räkenskaper"] == [
        "statements.income",
        "statements.balance",
        "statements.cash_flow",
        "statements.operating",
        "statements.investments",
        "statements.notes",
    ]
    assert template.sections.last().responsible == Responsible.EACH_BOARD

    report = make_report(world, "kf", "t2")
    sections = list(report.sections.order_by("order"))
    board_sections = [s for s in sections if s.board_id]
    assert [s.unit for s in board_sections] == [world.unit("bun"), world.unit("sn")]
    assert board_sections[0].title == "Verksamhetsberättelse – Barn- och utbildningsnämnden"
    assert sections[0].unit == world.unit("kf")


def test_it_gives_a_board_report_five_sections_due_before_the_board_deadline(world) -> None:
    report = make_report(world)
    sections = list(report.sections.order_by("order"))
    assert [s.title for s in sections] == [
        "Verksamhetsberättelse",
        "Väsentliga händelser",
        "Ekonomi",
        "Personal",
        "Förväntad utveckling",
    ]
    assert sections[2].part_keys == ["statements.operating", "statements.investments"]
    assert all(s.unit == world.unit("bun") and s.state == ReportSection.State.NOT_STARTED for s in sections)
    assert sections[0].due == world.periods["t2"].board_deadline - __import__("datetime").timedelta(days=10)


def test_making_sections_again_changes_nothing_and_adds_new_template_sections(world) -> None:
    report = make_report(world)
    first = set(report.sections.values_list("pk", flat=True))
    section = report.sections.order_by("order").first()
    section.text = "Skrivet"
    section.save()
    services.sync_sections(report)
    services.sync_sections(report)
    assert set(report.sections.values_list("pk", flat=True)) == first
    template = services.template_for(Report.Kind.INTERIM, Report.Scope.BOARD)
    template.sections.create(order=5, title="Inledning", days_before=3)
    services.sync_sections(report)
    sections = list(report.sections.order_by("order"))
    assert len(sections) == 6
    assert sections[0].title == "Inledning"
    assert ReportSection.objects.get(pk=section.pk).text == "Skrivet"


def test_a_quick_report_and_an_adopted_report_get_no_sections(world) -> None:
    report = make_report(world)
    report.sections.all().delete()
    report.status = Report.Status.ADOPTED
    report.save()
    assert services.sync_sections(report) == []


def test_the_templates_are_edited_by_the_root_admin_or_secretary_only(world, client) -> None:
    url = reverse("authoring:template-list")
    client.force_login(world.users["secretary"])  # secretary of BUN, not of the root
    assert client.get(url).status_code == 403
    client.force_login(world.users["admin"])
    assert client.get(url).status_code == 200
    template = ReportTemplate.objects.get(kind=Report.Kind.INTERIM, scope=Report.Scope.BOARD)
    create = reverse("authoring:template-section-create", kwargs={"code": template.code})
    client.force_login(world.users["secretary"])
    assert client.post(create, {"title": "X", "responsible": Responsible.REPORT_UNIT}).status_code == 403


def test_a_section_without_a_title_is_refused_in_swedish_keeping_what_was_typed(world, client) -> None:
    client.force_login(world.users["admin"])
    template = services.template_for(Report.Kind.ANNUAL, Report.Scope.BOARD)
    url = reverse("authoring:template-section-create", kwargs={"code": template.code})
    response = client.post(
        url,
        {"title": "  ", "instructions": "Beskriv läget i skolorna", "responsible": Responsible.REPORT_UNIT},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ge avsnittet en rubrik." in html
    assert "Beskriv läget i skolorna" in html
    assert 'aria-describedby="id_title_error"' in html


def test_an_admin_adds_moves_and_removes_a_template_section(world, client) -> None:
    client.force_login(world.users["admin"])
    template = services.template_for(Report.Kind.INTERIM, Report.Scope.BOARD)
    url = reverse("authoring:template-section-create", kwargs={"code": template.code})
    response = client.post(
        url,
        {
            "title": "Elevhälsa",
            "responsible": Responsible.UNIT,
            "unit": world.unit("school_a").pk,
            "days_before": "7",
            "part_keys": [],
        },
    )
    assert response.status_code == 302
    added = template.sections.get(title="Elevhälsa")
    assert added.unit == world.unit("school_a") and added.order == template.sections.count() * 10
    detail = client.get(reverse("authoring:template-detail", kwargs={"code": template.code})).content.decode()
    assert "Elevhälsa" in detail and "Skola A" in detail
    move = reverse("authoring:template-section-move", kwargs={"code": added.code})
    client.post(move, {"direction": "up"})
    titles = list(template.sections.order_by("order").values_list("title", flat=True))
    assert titles[-2:] == ["Elevhälsa", "Förväntad utveckling"]
    client.post(reverse("authoring:template-section-delete", kwargs={"code": added.code}))
    assert not TemplateSection.objects.filter(pk=added.pk).exists()


def test_an_admin_places_registered_parts_and_names_a_responsible_person(world, client) -> None:
    from reporting import parts

    saved = dict(parts._registry)
    parts.register(
        parts.Part("statements.balance_requirement", "Balanskravsutredning", lambda r, lvl: "<p>x</p>")
    )
    try:
        client.force_login(world.users["admin"])
        template = services.template_for(Report.Kind.INTERIM, Report.Scope.BOARD)
        section = template.sections.order_by("order").first()
        url = reverse("authoring:template-section-update", kwargs={"code": section.code})
        page = client.get(url).content.decode()
        assert "Balanskravsutredning (statements.balance_requirement)" in page
        response = client.post(
            url,
            {
                "title": "Verksamhetsberättelse",
                "responsible": Responsible.PERSON,
                "person_username": "nobody",
                "part_keys": ["statements.balance_requirement"],
            },
        )
        assert response.status_code == 400
        assert "Ingen aktiv person har det användarnamnet." in response.content.decode()
        response = client.post(
            url,
            {
                "title": "Verksamhetsberättelse",
                "responsible": Responsible.PERSON,
                "person_username": "manager",
                "part_keys": ["statements.balance_requirement"],
                "days_before": "",
                "due_on": "2026-09-10",
            },
        )
        assert response.status_code == 302
        section.refresh_from_db()
        assert section.person == world.users["manager"]
        assert section.part_keys == ["statements.balance_requirement"]
        report = make_report(world)
        made = report.sections.get(template_section=section)
        assert made.person == world.users["manager"] and str(made.due) == "2026-09-10"
        # The named person finds it among their sections.
        client.force_login(world.users["manager"])
        assert section.title in client.get(reverse("authoring:section-mine")).content.decode()
    finally:
        parts._registry.clear()
        parts._registry.update(saved)
