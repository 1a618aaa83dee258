"""Goal versions on the goal pages: drafting a revision of an adopted goal, its indicators and target levels,
adopting it (with the SMART confirmation when a criterion fails) or discarding it, and the versions side by side.

The goal views in views.py hand an adopted goal's edits to the functions here; the goal, its indicators and
target levels keep the adopted version until the board adopts the revision (see `GoalRevision`)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrmodell.lib.history import history_entries
from styrmodell.models import User

from . import revisions, rules, services, smart
from .forms import DecisionForm, GoalForm, IndicatorForm
from .models import Direction, Goal, GoalRevision, Indicator, IndicatorTarget


def _goal_url(goal: Goal, anchor: str = "") -> str:
    return reverse("goals:goal-detail", kwargs={"code": goal.code}) + (f"#{anchor}" if anchor else "")


def _detailed(goal: Goal) -> Goal:
    return services.goals_with_details(Goal.objects.filter(pk=goal.pk)).get()


def _proposed(detailed: Goal, revision: GoalRevision | None):
    direction_id = revision.goal_changes.get("direction") if revision else None
    directions = {}
    if direction_id and direction_id != detailed.direction_id:
        directions = {d.pk: d for d in Direction.objects.filter(pk=direction_id)}
    return revisions.proposed_goal(detailed, revision, directions)


def wording_of_form(form) -> smart.Reading:
    """What the words in the goal form say: the posted text, or the goal's as the form shows it."""
    if form.is_bound:
        text = f"{form.data.get('title', '')}\n{form.data.get('description', '')}"
    else:
        text = f"{form['title'].value() or ''}\n{form['description'].value() or ''}"
    return smart.read_wording(text)


# --- on the goal page -----------------------------------------------------------------------------------------


def version_context(user: User, goal: Goal, rights: rules.GoalRights) -> dict:
    """The goal page's versions: the adopted version beside the draft revision (for those who may read drafts),
    the version history, and what the words say. `goal` is loaded by `services.goals_with_details`. At most three
    queries, whatever the number of indicators and versions."""
    revision = revisions.draft_of(goal) if rules.can_read_goal_drafts(user, goal.board) else None
    ctx = {
        "revision": revision,
        "versions": revisions.versions(goal),
        "wording": smart.read_wording(revisions.wording_of(goal)),
        "can_revise": rights.can_edit and goal.is_adopted,
    }
    if revision is not None:
        proposed = _proposed(goal, revision)
        ctx.update(
            {
                "proposed": proposed,
                "comparison": revisions.compare(goal, proposed),
                "proposed_smart": services.smart_check(proposed),
                "proposed_wording": smart.read_wording(revisions.wording_of(proposed)),
                "revision_form": DecisionForm(prefix="revision") if rights.can_edit else None,
            }
        )
    return ctx


# --- drafting a revision (called by the goal views for an adopted goal) ----------------------------------------


def goal_revise(request: HttpRequest, goal: Goal) -> HttpResponse:
    """The goal form for an adopted goal: what is saved goes into the draft revision."""
    revision = revisions.draft_of(goal)
    proposed = copy.copy(goal)  # never saved: the form's instance shows the draft's values
    for name, raw in (revision.goal_changes if revision else {}).items():
        setattr(proposed, Goal._meta.get_field(name).attname, revisions._load(Goal, name, raw))
    form = GoalForm(request.POST or None, instance=proposed, year=goal.year)
    if request.method == "POST" and "check" not in request.POST and form.is_valid():
        if revision is None and not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return redirect(_goal_url(goal))
        values = {
            name: form.cleaned_data[name] for name in revisions.GOAL_FIELDS if name in form.cleaned_data
        }
        revisions.revise_goal(goal, values, request.user, form.cleaned_data.get("change_reason") or "")
        messages.success(
            request,
            _(
                "The change was saved in a draft revision. The adopted version applies until the board adopts it."
            ),
        )
        return redirect(_goal_url(goal, "revision-heading"))
    detailed = _detailed(goal)
    ctx = {
        "form": form,
        "goal": goal,
        "board": goal.board,
        "year": goal.year,
        "is_revision": True,
        "smart": services.smart_check(_proposed(detailed, revision)),
        "wording": wording_of_form(form),
        "page": "goals",
    }
    return render(request, "goals/goal_form.html", ctx)


def indicator_revise(
    request: HttpRequest, goal: Goal, indicator: Indicator | None = None, key: str | None = None
) -> HttpResponse:
    """The indicator form for an adopted goal: an indicator's changes, or a new indicator, go into the draft
    revision. `key` names an indicator the draft revision adds."""
    revision = revisions.draft_of(goal)
    if indicator is not None:
        key = str(indicator.code)
    entry = (revision.indicator_changes.get(key) if revision and key else None) or {}
    if indicator is None and key is not None and not entry.get("new"):
        raise Http404
    instance = copy.copy(indicator) if indicator is not None else Indicator(goal=goal)  # never saved
    for name, raw in entry.get("fields", {}).items():
        if name in revisions.indicator_fields():
            setattr(instance, Indicator._meta.get_field(name).attname, revisions._load(Indicator, name, raw))
    year = goal.year.year
    proposed_targets = revisions.target_changes_of(revision, key) if key else {}
    current = proposed_targets.get(year)
    if current is None and indicator is not None:
        live = IndicatorTarget.objects.filter(indicator=indicator, year=year).first()
        current = live.value if live else None
    form = IndicatorForm(
        request.POST or None, instance=instance, year=year, initial={"target_value": current}
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}
        targets = (
            {year: form.cleaned_data["target_value"]} if form.cleaned_data["target_value"] is not None else {}
        )
        revisions.revise_indicator(goal, key, values, targets, request.user)
        messages.success(
            request,
            _(
                "The indicator %(name)s was saved in the draft revision. The adopted version applies until the board "
                "adopts it."
            )
            % {"name": form.cleaned_data["name"]},
        )
        return redirect(_goal_url(goal, "revision-heading"))
    ctx = {"form": form, "goal": goal, "is_revision": True, "page": "goals"}
    if indicator is not None:
        from .forms import TargetForm

        ctx.update(
            {"indicator": indicator, "history": history_entries(indicator), "target_form": TargetForm()}
        )
    return render(request, "goals/indicator_form.html", ctx)


def target_revise(request: HttpRequest, indicator: Indicator, year: int, value) -> HttpResponse:
    """A target level of an adopted goal's indicator goes into the draft revision."""
    revisions.revise_indicator(indicator.goal, str(indicator.code), {}, {year: value}, request.user)
    messages.success(
        request,
        _(
            "The target level for %(year)s was saved in the draft revision. The adopted level applies until the "
            "board adopts it."
        )
        % {"year": year},
    )
    return redirect(_goal_url(indicator.goal, "revision-heading"))


@login_required
def revision_indicator_update(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """An indicator the draft revision adds (it has no indicator page until it is adopted)."""
    goal = rules.get_revisable_goal(request, code)
    return indicator_revise(request, goal, key=str(key))


# --- adopting and discarding ------------------------------------------------------------------------------------


def adopt(request: HttpRequest, goal: Goal, revision: GoalRevision | None = None) -> HttpResponse:
    """Adopt a draft goal, or a goal's draft revision, with the board's decision. When the version fails a SMART
    criterion (by the data, the board's confirmation or its words), a second step lists the criteria and asks for
    "Adopt anyway"; the adoption records that confirmation (who, when, which criteria)."""
    prefix = "revision" if revision is not None else None
    form = DecisionForm(request.POST, prefix=prefix, confirm=True)
    confirming = form.add_prefix("criteria") in request.POST
    if not form.is_valid() and not confirming:
        # The first step is a panel on the goal page: its errors come back there.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_goal_url(goal, "revision-heading" if revision else "adopt-heading"))
    detailed = _detailed(goal)
    failures = revisions.smart_failures(_proposed(detailed, revision) if revision is not None else detailed)
    keys = [f.key for f in failures]
    if not form.is_valid():
        return _confirm_page(request, goal, revision, failures, form)
    listed = [key for key in form.cleaned_data["criteria"].split(",") if key]
    if failures and not (form.cleaned_data["adopt_anyway"] and listed == keys):
        if confirming and listed == keys:
            form.add_error(
                "adopt_anyway", _("Tick “Adopt anyway” to adopt the goal although it fails these criteria.")
            )
        else:
            # The first step, or the failing criteria changed since they were listed: ask with the current list.
            form = DecisionForm(
                prefix=prefix,
                confirm=True,
                initial={
                    "decision_date": form.cleaned_data["decision_date"],
                    "decision_paragraph": form.cleaned_data["decision_paragraph"],
                    "criteria": ",".join(keys),
                },
            )
        return _confirm_page(request, goal, revision, failures, form)
    data = form.cleaned_data
    if revision is not None:
        revisions.adopt_revision(
            revision, data["decision_date"], data["decision_paragraph"], request.user, keys
        )
        messages.success(request, _("The new version of the goal is adopted and applies from now on."))
    else:
        revisions.adopt_goal(goal, data["decision_date"], data["decision_paragraph"], request.user, keys)
        messages.success(request, _("The goal is adopted. Later changes are kept in its history."))
    return redirect(_goal_url(goal))


def _confirm_page(
    request: HttpRequest, goal: Goal, revision: GoalRevision | None, failures: list[smart.Failure], form
) -> HttpResponse:
    action = (
        reverse("goals:revision-adopt", kwargs={"code": goal.code})
        if revision is not None
        else reverse("goals:goal-adopt", kwargs={"code": goal.code})
    )
    ctx = {
        "goal": goal,
        "revision": revision,
        "failures": failures,
        "form": form,
        "action": action,
        "page": "goals",
    }
    return render(request, "goals/adopt_confirm.html", ctx)


@login_required
@require_POST
def revision_adopt(request: HttpRequest, code: str) -> HttpResponse:
    goal = rules.get_revisable_goal(request, code)
    revision = revisions.draft_of(goal)
    if revision is None:
        raise Http404
    return adopt(request, goal, revision)


@login_required
@require_POST
def revision_discard(request: HttpRequest, code: str) -> HttpResponse:
    goal = rules.get_revisable_goal(request, code)
    revision = revisions.draft_of(goal)
    if revision is None:
        raise Http404
    revisions.discard(revision, request.user)
    messages.success(request, _("The draft revision was discarded. The adopted version stays as it is."))
    return redirect(_goal_url(goal))
