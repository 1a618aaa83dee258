"""7. Search (`/sok/`, dialogue.search) for a manager high in the tree against the bare full-text SQL: the same
Swedish full-text match and ranking over the same tables, first 20 hits of each kind, without any permission
filter. Search adds each app's visibility filter to the same query; the target is at most 1.5 times the bare SQL."""

from __future__ import annotations

from django.db import connection

from commitments.models import Commitment
from dialogue import search as dialogue_search
from styrmodell import access
from styrmodell.models import Role

from .common import Context, Result, count_queries, holders, median_ms

# (table, fields) as dialogue.search.KINDS searches them; people are left out (only administrators search them).
BARE_TABLES = {
    "goals": ("goals_goal", ("title", "description")),
    "indicators": ("goals_indicator", ("name",)),
    "commitments": ("commitments_commitment", ("title", "description")),
    "risks": ("internal_control_risk", ("description", "mitigation")),
    "controls": ("internal_control_control", ("what", "method")),
    "reports": ("reporting_report", ("summary",)),
}


def bare_sql(text: str) -> None:
    with connection.cursor() as cursor:
        for table, fields in BARE_TABLES.values():
            document = " || ' ' || ".join(f"COALESCE({f}, '')" for f in fields)
            vector = f"to_tsvector('swedish'::regconfig, {document})"
            query = "websearch_to_tsquery('swedish'::regconfig, %s)"
            # Table and column names come from the constant above; the text is a parameter.
            cursor.execute(
                f"SELECT id, ts_rank({vector}, {query}) AS rank FROM {table} "  # noqa: S608
                f"WHERE {vector} @@ {query} ORDER BY rank DESC, id LIMIT 20",
                [text, text],
            )
            cursor.fetchall()


def a_common_word() -> str:
    """A word of at least five letters from a commitment title in the data set (the generator's vocabulary)."""
    for title in Commitment.objects.order_by("pk").values_list("title", flat=True)[:200]:
        for word in title.split():
            if len(word) >= 5 and word.isalpha():
                return word.lower()
    return "utveckla"


def run(ctx: Context) -> list[Result]:
    if connection.vendor != "postgresql":
        ctx.log("search is measured on PostgreSQL only (SQLite has no full-text search here)")
        return []
    manager = holders(Role.MANAGER, depth=3)[0].user
    text = a_common_word()

    def searched() -> None:
        access.forget_grants(manager)  # grants are read once per request, as on the page
        dialogue_search.search(manager, text)

    floor = median_ms(lambda: bare_sql(text), ctx.repeat)
    figure = median_ms(searched, ctx.repeat)
    hits = sum(len(g.hits) for g in dialogue_search.search(manager, text))
    return [
        Result(
            "7 search for a head of an administration",
            figure,
            floor,
            target=1.5,
            notes=[f"query {text!r}; {hits} hits shown; queries {count_queries(searched)} (bare SQL: 6)"],
        )
    ]
