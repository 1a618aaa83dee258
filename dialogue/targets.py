"""The objects a comment or a file can belong to, and how each is found, shown and guarded.

Every rule here is the owning app's own rule called as it is: a comment on a commitment is visible exactly to those
`commitments.rules.can_see_commitment` lets see the commitment, a file on a control to those
`internal_control.rules.ic_can_read_board` lets read the board's internal control, and so on. This module only
says which rule belongs to which kind of object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from styrmodell.access import reporting_is_open
from styrmodell.models import Reporting, Role, RoleGrant, User, Year


@dataclass(frozen=True)
class Target:
    """One kind of object. `field` is the key on Comment and Attachment, `slug` the kind's part of the URL."""

    field: str
    slug: str
    label: str
    comments: bool
    attachments: bool
    find: Callable[[UUID, UUID | None], Model]
    can_see: Callable[[User | AnonymousUser, Model], bool]
    can_attach: Callable[[User | AnonymousUser, Model], bool]
    year: Callable[[Model], Year]
    page_url: Callable[[Model], str]
    title: Callable[[Model], str]
    # Where the object lives in the tree (its unit), and the people closest to it: who may be offered in the mention
    # picker and who follows the thread without commenting (each is still checked with `can_see`).
    unit: Callable[[Model], object]
    followers: Callable[[Model], list[int]]
    inline: bool = False

    def url_args(self, obj: Model) -> list:
        """The object's part of the dialogue's URLs (an assessment has no code: its goal's and period's)."""
        if self.field == "assessment":
            return [self.slug, obj.goal.code, obj.period.code]
        return [self.slug, obj.code]

    def thread_url(self, obj: Model) -> str:
        """Where the object's comments are read: on the object's own page when that page shows them (a
        commitment), else on the dialogue's page for the object."""
        if self.inline:
            return self.page_url(obj)
        return self.dialogue_url(obj)

    def dialogue_url(self, obj: Model) -> str:
        name = "dialogue:thread-assessment" if self.field == "assessment" else "dialogue:thread"
        return reverse(name, args=self.url_args(obj))

    def can_write(self, user: User | AnonymousUser, obj: Model) -> bool:
        """Whoever may see the object may take part in its dialogue, until its year is closed."""
        return self.can_see(user, obj) and not self.year(obj).is_closed


def _get(queryset: QuerySet, **lookup) -> Model:
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


# --- commitments and their status reports ------------------------------------------------------------------------


def _commitment(code: UUID, _period: UUID | None):
    from commitments.models import Commitment

    return _get(Commitment.objects.select_related("unit", "year", "owner", "responsible"), code=code)


def _see_commitment(user, commitment) -> bool:
    from commitments.rules import can_see_commitment

    return can_see_commitment(user, commitment)


def _attach_commitment(user, commitment) -> bool:
    from commitments.rules import can_edit_commitment, can_report_on_commitment

    if commitment.year.is_closed:
        return False
    return can_report_on_commitment(user, commitment) or can_edit_commitment(user, commitment)


def _commitment_followers(commitment) -> list[int]:
    return [pk for pk in (commitment.owner_id, commitment.responsible_id) if pk]


def _status_report(code: UUID, _period: UUID | None):
    from commitments.models import StatusReport

    return _get(
        StatusReport.objects.select_related(
            "commitment__unit",
            "commitment__year",
            "commitment__owner",
            "commitment__responsible",
            "period__year",
        ),
        code=code,
    )


def _attach_status_report(user, report) -> bool:
    """The people who report on the commitment, while the period is open for its unit (a locked report keeps
    its files as they were)."""
    from commitments.rules import can_report_on_commitment

    commitment = report.commitment
    return (
        can_report_on_commitment(user, commitment)
        and not commitment.year.is_closed
        and reporting_is_open(report.period, commitment.unit, Reporting.STATUS)
    )


def _status_report_url(report) -> str:
    url = reverse("commitments:commitment-detail", args=[report.commitment.code])
    return f"{url}#commitment-{report.commitment.code}-{report.period.code}"


# --- goal assessments ---------------------------------------------------------------------------------------------


def _assessment(code: UUID, period: UUID | None):
    from goals.models import GoalAssessment

    if period is None:
        raise Http404
    return _get(
        GoalAssessment.objects.select_related("goal__board", "goal__year", "period__year"),
        goal__code=code,
        period__code=period,
    )


def _see_goal(user, assessment) -> bool:
    # The thread goes with the assessment, which is shown to whoever may read the goal (goals.rules.can_read_goal:
    # adopted goals across the municipality, drafts within their board).
    from goals import rules

    return user.is_authenticated and rules.can_read_goal(user, assessment.goal)


# --- reports ------------------------------------------------------------------------------------------------------


def _report(code: UUID, _period: UUID | None):
    from reporting.models import Report

    return _get(Report.objects.select_related("unit", "period__year"), code=code)


def _see_report(user, report) -> bool:
    from reporting.rules import can_view_board_reporting

    return user.is_authenticated and can_view_board_reporting(user, report.unit)


def _attach_report(user, report) -> bool:
    from reporting.rules import can_manage_reports

    return (
        can_manage_reports(user, report.unit) and not report.is_adopted and not report.period.year.is_closed
    )


# --- internal control -----------------------------------------------------------------------------------------


def _control(code: UUID, _period: UUID | None):
    from internal_control.models import Control

    return _get(Control.objects.select_related("risk__plan__board", "risk__plan__year", "owner"), code=code)


def _control_result(code: UUID, _period: UUID | None):
    from internal_control.models import ControlResult

    return _get(
        ControlResult.objects.select_related(
            "control__risk__plan__board", "control__risk__plan__year", "control__owner"
        ),
        code=code,
    )


def _see_control(user, control) -> bool:
    from internal_control.rules import ic_can_read_board

    return ic_can_read_board(user, control.risk.plan.board)


def _attach_control(user, control) -> bool:
    from internal_control.rules import ic_can_edit_board_plan, ic_can_report_result

    plan = control.risk.plan
    if plan.year.is_closed:
        return False
    return ic_can_report_result(user, control) or ic_can_edit_board_plan(user, plan.board)


def _attach_control_result(user, result) -> bool:
    from internal_control.rules import ic_can_report_result

    return ic_can_report_result(user, result.control)


TARGETS: dict[str, Target] = {
    t.field: t
    for t in [
        Target(
            field="commitment",
            slug="atagande",
            label=pgettext_lazy("the object", "Commitment"),
            comments=True,
            attachments=True,
            find=_commitment,
            can_see=_see_commitment,
            can_attach=_attach_commitment,
            year=lambda c: c.year,
            page_url=lambda c: reverse("commitments:commitment-detail", args=[c.code]),
            title=lambda c: c.title,
            unit=lambda c: c.unit,
            followers=_commitment_followers,
            inline=True,
        ),
        Target(
            field="status_report",
            slug="statusrapport",
            label=pgettext_lazy("the object", "Status report"),
            comments=True,
            attachments=True,
            find=_status_report,
            can_see=lambda user, r: _see_commitment(user, r.commitment),
            can_attach=_attach_status_report,
            year=lambda r: r.commitment.year,
            page_url=_status_report_url,
            title=lambda r: f"{r.commitment.title} – {r.period}",
            unit=lambda r: r.commitment.unit,
            followers=lambda r: [
                *_commitment_followers(r.commitment),
                *([r.reported_by_id] if r.reported_by_id else []),
            ],
        ),
        Target(
            field="assessment",
            slug="bedomning",
            label=pgettext_lazy("the object", "Goal assessment"),
            comments=True,
            attachments=False,
            find=_assessment,
            can_see=_see_goal,
            can_attach=lambda user, a: False,
            year=lambda a: a.goal.year,
            page_url=lambda a: reverse("goals:goal-detail", args=[a.goal.code]),
            title=lambda a: f"{a.goal.title} – {a.period}",
            unit=lambda a: a.goal.board,
            followers=lambda a: [a.assessed_by_id] if a.assessed_by_id else [],
        ),
        Target(
            field="report",
            slug="rapport",
            label=pgettext_lazy("the object", "Report"),
            comments=True,
            attachments=True,
            find=_report,
            can_see=_see_report,
            can_attach=_attach_report,
            year=lambda r: r.period.year,
            page_url=lambda r: reverse("reporting:report-detail", args=[r.code]),
            title=lambda r: r.title,
            unit=lambda r: r.unit,
            followers=lambda r: [r.created_by_id] if r.created_by_id else [],
        ),
        Target(
            field="control",
            slug="kontroll",
            label=pgettext_lazy("the object", "Control"),
            comments=False,
            attachments=True,
            find=_control,
            can_see=_see_control,
            can_attach=_attach_control,
            year=lambda c: c.risk.plan.year,
            page_url=lambda c: reverse("internal_control:control-detail", args=[c.code]),
            title=lambda c: c.what,
            unit=lambda c: c.risk.plan.board,
            followers=lambda c: [c.owner_id] if c.owner_id else [],
        ),
        Target(
            field="control_result",
            slug="kontrollresultat",
            label=pgettext_lazy("the object", "Control result"),
            comments=False,
            attachments=True,
            find=_control_result,
            can_see=lambda user, r: _see_control(user, r.control),
            can_attach=_attach_control_result,
            year=lambda r: r.control.risk.plan.year,
            page_url=lambda r: reverse("internal_control:control-detail", args=[r.control.code]),
            title=lambda r: f"{r.control.what} – {r.performed_on:%Y-%m-%d}",
            unit=lambda r: r.control.risk.plan.board,
            followers=lambda r: [r.control.owner_id] if r.control.owner_id else [],
        ),
    ]
}
TARGETS_BY_SLUG = {t.slug: t for t in TARGETS.values()}


def target_of(field: str) -> Target:
    return TARGETS[field]


def find_for_user(user: User | AnonymousUser, slug: str, code: UUID, period: UUID | None = None):
    """(target, object) when the user may see the object; Http404 otherwise (nothing leaks)."""
    target = TARGETS_BY_SLUG.get(slug)
    if target is None:
        raise Http404
    obj = target.find(code, period)
    if not target.can_see(user, obj):
        raise Http404
    return target, obj


# Roles whose holders are offered in the mention picker when they stand on the object's unit or above it.
PICKER_ROLES = (Role.MANAGER, Role.SECRETARY, Role.IC_OFFICER, Role.BOARD_MEMBER)
PICKER_LIMIT = 30


def people_to_offer(target: Target, obj: Model, extra_ids: list[int]) -> list[User]:
    """The people a writer is offered to mention: those closest to the object (its followers, earlier writers in
    `extra_ids`, the holders of leading roles on its unit and the nodes above it), each one who may see the object.
    Anyone else who may see it can still be mentioned by @username."""
    unit = target.unit(obj)
    holders = RoleGrant.objects.filter(
        content_object__path__in=unit.ancestor_paths(),
        permission__codename__in=[r.codename for r in PICKER_ROLES],
    ).values("user_id")
    ids = {*target.followers(obj), *extra_ids}
    people = list(
        User.objects.filter(Q(pk__in=ids) | Q(pk__in=holders), is_active=True).order_by(
            "first_name", "last_name", "username"
        )[:PICKER_LIMIT]
    )
    return [person for person in people if target.can_see(person, obj)]
