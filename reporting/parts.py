"""Parts of a report that other apps contribute: the financial statements and balanskrav of the ledger, the
personnel figures … Reporting imports none of those apps; each registers its parts in its `AppConfig.ready()`:

    parts.register(parts.Part("ledger.income_statement", _("Income statement"), render_income_statement, order=210))

`render(report, level)` returns the part's HTML (trusted: rendered from a template) with its headings at `level`
(2 in a board's report, 3 under a board's heading in the municipality's). A part that has nothing to show for the
report (no ledger imported for the year …) returns an empty string and is left out, heading and all.

An app may also set the report's outline (`set_outline`): a function that returns the report's blocks in order (the
sections of the report's template with their approved texts, each followed by the parts it places), or None to keep
the default, which is every registered part in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

from .models import Report

ALL_KINDS = frozenset({Report.Kind.INTERIM, Report.Kind.ANNUAL})
ALL_SCOPES = frozenset({Report.Scope.BOARD, Report.Scope.MUNICIPALITY})


@dataclass(frozen=True)
class Part:
    key: str
    title: str | Promise
    render: Callable[[Report, int], str]
    order: int = 100
    kinds: frozenset[str] = ALL_KINDS
    scopes: frozenset[str] = ALL_SCOPES

    def applies_to(self, report: Report) -> bool:
        return report.kind in self.kinds and report.scope in self.scopes


@dataclass(frozen=True)
class RenderedPart:
    """A block of the built report: a heading (`title`), an anchor for the contents and the HTML under it."""

    key: str
    title: str | Promise
    html: SafeString

    @property
    def anchor(self) -> str:
        return "part-" + self.key.replace(".", "-").replace("_", "-")


_registry: dict[str, Part] = {}
_outline: list[Callable[[Report, int], list[RenderedPart] | None]] = []


def set_outline(outline: Callable[[Report, int], list[RenderedPart] | None]) -> None:
    """Let `outline(report, level)` decide the report's blocks and their order (one outline; a second call replaces it)."""
    _outline[:] = [outline]


def register(part: Part) -> None:
    """Register (or replace, on a second `ready()`) a part under its key."""
    _registry[part.key] = part


def get(key: str) -> Part | None:
    return _registry.get(key)


def registered() -> list[Part]:
    return sorted(_registry.values(), key=lambda part: (part.order, part.key))


def parts_for(report: Report) -> list[Part]:
    return [part for part in registered() if part.applies_to(report)]


def blocks(report: Report, level: int) -> list[RenderedPart]:
    """The report's contributed blocks: the outline's, if an app set one and it has one for the report, else every
    registered part that applies, in order."""
    for outline in _outline:
        result = outline(report, level)
        if result is not None:
            return result
    return render(report, level)


def render(report: Report, level: int, keys: list[str] | None = None) -> list[RenderedPart]:
    """The parts that apply to the report (or those of `keys`, in that order), rendered; empty ones left out."""
    chosen = (
        parts_for(report)
        if keys is None
        else [p for p in (get(k) for k in keys) if p and p.applies_to(report)]
    )
    rendered = []
    for part in chosen:
        html = part.render(report, level)
        if html and html.strip():
            rendered.append(RenderedPart(part.key, part.title, mark_safe(html)))  # noqa: S308 - rendered from the app's template
    return rendered
