from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, ProtectedError, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from guardian.shortcuts import assign_perm, remove_perm

from . import access, services
from .calendars import CALENDARS, apply_calendar, calendar_problems
from .forms import (
    ALLOWED_CHILD_KINDS,
    GrantRoleForm,
    MoveUnitForm,
    PeriodForm,
    PersonForm,
    ReopeningForm,
    UnitForm,
    YearForm,
)
from .lib.history import history_entries
from .lib.paging import Key, keyset_page
from .models import OrgUnit, Period, Reporting, Role, RoleGrant, Step, User, Year
from .services import attached_object_count, move_unit
from .signals import person_added


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Min översikt: the user's roles, their scope and where to go next."""
    grants = (
        RoleGrant.objects.filter(user=request.user)
        .select_related("permission", "content_object")
        .order_by("content_object__path")
    )
    ctx = {
        "grants": grants,
        "current_period": Period.current(),
        "is_admin": access.is_admin(request.user),
        "can_manage_years": access.can_manage_years(request.user),
        "page": "home",
    }
    return render(request, "styrmodell/home.html", ctx)


# The organisation page opens the tree down to the administrations; below them each node's children are loaded
# on demand. At Göteborg's size the whole tree was 3,500 nodes and 604 KiB of HTML on a page every employee may
# open (BENCHMARKS.md).
TREE_OPEN_DEPTH = 3


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The organisation tree, collapsed below TREE_OPEN_DEPTH. `?under=<code>` answers an htmx request with that
    node's children; without JavaScript every collapsed node links to its own page, which lists its children."""
    show_inactive = request.GET.get("visa") == "alla"
    under = request.GET.get("under")
    if under:
        try:
            parent = OrgUnit.objects.get(code=under)
        except (OrgUnit.DoesNotExist, ValidationError):
            raise Http404 from None
        if not request.htmx:
            return redirect("unit-detail", code=parent.code)
        children = OrgUnit.objects.get_children(parent)
        if not show_inactive:
            children = children.filter(is_active=True)
        ctx = {"units": list(children), "show_inactive": show_inactive, "nested": True}
        return render(request, "styrmodell/partials/unit_tree.html", ctx)
    units = OrgUnit.objects.filter(depth__lte=TREE_OPEN_DEPTH).order_by("path")
    if not show_inactive:
        units = units.filter(is_active=True)
    units = list(units)
    # A node is shown under its nearest shown ancestor; with inactive units hidden their subtrees are hidden too.
    shown_paths = {u.path for u in units}
    visible = [u for u in units if all(p in shown_paths for p in u.ancestor_paths())]
    ctx = {
        "units": visible,
        "open_depth": TREE_OPEN_DEPTH,
        "show_inactive": show_inactive,
        "can_manage": bool(access.units_managed_by(request.user).exists())
        or access.is_superuser(request.user),
        "page": "organisation",
    }
    return render(request, "styrmodell/unit_list.html", ctx)


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit, can_manage = access.get_unit_for_user(request, code)
    ancestors = list(OrgUnit.objects.filter(path__in=unit.ancestor_paths()[:-1]))
    children = list(OrgUnit.objects.get_children(unit))
    grants = (
        RoleGrant.objects.filter(content_object=unit)
        .select_related("user", "permission")
        .order_by("permission__codename", "user__first_name")
    )
    ctx = {
        "unit": unit,
        "ancestors": ancestors,
        "children": children,
        "grants": grants,
        "can_manage": can_manage,
        "can_add_child": can_manage and bool(ALLOWED_CHILD_KINDS[unit.kind]),
        "can_delete": can_manage and unit.depth > 1 and attached_object_count(unit) == 0,
        "history": history_entries(unit),
        "page": "organisation",
    }
    return render(request, "styrmodell/unit_detail.html", ctx)


@login_required
def unit_create(request: HttpRequest, code: str) -> HttpResponse:
    parent = access.get_managed_unit(request, code)
    if not ALLOWED_CHILD_KINDS[parent.kind]:
        raise PermissionDenied
    form = UnitForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        unit = OrgUnit.objects.create_child(
            parent,
            name=form.cleaned_data["name"],
            short_name=form.cleaned_data["short_name"],
            kind=form.cleaned_data["kind"],
        )
        messages.success(request, _("%(name)s was created.") % {"name": unit.name})
        return redirect("unit-detail", code=unit.code)
    return render(
        request, "styrmodell/unit_form.html", {"form": form, "parent": parent, "page": "organisation"}
    )


@login_required
def unit_update(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.get_managed_unit(request, code)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The unit was saved."))
        return redirect("unit-detail", code=unit.code)
    return render(request, "styrmodell/unit_form.html", {"form": form, "unit": unit, "page": "organisation"})


@login_required
def unit_move(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.get_managed_unit(request, code)
    if unit.depth == 1:
        raise PermissionDenied
    allowed_kinds = [kind for kind, children in ALLOWED_CHILD_KINDS.items() if unit.kind in children]
    targets = (
        access.units_managed_by(request.user)
        .filter(kind__in=allowed_kinds, is_active=True)
        .exclude(path__startswith=unit.path)
    )
    form = MoveUnitForm(request.POST or None, unit=unit, targets=targets)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        if not access.can_move_unit(request.user, unit, target):
            raise PermissionDenied
        unit = move_unit(unit, target)
        messages.success(
            request,
            _("%(name)s and everything below it now lie under %(target)s.")
            % {"name": unit.name, "target": target.name},
        )
        return redirect("unit-detail", code=unit.code)
    ctx = {"form": form, "unit": unit, "page": "organisation"}
    return render(request, "styrmodell/unit_move.html", ctx)


@login_required
@require_POST
def unit_set_active(request: HttpRequest, code: str, active: bool) -> HttpResponse:
    unit = access.get_managed_unit(request, code)
    if unit.depth == 1:
        raise PermissionDenied
    if active:
        inactive_above = OrgUnit.objects.filter(path__in=unit.ancestor_paths()[:-1], is_active=False).exists()
        if inactive_above:
            messages.error(request, _("Activate the units above it first."))
            return redirect("unit-detail", code=unit.code)
        unit.is_active = True
        unit.save(update_fields=["is_active"])
        messages.success(request, _("%(name)s is active again.") % {"name": unit.name})
    else:
        # Deactivating keeps the unit and its history; its subtree is deactivated with it.
        for node in OrgUnit.objects.filter(path__startswith=unit.path, is_active=True):
            node.is_active = False
            node.save(update_fields=["is_active"])
        messages.success(
            request, _("%(name)s and the units below it were deactivated.") % {"name": unit.name}
        )
    return redirect("unit-detail", code=unit.code)


@login_required
@require_POST
def unit_delete(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.get_managed_unit(request, code)
    if unit.depth == 1:
        raise PermissionDenied
    if attached_object_count(unit):
        messages.error(request, _("The unit has history and cannot be deleted. Deactivate it instead."))
        return redirect("unit-detail", code=unit.code)
    parent = OrgUnit.objects.get_parent(unit)
    name = unit.name
    unit.delete()
    messages.success(request, _("%(name)s was deleted.") % {"name": name})
    return redirect("unit-detail", code=parent.code)


# --- people and roles --------------------------------------------------------------------------------------


PEOPLE_ORDER = [Key("first_name"), Key("last_name"), Key("pk")]


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_people(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:200]
    people = User.objects.all()
    # Every word of the search in the name, the username or the e-mail address ("anna berg" finds Anna Berg).
    for word in query.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    # The role count as a subquery per shown row, not a GROUP BY over everyone: with keyset paging the page reads
    # only its own 50 people, at Göteborg's size as on a small municipality.
    roles = RoleGrant.objects.filter(user=OuterRef("pk")).order_by().values("user").annotate(n=Count("pk"))
    pager = keyset_page(
        request,
        people.annotate(role_count=Coalesce(Subquery(roles.values("n")), 0)),
        PEOPLE_ORDER,
        people.count(),
    )
    ctx = {"people": pager.items, "pager": pager, "query": query, "page": "people"}
    return render(request, "styrmodell/person_list.html", ctx)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_people(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.set_unusable_password()
        person.save()
        messages.success(request, _("%(name)s was added. Give them a role below.") % {"name": person})
        # The accounts app sends the invitation to choose a password (or not, with the identity provider).
        person_added.send(sender=User, request=request, person=person)
        return redirect("person-detail", code=person.code)
    return render(request, "styrmodell/person_form.html", {"form": form, "page": "people"})


def _grantable_units(user):
    return (
        access.units_managed_by(user).filter(is_active=True)
        if not access.is_superuser(user)
        else OrgUnit.objects.active()
    )


@login_required
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person, can_edit = access.get_person_for_user(request, code)
    person_form = PersonForm(request.POST or None, instance=person, prefix="person")
    if request.method == "POST" and person_form.is_valid():
        person_form.save()
        messages.success(request, _("The person was saved."))
        return redirect("person-detail", code=person.code)
    grants = (
        RoleGrant.objects.filter(user=person)
        .select_related("permission", "content_object")
        .order_by("content_object__path")
    )
    ctx = {
        "person": person,
        "person_form": person_form,
        "grant_form": GrantRoleForm(units=_grantable_units(request.user)),
        "grants": [(g, access.can_manage_unit(request.user, g.content_object)) for g in grants],
        "history": history_entries(person),
        "page": "people",
    }
    return render(request, "styrmodell/person_detail.html", ctx)


@login_required
@require_POST
def role_grant(request: HttpRequest, code: str) -> HttpResponse:
    person, _can_edit = access.get_person_for_user(request, code)
    form = GrantRoleForm(request.POST, units=_grantable_units(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a role and a unit."))
        return redirect("person-detail", code=person.code)
    role, unit = Role(form.cleaned_data["role"]), form.cleaned_data["unit"]
    if not access.can_grant_role(request.user, unit, role):
        raise PermissionDenied
    assign_perm(f"styrmodell.{role.codename}", person, unit)
    messages.success(
        request,
        _("%(person)s is now %(role)s on %(unit)s.")
        % {"person": person, "role": role.label.lower(), "unit": unit.name},
    )
    return redirect("person-detail", code=person.code)


@login_required
@require_POST
def role_revoke(request: HttpRequest, code: str, grant_id: int) -> HttpResponse:
    person, _can_edit = access.get_person_for_user(request, code)
    grant = get_object_or_404(
        RoleGrant.objects.select_related("permission", "content_object"), pk=grant_id, user=person
    )
    role = grant.role
    if role is None or not access.can_grant_role(request.user, grant.content_object, role):
        raise PermissionDenied
    remove_perm(f"styrmodell.{role.codename}", person, grant.content_object)
    messages.success(request, _("The role was removed."))
    return redirect("person-detail", code=person.code)


# --- years and periods -------------------------------------------------------------------------------------


@login_required
def year_list(request: HttpRequest) -> HttpResponse:
    years = Year.objects.prefetch_related(
        Prefetch("periods", queryset=Period.objects.order_by("ends", "key"))
    ).order_by("-year")
    ctx = {
        "years": years,
        "form": YearForm(),
        "calendars": [(key, label) for key, (label, _plan) in CALENDARS.items()],
        "can_manage": access.can_manage_years(request.user),
        "page": "years",
    }
    return render(request, "styrmodell/year_list.html", ctx)


@login_required
@require_POST
def year_create(request: HttpRequest) -> HttpResponse:
    access.require_years_admin(request)
    form = YearForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("year-list")
    with transaction.atomic():
        year = form.save()
        made = apply_calendar(year, form.cleaned_data["calendar"])
        if form.cleaned_data.get("with_months"):
            made += apply_calendar(year, "months")
    messages.success(
        request,
        ngettext(
            "%(year)s was created with %(count)s period.",
            "%(year)s was created with %(count)s periods.",
            len(made),
        )
        % {"year": year.year, "count": len(made)},
    )
    return redirect("year-list")


@login_required
@require_POST
def calendar_apply(request: HttpRequest, year: int) -> HttpResponse:
    """Add a ready-made calendar's periods that the year does not have yet; refused whole if the result would be
    an impossible calendar."""
    access.require_years_admin(request)
    obj = get_object_or_404(Year, year=year, is_closed=False)
    name = request.POST.get("calendar", "")
    if name not in CALENDARS:
        messages.error(request, _("Choose one of the calendars."))
        return redirect("year-list")
    try:
        with transaction.atomic():
            apply_calendar(obj, name)
            problems = calendar_problems(obj.year, list(obj.periods.all()))
            if problems:
                raise CalendarRefused(problems)
    except CalendarRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return redirect("year-list")
    messages.success(request, _("The calendar was added to %(year)s.") % {"year": year})
    return redirect("year-list")


class CalendarRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


@login_required
@require_POST
def year_set_closed(request: HttpRequest, year: int, closed: bool) -> HttpResponse:
    access.require_years_admin(request)
    obj = get_object_or_404(Year, year=year)
    obj.is_closed = closed
    obj.save(update_fields=["is_closed"])
    messages.success(
        request,
        (_("%(year)s is closed and read-only.") if closed else _("%(year)s is open again.")) % {"year": year},
    )
    return redirect("year-list")


@login_required
def period_create(request: HttpRequest, year: int) -> HttpResponse:
    access.require_years_admin(request)
    obj = get_object_or_404(Year, year=year, is_closed=False)
    form = PeriodForm(request.POST or None, year=obj, initial={"collects": [k.value for k in Reporting]})
    if request.method == "POST" and form.is_valid():
        period = form.save(commit=False)
        period.year = obj
        period.save()
        messages.success(request, _("%(period)s was added.") % {"period": period})
        return redirect("year-list")
    ctx = {"form": form, "year": obj, "period": None, "page": "years"}
    return render(request, "styrmodell/period_form.html", ctx)


@login_required
def period_update(request: HttpRequest, code: str) -> HttpResponse:
    access.require_years_admin(request)
    period = get_object_or_404(Period.objects.select_related("year"), code=code)
    if period.year.is_closed:
        raise PermissionDenied
    form = PeriodForm(request.POST or None, instance=period, year=period.year)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(period)s was saved.") % {"period": period})
        return redirect("year-list")
    ctx = {"form": form, "year": period.year, "period": period, "page": "years"}
    return render(request, "styrmodell/period_form.html", ctx)


@login_required
@require_POST
def period_delete(request: HttpRequest, code: str) -> HttpResponse:
    """Remove a period in which nothing has been reported; the year keeps a sound calendar."""
    access.require_years_admin(request)
    period = get_object_or_404(Period.objects.select_related("year"), code=code)
    if period.year.is_closed:
        raise PermissionDenied
    others = [p for p in period.year.periods.all() if p.pk != period.pk]
    problems = calendar_problems(period.year.year, others)
    if problems:
        for problem in problems:
            messages.error(request, problem)
        return redirect("year-list")
    try:
        with transaction.atomic():
            period.delete()
    except ProtectedError:
        messages.error(
            request,
            _("%(period)s cannot be removed: something has been reported in it.") % {"period": period},
        )
        return redirect("year-list")
    messages.success(request, _("%(period)s was removed.") % {"period": period})
    return redirect("year-list")


@login_required
@require_POST
def period_set_closed(request: HttpRequest, code: str, step: str, closed: bool) -> HttpResponse:
    access.require_years_admin(request)
    if step not in Step.values:
        raise Http404
    period = get_object_or_404(Period.objects.select_related("year"), code=code)
    services.set_step_closed(period, step, closed)
    label = Step(step).label
    if closed:
        messages.success(
            request,
            _("%(step)s of %(period)s is closed; what was reported in it is locked.")
            % {"step": label, "period": period},
        )
    else:
        messages.success(
            request, _("%(step)s of %(period)s is open again.") % {"step": label, "period": period}
        )
    return redirect("year-list")


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def reopening_create(request: HttpRequest, code: str) -> HttpResponse:
    """An administrator, or the board's secretary, opens a closed step again for a board or unit."""
    unit, _can_manage = access.get_unit_for_user(request, code)
    if not access.can_reopen_period(request.user, unit):
        raise PermissionDenied
    back = _safe_next(request, reverse("unit-detail", kwargs={"code": unit.code}))
    form = ReopeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reopening = services.reopen(
            data["period"], data["step"], unit, reason=data["reason"], until=data["until"], by=request.user
        )
        messages.success(
            request,
            _("%(step)s of %(period)s is open again for %(unit)s until %(until)s.")
            % {
                "step": reopening.get_step_display(),
                "period": reopening.period,
                "unit": unit.name,
                "until": date_format(reopening.until, "j F Y"),
            },
        )
        return redirect(back)
    ctx = {"form": form, "unit": unit, "next": back, "page": "organisation"}
    return render(request, "styrmodell/reopening_form.html", ctx)


@login_required
@require_POST
def reopening_close(request: HttpRequest, code: str) -> HttpResponse:
    reopening = access.get_reopening_for_user(request, code)
    if reopening.revoked_at is None:
        services.close_reopening(reopening)
    messages.success(
        request,
        _("%(period)s is closed again for %(unit)s.")
        % {"period": reopening.period, "unit": reopening.unit.name},
    )
    return redirect(_safe_next(request, reverse("unit-detail", kwargs={"code": reopening.unit.code})))


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "styrmodell/accessibility.html", {"page": "accessibility"})
