"""6. "What may this user see": the commitments list of the year filtered for a person with roles on several
nodes (a controller serving three boards, and a manager high in the tree) against the same list unfiltered.
The list is what a page shows: the count and the first page of 50 with their units, in the page's order."""

from __future__ import annotations

from django.db.models import QuerySet

from commitments import rules as commitments_rules
from commitments.models import Commitment
from styrmodell import access
from styrmodell.models import Role, User

from .common import Context, Result, count_queries, holders, median_ms, open_period

PAGE = 50


def page_of(queryset: QuerySet) -> tuple[int, list]:
    ordered = queryset.select_related("unit").order_by("unit__path", "title", "pk")
    return ordered.count(), list(ordered[:PAGE])


def visible(user: User, year_id: int) -> tuple[int, list]:
    access.forget_grants(user)  # the grants are read once per request, as in a page
    return page_of(commitments_rules.commitments_visible_to(user).filter(year_id=year_id))


def run(ctx: Context) -> list[Result]:
    period = open_period()
    everything = Commitment.objects.filter(year_id=period.year_id)
    floor = median_ms(lambda: page_of(everything), ctx.repeat)
    controller = holders(Role.CONTROLLER)[0].user
    manager = holders(Role.MANAGER, depth=3)[0].user
    employee = holders(Role.EMPLOYEE, depth__gte=5)[0].user
    results = []
    for label, user in [("controller on 3 boards", controller), ("head of an administration", manager)]:
        figure = median_ms(lambda user=user: visible(user, period.year_id), ctx.repeat)
        grants = len(access.grants(user))
        queries = {
            who: count_queries(lambda u=u: visible(u, period.year_id))
            for who, u in [(label, user), ("an employee with one role", employee)]
        }
        rows = visible(user, period.year_id)[0]
        results.append(
            Result(
                f"6 commitments visible to a {label}",
                figure,
                floor,
                target=1.2,
                notes=[
                    f"{grants} roles; {rows} of {everything.count()} rows visible; queries "
                    + ", ".join(f"{n} ({who})" for who, n in queries.items())
                    + f"; unfiltered {count_queries(lambda: page_of(everything))}"
                ],
            )
        )
    return results
