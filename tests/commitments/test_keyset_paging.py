"""The unit view pages by keyset: walking forward with "Nästa sida" and back with "Föregående sida" shows every
commitment exactly once and in order, the last page costs the same number of queries as the first, and a stale or
hand-edited link lands on a page that exists."""

from __future__ import annotations

import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import make_commitment, make_employee_commitment


def _link(body: str, name: str) -> str | None:
    match = re.search(r'<a href="([^"]*)"[^>]*>' + re.escape(name) + "</a>", body)
    return unescape(match.group(1)) if match else None


def _pages(client, url: str, name: str) -> list:
    """The pages met by following the link called `name` from `url` until it is gone."""
    pages = []
    path = url
    while path:
        response = client.get(path if path.startswith("/") else url.split("?")[0] + path)
        assert response.status_code == 200
        pages.append(response)
        path = _link(response.content.decode(), name)
    return pages


def _grow(cworld, n: int) -> None:
    school = cworld.unit("school_a")
    for i in range(n):
        c = make_commitment(school, cworld.year, f"Åtagande {i % 7}", responsible=cworld.users["manager"])
        if i % 3 == 0:
            make_employee_commitment(c, cworld.users["employee"], f"Del {i}")


def test_it_walks_every_page_forward_and_back_showing_each_commitment_once_in_order(client, cworld):
    _grow(cworld, 130)
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:unit-commitments", args=[cworld.units["school_a"].code])
    url += f"?period={cworld.periods['t2'].pk}"
    first = client.get(url)
    total = first.context["total"]
    forward = _pages(client, url, "Nästa sida")
    shown = [row.commitment.pk for page in forward for row in page.context["rows"]]
    assert len(shown) == len(set(shown)) == total > 150
    assert [p.context["pager"].number for p in forward] == list(range(1, len(forward) + 1))
    assert f"Sida {len(forward)} av {len(forward)}" in forward[-1].content.decode()
    # Back from the last page by "Föregående sida" meets the same pages in reverse.
    last_url = _link(first.content.decode(), "Sista sidan")
    backward = _pages(client, url.split("?")[0] + last_url, "Föregående sida")
    assert [[r.commitment.pk for r in p.context["rows"]] for p in reversed(backward)] == [
        [r.commitment.pk for r in p.context["rows"]] for p in forward
    ]


def test_the_last_page_costs_what_the_first_does(client, cworld):
    _grow(cworld, 130)
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:unit-commitments", args=[cworld.units["school_a"].code])
    url += f"?period={cworld.periods['t2'].pk}"
    counts = []
    for target in [url, url + "&sida=999"]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(target)
        counts.append(len(ctx.captured_queries))
        sql = " ".join(q["sql"] for q in ctx.captured_queries)
        assert "OFFSET" not in sql.upper()
    assert counts[0] == counts[1]
    assert response.context["pager"].number == response.context["pager"].num_pages > 2


def test_a_stale_or_malformed_cursor_lands_on_a_page_that_exists(client, cworld):
    _grow(cworld, 60)
    client.force_login(cworld.users["manager"])
    url = reverse("commitments:unit-commitments", args=[cworld.units["school_a"].code])
    url += f"?period={cworld.periods['t2'].pk}"
    for junk in [
        "efter=%%%",
        "efter=W10",
        "fore=bm90IGpzb24",
        "efter=WzEsMiwzXQ",
        "sida=2&efter=WyJ6eiIsbnVsbF0",
    ]:
        response = client.get(f"{url}&{junk}")
        assert response.status_code == 200 and response.context["rows"]
    # A cursor beyond the end of the list (the rows after it were removed) shows the last page.
    last = client.get(url + "&sida=999").context["pager"]
    stale = client.get(url + "&sida=2&efter=" + last.next_cursor)
    assert stale.context["pager"].number == last.number and stale.context["rows"]
