"""Unit analyses: one page per unit and period, read by the unit's managers, the managers above and the board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from styrmodell.lib.history import history_entries
from styrmodell.models import Period

from . import analysis, rules
from .forms import UnitAnalysisForm
from .models import UnitAnalysis


@login_required
def unit_analysis(request: HttpRequest, code: str, period_code: str) -> HttpResponse:
    """The unit's analysis of the period; its managers write it while the period's staff step is open."""
    unit, can_write = rules.get_unit_for_analysis(request, code)
    period = get_object_or_404(Period.objects.select_related("year"), code=period_code)
    current = UnitAnalysis.objects.filter(unit=unit, period=period).select_related("written_by").first()
    is_open = analysis.is_open(period, unit)
    may_write = can_write and is_open
    if request.method == "POST" and not may_write:
        raise PermissionDenied
    goals = analysis.suggested_goals(unit, period)
    initial = {"goals": list(goals)}
    if current:
        initial = {
            "went_well": current.went_well,
            "went_badly": current.went_badly,
            "next_steps": current.next_steps,
            "goals": list(current.goals.all()),
        }
    form = None
    if may_write:
        form = UnitAnalysisForm(
            request.POST or None, goals=analysis.choosable_goals(unit, period), initial=initial
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        analysis.save_analysis(
            unit,
            period,
            went_well=data["went_well"],
            went_badly=data["went_badly"],
            next_steps=data["next_steps"],
            goals=data["goals"],
            by=request.user,
        )
        messages.success(request, _("The analysis of %(period)s was saved.") % {"period": period})
        return redirect("commitments:unit-analysis", code=unit.code, period_code=period.code)
    ctx = {
        "unit": unit,
        "period": period,
        "analysis": current,
        "form": form,
        "can_write": can_write,
        "is_open": is_open,
        "history": history_entries(current) if current else [],
        "page": "commitments",
    }
    return render(request, "commitments/unit_analysis.html", ctx)
