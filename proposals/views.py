"""E-proposal pages: the public ones under /e-forslag/ (no account, no cookies beyond CSRF) and the moderators'
pages under /e-forslag/hantera/."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from styrmodell.lib.history import history_entries
from styrmodell.lib.paging import Key, keyset_page

from . import eid, protection, rules, services
from .forms import AnswerForm, FilterForm, ProposalForm, RefusalForm, SignatureForm
from .models import REFUSAL_RULES, Proposal, RefusalReason

PUBLIC_PAGE = "proposals"
STAFF_PAGE = "proposals"
PAGE_SIZE = 20

# The public lists by state: URL value → (statuses, heading).
STATES = {
    "insamling": ((Proposal.Status.COLLECTING,), gettext_lazy("Collecting signatures")),
    "gransen-nadd": ((Proposal.Status.THRESHOLD,), gettext_lazy("Reached the threshold")),
    "besvarade": ((Proposal.Status.ANSWERED,), gettext_lazy("Answered proposals")),
    "avslutade": ((Proposal.Status.CLOSED,), gettext_lazy("Closed proposals")),
}


def _privacy_ctx() -> dict:
    return {
        "retention_days": settings.PROPOSALS_RETENTION_DAYS,
        "link_hours": settings.PROPOSALS_LINK_HOURS,
        "eid_enabled": eid.configured(),
        "eid_minutes": eid.FLOW_SECONDS // 60,
    }


def _too_many(request: HttpRequest, template: str, ctx: dict) -> HttpResponse:
    ctx = {**ctx, "rate_limited": protection.RATE_LIMIT_MESSAGE}
    return render(request, template, ctx, status=429)


# --- public --------------------------------------------------------------------------------------------------


def proposal_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("lage", "insamling")
    if state not in STATES:
        state = "insamling"
    statuses, _heading = STATES[state]
    filters = FilterForm(request.GET or None)
    proposals = Proposal.objects.filter(status__in=statuses)
    if filters.is_valid():
        if filters.cleaned_data["namnd"]:
            proposals = proposals.filter(board=filters.cleaned_data["namnd"])
        if filters.cleaned_data["amne"]:
            proposals = proposals.filter(topic=filters.cleaned_data["amne"])
    pager = keyset_page(
        request,
        proposals.with_signature_count().select_related("board"),
        [Key("published_at", descending=True, nulls_first=True), Key("pk", descending=True)],
        proposals.count(),
        PAGE_SIZE,
    )
    rows = pager.items
    ctx = {
        "proposals": rows,
        "pager": pager,
        "filters": filters,
        "state": state,
        "states": [(key, heading) for key, (_s, heading) in STATES.items()],
        "heading": STATES[state][1],
        "page": PUBLIC_PAGE,
    }
    return render(request, "proposals/proposal_list.html", ctx)


def _public_proposal(code) -> Proposal:
    return get_object_or_404(
        Proposal.objects.public().with_signature_count().select_related("board"), code=code
    )


def _detail_ctx(proposal: Proposal, form: SignatureForm | None = None) -> dict:
    return {
        "proposal": proposal,
        "form": form or SignatureForm(),
        "signing_open": proposal.signing_open(),
        "page": PUBLIC_PAGE,
        **_privacy_ctx(),
    }


def proposal_detail(request: HttpRequest, code) -> HttpResponse:
    proposal = _public_proposal(code)
    return render(request, "proposals/proposal_detail.html", _detail_ctx(proposal))


@require_POST
def proposal_sign(request: HttpRequest, code) -> HttpResponse:
    proposal = _public_proposal(code)
    form = SignatureForm(request.POST)
    template = "proposals/proposal_detail.html"
    if protection.over_rate_limit(request, "sign"):
        return _too_many(request, template, _detail_ctx(proposal, form))
    if not proposal.signing_open():
        return render(request, template, _detail_ctx(proposal), status=409)
    if protection.is_robot(request):
        return redirect("proposals:sent")
    if not form.is_valid():
        return render(request, template, _detail_ctx(proposal, form))

    def link(token: str) -> str:
        return request.build_absolute_uri(reverse("proposals:signature-confirm", args=[token]))

    services.sign(proposal, name=form.cleaned_data["name"], email=form.cleaned_data["email"], link=link)
    return redirect(reverse("proposals:sent") + "?underskrift=1")


def proposal_create(request: HttpRequest) -> HttpResponse:
    template = "proposals/proposal_form.html"
    if request.method != "POST":
        # Coming back from a failed e-legitimation: the proposal as the citizen wrote it.
        draft = request.session.pop(eid.DRAFT_SESSION_KEY, None)
        form = ProposalForm(initial=draft if isinstance(draft, dict) else None)
        return render(request, template, {"form": form, "page": PUBLIC_PAGE, **_privacy_ctx()})
    form = ProposalForm(request.POST)
    ctx = {"form": form, "page": PUBLIC_PAGE, **_privacy_ctx()}
    if protection.over_rate_limit(request, "submit"):
        return _too_many(request, template, ctx)
    if protection.is_robot(request):
        return redirect("proposals:sent")
    if not form.is_valid():
        return render(request, template, ctx)

    def link(token: str) -> str:
        return request.build_absolute_uri(reverse("proposals:proposal-confirm", args=[token]))

    data = form.cleaned_data
    services.submit(
        board=data["board"],
        topic=data["topic"],
        title=data["title"],
        text=data["text"],
        name=data["name"],
        email=data["email"],
        link=link,
    )
    return redirect("proposals:sent")


# --- e-legitimation (proposals/eid.py) ------------------------------------------------------------------------


def _require_eid() -> None:
    if not eid.configured():
        raise Http404


def _draft(data: dict) -> dict:
    """What the proposal form holds, as plain values for the session."""
    return {
        "title": data["title"],
        "text": data["text"],
        "topic": data["topic"],
        "board": data["board"].pk,
        "name": data["name"],
        "email": data["email"],
    }


def _to_broker(request: HttpRequest, url: str) -> HttpResponse:
    """A page that sends the browser on to the broker. Not a redirect: the Content-Security-Policy's form-action
    'self' would stop a form post that is redirected to another site; a Refresh is a navigation of its own."""
    response = render(request, "proposals/eid_redirect.html", {"broker_url": url, "page": PUBLIC_PAGE})
    response["Refresh"] = f"0; url={url}"
    return response


@require_POST
def proposal_create_eid(request: HttpRequest) -> HttpResponse:
    """The proposal form's second button: the proposal waits in the session while the citizen identifies."""
    _require_eid()
    template = "proposals/proposal_form.html"
    form = ProposalForm(request.POST)
    ctx = {"form": form, "page": PUBLIC_PAGE, **_privacy_ctx()}
    if protection.over_rate_limit(request, "submit"):
        return _too_many(request, template, ctx)
    if protection.is_robot(request):
        return redirect("proposals:sent")
    if not form.is_valid():
        return render(request, template, ctx)
    try:
        url = eid.start(request, eid.SUBMIT, draft=_draft(form.cleaned_data))
    except eid.EidError as error:
        eid.log_failure(error)
        return render(request, template, {**ctx, "eid_error": error.message}, status=503)
    return _to_broker(request, url)


@require_POST
def proposal_sign_eid(request: HttpRequest, code) -> HttpResponse:
    _require_eid()
    proposal = _public_proposal(code)
    template = "proposals/proposal_detail.html"
    if protection.over_rate_limit(request, "sign"):
        return _too_many(request, template, _detail_ctx(proposal))
    if not proposal.signing_open():
        return render(request, template, _detail_ctx(proposal), status=409)
    try:
        url = eid.start(request, eid.SIGN, proposal_code=str(proposal.code))
    except eid.EidError as error:
        eid.log_failure(error)
        return render(request, template, {**_detail_ctx(proposal), "eid_error": error.message}, status=503)
    return _to_broker(request, url)


def _back_after_failure(request: HttpRequest, flow: dict | None, message) -> HttpResponse:
    """Back to where the citizen started, with the reason; a proposal they wrote is given back to them."""
    messages.error(request, message)
    if flow and flow.get("purpose") == eid.SUBMIT:
        if isinstance(flow.get("draft"), dict):
            request.session[eid.DRAFT_SESSION_KEY] = flow["draft"]
        return redirect("proposals:proposal-create")
    if flow and flow.get("proposal") and Proposal.objects.public().filter(code=flow["proposal"]).exists():
        return redirect("proposals:proposal-detail", code=flow["proposal"])
    return redirect("proposals:proposal-list")


@transaction.non_atomic_requests
def eid_callback(request: HttpRequest) -> HttpResponse:
    """Where the broker sends the citizen back. The network calls run outside any transaction; what is stored
    is written in one transaction at the end, so a failure leaves nothing half-saved."""
    _require_eid()
    flow, came_from = eid.take_flow(request)
    if flow is None:
        eid.log_failure(eid.EidError(eid.NO_FLOW, "unknown state"))
        return _back_after_failure(request, came_from, eid.NO_FLOW)
    try:
        sub = eid.identify(request, flow)
    except eid.EidError as error:
        eid.log_failure(error)
        return _back_after_failure(request, flow, error.message)
    if flow["purpose"] == eid.SUBMIT:
        return _submit_identified(request, flow)
    return _sign_identified(request, flow, sub)


def _sign_identified(request: HttpRequest, flow: dict, sub: str) -> HttpResponse:
    proposal = Proposal.objects.public().filter(code=flow["proposal"]).first()
    if proposal is None:
        return _back_after_failure(request, flow, eid.FAILED)
    try:
        with transaction.atomic():
            services.sign_verified(proposal, eid.identity_hash(sub, str(proposal.code)))
    except services.AlreadySigned:
        messages.info(
            request, _("You have already signed this proposal. Each person's signature counts once.")
        )
    except services.SigningClosed:
        messages.error(request, _("The proposal no longer collects signatures. Nothing was saved."))
    else:
        messages.success(request, _("Thank you! Your signature is counted."))
    return redirect("proposals:proposal-detail", code=proposal.code)


def _submit_identified(request: HttpRequest, flow: dict) -> HttpResponse:
    form = ProposalForm(flow.get("draft") or {})
    if not form.is_valid():  # e.g. the board was closed meanwhile: the citizen sees the form and the reason
        return _back_after_failure(
            request, flow, _("Please check the proposal and send it again. Nothing was saved.")
        )
    data = form.cleaned_data
    with transaction.atomic():
        services.submit_verified(
            board=data["board"],
            topic=data["topic"],
            title=data["title"],
            text=data["text"],
            name=data["name"],
            email=data["email"],
        )
    return redirect(reverse("proposals:sent") + "?e-legitimation=1")


def sent(request: HttpRequest) -> HttpResponse:
    ctx = {
        "signature": "underskrift" in request.GET,
        "eid": "e-legitimation" in request.GET,
        "page": PUBLIC_PAGE,
        **_privacy_ctx(),
    }
    return render(request, "proposals/sent.html", ctx)


def proposal_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links; only a person's POST confirms)."""
    template = "proposals/confirm.html"
    ctx = {"kind": "proposal", "page": PUBLIC_PAGE}
    if request.method == "POST":
        if protection.over_rate_limit(request, "confirm"):
            return _too_many(request, template, {**ctx, "valid": True})
        proposal = services.confirm_proposal(token)
        return render(
            request,
            template,
            {**ctx, "done": proposal is not None, "valid": proposal is not None},
            status=200 if proposal else 410,
        )
    valid = services.proposal_for_token(token) is not None
    return render(request, template, {**ctx, "valid": valid}, status=200 if valid else 410)


def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    template = "proposals/confirm.html"
    ctx = {"kind": "signature", "page": PUBLIC_PAGE}
    if request.method == "POST":
        if protection.over_rate_limit(request, "confirm"):
            return _too_many(request, template, {**ctx, "valid": True})
        signature = services.confirm_signature(token)
        if signature is None:
            return render(request, template, {**ctx, "valid": False}, status=410)
        return render(request, template, {**ctx, "done": True, "valid": True, "proposal": signature.proposal})
    signature = services.signature_for_token(token)
    valid = signature is not None and signature.proposal.signing_open()
    ctx["proposal"] = signature.proposal if valid else None
    return render(request, template, {**ctx, "valid": valid}, status=200 if valid else 410)


def rules_page(request: HttpRequest) -> HttpResponse:
    ctx = {
        "rules": [(reason.label, REFUSAL_RULES[reason]) for reason in RefusalReason],
        "threshold": settings.PROPOSALS_THRESHOLD,
        "signing_days": settings.PROPOSALS_SIGNING_DAYS,
        "page": PUBLIC_PAGE,
        **_privacy_ctx(),
    }
    return render(request, "proposals/rules.html", ctx)


# --- moderators ----------------------------------------------------------------------------------------------

# The staff list's tabs: URL value → (statuses, heading).
QUEUES = {
    "granska": ((Proposal.Status.PENDING,), gettext_lazy("Awaiting moderation")),
    "besvara": ((Proposal.Status.THRESHOLD,), gettext_lazy("To answer")),
    "insamling": ((Proposal.Status.COLLECTING,), gettext_lazy("Collecting signatures")),
    "avslutade": (
        (Proposal.Status.ANSWERED, Proposal.Status.CLOSED, Proposal.Status.REFUSED),
        gettext_lazy("Answered, closed or refused"),
    ),
}


@login_required
def moderation_list(request: HttpRequest) -> HttpResponse:
    rules.require_moderator(request)
    queue = request.GET.get("visa", "granska")
    if queue not in QUEUES:
        queue = "granska"
    visible = rules.proposals_moderated_by(request.user)
    proposals = visible.filter(status__in=QUEUES[queue][0])
    pager = keyset_page(
        request,
        proposals.with_signature_count().select_related("board"),
        [Key("created_at", descending=True), Key("pk", descending=True)],
        proposals.count(),
        PAGE_SIZE,
    )
    rows = pager.items
    ctx = {
        "proposals": rows,
        "pager": pager,
        "queue": queue,
        "queues": [(key, heading) for key, (_s, heading) in QUEUES.items()],
        "heading": QUEUES[queue][1],
        "page": STAFF_PAGE,
    }
    return render(request, "proposals/moderation_list.html", ctx)


def _moderation_ctx(request: HttpRequest, proposal: Proposal, **forms) -> dict:
    count = proposal.signatures.filter(verified_at__isnull=False).count()
    ctx = {
        "proposal": proposal,
        "signature_count": count,
        "can_publish": proposal.status == Proposal.Status.PENDING,
        "can_answer": proposal.status == Proposal.Status.THRESHOLD,
        "refusal_form": forms.get("refusal_form") or RefusalForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(instance=proposal),
        "history": history_entries(proposal),
        "page": STAFF_PAGE,
    }
    ctx["answer_ready"] = bool(proposal.answer and proposal.decision_date and proposal.decision)
    return ctx


@login_required
def moderation_detail(request: HttpRequest, code) -> HttpResponse:
    proposal = rules.get_proposal_for_moderator(request, code)
    return render(request, "proposals/moderation_detail.html", _moderation_ctx(request, proposal))


@login_required
@require_POST
def proposal_publish(request: HttpRequest, code) -> HttpResponse:
    proposal = rules.get_proposal_for_moderator(request, code)
    try:
        services.publish(proposal)
    except services.WrongState:
        messages.error(request, _("The proposal is no longer awaiting moderation."))
        return redirect("proposals:moderation-detail", code=proposal.code)
    messages.success(request, _("The proposal is published and collects signatures."))
    return redirect("proposals:moderation-detail", code=proposal.code)


@login_required
@require_POST
def proposal_refuse(request: HttpRequest, code) -> HttpResponse:
    proposal = rules.get_proposal_for_moderator(request, code)
    form = RefusalForm(request.POST)
    if not form.is_valid():
        ctx = _moderation_ctx(request, proposal, refusal_form=form)
        return render(request, "proposals/moderation_detail.html", ctx)
    try:
        services.refuse(proposal, form.cleaned_data["reason"], form.cleaned_data["comment"])
    except services.WrongState:
        messages.error(request, _("The proposal is no longer awaiting moderation."))
        return redirect("proposals:moderation-detail", code=proposal.code)
    messages.success(request, _("The proposal is refused and the submitter has been told why by e-mail."))
    return redirect("proposals:moderation-detail", code=proposal.code)


@login_required
@require_POST
def answer_update(request: HttpRequest, code) -> HttpResponse:
    proposal = rules.get_proposal_for_moderator(request, code)
    if proposal.status != Proposal.Status.THRESHOLD:
        messages.error(
            request,
            _("Only a proposal that has reached its threshold and is not yet answered gets an answer."),
        )
        return redirect("proposals:moderation-detail", code=proposal.code)
    form = AnswerForm(request.POST, instance=proposal)
    if not form.is_valid():
        ctx = _moderation_ctx(request, proposal, answer_form=form)
        return render(request, "proposals/moderation_detail.html", ctx)
    form.save(commit=False)
    proposal.save(update_fields=AnswerForm.Meta.fields)
    messages.success(request, _("The answer is saved. It is shown to the public once you publish it."))
    return redirect("proposals:moderation-detail", code=proposal.code)


@login_required
@require_POST
def answer_publish(request: HttpRequest, code) -> HttpResponse:
    proposal = rules.get_proposal_for_moderator(request, code)
    try:
        services.publish_answer(proposal)
    except services.WrongState:
        messages.error(
            request, _("Save the answer, the date of decision, the paragraph and the decision first.")
        )
        return redirect("proposals:moderation-detail", code=proposal.code)
    messages.success(request, _("The answer and the decision are published on the proposal's page."))
    return redirect("proposals:moderation-detail", code=proposal.code)
