"""Commitments: my commitments, the unit view, roll-ups, creating, breaking down and reporting."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from guardian.shortcuts import assign_perm, remove_perm

from styrmodell import access
from styrmodell.lib.history import history_entries
from styrmodell.lib.paging import PAGE_SIZE, Key, Page, keyset_page
from styrmodell.lib.precompiled import Precompiled
from styrmodell.models import OrgUnit, Period, PeriodReopening, Reporting, Role, Year

from . import ownership, rules, services
from .forms import (
    CarryOverForm,
    CommitmentForm,
    CopyDownForm,
    DelegationForm,
    EmployeeCommitmentForm,
    StatusReportForm,
    UnitFilterForm,
)
from .models import (
    FINISHED_STATUSES,
    STATUS_LABELS,
    UNREPORTED,
    Commitment,
    CommitmentDelegation,
    Status,
    StatusReport,
    UnitAnalysis,
)

# The unit view lists at most this many unreported commitments; the rest are one filter away.
MISSING_SHOWN = 50


@dataclass
class Row:
    """One commitment as shown with its report for one period."""

    commitment: Commitment
    period: Period
    report: StatusReport | None
    finished_earlier: StatusReport | None
    can_report: bool
    is_open: bool
    form: StatusReportForm | None = None
    saved: bool = False

    @property
    def status_key(self) -> str:
        if self.report:
            return self.report.status
        if self.finished_earlier:
            return self.finished_earlier.status
        return UNREPORTED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status_key]

    @property
    def is_unreported(self) -> bool:
        return self.report is None and self.finished_earlier is None


def _report_prefix(commitment: Commitment) -> str:
    return f"c{commitment.pk}"


def _report_auto_id(period: Period) -> str:
    """Element ids per period: a commitment's page holds one report form for each open period (same names)."""
    return f"id_{period.key}_%s"


def _row(
    commitment: Commitment, period: Period, user, form=None, with_form: bool = True, reports=None
) -> Row:
    """Build a row from a commitment whose `reports` of the period's year are prefetched, or are given as
    `reports` (no queries). `with_form=False` for pages that show no report form: a form per row was a quarter of
    the unit view's time for a large subtree (BENCHMARKS.md, benchmark 2b)."""
    reports = list(commitment.reports.all()) if reports is None else reports
    report = next((r for r in reports if r.period_id == period.pk), None)
    earlier = [
        r
        for r in reports
        if r.period.ends < period.ends and r.status in FINISHED_STATUSES and r.period_id != period.pk
    ]
    # The reopenings of the period are read once per period object (access.reopened_paths).
    is_open = access.reporting_is_open(period, commitment.unit, Reporting.STATUS)
    can_report = is_open and rules.can_report_on_commitment(user, commitment)
    if form is None and can_report and with_form:
        initial = (
            {"status": report.status, "comment": report.comment, "version": report.version} if report else {}
        )
        form = StatusReportForm(
            initial={"version": 0, **initial},
            prefix=_report_prefix(commitment),
            auto_id=_report_auto_id(period),
        )
    return Row(commitment, period, report, earlier[-1] if earlier else None, can_report, is_open, form)


def _year_reports(year_id: int):
    """The reports of a year as a row needs them: with their period and reporter, in calendar order."""
    return (
        StatusReport.objects.filter(period__year_id=year_id)
        .select_related("period", "reported_by")
        .order_by("period__ends")
    )


def _reports_of_year(period: Period) -> Prefetch:
    return Prefetch("reports", queryset=_year_reports(period.year_id))


def _status_periods(periods) -> list[Period]:
    """The periods that collect commitment status (not a monthly economy follow-up), in calendar order."""
    ordered = periods.select_related("year").order_by("year__year", "ends", "key")
    return [p for p in ordered if p.collects_kind(Reporting.STATUS)]


def _chosen_period(request: HttpRequest) -> Period | None:
    code = request.GET.get("period")
    if code:
        try:
            return Period.objects.select_related("year").get(code=code)
        except (Period.DoesNotExist, ValidationError):
            raise Http404 from None
    return Period.current()


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path of this site: anything else is not a URL `redirect()` can follow.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- Mina åtaganden ----------------------------------------------------------------------------------------


@login_required
def commitment_mine(request: HttpRequest) -> HttpResponse:
    """The person's own commitments and their units', for the current period, reported in place."""
    period = _chosen_period(request)
    rows: list[Row] = []
    if period is not None:
        user = request.user
        own_units = [g.unit_id for g in access.grants(user) if g.role in access.OPERATIONAL_ROLES]
        commitments = (
            Commitment.objects.filter(year_id=period.year_id)
            .filter(
                Q(owner=user)
                | Q(responsible=user)
                | Q(owner__isnull=True, unit_id__in=own_units)
                | Q(owner__isnull=True, pk__in=sorted(rules.delegated_commitment_ids(user)))
                | rules.unowned_in_managed_units_q(user)
            )
            .select_related("unit", "owner", "responsible", "year")
            .prefetch_related(_reports_of_year(period), "goals")
            .order_by("owner_id", "unit__path", "title")
        )
        rows = [_row(c, period, user) for c in commitments]
    delegated = rules.delegated_commitment_ids(request.user)
    mine = [
        r
        for r in rows
        if request.user.pk in (r.commitment.owner_id, r.commitment.responsible_id)
        or r.commitment.pk in delegated
    ]
    units = [r for r in rows if r not in mine]
    ctx = {
        "period": period,
        "periods": _status_periods(Period.objects.filter(year__is_closed=False)),
        "mine": mine,
        "units": units,
        "unreported_count": sum(1 for r in mine if r.is_unreported),
        "can_rollup": access.is_superuser(request.user) or bool(rules.rollup_roots_for(request.user)),
        "managed_units": OrgUnit.objects.filter(
            pk__in=[g.unit_id for g in access.grants(request.user) if g.role == Role.MANAGER]
        ),
        "days_left": (period.deadline - timezone.localdate()).days if period else None,
        "page": "commitments",
    }
    return render(request, "commitments/commitment_mine.html", ctx)


# --- reporting ---------------------------------------------------------------------------------------------


def _conflict_message(report: StatusReport | None) -> str:
    if report is None:
        return _(
            "Somebody else changed this report while you were editing. Nothing was saved; reload and try again."
        )
    return _(
        "Somebody else saved this report while you were editing, so your change was not saved. They saved: "
        "status “%(status)s”, comment “%(comment)s” (%(who)s, %(when)s). Check their entry; if yours should "
        "still replace it, save again."
    ) % {
        "status": report.get_status_display(),
        "comment": report.comment or "–",
        "who": report.reported_by or _("unknown"),
        "when": date_format(timezone.localtime(report.reported_at), "j F Y H:i"),
    }


_PERIOD_OF_YEAR = Precompiled(
    lambda code, year_id: Period.objects.select_related("year").order_by().filter(code=code, year_id=year_id),
    code=Period._meta.get_field("code"),
    year_id=Period._meta.get_field("year"),
)


# One commitment's reports of a year, as _reports_of_year prefetches them for many.
_REPORTS_OF_COMMITMENT = Precompiled(
    lambda commitment_id, year_id: _year_reports(year_id).filter(commitment_id=commitment_id),
    commitment_id=StatusReport._meta.get_field("commitment"),
    year_id=Period._meta.get_field("year"),
)


@login_required
@transaction.non_atomic_requests
def report_update(request: HttpRequest, code: str, period_code: str) -> HttpResponse:
    """Report a commitment's status in a period. htmx swaps the commitment's card; without JS the form posts
    here and is redirected to this commitment's own report page, which confirms the save and links back to the
    list it came from (or shown on its own page when it has errors).

    At the deadline every statement counts (BENCHMARKS.md, benchmark 3): the view reads outside a transaction and
    `save_report` writes the report with its history in a transaction of its own (no request-wide transaction
    around a savepoint), the saved card is rendered from the objects at hand, and the page a browser without
    JavaScript lands on shows one card, not the whole list."""
    commitment, _can_edit = rules.get_commitment_for_user(
        request, code, related=("unit", "year", "owner", "responsible")
    )
    period = _PERIOD_OF_YEAR.first(code=period_code, year_id=commitment.year_id)
    if period is None:
        raise Http404
    if not rules.can_report_on_commitment(request.user, commitment):
        raise PermissionDenied
    if not access.reporting_is_open(period, commitment.unit, Reporting.STATUS):
        raise PermissionDenied(_("The period is closed; its reports can no longer be changed."))
    back = _safe_next(request, reverse("commitments:commitment-mine"))
    form = StatusReportForm(
        request.POST or None, prefix=_report_prefix(commitment), auto_id=_report_auto_id(period)
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            report = services.save_report(
                commitment,
                period,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"].strip(),
                version=form.cleaned_data["version"],
                by=request.user,
            )
            saved = True
        except services.Conflict as conflict:
            form.add_error(None, _conflict_message(conflict.current))
            # The next save is a deliberate choice made after seeing the other person's entry.
            data = form.data.copy()
            data[form.add_prefix("version")] = conflict.current.version if conflict.current else 0
            form.data = data
        except services.PeriodLocked:
            raise PermissionDenied from None
        if saved and not request.htmx:
            messages.success(
                request, _("Your report on “%(title)s” was saved.") % {"title": commitment.title}
            )
            return redirect(f"{request.path}?{urlencode({'next': back})}")
    if saved:
        # The card after a save needs nothing more from the database: the report is the one just saved.
        form = StatusReportForm(
            initial={"status": report.status, "comment": report.comment, "version": report.version},
            prefix=_report_prefix(commitment),
            auto_id=_report_auto_id(period),
        )
        row = Row(commitment, period, report, None, can_report=True, is_open=True, form=form)
    else:
        reports = _REPORTS_OF_COMMITMENT.all(commitment_id=commitment.pk, year_id=period.year_id)
        # A fresh form (GET) starts from the stored report and its version; a refused POST keeps what the
        # person typed.
        row = _row(
            commitment, period, request.user, form=form if request.method == "POST" else None, reports=reports
        )
    row.saved = saved
    ctx = {"row": row, "next": back, "back": f"{back}#commitment-{commitment.code}-{period.code}"}
    if request.htmx:
        return render(request, "commitments/partials/commitment_card.html", ctx)
    return render(request, "commitments/report_form.html", {**ctx, "page": "commitments"})


# --- one commitment ----------------------------------------------------------------------------------------


@login_required
def commitment_detail(request: HttpRequest, code: str) -> HttpResponse:
    commitment, can_edit = rules.get_commitment_for_user(request, code)
    periods = _status_periods(commitment.year.periods.all())
    commitment = (
        Commitment.objects.select_related("unit", "owner", "responsible", "year", "parent", "copied_from")
        .prefetch_related(_reports_of_year(periods[0]) if periods else "reports", "goals__year")
        .get(pk=commitment.pk)
    )
    rows = []
    for period in periods:
        rows.append(_row(commitment, period, request.user))
    parts = []
    if not commitment.is_personal:
        parts = list(
            rules.commitments_visible_to(request.user)
            .filter(parent=commitment)
            .select_related("owner")
            .order_by("title")
        )
    copies = rules.commitments_visible_to(request.user).filter(copied_from=commitment).select_related("unit")
    ctx = {
        "commitment": commitment,
        "rows": rows,
        "parts": parts,
        "copies": copies,
        "can_edit": can_edit,
        "can_break_down": can_edit and not commitment.is_personal,
        # The breadcrumbs lead to the unit view when the reader may open it.
        "can_view_unit": rules.can_view_unit_commitments(request.user, commitment.unit),
        "can_copy_down": can_edit and not commitment.is_personal and commitment.unit.numchild > 0,
        "history": history_entries(commitment),
        "delegations": commitment.delegations.select_related("user").order_by("user__first_name"),
        "can_delegate": rules.can_delegate_reporting(request.user, commitment),
        "delegation_form": DelegationForm(unit=commitment.unit),
        "page": "commitments",
    }
    return render(request, "commitments/commitment_detail.html", ctx)


@login_required
@require_POST
def commitment_delegate(request: HttpRequest, code: str) -> HttpResponse:
    """Give one person the right to report on this unit commitment (a django-guardian object permission)."""
    commitment, _can_edit = rules.get_commitment_for_user(request, code)
    if not rules.can_delegate_reporting(request.user, commitment):
        raise PermissionDenied
    form = DelegationForm(request.POST, unit=commitment.unit)
    if not form.is_valid():
        messages.error(request, _("Choose a person who works in line with the unit."))
        return redirect("commitments:commitment-detail", code=commitment.code)
    person = form.cleaned_data["person"]
    assign_perm("commitments.report_commitment", person, commitment)
    messages.success(request, _("%(person)s may now report on this commitment.") % {"person": person})
    return redirect("commitments:commitment-detail", code=commitment.code)


@login_required
@require_POST
def commitment_undelegate(request: HttpRequest, code: str, delegation_id: int) -> HttpResponse:
    commitment, _can_edit = rules.get_commitment_for_user(request, code)
    if not rules.can_delegate_reporting(request.user, commitment):
        raise PermissionDenied
    delegation = get_object_or_404(
        CommitmentDelegation.objects.select_related("user"), pk=delegation_id, content_object=commitment
    )
    remove_perm("commitments.report_commitment", delegation.user, commitment)
    messages.success(
        request, _("%(person)s no longer reports on this commitment.") % {"person": delegation.user}
    )
    return redirect("commitments:commitment-detail", code=commitment.code)


@login_required
def commitment_create(request: HttpRequest, code: str) -> HttpResponse:
    unit = rules.get_unit_for_new_commitment(request, code)
    form = CommitmentForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        commitment = services.create_commitment(
            unit=unit,
            year=data["year"],
            by=request.user,
            goals=data["goals"],
            title=data["title"],
            description=data["description"],
            responsible=data["responsible"],
            starts=data["starts"],
            ends=data["ends"],
        )
        messages.success(request, _("The commitment was created."))
        return redirect("commitments:commitment-detail", code=commitment.code)
    ctx = {"form": form, "unit": unit, "page": "commitments"}
    return render(request, "commitments/commitment_form.html", ctx)


@login_required
def commitment_update(request: HttpRequest, code: str) -> HttpResponse:
    commitment = rules.get_editable_commitment(request, code)
    form_class = EmployeeCommitmentForm if commitment.is_personal else CommitmentForm
    form = form_class(request.POST or None, instance=commitment, unit=commitment.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        names = [n for n in form.Meta.fields if n not in ("goals", "year")]
        try:
            services.save_commitment(
                commitment,
                version=data.get("version") or 0,
                fields={n: data[n] for n in names},
                goals=data.get("goals") if not commitment.is_personal else None,
            )
        except services.Conflict as conflict:
            current = conflict.current
            form.add_error(
                None,
                _(
                    "Somebody else saved this commitment while you were editing, so your change was not saved. "
                    "Saved now: title “%(title)s”, how “%(description)s”, %(starts)s–%(ends)s. Check it; if your "
                    "version should still replace it, save again."
                )
                % {
                    "title": current.title,
                    "description": current.description or "–",
                    "starts": current.starts,
                    "ends": current.ends,
                },
            )
            data = form.data.copy()
            data["version"] = current.version
            form.data = data
        else:
            messages.success(request, _("The commitment was saved."))
            return redirect("commitments:commitment-detail", code=commitment.code)
    ctx = {"form": form, "unit": commitment.unit, "commitment": commitment, "page": "commitments"}
    return render(request, "commitments/commitment_form.html", ctx)


@login_required
def commitment_copy_down(request: HttpRequest, code: str) -> HttpResponse:
    """Copy a unit commitment to every unit below, each copy with a responsible person: the sub-unit's own manager
    unless the person copying chooses another (commitments/ownership.py). GET shows the choice; POST copies."""
    commitment = rules.get_editable_commitment(request, code)
    if commitment.is_personal:
        raise PermissionDenied
    have_copy = set(commitment.copies.values_list("unit_id", flat=True))
    units = [
        u
        for u in OrgUnit.objects.filter(path__startswith=commitment.unit.path, is_active=True).exclude(
            pk=commitment.unit_id
        )
        if u.pk not in have_copy
    ]
    managers, candidates = ownership.managers_and_candidates(commitment.unit, units)
    data = request.POST if request.method == "POST" else None  # a POST without choices takes the defaults
    form = CopyDownForm(data, units=units, managers=managers, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = form.responsible_by_unit()
        made = services.copy_down(commitment, request.user, responsible=chosen)
        messages.success(
            request,
            ngettext(
                "%(count)s unit below got its own copy to report on.",
                "%(count)s units below got their own copy to report on.",
                len(made),
            )
            % {"count": len(made)},
        )
        nobody = [c.unit.name for c in made if c.responsible_id is None]
        if nobody:
            messages.warning(
                request,
                _(
                    "Nobody is responsible for the copy of %(units)s (no manager of its own): you see it among your "
                    "commitments until you make someone responsible."
                )
                % {"units": ", ".join(nobody)},
            )
        return redirect("commitments:commitment-detail", code=commitment.code)
    ctx = {"form": form, "commitment": commitment, "units": units, "page": "commitments"}
    return render(request, "commitments/commitment_copy_down.html", ctx)


@login_required
def commitment_break_down(request: HttpRequest, code: str) -> HttpResponse:
    """Create an employee commitment under a unit's commitment."""
    commitment = rules.get_editable_commitment(request, code)
    if commitment.is_personal:
        raise PermissionDenied
    form = EmployeeCommitmentForm(
        request.POST or None,
        unit=commitment.unit,
        initial={"title": commitment.title, "starts": commitment.starts, "ends": commitment.ends},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        part = services.break_down(
            commitment,
            owner=data["owner"],
            by=request.user,
            title=data["title"],
            description=data["description"],
            starts=data["starts"],
            ends=data["ends"],
        )
        messages.success(request, _("The employee commitment was created."))
        return redirect("commitments:commitment-detail", code=part.code)
    ctx = {"form": form, "commitment": commitment, "unit": commitment.unit, "page": "commitments"}
    return render(request, "commitments/commitment_break_down.html", ctx)


# --- the unit view and roll-ups ----------------------------------------------------------------------------


# The unit view's order: per unit its own commitments first (no owner), then the employees', by title.
UNIT_VIEW_ORDER = [Key("unit_path"), Key("owner_id", nulls_first=True), Key("title"), Key("pk")]


@login_required
def unit_commitments(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's commitments and everything below it: who has not reported, the status distribution, filters.

    The distribution is counted in SQL and the lists are paged: the largest administration at Göteborg's size
    has 21,000 commitments in its subtree, which as one page took minutes (BENCHMARKS.md, benchmark 2b). The
    query count does not grow with the subtree."""
    unit = rules.get_unit_for_commitments(request, code)
    board = unit.board()
    form = UnitFilterForm(request.GET or None, board=board)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    period = filters.get("period") or Period.current()
    if period is not None:
        # Offer only the goals of the shown year (the chosen goal was validated against the board's goals).
        form.fields["goal"].queryset = form.fields["goal"].queryset.filter(year_id=period.year_id)
    rows: list[Row] = []
    missing: list[Commitment] = []
    counts = services.empty_counts()
    pager = Page(number=1, size=PAGE_SIZE, total=0)
    if period is not None:
        commitments = rules.commitments_visible_to(request.user).filter(
            year_id=period.year_id, unit_path__startswith=unit.path, **unit.subtree_range("unit_path")
        )
        if filters.get("goal"):
            commitments = commitments.filter(goals=filters["goal"])
        # The status set-based (joins to the reports), not by two subqueries per commitment: counting the
        # largest administration's 21,000 commitments took 85 ms the other way at Göteborg's size. Only the
        # count and the status filter carry those joins: planning them into the listed pages cost PostgreSQL
        # 16 ms a query (BENCHMARKS.md, section 11).
        with_status = services.with_status(commitments, period)
        counts = services.count_by_status(with_status)
        # Per unit: its own commitments first, then the employees' (NULLs sort differently in SQLite and PostgreSQL).
        order = ("unit_path", F("owner_id").asc(nulls_first=True), "title")
        ordered = commitments.select_related("unit", "owner", "responsible").order_by(*order)
        # "Not reported" as NOT EXISTS (an anti-join), not by comparing the computed status: the first 50 of the
        # largest administration took 0.5 s the other way.
        missing = list(ordered.unreported(period)[:MISSING_SHOWN])
        shown = ordered
        if filters.get("status") == UNREPORTED:
            shown = shown.unreported(period)
        elif filters.get("status"):
            shown = (
                with_status.filter(status_now=filters["status"])
                .select_related("unit", "owner", "responsible")
                .order_by(*order)
            )
        # Keyset paging on the same order (plus the primary key): the last page costs what the first does.
        pager = keyset_page(
            request,
            shown.select_related("year").prefetch_related(_reports_of_year(period), "goals"),
            UNIT_VIEW_ORDER,
            counts[filters["status"]] if filters.get("status") else sum(counts.values()),
        )
        rows = [_row(c, period, request.user, with_form=False) for c in pager]
    distribution = [
        (key, label, counts[key]) for key, label in [*Status.choices, (UNREPORTED, _("Not reported"))]
    ]
    ctx = {
        "unit": unit,
        "board": board,
        "period": period,
        "form": form,
        "rows": rows,
        "pager": pager,
        "missing": missing,
        "missing_total": counts[UNREPORTED],
        "distribution": distribution,
        "total": sum(counts.values()),
        **_unit_analysis_ctx(request, unit, period),
        "can_create": rules.can_create_commitments(request.user, unit),
        "can_reopen": access.can_reopen_period(request.user, unit),
        "reopenings": PeriodReopening.objects.filter(unit=unit).select_related("period__year", "reopened_by")[
            :10
        ],
        "today": timezone.localdate(),
        "page": "commitments",
    }
    return render(request, "commitments/unit_commitments.html", ctx)


def _unit_analysis_ctx(request: HttpRequest, unit: OrgUnit, period: Period | None) -> dict:
    """The unit's analysis of the shown period, for those who read it (one query)."""
    if period is None or not rules.can_read_unit_analysis(request.user, unit):
        return {"can_read_analysis": False}
    return {
        "can_read_analysis": True,
        "unit_analysis": UnitAnalysis.objects.filter(unit=unit, period=period)
        .select_related("written_by")
        .first(),
        "can_write_analysis": rules.can_write_unit_analysis(request.user, unit),
    }


@login_required
def rollup_index(request: HttpRequest) -> HttpResponse:
    if access.is_superuser(request.user):
        root = OrgUnit.objects.filter(depth=1).first()
    else:
        roots = rules.rollup_roots_for(request.user)
        root = OrgUnit.objects.filter(pk=roots[0].unit_id).first() if roots else None
    if root is None:
        raise Http404
    return redirect("commitments:rollup", code=root.code)


def _rollup_table_rows(rows: list[services.RollupRow], root: OrgUnit, period: Period) -> str:
    """The roll-up table's rows as HTML. Built here rather than in the template: at Göteborg's size the table has
    3,500 rows and 31,500 cells, and the template engine spent more time on them than the database spent counting
    (BENCHMARKS.md, benchmark 1a). Unit names are escaped; everything else is a UUID or an integer."""
    # The unit view's URL up to the code: one reverse() instead of one per row.
    prefix = reverse("commitments:unit-commitments", kwargs={"code": root.code}).removesuffix(f"{root.code}/")
    query = f"?period={period.code}"
    lines = []
    for row in rows:
        cells = "".join(f'<td class="num">{n}</td>' for n in row.cells)
        lines.append(
            f'<tr><th scope="row" class="level-{row.level}"><a href="{prefix}{row.unit.code}/{query}">'
            f'{escape(row.unit.name)}</a></th>{cells}<td class="num">{row.total}</td></tr>'
        )
    return mark_safe("\n".join(lines))  # noqa: S308 (escaped above)


@login_required
def rollup(request: HttpRequest, code: str) -> HttpResponse:
    """Counts by status for every node below, each including its descendants, for a chosen period."""
    root = rules.get_unit_for_commitments(request, code)
    period = _chosen_period(request)
    rows = services.rollup(root, period) if period else []
    ctx = {
        "root": root,
        "period": period,
        "periods": _status_periods(Period.objects.all()),
        "rows": rows,
        "table_rows": _rollup_table_rows(rows, root, period) if period else "",
        "columns": [*Status.choices, (UNREPORTED, _("Not reported"))],
        "page": "commitments",
    }
    return render(request, "commitments/rollup.html", ctx)


# --- carrying over -------------------------------------------------------------------------------------------


@login_required
def carry_over(request: HttpRequest, code: str) -> HttpResponse:
    unit = rules.get_unit_for_new_commitment(request, code)
    current = Year.current()
    initial = {}
    if current:
        initial = {"from_year": current, "to_year": Year.objects.filter(year=current.year + 1).first()}
    form = CarryOverForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        made = services.carry_over(
            unit, form.cleaned_data["from_year"], form.cleaned_data["to_year"], request.user
        )
        messages.success(
            request,
            ngettext(
                "%(count)s unfinished commitment was carried over.",
                "%(count)s unfinished commitments were carried over.",
                len(made),
            )
            % {"count": len(made)},
        )
        return redirect("commitments:unit-commitments", code=unit.code)
    ctx = {"form": form, "unit": unit, "page": "commitments"}
    return render(request, "commitments/carry_over.html", ctx)
