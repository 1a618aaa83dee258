"""Pages of the financial statements: the municipality's and a board's statements of a year's period, the mapping
of accounts to statement lines, the balanskrav adjustments and the financial targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ledger.models import AccountRange, Balance, Statement, StatementLine
from reporting.rules import boards_visible_for_reporting
from styrmodell.lib.history import history_entries
from styrmodell.models import Period, Year

from . import rules, services
from .forms import AccountRangeForm, BalanceRequirementForm, SoundFinancesForm, TargetFormSet
from .models import BalanceRequirement, FinancialTarget, SoundFinances

PAGE = "statements"


def _choose_period(request: HttpRequest, year: Year) -> tuple[Period, list[Period]]:
    """The period asked for (?period=key), else the latest one the ledger has figures through (one query each)."""
    periods = list(year.periods.select_related("year").order_by("ends", "key"))
    if not periods:
        raise Http404
    key = request.GET.get("period")
    if key:
        chosen = next((p for p in periods if p.key == key), None)
        if chosen is None:
            raise Http404
        return chosen, periods
    through = Balance.objects.filter(year=year, year_offset=0, kind=Balance.Kind.PERIOD).aggregate(
        m=Max("month")
    )["m"]
    within = [p for p in periods if through and p.ends.month <= through]
    return (within[-1] if within else periods[-1]), periods


def _columns(period: Period) -> dict:
    return {
        "this_label": services.period_label(period),
        "last_label": services.period_label(period, previous=True),
    }


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    year = Year.current()
    if year is None:
        raise Http404
    return redirect("statements:year-detail", year=year.year)


@login_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    rules.require_municipality_reader(request)
    year_obj = rules.get_year(year)
    period, periods = _choose_period(request, year_obj)
    ctx = {
        "page": PAGE,
        "year": year_obj,
        "period": period,
        "periods": periods,
        "years": Year.objects.order_by("year"),
        "boards": boards_visible_for_reporting(request.user).active().order_by("path"),
        "can_keep": rules.can_keep_accounts(request.user),
        "can_edit_year": rules.can_edit_year(request.user, year_obj),
        "has_ledger": services.has_ledger(year_obj),
        "level": 2,
        **_columns(period),
    }
    if ctx["has_ledger"]:
        mapping = services.Mapping.load()
        statements = services.compute_statements(period, mapping=mapping)
        ctx.update(
            statements=statements,
            operating=services.operating_accounts(period, mapping=mapping),
            investments=services.investment_accounts(period),
            requirement=services.balance_requirement(statements),
            sound=services.sound_finances(statements, period),
        )
    return render(request, "statements/year_detail.html", ctx)


@login_required
def board_detail(request: HttpRequest, year: int, code: str) -> HttpResponse:
    board = rules.get_board(request, code)
    year_obj = rules.get_year(year)
    period, periods = _choose_period(request, year_obj)
    ctx = {
        "page": PAGE,
        "year": year_obj,
        "period": period,
        "periods": periods,
        "board": board,
        "has_ledger": services.has_ledger(year_obj),
        "can_view_municipality": rules.can_view_municipality(request.user),
        "level": 2,
        **_columns(period),
    }
    if ctx["has_ledger"]:
        mapping = services.Mapping.load()
        ctx.update(
            statements=services.compute_statements(period, board, mapping=mapping),
            operating=services.operating_accounts(period, board, mapping=mapping),
            investments=services.investment_accounts(period, board),
        )
    return render(request, "statements/board_detail.html", ctx)


# --- the mapping ----------------------------------------------------------------------------------------------


@login_required
def mapping(request: HttpRequest) -> HttpResponse:
    rules.require_municipality_reader(request)
    years = list(Year.objects.order_by("year"))
    year = None
    if request.GET.get("year", "").isdigit():
        year = next((y for y in years if y.year == int(request.GET["year"])), None)
    year = year or Year.current()
    lines = StatementLine.objects.prefetch_related(
        Prefetch("ranges", queryset=AccountRange.objects.order_by("first"))
    ).order_by("statement", "order", "pk")
    statements = [
        (label, [line for line in lines if line.statement == value]) for value, label in Statement.choices
    ]
    ctx = {
        "page": PAGE,
        "statements": statements,
        "year": year,
        "years": years,
        "unmapped": services.unmapped_accounts(year) if year else [],
        "can_keep": rules.can_keep_accounts(request.user),
        "derived": {key for _statement, key in services.DERIVED},
    }
    return render(request, "statements/mapping.html", ctx)


def _range_page(
    request: HttpRequest, form: AccountRangeForm, line: StatementLine, title: str
) -> HttpResponse:
    ctx = {
        "page": PAGE,
        "form": form,
        "line": line,
        "title": title,
        "back": reverse("statements:mapping") + f"#line-{line.pk}",
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "statements/range_form.html", ctx, status=status)


@login_required
def range_create(request: HttpRequest, line_id: int) -> HttpResponse:
    rules.require_keeper(request)
    line = get_object_or_404(StatementLine, pk=line_id)
    if line.is_total or (line.statement, line.key) in services.DERIVED:
        raise PermissionDenied
    form = AccountRangeForm(request.POST or None, line=line, instance=AccountRange(line=line))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The account range was added to “%(line)s”.") % {"line": line.name})
        return redirect(reverse("statements:mapping") + f"#line-{line.pk}")
    return _range_page(request, form, line, _("New account range for “%(line)s”") % {"line": line.name})


@login_required
def range_update(request: HttpRequest, range_id: int) -> HttpResponse:
    rules.require_keeper(request)
    account_range = get_object_or_404(AccountRange.objects.select_related("line"), pk=range_id)
    line = account_range.line
    form = AccountRangeForm(request.POST or None, line=line, instance=account_range)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The account range of “%(line)s” was changed.") % {"line": line.name})
        return redirect(reverse("statements:mapping") + f"#line-{line.pk}")
    return _range_page(request, form, line, _("Change an account range of “%(line)s”") % {"line": line.name})


@login_required
@require_POST
def range_delete(request: HttpRequest, range_id: int) -> HttpResponse:
    rules.require_keeper(request)
    account_range = get_object_or_404(AccountRange.objects.select_related("line"), pk=range_id)
    line = account_range.line
    account_range.delete()
    messages.success(
        request,
        _("The accounts %(first)s–%(last)s no longer map to “%(line)s”.")
        % {"first": account_range.first, "last": account_range.last, "line": line.name},
    )
    return redirect(reverse("statements:mapping") + f"#line-{line.pk}")


# --- what the controller enters per year ------------------------------------------------------------------------


def _require_year_keeper(request: HttpRequest, year: int) -> Year:
    rules.require_keeper(request)
    year_obj = rules.get_year(year)
    if year_obj.is_closed:
        raise PermissionDenied
    return year_obj


@login_required
def balance_requirement_update(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = _require_year_keeper(request, year)
    record = BalanceRequirement.objects.filter(year=year_obj).first() or BalanceRequirement(year=year_obj)
    form = BalanceRequirementForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.updated_by = request.user
        record.updated_at = timezone.now()
        record.save()
        messages.success(request, _("The balance requirement adjustments were saved."))
        return redirect(reverse("statements:year-detail", args=[year]) + "#balance-requirement")
    ctx = {
        "page": PAGE,
        "form": form,
        "year": year_obj,
        "title": _("Balance requirement adjustments %(year)s") % {"year": year_obj.year},
        "back": reverse("statements:year-detail", args=[year]),
        "history": history_entries(record) if record.pk else None,
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "statements/balance_requirement_form.html", ctx, status=status)


@login_required
def sound_finances_update(request: HttpRequest, year: int) -> HttpResponse:
    year_obj = _require_year_keeper(request, year)
    record = SoundFinances.objects.filter(year=year_obj).first() or SoundFinances(year=year_obj)
    targets, default = services.targets_for(year_obj)
    queryset = FinancialTarget.objects.filter(year=year_obj)
    initial = (
        [{"metric": t.metric, "comparator": t.comparator, "target": t.target} for t in targets]
        if default
        else []
    )
    data = request.POST or None
    # The default targets are offered as filled-in new rows; posted back, they are new rows like any other.
    formset = TargetFormSet(data, queryset=queryset, initial=None if data else initial, prefix="targets")
    if default and not data:
        formset.extra = len(initial) + 1
    form = SoundFinancesForm(data, instance=record, prefix="evaluation")
    if request.method == "POST" and formset.is_valid() and form.is_valid():
        with transaction.atomic():
            for position, target_form in enumerate(formset.forms):
                cleaned = getattr(target_form, "cleaned_data", {})
                if not cleaned:
                    continue
                if cleaned.get("DELETE"):
                    if target_form.instance.pk:
                        target_form.instance.delete()
                    continue
                target = target_form.save(commit=False)
                target.year = year_obj
                target.position = position
                target.save()
            record = form.save(commit=False)
            record.updated_by = request.user
            record.updated_at = timezone.now()
            record.save()
        messages.success(request, _("The financial targets and the evaluation were saved."))
        return redirect(reverse("statements:year-detail", args=[year]) + "#sound-finances")
    ctx = {
        "page": PAGE,
        "form": form,
        "formset": formset,
        "year": year_obj,
        "default": default,
        "title": _("Sound financial management %(year)s") % {"year": year_obj.year},
        "back": reverse("statements:year-detail", args=[year]),
        "history": history_entries(record) if record.pk else None,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "statements/sound_finances_form.html", ctx, status=status)
