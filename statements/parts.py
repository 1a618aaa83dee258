"""The statements' parts of the interim and annual reports (reporting.parts): the municipality's resultaträkning,
balansräkning, kassaflödesanalys, balanskrav and god ekonomisk hushållning, and the driftredovisning and
investeringsredovisning of the municipality or of the report's board. A part is empty when no ledger is imported
for the report's year. Tables keep to four columns of tkr so that they fit an A4 portrait page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from reporting import parts
from reporting.models import Report

from . import services

MUNICIPALITY = frozenset({Report.Scope.MUNICIPALITY})


def _context(report: Report, level: int, prefix: str) -> dict:
    period = report.period
    return {
        "level": level,
        "year": period.year,
        "period": period,
        "prefix": f"{prefix}-{report.pk}",
        "this_label": services.period_label(period),
        "last_label": services.period_label(period, previous=True),
    }


def _statement(statement: str, caption):
    def render(report: Report, level: int) -> str:
        if not services.has_ledger(report.period.year):
            return ""
        table = services.compute_statements(report.period).table(statement)
        ctx = _context(report, level, statement.lower())
        ctx.update(table=table, caption=caption, table_id=f"part-{statement.lower()}-{report.pk}")
        return render_to_string("statements/partials/statement_table.html", ctx)

    return render


def _board(report: Report):
    return report.unit if report.scope == Report.Scope.BOARD else None


def render_operating(report: Report, level: int) -> str:
    if not services.has_ledger(report.period.year):
        return ""
    ctx = _context(report, level, "operating")
    ctx["operating"] = services.operating_accounts(report.period, _board(report))
    return render_to_string("statements/partials/operating.html", ctx)


def render_investments(report: Report, level: int) -> str:
    if not services.has_ledger(report.period.year):
        return ""
    ctx = _context(report, level, "investments")
    ctx.update(investments=services.investment_accounts(report.period, _board(report)), investment=True)
    return render_to_string("statements/partials/investments.html", ctx)


def render_balance_requirement(report: Report, level: int) -> str:
    if not services.has_ledger(report.period.year):
        return ""
    ctx = _context(report, level, "balance-requirement")
    ctx["requirement"] = services.balance_requirement(services.compute_statements(report.period))
    return render_to_string("statements/partials/balance_requirement.html", ctx)


def render_sound_finances(report: Report, level: int) -> str:
    if not services.has_ledger(report.period.year):
        return ""
    ctx = _context(report, level, "sound-finances")
    ctx["sound"] = services.sound_finances(services.compute_statements(report.period), report.period)
    return render_to_string("statements/partials/sound_finances.html", ctx)


def render_notes(report: Report, level: int) -> str:
    if not services.has_ledger(report.period.year):
        return ""
    found = services.notes(services.compute_statements(report.period))
    if not found:
        return ""
    ctx = _context(report, level, "notes")
    ctx["notes"] = found
    return render_to_string("statements/partials/notes.html", ctx)


def register() -> None:
    parts.register(
        parts.Part(
            "statements.income",
            _("Income statement"),
            _statement("RR", _("Income statement")),
            order=200,
            scopes=MUNICIPALITY,
        )
    )
    parts.register(
        parts.Part(
            "statements.balance",
            _("Balance sheet"),
            _statement("BR", _("Balance sheet")),
            order=210,
            scopes=MUNICIPALITY,
        )
    )
    parts.register(
        parts.Part(
            "statements.cash_flow",
            _("Cash-flow statement"),
            _statement("KF", _("Cash-flow statement")),
            order=220,
            scopes=MUNICIPALITY,
        )
    )
    parts.register(parts.Part("statements.operating", _("Operating accounts"), render_operating, order=230))
    parts.register(
        parts.Part("statements.investments", _("Investment accounts"), render_investments, order=240)
    )
    parts.register(
        parts.Part(
            "statements.balance_requirement",
            _("Balance requirement"),
            render_balance_requirement,
            order=250,
            scopes=MUNICIPALITY,
        )
    )
    parts.register(
        parts.Part(
            "statements.sound_finances",
            _("Sound financial management"),
            render_sound_finances,
            order=260,
            scopes=MUNICIPALITY,
        )
    )
    parts.register(
        parts.Part(
            "statements.notes", _("Notes to the statements"), render_notes, order=265, scopes=MUNICIPALITY
        )
    )
