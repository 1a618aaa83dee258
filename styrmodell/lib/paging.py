"""Paging of long lists whose total is already known (counted in SQL with the page's other figures).

Django's `Paginator` counts its list itself; pages that already count by status in one grouped query would pay
for the same count twice, so they use `Page` with the total they have. The page number comes from `?sida=`."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

PAGE_PARAM = "sida"
PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    total: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def start_index(self) -> int:
        """1-based index of the first item shown (0 for an empty list)."""
        return self.offset + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.offset + self.size, self.total)

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

    def slice(self, items):
        """The items of this page from a queryset (an OFFSET/LIMIT) or a list."""
        return items[self.offset : self.offset + self.size]


def page_from(request: HttpRequest, total: int, size: int = PAGE_SIZE) -> Page:
    """The requested page of a list of `total` items; a missing, malformed or too large number gives the nearest
    page that exists, never an error (a bookmarked page 12 of a list that has shrunk shows its last page)."""
    raw = request.GET.get(PAGE_PARAM, "")
    number = int(raw) if raw.isdigit() else 1
    last = max(1, -(-total // size))
    return Page(number=min(max(number, 1), last), size=size, total=total)
