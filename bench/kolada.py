"""8. Searching Kolada's cached KPI catalogue (4,000 key figures, the size of Kolada's) from the search page,
against a bare indexed lookup of one KPI through the same middleware (bench-floor-kolada).

The catalogue is made for the occasion and rolled back afterwards. Three searches: by id prefix ("N154"), by part
of a title ("gymnasie") and one that matches nothing; the figure is the slowest of the three.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from goals.models import KoladaKpi
from styrmodell.models import Role

from .common import (
    Context,
    Result,
    bench_urls,
    client_for,
    count_queries,
    get_ok,
    holders,
    largest_board,
    median_ms,
)

CATALOGUE_SIZE = 4_000
WORDS = ["gymnasieskola", "hemtjänst", "förskola", "kostnad", "elever", "invånare", "bibliotek", "avfall"]


class Rollback(Exception):
    pass


def catalogue() -> list[KoladaKpi]:
    return [
        KoladaKpi(
            kpi_id=f"N{15000 + n:05d}",
            title=f"{WORDS[n % len(WORDS)].capitalize()} nyckeltal {n}, andel (%)",
            description=f"Beskrivning av nyckeltal {n}. " * 5,
            unit="%",
            operating_area=WORDS[(n // 7) % len(WORDS)],
        )
        for n in range(CATALOGUE_SIZE)
    ]


def run(ctx: Context) -> list[Result]:
    board = largest_board()
    controller = holders(Role.CONTROLLER, pk=board.pk)[0].user
    figures: dict[str, float] = {}
    notes: list[str] = []
    try:
        with transaction.atomic(), bench_urls():
            KoladaKpi.objects.bulk_create(catalogue(), batch_size=1000)
            client = client_for(controller)
            floor = get_ok(client, reverse("bench-floor-kolada") + "?q=N15428")
            figures["floor"] = median_ms(floor, ctx.repeat)
            searches = {}
            for text in ("N154", "gymnasie", "zzzz"):
                search = get_ok(client, f"{reverse('goals:kolada-search')}?q={text}")
                searches[text] = median_ms(search, ctx.repeat)
                notes.append(f"“{text}”: {searches[text]:.1f} ms, {count_queries(search)} queries")
            figures["search"] = max(searches.values())
            raise Rollback
    except Rollback:
        pass
    return [
        Result(
            f"8 Kolada catalogue search ({CATALOGUE_SIZE:,} KPIs)",
            figures["search"],
            figures["floor"],
            target=1.5,
            notes=notes,
        )
    ]
