"""The citizens' results site: public pages without login, and the open-data downloads.

Every page looks the same to every visitor (no user box, no form with a CSRF token, no messages), so whole pages
are cached (see `public_services.cached`); a search with free text is not cached, so nobody can fill the cache
with arbitrary keys. What is public is decided in `styrmodell.access` (`published_*`).
"""

from __future__ import annotations

import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from goals import rules as goals_rules
from styrmodell import access
from styrmodell.lib.charts import ChartPoint, format_number, trend_chart_svg
from styrmodell.lib.files import stored_file_response

from . import public_services as services
from . import rules


def _page(request: HttpRequest, key: str | None, template: str, build_ctx) -> HttpResponse:
    """Render `template` with the context `build_ctx()` builds, from the cache when `key` is given."""

    def render() -> str:
        return render_to_string(template, build_ctx(), request)

    html = services.cached(f"page:{key}", render) if key is not None else render()
    return HttpResponse(html)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    def build() -> dict:
        years = services.published_years()
        year = services.default_year(years)
        return {
            "page": "home",
            "year": year,
            "visions": services.visions_in(year),
            "directions": services.directions_in(year),
            "boards": services.boards_with_goal_counts(year),
            "reports": services.reports(limit=5),
        }

    return _page(request, "home", "reporting/public/home.html", build)


@require_safe
def goal_list(request: HttpRequest) -> HttpResponse:
    years = services.published_years()
    flt = services.goal_filter(request.GET, years)

    def build() -> dict:
        goals = services.public_goals(services.filtered_goals(flt)) if flt.year else []
        return {
            "page": "goals",
            "filter": flt,
            "years": years,
            "boards": list(access.published_boards()),
            "directions": services.directions_in(flt.year),
            "groups": services.group_by_board(goals),
            "count": len(goals),
        }

    key = None if flt.query else f"goals:{flt.cache_key}"
    return _page(request, key, "reporting/public/goal_list.html", build)


def _chart(item: services.PublicIndicator, goal_year: int) -> str:
    indicator = item.indicator
    points = []
    if indicator.baseline_value is not None:
        points.append(ChartPoint(str(indicator.baseline_year or _("Baseline")), indicator.baseline_value))
    points += [ChartPoint(services.period_label(o.period), o.value) for o in item.outcomes]
    description = _("Outcomes of %(name)s per period.") % {"name": indicator.name}
    if item.outcomes:
        latest = item.outcomes[-1]
        description += " " + _("Latest: %(value)s (%(period)s).") % {
            "value": format_number(latest.value),
            "period": services.period_label(latest.period),
        }
    if item.target is not None:
        description += " " + _("Target level %(year)s: %(value)s.") % {
            "year": goal_year,
            "value": format_number(item.target.value),
        }
    unit = f" {indicator.unit}" if indicator.unit else ""
    return trend_chart_svg(
        points,
        title=_("Trend: %(name)s") % {"name": indicator.name},
        description=description,
        target=item.target.value if item.target else None,
        target_label=_("Target level %(value)s") % {"value": format_number(item.target.value)} + unit
        if item.target
        else "",
        unit=indicator.unit,
    )


@require_safe
def goal_detail(request: HttpRequest, code: str) -> HttpResponse:
    def build() -> dict:
        goal = goals_rules.get_published_goal(code)
        (item,) = services.public_goals(goals_rules.published_goals().filter(pk=goal.pk))
        return {
            "page": "goals",
            "item": item,
            "goal": item.goal,
            "indicators": [{"item": ind, "chart": _chart(ind, goal.year.year)} for ind in item.indicators],
        }

    return _page(request, f"goal:{code}", "reporting/public/goal_detail.html", build)


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    years = services.report_years()
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = None
    year = year if year in years else None
    board_code = services.parse_uuid(request.GET.get("namnd"))
    board = access.published_boards().filter(code=board_code).first() if board_code else None

    def build() -> dict:
        return {
            "page": "reports",
            "years": years,
            "year": year,
            "board": board,
            "boards": list(access.published_boards()),
            "reports": services.reports(board, year),
        }

    return _page(
        request, f"reports:{year}:{board.code if board else ''}", "reporting/public/report_list.html", build
    )


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_HEADING = re.compile(r"<(/?)h([1-5])\b", re.IGNORECASE)


def _snapshot_body(html: str) -> str:
    """The archived snapshot's content, to show below the page's own heading: its <body> when it was stored as a
    whole document, with every heading one level down (the snapshot's <h1> becomes an <h2>), so the page keeps
    one <h1> and its headings stay in order. The snapshot itself is never changed."""
    match = _BODY.search(html)
    body = match.group(1) if match else html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)


@require_safe
def report_detail(request: HttpRequest, code: str) -> HttpResponse:
    def build() -> dict:
        report = rules.get_published_report(code)
        return {"page": "reports", "report": report, "body": _snapshot_body(report.html)}

    return _page(request, f"report:{code}", "reporting/public/report_detail.html", build)


@require_safe
def report_pdf(request: HttpRequest, code: str) -> FileResponse:
    report = rules.get_published_report(code)
    if not report.pdf:
        raise Http404
    return stored_file_response(
        report.pdf,
        as_attachment=False,
        content_type="application/pdf",
        filename=f"{slugify(report.title) or 'rapport'}.pdf",
    )


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    def build() -> dict:
        return {"page": "open-data", "datasets": list(services.DATASETS.values())}

    return _page(request, "open-data", "reporting/public/open_data.html", build)


def _dataset(slug: str) -> services.Dataset:
    dataset = services.DATASETS.get(slug)
    if dataset is None:
        raise Http404
    return dataset


@require_safe
def dataset_csv(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset(slug)
    base = request.build_absolute_uri("/").rstrip("/")
    text = services.cached(f"csv:{slug}:{base}", lambda: services.dataset_csv(dataset, base))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    return response


@require_safe
def dataset_json(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset(slug)
    base = request.build_absolute_uri("/").rstrip("/")
    text = services.cached(f"json:{slug}:{base}", lambda: services.dataset_json(dataset, base))
    return HttpResponse(text, content_type="application/json; charset=utf-8")
