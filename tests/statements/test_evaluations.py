"""Balanskrav arithmetic and the evaluation of god ekonomisk hushållning."""

from __future__ import annotations

from decimal import Decimal

from goals.models import Direction, Goal, GoalAssessment
from statements import services
from statements.models import BalanceRequirement, Comparator, FinancialTarget, Metric, SoundFinances


def test_the_balance_requirement_result_adds_up_the_adjustments(world, ledger) -> None:
    BalanceRequirement.objects.create(
        year=world.year,
        realisation_gains=Decimal("30000"),
        realisation_losses_exempt=Decimal("5000"),
        unrealised_securities=Decimal("-2000"),
        reserve_to=Decimal("20000"),
        reserve_from=Decimal("7000"),
        earlier_deficits=Decimal("60000"),
    )
    result = services.balance_requirement(services.compute_statements(world.periods["ye"]))
    assert result.year_result == 90_000
    assert result.adjusted_result == 90_000 - 30_000 + 5_000 - 2_000
    assert result.balance_result == 63_000 - 20_000 + 7_000 == 50_000
    assert result.is_met
    assert result.remaining_deficits == 10_000


def test_a_negative_balance_requirement_result_is_not_met_and_adds_to_the_deficits(world, ledger) -> None:
    BalanceRequirement.objects.create(
        year=world.year, realisation_gains=Decimal("100000"), earlier_deficits=Decimal("5000")
    )
    result = services.balance_requirement(services.compute_statements(world.periods["ye"]))
    assert result.balance_result == -10_000
    assert not result.is_met
    assert result.remaining_deficits == 15_000


def test_without_adjustments_the_balance_requirement_result_is_the_year_result(world, ledger) -> None:
    result = services.balance_requirement(services.compute_statements(world.periods["ye"]))
    assert result.balance_result == 90_000 and result.is_met


def test_the_key_figures(world, ledger) -> None:
    statements = services.compute_statements(world.periods["ye"])
    values = services.metric_values(statements, Decimal("400000"))
    # 90 / (1 500 + 400) = 4.7 %; equity 790 / assets 1 800 = 43.9 %; (790 − 400) / 1 800 = 21.7 %;
    # (90 + 100) / 150 = 126.7 %.
    assert values[Metric.RESULT_SHARE] == Decimal("4.7")
    assert values[Metric.SOLIDITY] == Decimal("43.9")
    assert values[Metric.SOLIDITY_WITH_PENSIONS] == Decimal("21.7")
    assert values[Metric.SELF_FINANCING] == Decimal("126.7")
    assert services.metric_values(statements, None)[Metric.SOLIDITY_WITH_PENSIONS] is None


def _goals(world, verdicts: list[str]) -> None:
    direction = Direction.objects.create(
        vision=_vision(), title="En hållbar ekonomi", valid_from=2026, valid_to=2026
    )
    for i, verdict in enumerate(verdicts):
        goal = Goal.objects.create(
            board=world.unit("bun"),
            year=world.year,
            direction=direction,
            title=f"Mål {i}",
            status=Goal.Status.ADOPTED,
        )
        GoalAssessment.objects.create(goal=goal, period=world.periods["ye"], verdict=verdict)


def _vision():
    from goals.models import Vision

    return Vision.objects.create(title="Vision 2030", valid_from=2026, valid_to=2030)


V = GoalAssessment.Verdict


def test_sound_finances_with_every_target_met_and_most_goals_fulfilled(world, ledger) -> None:
    _goals(world, [V.FULFILLED, V.PARTLY, V.NOT_FULFILLED])
    result = services.sound_finances(services.compute_statements(world.periods["ye"]), world.periods["ye"])
    assert result.default_targets
    assert [t.is_met for t in result.targets] == [True, True, True]
    assert [(d.title, d.fulfilled, d.partly, d.not_fulfilled) for d in result.directions] == [
        ("En hållbar ekonomi", 1, 1, 1)
    ]
    assert result.is_met


def test_sound_finances_fails_on_one_target_or_too_few_goals(world, ledger) -> None:
    _goals(world, [V.FULFILLED, V.NOT_FULFILLED])
    period = world.periods["ye"]
    statements = services.compute_statements(period)
    result = services.sound_finances(statements, period)
    assert result.financial_met and not result.operational_met and not result.is_met
    FinancialTarget.objects.create(
        year=world.year, metric=Metric.RESULT_SHARE, comparator=Comparator.AT_LEAST, target=Decimal("5")
    )
    result = services.sound_finances(statements, period)
    assert not result.default_targets
    assert [t.is_met for t in result.targets] == [False]
    # A target on a figure that cannot be computed (no pension obligations entered) is not met.
    FinancialTarget.objects.all().delete()
    FinancialTarget.objects.create(
        year=world.year,
        metric=Metric.SOLIDITY_WITH_PENSIONS,
        comparator=Comparator.AT_LEAST,
        target=Decimal("0"),
    )
    assert not services.sound_finances(statements, period).financial_met
    SoundFinances.objects.create(year=world.year, pension_obligations=Decimal("100000"))
    assert services.sound_finances(statements, period).financial_met
