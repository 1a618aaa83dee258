from __future__ import annotations

import io

from django.utils import timezone

from personnel import demo as personnel_demo
from personnel.models import PersonnelFigure, PersonnelImport
from personnel.services import figures_for
from styrmodell import demo as core_demo
from styrmodell.demo import DemoContext


def _load() -> DemoContext:
    ctx = DemoContext(stdout=io.StringIO())
    core_demo.load(ctx)
    personnel_demo.load(ctx)
    return ctx


def test_the_demo_imports_a_haparanda_sized_file_once(db) -> None:
    ctx = _load()
    first = list(PersonnelFigure.objects.order_by("pk").values_list("pk", "sick_hours"))
    imports = list(PersonnelImport.objects.values_list("pk", "sha256"))
    _load()
    assert list(PersonnelFigure.objects.order_by("pk").values_list("pk", "sick_hours")) == first
    assert list(PersonnelImport.objects.values_list("pk", "sha256")) == imports
    last_year = ctx.years[timezone.localdate().year - 1]
    assert PersonnelImport.objects.filter(period__year=last_year).count() == 3
    figures = figures_for(last_year.periods.get(key="ye"))
    assert 1250 <= figures.total.headcount <= 1350
    shares = {row.key: row.current.value for row in figures.rows}
    assert 6 <= shares["total"] <= 8
    assert 35 <= shares["long"] <= 45
