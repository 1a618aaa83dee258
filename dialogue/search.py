"""Search over what the searcher may see: goals, indicators, commitments, risks, controls, reports and people.

Each kind is one query: the owning app's visibility filter (its `*_visible_to` queryset or visibility Q) and the
text match in the same WHERE clause, so nothing the person may not see is ever read into Python. On PostgreSQL the
match is full-text search with the Swedish dictionary (stemming: "skolor" finds "skolan") ranked by ts_rank; on
SQLite every word must occur in one of the fields (icontains).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styrmodell.models import User

PER_KIND = 20
CONFIG = "swedish"


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    context: str


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    fields: tuple[str, ...]
    # The visible rows of this kind for the user (a queryset the text filter is added to), None when the person may
    # see none of this kind.
    visible: Callable[[User | AnonymousUser], QuerySet | None]
    order: tuple[str, ...]
    hit: Callable[[object], Hit]


def _goals(user):
    from goals.models import Goal
    from goals.rules import goals_visible_q

    return Goal.objects.filter(goals_visible_q(user)).select_related("board", "year")


def _indicators(user):
    from goals.models import Indicator
    from goals.rules import goals_visible_q

    return Indicator.objects.filter(goals_visible_q(user, "goal__board__path")).select_related("goal__board")


def _commitments(user):
    from commitments.rules import commitments_visible_to

    return commitments_visible_to(user).select_related("unit", "year")


def _plans(user):
    from internal_control.rules import control_plans_visible_to

    return control_plans_visible_to(user).values("pk")


def _risks(user):
    from internal_control.models import Risk

    return Risk.objects.filter(plan__in=_plans(user)).select_related("plan__board", "plan__year")


def _controls(user):
    from internal_control.models import Control

    return Control.objects.filter(risk__plan__in=_plans(user)).select_related("risk__plan__board")


def _reports(user):
    from reporting.rules import reports_visible_to

    return reports_visible_to(user).select_related("unit", "period__year")


def _people(user):
    from styrmodell.access import can_manage_people

    # Only administrators have pages about people (styrmodell.access.get_person_for_user).
    if not can_manage_people(user):
        return None
    return User.objects.filter(is_active=True)


KINDS: list[Kind] = [
    Kind(
        "goals",
        _("Goals"),
        ("title", "description"),
        _goals,
        ("-year__year", "board__path", "title"),
        lambda g: Hit(g.title, reverse("goals:goal-detail", args=[g.code]), f"{g.board.name} {g.year}"),
    ),
    Kind(
        "indicators",
        _("Indicators"),
        ("name",),
        _indicators,
        ("goal__board__path", "name"),
        lambda i: Hit(i.name, reverse("goals:goal-detail", args=[i.goal.code]), i.goal.title),
    ),
    Kind(
        "commitments",
        _("Commitments"),
        ("title", "description"),
        _commitments,
        ("-year__year", "unit__path", "title"),
        lambda c: Hit(
            c.title, reverse("commitments:commitment-detail", args=[c.code]), f"{c.unit.name} {c.year}"
        ),
    ),
    Kind(
        "risks",
        _("Risks"),
        ("description", "mitigation"),
        _risks,
        ("-plan__year__year", "plan__board__path", "-score"),
        lambda r: Hit(
            r.description[:200],
            reverse("internal_control:risk-detail", args=[r.code]),
            f"{r.plan.board.name} {r.plan.year}",
        ),
    ),
    Kind(
        "controls",
        _("Controls"),
        ("what", "method"),
        _controls,
        ("risk__plan__board__path", "what"),
        lambda c: Hit(
            c.what, reverse("internal_control:control-detail", args=[c.code]), c.risk.plan.board.name
        ),
    ),
    Kind(
        "reports",
        _("Reports"),
        ("summary", "unit__name"),
        _reports,
        ("-period__year__year", "-period__ends", "unit__path"),
        lambda r: Hit(r.title, reverse("reporting:report-detail", args=[r.code]), r.get_status_display()),
    ),
    Kind(
        "people",
        _("People"),
        ("first_name", "last_name", "username", "title"),
        _people,
        ("first_name", "last_name", "username"),
        lambda p: Hit(str(p), reverse("person-detail", args=[p.code]), p.title or p.username),
    ),
]


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def matching(queryset: QuerySet, kind: Kind, text: str) -> QuerySet:
    """The rows of `queryset` matching `text`, best first, at most PER_KIND (one query when evaluated)."""
    if uses_full_text():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*kind.fields, config=CONFIG)
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        return (
            queryset.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "pk")[:PER_KIND]
        )
    condition = Q()
    for word in text.split()[:10]:
        any_field = Q(pk__in=[])
        for name in kind.fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return queryset.filter(condition).order_by(*kind.order, "pk")[:PER_KIND]


@dataclass
class Group:
    key: str
    label: str
    hits: list[Hit]


def search(user: User | AnonymousUser, text: str) -> list[Group]:
    """The hits of each kind the user may see (one query per kind); kinds without hits are left out."""
    text = text.strip()
    if not text or not user.is_authenticated:
        return []
    groups = []
    for kind in KINDS:
        visible = kind.visible(user)
        if visible is None:
            continue
        hits = [kind.hit(row) for row in matching(visible, kind, text)]
        if hits:
            groups.append(Group(kind.key, str(kind.label), hits))
    return groups
