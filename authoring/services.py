"""The rules of report sections: the default templates, making a report's sections from its template, writing,
marking ready, returning, approving and reopening, reminders, and the report's outline (its blocks in template
order with the approved texts and the parts each section places)."""

from __future__ import annotations

import base64
import csv
import datetime
import io
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from reporting import parts
from reporting.models import Report
from styrmodell import access
from styrmodell.models import OrgUnit, Reporting, RoleGrant, User

from .models import ReportSection, ReportTemplate, Responsible, SectionEvent, TemplateSection
from .rules import WRITER_ROLES

State = ReportSection.State

# --- default templates ----------------------------------------------------------------------------------------
# The statutory management report (förvaltningsberättelse, LKBR 11 kap., RKR R15) in its usual order, then the
# accounts and each board's own account of its year; a board's report has the same shape on a board's scale.

STATEMENTS = ["statements.income", "statements.balance", "statements.cash_flow"]
FIVE_YEAR_KEYS = ("statements.five_year", "statements.five_year_overview", "statements.overview")


@dataclass(frozen=True)
class DefaultSection:
    title: object
    instructions: object
    part_keys: tuple[str, ...] = ()
    responsible: str = Responsible.REPORT_UNIT
    days_before: int = 10


def _municipality_defaults() -> list[DefaultSection]:
    five_year = [key for key in FIVE_YEAR_KEYS if parts.get(key)][:1]
    return [
        DefaultSection(
            pgettext_lazy("report section", "Overview of the development of the operations"),
            gettext_lazy(
                "Describe the development of the operations and the economy over the year, with the five-year "
                "overview of key figures."
            ),
            tuple(five_year),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Significant events"),
            gettext_lazy("Events during the period and after its end that matter for the municipality."),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Governance and follow-up of the own operations"),
            gettext_lazy("How the council's goals are governed and followed up, and the internal control."),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Sound financial management and financial position"),
            gettext_lazy("Evaluate the goals for sound financial management, financial and operational."),
            ("statements.sound_finances",),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Balance requirement result"),
            gettext_lazy("Comment on the balance requirement result and any reserve used or set aside."),
            ("statements.balance_requirement",),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Significant personnel matters"),
            gettext_lazy("Staffing, sick leave, skills supply and the work environment."),
            ("personnel.figures",),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Expected development"),
            gettext_lazy("What the coming years are expected to bring for the operations and the economy."),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Accounts"),
            gettext_lazy(
                "Comment on the income statement, balance sheet, cash flow and the boards' accounts."
            ),
            (*STATEMENTS, "statements.operating", "statements.investments", "statements.notes"),
            days_before=5,
        ),
        DefaultSection(
            pgettext_lazy("report section", "Operational report"),
            gettext_lazy("The board's account of its operations, goals and economy for the period."),
            responsible=Responsible.EACH_BOARD,
            days_before=14,
        ),
    ]


def _board_defaults() -> list[DefaultSection]:
    return [
        DefaultSection(
            pgettext_lazy("report section", "Operational report"),
            gettext_lazy("What the board's operations have done during the period and how it went."),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Significant events"),
            gettext_lazy("Events during the period that matter for the board's operations."),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Economy"),
            gettext_lazy("Comment on the outcome, the forecast and the deviation from the budget."),
            ("statements.operating", "statements.investments"),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Personnel"),
            gettext_lazy("Staffing, sick leave and skills supply of the board's operations."),
            ("personnel.figures",),
        ),
        DefaultSection(
            pgettext_lazy("report section", "Expected development"),
            gettext_lazy("What the coming period is expected to bring."),
        ),
    ]


def default_sections(kind: str, scope: str) -> list[DefaultSection]:
    if kind == Report.Kind.QUICK:
        return []
    return _municipality_defaults() if scope == Report.Scope.MUNICIPALITY else _board_defaults()


def template_for(kind: str, scope: str) -> ReportTemplate:
    """The template of a kind and scope, made with its default sections on first use (in the report's language)."""
    template = ReportTemplate.objects.filter(kind=kind, scope=scope).first()
    if template is not None:
        return template
    with transaction.atomic():
        template, created = ReportTemplate.objects.get_or_create(kind=kind, scope=scope)
        if created:
            with translation.override(settings.LANGUAGE_CODE):
                TemplateSection.objects.bulk_create(
                    TemplateSection(
                        template=template,
                        order=(index + 1) * 10,
                        title=str(default.title),
                        instructions=str(default.instructions),
                        responsible=default.responsible,
                        days_before=default.days_before,
                        part_keys=list(default.part_keys),
                    )
                    for index, default in enumerate(default_sections(kind, scope))
                )
    return template


def all_templates() -> list[ReportTemplate]:
    return [template_for(kind, scope) for scope in Report.Scope.values for kind in Report.Kind.values]


def move_section(section: TemplateSection, step: int) -> None:
    """Swap the section with its neighbour above (step -1) or below (+1)."""
    siblings = list(section.template.sections.order_by("order", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position * 10:
            sibling.order = position * 10
            sibling.save(update_fields=["order"])


def touch(template: ReportTemplate) -> None:
    template.updated_at = timezone.now()
    template.save(update_fields=["updated_at"])


# --- a report's sections --------------------------------------------------------------------------------------


def report_is_writable(report: Report) -> bool:
    """Sections are made for a report still being written: not adopted, in a year not closed. A period whose board
    step is closed still gets them (locked until the step is reopened for the section's unit)."""
    return not report.is_adopted and not report.period.year.is_closed


def sync_sections(report: Report) -> list[ReportSection]:
    """Make the report's sections from its template: one per template section (per board for an each-board
    section), keeping what was written; titles, instructions, order and placed parts follow the template.
    Idempotent. An adopted report or one of a closed year is left as it is."""
    if report.is_quick or not report_is_writable(report):
        return list(report.sections.all())
    template = template_for(report.kind, report.scope)
    template_sections = list(template.sections.order_by("order", "pk"))
    existing = {(s.template_section_id, s.board_id): s for s in report.sections.all()}
    boards: list[OrgUnit] | None = None
    keep: set[int] = set()
    for position, ts in enumerate(template_sections, start=1):
        if ts.responsible == Responsible.EACH_BOARD:
            if boards is None:
                boards = list(OrgUnit.objects.boards().active().filter(path__startswith=report.unit.path))
            targets: list[OrgUnit | None] = list(boards)
        else:
            targets = [None]
        for index, board in enumerate(targets):
            order = position * 1000 + index
            title = f"{ts.title} – {board.name}" if board else ts.title
            section = existing.get((ts.pk, board.pk if board else None))
            if section is None:
                unit = board or (ts.unit if ts.responsible == Responsible.UNIT and ts.unit else report.unit)
                section = ReportSection.objects.create(
                    report=report,
                    template_section=ts,
                    board=board,
                    order=order,
                    title=title,
                    instructions=ts.instructions,
                    part_keys=list(ts.part_keys or []),
                    unit=unit,
                    person=ts.person if ts.responsible == Responsible.PERSON else None,
                    due=ts.due_for(report.period.board_deadline),
                )
            else:
                changed = {
                    name: value
                    for name, value in (
                        ("order", order),
                        ("title", title),
                        ("instructions", ts.instructions),
                        ("part_keys", list(ts.part_keys or [])),
                    )
                    if getattr(section, name) != value
                }
                if changed:
                    for name, value in changed.items():
                        setattr(section, name, value)
                    section.save(update_fields=list(changed))
            keep.add(section.pk)
    # A template section taken away: its unwritten sections go, anything written stays (at its place).
    report.sections.exclude(pk__in=keep).filter(
        state=State.NOT_STARTED, text="", table_data="", figure=""
    ).delete()
    return list(report.sections.order_by("order", "pk"))


def sections_of(report: Report):
    return report.sections.select_related("unit", "person").order_by("order", "pk")


def is_locked(section: ReportSection) -> bool:
    """No one changes a section of an adopted report, nor once the period's board step is closed for its unit."""
    report = section.report
    return report.is_adopted or not access.reporting_is_open(report.period, section.unit, Reporting.TEXTS)


class SectionLocked(Exception):
    pass


class WrongState(Exception):
    pass


def _log(section: ReportSection, action: str, user: User | None, text: str = "") -> SectionEvent:
    return SectionEvent.objects.create(section=section, action=action, text=text, by=user)


def _set_state(section: ReportSection, state: str, user: User | None, *fields: str) -> None:
    section.state = state
    section.updated_by = user
    section.updated_at = timezone.now()
    section.save(update_fields=["state", "updated_by", "updated_at", *fields])


def writer_can_edit(section: ReportSection) -> bool:
    return section.state in (State.NOT_STARTED, State.DRAFT, State.RETURNED) and not is_locked(section)


@transaction.atomic
def save_text(
    section: ReportSection,
    user: User,
    *,
    text: str,
    table_caption: str,
    table_data: str,
    figure=None,
    figure_type: str = "",
    figure_alt: str = "",
    remove_figure: bool = False,
) -> None:
    if is_locked(section):
        raise SectionLocked
    if not writer_can_edit(section):
        raise WrongState
    section.text = text
    section.table_caption = table_caption
    section.table_data = table_data
    section.figure_alt = figure_alt
    fields = ["text", "table_caption", "table_data", "figure_alt"]
    old = section.figure.name if section.figure else ""
    if figure is not None:
        section.figure_type = figure_type
        section.figure.save("figur", figure, save=False)
        fields += ["figure", "figure_type"]
    elif remove_figure and old:
        section.figure = ""
        section.figure_type = ""
        section.figure_alt = ""
        fields += ["figure", "figure_type"]
    if old and old != (section.figure.name if section.figure else ""):
        storage = section.figure.storage
        transaction.on_commit(lambda: storage.delete(old))
    state = State.DRAFT if section.state == State.NOT_STARTED else section.state
    _set_state(section, state, user, *fields)


def has_content(section: ReportSection) -> bool:
    return bool(section.text.strip() or section.table_data.strip() or section.figure)


@transaction.atomic
def mark_ready(section: ReportSection, user: User) -> None:
    if is_locked(section):
        raise SectionLocked
    if not writer_can_edit(section) or not has_content(section):
        raise WrongState
    _set_state(section, State.READY, user)
    _log(section, SectionEvent.Action.READY, user)


@transaction.atomic
def add_comment(section: ReportSection, user: User, text: str) -> None:
    if is_locked(section):
        raise SectionLocked
    _log(section, SectionEvent.Action.COMMENT, user, text)


@transaction.atomic
def return_section(section: ReportSection, user: User, comment: str) -> None:
    if is_locked(section):
        raise SectionLocked
    if section.state != State.READY:
        raise WrongState
    _set_state(section, State.RETURNED, user)
    _log(section, SectionEvent.Action.RETURNED, user, comment)
    _tell_writers(
        section,
        user,
        lambda: (
            _("%(who)s returned the report section “%(title)s”: %(comment)s")
            % {"who": user, "title": section.title, "comment": comment}
        ),
        key=f"authoring:returned:{section.pk}:{SectionEvent.objects.filter(section=section).count()}",
    )


@transaction.atomic
def approve(section: ReportSection, user: User, comment: str = "") -> None:
    if is_locked(section):
        raise SectionLocked
    if section.state != State.READY:
        raise WrongState
    _set_state(section, State.APPROVED, user)
    _log(section, SectionEvent.Action.APPROVED, user, comment)


@transaction.atomic
def reopen(section: ReportSection, user: User, comment: str = "") -> None:
    """An approved section goes back to its writer as a draft (it leaves the built report until approved again)."""
    if is_locked(section):
        raise SectionLocked
    if section.state != State.APPROVED:
        raise WrongState
    _set_state(section, State.DRAFT, user)
    _log(section, SectionEvent.Action.REOPENED, user, comment)
    _tell_writers(
        section,
        user,
        lambda: _("%(who)s reopened the report section “%(title)s”") % {"who": user, "title": section.title},
        key=f"authoring:reopened:{section.pk}:{SectionEvent.objects.filter(section=section).count()}",
    )


def writers_of(section: ReportSection) -> list[User]:
    """Whom to tell about a section: its named person, or those holding a writer's role on its unit itself, and
    whoever wrote it last."""
    ids = {section.person_id} if section.person_id else set()
    if not ids:
        ids |= set(
            RoleGrant.objects.filter(
                content_object_id=section.unit_id, permission__codename__in=[r.codename for r in WRITER_ROLES]
            ).values_list("user_id", flat=True)
        )
    last_writer = (
        section.history.filter(state=State.DRAFT)
        .exclude(history_user=None)
        .values_list("history_user_id", flat=True)
        .first()
    )
    if last_writer:
        ids.add(last_writer)
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _tell_writers(section: ReportSection, by: User | None, text, *, key: str, kind: str | None = None) -> int:
    from dialogue import services as dialogue_services
    from dialogue.models import Notification

    url = reverse("authoring:section-detail", kwargs={"code": section.code})
    made = 0
    for person in writers_of(section):
        if by is not None and person.pk == by.pk:
            continue
        with translation.override(dialogue_services.language_of(person)):
            if dialogue_services.notify(
                person, kind or Notification.Kind.COMMENT, text=str(text()), url=url, key=key
            ):
                made += 1
    return made


def remind_late(report: Report, by: User | None, today: datetime.date | None = None) -> int:
    """Tell the writers of every late section of the report (once a day per section)."""
    from dialogue.models import Notification

    today = today or timezone.localdate()
    made = 0
    for section in sections_of(report).late(today):
        told = _tell_writers(
            section,
            by,
            lambda section=section: (
                _("The report section “%(title)s” was due %(due)s and is not ready")
                % {"title": section.title, "due": f"{section.due:%Y-%m-%d}"}
            ),
            key=f"authoring:reminder:{section.pk}:{today:%Y-%m-%d}",
            kind=Notification.Kind.DEADLINE,
        )
        if told:
            _log(section, SectionEvent.Action.REMINDED, by)
            made += told
    return made


# --- tables and figures ---------------------------------------------------------------------------------------

MAX_TABLE_ROWS = 200
MAX_TABLE_COLUMNS = 20


def parse_table(data: str) -> list[list[str]]:
    """Rows of a table pasted from a spreadsheet: tab-separated (what Excel copies), or CSV with semicolons (Swedish
    Excel) or commas. Empty lines are skipped; every row must have as many cells as the first."""
    lines = [line for line in data.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
    if not lines:
        return []
    first = lines[0]
    delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    rows = [
        [cell.strip() for cell in row]
        for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    ]
    if len(rows) > MAX_TABLE_ROWS:
        raise ValidationError(
            _("The table has %(rows)s rows; at most %(max)s fit in a section.")
            % {"rows": len(rows), "max": MAX_TABLE_ROWS},
            code="too_many_rows",
        )
    width = len(rows[0])
    if width > MAX_TABLE_COLUMNS:
        raise ValidationError(
            _("The table has %(count)s columns; at most %(max)s fit on a page.")
            % {"count": width, "max": MAX_TABLE_COLUMNS},
            code="too_many_columns",
        )
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ValidationError(
                _(
                    "Row %(row)s has %(count)s cells but the first row has %(first)s. Every row needs as many cells."
                )
                % {"row": number, "count": len(row), "first": width},
                code="ragged",
            )
    return rows


def _is_number(cell: str) -> bool:
    text = cell.replace("\u2212", "-").replace(" ", "").replace("\u00a0", "").replace(",", ".").rstrip("%")
    try:
        float(text)
    except ValueError:
        return False
    return bool(text)


def table_html(section: ReportSection) -> SafeString:
    if not section.table_data.strip():
        return mark_safe("")
    try:
        rows = parse_table(section.table_data)
    except ValidationError:
        return mark_safe("")
    if not rows:
        return mark_safe("")
    return render_to_string(
        "authoring/partials/table.html",
        {
            "caption": section.table_caption or section.title,
            "head": rows[0],
            "body": [[(cell, _is_number(cell)) for cell in row] for row in rows[1:]],
        },
    )


def figure_data_uri(section: ReportSection) -> str:
    """The figure inline (the PDF renderer fetches nothing but data: and our own static files)."""
    if not section.figure:
        return ""
    try:
        with section.figure.open("rb") as file:
            data = file.read()
    except (FileNotFoundError, ValueError, OSError):
        return ""
    return f"data:{section.figure_type or 'image/png'};base64,{base64.b64encode(data).decode('ascii')}"


# --- text -----------------------------------------------------------------------------------------------------

ALLOWED_TAGS = {"p", "br", "ul", "li"}


def text_html(text: str) -> SafeString:
    """Plain text as HTML: paragraphs at blank lines, a paragraph whose lines all start with "- " or "* " as a list.
    Everything the writer typed is escaped; nh3 then keeps nothing but the few tags made here."""
    blocks = [b.strip("\n") for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    html = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines and all(line[:2] in ("- ", "* ") for line in lines):
            html.append("<ul>" + "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines) + "</ul>")
        else:
            html.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe(nh3.clean("".join(html), tags=ALLOWED_TAGS, attributes={}))  # noqa: S308 - escaped, then cleaned


# --- the report's outline -------------------------------------------------------------------------------------


def section_block_html(section: ReportSection, report: Report, level: int) -> SafeString:
    placed = []
    for key in section.part_keys or []:
        part = parts.get(key)
        if part is None or not part.applies_to(report):
            continue
        nested = part.title and str(part.title).casefold() != section.title.casefold()
        for rendered in parts.render(report, level + 1 if nested else level, keys=[key]):
            placed.append({"title": rendered.title if nested else "", "html": rendered.html})
    return render_to_string(
        "authoring/partials/block.html",
        {
            "section": section,
            "approved": section.is_approved,
            "text": text_html(section.text) if section.is_approved else "",
            "table": table_html(section) if section.is_approved else "",
            "figure": figure_data_uri(section) if section.is_approved else "",
            "placed": placed,
            "tag": f"h{min(level, 6)}",
        },
    )


def outline(report: Report, level: int) -> list[parts.RenderedPart] | None:
    """The report's blocks: each section (approved text, or a visible placeholder) with the parts it places, in
    template order; then any registered part that applies and no section places, in its default order. None for a
    report without sections (reporting then shows its default)."""
    sections = list(sections_of(report))
    if not sections:
        return None
    # The report is written in Swedish whoever builds it (as reporting renders its PDF).
    with translation.override("sv"):
        return _blocks(report, sections, level)


def _blocks(report: Report, sections: list[ReportSection], level: int) -> list[parts.RenderedPart]:
    blocks = []
    placed_keys: set[str] = set()
    for section in sections:
        placed_keys.update(section.part_keys or [])
        blocks.append(
            parts.RenderedPart(
                f"authoring.{section.pk}", section.title, section_block_html(section, report, level)
            )
        )
    rest = [part.key for part in parts.parts_for(report) if part.key not in placed_keys]
    if rest:
        blocks += parts.render(report, level, keys=rest)
    return blocks


def unapproved_count(report: Report) -> int:
    return report.sections.filter(~Q(state=State.APPROVED)).count()
