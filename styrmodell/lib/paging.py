"""Paging of long lists: keyset paging with the total already known (counted in SQL with the page's other figures).

Django's `Paginator` counts its list itself and reaches a page with OFFSET, which reads and throws away every row
before it: the last page of the largest administration's commitments cost ten times the first (BENCHMARKS.md).
Here a page is found from the row it follows (`?efter=`) or precedes (`?fore=`): the values of its ordering
columns, so every page is "the first `size` rows beyond this row" and costs what the first page does. The last
page is the first page of the list read backwards. The page number travels in `?sida=` for the "Page 3 of 9"
line; a bare `?sida=N` from an old bookmark still works (by OFFSET, the one case that pays for it), and a number
past the end, a cursor of a row that no longer exists or a malformed parameter lands on the nearest page that
exists, never an error."""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json
import uuid
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.http import HttpRequest

PAGE_PARAM = "sida"
AFTER_PARAM = "efter"
BEFORE_PARAM = "fore"
PAGE_SIZE = 50


@dataclass(frozen=True)
class Key:
    """One column of a list's order. The last key must be unique (the primary key) so the order is total."""

    name: str
    descending: bool = False
    nulls_first: bool = False  # a nullable column whose NULLs come first in the ascending order

    def expression(self, backwards: bool = False):
        descending = self.descending != backwards
        expression = F(self.name).desc if descending else F(self.name).asc
        if self.nulls_first:
            # NULLs lead the list read forwards and trail it read backwards.
            return expression(nulls_last=True) if backwards else expression(nulls_first=True)
        return expression()


def order_by(keys: list[Key], backwards: bool = False) -> list:
    return [key.expression(backwards) for key in keys]


def _later(key: Key, value, forward: bool) -> Q:
    """Rows that come strictly after (`forward`) or before the value in the list's order, on this key alone."""
    lookup = f"{key.name}__gt" if forward != key.descending else f"{key.name}__lt"
    if key.nulls_first:
        if forward:  # after a NULL: every non-NULL; after a value: the values beyond it (NULLs came before)
            return Q(**{f"{key.name}__isnull": False}) if value is None else Q(**{lookup: value})
        if value is None:  # nothing comes before the first NULLs
            return Q(pk__in=[])
        return Q(**{lookup: value}) | Q(**{f"{key.name}__isnull": True})
    return Q(**{lookup: value})


def _same(key: Key, value) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


def beyond(keys: list[Key], values: list, forward: bool = True) -> Q:
    """The rows after (or before) the row with these ordering values: (a > x) or (a = x and (b > y or …))."""
    condition = None
    for key, value in reversed(list(zip(keys, values, strict=True))):
        later = _later(key, value, forward)
        condition = later if condition is None else later | (_same(key, value) & condition)
    return condition


def _plain(value):
    if isinstance(value, datetime.date | uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def encode(keys: list[Key], row) -> str:
    values = [_plain(getattr(row, key.name)) for key in keys]
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(keys: list[Key], text: str) -> list | None:
    """The ordering values of a cursor, or None for anything malformed (a hand-edited or truncated link)."""
    if not text or len(text) > 2000:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    if not all(v is None or isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        return None
    if values[-1] is None:  # the unique last key is never NULL
        return None
    return values


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, where it lies in the list and the cursors of its neighbours."""

    number: int
    size: int
    total: int
    items: list = field(default_factory=list)
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def num_pages(self) -> int:
        return _num_pages(self.total, self.size)

    @property
    def start_index(self) -> int:
        """1-based index of the first item shown (0 for an empty list)."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.items) if self.items else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def is_paged(self) -> bool:
        return self.num_pages > 1

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _num_pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


def _number(request: HttpRequest, last: int) -> int:
    raw = request.GET.get(PAGE_PARAM, "")
    number = int(raw) if raw.isdigit() and len(raw) < 10 else 1
    return min(max(number, 1), last)


def keyset_page(
    request: HttpRequest, items: QuerySet, keys: list[Key], total: int, size: int = PAGE_SIZE
) -> Page:
    """The requested page of `items` (a queryset without order) in the order of `keys`, `total` rows in all."""
    last = _num_pages(total, size)
    number = _number(request, last)
    forwards = items.order_by(*order_by(keys))
    backwards = items.order_by(*order_by(keys, backwards=True))
    after = decode(keys, request.GET.get(AFTER_PARAM, ""))
    before = decode(keys, request.GET.get(BEFORE_PARAM, ""))
    rows: list = []
    if after is not None and number > 1:
        rows = list(forwards.filter(beyond(keys, after, forward=True))[:size])
        if not rows:  # the rows after the cursor are gone: the list's last page
            number = last
    elif before is not None and number < last:
        rows = list(backwards.filter(beyond(keys, before, forward=False))[:size])[::-1]
        if len(rows) < size:  # fewer rows before the cursor than a page: the list's first page
            rows, number = [], 1
    if not rows:
        if number == 1:
            rows = list(forwards[:size])
        elif number == last:
            rows = list(backwards[: total - (last - 1) * size])[::-1]
        else:  # a page number without a cursor (an old bookmark): OFFSET, once
            rows = list(forwards[(number - 1) * size : number * size])
    return Page(
        number=number,
        size=size,
        total=total,
        items=rows,
        next_cursor=encode(keys, rows[-1]) if rows else "",
        previous_cursor=encode(keys, rows[0]) if rows else "",
    )
