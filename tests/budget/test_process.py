"""The budget process from end to end: a board's request, the preparation's decision, the plan's frames, its
adoption and archive (immutable), and the working budget that must add up to the adopted frame."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budget.models import (
    ArchivedPlan,
    BudgetRequest,
    ImmutableError,
    PlanFrame,
    StrategyPlan,
    WorkingBudgetLine,
)
from goals.models import Direction, Vision

from .conftest import make_directive, make_request


def test_a_request_is_filed_decided_planned_adopted_and_divided(client, budget_world):
    w = budget_world
    make_directive(w)
    bun = w.unit("bun")
    vision = Vision.objects.create(title="Vision 2030", valid_from=2020, valid_to=2030)
    Direction.objects.create(vision=vision, title="Ett livslångt lärande", valid_from=2027, valid_to=2029)
    Direction.objects.create(vision=vision, title="Gammal inriktning", valid_from=2023, valid_to=2025)

    # The board's secretary files a request and submits it.
    client.force_login(w.users["secretary"])
    response = client.post(
        reverse("budget:request-create", args=[2026, bun.code]),
        {
            "title": "Fler speciallärare",
            "amount": "2 400,5",
            "justification": "Fler elever",
            "goal": "",
            "direction": "",
        },
    )
    assert response.status_code == 302
    req = BudgetRequest.objects.get(title="Fler speciallärare")
    assert req.amount == Decimal("2400.5") and req.status == BudgetRequest.Status.DRAFT
    assert client.post(reverse("budget:request-submit", args=[req.code])).status_code == 302
    req.refresh_from_db()
    assert req.is_submitted and req.submitted_at

    # A member of KS (the budget preparation) approves part of it.
    client.force_login(w.users["ks_member"])
    page = client.get(reverse("budget:preparation", args=[2026])).content.decode()
    assert "Fler speciallärare" in page and "400\xa0000" in page
    url = reverse("budget:request-decide", args=[req.code])
    bad = client.post(url, {"decision": "partly", "approved_amount": "5000", "decision_comment": ""})
    assert bad.status_code == 422
    assert "Ett delvis beviljat belopp ligger mellan noll" in bad.content.decode()
    response = client.post(
        url, {"decision": "partly", "approved_amount": "1000", "decision_comment": "Två tjänster"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.decision == BudgetRequest.Decision.PARTLY and req.approved_amount == Decimal("1000")
    assert req.decided_by == w.users["ks_member"]

    # The plan starts from the directive plus what was approved; the preparation adjusts SN's frame.
    assert client.post(reverse("budget:plan-create", args=[2026])).status_code == 302
    plan = StrategyPlan.objects.get(year=w.year)
    frame = PlanFrame.objects.get(plan=plan, board=bun)
    assert (frame.directive_amount, frame.approved_amount, frame.amount) == (
        Decimal("400000"),
        Decimal("1000"),
        Decimal("401000"),
    )
    frames = {f.board.short_name: f for f in plan.frames.select_related("board")}
    data = {"introduction": "Planen för 2027–2029."}
    data.update({f"frame_{f.pk}": str(f.amount) for f in frames.values()})
    data[f"frame_{frames['SN'].pk}"] = "381500"
    assert client.post(reverse("budget:plan-update", args=[2026]), data).status_code == 302
    assert PlanFrame.objects.get(pk=frames["SN"].pk).amount == Decimal("381500")
    page = client.get(reverse("budget:plan-detail", args=[2026])).content.decode()
    assert "Ett livslångt lärande" in page and "Gammal inriktning" not in page

    # Adoption archives the plan as PDF and HTML with a checksum.
    response = client.post(
        reverse("budget:plan-adopt", args=[2026]),
        {"decision_date": "2026-06-12", "decision_paragraph": "§ 61"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_adopted and plan.decision_paragraph == "§ 61"
    archived = ArchivedPlan.objects.get(plan=plan)
    assert archived.verify()
    assert "Ett livslångt lärande" in archived.html and "401\xa0000" in archived.html

    # Nothing about the adopted plan changes afterwards: the server refuses with a Swedish message.
    for url, payload in [
        (reverse("budget:plan-update", args=[2026]), data),
        (reverse("budget:plan-refresh", args=[2026]), {}),
        (
            reverse("budget:plan-adopt", args=[2026]),
            {"decision_date": "2026-06-13", "decision_paragraph": "§ 1"},
        ),
        (reverse("budget:request-decide", args=[req.code]), {"decision": "refused", "decision_comment": ""}),
    ]:
        response = client.post(url, payload)
        assert response.status_code == 403, url
        assert "Budget- och strategiplanen är antagen och arkiverad" in response.content.decode()
    assert PlanFrame.objects.get(pk=frames["SN"].pk).amount == Decimal("381500")
    req.refresh_from_db()
    assert req.decision == BudgetRequest.Decision.PARTLY
    with pytest.raises(ImmutableError):
        archived.save()
    with pytest.raises(ImmutableError):
        archived.delete()
    client.force_login(w.users["secretary"])
    refused = client.post(reverse("budget:request-withdraw", args=[req.code]))
    assert refused.status_code == 403

    # The working budget divides BUN's adopted frame; it must add up.
    units = {k: w.unit(k) for k in ("buf", "schools", "school_a", "school_b", "team_a1")}
    url = reverse("budget:working-budget", args=[2026, bun.code])
    wrong = client.post(
        url, {f"unit_{units['school_a'].pk}": "200000", f"unit_{units['school_b'].pk}": "200000"}
    )
    assert wrong.status_code == 422
    assert (
        "Beloppen blir tillsammans 400" in wrong.content.decode()
        and "Ingenting sparades" in wrong.content.decode()
    )
    assert not WorkingBudgetLine.objects.exists()
    right = client.post(
        url,
        {
            f"unit_{units['buf'].pk}": "1000",
            f"unit_{units['school_a'].pk}": "200000",
            f"unit_{units['school_b'].pk}": "200000",
        },
    )
    assert right.status_code == 302
    assert sum(WorkingBudgetLine.objects.filter(board=bun).values_list("amount", flat=True)) == Decimal(
        "401000"
    )

    # The archived PDF is a tagged PDF with the plan's text.
    pdf = client.get(reverse("budget:plan-pdf", args=[2026]))
    data = b"".join(pdf.streaming_content)
    assert data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Budget- och strategiplan 2027–2029" in text
    assert "Ett livslångt lärande" in text
    assert "Barn- och utbildningsnämnden" in " ".join(text.split()), text


def test_a_working_budget_needs_an_adopted_plan(client, budget_world):
    w = budget_world
    make_directive(w)
    client.force_login(w.users["controller"])
    bun = w.unit("bun")
    response = client.post(
        reverse("budget:working-budget", args=[2026, bun.code]), {f"unit_{w.unit('school_a').pk}": "400000"}
    )
    assert response.status_code == 422
    assert "Budget- och strategiplanen är inte antagen ännu" in response.content.decode()
    assert not WorkingBudgetLine.objects.exists()


def test_a_partly_approved_request_needs_an_amount_and_drafts_are_not_decided(client, budget_world):
    w = budget_world
    req = make_request(w, submitted=False)
    client.force_login(w.users["council"])
    assert client.get(reverse("budget:request-decide", args=[req.code])).status_code == 404
    req = make_request(w, amount="-500", title="Besparing")
    response = client.post(
        reverse("budget:request-decide", args=[req.code]), {"decision": "partly", "approved_amount": ""}
    )
    assert response.status_code == 422
    assert "Ange det beviljade beloppet." in response.content.decode()
    response = client.post(
        reverse("budget:request-decide", args=[req.code]), {"decision": "partly", "approved_amount": "-200"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.granted == Decimal("-200")


@pytest.mark.parametrize("amount", ["0", "10000001", "-10000001", "abc", "1,25"])
def test_a_request_amount_outside_sane_limits_is_refused_beside_the_field(client, budget_world, amount):
    w = budget_world
    client.force_login(w.users["board_member"])
    response = client.post(
        reverse("budget:request-create", args=[2026, w.unit("bun").code]),
        {"title": "X", "amount": amount, "justification": "Y", "goal": "", "direction": ""},
    )
    assert response.status_code == 422
    assert 'id="id_amount_error"' in response.content.decode()
    assert not BudgetRequest.objects.exists()


def test_a_closed_year_is_read_only(client, budget_world):
    w = budget_world
    req = make_request(w, submitted=False)
    w.year.is_closed = True
    w.year.save(update_fields=["is_closed"])
    client.force_login(w.users["secretary"])
    response = client.post(reverse("budget:request-submit", args=[req.code]))
    assert response.status_code == 403
    assert "Året är stängt" in response.content.decode()
    req.refresh_from_db()
    assert not req.is_submitted
