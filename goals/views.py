"""Goals (VAD): the municipality goal tree, visions and directions, board pages, goal pages and their forms."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from styrmodell import access
from styrmodell.lib.charts import ChartPoint, ComparisonSeries, format_number, trend_chart_svg
from styrmodell.lib.history import history_entries
from styrmodell.models import OrgUnit, Period, Reporting, Year

from . import kolada, plausibility, revision_views, revisions, rules, services
from .forms import (
    AdoptForm,
    AssessmentForm,
    BoardProfileForm,
    DirectionForm,
    GoalForm,
    IndicatorForm,
    KoladaSearchForm,
    PlausibleOutcomeForm,
    TargetForm,
    VisionForm,
)
from .models import BoardProfile, Direction, Goal, Indicator, IndicatorTarget, Vision


def _goal_periods(periods) -> list[Period]:
    """The periods a goal page follows up: those collecting indicator outcomes or goal assessments (a monthly
    economy period has neither)."""
    return [
        p
        for p in periods.select_related("year").order_by("ends")
        if p.collects_kind(Reporting.OUTCOMES) or p.collects_kind(Reporting.ASSESSMENTS)
    ]


def _year_and_period(request: HttpRequest) -> tuple[Year | None, Period | None, list[Year], list[Period]]:
    """The year (?ar=) and period (?period=t1|t2|ye) to show; by default the current ones."""
    years = list(Year.objects.all())
    by_number = {y.year: y for y in years}
    year = None
    if request.GET.get("ar", "").isdigit():
        year = by_number.get(int(request.GET["ar"]))
    if year is None:
        current = Period.current()
        year = current.year if current else (years[-1] if years else None)
    if year is None:
        return None, None, years, []
    periods = _goal_periods(Period.objects.filter(year=year))
    wanted = request.GET.get("period")
    period = next((p for p in periods if p.key == wanted), None)
    if period is None:
        # The latest period whose deadline has passed, else the first: what is there to follow up.
        today = timezone.localdate()
        passed = [p for p in periods if p.deadline <= today or p.is_closed]
        period = passed[-1] if passed else (periods[0] if periods else None)
    return year, period, years, periods


_NIL = "00000000-0000-0000-0000-000000000000"


def _statuses(goals, period: Period | None) -> list[services.GoalStatus]:
    if period is None:
        return []
    return [services.goal_status(goal, period) for goal in goals]


# --- the municipality goal tree -------------------------------------------------------------------------------


@login_required
def goal_tree(request: HttpRequest) -> HttpResponse:
    """Vision → directions → each board's goals, with assessment and indicator lights for one period: every board's
    adopted goals (one municipality), or with ?mina=1 only the goals of the user's own board(s)."""
    year, period, years, periods = _year_and_period(request)
    own_only = request.GET.get("mina") == "1"
    ctx = {
        "year": year,
        "period": period,
        "years": years,
        "periods": periods,
        "own_only": own_only,
        "page": "goals",
    }
    if year is None:
        return render(request, "goals/goal_tree.html", ctx)
    visible_boards = rules.own_boards if own_only else rules.boards_visible_to
    boards = list(visible_boards(request.user).order_by("path"))
    goals = Goal.objects.filter(year=year).filter(rules.goals_visible_q(request.user))
    if own_only:
        goals = goals.filter(rules.own_goals_q(request.user))
    goals = goals.order_by("board__path", "position", "title")
    entries = services.goal_tree_entries(goals, period) if period is not None else []
    directions = {d.pk: d for d in Direction.objects.valid_in(year.year).select_related("vision")}
    board_by_id = {b.pk: b for b in boards}
    missing_directions = {e.direction_id for e in entries} - directions.keys()
    missing_boards = {e.board_id for e in entries} - board_by_id.keys()
    # Goals may sit under a direction no longer valid this year, or (for a superuser) a board with no role.
    directions.update(
        {d.pk: d for d in Direction.objects.filter(pk__in=missing_directions)} if missing_directions else {}
    )
    board_by_id.update(
        {b.pk: b for b in OrgUnit.objects.filter(pk__in=missing_boards)} if missing_boards else {}
    )
    by_direction: dict[int, dict[int, list[services.TreeGoal]]] = {}
    for entry in entries:
        by_direction.setdefault(entry.direction_id, {}).setdefault(entry.board_id, []).append(entry)
    tree = []
    for direction in sorted(directions.values(), key=lambda d: (d.position, d.title)):
        board_groups = by_direction.get(direction.pk, {})
        tree.append(
            {
                "direction": direction,
                "boards": [
                    {"board": board_by_id[board_id], "goals": goals_of_board}
                    for board_id, goals_of_board in sorted(
                        board_groups.items(), key=lambda item: board_by_id[item[0]].path
                    )
                ],
            }
        )
    ctx.update(
        {
            "visions": list(Vision.objects.valid_in(year.year)),
            "tree": tree,
            "boards": boards,
            # Rendered for 300 goals and 1,000 indicators at Göteborg's size: translated and reversed once, not per
            # goal (BENCHMARKS.md, benchmark 1b).
            "goal_url_prefix": reverse("goals:goal-detail", kwargs={"code": _NIL}).removesuffix(f"{_NIL}/"),
            "adopted_label": _("Adopted"),
            "draft_label": _("Draft"),
            "assessment_label": _("Assessment"),
            "suggest_label": _("The indicators suggest"),
            "not_measurable_label": _("Not measurable"),
            "no_indicators_label": _("No indicators."),
        }
    )
    return render(request, "goals/goal_tree.html", ctx)


# --- visions and directions -----------------------------------------------------------------------------------


@login_required
def vision_list(request: HttpRequest) -> HttpResponse:
    visions = Vision.objects.prefetch_related(
        Prefetch("directions", queryset=Direction.objects.order_by("-valid_from", "position", "title"))
    )
    ctx = {"visions": visions, "can_manage": rules.can_manage_visions(request.user), "page": "goals"}
    return render(request, "goals/vision_list.html", ctx)


@login_required
def vision_create(request: HttpRequest) -> HttpResponse:
    rules.require_vision_manager(request)
    form = VisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vision = form.save()
        messages.success(request, _("The vision %(title)s was saved.") % {"title": vision.title})
        return redirect("goals:vision-list")
    return render(request, "goals/vision_form.html", {"form": form, "page": "goals"})


@login_required
def vision_update(request: HttpRequest, code: str) -> HttpResponse:
    rules.require_vision_manager(request)
    vision = get_object_or_404(Vision, code=code)
    form = VisionForm(request.POST or None, instance=vision)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The vision %(title)s was saved.") % {"title": vision.title})
        return redirect("goals:vision-list")
    ctx = {"form": form, "vision": vision, "history": history_entries(vision), "page": "goals"}
    return render(request, "goals/vision_form.html", ctx)


@login_required
def direction_create(request: HttpRequest) -> HttpResponse:
    rules.require_vision_manager(request)
    form = DirectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        direction = form.save()
        messages.success(request, _("The direction %(title)s was saved.") % {"title": direction.title})
        return redirect("goals:vision-list")
    return render(request, "goals/direction_form.html", {"form": form, "page": "goals"})


@login_required
def direction_update(request: HttpRequest, code: str) -> HttpResponse:
    rules.require_vision_manager(request)
    direction = get_object_or_404(Direction, code=code)
    form = DirectionForm(request.POST or None, instance=direction)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The direction %(title)s was saved.") % {"title": direction.title})
        return redirect("goals:vision-list")
    ctx = {"form": form, "direction": direction, "history": history_entries(direction), "page": "goals"}
    return render(request, "goals/direction_form.html", ctx)


# --- a board's page -------------------------------------------------------------------------------------------


@login_required
def board_detail(request: HttpRequest, code: str) -> HttpResponse:
    board, can_edit = rules.get_board_for_user(request, code)
    year, period, years, periods = _year_and_period(request)
    profile = BoardProfile.objects.filter(board=board).first()
    goals = services.board_goals(board, year) if year else []
    next_year = next((y for y in years if year and y.year == year.year + 1), None)
    ctx = {
        "board": board,
        "profile": profile,
        "year": year,
        "period": period,
        "years": years,
        "periods": periods,
        "statuses": _statuses(goals, period),
        "can_edit": can_edit,
        "can_add_goal": can_edit and year is not None and not year.is_closed,
        "can_copy": can_edit and bool(goals) and next_year is not None and not next_year.is_closed,
        "next_year": next_year,
        "page": "goals",
    }
    return render(request, "goals/board_detail.html", ctx)


@login_required
def board_profile_update(request: HttpRequest, code: str) -> HttpResponse:
    board = rules.get_goal_editing_board(request, code)
    profile = BoardProfile.objects.filter(board=board).first() or BoardProfile(board=board)
    form = BoardProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The mission statement was saved."))
        return redirect("goals:board-detail", code=board.code)
    ctx = {"form": form, "board": board, "page": "goals"}
    if profile.pk:
        ctx["history"] = history_entries(profile)
    return render(request, "goals/board_profile_form.html", ctx)


@login_required
@require_POST
def board_goals_copy(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """New year, self-service: the board's goals and indicators (with target levels) become next year's drafts."""
    board = rules.get_goal_editing_board(request, code)
    source = get_object_or_404(Year, year=year)
    try:
        copies = services.copy_goals_to_next_year(board, source)
    except services.CopyRefused as refused:
        messages.error(request, str(refused))
        return redirect(f"{_board_url(board)}?ar={source.year}")
    if copies:
        messages.success(
            request,
            ngettext(
                "%(count)s goal was copied to %(year)s as a draft.",
                "%(count)s goals were copied to %(year)s as drafts.",
                len(copies),
            )
            % {"count": len(copies), "year": source.year + 1},
        )
    else:
        messages.info(request, _("Every goal of %(year)s has already been copied.") % {"year": source.year})
    return redirect(f"{_board_url(board)}?ar={source.year + 1}")


def _board_url(board: OrgUnit) -> str:
    return reverse("goals:board-detail", kwargs={"code": board.code})


# --- goals ------------------------------------------------------------------------------------------------------


@login_required
def goal_create(request: HttpRequest, code: str, year: int) -> HttpResponse:
    board = rules.get_goal_editing_board(request, code)
    year_obj = get_object_or_404(Year, year=year)
    if year_obj.is_closed:
        raise PermissionDenied
    form = GoalForm(request.POST or None, year=year_obj)
    if request.method == "POST" and "check" not in request.POST and form.is_valid():
        goal = form.save(commit=False)
        goal.board, goal.year = board, year_obj
        goal.save()
        messages.success(request, _("The goal was saved as a draft. Add indicators with target levels."))
        return redirect("goals:goal-detail", code=goal.code)
    ctx = {
        "form": form,
        "board": board,
        "year": year_obj,
        "wording": revision_views.wording_of_form(form),
        "page": "goals",
    }
    return render(request, "goals/goal_form.html", ctx)


def _goal_page_data(goal: Goal, period: Period | None) -> dict:
    goal = services.goals_with_details(Goal.objects.filter(pk=goal.pk)).get()
    indicators = []
    for indicator in goal.indicators.all():
        outcomes = list(indicator.outcomes.all())
        points = []
        if indicator.baseline_value is not None:
            points.append(ChartPoint(str(indicator.baseline_year or _("Baseline")), indicator.baseline_value))
        points += [ChartPoint(services.period_short_label(o.period), o.value) for o in outcomes]
        target = services.target_for(indicator, goal.year.year)
        kolada_extra = _kolada_beside(indicator, points, outcomes)
        latest = outcomes[-1] if outcomes else None
        description = _("Outcomes of %(name)s per period.") % {"name": indicator.name}
        if latest is not None:
            description += " " + _("Latest: %(value)s (%(period)s).") % {
                "value": format_number(latest.value),
                "period": services.period_short_label(latest.period),
            }
        if target is not None:
            description += " " + _("Target level %(year)s: %(value)s.") % {
                "year": goal.year.year,
                "value": format_number(target.value),
            }
        indicators.append(
            {
                "indicator": indicator,
                "status": services.indicator_status(indicator, period) if period else None,
                "targets": list(indicator.targets.all()),
                "target": target,
                "outcomes": outcomes,
                "from_kolada": bool(indicator.kolada_kpi)
                or any(o.source == Indicator.Source.KOLADA for o in outcomes),
                **kolada_extra,
                "chart": trend_chart_svg(
                    points,
                    title=_("Trend: %(name)s") % {"name": indicator.name},
                    description=description,
                    target=target.value if target else None,
                    target_label=_("Target level %(value)s") % {"value": format_number(target.value)}
                    + (f" {indicator.unit}" if indicator.unit else "")
                    if target
                    else "",
                    unit=indicator.unit,
                    comparisons=kolada_extra["comparison_series"],
                ),
            }
        )
    assessments = sorted(goal.assessments.all(), key=lambda a: a.period.ends)
    return {
        "goal": goal,
        "indicators": indicators,
        "status": services.goal_status(goal, period) if period else None,
        "smart": services.smart_check(goal),
        "assessments": assessments,
    }


@login_required
def goal_detail(request: HttpRequest, code: str) -> HttpResponse:
    goal, rights = rules.get_goal_for_user(request, code)
    periods = _goal_periods(Period.objects.filter(year=goal.year))
    wanted = request.GET.get("period")
    today = timezone.localdate()
    period = next((p for p in periods if p.key == wanted), None) or next(
        (p for p in reversed(periods) if p.is_closed or p.deadline <= today), periods[0] if periods else None
    )
    ctx = _goal_page_data(goal, period)
    ctx.update(
        {
            "period": period,
            "periods": periods,
            "can_edit": rights.can_edit,
            "can_adopt": rights.can_edit and not goal.is_adopted,
            "can_enter_outcomes": rights.can_enter_outcomes,
            "adopt_form": AdoptForm(instance=goal) if rights.can_edit and not goal.is_adopted else None,
            "target_history": IndicatorTarget.history.filter(indicator__goal=goal)
            .select_related("history_user", "indicator")
            .order_by("-history_date")[:50],
            "history": history_entries(goal),
            "page": "goals",
        }
    )
    ctx.update(revision_views.version_context(request.user, ctx["goal"], rights))
    return render(request, "goals/goal_detail.html", ctx)


@login_required
def goal_update(request: HttpRequest, code: str) -> HttpResponse:
    goal = rules.get_editable_goal(request, code)
    if goal.is_adopted:  # changes of an adopted goal go into a draft revision
        return revision_views.goal_revise(request, goal)
    form = GoalForm(request.POST or None, instance=goal, year=goal.year)
    if request.method == "POST" and "check" not in request.POST and form.is_valid():
        goal = form.save(commit=False)
        if form.cleaned_data.get("change_reason"):
            goal._change_reason = form.cleaned_data["change_reason"]
        goal.save(update_fields=[name for name in form.Meta.fields])
        messages.success(request, _("The goal was saved."))
        return redirect("goals:goal-detail", code=goal.code)
    ctx = {
        "form": form,
        "goal": goal,
        "board": goal.board,
        "year": goal.year,
        "page": "goals",
        "smart": services.smart_check(services.goals_with_details(Goal.objects.filter(pk=goal.pk)).get()),
        "wording": revision_views.wording_of_form(form),
    }
    return render(request, "goals/goal_form.html", ctx)


@login_required
@require_POST
def goal_adopt(request: HttpRequest, code: str) -> HttpResponse:
    goal = rules.get_editable_goal(request, code)
    if goal.is_adopted:
        messages.info(request, _("The goal is already adopted."))
        return redirect("goals:goal-detail", code=goal.code)
    # With the SMART confirmation when the goal fails a criterion; the adoption is recorded as its first version.
    return revision_views.adopt(request, goal)


@login_required
def assessment_set(request: HttpRequest, code: str) -> HttpResponse:
    goal = rules.get_editable_goal(request, code)
    detailed = services.goals_with_details(Goal.objects.filter(pk=goal.pk)).get()
    initial = {}
    wanted = request.GET.get("period")
    if wanted:
        period = Period.objects.filter(year=goal.year, key=wanted).first()
        if period:
            initial["period"] = period
            existing = next((a for a in detailed.assessments.all() if a.period_id == period.pk), None)
            if existing:
                initial.update(verdict=existing.verdict, analysis=existing.analysis)
    form = AssessmentForm(request.POST or None, year=goal.year, board=goal.board, initial=initial)
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        services.set_assessment(
            goal, period, form.cleaned_data["verdict"], form.cleaned_data["analysis"], request.user
        )
        messages.success(request, _("The assessment for %(period)s was saved.") % {"period": period})
        return redirect(f"{goal_url(goal)}?period={period.key}")
    periods = _goal_periods(Period.objects.filter(year=goal.year))
    suggestions = [(p, services.suggest_verdict(detailed, p)) for p in periods]
    ctx = {"form": form, "goal": goal, "suggestions": suggestions, "page": "goals"}
    return render(request, "goals/assessment_form.html", ctx)


def goal_url(goal: Goal) -> str:
    return reverse("goals:goal-detail", kwargs={"code": goal.code})


# --- indicators -------------------------------------------------------------------------------------------------


@login_required
def indicator_create(request: HttpRequest, code: str) -> HttpResponse:
    goal = rules.get_editable_goal(request, code)
    if goal.is_adopted:  # a new indicator of an adopted goal goes into a draft revision
        return revision_views.indicator_revise(request, goal)
    form = IndicatorForm(request.POST or None, year=goal.year.year, initial=_kolada_initial(request))
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        indicator.goal = goal
        indicator.save()
        if form.cleaned_data["target_value"] is not None:
            services.set_target(indicator, goal.year.year, form.cleaned_data["target_value"])
        messages.success(request, _("The indicator %(name)s was added.") % {"name": indicator.name})
        return redirect("goals:goal-detail", code=goal.code)
    ctx = {"form": form, "goal": goal, "page": "goals", "kolada_form": KoladaSearchForm()}
    return render(request, "goals/indicator_form.html", ctx)


@login_required
def indicator_update(request: HttpRequest, code: str) -> HttpResponse:
    indicator = rules.get_editable_indicator(request, code)
    goal = indicator.goal
    if goal.is_adopted:  # changes of an adopted goal's indicator go into a draft revision
        return revision_views.indicator_revise(request, goal, indicator)
    current = IndicatorTarget.objects.filter(indicator=indicator, year=goal.year.year).first()
    form = IndicatorForm(
        request.POST or None,
        instance=indicator,
        year=goal.year.year,
        initial={"target_value": current.value if current else None},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.cleaned_data["target_value"] is not None:
            services.set_target(indicator, goal.year.year, form.cleaned_data["target_value"])
        messages.success(request, _("The indicator %(name)s was saved.") % {"name": indicator.name})
        return redirect("goals:goal-detail", code=goal.code)
    ctx = {
        "form": form,
        "goal": goal,
        "indicator": indicator,
        "history": history_entries(indicator),
        "target_form": TargetForm(),
        "kolada_form": KoladaSearchForm(),
        "page": "goals",
    }
    return render(request, "goals/indicator_form.html", ctx)


@login_required
@require_POST
def target_set(request: HttpRequest, code: str) -> HttpResponse:
    indicator = rules.get_editable_indicator(request, code)
    form = TargetForm(request.POST)
    if form.is_valid() and indicator.goal.is_adopted:
        return revision_views.target_revise(
            request, indicator, form.cleaned_data["year"], form.cleaned_data["value"]
        )
    if form.is_valid():
        services.set_target(indicator, form.cleaned_data["year"], form.cleaned_data["value"])
        messages.success(
            request, _("The target level for %(year)s was saved.") % {"year": form.cleaned_data["year"]}
        )
    else:
        messages.error(request, _("Give a year and a target level."))
    return redirect("goals:goal-detail", code=indicator.goal.code)


@login_required
def outcome_set(request: HttpRequest, code: str) -> HttpResponse:
    indicator = rules.get_indicator_for_outcomes(request, code)
    goal = indicator.goal
    outcomes = list(indicator.outcomes.select_related("period__year", "entered_by").order_by("period__ends"))
    # Start from the first period of the goal's year still open for the board's outcomes, with what is already
    # entered for it.
    first_open = next(
        (
            p
            for p in Period.objects.filter(year=goal.year).select_related("year").order_by("ends", "key")
            if access.reporting_is_open(p, goal.board, Reporting.OUTCOMES)
        ),
        None,
    )
    initial = {"period": first_open} if first_open else {}
    current = next((o for o in outcomes if first_open and o.period_id == first_open.pk), None)
    if current:
        initial.update(value=current.value, comment=current.comment)
    form = PlausibleOutcomeForm(
        request.POST or None, year=goal.year, board=goal.board, initial=initial, indicator=indicator
    )
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        try:
            services.set_outcome(
                indicator,
                period,
                form.cleaned_data["value"],
                form.cleaned_data["comment"],
                request.user,
                is_unusual=form.is_unusual,
            )
        except services.PeriodLocked:  # closed between the form check and the write
            raise PermissionDenied from None
        messages.success(request, _("The outcome for %(period)s was saved.") % {"period": period})
        return redirect(f"{goal_url(goal)}?period={period.key}")
    if not form.asks_confirmation:
        form.fields.pop("confirm_unusual", None)  # asked only for a value far outside the history
    ctx = {
        "form": form,
        "goal": goal,
        "indicator": indicator,
        "outcomes": outcomes,
        "bounds_text": plausibility.describe(indicator),
        "page": "goals",
    }
    return render(request, "goals/outcome_form.html", ctx)


@login_required
@require_POST
def kolada_import(request: HttpRequest, code: str) -> HttpResponse:
    """Fetch the indicator's Kolada outcomes now (the nightly task does the same for every Kolada indicator)."""
    indicator, rights = rules.get_indicator_for_user(request, code)
    if not (rights.can_edit or rights.can_enter_outcomes):
        raise PermissionDenied
    if not indicator.kolada_kpi:
        raise Http404
    try:
        result, comparison_problem = kolada.import_with_comparisons(indicator)
    except kolada.KoladaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, kolada.summary(result))
        if comparison_problem:
            messages.warning(request, comparison_problem)
    return redirect("goals:goal-detail", code=indicator.goal.code)


# --- Kolada: the catalogue and the comparisons ---------------------------------------------------------------------


def _kolada_beside(indicator: Indicator, points: list[ChartPoint], outcomes) -> dict:
    """The KPI's catalogue entry and the comparison series (similar municipalities, the whole country) aligned with
    the chart's points: a year-end outcome or the baseline is compared with Kolada's value of its year."""
    empty = {"kpi": None, "comparison_series": [], "comparison_rows": []}
    if not indicator.kolada_kpi:
        return empty
    point_years: list[int | None] = []
    if indicator.baseline_value is not None:
        point_years.append(indicator.baseline_year)
    point_years += [o.period.year.year if o.period.kind == Period.Kind.YEAR_END else None for o in outcomes]
    years = sorted({y for y in point_years if y})
    by_series = kolada.comparisons_for(indicator.kolada_kpi, years)
    series, rows = [], []
    for key in (kolada.KoladaComparison.Series.GROUP, kolada.KoladaComparison.Series.COUNTRY):
        values = by_series.get(key, {})
        if not values:
            continue
        label = next(iter(values.values())).label or str(key.label)
        series.append(
            ComparisonSeries(label, [values[y].value if y in values else None for y in point_years])
        )
        rows.append({"label": label, "values": [(y, values[y].value) for y in years if y in values]})
    return {
        "kpi": kolada.kpi_info(indicator.kolada_kpi),
        "comparison_series": series,
        "comparison_rows": rows,
    }


def _kolada_initial(request: HttpRequest) -> dict:
    """A new indicator started from a KPI chosen in the catalogue search (?kpi=N15428)."""
    kpi = kolada.kpi_info(request.GET.get("kpi", "").strip().upper()[:20])
    if kpi is None:
        return {}
    unit = kpi.unit
    return {
        "name": kpi.title[:300],
        "unit": unit,
        "kind": plausibility.kind_for_unit(unit),
        "kolada_kpi": kpi.kpi_id,
        "better": Indicator.Better.HIGHER,
    }


@login_required
def kolada_search(request: HttpRequest) -> HttpResponse:
    """Search the cached Kolada catalogue by name or id; from an indicator (?indikator=) or a goal (?mal=) the
    results offer to link the KPI. Works offline once the catalogue was fetched."""
    form = KoladaSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    indicator = goal = None
    if request.GET.get("indikator"):
        indicator = _indicator_for_kolada(request, _code(request.GET["indikator"]))
    elif request.GET.get("mal"):
        goal = rules.get_editable_goal(request, _code(request.GET["mal"]))
    catalogue = kolada.catalogue_entries()
    results = kolada.search_catalogue(text, entries=catalogue) if text else []
    goal = goal or (indicator.goal if indicator else None)
    ctx = {
        "form": form,
        "text": text,
        "results": results,
        "indicator": indicator,
        "goal": goal,
        # The results are rendered while the user types: links and labels are made once, not per row.
        "link_url": reverse("goals:indicator-kolada-link", args=[indicator.code]) if indicator else "",
        "new_indicator_url": reverse("goals:indicator-create", args=[goal.code])
        if goal and not indicator
        else "",
        "link_label": _("Link to the indicator") if indicator else _("New indicator from this key figure"),
        "catalogue_size": len(catalogue),
        "page": "goals",
    }
    if request.htmx:
        # Typing in the search field: only the results and, out of band, the count for the status region.
        return render(request, "goals/partials/kolada_results.html", {**ctx, "oob": True})
    return render(request, "goals/kolada_search.html", ctx)


def _code(value: str) -> str:
    try:
        return str(UUID(value))
    except ValueError:
        raise Http404 from None


@login_required
@require_POST
def indicator_kolada_link(request: HttpRequest, code: str) -> HttpResponse:
    """Link a KPI of the catalogue to an indicator (the unit and kind follow the KPI where unset). The board's
    writers and its controllers (who fetch the outcomes) may link. An adopted goal's indicator is never changed
    here: the link goes into the goal's draft revision, which the board adopts (goals/revisions.py)."""
    indicator = _indicator_for_kolada(request, code)
    kpi = kolada.kpi_info(request.POST.get("kpi", "").strip().upper()[:20])
    if kpi is None:
        messages.error(request, _("Choose a key figure from the search results."))
        return redirect(f"{reverse('goals:kolada-search')}?indikator={indicator.code}")
    values = {"kolada_kpi": kpi.kpi_id}
    unit = indicator.unit or kpi.unit
    if not indicator.unit and kpi.unit:
        values["unit"] = kpi.unit
    if not indicator.kind and plausibility.kind_for_unit(unit):
        values["kind"] = plausibility.kind_for_unit(unit)
    if indicator.goal.is_adopted:
        revisions.revise_indicator(indicator.goal, str(indicator.code), values, {}, request.user)
        messages.success(
            request,
            _(
                "The link of %(name)s to Kolada's %(kpi)s was saved in the goal's draft revision. The adopted "
                "indicator keeps its source until the board adopts the revision."
            )
            % {"name": indicator.name, "kpi": kpi.kpi_id},
        )
        return redirect(f"{goal_url(indicator.goal)}#revision-heading")
    for name, value in values.items():
        setattr(indicator, name, value)
    indicator.save(update_fields=list(values))
    messages.success(
        request,
        _("%(name)s is linked to Kolada's %(kpi)s. Fetch its outcomes from the goal page.")
        % {"name": indicator.name, "kpi": kpi.kpi_id},
    )
    return redirect("goals:goal-detail", code=indicator.goal.code)


def _indicator_for_kolada(request: HttpRequest, code: str) -> Indicator:
    """An indicator whose Kolada link the user may set: 404 outside their scope, 403 unless they write the board's
    goals or enter its outcomes; the year must be open."""
    indicator, rights = rules.get_indicator_for_user(request, code)
    if indicator.goal.year.is_closed or not (rights.can_edit or rights.can_enter_outcomes):
        raise PermissionDenied
    return indicator
